"""Account protection: the owner told of a login lockout, unlocking by an administrator, password reset by a code
sent to the account's mobile number or e-mail, and the password change an administrator's reset forces.

Codes are six digits, stored only as keyed hashes, valid for ACCOUNT_CODE_MINUTES, used once and refused after
CODE_ATTEMPTS wrong entries. A reset asked for an unknown number or address answers as for a known one.
"""

import datetime
import hashlib
import re
import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AccountSecurity, PasswordResetCode
from registry.rules.query_codes import query_code_digest, query_code_matches
from registry.services.messaging import send_to_contact
from registry.services.notifications import contact_of
from registry.services.policy import require_system_administrator

CODE_ATTEMPTS = 5  # wrong entries after which a code stops working
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def new_code() -> str:
    """Six random digits, for a text message or an e-mail."""
    return f"{secrets.randbelow(1_000_000):06d}"


def code_digest(kind: str, pk: int, code: str) -> str:
    """What is stored of a code: a hash keyed by the site's secret, the kind of code and its row."""
    return query_code_digest(f"{settings.SECRET_KEY}:{kind}:{pk}", code)


def code_matches(kind: str, pk: int, code: str, digest: str) -> bool:
    return query_code_matches(f"{settings.SECRET_KEY}:{kind}:{pk}", code, digest)


def code_fresh_since() -> datetime.datetime:
    """Codes sent before this moment have expired."""
    return timezone.now() - datetime.timedelta(minutes=settings.REGISTRY["ACCOUNT_CODE_MINUTES"])


def contact_key(contact: str) -> str:
    """A mobile number or e-mail address as a rate-limit key, hashed so the cache holds no personal data."""
    return hashlib.sha256(contact.strip().lower().encode()).hexdigest()[:32]


def account_for_contact(contact: str):
    """The active account whose login name, mobile number or e-mail address is `contact`, if exactly one."""
    contact = contact.strip()
    if not contact:
        return None
    User = get_user_model()
    if MOBILE.match(contact):
        match = Q(username=contact) | Q(applicant_profile__mobile=contact)
    elif "@" in contact:
        match = Q(username__iexact=contact) | Q(email__iexact=contact) | Q(applicant_profile__email__iexact=contact)
    else:
        match = Q(username=contact)
    accounts = list(User.objects.filter(match, is_active=True).distinct()[:2])
    return accounts[0] if len(accounts) == 1 else None


def send_code_to(user, contact: str):
    """(e-mail, mobile) to send a code to: the number or address the person typed when it is the account's."""
    email, mobile = contact_of(user)
    contact = contact.strip()
    if MOBILE.match(contact) and contact in (mobile, user.username):
        return "", contact
    if "@" in contact:
        return contact.lower(), ""
    return email, mobile


# Login lockout (django-axes locks a login name from one address; see settings.AXES_LOCKOUT_PARAMETERS).


def account_lockout_notify(*, username: str, ip_address: str) -> bool:
    """Tell the account's owner that logins to it from `ip_address` are locked; at most once per lockout period.

    Returns whether a message was queued. An unknown login name gets nothing (and nothing is revealed).
    """
    User = get_user_model()
    user = User.objects.filter(username=username, is_active=True).select_related("applicant_profile").first()
    if user is None:
        return False
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # One message per account and lockout period, however many addresses an attacker tries from.
    if not cache.add(f"lockout-notice:{contact_key(username)}", 1, timeout=minutes * 60):
        return False
    email, mobile = contact_of(user)
    send_to_contact(
        email=email,
        mobile=mobile,
        subject=_("您的账户登录已暂时锁定"),
        body=_(
            "您在%(site)s的账户（%(username)s）于 %(time)s 从地址 %(address)s 连续多次输入错误密码，"
            "来自该地址的登录已暂停 %(minutes)s 分钟，其他地址不受影响。如非本人操作，请登录后修改密码，"
            "或在登录页通过“忘记密码”重设密码。"
        )
        % {
            "site": settings.SITE_TITLE,
            "username": user.username,
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "address": ip_address or "-",
            "minutes": minutes,
        },
    )
    return True


def account_unlock(*, user, by) -> int:
    """Lift every login lockout of `user`'s login name, from any address; return how many records were cleared."""
    require_system_administrator(by, message=_("只有系统管理员可以管理账户。"))
    return axes_reset(username=user.username)


# Forced password change: a password set by an administrator is known to someone else.


def account_require_password_change(*, user, by) -> None:
    """Make `user` choose a new password at the next login."""
    require_system_administrator(by, message=_("只有系统管理员可以管理账户。"))
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


def account_must_change_password(user) -> bool:
    return AccountSecurity.objects.filter(user=user, must_change_password=True).exists()


def account_password_changed(*, user) -> None:
    """The owner chose a new password: the forced change is done."""
    AccountSecurity.objects.filter(user=user).update(must_change_password=False)


# Password reset by a code (SMS or e-mail).


def password_reset_request(*, contact: str) -> bool:
    """Send a reset code to `contact` if it is an account's mobile number, e-mail or login name.

    Returns whether a code was sent; the caller shows the same page either way.
    """
    user = account_for_contact(contact)
    if user is None:
        return False
    email, mobile = send_code_to(user, contact)
    if not email and not mobile:
        return False
    code = new_code()
    with transaction.atomic():
        reset = PasswordResetCode.objects.create(user=user, code_digest="-")
        reset.code_digest = code_digest("reset", reset.pk, code)
        reset.save(update_fields=["code_digest"])
        send_to_contact(
            email=email,
            mobile=mobile,
            subject=_("找回密码验证码"),
            body=_(
                "您正在%(site)s重设密码，验证码 %(code)s，%(minutes)s 分钟内有效，只能使用一次。"
                "如非本人操作，请忽略本消息，您的密码不会改变。"
            )
            % {"site": settings.SITE_TITLE, "code": code, "minutes": settings.REGISTRY["ACCOUNT_CODE_MINUTES"]},
        )
    return True


def password_reset_complete(*, contact: str, code: str, password: str):
    """Set a new password with a code sent by `password_reset_request`; the code is used up. Return the account."""
    wrong = ValidationError({"code": [_("验证码不正确或已失效，请重新获取。")]})
    user = account_for_contact(contact)
    if user is None:
        raise wrong
    candidates = list(
        PasswordResetCode.objects.filter(
            user=user, used_at__isnull=True, created_at__gte=code_fresh_since(), failed_attempts__lt=CODE_ATTEMPTS
        ).order_by("-created_at")[:3]
    )
    match = next((c for c in candidates if code_matches("reset", c.pk, code, c.code_digest)), None)
    if match is None:
        PasswordResetCode.objects.filter(pk__in=[c.pk for c in candidates]).update(
            failed_attempts=F("failed_attempts") + 1
        )
        raise wrong
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc
    with transaction.atomic():
        # Used once: a second request with the same code finds it used under the lock.
        used = PasswordResetCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not used:
            raise wrong
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        user.set_password(password)
        user.save(update_fields=["password"])
        AccountSecurity.objects.filter(user=user).update(must_change_password=False)
        email, mobile = contact_of(user)
        send_to_contact(
            email=email,
            mobile=mobile,
            subject=_("您的密码已重设"),
            body=_("您在%(site)s的账户密码已于 %(time)s 重设。如非本人操作，请立即联系登记管理机关。")
            % {"site": settings.SITE_TITLE, "time": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        )
    axes_reset(username=user.username)
    return user
