"""Task and process URLs: the task must belong to the process named, the process must exist and be the
officer's bureau's, and a step that loses a race against the database answers with a message."""

import pytest
from django.db import OperationalError
from django.test import Client
from viewflow.workflow.status import STATUS

from registry.choices import OrgType
from tests.workflows.conftest import act, fill_application, open_task
from workflows.flows.registration import RegistrationFlow
from workflows.flows.registration.views import AcceptView

pytestmark = pytest.mark.django_db


def submitted(client, applicant, jurisdiction, org_type, name=None):
    application = fill_application(client, applicant, jurisdiction, org_type, name=name)
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    return application


def test_a_task_is_refused_under_another_process_number(client, applicant, bureau, minhang):
    first = submitted(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    second = submitted(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    task, other = open_task(first), open_task(second)
    window = Client()
    window.force_login(bureau["window"])
    for view in ("assign", "execute", "detail"):
        crossed = task.flow_task.reverse(view, args=[other.process_id, task.pk])
        assert window.post(crossed).status_code == 404, view
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None
    assert window.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 302


def test_process_pages_are_walled_and_a_missing_process_is_not_found(client, applicant, bureau, minhang):
    application = submitted(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    process_id = open_task(application).process_id
    minhang_officer, songjiang_officer = Client(), Client()
    minhang_officer.force_login(bureau["reviewer"])
    songjiang_officer.force_login(bureau["sj_window"])
    for page in (f"/workflow/work/registration/{process_id}/chart/", f"/workflow/work/registration/{process_id}/"):
        assert minhang_officer.get(page).status_code == 200
        assert songjiang_officer.get(page).status_code == 403
    assert minhang_officer.get("/workflow/work/registration/987654/chart/").status_code == 404
    assert minhang_officer.get("/workflow/work/registration/987654/").status_code == 404
    assert Client().get(f"/workflow/work/registration/{process_id}/chart/").status_code == 302  # log in first


def test_a_step_refused_by_the_database_answers_with_a_message(client, applicant, bureau, minhang, monkeypatch):
    application = submitted(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    task = open_task(application)
    args = [task.process_id, task.pk]
    window = Client()
    window.force_login(bureau["window"])
    assert window.post(task.flow_task.reverse("assign", args=args)).status_code == 302

    def locked(self, data):
        raise OperationalError("database is locked")

    monkeypatch.setattr(AcceptView, "decide", locked)
    response = window.post(task.flow_task.reverse("execute", args=args), {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert "该任务正在由其他工作人员办理" in response.content.decode()
    application.refresh_from_db()
    task.refresh_from_db()
    assert application.status == "submitted" and task.status == STATUS.ASSIGNED  # nothing half-done


def test_a_task_is_refused_under_another_steps_url(client, applicant, bureau, minhang):
    """The review task opened as `.../accept/<review task>/...` is not found: no claim, no acceptance form."""
    application = submitted(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert act(client, bureau["window"], application, {"decision": "accept", "note": "材料齐全"}).status_code == 302
    review = open_task(application)
    assert review.flow_task.name == "review"
    args = [review.process_id, review.pk]
    window, reviewer = Client(), Client()
    window.force_login(bureau["window"])
    reviewer.force_login(bureau["reviewer"])

    for view in ("assign", "execute", "detail"):
        assert window.post(RegistrationFlow.accept.reverse(view, args=args)).status_code == 404, view
    review.refresh_from_db()
    assert review.status == STATUS.NEW and review.owner is None

    assert reviewer.post(review.flow_task.reverse("assign", args=args)).status_code == 302
    assert reviewer.get(RegistrationFlow.accept.reverse("execute", args=args)).status_code == 404
    assert reviewer.get(RegistrationFlow.approve.reverse("execute", args=args)).status_code == 404
    assert reviewer.get(review.flow_task.reverse("execute", args=args)).status_code == 200
