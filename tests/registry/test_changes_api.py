"""The agencies' API: the change stream as JSON lines, keys and their scopes, and a record as of a past day."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from registry.choices import HistoryAction, OfficerRole
from registry.models import ChangeEvent, IdNumberDisclosure, OrganizationHistory
from registry.services.api_keys import api_key_create, api_key_revoke
from registry.services.changes import change_events_purge
from registry.services.officers import officer_assign
from registry.services.register import TRACKED_FIELDS, _history_value, organization_update
from registry.views.api import public_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_waits(settings):
    settings.REGISTRY = {**settings.REGISTRY, "CHANGES_WAIT_SECONDS": 1, "CHANGES_POLL_MS": 50}
    cache.clear()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="sysadmin", is_staff=True, is_superuser=True)


def committed():
    """Give the events written so far their timepoints, as their commit would (the test never commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def read(client, headers=None, **params):
    response = client.get("/api/changes/", {"wait": 0, **params}, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


@pytest.fixture
def changes(make_org, officer):
    """Three organizations, each changed once: three events, committed."""
    organizations = [make_org() for _ in range(3)]
    for number, org in enumerate(organizations):
        organization_update(
            organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile=f"新址{number}"
        )
    committed()
    return organizations


def test_the_stream_answers_every_event_after_the_timepoint_in_order(client, changes):
    events = read(client)
    assert [e["code"] for e in events] == [org.uscc for org in changes]
    timepoints = [e["timepoint"] for e in events]
    assert timepoints == sorted(timepoints) and len(set(timepoints)) == 3
    assert events[0]["kind"] == "changed" and events[0]["fields"] == {
        "domicile": {"old": changes[0].domicile, "new": "新址0"}
    }
    assert [e["code"] for e in read(client, timepoint=timepoints[0])] == [org.uscc for org in changes[1:]]


def test_a_reader_that_reconnects_with_its_last_timepoint_misses_nothing_and_sees_nothing_twice(
    client, changes, officer
):
    first = read(client, limit=2)
    assert len(first) == 2
    organization_update(
        organization=changes[0], by=officer, reason="再变更", action=HistoryAction.CHANGED, domicile="又一新址"
    )
    committed()
    rest = read(client, timepoint=first[-1]["timepoint"])
    seen = [e["timepoint"] for e in first + rest]
    assert len(seen) == len(set(seen)) == 4
    assert [e["timepoint"] for e in read(client)] == seen


def test_an_empty_stream_waits_the_bounded_time_then_ends(client, changes):
    last = read(client)[-1]["timepoint"]
    started = timezone.now()
    response = client.get("/api/changes/", {"timepoint": last, "wait": 1})
    assert b"".join(response.streaming_content) == b""
    assert 0.9 <= (timezone.now() - started).total_seconds() < 5


def test_bad_parameters_are_refused(client):
    for params in ({"timepoint": "-1"}, {"timepoint": "x"}, {"limit": "0"}, {"wait": "soon"}, {"kind": "drop"}):
        response = client.get("/api/changes/", params)
        assert response.status_code == 400 and "detail" in response.json()


def test_a_kind_filter_keeps_the_other_kinds_out(client, changes):
    assert read(client, kind="revoked") == []
    assert len(read(client, kind=["changed", "revoked"])) == 3


def test_a_timepoint_older_than_the_retention_window_answers_416_with_the_oldest(client, changes, settings):
    events = read(client)
    ChangeEvent.objects.filter(timepoint=events[0]["timepoint"]).update(
        occurred_at=timezone.now() - datetime.timedelta(days=settings.REGISTRY["CHANGES_RETENTION_DAYS"] + 1)
    )
    assert change_events_purge() == 1
    response = client.get("/api/changes/", {"timepoint": 0, "wait": 0})
    assert response.status_code == 416
    assert response.json()["oldest_timepoint"] == events[1]["timepoint"]
    assert [e["timepoint"] for e in read(client, timepoint=events[0]["timepoint"])] == [
        e["timepoint"] for e in events[1:]
    ]  # a reader that had seen the purged event is not behind


def test_an_agency_key_authenticates_and_a_revoked_or_wrong_key_is_refused(client, changes, admin_user):
    key, text = api_key_create(by=admin_user, name="数据共享", agency="市场监管局", per_minute=100)
    assert text.startswith(f"rk_{key.prefix}_") and text.split("_", 2)[2] not in key.secret_hash
    assert len(read(client, headers={"Authorization": f"Bearer {text}"})) == 3
    key.refresh_from_db()
    assert key.last_used_at is not None
    for wrong in (f"Bearer {text}x", "Bearer rk_nothing_here", f"Basic {text}"):
        response = client.get("/api/changes/", {"wait": 0}, HTTP_AUTHORIZATION=wrong)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    api_key_revoke(key=key, by=admin_user)
    assert client.get("/api/changes/", {"wait": 0}, HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 401


def test_a_key_has_its_own_rate_limit(client, changes, admin_user, settings):
    settings.REGISTRY = {**settings.REGISTRY, "API_ANON_PER_MINUTE": 100}
    _key, text = api_key_create(by=admin_user, name="数据共享", agency="市场监管局", per_minute=2)
    statuses = [
        client.get("/api/changes/", {"wait": 0}, HTTP_AUTHORIZATION=f"Bearer {text}").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert Client().get("/api/changes/", {"wait": 0}).status_code == 200  # anonymous callers count apart


def test_only_an_administrator_creates_keys(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_key_create(by=officer, name="x", agency="y", per_minute=10)


def test_the_id_number_reaches_only_a_key_whose_agreement_allows_it_and_each_disclosure_is_logged(
    client, make_org, admin_user
):
    org = make_org()
    public = client.get(f"/api/organizations/{org.uscc}/").json()
    assert public["uscc"] == org.uscc and "legal_rep_id_number" not in public
    _plain_key, plain = api_key_create(by=admin_user, name="普通", agency="统计局", per_minute=10)
    assert (
        "legal_rep_id_number"
        not in client.get(f"/api/organizations/{org.uscc}/", HTTP_AUTHORIZATION=f"Bearer {plain}").json()
    )
    agency = UserFactory(username="market-regulator")
    _key, allowed = api_key_create(
        by=admin_user,
        name="主体信息核验",
        agency="市场监管局",
        per_minute=10,
        agency_fields=["legal_rep_id_number"],
        account=agency,
    )
    record = client.get(f"/api/organizations/{org.uscc}/", HTTP_AUTHORIZATION=f"Bearer {allowed}").json()
    assert record["legal_rep_id_number"] == org.legal_rep_id_number
    disclosure = IdNumberDisclosure.objects.get()
    assert disclosure.by == agency and disclosure.person_name == org.legal_rep_name
    assert disclosure.id_number_masked == org.legal_rep_id_masked


def test_a_key_reading_id_numbers_needs_an_accountable_account(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_key_create(by=admin_user, name="x", agency="y", per_minute=10, agency_fields=["legal_rep_id_number"])


def test_as_of_today_rebuilt_from_history_equals_the_current_record(client, minhang, officer):
    from tests.registry.test_change_events import register

    org = register(minhang, officer)
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    organization_update(organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile="新址")
    org.refresh_from_db()
    today = timezone.localdate().isoformat()
    past = client.get(f"/api/organizations/{org.uscc}/", {"as_of": today}).json()
    current = public_record(org)
    assert past.pop("as_of") == today and past.pop("purchase_of_service_eligible") is None
    current.pop("purchase_of_service_eligible")
    assert past == current


def test_as_of_shows_the_state_before_and_after_a_change_and_404_before_registration(client, make_org, officer):
    org = make_org(domicile="新址")
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))  # noqa: E731
    created = {field: [None, _history_value(org, field)] for field in TRACKED_FIELDS}
    created["domicile"] = [None, "旧址"]
    OrganizationHistory.objects.create(
        organization=org,
        at=at(datetime.date(2024, 1, 10)),
        action=HistoryAction.REGISTERED,
        changes=created,
        reason="登记",
    )
    OrganizationHistory.objects.create(
        organization=org,
        at=at(datetime.date(2024, 6, 1)),
        action=HistoryAction.CHANGED,
        changes={"domicile": ["旧址", "新址"]},
        reason="变更",
    )
    url = f"/api/organizations/{org.uscc}/"
    assert client.get(url, {"as_of": "2024-01-09"}).status_code == 404
    assert client.get(url, {"as_of": "2024-01-10"}).json()["domicile"] == "旧址"
    assert client.get(url, {"as_of": "2024-05-31"}).json()["domicile"] == "旧址"
    on_the_day = client.get(url, {"as_of": "2024-06-01"}).json()
    assert on_the_day["domicile"] == "新址" and on_the_day["as_of"] == "2024-06-01"
    assert client.get(url, {"as_of": "2024-13-01"}).status_code == 400
    assert client.get("/api/organizations/513101120000000000/").status_code == 404


def test_the_schema_describes_the_agency_api(client):
    schema = client.get("/api/schema/").json()
    stream = schema["paths"]["/api/changes/"]["get"]
    assert {p["name"] for p in stream["parameters"]} == {"timepoint", "limit", "wait", "kind"}
    assert {"200", "400", "401", "416", "429"} <= set(stream["responses"])
    assert "application/x-ndjson" in stream["responses"]["200"]["content"]
    record = schema["paths"]["/api/organizations/{code}/"]["get"]
    assert {p["name"] for p in record["parameters"]} == {"code", "as_of"} and "404" in record["responses"]
    assert schema["components"]["securitySchemes"]["agencyKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["agencyKey"]["description"],
    }
    assert set(schema["components"]["schemas"]["ChangeEvent"]["properties"]["kind"]["enum"]) >= {"penalty", "filing"}


def test_the_daily_purge_command_keeps_the_retention_window(changes, settings):
    from django.core.management import call_command

    kept = ChangeEvent.objects.count()
    ChangeEvent.objects.filter(organization=changes[0]).update(
        occurred_at=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("changes_purge")
    assert ChangeEvent.objects.count() == kept - 1
    assert not ChangeEvent.objects.filter(organization=changes[0]).exists()
