"""The security log (等保 2.0): logins, permission changes and exports, hash-chained, kept 180 days and purged."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from registry.choices import OfficerRole
from registry.models import ChainHead, OfficerAssignment, SecurityEvent, SecurityLog
from registry.rules.floors import setting_limit_errors
from registry.services.audit_trail import chains_verify
from registry.services.officers import officer_assign
from registry.services.security_log import security_logs_purge
from registry.spreadsheets import spreadsheet_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Test-pass-2026"


def events(**filters):
    return list(SecurityLog.objects.filter(**filters).order_by("id"))


# -- logins ------------------------------------------------------------------------------------------------------


def test_a_login_and_a_failed_one_are_logged_with_address_outcome_and_request_id():
    UserFactory(username="zhangsan")
    client = Client(REMOTE_ADDR="203.0.113.7")
    failed = client.post("/accounts/login/", {"username": "zhangsan", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 302
    failure, success = events(category="login", event__in=["login", "login_failed"])
    assert (failure.event, failure.actor_name, failure.succeeded) == ("login_failed", "zhangsan", False)
    assert failure.actor_id is None and failure.source_ip == "203.0.113.7"
    assert failure.request_id == failed["X-Request-ID"]
    assert (success.event, success.actor_name, success.succeeded) == ("login", "zhangsan", True)
    assert success.request_id == response["X-Request-ID"] and success.detail == {"portal": "portal"}
    client.post("/accounts/logout/")
    assert events(event="logout")[0].actor_name == "zhangsan"


def test_the_address_behind_the_trusted_proxy_is_logged(settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="lisi", is_staff=True)
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    client.post("/accounts/login/", {"username": "lisi", "password": PASSWORD})
    success = events(event="login")[0]
    assert success.source_ip == "198.51.100.9" and success.detail == {"portal": "staff"}


def test_a_lockout_is_logged(settings):
    UserFactory(username="wangwu")
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "wangwu", "password": "wrong"})
    locked = events(event="locked_out")
    assert len(locked) == 1 and locked[0].actor_name == "wangwu" and not locked[0].succeeded
    assert locked[0].source_ip == "203.0.113.8"


# -- permission changes ------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="192.0.2.1")
    client.force_login(admin)
    return client


def test_a_role_given_through_the_admin_is_logged_with_who_gave_it(admin_client, minhang):
    clerk = UserFactory(username="clerk", is_staff=True)
    before = SecurityLog.objects.count()
    response = admin_client.post(
        "/admin/registry/officerassignment/add/",
        {"user": clerk.pk, "jurisdiction": minhang.pk, "role": OfficerRole.REVIEWER, "unit_name": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = list(SecurityLog.objects.order_by("id")[before:])
    assignment = next(entry for entry in new if entry.event == SecurityEvent.ASSIGNMENT)
    assert assignment.actor_name == "root" and assignment.subject_name == "clerk"
    assert assignment.source_ip == "192.0.2.1" and assignment.request_id
    assert assignment.detail == {
        "old": None,
        "new": {"jurisdiction": minhang.code, "role": "reviewer", "unit_name": ""},
    }
    assert any(entry.event == SecurityEvent.OBJECT_PERMISSION for entry in new)  # the guardian permission

    assignment_pk = OfficerAssignment.objects.get(user=clerk).pk
    changed = admin_client.post(
        f"/admin/registry/officerassignment/{assignment_pk}/change/",
        {"user": clerk.pk, "jurisdiction": minhang.pk, "role": OfficerRole.APPROVER, "unit_name": ""},
    )
    assert changed.status_code == 302
    taken, given = events(event=SecurityEvent.ASSIGNMENT)[-2:]
    assert (taken.detail["old"]["role"], taken.detail["new"]) == ("reviewer", None)
    assert (given.detail["old"], given.detail["new"]["role"]) == (None, "approver")
    assert taken.actor_name == given.actor_name == "root"

    assignment_pk = OfficerAssignment.objects.get(user=clerk).pk
    admin_client.post(f"/admin/registry/officerassignment/{assignment_pk}/delete/", {"post": "yes"})
    removed = events(event=SecurityEvent.ASSIGNMENT)[-1]
    assert removed.detail["old"]["role"] == "approver" and removed.detail["new"] is None


def test_group_membership_and_superuser_flag_changed_through_the_admin_user_page_are_logged(admin_client):
    auditors = Group.objects.create(name="审计员")
    clerk = UserFactory(username="clerk2", is_staff=True)
    page = admin_client.get(f"/admin/auth/user/{clerk.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/auth/user/{clerk.pk}/change/",
        {
            "username": "clerk2",
            "email": clerk.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [auditors.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    flag = events(event=SecurityEvent.FLAG, subject_name="clerk2")[-1]
    assert flag.detail == {"field": "is_superuser", "old": False, "new": True} and flag.actor_name == "root"
    group = events(event=SecurityEvent.GROUP, subject_name="clerk2")[-1]
    assert group.detail == {"change": "added", "groups": ["审计员"]} and group.actor_name == "root"


def test_a_service_change_outside_a_request_is_logged_without_an_actor(minhang):
    user = UserFactory(username="clerk3")
    assert not events(subject_name="clerk3")  # an ordinary new account grants nothing
    UserFactory(username="boss", is_superuser=True)
    assert events(subject_name="boss")[0].detail == {"field": "is_superuser", "old": None, "new": True}
    officer_assign(user=user, jurisdiction=minhang, role=OfficerRole.WINDOW)
    logged = {entry.event for entry in events(subject_name="clerk3")}
    assert {SecurityEvent.GROUP, SecurityEvent.ASSIGNMENT, SecurityEvent.OBJECT_PERMISSION} <= logged
    assert all(entry.actor_id is None and entry.source_ip is None for entry in events(subject_name="clerk3"))
    user.is_active = False
    user.save()
    assert events(event=SecurityEvent.FLAG, subject_name="clerk3")[-1].detail == {
        "field": "is_active",
        "old": True,
        "new": False,
    }


# -- exports -----------------------------------------------------------------------------------------------------


def test_an_export_is_logged_once_with_report_rows_and_filters(officer):
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.force_login(officer)
    response = client.get("/workflow/work/annual/progress/", {"year": 2025, "format": "xlsx"})
    assert response.status_code == 200
    (export,) = events(event=SecurityEvent.EXPORT)
    assert export.actor_name == "officer" and export.source_ip == "192.0.2.44"
    assert export.detail["report"] == "annual_inspection_progress" and export.detail["filters"] == {"year": 2025}
    data_rows = list(load_workbook(io.BytesIO(response.content)).active.values)[1:]  # below the header
    assert export.detail["rows"] == len(data_rows)


def test_an_export_that_fails_half_way_is_not_logged_as_done():
    with pytest.raises(ValueError), spreadsheet_export(report="broken") as export:
        export.csv_writer(io.StringIO()).writerow(["a"])
        raise ValueError("disk full")
    assert not events(event=SecurityEvent.EXPORT)


def test_no_writer_exists_outside_an_export():
    from registry import spreadsheets

    assert not hasattr(spreadsheets, "append_row") and not hasattr(spreadsheets, "csv_writer")


# -- the auditors' view ------------------------------------------------------------------------------------------


def test_auditors_search_the_log_read_only_and_their_export_is_logged_too(admin_client):
    UserFactory(username="zhaoliu")
    Client().post("/accounts/login/", {"username": "zhaoliu", "password": "wrong"})
    listing = admin_client.get("/admin/registry/securitylog/", {"q": "zhaoliu", "event__exact": "login_failed"})
    assert listing.status_code == 200 and "zhaoliu" in listing.content.decode()
    entry = events(actor_name="zhaoliu")[0]
    assert admin_client.get(f"/admin/registry/securitylog/{entry.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/registry/securitylog/add/").status_code == 403
    response = admin_client.post(
        "/admin/registry/securitylog/?q=zhaoliu", {"action": "export_csv", "_selected_action": [entry.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "zhaoliu" and rows[1][2] == "登录失败"
    export = events(event=SecurityEvent.EXPORT)[-1]
    assert export.actor_name == "root" and export.detail["report"] == "security_log"
    assert export.detail["rows"] == 1 and export.detail["filters"] == {"q": "zhaoliu"}


def test_staff_without_the_view_permission_cannot_open_the_log(officer):
    assert not officer.has_perm("registry.view_securitylog")  # officers read the register, not the log
    client = Client()
    client.force_login(officer)
    response = client.get("/admin/registry/securitylog/")
    assert response.status_code in (302, 403) and "安全日志" not in response.content.decode()


# -- retention ---------------------------------------------------------------------------------------------------


def test_a_retention_below_six_months_stops_the_system(settings):
    from registry.checks import registry_settings_within_the_law

    errors = setting_limit_errors({"SECURITY_LOG_RETENTION_DAYS": 90})
    assert len(errors) == 1 and "SECURITY_LOG_RETENTION_DAYS=90" in errors[0] and "180" in errors[0]
    assert setting_limit_errors({"SECURITY_LOG_RETENTION_DAYS": 365}) == []
    assert registry_settings_within_the_law(None) == []  # the default, 180 days
    settings.REGISTRY = {**settings.REGISTRY, "SECURITY_LOG_RETENTION_DAYS": 179}
    (error,) = registry_settings_within_the_law(None)
    assert error.id == "registry.E001" and "SECURITY_LOG_RETENTION_DAYS=179" in error.msg


def test_purging_is_scheduled_nightly(settings):
    from registry.tasks import SWEEP_COMMANDS

    job = settings.CELERY_BEAT_SCHEDULE["purge-security-logs"]
    assert job["args"] == ["purge_security_logs"] and "purge_security_logs" in SWEEP_COMMANDS
    assert "audit_anchor" in SWEEP_COMMANDS  # the daily anchor runs through the same task


@pytest.fixture
def aged_log(settings):
    """Failed logins 200 days old, then 10 days old: sealed in that order, as time would have."""
    settings.REGISTRY = {**settings.REGISTRY, "SECURITY_LOG_RETENTION_DAYS": 180}
    old = [
        SecurityLog(
            category="login",
            event="login_failed",
            actor_name=f"old{n}",
            at=timezone.now() - datetime.timedelta(days=200),
        )
        for n in range(3)
    ]
    recent = [
        SecurityLog(
            category="login",
            event="login_failed",
            actor_name=f"new{n}",
            at=timezone.now() - datetime.timedelta(days=10),
        )
        for n in range(3)
    ]
    for entry in old + recent:
        entry.save()
    return old, recent


def tamper(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE registry_securitylog DISABLE TRIGGER registry_securitylog_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE registry_securitylog ENABLE TRIGGER registry_securitylog_append_only")


def test_purge_keeps_six_months_and_the_chain_still_verifies_then_catches_an_edit(aged_log):
    old, recent = aged_log
    assert chains_verify() == []
    call_command("purge_security_logs", stdout=io.StringIO())
    remaining = set(SecurityLog.objects.filter(category="login").values_list("actor_name", flat=True))
    assert remaining == {"new0", "new1", "new2"}
    head = ChainHead.objects.get(chain="security:login")
    assert (head.pruned_seq, head.pruned_hash) == (old[-1].chain_seq, old[-1].chain_hash)
    call_command("audit_verify", "--no-anchor", stdout=io.StringIO())  # passes

    tamper("UPDATE registry_securitylog SET actor_name = %s WHERE id = %s", ["someone", recent[1].pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--no-anchor", stdout=out, stderr=io.StringIO())
    assert f"registry_securitylog row id={recent[1].pk}" in out.getvalue() and "changed" in out.getvalue()


def test_after_a_purge_a_deleted_or_inserted_row_is_still_caught(aged_log):
    _old, recent = aged_log
    security_logs_purge()
    tamper("DELETE FROM registry_securitylog WHERE id = %s", [recent[0].pk])
    problems = {(finding.problem.kind, finding.problem.record_id) for finding in chains_verify()}
    assert ("missing", recent[1].pk) in problems


def test_a_chain_purged_to_its_end_still_verifies(settings):
    settings.REGISTRY = {**settings.REGISTRY, "SECURITY_LOG_RETENTION_DAYS": 180}
    SecurityLog(
        category="export", event="export", actor_name="old", at=timezone.now() - datetime.timedelta(days=400)
    ).save()
    assert security_logs_purge() == 1
    assert not SecurityLog.objects.filter(category="export").exists()
    assert chains_verify() == []


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_a_row_outside_a_purge():
    from django.db import DatabaseError, transaction

    entry = SecurityLog.record(event=SecurityEvent.LOGIN_FAILED, actor_name="x")
    for sql in (
        "UPDATE registry_securitylog SET actor_name = 'y' WHERE id = %s",
        "DELETE FROM registry_securitylog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])


def test_the_staff_second_factor_is_logged_failed_and_passed(settings):
    from django.core.exceptions import ValidationError
    from django_otp.oath import totp

    from registry.services.staff_auth import staff_totp_device, staff_totp_verify

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    staff = UserFactory(username="totpuser", is_staff=True)
    device = staff_totp_device(user=staff)
    right = totp(device.bin_key)
    with pytest.raises(ValidationError):
        staff_totp_verify(device=device, token="000000" if right != 0 else "111111")
    staff_totp_verify(device=device, token=f"{right:06d}")
    failed, passed = events(actor_name="totpuser", category="login")
    assert (failed.event, failed.succeeded, failed.detail) == ("login_failed", False, {"factor": "totp"})
    assert (passed.event, passed.detail) == ("login", {"factor": "totp", "portal": "staff"})


def test_an_anchor_written_before_the_purge_still_agrees_after_it(aged_log, settings, tmp_path):
    from registry.services.audit_trail import anchor_read, anchor_write

    _old, recent = aged_log
    settings.AUDIT_ANCHOR_DIR = tmp_path
    anchor = anchor_read(anchor_write(directory=tmp_path, at=timezone.now()))
    assert anchor["chains"]["security:login"] == (recent[-1].chain_seq, recent[-1].chain_hash)
    security_logs_purge()
    assert chains_verify(anchor=anchor) == []
    call_command("audit_verify", stdout=io.StringIO())  # against the newest anchor in the directory
    # A remaining row edited after the purge is still caught against the anchor.
    tamper("UPDATE registry_securitylog SET source_ip = %s WHERE id = %s", ["10.9.9.9", recent[2].pk])
    assert {(f.problem.kind, f.problem.record_id) for f in chains_verify(anchor=anchor)} == {("changed", recent[2].pk)}
