"""Officers are warned where a deadline runs into a year whose holiday schedule is not loaded.

DOMAIN (working days): `chinese-calendar` knows its published years only; for a year without a published
schedule deadlines count weekends only and officers are warned.
"""

import datetime

import pytest
from django.utils import timezone

from registry.choices import OrgType
from registry.models import CalendarYear
from registry.selectors import unpublished_years
from tests.workflows.conftest import act, fill_application, open_task

pytestmark = pytest.mark.django_db


def load(*years):
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "国办发明电"})


def submitted(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    return application


def test_unpublished_years_lists_every_year_not_loaded():
    load(2030)
    assert unpublished_years(datetime.date(2029, 12, 1), datetime.date(2031, 1, 5)) == [2029, 2031]
    assert unpublished_years(datetime.date(2030, 3, 1), datetime.date(2030, 12, 31)) == []


def test_the_inbox_warns_about_a_later_year_a_deadline_on_the_page_runs_into(client, applicant, bureau, minhang):
    today = timezone.localdate()
    load(today.year, today.year + 1)
    application = submitted(client, applicant, minhang)
    act(client, bureau["window"], application, {"decision": "accept"})
    application.refresh_from_db()
    far = datetime.date(today.year + 2, 3, 1)
    application.decision_due_on = far
    application.save(update_fields=["decision_due_on"])
    assert open_task(application).flow_task.due_on(application) == far
    client.force_login(bureau["reviewer"])
    page = client.get("/workflow/work/").content.decode()
    assert f"{today.year + 2}年的法定节假日安排尚未录入" in page


def test_the_inbox_is_quiet_when_every_year_is_loaded(client, bureau):
    today = timezone.localdate()
    load(today.year, today.year + 1)
    client.force_login(bureau["window"])
    assert "法定节假日安排尚未录入" not in client.get("/workflow/work/").content.decode()


def test_a_task_whose_deadline_runs_into_an_unloaded_year_says_so(client, applicant, bureau, minhang):
    today = timezone.localdate()
    load(today.year)
    CalendarYear.objects.filter(year__gt=today.year).delete()
    application = submitted(client, applicant, minhang)
    act(client, bureau["window"], application, {"decision": "accept"})
    application.refresh_from_db()
    application.decision_due_on = datetime.date(today.year + 1, 1, 8)
    application.save(update_fields=["decision_due_on"])
    client.force_login(bureau["reviewer"])
    task = open_task(application)
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    page = client.get(task.flow_task.reverse("execute", args=args)).content.decode()
    assert f"{today.year + 1}年的法定节假日安排尚未录入：该期限暂按周末计算" in page
    load(today.year + 1)
    page = client.get(task.flow_task.reverse("execute", args=args)).content.decode()
    assert "该期限暂按周末计算" not in page
