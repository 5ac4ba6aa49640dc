"""Sign-up: a code before the account exists, the same work for registered and new numbers, daily limits."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.test import Client

from registry.models import PendingSignUp
from registry.sms import MemorySmsBackend
from tests.workflows.conftest import confirmed_applicant

pytestmark = pytest.mark.django_db

FORM = {
    "email": "",
    "real_name": "李四",
    "id_number": "110101199003070011",
    "password": "Other-2026-pass",
    "password_again": "Other-2026-pass",
}


@pytest.fixture(autouse=True)
def text_messages(settings):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    cache.clear()


def sign_up(mobile, address="10.0.0.1", **extra):
    return Client().post("/accounts/signup/", {**FORM, "mobile": mobile, **extra}, REMOTE_ADDR=address)


def messages_to(mobile):
    return [text for number, text in MemorySmsBackend.outbox if number == mobile]


def code_in(text):
    return re.search(r"验证码 (\d{6})", text).group(1)


def test_a_strangers_sign_up_does_not_keep_the_number_from_its_owner(django_capture_on_commit_callbacks):
    User = get_user_model()
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up("13700006666", "10.0.0.1", real_name="王冒名").status_code == 200
        assert not User.objects.filter(username="13700006666").exists()  # no account before the code
        assert sign_up("13700006666", "10.0.0.2", real_name="李四").status_code == 200
    first, second = messages_to("13700006666")
    assert "有人尝试" not in second  # the owner gets a code, not "already registered"
    owner = Client()
    wrong = owner.post("/accounts/signup/code/", {"contact": "13700006666", "code": "000000"})
    assert "验证码不正确" in wrong.content.decode() and not User.objects.filter(username="13700006666").exists()
    done = owner.post("/accounts/signup/code/", {"contact": "13700006666", "code": code_in(second)})
    assert done.status_code == 302 and done["Location"] == "/portal/applications/"
    account = User.objects.get(username="13700006666")
    assert account.applicant_profile.real_name == "李四" and account.check_password("Other-2026-pass")
    # The stranger's code is void now: one account per number.
    late = Client().post("/accounts/signup/code/", {"contact": "13700006666", "code": code_in(first)})
    assert late.status_code == 200 and User.objects.filter(username="13700006666").count() == 1


def test_a_sign_up_code_stops_working_after_five_wrong_entries(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up("13700007777")
    code = code_in(messages_to("13700007777")[0])
    wrong = "111111" if code != "111111" else "222222"
    guesser = Client()
    for n in range(5):
        guesser.post("/accounts/signup/code/", {"contact": "13700007777", "code": wrong}, REMOTE_ADDR=f"10.1.0.{n}")
    late = guesser.post("/accounts/signup/code/", {"contact": "13700007777", "code": code})
    assert late.status_code == 200 and not get_user_model().objects.filter(username="13700007777").exists()


def test_registered_and_new_numbers_cost_the_same_work(monkeypatch):
    """Only new accounts hashed a password, so the answer's time told registered numbers from new ones."""
    confirmed_applicant(
        mobile="13700003333", password="Apply-2026-pass", real_name="陈静", id_number="11010519491231002X"
    )
    hashed = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *args: hashed.append(1) or original(self, *args))
    assert sign_up("13700003333").status_code == 200
    registered = len(hashed)
    assert sign_up("13700004444", "10.0.0.2").status_code == 200
    assert registered == len(hashed) - registered == 1
    assert PendingSignUp.objects.filter(used_at__isnull=True).count() == 2  # and both wrote the same rows


def test_sign_ups_are_limited_per_number_a_day(settings, django_capture_on_commit_callbacks):
    settings.REGISTRY = {**settings.REGISTRY, "ACCOUNT_MESSAGES_PER_CONTACT_PER_DAY": 3}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [sign_up("13700008888", f"10.2.0.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert len(messages_to("13700008888")) == 3


def test_sign_ups_are_limited_per_address_a_day(settings, django_capture_on_commit_callbacks):
    settings.REGISTRY = {**settings.REGISTRY, "SIGNUPS_PER_ADDRESS_PER_DAY": 2}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [sign_up(f"1370000900{n}", "10.3.0.1").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert len(MemorySmsBackend.outbox) == 2
    assert "今天的请求已达上限" in sign_up("13700009009", "10.3.0.1").content.decode()


def test_a_sign_up_refused_for_its_details_does_not_count(settings, django_capture_on_commit_callbacks):
    settings.REGISTRY = {**settings.REGISTRY, "SIGNUPS_PER_ADDRESS_PER_DAY": 1}
    with django_capture_on_commit_callbacks(execute=True):
        mistake = sign_up("13700001616", "10.6.0.1", id_number="110105194912310021")
        assert mistake.status_code == 200 and "校验码" in mistake.content.decode()
        assert sign_up("13700001616", "10.6.0.1").status_code == 200
    assert len(messages_to("13700001616")) == 1
