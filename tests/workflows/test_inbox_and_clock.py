"""The officer's inbox orders by deadline with overdue first; corrections stop the clock."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from registry.choices import OrgType
from registry.models import ApplicationStatus
from registry.rules.deadlines import add_working_days, working_days_between
from registry.selectors import work_calendar
from tests.workflows.conftest import act, fill_application, open_task
from workflows.inbox.selectors import officer_tasks

pytestmark = pytest.mark.django_db


def accepted(client, applicant, bureau, minhang, name):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, name=name)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    application.refresh_from_db()
    return application


def test_overdue_tasks_come_first_and_are_marked(client, applicant, bureau, minhang):
    on_time = accepted(client, applicant, bureau, minhang, "上海市闵行区晨光社区服务中心")
    late = accepted(client, applicant, bureau, minhang, "上海市闵行区晚霞社区服务中心")
    late.decision_due_on = timezone.localdate() - datetime.timedelta(days=10)
    late.save()
    tasks = list(officer_tasks(bureau["reviewer"]))
    assert [t.process.bureauprocess.application_id for t in tasks] == [late.pk, on_time.pk]
    reviewer = Client()
    reviewer.force_login(bureau["reviewer"])
    page = reviewer.get("/workflow/work/").content.decode()
    assert page.index(late.reference) < page.index(on_time.reference)
    assert "已超期" in page and 'class="reg-overdue"' in page
    # The window officer's inbox holds neither: review belongs to reviewers.
    assert list(officer_tasks(bureau["window"])) == []


def test_correction_during_review_stops_the_clock(client, applicant, bureau, minhang):
    application = accepted(client, applicant, bureau, minhang, "上海市闵行区春晖社区服务中心")
    due_before = application.decision_due_on
    act(client, bureau["reviewer"], application, {"decision": "corrections", "items": "补充场地消防验收意见"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTING
    # Pretend the applicant took from the previous Monday week to correct.
    stopped = timezone.localdate() - datetime.timedelta(days=8)
    application.clock_stopped_on = stopped
    application.save()
    client.force_login(applicant)
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert "补正中，停止计时" in page and "补充场地消防验收意见" in page
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302

    application.refresh_from_db()
    calendar = work_calendar(stopped.year, stopped.year + 1)
    paused = working_days_between(stopped, timezone.localdate(), calendar)
    assert paused > 0 and application.paused_working_days == paused
    assert application.status == ApplicationStatus.ACCEPTED and application.clock_stopped_on is None
    assert application.decision_due_on == add_working_days(application.accepted_on, 20 + paused, calendar).due
    assert application.decision_due_on > due_before
    assert open_task(application).flow_task.name == "review"  # back to the step that asked


def test_inbox_queries_do_not_grow_with_the_number_of_tasks(client, applicant, bureau, minhang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    names = iter(f"上海市闵行区{w}社区服务中心" for w in ("甲子", "乙丑", "丙寅", "丁卯", "戊辰", "己巳"))

    def submit(count):
        for _ in range(count):
            application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, name=next(names))
            client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})

    def inbox_queries():
        window = Client()
        window.force_login(bureau["window"])
        window.get("/workflow/work/")
        with CaptureQueriesContext(connection) as captured:
            assert window.get("/workflow/work/").status_code == 200
        return len(captured)

    submit(2)
    few = inbox_queries()
    submit(4)
    assert inbox_queries() == few
