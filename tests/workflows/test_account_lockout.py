"""Login lockouts: not extended by failures during them, the owner told once, lifted by an administrator only."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client

from registry.services.accounts import account_require_password_change, account_unlock
from registry.sms import MemorySmsBackend
from tests.factories import UserFactory
from tests.workflows.conftest import confirmed_applicant, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    cache.clear()


def login(client, username, password, address):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def lock(username, address="10.0.0.1"):
    client = Client()
    statuses = [login(client, username, "wrong", address).status_code for _ in range(3)]
    assert statuses[-1] == 429
    return client


def age_attempts(minutes):
    """Move every recorded failure `minutes` into the past, as time passing would."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_failures_during_a_lockout_do_not_extend_it():
    UserFactory(username="target", password="Right-pass-2026")
    client = lock("target")
    age_attempts(29)
    assert login(client, "target", "wrong-again", "10.0.0.1").status_code == 429  # still locked, not extended
    age_attempts(2)  # 31 minutes after the lockout began
    assert login(client, "target", "Right-pass-2026", "10.0.0.1").status_code == 302


def test_the_owner_is_told_once_per_lockout(django_capture_on_commit_callbacks, settings):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    UserFactory(username="mh_staff", email="staff@example.org", password="Right-pass-2026")
    confirmed_applicant(
        mobile="13700005555", email="", password="Apply-2026-pass", real_name="陈静", id_number="11010519491231002X"
    )
    MemorySmsBackend.outbox.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lock("mh_staff", "10.0.0.1")
        lock("mh_staff", "10.0.0.2")  # a second address: no second message
        lock("13700005555", "10.0.0.3")
        lock("nobody-has-this-name", "10.0.0.4")
    (notice,) = mail.outbox
    assert notice.to == ["staff@example.org"] and "10.0.0.1" in notice.body and "30 分钟" in notice.body
    ((mobile, text),) = MemorySmsBackend.outbox
    assert mobile == "13700005555" and "10.0.0.3" in text


def test_an_administrator_unlocks_from_the_user_list(minhang):
    target = UserFactory(username="target", password="Right-pass-2026")
    client = lock("target")
    admin_client = Client()
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    officer_client = Client()
    officer_client.force_login(make_officer("mh_window", minhang, "window"))
    action = {"action": "unlock", "_selected_action": [target.pk]}
    refused = officer_client.post("/admin/auth/user/", action)
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    assert login(client, "target", "Right-pass-2026", "10.0.0.1").status_code == 429
    done = admin_client.post("/admin/auth/user/", action, follow=True)
    assert "已解除 1 个账户的登录锁定" in done.content.decode()
    assert login(client, "target", "Right-pass-2026", "10.0.0.1").status_code == 302


def test_only_a_system_administrator_may_unlock_or_force_a_change(minhang):
    target = UserFactory(username="target")
    officer = make_officer("mh_approver", minhang, "approver")
    with pytest.raises(PermissionDenied, match="只有系统管理员可以管理账户"):
        account_unlock(user=target, by=officer)
    with pytest.raises(PermissionDenied, match="只有系统管理员可以管理账户"):
        account_require_password_change(user=target, by=officer)
