"""Anonymous pages that show a query code or personal data are never kept by a cache (the hashing of query codes
already stored is tested with the other data migrations in tests/registry/test_data_migrations.py)."""

import pytest
from django.core.cache import cache
from django.test import Client

from registry.models import Complaint


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_complaint_receipt_and_its_progress_are_not_stored(make_org):
    organization = make_org()
    visitor = Client()
    receipt = visitor.post(
        "/complaints/",
        {
            "organization": organization.uscc,
            "category": "fees",
            "description": "该协会强制要求会员单位缴纳赞助费。",
            "name": "王小明",
        },
    )
    assert receipt.status_code == 200 and receipt.context["code"] in receipt.content.decode()
    assert not_stored(receipt)
    complaint = Complaint.objects.get()
    progress = visitor.post("/complaints/progress/", {"number": complaint.number, "code": receipt.context["code"]})
    assert progress.status_code == 200 and complaint.number in progress.content.decode()
    assert not_stored(progress)


@pytest.mark.django_db
def test_a_sign_up_form_sent_back_with_errors_is_not_stored():
    response = Client().post(
        "/accounts/signup/",
        {
            "mobile": "12345",
            "real_name": "陈静",
            "id_number": "11010519491231002X",
            "password": "x",
            "password_again": "y",
        },
    )
    assert response.status_code == 200 and "11010519491231002X" in response.content.decode()
    assert not_stored(response)


@pytest.mark.django_db
def test_the_progress_lookup_is_not_stored(minhang):
    response = Client().post("/progress/", {"number": "310112-2026-000001", "code": "ABCD2345"})
    assert response.status_code == 404 and not_stored(response)
