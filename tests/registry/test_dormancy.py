"""The dormancy rules and the set-based sweep."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from registry.choices import OfficerRole, OrgStatus, OrgType
from registry.models import DormancyCase, DormancyStatus
from registry.rules.credit import CreditReason
from registry.rules.dormancy import inactive_first_year_applies, latest_due_report_year, missed_two_years
from registry.services.credit import credit_list_add
from registry.services.dormancy import (
    dormancy_case_close,
    dormancy_case_dismiss,
    dormancy_case_open,
    dormancy_case_respond,
    dormancy_revocation_propose,
    sweep_dormant,
)
from registry.services.officers import officer_assign
from tests.factories import AnnualReportFactory, UserFactory

TODAY = datetime.date(2026, 11, 24)


def test_latest_due_year_turns_after_the_31_may_deadline():
    assert latest_due_report_year(datetime.date(2026, 5, 31)) == 2024
    assert latest_due_report_year(datetime.date(2026, 6, 1)) == 2025


@pytest.mark.parametrize(
    ("founded", "last", "dormant"),
    [
        (datetime.date(2015, 1, 1), 2025, False),
        (datetime.date(2015, 1, 1), 2024, False),  # missed only 2025
        (datetime.date(2015, 1, 1), 2023, True),  # missed 2024 and 2025
        (datetime.date(2015, 1, 1), None, True),
        (datetime.date(2024, 3, 1), None, True),  # had to report for 2024 and 2025
        (datetime.date(2025, 3, 1), None, False),  # only 2025 was due
        (datetime.date(2024, 6, 30), None, True),  # registered by the 30 June cutoff: 2024 was due
        (datetime.date(2024, 7, 1), None, False),  # registered after the cutoff: first report on 2025
    ],
)
def test_two_consecutive_missed_years(founded, last, dormant):
    assert missed_two_years(founded_on=founded, last_report_year=last, latest_due=2025) is dormant


def test_a_later_local_cutoff_counts_the_first_half_year():
    """The first-report cutoff is a local setting (DOMAIN.md, annual inspection); the sweep follows it."""
    founded = datetime.date(2024, 9, 1)
    assert missed_two_years(founded_on=founded, last_report_year=None, latest_due=2025) is False
    assert missed_two_years(founded_on=founded, last_report_year=None, latest_due=2025, cutoff_month=9, cutoff_day=30)


def test_no_activity_in_the_first_year_is_a_ground_for_associations_and_foundations_only():
    # 社团条例 第二十九条 (1 year), 基金会条例 第四十一条(一) (12 months); 民非条例 has no such ground.
    assert inactive_first_year_applies(OrgType.SOCIAL_ASSOCIATION)
    assert inactive_first_year_applies(OrgType.FOUNDATION)
    assert not inactive_first_year_applies(OrgType.SERVICE_AGENCY)


@pytest.mark.django_db
def test_sweep_finds_candidates_once_and_skips_the_rest(make_org):
    old = datetime.date(2015, 1, 1)
    dormant = make_org(founded_on=old, last_annual_report_year=2023)
    never = make_org(founded_on=old, last_annual_report_year=None)
    make_org(founded_on=old, last_annual_report_year=2025)  # reporting
    make_org(founded_on=datetime.date(2025, 6, 1))  # too new to have missed two years
    make_org(founded_on=old, last_annual_report_year=2020, status=OrgStatus.REVOKED)  # already revoked
    unreachable = make_org(founded_on=old, last_annual_report_year=2025)
    credit_list_add(
        organization=unreachable, reason_code=CreditReason.UNREACHABLE, reason="无法联系", on=datetime.date(2025, 6, 1)
    )
    recently_unreachable = make_org(founded_on=old, last_annual_report_year=2025)
    credit_list_add(
        organization=recently_unreachable, reason_code=CreditReason.UNREACHABLE, reason="无法联系", on=TODAY
    )

    assert sweep_dormant(today=TODAY) == {"reports_missing": 2, "unreachable": 1, "inactive_first_year": 0}
    assert set(DormancyCase.objects.values_list("organization_id", flat=True)) == {dormant.pk, never.pk, unreachable.pk}
    assert sweep_dormant(today=TODAY) == {"reports_missing": 0, "unreachable": 0, "inactive_first_year": 0}


@pytest.mark.django_db
def test_sweep_does_not_count_the_year_of_registration_after_the_cutoff(make_org):
    """Registered on 1 August 2024: its first report is on 2025, so it has missed one year, not two."""
    late_starter = make_org(founded_on=datetime.date(2024, 8, 1), last_annual_report_year=None)
    early_starter = make_org(founded_on=datetime.date(2024, 6, 30), last_annual_report_year=None)
    assert sweep_dormant(today=TODAY)["reports_missing"] == 1
    assert list(DormancyCase.objects.values_list("organization_id", flat=True)) == [early_starter.pk]
    assert not DormancyCase.objects.filter(organization=late_starter).exists()


@pytest.mark.django_db
def test_sweep_finds_first_year_inactivity_of_associations_and_foundations_only(make_org):
    """社团条例 第二十九条, 基金会条例 第四十一条(一): a 民非 is not a candidate on this ground."""
    founded = datetime.date(2025, 3, 1)  # more than a year ago, first report (2025) overdue since 31 May 2026
    inactive = {}
    for org_type in OrgType:
        organization = make_org(founded_on=founded, org_type=org_type, last_annual_report_year=None)
        AnnualReportFactory(organization=organization, year=2025, deadline=datetime.date(2026, 5, 31))
        inactive[org_type] = organization
    assert sweep_dormant(today=TODAY)["inactive_first_year"] == 2
    assert set(DormancyCase.objects.values_list("organization_id", flat=True)) == {
        inactive[OrgType.SOCIAL_ASSOCIATION].pk,
        inactive[OrgType.FOUNDATION].pk,
    }


@pytest.mark.django_db
def test_sweep_over_a_generated_register(django_db_blocker):
    call_command("seed_demo", orgs=3000, seed=11, no_accounts=True)
    from registry.models import Organization

    expected = sum(
        1
        for founded, last in Organization.objects.filter(status=OrgStatus.NORMAL).values_list(
            "founded_on", "last_annual_report_year"
        )
        if missed_two_years(founded_on=founded, last_report_year=last, latest_due=2025)
    )
    counts = sweep_dormant(today=TODAY)
    assert counts["reports_missing"] == expected > 0
    assert DormancyCase.objects.count() == expected


@pytest.fixture
def candidate_case(make_org):
    organization = make_org(founded_on=datetime.date(2015, 1, 1), last_annual_report_year=2023)
    sweep_dormant(today=TODAY)
    return DormancyCase.objects.get(organization=organization)


@pytest.fixture
def strangers(songjiang, minhang):
    """An inspector of another bureau, and a Minhang officer who works the registration window only."""
    outsider = UserFactory(username="sj-inspector", is_staff=True)
    officer_assign(user=outsider, jurisdiction=songjiang, role=OfficerRole.INSPECTOR)
    window = UserFactory(username="mh-window", is_staff=True)
    officer_assign(user=window, jurisdiction=minhang, role=OfficerRole.WINDOW)
    return [outsider, window]


@pytest.mark.django_db
def test_only_an_inspector_of_the_bureau_opens_or_dismisses_a_case(candidate_case, strangers, minhang):
    for user in strangers:
        with pytest.raises(PermissionDenied):
            dormancy_case_open(case=candidate_case, by=user, today=TODAY)
        with pytest.raises(PermissionDenied):
            dormancy_case_dismiss(case=candidate_case, by=user, reason="年报已线下提交")
    candidate_case.refresh_from_db()
    assert candidate_case.status == DormancyStatus.CANDIDATE and candidate_case.opened_by is None
    inspector = UserFactory(username="mh-inspector", is_staff=True)
    officer_assign(user=inspector, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    assert dormancy_case_open(case=candidate_case, by=inspector, today=TODAY).status == DormancyStatus.NOTICE


@pytest.mark.django_db
def test_only_an_inspector_of_the_bureau_closes_or_proposes_revocation(candidate_case, strangers):
    DormancyCase.objects.filter(pk=candidate_case.pk).update(
        status=DormancyStatus.NOTICE, notice_starts_on=TODAY, notice_ends_on=TODAY + datetime.timedelta(days=45)
    )
    later = TODAY + datetime.timedelta(days=60)
    for user in strangers:
        with pytest.raises(PermissionDenied):
            dormancy_case_close(case=candidate_case, by=user, reason="已整改")
        with pytest.raises(PermissionDenied):
            dormancy_revocation_propose(case=candidate_case, by=user, reason="公示期满未整改", today=later)
    candidate_case.refresh_from_db()
    assert candidate_case.status == DormancyStatus.NOTICE and candidate_case.decision == ""
    assert not candidate_case.organization.penalty_cases.exists()


@pytest.mark.django_db
def test_only_the_organizations_representative_responds(candidate_case, strangers):
    DormancyCase.objects.filter(pk=candidate_case.pk).update(status=DormancyStatus.NOTICE)
    with pytest.raises(PermissionDenied):
        dormancy_case_respond(case=candidate_case, by=strangers[0], response="已补报年度工作报告")
    candidate_case.refresh_from_db()
    assert candidate_case.response == "" and candidate_case.responded_on is None
