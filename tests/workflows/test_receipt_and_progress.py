"""The receipt after submission and the public progress lookup by file number and query code."""

import pytest
from django.core.cache import cache
from django.test import Client

from registry.choices import OrgType
from tests.workflows.conftest import act, fill_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, applicant, minhang):
    cache.clear()
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    return application


def test_receipt_shows_number_query_code_and_lookup_link(client, applicant, submitted):
    client.force_login(applicant)
    assert (
        f"/portal/applications/{submitted.pk}/receipt/"
        in client.get(f"/portal/applications/{submitted.pk}/").content.decode()
    )
    page = client.get(f"/portal/applications/{submitted.pk}/receipt/").content.decode()
    assert submitted.reference in page and submitted.query_code in page
    assert f"/progress/?number={submitted.reference}&amp;code={submitted.query_code}" in page
    assert 'src="data:image/svg+xml' in page  # the QR code


def test_receipt_of_a_draft_does_not_exist(client, applicant, minhang):
    draft = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert client.get(f"/portal/applications/{draft.pk}/receipt/").status_code == 404


def test_progress_lookup_shows_stage_and_dates_without_personal_data(client, bureau, submitted):
    public = Client()
    page = public.get("/progress/", {"number": submitted.reference, "code": submitted.query_code.lower()})
    body = page.content.decode()
    assert page.status_code == 200 and "已提交，待受理" in body
    for private in ("张伟", "王芳", "11010519491231002X", submitted.contact_phone, submitted.name):
        assert private not in body

    act(client, bureau["window"], submitted, {"decision": "accept", "note": "内部备注"})
    submitted.refresh_from_db()
    body = public.get("/progress/", {"number": submitted.reference, "code": submitted.query_code}).content.decode()
    assert "已受理，审查中" in body and f"{submitted.accepted_on.month}月{submitted.accepted_on.day}日" in body
    assert "内部备注" not in body and "mh_window" not in body


def test_wrong_code_or_number_gets_one_answer(submitted):
    public = Client()
    wrong_code = public.get("/progress/", {"number": submitted.reference, "code": "AAAAAAAA"})
    wrong_number = public.get("/progress/", {"number": "310112-2026-999999", "code": submitted.query_code})
    for response in (wrong_code, wrong_number):
        assert response.status_code == 404 and "申请编号或查询码不正确。" in response.content.decode()
        assert "已提交，待受理" not in response.content.decode()


def test_progress_lookups_are_rate_limited(submitted, settings):
    settings.REGISTRY = {**settings.REGISTRY, "PROGRESS_LOOKUPS_PER_HOUR": 3}
    public = Client()
    codes = [
        public.get("/progress/", {"number": submitted.reference, "code": "BBBBBBBB"}).status_code for _ in range(3)
    ]
    assert codes == [404, 404, 404]
    blocked = public.get("/progress/", {"number": submitted.reference, "code": submitted.query_code})
    assert blocked.status_code == 429 and "查询过于频繁" in blocked.content.decode()
    assert "已提交，待受理" not in blocked.content.decode()
