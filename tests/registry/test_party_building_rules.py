"""Party-building rules: what counts as covered, when 双报到 is complete, what a record may say."""

import datetime

from registry.rules.party_building import (
    Gap,
    PartyOrgKind,
    coverage_gaps,
    dual_report_complete,
    has_party_organization,
    is_covered,
    party_record_errors,
)

TODAY = datetime.date(2026, 6, 1)
DAY = datetime.date(2026, 3, 1)


def test_a_party_organization_is_single_joint_or_functional():
    assert [has_party_organization(k) for k in PartyOrgKind.values] == [False, True, True, True]
    assert not has_party_organization("")


def test_dual_reporting_is_complete_only_with_both_dates():
    assert dual_report_complete(DAY, DAY)
    assert not dual_report_complete(DAY, None)
    assert not dual_report_complete(None, DAY)
    assert not dual_report_complete(None, None)


def test_covered_needs_a_party_organization_and_both_reports():
    for kind in (PartyOrgKind.OWN, PartyOrgKind.JOINT, PartyOrgKind.FUNCTIONAL):
        assert is_covered(kind, DAY, DAY)
        assert coverage_gaps(kind, None, DAY) == [Gap.COMMUNITY_MISSING]
        assert coverage_gaps(kind, DAY, None) == [Gap.COMMITTEE_MISSING]
        assert coverage_gaps(kind, None, None) == [Gap.COMMUNITY_MISSING, Gap.COMMITTEE_MISSING]
    assert coverage_gaps(PartyOrgKind.NONE, None, None) == [Gap.NO_PARTY_ORGANIZATION]
    assert not is_covered(PartyOrgKind.NONE, None, None)


def _errors(**overrides):
    values = dict(kind="own", members=3, community_reported_on=DAY, committee_reported_on=DAY, today=TODAY)
    return party_record_errors(**(values | overrides))


def test_a_consistent_record_has_no_errors():
    assert _errors() == {}
    assert _errors(kind="joint", members=1) == {}
    assert _errors(kind="functional", members=0) == {}
    assert _errors(kind="none", members=2, community_reported_on=None, committee_reported_on=None) == {}


def test_a_single_party_organization_needs_three_members():
    assert "不少于3人" in _errors(members=2)["members"]
    assert "members" in _errors(kind="joint", members=0)


def test_dual_reporting_needs_a_party_organization_and_past_dates():
    assert "kind" in _errors(kind="none", members=0, committee_reported_on=None)
    assert "community_reported_on" in _errors(community_reported_on=TODAY + datetime.timedelta(days=1))
    assert "kind" in _errors(kind="other")


def test_the_instructors_phone_is_checked():
    assert _errors(instructor_phone="13800001234") == {}
    assert _errors(instructor_phone="021-64120000") == {}
    assert "instructor_phone" in _errors(instructor_phone="call me")
