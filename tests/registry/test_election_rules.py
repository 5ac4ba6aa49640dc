"""Rules of leadership elections: terms of at most 5 years, extensions of at most 1 year, audits, officers."""

import datetime

from registry.choices import OrgType
from registry.rules.elections import (
    AuditPolicy,
    OfficerPosition,
    audit_required,
    days_overdue,
    departure_audit_errors,
    election_errors,
    escalation_from,
    extension_errors,
    officer_filing_errors,
    position_title,
    term_ends_on,
)

TODAY = datetime.date(2026, 6, 1)


def test_a_term_ends_the_day_before_the_anniversary():
    assert term_ends_on(datetime.date(2021, 6, 15), 5) == datetime.date(2026, 6, 14)
    assert term_ends_on(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 27)


def test_a_term_longer_than_five_years_is_refused_citing_the_foundation_regulation():
    errors = election_errors(elected_on=datetime.date(2026, 5, 1), term_years=6, today=TODAY)
    assert len(errors) == 1 and "1至5年" in errors[0] and "基金会管理条例》第二十条" in errors[0]
    assert election_errors(elected_on=datetime.date(2026, 5, 1), term_years=5, today=TODAY) == []


def test_an_election_in_the_future_is_refused():
    assert election_errors(elected_on=datetime.date(2026, 6, 2), term_years=4, today=TODAY) == [
        "换届选举的日期不能晚于今天。"
    ]


def test_foundations_always_need_the_pre_election_audit():
    kwargs = {"legal_rep_changes": False, "policy": AuditPolicy.LEGAL_REP_CHANGE}
    assert audit_required(org_type=OrgType.FOUNDATION, **kwargs) is True
    assert audit_required(org_type=OrgType.SOCIAL_ASSOCIATION, **kwargs) is False


def test_others_need_it_when_the_legal_representative_changes_or_the_setting_says_always():
    assert audit_required(org_type=OrgType.SERVICE_AGENCY, legal_rep_changes=True, policy="legal_rep_change")
    assert audit_required(org_type=OrgType.SERVICE_AGENCY, legal_rep_changes=False, policy="all")


def test_an_extension_reaches_at_most_one_year_past_the_term():
    end = datetime.date(2026, 3, 31)
    assert extension_errors(term_ends_on=end, new_date=datetime.date(2027, 3, 31), reason="疫情影响无法召开大会") == []
    errors = extension_errors(term_ends_on=end, new_date=datetime.date(2027, 4, 1), reason="疫情影响无法召开大会")
    assert errors == ["延期换届最长不超过1年：最晚至2027-03-31。"]
    assert "应晚于" in extension_errors(term_ends_on=end, new_date=end, reason="疫情影响无法召开大会")[0]


def test_an_extension_needs_a_term_on_record_and_a_reason():
    errors = extension_errors(term_ends_on=None, new_date=datetime.date(2027, 1, 1), reason="")
    assert errors == ["该组织没有已备案的届期，请先办理换届备案。", "请说明延期换届的特殊情况。"]


def test_days_overdue_count_from_the_extension_when_one_was_approved():
    end = datetime.date(2026, 1, 31)
    assert days_overdue(term_ends_on=end, extended_to=None, today=TODAY) == 121
    assert days_overdue(term_ends_on=end, extended_to=datetime.date(2026, 12, 31), today=TODAY) == 0
    assert days_overdue(term_ends_on=end, extended_to=datetime.date(2026, 5, 31), today=TODAY) == 1


def test_rectification_may_follow_a_reminder_after_its_grace_period_only():
    assert escalation_from(None, grace_days=30) is None
    assert escalation_from(datetime.date(2026, 5, 1), grace_days=30) == datetime.date(2026, 5, 31)


def test_a_change_of_legal_representative_waits_for_the_departure_audit():
    assert departure_audit_errors(legal_rep_changes=True, audit_filed=False, name="张伟") == [
        "变更法定代表人前，须先办理原法定代表人张伟的离任审计备案（上传审计报告）。"
    ]
    assert departure_audit_errors(legal_rep_changes=True, audit_filed=True, name="张伟") == []
    assert departure_audit_errors(legal_rep_changes=False, audit_filed=False, name="张伟") == []


def test_one_chair_one_secretary_general_and_one_office_per_person():
    chair, sg = OfficerPosition.CHAIR, OfficerPosition.SECRETARY_GENERAL
    errors = officer_filing_errors(resulting=[(chair, "A"), (chair, "B"), (sg, "B")], legal_rep_id="Z", removed_ids=[])
    assert errors == ["会长（理事长）只能有一人。", "同一人不能同时担任本组织两个负责人职务。"]
    assert (
        officer_filing_errors(
            resulting=[(chair, "A"), (OfficerPosition.VICE_CHAIR, "B"), (OfficerPosition.VICE_CHAIR, "C")],
            legal_rep_id="A",
            removed_ids=[],
        )
        == []
    )


def test_the_legal_representative_leaves_only_by_change_registration():
    errors = officer_filing_errors(resulting=[], legal_rep_id="A", removed_ids=["A"])
    assert errors == ["不能以负责人备案免去法定代表人：法定代表人的变更须办理变更登记。"]


def test_titles_follow_the_organization_type():
    assert position_title(OfficerPosition.CHAIR, OrgType.SOCIAL_ASSOCIATION) == "会长"
    assert position_title(OfficerPosition.CHAIR, OrgType.FOUNDATION) == "理事长"
