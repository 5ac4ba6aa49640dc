"""Anonymous pages that show a query code or personal data are never kept by a cache; query codes are hashed."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from registry.choices import OrgType
from registry.models import Complaint, RegistrationApplication
from registry.selectors import application_for_progress
from tests.factories import UserFactory


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


BEFORE = ("registry", "0039_credit_repair_and_supervision_rules")  # the migration before the hashing one


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_existing_query_codes_and_they_still_open_the_progress_page(minhang):
    old = migrate(BEFORE)
    OldApplication = old.get_model("registry", "RegistrationApplication")
    applicant = UserFactory(username="founder")
    printed = OldApplication.objects.create(
        applicant_id=applicant.pk,
        create_token=uuid.uuid4(),
        org_type=OrgType.SERVICE_AGENCY,
        jurisdiction_id=minhang.pk,
        status="submitted",
        submitted_at="2026-03-02T10:00:00+08:00",
        query_code="ABCD2345",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # through the hashing migration to today's schema
    application = RegistrationApplication.objects.get(pk=printed.pk)
    assert len(application.query_code_digest) == 64 and "ABCD2345" not in application.query_code_digest
    assert application_for_progress(reference=application.reference, query_code="abcd 2345") == application
    assert application_for_progress(reference=application.reference, query_code="ABCD2346") is None
