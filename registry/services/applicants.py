"""Sign-up of applicant accounts: a real person with a valid resident ID number, confirmed by a link.

The sign-up page answers the same way whether or not the mobile number or e-mail address is already
registered, so it cannot be used to find out who has an account: a new account is confirmed through a
link sent to that address, and the owner of an existing one is told instead that someone tried.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import ApplicantProfile
from registry.rules.idcards import id_number_errors, normalize_id_number
from registry.services.messaging import send_to_contact

CONFIRMATION_SALT = "registry.applicant-confirmation"
CONFIRMATION_DAYS = 3

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
    candidate = User(username=username, email=email, first_name=real_name, is_active=False)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    # An account never confirmed within the time allowed frees its mobile number or e-mail address again.
    User.objects.filter(
        username__iexact=username,
        is_active=False,
        last_login__isnull=True,
        date_joined__lt=timezone.now() - datetime.timedelta(days=CONFIRMATION_DAYS),
    ).delete()
    taken = User.objects.filter(username__iexact=username).exists() or (
        email and User.objects.filter(email__iexact=email).exists()
    )
    if taken:
        # Same answer to the visitor as for a new account; only the address's owner learns of the attempt.
        send_to_contact(
            email=email,
            mobile=mobile,
            subject=_("有人尝试用您的手机号码或邮箱注册"),
            body=_(
                "有人尝试用本手机号码或邮箱在%(site)s注册申请人账户。该号码或邮箱已注册，请直接登录；"
                "忘记密码可联系登记管理机关。如非本人操作，请忽略本消息。"
            )
            % {"site": settings.SITE_TITLE},
        )
        return None
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        ApplicantProfile.objects.create(
            user=candidate, real_name=real_name, id_number=normalize_id_number(id_number), mobile=mobile, email=email
        )
        link = f"{settings.PUBLIC_BASE_URL}/accounts/confirm/{confirmation_token(candidate)}/"
        # In the same transaction as the account, so the account never exists without its confirmation message.
        send_to_contact(
            email=email,
            mobile=mobile,
            subject=_("请确认注册"),
            body=_("请在 %(days)s 天内打开以下链接完成申请人账户注册：%(link)s")
            % {"days": CONFIRMATION_DAYS, "link": link},
        )
    return candidate


def confirmation_token(user) -> str:
    """A signed token that activates `user`'s account, valid for CONFIRMATION_DAYS."""
    return signing.dumps({"user": user.pk, "username": user.username}, salt=CONFIRMATION_SALT)


def applicant_confirm(*, token: str):
    """Activate the account the token was issued for; refuse a forged, stale or already used token."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("确认链接已过期，请重新注册。")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("确认链接无效。")) from exc
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["user"], username=data["username"]).first()
        if user is None or user.is_active or user.last_login is not None:
            raise ValidationError(_("确认链接无效或已使用，请直接登录。"))
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
