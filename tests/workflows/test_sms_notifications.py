"""A mobile-only applicant hears of every step by SMS, through the one message sender."""

import datetime

import pytest
from django.core import mail
from guardian.shortcuts import assign_perm

from registry.choices import OrgType
from registry.sms import MemorySmsBackend
from tests.factories import AnnualReportFactory
from tests.workflows.conftest import PASSWORD, act, confirmed_applicant, fill_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def mobile_only(db):
    return confirmed_applicant(
        mobile="13912345678", email="", password=PASSWORD, real_name="赵敏", id_number="11010519491231002X"
    )


def test_submission_corrections_and_decision_reach_a_mobile_only_applicant_by_sms(
    client, mobile_only, bureau, minhang, sms, django_capture_on_commit_callbacks
):
    application = fill_application(client, mobile_only, minhang, OrgType.SERVICE_AGENCY)
    sms.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"decision": "corrections", "items": "章程缺页", "reason": "补正"})
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(mobile_only)
        client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"decision": "refuse", "reason": "不属于本机关登记管辖范围"})
    assert [mobile for mobile, _text in sms] == ["13912345678"] * len(sms) and len(sms) >= 3
    texts = "\n".join(text for _mobile, text in sms)
    assert application.reference in texts and "补正" in texts and "不属于本机关登记管辖范围" in texts
    assert not mail.outbox


def test_annual_report_reminder_reaches_a_mobile_only_representative_by_sms(
    make_org, mobile_only, sms, django_capture_on_commit_callbacks
):
    from registry.services.annual import report_reminders

    organization = make_org(name="上海市闵行区短信提醒协会")
    assign_perm("registry.manage_organization", mobile_only, organization)
    AnnualReportFactory(organization=organization, year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders(today=datetime.date(2026, 5, 25)) == 1
    assert len(sms) == 1 and sms[0][0] == "13912345678" and "2025" in sms[0][1]
