"""Sign-up for applicants: a real person, identified by resident ID number, logging in by mobile or e-mail."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.services.applicants import applicant_sign_up


class SignUpForm(forms.Form):
    mobile = forms.CharField(label=gettext_lazy("手机号码"), max_length=11, required=False)
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)
    real_name = forms.CharField(label=gettext_lazy("真实姓名"), max_length=40)
    id_number = forms.CharField(label=gettext_lazy("居民身份证号码"), max_length=18)
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=gettext_lazy("再次输入密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return data


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("portal")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = applicant_sign_up(
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
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，您可以在线申请登记了。"))
            return redirect("portal_applications")
    return render(request, "registration/signup.html", {"form": form})
