"""Protections of accounts and pages: admin for administrators only, login lockout, second factor for staff,
idle timeout, private pages, content security policy, request size, sign-up that names no accounts, uploads."""

import re
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.management.commands.seed_demo import ensure_demo_accounts
from registry.models import RegistrationApplication
from registry.ratelimit import client_address
from registry.rules.uploads import upload_errors
from registry.sms import MemorySmsBackend
from tests.factories import UserFactory
from tests.workflows.conftest import confirmed_applicant, make_officer, pdf_bytes

pytestmark = pytest.mark.django_db

LIMIT = 10 * 1_048_576
PERSON = {"password": "Apply-2026-pass", "real_name": "陈静", "id_number": "11010519491231002X"}


def test_admin_admits_system_administrators_only(minhang, make_org):
    organization = make_org(legal_rep_id_number="11010519491231002X")
    officer = make_officer("mh_reviewer", minhang, "reviewer")
    officer_client = Client()
    officer_client.force_login(officer)
    response = officer_client.get(f"/admin/registry/organization/{organization.pk}/change/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    admin_client = Client()
    admin_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = admin_client.get(f"/admin/registry/organization/{organization.pk}/change/").content.decode()
    assert organization.name in page
    assert "110*************2X" in page and "11010519491231002X" not in page


def login(client, username, password, address):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_locks_a_name_from_the_failing_address_only(settings):
    """Nobody can lock an owner out from elsewhere: the lockout is of the login name at the address that failed."""
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="target", password="Right-pass-2026")
    UserFactory(username="other", password="Right-pass-2026")
    client = Client()
    # Two failures give the form again with its error; the third locks.
    assert [login(client, "target", "wrong", "10.0.0.1").status_code for _ in range(3)] == [200, 200, 429]
    locked = login(client, "target", "Right-pass-2026", "10.0.0.1")  # right password, same address
    assert locked.status_code == 429 and "已暂时锁定" in locked.content.decode()
    admin_attempt = client.post(
        "/admin/login/", {"username": "target", "password": "Right-pass-2026"}, REMOTE_ADDR="10.0.0.1"
    )
    assert admin_attempt.status_code == 429
    assert login(Client(), "target", "Right-pass-2026", "10.0.0.2").status_code == 302  # the owner, elsewhere
    assert login(Client(), "other", "Right-pass-2026", "10.0.0.1").status_code == 302  # other names, same address


def test_staff_must_pass_a_second_factor_before_any_officer_page(settings, minhang):
    settings.STAFF_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    officer = make_officer("mh_window", minhang, "window")
    client = Client()
    client.force_login(officer)
    first = client.get("/workflow/work/")
    assert first.status_code == 302 and first["Location"] == "/accounts/otp/?next=%2Fworkflow%2Fwork%2F"
    setup = client.get(first["Location"]).content.decode()
    assert "data:image/svg+xml" in setup  # the QR code to scan
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post("/accounts/otp/", {"token": "000000" if totp(device.bin_key) != 0 else "111111"})
    assert "动态验证码不正确" in wrong.content.decode()
    assert client.get("/workflow/work/").status_code == 302  # still not through
    right = client.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}", "next": "/workflow/work/"})
    assert right.status_code == 302 and right["Location"] == "/workflow/work/"
    assert client.get("/workflow/work/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    applicant = confirmed_applicant(
        mobile="13700002222", password="Apply-2026-pass", real_name="陈静", id_number="11010519491231002X"
    )
    applicant_client = Client()
    applicant_client.force_login(applicant)
    assert applicant_client.get("/portal/").status_code == 200  # applicants are not asked


def test_an_idle_staff_session_ends(settings, minhang):
    settings.STAFF_IDLE_MINUTES = 30
    officer = make_officer("mh_window", minhang, "window")
    client = Client()
    client.force_login(officer)
    assert client.get("/workflow/work/").status_code == 200
    session = client.session
    session["staff_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get("/workflow/work/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_staff_request_renews_the_idle_clock_at_most_once_a_minute(settings, minhang):
    settings.STAFF_IDLE_MINUTES = 30
    officer = make_officer("mh_window", minhang, "window")
    client = Client()
    client.force_login(officer)
    session = client.session
    session["staff_last_seen"] = seen = time.time() - 29 * 60
    session.save()
    assert client.get("/workflow/work/").status_code == 200
    renewed = client.session["staff_last_seen"]
    assert renewed > seen + 28 * 60
    # Within the minute the session is not written again.
    assert client.get("/workflow/work/").status_code == 200
    assert client.session["staff_last_seen"] == renewed


def test_pages_for_signed_in_people_are_never_stored_by_caches(applicant):
    client = Client()
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(applicant)
    cache_control = client.get("/portal/")["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_every_page_carries_a_policy_that_forbids_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in Path(django_settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template}: {tag}")
        offenders += [f"{template}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+=", text)]
    assert offenders == []


def page_without_token(response, number):
    """The page as a visitor reads it: the number they typed and the form's CSRF token taken out."""
    page = response.content.decode().replace(number, "N")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_sign_up_answers_the_same_whether_or_not_the_number_is_registered(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    confirmed_applicant(
        mobile="13700003333", password="Apply-2026-pass", real_name="陈静", id_number="11010519491231002X"
    )
    MemorySmsBackend.outbox.clear()
    form = {
        "real_name": "李四",
        "id_number": "110101199003070011",
        "password": "Other-2026-pass",
        "password_again": "Other-2026-pass",
        "email": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/accounts/signup/", {**form, "mobile": "13700003333"})
        fresh = client.post("/accounts/signup/", {**form, "mobile": "13700004444"})
    assert taken.status_code == fresh.status_code == 200
    assert page_without_token(taken, "13700003333") == page_without_token(fresh, "13700004444")
    assert "_auth_user_id" not in client.session  # neither logs anyone in
    assert get_user_model().objects.filter(username="13700003333").count() == 1
    owner_message, new_message = MemorySmsBackend.outbox
    assert owner_message[0] == "13700003333" and "有人尝试" in owner_message[1]
    assert new_message[0] == "13700004444" and "/accounts/confirm/" in new_message[1]


def test_a_confirmation_link_is_signed_and_used_once(client, django_capture_on_commit_callbacks):
    form = {
        "mobile": "",
        "email": "chen@example.org",
        "real_name": "陈静",
        "id_number": "11010519491231002X",
        "password": "Apply-2026-pass",
        "password_again": "Apply-2026-pass",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", form)
    link = re.search(r"/accounts/confirm/[^/\s]+/", mail.outbox[0].body).group(0)
    forged = client.post(link[:-3] + "xx/")
    assert forged.status_code == 400 and "确认链接无效" in forged.content.decode()
    assert client.post(link).status_code == 302
    client.logout()
    again = client.post(link)
    assert again.status_code == 400 and "已使用" in again.content.decode()


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, applicant, minhang):
    client.force_login(applicant)
    response = client.generic(
        "POST",
        "/portal/applications/new/",
        b"org_type=2",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * 1_048_576),
    )
    assert response.status_code == 413 and "超过" in response.content.decode()
    assert not RegistrationApplication.objects.exists()


def test_a_pdf_header_on_a_web_page_is_not_a_pdf():
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    _type, errors = upload_errors(polyglot, max_bytes=LIMIT)
    assert errors and "PDF" in errors[0]
    # A whole PDF with markup in its title, written raw (padded to keep the cross-reference offsets).
    escaped = rb"(\074script\076alert\0501\051\074\057script\076)"
    raw = b"(<script>alert(1)</script>" + b" " * (len(escaped) - 27) + b")"
    hidden = pdf_bytes("<script>alert(1)</script>").replace(escaped, raw)
    assert len(raw) == len(escaped) and b"<script>" in hidden
    _type, errors = upload_errors(hidden, max_bytes=LIMIT)
    assert errors == ["PDF 文件中含有网页代码，不予接收。请用办公软件重新导出为 PDF 后上传。"]
    assert upload_errors(pdf_bytes("charter"), max_bytes=LIMIT) == ("application/pdf", [])


def test_the_client_address_comes_from_a_proxy_header_only_when_it_is_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_address(request) == "10.1.1.1"  # a header the client sent itself is ignored
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # the address our proxy saw; 6.6.6.6 may be forged
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbage) == "10.1.1.1"


def test_a_redis_url_gives_every_server_one_shared_cache():
    code = "import config.settings as s; print(s.CACHES['default']['BACKEND'])"
    env = {"REDIS_URL": "redis://127.0.0.1:6379/1", "PATH": "/usr/bin:/bin"}
    shared = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert shared.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    env.pop("REDIS_URL")
    local = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert local.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_staff_device_admin_hides_the_secret(minhang):
    officer = make_officer("mh_window", minhang, "window")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert "mh_window" in page and device.key not in page


def test_the_demo_prints_its_staff_codes_and_production_refuses(settings):
    ensure_demo_accounts()
    out = StringIO()
    call_command("demo_totp", "mh_window", stdout=out)
    username, code = out.getvalue().split()
    assert username == "mh_window"
    assert TOTPDevice.objects.get(user__username="mh_window").verify_token(code)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境"):
        call_command("demo_totp", "mh_window")
