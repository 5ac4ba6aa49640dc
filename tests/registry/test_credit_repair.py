"""Credit repair (信用修复) and the grounds officers list by hand, through the services
(社会组织信用信息管理办法, 民政部令第60号, 2018).

The 办法's removal rules: an activity-abnormal entry leaves within 5 working days of a verified correction, or
after 6 months when nothing is to be corrected, each ground on its own; a serious-dishonest entry leaves on
application after 2 years with no new ground (a new ground restarts the period), an entry for revocation when
deregistration is complete, an entry promoted from the abnormal list once its obligations are fulfilled.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole, OrgStatus
from registry.models import AnnualReport, CreditEntry, CreditRepair, Organization, RepairStatus
from registry.rules.credit import CreditList, CreditReason, legal_basis
from registry.services.credit import credit_list_add, credit_manual_clear, credit_manual_list, credit_sweep
from registry.services.credit_repair import credit_repair_apply, credit_repair_decide
from registry.services.officers import officer_assign
from registry.services.supervision import rectification_order, rectification_reply, rectification_review
from tests.factories import UserFactory
from tests.workflows.conftest import pdf_bytes, upload


@pytest.fixture
def people(db, minhang, songjiang, make_org):
    inspector = UserFactory(username="mh-credit", is_staff=True)
    officer_assign(user=inspector, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    window = UserFactory(username="mh-window", is_staff=True)
    officer_assign(user=window, jurisdiction=minhang, role=OfficerRole.WINDOW)
    other = UserFactory(username="sj-credit", is_staff=True)
    officer_assign(user=other, jurisdiction=songjiang, role=OfficerRole.INSPECTOR)
    organization = make_org(name="上海市闵行区信用修复示范协会")
    representative = UserFactory(username="rep")
    assign_perm("registry.manage_organization", representative, organization)
    return {
        "inspector": inspector,
        "window": window,
        "other": other,
        "org": organization,
        "rep": representative,
        "stranger": UserFactory(username="stranger"),
    }


def listed(people, reason_code=CreditReason.UNREACHABLE, on=None, **extra):
    return credit_list_add(
        organization=people["org"], reason_code=reason_code, reason="两次邮寄专用信函无人签收。", on=on, **extra
    )


def test_officer_lists_a_manual_ground_with_reason_and_basis_and_clears_it(people):
    entry = credit_manual_list(
        organization=people["org"],
        reason_code=CreditReason.COURT_DEFAULTER,
        reason="被上海市闵行区人民法院纳入失信被执行人名单。",
        basis="（2026）沪0112执123号",
        by=people["inspector"],
    )
    org = Organization.objects.get(pk=people["org"].pk)
    assert (
        entry.credit_list == CreditList.DISHONEST and entry.basis == "（2026）沪0112执123号" and org.on_dishonest_list
    )
    with pytest.raises(ValidationError, match="已因这一情形"):
        credit_manual_list(
            organization=org, reason_code=CreditReason.COURT_DEFAULTER, reason="再次列入。", by=people["inspector"]
        )
    with pytest.raises(ValidationError, match="满2年"):  # a dishonest entry is not cleared early but for an error
        credit_manual_clear(entry=entry, reason="已履行。", by=people["inspector"])
    credit_manual_clear(
        entry=entry, reason="法院已将其移出失信被执行人名单。", by=people["inspector"], listed_in_error=True
    )
    assert not Organization.objects.get(pk=org.pk).on_dishonest_list


def test_manual_abnormal_ground_takes_the_default_basis_and_clears_on_verified_correction(people):
    entry = credit_manual_list(
        organization=people["org"],
        reason_code=CreditReason.UNREACHABLE,
        reason="两次邮寄无人签收。",
        by=people["inspector"],
    )
    assert entry.basis == legal_basis(CreditReason.UNREACHABLE)
    assert Organization.objects.get(pk=people["org"].pk).on_abnormal_list
    with pytest.raises(ValidationError, match="移出事由"):
        credit_manual_clear(entry=entry, reason=" ", by=people["inspector"])
    credit_manual_clear(entry=entry, reason="已恢复联系，核实住所。", by=people["inspector"])
    assert not Organization.objects.get(pk=people["org"].pk).on_abnormal_list


def test_manual_listing_is_refused_for_other_grounds_other_roles_and_other_bureaus(people):
    org = people["org"]
    with pytest.raises(ValidationError, match="不能在此列入"):
        credit_manual_list(
            organization=org, reason_code=CreditReason.LARGE_FINE, reason="罚款。", by=people["inspector"]
        )
    for user in (people["window"], people["other"]):
        with pytest.raises(PermissionDenied):
            credit_manual_list(organization=org, reason_code=CreditReason.UNREACHABLE, reason="x", by=user)
    fine = listed(people, reason_code=CreditReason.SMALL_PENALTY)
    with pytest.raises(ValidationError, match="不能在此移出"):
        credit_manual_clear(entry=fine, reason="x", by=people["inspector"])
    assert CreditEntry.objects.filter(organization=org).count() == 1


def test_each_abnormal_ground_clears_on_its_own(people):
    unreachable = listed(people)
    fine = listed(people, reason_code=CreditReason.SMALL_PENALTY, on=datetime.date(2025, 1, 2))
    credit_sweep(today=datetime.date(2025, 7, 2))  # the warning lapses after 6 months, nothing else
    fine.refresh_from_db()
    unreachable.refresh_from_db()
    assert fine.removed_on == datetime.date(2025, 7, 2) and unreachable.removed_on is None
    assert Organization.objects.get(pk=people["org"].pk).on_abnormal_list


def test_application_with_evidence_then_approval_removes_the_entry_from_the_public_record(people, client, settings):
    settings.SEARCH_BACKEND = "database"  # the public list of the activity-abnormal list, read from the register
    entry = listed(people)
    assert people["org"].name in client.get("/organizations/?credit=abnormal").content.decode()
    repair = credit_repair_apply(
        entry=entry,
        grounds="已变更并恢复住所联系，附新住所租赁合同。",
        uploads=[upload("lease.pdf", pdf_bytes("lease"))],
        by=people["rep"],
    )
    assert repair.status == RepairStatus.PENDING and repair.files.count() == 1
    assert repair.decide_due > repair.submitted_on and repair.number.startswith("XF-")
    with pytest.raises(ValidationError, match="待审核"):
        credit_repair_apply(entry=entry, grounds="再申请一次，理由同前。", by=people["rep"])
    decided = credit_repair_decide(repair=repair, approve=True, reason="经核实，已恢复联系。", by=people["inspector"])
    entry.refresh_from_db()
    assert decided.status == RepairStatus.APPROVED and entry.removed_on == timezone.localdate()
    assert repair.number in entry.removal_reason
    org = Organization.objects.get(pk=people["org"].pk)
    assert not org.on_abnormal_list
    page = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "经核实，已恢复联系" in page
    assert org.name not in client.get("/organizations/?credit=abnormal").content.decode()


def test_refusal_needs_reasons_and_leaves_the_entry(people, django_capture_on_commit_callbacks):
    people["rep"].email = "rep@example.org"
    people["rep"].save()
    repair = credit_repair_apply(entry=listed(people), grounds="已恢复联系，请予移出名录。", by=people["rep"])
    with pytest.raises(ValidationError, match="理由"):
        credit_repair_decide(repair=repair, approve=False, reason="", by=people["inspector"])
    refused = credit_repair_decide(repair=repair, approve=False, reason="实地核查仍无法联系。", by=people["inspector"])
    assert refused.status == RepairStatus.REFUSED and refused.entry.removed_on is None
    with pytest.raises(ValidationError):
        credit_repair_decide(repair=repair, approve=True, reason="改判。", by=people["inspector"])
    assert Organization.objects.get(pk=people["org"].pk).on_abnormal_list


def test_only_the_representative_applies_and_only_the_bureaus_credit_officers_decide(people):
    entry = listed(people)
    with pytest.raises(PermissionDenied):
        credit_repair_apply(entry=entry, grounds="已恢复联系，请予移出名录。", by=people["stranger"])
    repair = credit_repair_apply(entry=entry, grounds="已恢复联系，请予移出名录。", by=people["rep"])
    for user in (people["window"], people["other"], people["rep"]):
        with pytest.raises(PermissionDenied):
            credit_repair_decide(repair=repair, approve=True, reason="同意。", by=user)
    assert CreditRepair.objects.get().status == RepairStatus.PENDING


def test_bad_input_or_a_bad_upload_saves_nothing(people):
    entry = listed(people)
    with pytest.raises(ValidationError, match="至少10个字"):
        credit_repair_apply(entry=entry, grounds="已改", by=people["rep"])
    with pytest.raises(ValidationError):
        credit_repair_apply(
            entry=entry, grounds="已恢复联系，请予移出名录。", uploads=[upload("x.pdf", b"not a pdf")], by=people["rep"]
        )
    assert not CreditRepair.objects.exists()


def test_dishonest_application_is_refused_before_two_years_and_a_new_ground_restarts_them(people):
    fine = listed(people, reason_code=CreditReason.LARGE_FINE, on=datetime.date(2023, 1, 10))
    fine.refresh_from_db()
    assert fine.removable_from == datetime.date(2025, 1, 10)
    listed(people, reason_code=CreditReason.UNREACHABLE, on=timezone.localdate())  # a new ground today
    fine.refresh_from_db()
    assert fine.removable_from > timezone.localdate()
    with pytest.raises(ValidationError, match="满2年"):
        credit_repair_apply(entry=fine, grounds="罚款已缴清，请予移出。", by=people["rep"])
    assert not CreditRepair.objects.exists()


def test_revocation_entry_waits_for_deregistration(people):
    entry = listed(people, reason_code=CreditReason.REVOKED, on=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="注销登记"):
        credit_repair_apply(entry=entry, grounds="请求移出严重违法失信名单。", by=people["rep"])
    Organization.objects.filter(pk=people["org"].pk).update(status=OrgStatus.DEREGISTERED)
    entry.refresh_from_db()
    repair = credit_repair_apply(entry=entry, grounds="已完成注销登记，请求移出。", by=people["rep"])
    credit_repair_decide(repair=repair, approve=True, reason="已完成注销登记。", by=people["inspector"])
    entry.refresh_from_db()
    assert entry.removed_on is not None


def test_promoted_entry_needs_the_missing_report_first(people):
    listed(people, reason_code=CreditReason.ANNUAL_REPORT_MISSING, on=datetime.date(2022, 6, 1), year=2021)
    credit_sweep(today=datetime.date(2024, 6, 2))
    promoted = CreditEntry.objects.get(reason_code=CreditReason.ABNORMAL_TWO_YEARS)
    CreditEntry.objects.filter(pk=promoted.pk).update(removable_from=datetime.date(2024, 6, 1))
    promoted.refresh_from_db()
    with pytest.raises(ValidationError, match="履行相关义务"):
        credit_repair_apply(entry=promoted, grounds="请求移出严重违法失信名单。", by=people["rep"])
    AnnualReport.objects.create(
        organization=people["org"],
        year=2021,
        deadline=datetime.date(2022, 5, 31),
        submitted_at=timezone.now(),
    )
    assert credit_repair_apply(entry=promoted, grounds="已补报2021年度工作报告。", by=people["rep"]).pk


def test_accepting_the_last_owed_rectification_clears_the_rectification_ground(people):
    """办法: an abnormal entry leaves within 5 working days of the verified correction; here, at the verification."""
    org = people["org"]
    orders = [
        rectification_order(organization=org, source="spot_check", requirements=text, by=people["inspector"])
        for text in ("补开会员大会完成换届。", "在网站公开年度工作报告。")
    ]
    entry = credit_manual_list(
        organization=org,
        reason_code=CreditReason.RECTIFICATION_NOT_DONE,
        reason="逾期未完成整改。",
        by=people["inspector"],
    )
    for order in orders:
        rectification_reply(rectification=order, reply="已按要求完成整改。", by=people["rep"])
    rectification_review(rectification=orders[0], accepted=True, note="", by=people["inspector"])
    entry.refresh_from_db()
    assert entry.removed_on is None  # one rectification is still owed
    rectification_review(rectification=orders[1], accepted=True, note="", by=people["inspector"])
    entry.refresh_from_db()
    assert entry.removed_on is not None and orders[1].reference in entry.removal_reason
    assert not Organization.objects.get(pk=org.pk).on_abnormal_list
