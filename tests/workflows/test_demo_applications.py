"""The demo puts applications at several steps, so each demo officer finds work in the inbox."""

import pytest
from django.core.management import call_command

from registry.models import RegistrationApplication
from workflows.inbox.selectors import officer_tasks

pytestmark = pytest.mark.django_db


def test_demo_applications_fill_the_inboxes_once(django_user_model):
    call_command("seed_demo", orgs=20, seed=7)
    call_command("seed_demo_applications")
    call_command("seed_demo_applications")  # a second run changes nothing
    applicant = django_user_model.objects.get(username="applicant")
    statuses = sorted(RegistrationApplication.objects.filter(applicant=applicant).values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "draft", "submitted"]
    for username, step in (("mh_window", "accept"), ("mh_reviewer", "review"), ("mh_approver", "approve")):
        tasks = list(officer_tasks(django_user_model.objects.get(username=username)))
        assert [t.flow_task.name for t in tasks] == [step], username
    assert list(officer_tasks(django_user_model.objects.get(username="sj_window"))) == []


def test_demo_evaluation_has_a_public_notice_and_work_at_each_step(django_user_model, client):
    from registry.models import EvaluationRound, EvaluationStatus, RoundStatus
    from registry.selectors import assigned_applications

    call_command("seed_demo", orgs=300, seed=7)
    call_command("seed_demo_evaluation")
    call_command("seed_demo_evaluation")  # a second run changes nothing
    last, current = EvaluationRound.objects.order_by("year")
    assert last.status == RoundStatus.NOTICE
    assert set(last.applications.values_list("status", flat=True)) == {EvaluationStatus.NOTICE}
    assert sorted(current.applications.values_list("status", flat=True)) == ["committee", "scoring", "submitted"]
    html = client.get(f"/notices/evaluation/{last.pk}/").content.decode()
    for application in last.applications.select_related("organization"):
        assert application.organization.name in html and application.committee_grade in html
    evaluator = django_user_model.objects.get(username="evaluator")
    assert {a.status for a in assigned_applications(evaluator)} >= {EvaluationStatus.SCORING}
    steps = {
        username: {t.flow_task.name for t in officer_tasks(django_user_model.objects.get(username=username))}
        for username in ("mh_reviewer", "mh_approver")
    }
    assert "eligibility" in steps["mh_reviewer"] and "committee" in steps["mh_approver"]


def test_demo_supervision_shows_published_results_and_work_in_progress(client):
    from registry.models import (
        CampaignStatus,
        CaseReferral,
        Complaint,
        CreditRepair,
        Rectification,
        RepairStatus,
        SpotCheckCampaign,
    )

    call_command("seed_demo", orgs=300, seed=7)
    call_command("seed_demo_supervision")
    call_command("seed_demo_supervision")  # a second run changes nothing
    done, under_way = SpotCheckCampaign.objects.order_by("id")
    assert done.status == CampaignStatus.RESULTS_PUBLISHED and under_way.status == CampaignStatus.PLAN_PUBLISHED
    assert Rectification.objects.count() == 1 and CaseReferral.objects.count() == 1
    assert sorted(Complaint.objects.values_list("status", flat=True)) == ["accepted", "received"]
    html = client.get(f"/spot-checks/{done.pk}/").content.decode()
    assert "责令整改" in html and "移送立案" in html
    assert all(check.inspectors.count() == 2 for check in done.checks.all())  # 2 inspectors on site
    repair = CreditRepair.objects.get()  # one credit-repair application awaiting a decision
    assert repair.status == RepairStatus.PENDING and repair.entry.organization.on_abnormal_list
