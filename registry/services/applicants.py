"""Sign-up of applicant accounts: a real person with a valid resident ID number."""

import re

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from registry.idcards import id_number_errors, normalize_id_number
from registry.models import ApplicantProfile

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def applicant_sign_up(*, email: str = "", mobile: str = "", password: str, real_name: str, id_number: str):
    """Create an applicant account; the login is the mobile number or, without one, the e-mail address."""
    email, mobile, real_name = email.strip().lower(), mobile.strip(), real_name.strip()
    errors: dict[str, list[str]] = {}
    if not email and not mobile:
        errors["mobile"] = [_("请填写手机号码或电子邮箱（至少一项），用于登录和接收通知。")]
    if mobile and not MOBILE.match(mobile):
        errors["mobile"] = [_("手机号码应为11位数字，以1开头。")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("电子邮箱格式不正确。")]
    if not 2 <= len(real_name) <= 40:
        errors["real_name"] = [_("请填写与身份证一致的真实姓名。")]
    id_problems = id_number_errors(id_number)
    if id_problems:
        errors["id_number"] = id_problems
    User = get_user_model()
    username = mobile or email
    if username and User.objects.filter(username__iexact=username).exists():
        errors.setdefault("mobile" if mobile else "email", []).append(_("该手机号码或邮箱已注册，请直接登录。"))
    if email and User.objects.filter(email__iexact=email).exists():
        errors.setdefault("email", []).append(_("该电子邮箱已注册，请直接登录。"))
    candidate = User(username=username, email=email, first_name=real_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        ApplicantProfile.objects.create(
            user=candidate, real_name=real_name, id_number=normalize_id_number(id_number), mobile=mobile, email=email
        )
    return candidate
