"""Password reset by a code (SMS or e-mail): the same answer for unknown numbers, once, short-lived, limited;
and the password an administrator sets, which its owner must change at the next login."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from registry.models import PasswordResetCode
from registry.sms import MemorySmsBackend
from tests.factories import UserFactory
from tests.workflows.conftest import confirmed_applicant

pytestmark = pytest.mark.django_db

MOBILE = "13700001212"


@pytest.fixture(autouse=True)
def text_messages(settings):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    cache.clear()


@pytest.fixture
def owner(db):
    user = confirmed_applicant(
        mobile=MOBILE, email="", password="Apply-2026-pass", real_name="陈静", id_number="11010519491231002X"
    )
    MemorySmsBackend.outbox.clear()
    return user


def ask(client, contact, address="10.0.0.1"):
    return client.post("/accounts/password/reset/", {"contact": contact}, REMOTE_ADDR=address, follow=True)


def reset(client, contact, code, password="New-pass-2026-x", address="10.0.0.1"):
    data = {"contact": contact, "code": code, "password": password, "password_again": password}
    return client.post("/accounts/password/reset/code/", data, REMOTE_ADDR=address)


def sms_code(mobile=MOBILE):
    texts = [text for number, text in MemorySmsBackend.outbox if number == mobile]
    return re.search(r"验证码 (\d{6})", texts[-1]).group(1)


def can_log_in(username, password):
    return Client().post("/accounts/login/", {"username": username, "password": password}).status_code == 302


def test_the_login_page_offers_a_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page and "联系登记管理机关" not in page


def test_a_code_by_sms_sets_a_new_password_once(owner, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(client, MOBILE)
    assert asked.redirect_chain[-1][0] == "/accounts/password/reset/code/"
    assert f'value="{MOBILE}"' in asked.content.decode()  # carried over in the session, not the address
    code = sms_code()
    wrong = reset(client, MOBILE, "000000" if code != "000000" else "111111")
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert can_log_in(MOBILE, "Apply-2026-pass")
    with django_capture_on_commit_callbacks(execute=True):
        done = reset(client, MOBILE, code)
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    assert can_log_in(MOBILE, "New-pass-2026-x") and not can_log_in(MOBILE, "Apply-2026-pass")
    assert "重设" in MemorySmsBackend.outbox[-1][1]  # the owner is told
    again = reset(Client(), MOBILE, code, password="Third-pass-2026-y")
    assert "验证码不正确" in again.content.decode() and can_log_in(MOBILE, "New-pass-2026-x")


def test_a_code_expires(owner, settings, django_capture_on_commit_callbacks):
    settings.REGISTRY = {**settings.REGISTRY, "ACCOUNT_CODE_MINUTES": 15}
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), MOBILE)
    PasswordResetCode.objects.update(created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    stale = reset(Client(), MOBILE, sms_code())
    assert "验证码不正确或已失效" in stale.content.decode() and can_log_in(MOBILE, "Apply-2026-pass")


def test_an_unknown_number_gets_the_same_answer_and_no_message(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask(Client(), MOBILE, "10.0.0.1")
        unknown = ask(Client(), "13799999999", "10.0.0.2")
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|' + MOBILE + "|13799999999")
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert [number for number, _text in MemorySmsBackend.outbox] == [MOBILE]


def test_a_staff_member_gets_the_code_by_e_mail(django_capture_on_commit_callbacks):
    UserFactory(username="mh_window", email="window@example.org", password="Old-pass-2026-x", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "window@example.org")
    (message,) = mail.outbox
    code = re.search(r"验证码 (\d{6})", message.body).group(1)
    assert reset(Client(), "window@example.org", code).status_code == 302
    assert get_user_model().objects.get(username="mh_window").check_password("New-pass-2026-x")


def test_reset_requests_are_limited_per_number_and_per_address(owner, settings, django_capture_on_commit_callbacks):
    settings.REGISTRY = {
        **settings.REGISTRY,
        "ACCOUNT_MESSAGES_PER_CONTACT_PER_DAY": 2,
        "PASSWORD_RESETS_PER_ADDRESS_PER_DAY": 3,
    }
    with django_capture_on_commit_callbacks(execute=True):
        per_number = [ask(Client(), MOBILE, f"10.4.0.{n}").status_code for n in range(3)]
        per_address = [ask(Client(), f"1379999000{n}", "10.5.0.1").status_code for n in range(4)]
    assert per_number == [200, 200, 429]
    assert len(MemorySmsBackend.outbox) == 2
    assert per_address == [200, 200, 200, 429]


def test_a_password_set_by_an_administrator_must_be_changed_at_the_next_login(owner):
    admin_client = Client()
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    set_by_admin = admin_client.post(
        f"/admin/auth/user/{owner.pk}/password/",
        {"password1": "Temp-pass-2026-z", "password2": "Temp-pass-2026-z", "usable_password": "true"},
    )
    assert set_by_admin.status_code == 302
    client = Client()
    assert client.post("/accounts/login/", {"username": MOBILE, "password": "Temp-pass-2026-z"}).status_code == 302
    forced = client.get("/portal/")
    assert forced.status_code == 302 and forced["Location"] == "/accounts/password/change/"
    assert "由管理员设置" in client.get("/accounts/password/change/").content.decode()
    changed = client.post(
        "/accounts/password/change/",
        {"old_password": "Temp-pass-2026-z", "new_password1": "Mine-pass-2026-q", "new_password2": "Mine-pass-2026-q"},
    )
    assert changed.status_code == 302
    assert client.get("/portal/").status_code == 200
    client.logout()
    assert client.post("/accounts/login/", {"username": MOBILE, "password": "Mine-pass-2026-q"}).status_code == 302
    assert client.get("/portal/").status_code == 200  # no longer asked


def test_the_admin_action_and_a_new_accounts_first_password_force_a_change_on_any_login_page():
    admin_client = Client()
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    other_admin = UserFactory(username="root2", is_staff=True, is_superuser=True, password="Admin-pass-2026-w")
    action = {"action": "require_password_change", "_selected_action": [other_admin.pk]}
    assert admin_client.post("/admin/auth/user/", action).status_code == 302
    client = Client()
    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "root2", "password": "Admin-pass-2026-w", "next": "/admin/"}
    )
    assert signed_in.status_code == 302
    forced = client.get("/admin/")
    assert forced.status_code == 302 and forced["Location"] == "/accounts/password/change/"

    added = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "new_officer",
            "password1": "First-pass-2026-v",
            "password2": "First-pass-2026-v",
            "usable_password": "true",
        },
    )
    assert added.status_code == 302
    newcomer = Client()
    newcomer.post("/accounts/login/", {"username": "new_officer", "password": "First-pass-2026-v"})
    assert newcomer.get("/")["Location"] == "/accounts/password/change/"  # a new account's first password, too
