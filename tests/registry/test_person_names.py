"""Names of people as the register records and prints them: Han characters, letters, "·" and spaces only."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from registry.models import Complaint
from registry.rules.person_names import normalize_person_name, person_name_errors
from registry.services.complaints import complaint_submit
from registry.services.register_import import register_import
from tests.registry.test_register_import import ID_NUMBER, ORG_HEADERS, VOLUNTEERS, org_row

SCRIPT = "<script>alert(document.cookie)</script>"
CHARACTERS = "姓名只能由汉字、字母、间隔号“·”和空格组成，不能含有“%s”。"


@pytest.mark.parametrize(
    "name",
    ["张伟", "欧阳娜娜", "阿依古丽·买买提", "爱新觉罗·启星", "Zhang Wei", "玉素甫·阿不都热合曼·艾则孜", "Ma Li·Li"],
)
def test_names_as_on_the_identity_card_are_accepted(name):
    assert person_name_errors(name) == []


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        (SCRIPT, "<>(.)/"),
        ("张伟<img src=x onerror=alert(1)>", "<=(1)>"),
        ("=HYPERLINK(1)", "=(1)"),
        ("张伟2", "2"),
        ("张伟；王芳", "；"),
        ("张&伟", "&"),
    ],
)
def test_markup_digits_and_punctuation_are_refused_and_named(name, refused):
    errors = person_name_errors(name)
    assert errors[0] == CHARACTERS % refused


@pytest.mark.parametrize("name", ["·张伟", "阿依古丽·", "阿依古丽··买买提", "阿依古丽 · 买买提"])
def test_the_middle_dot_only_joins_parts(name):
    assert person_name_errors(name) == ["间隔号“·”只能用在姓名的各部分之间，且不能与空格或另一个间隔号相连。"]


def test_a_name_has_a_sensible_length():
    assert person_name_errors("张") == ["姓名应为2至30个字符（含间隔号和空格）。"]
    assert person_name_errors("张" * 31) == ["姓名应为2至30个字符（含间隔号和空格）。"]
    assert person_name_errors("张" * 30) == []
    assert person_name_errors("  ") == ["请填写姓名。"]


def test_the_dots_and_spaces_people_type_are_written_as_on_the_card():
    assert normalize_person_name(" 阿依古丽・买买提 ") == "阿依古丽·买买提"
    assert normalize_person_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert normalize_person_name("Zhang\u3000  Wei") == "Zhang Wei"


@pytest.mark.django_db
def test_an_organization_with_markup_as_its_legal_representative_does_not_validate(make_org):
    organization = make_org()
    organization.legal_rep_name = SCRIPT
    with pytest.raises(ValidationError) as raised:
        organization.full_clean()
    assert "legal_rep_name" in raised.value.message_dict


def _workbook(*, rep: str, officer: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会组织"
    sheet.append(ORG_HEADERS)
    sheet.append(org_row(VOLUNTEERS, "上海市闵行区青年志愿者协会", founded=datetime.datetime(2019, 4, 1), rep=rep))
    officers = workbook.create_sheet("负责人")
    officers.append(["统一社会信用代码", "职务", "姓名", "身份证号码", "是否专职"])
    officers.append([VOLUNTEERS, "理事长", officer, ID_NUMBER, "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_register_import_reports_a_name_with_markup_as_a_problem_row():
    def run(rep, officer):
        data = _workbook(rep=rep, officer=officer)
        return register_import(data=data, filename="原登记簿.xlsx", today=datetime.date(2026, 7, 1))

    result = run(SCRIPT, "张伟")
    problems = {(p.sheet, p.row, p.column, p.message) for p in result.problems}
    assert ("社会组织", 2, "法定代表人", CHARACTERS % "<>(.)/") in problems
    assert not result.written

    result = run("张伟", "<b>王芳</b>")
    assert [(p.sheet, p.row, p.column, p.message) for p in result.problems] == [
        ("负责人", 2, "姓名", CHARACTERS % "<>/")
    ]
    assert not result.written

    clean = run("张伟", "阿依古丽·买买提")
    assert clean.problems == [] and clean.written


@pytest.mark.django_db
def test_a_complainants_name_is_checked_and_an_anonymous_complaint_keeps_none(make_org):
    organization = make_org()
    complaint = {"organization": organization, "category": "fees", "description": "强制会员缴纳赞助费，否则不予评优。"}
    with pytest.raises(ValidationError) as raised:
        complaint_submit(**complaint, name=SCRIPT)
    assert raised.value.messages[0] == CHARACTERS % "<>(.)/"
    assert not Complaint.objects.exists()
    anonymous, _code = complaint_submit(**complaint, name=SCRIPT, anonymous=True)
    named, _code = complaint_submit(**complaint, name=" 阿依古丽・买买提 ")
    assert (anonymous.complainant_name, named.complainant_name) == ("", "阿依古丽·买买提")
