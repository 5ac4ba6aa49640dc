"""Sign-up of applicant accounts: a real person with a valid resident ID number, confirmed by a code.

The account exists only once the code sent to its mobile number (or e-mail address) is entered, or the link
sent with it opened: a stranger who signs up with someone else's number gets nothing, and cannot keep the
number's owner from signing up. The sign-up page answers the same way, after the same work (the password is
hashed and a message queued either way), whether or not the number or address is registered already: a new
sign-up gets a code, the owner of an existing account is told instead that someone tried.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import ApplicantProfile, PendingSignUp
from registry.rules.idcards import id_number_errors, normalize_id_number
from registry.services.accounts import CODE_ATTEMPTS, code_digest, code_fresh_since, code_matches, new_code
from registry.services.messaging import send_to_contact

CONFIRMATION_SALT = "registry.applicant-confirmation"
LEGACY_CONFIRMATION_DAYS = 3  # accounts made inactive at sign-up before codes were used
PENDING_KEPT = datetime.timedelta(days=1)  # unconfirmed sign-ups (with their ID numbers) are deleted after this

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def applicant_sign_up_errors(
    *, email: str = "", mobile: str = "", password: str, real_name: str, id_number: str
) -> dict[str, list[str]]:
    """What is wrong with the sign-up's details, by field; empty when it may go ahead. Writes nothing."""
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
    candidate = User(username=mobile or email, email=email, first_name=real_name, is_active=False)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    return errors


def applicant_sign_up(*, email: str = "", mobile: str = "", password: str, real_name: str, id_number: str):
    """Check the details and send a confirmation code; the login will be the mobile number or else the e-mail.

    Returns the pending sign-up (also when the address is registered already: that one can never be confirmed).
    """
    errors = applicant_sign_up_errors(
        email=email, mobile=mobile, password=password, real_name=real_name, id_number=id_number
    )
    if errors:
        raise ValidationError(errors)
    email, mobile, real_name = email.strip().lower(), mobile.strip(), real_name.strip()
    User = get_user_model()
    username = mobile or email
    now = timezone.now()
    # An account never confirmed under the old link-only sign-up frees its mobile number or e-mail address again.
    User.objects.filter(
        username__iexact=username,
        is_active=False,
        last_login__isnull=True,
        date_joined__lt=now - datetime.timedelta(days=LEGACY_CONFIRMATION_DAYS),
    ).delete()
    PendingSignUp.objects.filter(created_at__lt=now - PENDING_KEPT).delete()
    taken = account_taken(username=username, email=email)
    code = new_code()
    with transaction.atomic():
        # The same work whether or not the address is taken, so the time taken tells nothing.
        pending = PendingSignUp.objects.create(
            username=username,
            mobile=mobile,
            email=email,
            real_name=real_name,
            id_number=normalize_id_number(id_number),
            password=make_password(password),
            code_digest="-",
        )
        pending.code_digest = code_digest("signup", pending.pk, code)
        pending.save(update_fields=["code_digest"])
        if taken:
            # Same answer to the visitor as for a new account; only the address's owner learns of the attempt.
            body = _(
                "有人尝试用本手机号码或邮箱在%(site)s注册申请人账户。该号码或邮箱已注册，请直接登录；"
                "忘记密码可在登录页通过“忘记密码”重设。如非本人操作，请忽略本消息。"
            ) % {"site": settings.SITE_TITLE}
            subject = _("有人尝试用您的手机号码或邮箱注册")
        else:
            link = f"{settings.PUBLIC_BASE_URL}/accounts/confirm/{confirmation_token(pending)}/"
            body = _(
                "您正在%(site)s注册申请人账户，验证码 %(code)s，%(minutes)s 分钟内有效；也可打开以下链接完成注册："
                "%(link)s 如非本人操作，请忽略本消息。"
            ) % {
                "site": settings.SITE_TITLE,
                "code": code,
                "minutes": settings.REGISTRY["ACCOUNT_CODE_MINUTES"],
                "link": link,
            }
            subject = _("请确认注册")
        # In the same transaction as the pending sign-up, so it never exists without its message.
        send_to_contact(email=email, mobile=mobile, subject=subject, body=body)
    return pending


def account_taken(*, username: str, email: str = "") -> bool:
    User = get_user_model()
    return User.objects.filter(username__iexact=username).exists() or bool(
        email and User.objects.filter(email__iexact=email).exists()
    )


def confirmation_token(pending: PendingSignUp) -> str:
    """A signed token that confirms `pending`, valid as long as its code."""
    return signing.dumps({"pending": pending.pk, "username": pending.username}, salt=CONFIRMATION_SALT)


def applicant_confirm(*, token: str):
    """Create the account the link's sign-up asked for; refuse a forged, stale or already used link."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=settings.REGISTRY["ACCOUNT_CODE_MINUTES"] * 60)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("确认链接已过期，请重新注册。")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("确认链接无效。")) from exc
    pending = PendingSignUp.objects.filter(pk=data.get("pending"), username=data.get("username")).first()
    if pending is None:
        raise ValidationError(_("确认链接无效或已使用，请直接登录。"))
    return _create_account(pending, used=ValidationError(_("确认链接无效或已使用，请直接登录。")))


def applicant_confirm_code(*, contact: str, code: str):
    """Create the account of the latest sign-up for `contact` whose code is `code`."""
    wrong = ValidationError({"code": [_("验证码不正确或已失效，请重新注册。")]})
    contact = contact.strip().lower() if "@" in contact else contact.strip()
    waiting = PendingSignUp.objects.filter(
        username=contact, used_at__isnull=True, created_at__gte=code_fresh_since(), failed_attempts__lt=CODE_ATTEMPTS
    )
    candidates = list(waiting.order_by("-created_at")[:5])
    match = next((p for p in candidates if code_matches("signup", p.pk, code, p.code_digest)), None)
    if match is None:
        PendingSignUp.objects.filter(pk__in=[p.pk for p in candidates]).update(failed_attempts=F("failed_attempts") + 1)
        raise wrong
    return _create_account(match, used=wrong)


def _create_account(pending: PendingSignUp, *, used: ValidationError):
    """The account of a confirmed sign-up, with its applicant profile; every other sign-up for the login ends."""
    User = get_user_model()
    with transaction.atomic():
        # Every waiting sign-up for the login is locked, so two confirmations at once make one account.
        waiting = list(PendingSignUp.objects.select_for_update().filter(username=pending.username).order_by("pk"))
        current = next((p for p in waiting if p.pk == pending.pk), None)
        if current is None or current.used_at is not None or current.created_at < code_fresh_since():
            raise used
        if account_taken(username=current.username, email=current.email):
            raise ValidationError(_("该手机号码或邮箱已注册，请直接登录；忘记密码可在登录页重设。"))
        user = User(username=current.username, email=current.email, first_name=current.real_name, is_active=True)
        user.password = current.password  # hashed at sign-up
        user.save()
        ApplicantProfile.objects.create(
            user=user,
            real_name=current.real_name,
            id_number=current.id_number,
            mobile=current.mobile,
            email=current.email,
        )
        PendingSignUp.objects.filter(username=current.username, used_at__isnull=True).update(used_at=timezone.now())
    return user
