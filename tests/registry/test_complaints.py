"""Complaints from the public: received with a number and a code, handled by the bureau, the complainant told."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from registry.choices import OfficerRole
from registry.models import CaseReferral, Complaint, ComplaintStatus, PenaltyCase, Rectification
from registry.rules.penalties import CaseStage
from registry.selectors import complaint_lookup
from registry.services.complaints import (
    complaint_assign,
    complaint_conclude,
    complaint_decide,
    complaint_extend,
    complaint_submit,
)
from registry.services.officers import officer_assign
from tests.factories import OrganizationFactory, UserFactory
from tests.workflows.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def officer(username, jurisdiction, *roles):
    user = UserFactory(username=username, is_staff=True)
    for role in roles:
        officer_assign(user=user, jurisdiction=jurisdiction, role=role)
    return user


@pytest.fixture
def people(minhang, songjiang):
    return {
        "head": officer("head", minhang, OfficerRole.APPROVER),
        "inspector": officer("insp", minhang, OfficerRole.INSPECTOR),
        "inspector2": officer("insp2", minhang, OfficerRole.INSPECTOR),
        "sj": officer("sj", songjiang, OfficerRole.INSPECTOR, OfficerRole.APPROVER),
        "org": OrganizationFactory(jurisdiction=minhang),
    }


def submit(people, **extra):
    fields = {
        "organization": people["org"],
        "category": "fees",
        "description": "该协会强制要求会员单位缴纳赞助费，否则不予评优。",
        "name": "王小明",
        "email": "wang@example.cn",
    } | extra
    return complaint_submit(**fields)


def test_submit_gives_a_number_and_a_code_that_finds_it(people, minhang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, code = submit(people, uploads=[upload("evidence.pdf", pdf_bytes())])
    assert complaint.jurisdiction == minhang and complaint.status == ComplaintStatus.RECEIVED
    assert complaint.number.startswith("TS") and len(code) == 8
    assert code not in complaint.query_code_digest
    assert complaint_lookup(number=complaint.number, code=code.lower()) == complaint
    assert complaint_lookup(number=complaint.number, code="WRONG234") is None
    assert complaint_lookup(number="TS2026", code=code) is None
    assert complaint.files.count() == 1
    assert complaint.accept_due > datetime.date.today()
    assert len(mail.outbox) == 1 and complaint.number in mail.outbox[0].body


def test_anonymous_complaint_keeps_no_name_and_sends_nothing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _code = submit(people, anonymous=True, email="")
    assert complaint.anonymous and complaint.complainant_name == "" and not mail.outbox


def test_free_text_subject_needs_a_bureau(people, minhang):
    with pytest.raises(ValidationError, match="登记管理机关"):
        submit(people, organization=None, organization_text="某某读书会（未登记）")
    complaint, _code = submit(people, organization=None, organization_text="某某读书会（未登记）", jurisdiction=minhang)
    assert complaint.subject == "某某读书会（未登记）"


def test_bad_input_lists_every_problem_and_saves_nothing(people):
    with pytest.raises(ValidationError) as caught:
        submit(people, category="", description="太短", mobile="123")
    assert len(caught.value.messages) == 3 and not Complaint.objects.exists()


def test_a_bad_upload_saves_nothing(people):
    with pytest.raises(ValidationError):
        submit(people, uploads=[upload("evidence.pdf", b"not a pdf at all")])
    assert not Complaint.objects.exists()


def test_assign_accept_and_conclude_with_rectification(people, django_capture_on_commit_callbacks):
    complaint, _code = submit(people)
    with pytest.raises(PermissionDenied):
        complaint_assign(complaint=complaint, to=people["inspector2"], by=people["inspector"])  # only the head
    complaint_assign(complaint=complaint, to=people["inspector"], by=people["head"])
    with pytest.raises(PermissionDenied):
        complaint_decide(complaint=complaint, accept=True, by=people["inspector2"])  # not theirs
    with pytest.raises(PermissionDenied):
        complaint_decide(complaint=complaint, accept=True, by=people["sj"])  # another bureau
    with django_capture_on_commit_callbacks(execute=True):
        accepted = complaint_decide(complaint=complaint, accept=True, by=people["inspector"])
    assert accepted.status == ComplaintStatus.ACCEPTED
    assert accepted.finish_due == accepted.decided_on + datetime.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        done = complaint_conclude(
            complaint=complaint,
            findings="经核实，该会确有要求会员缴纳赞助费的情况。",
            reply="已责令该会停止违规收费并退还。",
            outcome="rectification",
            by=people["inspector"],
        )
    assert done.status == ComplaintStatus.CONCLUDED
    assert Rectification.objects.get(complaint=complaint).organization == people["org"]
    assert "已责令该会停止违规收费并退还" in mail.outbox[-1].body


def test_not_accepted_needs_a_reason(people):
    complaint, _code = submit(people)
    with pytest.raises(ValidationError, match="理由"):
        complaint_decide(complaint=complaint, accept=False, by=people["head"])
    declined = complaint_decide(complaint=complaint, accept=False, reason="不属于民政部门职责。", by=people["head"])
    assert declined.status == ComplaintStatus.NOT_ACCEPTED


def test_conclude_by_referral_and_free_text_cannot_be_referred(people, minhang):
    complaint, _code = submit(people)
    complaint_decide(complaint=complaint, accept=True, by=people["head"])
    complaint_conclude(
        complaint=complaint, findings="查实违规收费。", reply="已移送立案查处。", outcome="referred", by=people["head"]
    )
    referral = CaseReferral.objects.get()
    assert referral.source == "complaint" and referral.source_reference == complaint.number
    case = PenaltyCase.objects.get(organization=complaint.organization)  # filed, waiting for the section head
    assert (case.source, case.source_reference, case.stage) == ("complaint", complaint.number, CaseStage.FILED)
    assert referral.case_reference == case.reference and case.processes.filter(finished__isnull=True).exists()
    loose, _code = submit(people, organization=None, organization_text="无名读书会", jurisdiction=minhang)
    complaint_decide(complaint=loose, accept=True, by=people["head"])
    with pytest.raises(ValidationError, match="不在登记信息中"):
        complaint_conclude(complaint=loose, findings="x", reply="y", outcome="referred", by=people["head"])
    loose.refresh_from_db()
    assert loose.status == ComplaintStatus.ACCEPTED and CaseReferral.objects.count() == 1


# 民发〔2016〕139号: the extension (once, at most 30 days) is approved, and the complainant is told why.
def test_section_head_extends_an_accepted_complaint_once_and_the_complainant_is_told(
    people, django_capture_on_commit_callbacks
):
    complaint, _code = submit(people)
    complaint_assign(complaint=complaint, to=people["inspector"], by=people["head"])
    accepted = complaint_decide(complaint=complaint, accept=True, by=people["inspector"])
    first_due = accepted.finish_due
    with pytest.raises(PermissionDenied, match="科长"):
        complaint_extend(complaint=complaint, days=20, reason="需会同业务主管单位调查。", by=people["inspector"])
    with pytest.raises(ValidationError, match="不得超过30日"):
        complaint_extend(complaint=complaint, days=31, reason="需会同业务主管单位调查。", by=people["head"])
    with pytest.raises(ValidationError, match="理由"):
        complaint_extend(complaint=complaint, days=20, reason=" ", by=people["head"])
    complaint.refresh_from_db()
    assert complaint.finish_due == first_due and complaint.extended_days is None
    with django_capture_on_commit_callbacks(execute=True):
        extended = complaint_extend(complaint=complaint, days=20, reason="需会同业务主管单位调查。", by=people["head"])
    assert extended.finish_due == first_due + datetime.timedelta(days=20) and extended.extended_days == 20
    assert "延长至" in mail.outbox[-1].body and "需会同业务主管单位调查" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="只能延长一次"):
        complaint_extend(complaint=complaint, days=5, reason="再延长。", by=people["head"])
    complaint.refresh_from_db()
    assert complaint.finish_due == first_due + datetime.timedelta(days=20)


def test_only_an_accepted_complaint_can_be_extended(people):
    complaint, _code = submit(people)
    with pytest.raises(ValidationError, match="已受理"):
        complaint_extend(complaint=complaint, days=10, reason="情况复杂。", by=people["head"])
