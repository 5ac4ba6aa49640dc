"""A change of legal representative is refused until the outgoing one's departure audit (离任审计) is filed."""

import datetime

import pytest
from django.utils import timezone

from registry.models import ApplicationStatus
from registry.services.application_checks import application_problems
from registry.services.officer_filings import departure_audit_file
from tests.workflows.conftest import pdf_bytes, upload
from tests.workflows.test_change_registration import fill_change, registered, start_change  # noqa: F401

pytestmark = pytest.mark.django_db
MESSAGE = "变更法定代表人前，须先办理原法定代表人张伟的离任审计备案（上传审计报告）。"


def test_a_new_legal_representative_waits_for_the_departure_audit(client, applicant, registered):  # noqa: F811
    application = start_change(client, applicant, registered)
    fill_change(client, application)
    people = {
        "rep-legal_rep_name": "李娜",
        "rep-legal_rep_id_number": "110105198501010039",
        "officers-TOTAL_FORMS": "0",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "30",
    }
    assert client.post(f"/portal/applications/{application.pk}/edit/people/", people).status_code == 302
    application.refresh_from_db()
    assert MESSAGE in application_problems(application)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    departure_audit_file(
        organization=registered,
        by=applicant,
        auditor="上海立信会计师事务所",
        period_from=datetime.date(2021, 1, 1),
        period_to=timezone.localdate(),
        report=upload("audit.pdf", pdf_bytes("audit")),
    )
    assert MESSAGE not in application_problems(application)


def test_a_change_that_keeps_the_legal_representative_needs_no_audit(client, applicant, registered):  # noqa: F811
    application = start_change(client, applicant, registered)
    fill_change(client, application, domicile="上海市闵行区七宝镇新镇路1号")
    assert MESSAGE not in application_problems(application)
