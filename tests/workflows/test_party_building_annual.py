"""The annual report's party-building section (党建): filled in the portal, checked on submission, and written to
the organization's party-building record when the inspection concludes."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from registry.models import PartyBuilding, PartyBuildingHistory, PartySource, ReportStatus
from registry.services.party_building import party_building_update
from tests.workflows.conftest import make_officer
from tests.workflows.test_annual_inspection import fill_and_submit, officer_acts, open_season, report_of
from workflows.flows.annual_inspection.portal import report_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(make_org, applicant):
    org = make_org(name="上海市闵行区党建示范协会", founded_on=datetime.date(2020, 3, 1), last_annual_report_year=2024)
    assign_perm("registry.manage_organization", applicant, org)
    return org


@pytest.fixture
def inspector(minhang):
    return make_officer("mh_inspector", minhang, "inspector")


PARTY = {
    "has_party_organization": "on",
    "party_members": "4",
    "party_org_kind": "own",
    "party_instructor_name": "王建国",
    "party_instructor_unit": "闵行区社会组织综合党委",
    "party_instructor_phone": "13800001111",
    "party_community_reported_on": "2025-04-01",
    "party_committee_reported_on": "2025-04-08",
}


def test_a_concluded_annual_report_updates_the_party_building_record(client, applicant, organization, inspector):
    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    assert "党组织组建形式" in client.get(f"/portal/annual/{report.pk}/").content.decode()
    fill_and_submit(client, applicant, report, **PARTY)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.party_org_kind == "own"
    assert not PartyBuilding.objects.filter(organization=organization).exists()  # not before it concludes
    officer_acts(inspector, report, {"result": "passed", "reason": "报告完整，财务规范"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCLUDED
    record = PartyBuilding.objects.get(organization=organization)
    assert (record.kind, record.members, record.instructor_name) == ("own", 4, "王建国")
    assert record.community_reported_on == datetime.date(2025, 4, 1)
    assert record.committee_reported_on == datetime.date(2025, 4, 8)
    assert record.source == PartySource.ANNUAL_REPORT and record.annual_report == report
    assert record.updated_by == inspector and record.dual_report_complete
    history = PartyBuildingHistory.objects.get(record=record)
    assert history.values["community_reported_on"] == "2025-04-01" and history.annual_report == report


def test_an_inconsistent_party_section_keeps_the_report_from_being_submitted(client, applicant, organization):
    open_season()
    report = report_of(organization)
    response = fill_and_submit(client, applicant, report, **(PARTY | {"party_members": "2"}))
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert "单独组建党组织的，正式党员应不少于3人" in response.content.decode()
    fill_and_submit(client, applicant, report, **(PARTY | {"party_instructor_phone": "12"}))
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_report_asks_only_the_kind_and_derives_whether_there_is_a_party_organization(
    client, applicant, organization, make_org
):
    without = make_org(
        name="上海市闵行区无党组织协会", founded_on=datetime.date(2020, 3, 1), last_annual_report_year=2024
    )
    assign_perm("registry.manage_organization", applicant, without)
    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    page = client.get(f"/portal/annual/{report.pk}/").content.decode()
    assert 'name="party_org_kind"' in page and 'name="has_party_organization"' not in page
    # A stray old checkbox is not read: the kind decides.
    fill_and_submit(client, applicant, report, **(PARTY | {"has_party_organization": ""}))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.has_party_organization
    assert "已建立党组织" not in [label for label, _value in report_summary(report)]
    other = report_of(without)
    fill_and_submit(client, applicant, other, party_org_kind="none", party_members="0")
    other.refresh_from_db()
    assert other.status == ReportStatus.SUBMITTED and not other.has_party_organization


def _officer_records(organization, **values):
    officer = make_officer("mh_party", organization.jurisdiction, "inspector")
    fields = dict(instructor_name="", instructor_unit="", instructor_phone="", committee_reported_on=None)
    return party_building_update(organization=organization, by=officer, **(fields | values))


def test_a_report_without_the_section_leaves_the_officers_record_alone(client, applicant, organization, inspector):
    _officer_records(organization, kind="joint", members=1, community_reported_on=datetime.date(2025, 1, 5))
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    officer_acts(inspector, report, {"result": "passed", "reason": "报告完整，财务规范"})
    record = PartyBuilding.objects.get(organization=organization)
    assert (record.source, record.kind, record.members) == (PartySource.OFFICER, "joint", 1)
    assert PartyBuildingHistory.objects.filter(record=record).count() == 1


def test_an_officers_update_after_the_report_was_submitted_is_kept(client, applicant, organization, inspector):
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report, **PARTY)
    _officer_records(
        organization,
        kind="own",
        members=5,
        community_reported_on=datetime.date(2025, 4, 1),
        committee_reported_on=datetime.date(2025, 4, 8),
    )
    officer_acts(inspector, report, {"result": "passed", "reason": "报告完整，财务规范"})
    record = PartyBuilding.objects.get(organization=organization)
    assert (record.source, record.members) == (PartySource.OFFICER, 5)
