"""The credit lists: listing, removal rules, promotion after two years, expiry after five, public record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from registry.credit import CreditList, CreditReason, is_promotion_due
from registry.models import CreditEntry
from registry.services.credit import credit_cause_corrected, credit_list_add, credit_list_remove, credit_sweep

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)


def test_promotion_rule_counts_whole_years():
    assert not is_promotion_due(DAY, today=datetime.date(2026, 5, 31), years=2)
    assert is_promotion_due(DAY, today=datetime.date(2026, 6, 1), years=2)
    assert is_promotion_due(datetime.date(2024, 2, 29), today=datetime.date(2026, 2, 28), years=2)


def test_listing_sets_the_public_flag_with_history_and_is_idempotent(make_org, officer):
    org = make_org()
    entry = credit_list_add(
        organization=org,
        reason_code=CreditReason.ANNUAL_REPORT_MISSING,
        reason="未提交2025年度工作报告",
        by=officer,
        on=DAY,
    )
    again = credit_list_add(organization=org, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="重复", on=DAY)
    org.refresh_from_db()
    assert again.pk == entry.pk and CreditEntry.objects.count() == 1
    assert org.on_abnormal_list and not org.on_dishonest_list
    assert entry.credit_list == CreditList.ABNORMAL and entry.authority == org.jurisdiction and entry.expires_on is None
    assert org.history.filter(action="信用名单", changes__on_abnormal_list=[False, True]).exists()


def test_correcting_the_cause_removes_the_entry(make_org, officer):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=DAY)
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    assert (
        credit_cause_corrected(
            organization=org, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="已补报年度报告", by=officer
        )
        == 1
    )
    org.refresh_from_db()
    assert org.on_abnormal_list  # still unreachable
    credit_cause_corrected(organization=org, reason_code=CreditReason.UNREACHABLE, reason="已恢复联系", by=officer)
    org.refresh_from_db()
    assert not org.on_abnormal_list


def test_dishonest_entry_stays_its_term_unless_listed_in_error(make_org, officer):
    org = make_org()
    entry = credit_list_add(
        organization=org, reason_code=CreditReason.FALSE_MATERIALS, reason="提供虚假验资报告", on=DAY
    )
    assert entry.expires_on == datetime.date(2029, 6, 1)
    with pytest.raises(ValidationError, match="须保留至2029-06-01"):
        credit_list_remove(entry=entry, reason="已整改", by=officer, on=datetime.date(2026, 1, 1))
    credit_list_remove(entry=entry, reason="复议撤销原决定", by=officer, listed_in_error=True)
    org.refresh_from_db()
    assert not org.on_dishonest_list


def test_sweep_promotes_after_two_years_and_expires_after_five(make_org):
    stale, fresh = make_org(), make_org()
    old = credit_list_add(organization=stale, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=DAY)
    credit_list_add(
        organization=fresh, reason_code=CreditReason.ANNUAL_REPORT_MISSING, reason="未报", on=datetime.date(2025, 6, 1)
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
    old.refresh_from_db()
    assert old.removed_on == datetime.date(2026, 6, 1)
    assert credit_sweep(today=datetime.date(2031, 6, 1)) == {
        "promoted": 1,
        "expired": 1,
    }  # fresh promoted 2027, stale expired
    stale.refresh_from_db()
    assert not stale.on_dishonest_list


def test_public_page_lists_entries_with_date_reason_and_authority(client, make_org):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="通过住所无法联系", on=DAY)
    page = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "活动异常名录" in page and "通过住所无法联系" in page and "上海市闵行区民政局" in page
    assert "2024年6月1日" in page


def test_sweep_command_runs(make_org):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.CONDITIONS_NOT_MET, reason="不再具备登记条件", on=DAY)
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
