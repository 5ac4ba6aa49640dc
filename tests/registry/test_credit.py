"""The credit lists (社会组织信用信息管理办法, 2018): listing, removal, promotion after two years, public record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from registry.choices import HistoryAction, OfficerRole
from registry.models import CreditEntry, Organization
from registry.rules.credit import CreditList, CreditReason, is_promotion_due
from registry.services.credit import credit_cause_corrected, credit_list_add, credit_list_remove, credit_sweep
from registry.services.officers import officer_assign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)


@pytest.fixture
def officer(officer, minhang):
    """The supervision officer (年检监管岗) of the Minhang bureau, who keeps its credit lists."""
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    return officer


@pytest.fixture
def other_bureau_officer(songjiang):
    user = UserFactory(username="songjiang-inspector", is_staff=True)
    officer_assign(user=user, jurisdiction=songjiang, role=OfficerRole.INSPECTOR)
    return user


def test_an_officer_of_another_bureau_cannot_list_an_organization(make_org, other_bureau_officer):
    org = make_org()
    with pytest.raises(PermissionDenied):
        credit_list_add(
            organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", by=other_bureau_officer
        )
    assert not CreditEntry.objects.filter(organization=org).exists()
    assert not Organization.objects.get(pk=org.pk).on_abnormal_list


def test_an_officer_of_another_bureau_cannot_remove_an_entry(make_org, other_bureau_officer):
    org = make_org()
    entry = credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    with pytest.raises(PermissionDenied):
        credit_list_remove(entry=entry, reason="已恢复联系", by=other_bureau_officer)
    with pytest.raises(PermissionDenied):
        credit_cause_corrected(
            organization=org, reason_code=CreditReason.UNREACHABLE, reason="已恢复联系", by=other_bureau_officer
        )
    entry.refresh_from_db()
    assert entry.removed_on is None
    assert Organization.objects.get(pk=org.pk).on_abnormal_list


def test_promotion_rule_counts_whole_years():
    assert not is_promotion_due(DAY, today=datetime.date(2026, 5, 31), years=2)
    assert is_promotion_due(DAY, today=datetime.date(2026, 6, 1), years=2)
    assert is_promotion_due(datetime.date(2024, 2, 29), today=datetime.date(2026, 2, 28), years=2)


def test_listing_sets_the_public_flag_with_history_and_is_idempotent(make_org, officer):
    org = make_org()
    entry = credit_list_add(
        organization=org,
        reason_code=CreditReason.ANNUAL_REPORT_MISSING,
        reason="未提交2023年度工作报告",
        by=officer,
        on=DAY,
        year=2023,
    )
    again = credit_list_add(
        organization=org, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="重复", on=DAY, year=2023
    )
    org.refresh_from_db()
    assert again.pk == entry.pk and CreditEntry.objects.count() == 1
    assert org.on_abnormal_list and not org.on_dishonest_list
    assert entry.credit_list == CreditList.ABNORMAL and entry.authority == org.jurisdiction and entry.expires_on is None
    assert org.history.filter(action=HistoryAction.CREDIT_LIST, changes__on_abnormal_list=[False, True]).exists()


def test_correcting_the_cause_removes_the_entry(make_org, officer):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=DAY, year=2023)
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    assert (
        credit_cause_corrected(
            organization=org,
            reason_code=CreditReason.ANNUAL_REPORT_MISSING,
            reason="已补报年度报告",
            by=officer,
            year=2023,
        )
        == 1
    )
    org.refresh_from_db()
    assert org.on_abnormal_list  # still unreachable
    credit_cause_corrected(organization=org, reason_code=CreditReason.UNREACHABLE, reason="已恢复联系", by=officer)
    org.refresh_from_db()
    assert not org.on_abnormal_list


def test_dishonest_entry_is_removed_on_application_after_two_years_with_no_new_ground(make_org, officer):
    org = make_org()
    entry = credit_list_add(
        organization=org, reason_code=CreditReason.FALSE_CHANGE_REGISTRATION, reason="伪造变更决议", on=DAY
    )
    assert entry.expires_on is None and entry.removable_from is None
    entry.refresh_from_db()
    assert entry.removable_from == datetime.date(2026, 6, 1)  # no fixed term, 2 years to apply
    with pytest.raises(ValidationError, match="本记录自2026年6月1日起可申请移出"):
        credit_list_remove(entry=entry, reason="申请移出", by=officer, on=datetime.date(2026, 5, 31))
    credit_list_remove(
        entry=entry, reason="申请移出，满2年未再出现应列入情形", by=officer, on=datetime.date(2026, 6, 1)
    )
    org.refresh_from_db()
    assert not org.on_dishonest_list


def test_dishonest_entry_listed_in_error_leaves_at_once(make_org, officer):
    org = make_org()
    entry = credit_list_add(organization=org, reason_code=CreditReason.LARGE_FINE, reason="罚款6万元", on=DAY)
    credit_list_remove(entry=entry, reason="复议撤销原处罚决定", by=officer, on=DAY, listed_in_error=True)
    org.refresh_from_db()
    assert not org.on_dishonest_list


def test_new_ground_while_listed_restarts_the_dishonest_removal_period(make_org, officer):
    org = make_org()
    entry = credit_list_add(organization=org, reason_code=CreditReason.STOP_ACTIVITIES, reason="停止活动3个月", on=DAY)
    later = datetime.date(2025, 3, 1)
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=later)
    entry.refresh_from_db()
    assert entry.removable_from == datetime.date(2027, 3, 1)
    with pytest.raises(ValidationError, match="2027年3月1日"):
        credit_list_remove(entry=entry, reason="申请移出", by=officer, on=datetime.date(2026, 6, 1))


def test_abnormal_entry_with_nothing_to_correct_leaves_after_six_months(make_org):
    warned, unreported = make_org(), make_org()
    warning = credit_list_add(organization=warned, reason_code=CreditReason.SMALL_PENALTY, reason="警告", on=DAY)
    credit_list_add(
        organization=unreported, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=DAY, year=2023
    )
    assert warning.expires_on == datetime.date(2024, 12, 1)
    assert credit_sweep(today=datetime.date(2024, 11, 30)) == {"promoted": 0, "expired": 0}
    assert credit_sweep(today=datetime.date(2024, 12, 1)) == {"promoted": 0, "expired": 1}
    warned.refresh_from_db()
    unreported.refresh_from_db()
    assert not warned.on_abnormal_list and unreported.on_abnormal_list  # the report is still owed


def test_second_small_penalty_within_three_years_is_a_dishonest_ground(make_org):
    org, spaced = make_org(), make_org()
    credit_list_add(organization=org, reason_code=CreditReason.SMALL_PENALTY, reason="警告", on=DAY)
    credit_sweep(today=datetime.date(2025, 1, 1))  # the first warning has left the abnormal list
    credit_list_add(
        organization=org, reason_code=CreditReason.SMALL_PENALTY, reason="罚款1万元", on=datetime.date(2027, 5, 1)
    )
    org.refresh_from_db()
    assert org.on_dishonest_list
    assert org.credit_entries.filter(reason_code=CreditReason.REPEATED_SMALL_PENALTIES).exists()
    credit_list_add(organization=spaced, reason_code=CreditReason.SMALL_PENALTY, reason="警告", on=DAY)
    credit_list_add(
        organization=spaced, reason_code=CreditReason.SMALL_PENALTY, reason="警告", on=datetime.date(2027, 6, 2)
    )
    spaced.refresh_from_db()
    assert not spaced.on_dishonest_list  # more than three years apart


def test_sweep_promotes_after_two_years_and_never_expires_dishonest_entries(make_org):
    stale, fresh = make_org(), make_org()
    old = credit_list_add(
        organization=stale, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=DAY, year=2023
    )
    credit_list_add(
        organization=fresh,
        reason_code=CreditReason.ANNUAL_REPORT_MISSING,
        reason="未报",
        on=datetime.date(2025, 6, 1),
        year=2024,
    )
    assert credit_sweep(today=datetime.date(2026, 5, 31)) == {"promoted": 0, "expired": 0}
    assert credit_sweep(today=datetime.date(2026, 6, 1)) == {"promoted": 1, "expired": 0}
    assert credit_sweep(today=datetime.date(2026, 6, 2)) == {"promoted": 0, "expired": 0}  # idempotent
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.on_dishonest_list and not stale.on_abnormal_list
    assert fresh.on_abnormal_list and not fresh.on_dishonest_list
    promoted = old.promoted_to
    assert promoted.reason_code == CreditReason.ABNORMAL_TWO_YEARS and promoted.listed_on == datetime.date(2026, 6, 1)
    assert promoted.expires_on is None
    old.refresh_from_db()
    assert old.removed_on == datetime.date(2026, 6, 1)
    assert credit_sweep(today=datetime.date(2035, 6, 1)) == {"promoted": 1, "expired": 0}  # fresh promoted
    stale.refresh_from_db()
    assert stale.on_dishonest_list  # no fixed term: only an application removes it


def test_public_page_lists_entries_with_date_reason_and_authority(client, make_org):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="通过住所无法联系", on=DAY)
    page = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "活动异常名录" in page and "通过住所无法联系" in page and "上海市闵行区民政局" in page
    assert "2024年6月1日" in page


def test_sweep_command_runs(make_org):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.RECTIFICATION_NOT_DONE, reason="未按期完成整改", on=DAY)
    call_command("credit_sweep")
    org.refresh_from_db()
    assert org.on_dishonest_list  # 2024-06-01 + 2 years is before today (2026-11-24)


def test_demo_flags_have_their_entries(db):
    call_command("seed_demo", orgs=400, seed=3, no_accounts=True)
    from registry.models import Organization

    flagged = Organization.objects.filter(on_abnormal_list=True)
    assert flagged.exists()
    assert set(flagged.values_list("pk", flat=True)) == set(
        CreditEntry.objects.filter(credit_list="abnormal", removed_on__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
