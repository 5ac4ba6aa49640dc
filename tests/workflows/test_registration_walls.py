"""The jurisdiction wall and role checks on every step: an officer of Songjiang never touches a Minhang file."""

import pytest
from django.test import Client
from viewflow.workflow.status import STATUS

from registry.choices import OrgType
from tests.workflows.conftest import act, confirmed_applicant, fill_application, make_officer, open_task

pytestmark = pytest.mark.django_db

STEPS = [
    ("accept", "window", {"decision": "accept"}),
    ("review", "reviewer", {"decision": "pass", "opinion": "符合条件"}),
    ("approve", "approver", {"decision": "approve"}),
    ("issue", "window", {"confirm": "on"}),
]


def urls(task):
    args = [task.process_id, task.pk]
    return {name: task.flow_task.reverse(name, args=args) for name in ("assign", "execute", "detail")}


def test_every_step_is_walled_off_from_another_jurisdiction_and_other_roles(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    outsider = bureau["sj_window"]  # holds every role, but in Songjiang
    for node, role, data in STEPS:
        task = open_task(application)
        assert task.flow_task.name == node
        task_urls = urls(task)

        other = Client()  # a browser of its own, so no message of another officer's session shows up
        other.force_login(outsider)
        inbox = other.get("/workflow/work/").content.decode()
        assert application.reference not in inbox
        assert other.post(task_urls["assign"]).status_code == 403
        assert other.get(task_urls["execute"]).status_code == 403
        assert other.get(task_urls["detail"]).status_code == 403
        assert other.get(f"/workflow/work/registration/{task.process_id}/").status_code == 403
        assert application.reference not in other.get("/workflow/work/registration/flows/").content.decode()
        assert application.name not in other.get("/workflow/work/registration/tasks/").content.decode()
        document = application.documents.first()
        assert other.get(f"/portal/documents/{document.pk}/").status_code == 404

        # Officers of the right bureau but the wrong role cannot claim it either.
        for other_role in {"window", "reviewer", "approver"} - {role}:
            client.force_login(bureau[other_role])
            assert client.post(task_urls["assign"]).status_code == 403, (node, other_role)
        task.refresh_from_db()
        assert task.status == STATUS.NEW and task.owner is None

        # The applicant is not an officer at all.
        client.force_login(applicant)
        assert client.get(task_urls["execute"]).status_code == 403

        client.force_login(bureau[role])
        assert application.reference in client.get("/workflow/work/").content.decode()
        assert act(client, bureau[role], application, data).status_code == 302
    application.refresh_from_db()
    assert application.organization is not None


def test_claimed_task_cannot_be_done_by_a_colleague(client, applicant, bureau, minhang):
    colleague = make_officer("mh_window2", minhang, "window")
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    task = open_task(application)
    client.force_login(bureau["window"])
    client.post(urls(task)["assign"])
    client.force_login(colleague)
    response = client.post(urls(task)["execute"], {"decision": "accept"}, follow=True)
    assert "已由其他工作人员认领或办结" in response.content.decode()
    task.refresh_from_db()
    assert task.owner == bureau["window"] and task.status == STATUS.ASSIGNED
    application.refresh_from_db()
    assert application.status == "submitted"


def test_other_applicants_and_anonymous_see_nothing(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    document = application.documents.first()
    stranger = confirmed_applicant(
        email="other@example.org", password="Apply-2026-pass", real_name="赵六", id_number="310112198506120035"
    )
    client.force_login(stranger)
    for url in (
        f"/portal/applications/{application.pk}/",
        f"/portal/applications/{application.pk}/edit/particulars/",
        f"/portal/documents/{document.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 404
    assert application.reference not in client.get("/portal/applications/").content.decode()
    assert client.get("/workflow/work/").status_code == 403
    client.logout()
    assert client.get(f"/portal/applications/{application.pk}/")["Location"].startswith("/accounts/login/")
    assert client.get(f"/portal/documents/{document.pk}/")["Location"].startswith("/accounts/login/")


def test_officer_releases_a_claimed_task_back_to_the_queue(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    task = open_task(application)
    client.force_login(bureau["window"])
    client.post(urls(task)["assign"])
    assert "释放" in client.get("/workflow/work/").content.decode()
    response = client.post(task.flow_task.reverse("unassign", args=[task.process_id, task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner is None and task.status == STATUS.NEW
