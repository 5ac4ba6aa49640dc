"""The receipt after submission and the public progress lookup by file number and query code."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from registry.choices import OrgType
from tests.workflows.conftest import act, fill_application

pytestmark = pytest.mark.django_db


def code_on(page: str) -> str:
    return re.search(r'<code id="query-code">([A-Z0-9]{8})</code>', page).group(1)


@pytest.fixture
def submitted(client, applicant, minhang):
    """A submitted application, with the query code its receipt showed once (as `submitted.code`)."""
    cache.clear()
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    receipt = client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}, follow=True)
    application.refresh_from_db()
    application.code = code_on(receipt.content.decode())
    return application


def lookup(client, number, code):
    return client.post("/progress/", {"number": number, "code": code})


def test_receipt_shows_the_query_code_once_and_links_the_lookup_without_it(client, applicant, submitted):
    client.force_login(applicant)
    assert (
        f"/portal/applications/{submitted.pk}/receipt/"
        in client.get(f"/portal/applications/{submitted.pk}/").content.decode()
    )
    page = client.get(f"/portal/applications/{submitted.pk}/receipt/").content.decode()
    assert submitted.reference in page and 'src="data:image/svg+xml' in page  # the QR code
    assert f"/progress/?number={submitted.reference}" in page
    assert submitted.code not in page  # shown once, at submission; only its hash is kept
    assert submitted.code not in submitted.query_code_digest and len(submitted.query_code_digest) == 64


def test_a_new_query_code_replaces_the_old_one(client, applicant, submitted):
    client.force_login(applicant)
    response = client.post(f"/portal/applications/{submitted.pk}/receipt/")
    assert "no-store" in response["Cache-Control"]
    new_code = code_on(response.content.decode())
    assert new_code != submitted.code
    public = Client()
    assert lookup(public, submitted.reference, submitted.code).status_code == 404
    assert lookup(public, submitted.reference, new_code).status_code == 200


def test_receipt_of_a_draft_does_not_exist(client, applicant, minhang):
    draft = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert client.get(f"/portal/applications/{draft.pk}/receipt/").status_code == 404


def test_progress_lookup_shows_stage_and_dates_without_personal_data(client, bureau, submitted):
    public = Client()
    page = lookup(public, submitted.reference, submitted.code.lower())
    body = page.content.decode()
    assert page.status_code == 200 and "已提交，待受理" in body
    for private in ("张伟", "王芳", "11010519491231002X", submitted.contact_phone, submitted.name):
        assert private not in body

    act(client, bureau["window"], submitted, {"decision": "accept", "note": "内部备注"})
    submitted.refresh_from_db()
    body = lookup(public, submitted.reference, submitted.code).content.decode()
    assert "已受理，审查中" in body and f"{submitted.accepted_on.month}月{submitted.accepted_on.day}日" in body
    assert "内部备注" not in body and "mh_window" not in body


def test_the_progress_lookup_takes_its_code_by_post_only(submitted):
    public = Client()
    by_address = public.get("/progress/", {"number": submitted.reference, "code": submitted.code})
    assert by_address.status_code == 200 and "已提交，待受理" not in by_address.content.decode()
    assert f'value="{submitted.reference}"' in by_address.content.decode()  # the number a link fills in
    assert 'method="post"' in by_address.content.decode()


def test_wrong_code_or_number_gets_one_answer(submitted):
    public = Client()
    wrong_code = lookup(public, submitted.reference, "AAAAAAAA")
    wrong_number = lookup(public, "310112-2026-999999", submitted.code)
    for response in (wrong_code, wrong_number):
        assert response.status_code == 404 and "申请编号或查询码不正确。" in response.content.decode()
        assert "已提交，待受理" not in response.content.decode()


def test_progress_lookups_are_rate_limited(submitted, settings):
    settings.REGISTRY = {**settings.REGISTRY, "PROGRESS_LOOKUPS_PER_HOUR": 3}
    public = Client()
    codes = [lookup(public, submitted.reference, "BBBBBBBB").status_code for _ in range(3)]
    assert codes == [404, 404, 404]
    blocked = lookup(public, submitted.reference, submitted.code)
    assert blocked.status_code == 429 and "查询过于频繁" in blocked.content.decode()
    assert "已提交，待受理" not in blocked.content.decode()
