"""Every change to the register writes exactly one event of its kind, in the same transaction."""

import datetime

import pytest
from django.db import transaction
from guardian.shortcuts import assign_perm

from registry.choices import Grade, HistoryAction, OfficerRole, OrgStatus, OrgType
from registry.models import ChangeEvent, ChangeKind, CreditEntry
from registry.rules.credit import CreditReason
from registry.rules.evaluation import GradeBasis
from registry.rules.penalties import PenaltyKind
from registry.selectors.changes import event_payload
from registry.services.codes import assign_uscc
from registry.services.credit import credit_list_add, credit_list_remove
from registry.services.filings import filing_record
from registry.services.officers import officer_assign
from registry.services.register import (
    grade_change,
    grades_lapse,
    organization_create,
    organization_deregister,
    organization_revoke,
    organization_update,
)
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 6, 1)


@pytest.fixture
def approver(officer, minhang):
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.APPROVER)
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    return officer


@pytest.fixture
def applicant(db):
    return ApplicantFactory(mobile="13812345678", email="founder@example.org", password="Correct-Horse-9")


def kinds_of(organization) -> list[str]:
    return list(ChangeEvent.objects.filter(organization=organization).order_by("id").values_list("kind", flat=True))


def register(minhang, officer, name="上海市闵行区围棋发展协会"):
    return organization_create(
        by=officer,
        reason="依申请核准",
        org_type=OrgType.SOCIAL_ASSOCIATION,
        jurisdiction=minhang,
        name=name,
        uscc=assign_uscc(org_type=OrgType.SOCIAL_ASSOCIATION, jurisdiction=minhang),
        domicile="上海市闵行区莘庄镇1号",
        legal_rep_name="王芳",
        legal_rep_id_number="11010519491231002X",
        business_scope="围棋培训与交流",
        direct_category="charity",
        activity_area="上海市闵行区",
        registered_funds="50000.00",
        founded_on=DAY,
    )


def rolled_back(action):
    """Run `action` in a transaction that then fails."""
    with pytest.raises(RuntimeError), transaction.atomic():
        action()
        raise RuntimeError("the rest of the operation failed")


def test_registration_writes_one_registered_event_with_every_field(minhang, officer):
    org = register(minhang, officer)
    event = ChangeEvent.objects.get(organization=org)
    assert event.kind == ChangeKind.REGISTERED and event.code == org.uscc and event.name == org.name
    assert event.fields["domicile"] == [None, "上海市闵行区莘庄镇1号"]


def test_a_change_writes_one_event_with_only_the_changed_fields(make_org, officer):
    org = make_org(domicile="旧址")
    organization_update(organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile="新址")
    event = ChangeEvent.objects.get(organization=org)
    assert event.kind == ChangeKind.CHANGED and event.fields == {"domicile": ["旧址", "新址"]}


def test_a_write_that_changes_nothing_writes_no_event(make_org, officer):
    org = make_org(domicile="旧址")
    organization_update(organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile="旧址")
    assert kinds_of(org) == []


def test_a_grade_given_then_lowered_then_lapsed(make_org, approver):
    org = make_org()
    organization_update(
        organization=org,
        by=approver,
        reason="评定",
        action=HistoryAction.GRADE,
        grade=Grade.A4,
        grade_expires_on=datetime.date(2026, 12, 31),
    )
    assert kinds_of(org) == [ChangeKind.GRADE_GIVEN]
    grade_change(organization=org, by=approver, to_grade=Grade.A3, basis=GradeBasis.VIOLATION, reason="违规")
    assert kinds_of(org) == [ChangeKind.GRADE_GIVEN, ChangeKind.GRADE_GIVEN]
    assert grades_lapse(today=datetime.date(2027, 1, 1)) == 1
    assert kinds_of(org) == [ChangeKind.GRADE_GIVEN, ChangeKind.GRADE_GIVEN, ChangeKind.GRADE_LAPSED]
    lapsed = ChangeEvent.objects.filter(organization=org).order_by("id").last()
    assert lapsed.fields["grade"] == [Grade.A3, ""]


def test_credit_listing_and_removal_write_one_event_each_with_the_entry(make_org, approver):
    org = make_org()
    entry = credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    assert kinds_of(org) == [ChangeKind.CREDIT_LISTED]  # the list flag's history entry adds no second event
    listed = ChangeEvent.objects.get(organization=org)
    assert listed.detail == {
        "list": "abnormal",
        "reason_code": CreditReason.UNREACHABLE,
        "year": None,
        "listed_on": DAY.isoformat(),
        "removed_on": None,
        "authority": "310112",
    }
    credit_list_remove(entry=entry, reason="已恢复联系", by=approver, on=DAY + datetime.timedelta(days=3))
    assert kinds_of(org) == [ChangeKind.CREDIT_LISTED, ChangeKind.CREDIT_REMOVED]
    removed = ChangeEvent.objects.filter(organization=org).order_by("id").last()
    assert removed.detail["removed_on"] == "2024-06-04"


def test_a_second_open_entry_on_the_same_ground_writes_no_event(make_org):
    org = make_org()
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="住所无法联系", on=DAY)
    assert kinds_of(org) == [ChangeKind.CREDIT_LISTED] and CreditEntry.objects.filter(organization=org).count() == 1


def test_revocation_and_deregistration_write_one_event_each(make_org, officer):
    revoked = make_org()
    organization_revoke(organization=revoked, by=officer, reason="撤销登记", on=DAY)
    assert kinds_of(revoked) == [ChangeKind.REVOKED]
    assert ChangeEvent.objects.get(organization=revoked).fields["status"] == [OrgStatus.NORMAL, OrgStatus.REVOKED]
    deregistered = make_org()
    organization_deregister(organization=deregistered, by=officer, reason="注销", on=DAY)
    assert kinds_of(deregistered) == [ChangeKind.DEREGISTERED]


def test_a_filing_writes_one_event(make_org, applicant):
    org = make_org()
    assign_perm("registry.manage_organization", applicant, org)
    filing_record(organization=org, kind="bank_account", details="中国银行莘庄支行 6222 0000", by=applicant, today=DAY)
    event = ChangeEvent.objects.get(organization=org)
    assert event.kind == ChangeKind.FILING and event.detail == {"filing_kind": "bank_account", "filed_on": "2024-06-01"}
    assert "6222" not in str(event_payload(event))  # the account number itself is not in the stream


@pytest.mark.parametrize(
    "action",
    ["register", "change", "grade", "credit_listed", "credit_removed", "revoke", "deregister", "filing"],
)
def test_a_rolled_back_action_leaves_no_event(action, make_org, minhang, approver, applicant):
    org = make_org()
    assign_perm("registry.manage_organization", applicant, org)
    entry = CreditEntry.objects.none()
    if action == "credit_removed":
        entry = credit_list_add(organization=org, reason_code=CreditReason.UNREACHABLE, reason="无法联系", on=DAY)
    before = ChangeEvent.objects.count()
    actions = {
        "register": lambda: register(minhang, approver),
        "change": lambda: organization_update(
            organization=org, by=approver, reason="变更", action=HistoryAction.CHANGED, domicile="新址"
        ),
        "grade": lambda: organization_update(
            organization=org,
            by=approver,
            reason="评定",
            action=HistoryAction.GRADE,
            grade=Grade.A3,
            grade_expires_on=datetime.date(2026, 12, 31),
        ),
        "credit_listed": lambda: credit_list_add(
            organization=org, reason_code=CreditReason.UNREACHABLE, reason="无法联系", on=DAY
        ),
        "credit_removed": lambda: credit_list_remove(entry=entry, reason="已恢复", by=approver, on=DAY),
        "revoke": lambda: organization_revoke(organization=org, by=approver, reason="撤销登记", on=DAY),
        "deregister": lambda: organization_deregister(organization=org, by=approver, reason="注销", on=DAY),
        "filing": lambda: filing_record(organization=org, kind="seal", details="单位公章，某刻制厂", by=applicant),
    }
    rolled_back(actions[action])
    assert ChangeEvent.objects.count() == before


def test_the_public_scope_leaves_out_the_id_number_and_an_agency_scope_sees_it_masked(make_org, officer):
    org = make_org()
    organization_update(
        organization=org,
        by=officer,
        reason="变更",
        action=HistoryAction.CHANGED,
        legal_rep_name="李娜",
        legal_rep_id_number="310104198001010017",
    )
    event = ChangeEvent.objects.get(organization=org)
    public = event_payload(event)
    assert set(public["fields"]) == {"legal_rep_name"}
    agency = event_payload(event, agency_fields=["legal_rep_id_number"])
    assert agency["fields"]["legal_rep_id_number"] == {"old": "110*************2X", "new": "310*************17"}


@pytest.fixture
def penalty_officers(minhang):
    from tests.workflows.conftest import make_officer

    return {
        "inspector": make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR),
        "inspector2": make_officer("mh_inspector2", minhang, OfficerRole.INSPECTOR),
        "approver": make_officer("mh_approver", minhang, OfficerRole.APPROVER),
        "head": make_officer("mh_head", minhang, OfficerRole.HEAD),
        "reviewer": make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER),
    }


def test_a_penalty_writes_one_penalty_event_besides_its_consequences(make_org, penalty_officers):
    from tests.workflows.test_penalty_flow import served

    org = make_org(name="上海市闵行区违规活动协会", founded_on=datetime.date(2018, 4, 1))
    case = served(org, penalty_officers, PenaltyKind.WARNING)
    penalties = ChangeEvent.objects.filter(organization=org, kind=ChangeKind.PENALTY)
    assert penalties.count() == 1
    assert penalties.get().detail == {
        "decision_number": case.decision_number,
        "penalties": [PenaltyKind.WARNING],
        "served_on": case.served_on.isoformat(),
    }
    assert kinds_of(org) == [ChangeKind.PENALTY, ChangeKind.CREDIT_LISTED]


def test_a_penalty_rolled_back_leaves_no_event(make_org, penalty_officers):
    from tests.workflows.test_penalty_flow import served

    org = make_org(name="上海市闵行区违规活动协会", founded_on=datetime.date(2018, 4, 1))
    rolled_back(lambda: served(org, penalty_officers, PenaltyKind.WARNING))
    assert kinds_of(org) == []
