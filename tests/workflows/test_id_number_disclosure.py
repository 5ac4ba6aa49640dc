"""Full ID numbers: masked on every page, shown to the bureau's officers on request, each showing logged."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from registry.choices import OrgType
from registry.models import IdNumberDisclosure
from registry.models.history import AppendOnlyError
from tests.workflows.conftest import fill_application, open_task

pytestmark = pytest.mark.django_db
FULL = "11010519491231002X"
MASKED = "110*************2X"


@pytest.fixture
def application(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    return application


def officer_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_task_page_masks_id_numbers(application, bureau):
    task = open_task(application)
    window = officer_client(bureau["window"])
    window.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = window.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert MASKED in page and FULL not in page
    assert not IdNumberDisclosure.objects.exists()


def test_an_officer_of_the_bureau_sees_full_numbers_on_request_and_each_is_logged(application, bureau):
    page = officer_client(bureau["reviewer"]).post(f"/workflow/work/id-numbers/{application.pk}/")
    assert page.status_code == 200 and FULL in page.content.decode()
    logged = IdNumberDisclosure.objects.order_by("id")
    assert [(e.by, e.roles, e.person_name, e.id_number_masked) for e in logged] == [
        (bureau["reviewer"], "reviewer", "张伟", MASKED),  # legal representative
        (bureau["reviewer"], "reviewer", "张伟", MASKED),  # also 理事长
        (bureau["reviewer"], "reviewer", "王芳", "110*************11"),
    ]
    assert all(e.case_reference == application.reference for e in logged)


def test_other_bureaus_and_applicants_get_no_full_numbers_and_leave_no_entry(application, bureau, applicant):
    assert officer_client(bureau["sj_window"]).post(f"/workflow/work/id-numbers/{application.pk}/").status_code == 403
    assert officer_client(applicant).post(f"/workflow/work/id-numbers/{application.pk}/").status_code == 403
    assert not IdNumberDisclosure.objects.exists()


def test_the_section_head_reads_the_log_and_no_one_can_rewrite_it(application, bureau):
    officer_client(bureau["reviewer"]).post(f"/workflow/work/id-numbers/{application.pk}/")
    head_page = officer_client(bureau["approver"]).get("/workflow/work/id-numbers/log/").content.decode()
    assert "mh_reviewer" in head_page and application.reference in head_page and FULL not in head_page
    assert (
        "/workflow/work/id-numbers/log/" in officer_client(bureau["approver"]).get("/workflow/work/").content.decode()
    )
    assert (
        "/workflow/work/id-numbers/log/" not in officer_client(bureau["window"]).get("/workflow/work/").content.decode()
    )
    window_page = officer_client(bureau["window"]).get("/workflow/work/id-numbers/log/").content.decode()
    assert application.reference not in window_page  # only the head of the bureau reads it

    entry = IdNumberDisclosure.objects.first()
    entry.person_name = "改写"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            IdNumberDisclosure.objects.filter(pk=entry.pk).update(person_name="改写")
