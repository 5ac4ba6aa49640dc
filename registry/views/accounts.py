"""Sign-up for applicants: a real person, identified by resident ID number, logging in by mobile or e-mail."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from registry.middleware import is_staff_account
from registry.rules.idcards import id_number_errors
from registry.services.applicants import MOBILE, applicant_confirm, applicant_sign_up
from registry.services.staff_auth import staff_totp_device, staff_totp_verify


class LoginView(auth_views.LoginView):
    """Log in, then go where the person works: officers to their inbox, evaluators to their assignments."""

    def get_default_redirect_url(self):
        user = self.request.user
        if is_staff_account(user) and not user.is_superuser:
            return resolve_url("work:index")
        if hasattr(user, "evaluator"):
            return resolve_url("evaluator_assignments")
        return super().get_default_redirect_url()


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
        mobile, email = self.data.get("mobile", "").strip(), self.data.get("email", "").strip()
        if mobile and "mobile" not in self.errors and not MOBILE.match(mobile):
            self.add_error("mobile", _("手机号码应为11位数字，以1开头。"))
        if not mobile and not email and "mobile" not in self.errors:
            self.add_error("mobile", _("请填写手机号码或电子邮箱（至少一项），用于登录和接收通知。"))
        if data.get("id_number"):
            for error in id_number_errors(data["id_number"]):
                self.add_error("id_number", error)
        if data.get("password"):
            candidate = get_user_model()(
                username=mobile or email, email=email, first_name=self.data.get("real_name", "").strip()
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except ValidationError as exc:
                self.add_error("password", exc.messages)
        return data


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("portal")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant_sign_up(
                email=data["email"],
                mobile=data["mobile"],
                password=data["password"],
                real_name=data["real_name"],
                id_number=data["id_number"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # The same page whether the address was free or already registered (see the service).
            address = data["email"] or data["mobile"]
            return render(request, "registration/signup_sent.html", {"address": address})
    return render(request, "registration/signup.html", {"form": form})


def confirm(request, token):
    """Open the link sent at sign-up: activate the account and log in."""
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
