"""Rules of community group filing (民政部关于大力培育发展社区社会组织的意见, 民发〔2017〕191号)."""

import datetime

import pytest

from registry.rules.community import (
    filing_number,
    group_name_errors,
    guiding_unit_errors,
    member_count_errors,
    normalize_group_name,
    report_year_due,
    responsible_person_errors,
)


@pytest.mark.parametrize(
    "name",
    [
        "古美路街道夕阳红舞蹈队",
        "梅陇镇邻里互助服务队",
        "莘庄镇书画社",
        "古美一村睦邻协会",
        "江川路街道银发合唱团",
        "七宝镇爱心驿站",
    ],
)
def test_names_of_community_groups_end_in_a_group_form(name):
    assert group_name_errors(name) == []


def test_a_name_without_a_group_form_is_refused_and_says_which_forms_fit():
    errors = group_name_errors("古美路街道跳舞的人们")
    assert len(errors) == 1 and "队" in errors[0] and "服务队" in errors[0]


@pytest.mark.parametrize(
    "name,word", [("古美社区关爱基金会", "基金会"), ("古美社区文化研究院", "研究院"), ("梅陇社区服务中心站", "中心")]
)
def test_legal_person_forms_are_refused(name, word):
    errors = group_name_errors(name)
    assert any(word in error and "法人" in error for error in errors)


def test_words_implying_authority_are_refused():
    assert any("国际" in e for e in group_name_errors("古美国际舞蹈队"))


def test_letters_and_spaces_are_refused_but_inner_spaces_are_dropped_first():
    assert group_name_errors("古美 ABC 舞蹈队")
    assert normalize_group_name(" 古美 舞蹈队 ") == "古美舞蹈队"
    assert group_name_errors("") == ["请填写名称。"]


def test_too_short_a_name_is_refused():
    assert any("4" in e for e in group_name_errors("舞蹈队"))


def test_members_at_least_the_local_minimum():
    assert member_count_errors(10, minimum=10) == []
    assert member_count_errors(9, minimum=10) and "10" in member_count_errors(9, minimum=10)[0]
    assert member_count_errors(None, minimum=10)
    assert member_count_errors(5, minimum=5) == []


def test_responsible_person_name_and_id_are_checked():
    assert responsible_person_errors("王芳", "110101199003070011") == {}
    errors = responsible_person_errors("王芳1", "110101199003070012")
    assert set(errors) == {"responsible_name", "responsible_id_number"}
    assert "校验码" in errors["responsible_id_number"][0]


def test_guiding_unit_committee_is_named_with_its_form():
    assert guiding_unit_errors(kind="residents", unit_name="古美一村居民委员会", has_hub=False) == {}
    assert guiding_unit_errors(kind="villagers", unit_name="革新村村委会", has_hub=False) == {}
    assert "guiding_unit_name" in guiding_unit_errors(kind="residents", unit_name="古美一村", has_hub=False)
    assert "guiding_unit_name" in guiding_unit_errors(kind="villagers", unit_name="", has_hub=False)
    assert "guiding_unit_name" in guiding_unit_errors(kind="villagers", unit_name="古美一村居委会", has_hub=False)


def test_a_hub_must_be_chosen_when_the_guiding_unit_is_a_hub():
    assert guiding_unit_errors(kind="hub", unit_name="", has_hub=True) == {}
    assert "hub" in guiding_unit_errors(kind="hub", unit_name="", has_hub=False)
    assert "guiding_kind" in guiding_unit_errors(kind="", unit_name="", has_hub=False)


def test_filing_number_is_street_code_year_and_serial():
    assert filing_number("310112008", 2026, 7) == "社备31011200820260007"


def test_report_year_due_is_last_year_once_filed_before_it():
    today = datetime.date(2026, 3, 1)
    assert report_year_due(filed_on=datetime.date(2025, 11, 1), today=today) == 2025
    assert report_year_due(filed_on=datetime.date(2026, 1, 5), today=today) is None
