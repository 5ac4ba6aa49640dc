"""Accounts: login, sign-up of applicants (a real person, identified by resident ID number, logging in by mobile or
e-mail, confirmed by a code), password reset by a code, password change, and the staff's second factor."""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from registry.middleware import MUST_CHANGE_PASSWORD_SESSION_KEY, is_staff_account
from registry.ratelimit import client_address, seconds_to_wait
from registry.selectors.purchase import is_purchaser
from registry.services.accounts import (
    account_password_changed,
    contact_key,
    password_reset_complete,
    password_reset_request,
)
from registry.services.applicants import (
    applicant_confirm,
    applicant_confirm_code,
    applicant_sign_up,
    applicant_sign_up_errors,
)
from registry.services.staff_auth import staff_totp_device, staff_totp_verify

# Outside experts' accounts (a one-to-one record on the user) and the page of what was assigned to them.
EXPERT_HOMES = (("evaluator", "evaluator_assignments"), ("purchase_expert", "purchase_expert_calls"))


def expert_home(user) -> str | None:
    """The assignments page of an outside expert (evaluation or purchase review), or None for anyone else."""
    for related_name, url_name in EXPERT_HOMES:
        if hasattr(user, related_name):
            return resolve_url(url_name)
    return None


class LoginView(auth_views.LoginView):
    """Log in, then go where the person works: officers to their inbox, a purchasing unit's staff without an
    officer's account to their unit's calls (which lead to its contracts), outside experts to their assignments.

    A password an administrator set must be changed first (registry.middleware.PasswordChangeRequiredMiddleware).
    """

    def get_default_redirect_url(self):
        user = self.request.user
        if user.subdistrict_roles.exists() and not user.assignments.exists():
            return resolve_url("community_officer_groups")  # a street office's or town's officer
        if is_staff_account(user) and not user.is_superuser:
            return resolve_url("work:index")
        if is_purchaser(user):
            return resolve_url("work:purchase_calls")  # a street office's or department's purchasing staff
        return expert_home(user) or super().get_default_redirect_url()


def over_limit(request, *, scope: str, limit_setting: str, contacts=()) -> bool:
    """Count one use of `scope` a day from the client's address and for each mobile number or e-mail address.

    True when any of them is over its limit (the count goes on, so retrying does not help).
    """
    over = bool(
        seconds_to_wait(
            scope=scope,
            address=client_address(request),
            limit=settings.REGISTRY[limit_setting],
            window_seconds=86_400,
        )
    )
    for contact in contacts:
        if contact:
            over |= bool(
                seconds_to_wait(
                    scope="account-message",
                    address=contact_key(contact),
                    limit=settings.REGISTRY["ACCOUNT_MESSAGES_PER_CONTACT_PER_DAY"],
                    window_seconds=86_400,
                )
            )
    return over


def code_entries_over_limit(request) -> bool:
    """Code entries an hour from one address: with CODE_ATTEMPTS per code, enough for people, not for guessing."""
    return bool(
        seconds_to_wait(
            scope="account-code",
            address=client_address(request),
            limit=settings.REGISTRY["ACCOUNT_CODE_ENTRIES_PER_HOUR"],
            window_seconds=3600,
        )
    )


class SignUpForm(forms.Form):
    mobile = forms.CharField(label=gettext_lazy("手机号码"), max_length=11, required=False)
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)
    real_name = forms.CharField(label=gettext_lazy("真实姓名"), max_length=40)
    id_number = forms.CharField(label=gettext_lazy("居民身份证号码"), max_length=18)
    password = forms.CharField(
        label=gettext_lazy("密码"),
        widget=forms.PasswordInput,
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
    )
    password_again = forms.CharField(label=gettext_lazy("再次输入密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        # Every problem at once, whatever else is missing: the same checks the sign-up service makes.
        problems = applicant_sign_up_errors(
            email=self.data.get("email", ""),
            mobile=self.data.get("mobile", ""),
            password=self.data.get("password", ""),
            real_name=self.data.get("real_name", ""),
            id_number=self.data.get("id_number", ""),
        )
        for field, field_problems in problems.items():
            if field not in self.errors:
                for problem in field_problems:
                    self.add_error(field, problem)
        return data


class CodeForm(forms.Form):
    contact = forms.CharField(label=gettext_lazy("手机号码或电子邮箱"), max_length=254)
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


TOO_MANY = gettext_lazy("今天的请求已达上限（每个地址、每个手机号码或邮箱每天有限次数），请明天再试。")


@never_cache
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("portal")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {key: data[key] for key in ("email", "mobile", "password", "real_name", "id_number")}
        problems = applicant_sign_up_errors(**details)
        for field, errors in problems.items():
            form.add_error(field if field in form.fields else None, errors)
        # Only a sign-up that would send a message counts against the limits: mistakes do not.
        if not problems and over_limit(
            request,
            scope="signup",
            limit_setting="SIGNUPS_PER_ADDRESS_PER_DAY",
            contacts=(data["mobile"].strip(), data["email"].strip().lower()),
        ):
            form.add_error(None, TOO_MANY)
            return render(request, "registration/signup.html", {"form": form}, status=429)
        if not problems:
            pending = applicant_sign_up(**details)
            # The same page whether the address was free or already registered (see the service).
            code_form = CodeForm(initial={"contact": pending.username})
            context = {
                "address": pending.username,
                "form": code_form,
                "minutes": settings.REGISTRY["ACCOUNT_CODE_MINUTES"],
            }
            return render(request, "registration/signup_sent.html", context)
    return render(request, "registration/signup.html", {"form": form})


@never_cache
def signup_code(request):
    """Enter the code sent at sign-up: the account is created and logged in."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if code_entries_over_limit(request):
            form.add_error(None, _("尝试过于频繁，请一小时后再试。"))
            status = 429
        else:
            try:
                user = applicant_confirm_code(contact=form.cleaned_data["contact"], code=form.cleaned_data["code"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("注册成功，您可以在线申请登记了。"))
                return redirect("portal_applications")
    return render(request, "registration/signup_sent.html", {"form": form, "entering": True}, status=status)


@never_cache
def confirm(request, token):
    """Open the link sent at sign-up: create the account and log in."""
    if request.method != "POST":
        # A mail scanner following the link must not use it up: the person presses the button.
        return render(request, "registration/confirm.html", {"token": token})
    try:
        user = applicant_confirm(token=token)
    except ValidationError as exc:
        return render(request, "registration/confirm.html", {"error": " ".join(exc.messages)}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("注册成功，您可以在线申请登记了。"))
    return redirect("portal_applications")


class ResetRequestForm(forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("手机号码或电子邮箱"),
        max_length=254,
        help_text=gettext_lazy("工作人员可填写登录名，验证码发往账户登记的邮箱"),
    )


class ResetForm(CodeForm):
    password = forms.CharField(label=gettext_lazy("新密码"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=gettext_lazy("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return data


RESET_CONTACT_SESSION_KEY = "password_reset_contact"


@never_cache
def password_reset(request):
    """Ask for a reset code: the same answer whether or not the number or address has an account."""
    if request.user.is_authenticated:
        return redirect("password_change")
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"].strip()
        if over_limit(
            request, scope="password-reset", limit_setting="PASSWORD_RESETS_PER_ADDRESS_PER_DAY", contacts=(contact,)
        ):
            form.add_error(None, TOO_MANY)
            return render(request, "registration/password_reset.html", {"form": form}, status=429)
        password_reset_request(contact=contact)
        request.session[RESET_CONTACT_SESSION_KEY] = contact
        messages.info(
            request,
            _("如该号码或邮箱已注册，验证码已发出，%(minutes)s 分钟内有效。")
            % {"minutes": settings.REGISTRY["ACCOUNT_CODE_MINUTES"]},
        )
        return redirect("password_reset_confirm")
    return render(request, "registration/password_reset.html", {"form": form})


@never_cache
def password_reset_confirm(request):
    """Enter the code and a new password."""
    form = ResetForm(request.POST or None, initial={"contact": request.session.get(RESET_CONTACT_SESSION_KEY, "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        if code_entries_over_limit(request):
            form.add_error(None, _("尝试过于频繁，请一小时后再试。"))
            status = 429
        else:
            data = form.cleaned_data
            try:
                password_reset_complete(contact=data["contact"], code=data["code"], password=data["password"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                request.session.pop(RESET_CONTACT_SESSION_KEY, None)
                messages.success(request, _("密码已重设，请用新密码登录。"))
                return redirect("login")
    return render(request, "registration/password_reset_confirm.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the change an administrator's reset requires ends here."""

    template_name = "registration/password_change.html"

    def get_success_url(self):
        return resolve_url("portal") if not is_staff_account(self.request.user) else resolve_url("work:index")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_password_changed(user=self.request.user)
        self.request.session[MUST_CHANGE_PASSWORD_SESSION_KEY] = False
        messages.success(self.request, _("密码已修改。"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = bool(self.request.session.get(MUST_CHANGE_PASSWORD_SESSION_KEY))
        return context


class OtpForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


@login_required
def otp(request):
    """The second factor for staff: set up an authenticator app once (QR code), then enter its code at each login."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not is_staff_account(request.user):
        return redirect("portal")  # the second factor is for staff accounts
    if request.user.is_verified():
        return redirect(next_url or "work:index")
    device = staff_totp_device(user=request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_totp_verify(device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.messages)
        else:
            otp_login(request, device)
            return redirect(next_url or "work:index")
    context = {"form": form, "next": next_url, "device": device}
    if not device.confirmed:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "registration/otp.html", context)
