"""Request-wide protections: body size, staff sessions (second factor, idle timeout), a forced password change,
private pages."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from registry.services.accounts import account_must_change_password

# Pages a member of staff may open before entering the second factor.
OTP_EXEMPT_URL_NAMES = {"otp", "logout", "set_language", "login", "javascript-catalog", "favicon"}
LAST_SEEN_PRECISION_SECONDS = 60
# Whether the session's account must change its password (an administrator set it): read once a session.
MUST_CHANGE_PASSWORD_SESSION_KEY = "must_change_password"
PASSWORD_CHANGE_EXEMPT_URL_NAMES = OTP_EXEMPT_URL_NAMES | {"password_change"}


def is_staff_account(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over REQUEST_MAX_MB before anything reads it.

    A form sent from one of our pages (an upload) goes back to that page with the error, so the person stays in
    the form; anything else gets the 413 page. It runs after the session and message middleware, which do not
    read the body, and before any view (or the CSRF check, which would parse it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_MB * 1_048_576
        if length <= limit:
            return self.get_response(request)
        size = {"size": length / 1_048_576, "limit": settings.REQUEST_MAX_MB}
        referer = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(
                request,
                _("未上传：本次提交 %(size).1f MB，超过 %(limit)d MB 的上限，未被接收，也未保存任何内容。") % size
                + " "
                + _("请压缩或拆分文件后重新上传（单个文件不超过 %(limit)d MB）。")
                % {"limit": settings.REGISTRY["UPLOAD_MAX_MB"]},
            )
            return HttpResponseRedirect(referer, status=303)
        return render(
            request,
            "request_too_large.html",
            {"size_mb": size["size"], "limit_mb": size["limit"], "upload_max_mb": settings.REGISTRY["UPLOAD_MAX_MB"]},
            status=413,
        )


class StaffSessionMiddleware:
    """Staff must pass a second factor (TOTP) and are logged out after STAFF_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if is_staff_account(user):
            now = time.time()
            last_seen = request.session.get("staff_last_seen")
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("您已超过 %(minutes)s 分钟未操作，为保护数据已自动退出，请重新登录。")
                    % {"minutes": settings.STAFF_IDLE_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= LAST_SEEN_PRECISION_SECONDS:
                # Written at most once a minute: the idle timeout counts in minutes, and a session write on
                # every request would cost each page an UPDATE.
                request.session["staff_last_seen"] = now
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.STAFF_OTP_REQUIRED or not is_staff_account(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OTP_EXEMPT_URL_NAMES:
            return None
        if request.method not in ("GET", "HEAD"):
            # The form that was sent is not acted on without the second factor.
            messages.warning(request, _("请先完成动态验证码验证，再提交。"))
        return redirect(f"{reverse('otp')}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeRequiredMiddleware:
    """After an administrator set the password, its owner must choose a new one before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        must_change = request.session.get(MUST_CHANGE_PASSWORD_SESSION_KEY)
        if must_change is None:
            # Asked once a session, whichever way it began (login page, admin login, sign-up).
            must_change = request.session[MUST_CHANGE_PASSWORD_SESSION_KEY] = account_must_change_password(request.user)
        if not must_change:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in PASSWORD_CHANGE_EXEMPT_URL_NAMES:
            return None
        if request.method not in ("GET", "HEAD"):
            messages.warning(request, _("请先修改密码，再提交。"))
        return redirect("password_change")


class PrivatePageMiddleware:
    """Pages shown to a logged-in person may carry personal data: no cache, shared or local, keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
