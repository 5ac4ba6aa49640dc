"""Agencies' API keys: created with a secret shown once, stored as a hash, checked on each request, revoked.

A key reads `rk_<prefix>_<secret>`: the prefix finds the row, the secret's sha256 is compared in constant time.
The secret is 32 random bytes, so a plain hash suffices (no password stretching: nothing to guess).
"""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import ApiKey, ChangeKind, DisclosurePurpose, IdNumberDisclosure, WebhookSubscription
from registry.rules.idcards import mask_id_number
from registry.services import policy

# Non-public fields an agency's data-sharing agreement may allow, with what each gives.
AGENCY_FIELDS = {
    # The full resident ID number of the legal representative; each one shown is written to the ID-number
    # disclosure log under the key's accountable account.
    "legal_rep_id_number": gettext_lazy("法定代表人身份证号码（完整）"),
}
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # last_used_at is written at most this often


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(
    *, by, name: str, agency: str, per_minute: int, agency_fields=(), account=None
) -> tuple[ApiKey, str]:
    """Create a key; return it and the key text, which is never stored and cannot be shown again."""
    policy.require_system_administrator(by)
    unknown = set(agency_fields) - set(AGENCY_FIELDS)
    if unknown:
        message = _("未知的协议字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))}
        raise ValidationError({"agency_fields": message})
    if "legal_rep_id_number" in agency_fields and account is None:
        raise ValidationError({"account": _("可读取完整身份证号码的密钥须指定责任账号，查看记录记在其名下。")})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        name=name.strip(),
        agency=agency.strip(),
        prefix=prefix,
        secret_hash=_hash(secret),
        agency_fields=sorted(set(agency_fields)),
        per_minute=per_minute,
        account=account,
        created_by=by,
    )
    key.full_clean()
    key.save()
    return key, f"rk_{prefix}_{secret}"


def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    """Revoke a key at once: every later request with it is refused (401); its webhooks stop."""
    policy.require_system_administrator(by)
    with transaction.atomic():
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
        WebhookSubscription.objects.filter(api_key=key, active=True).update(active=False, paused_at=timezone.now())
    return key


def api_key_authenticate(text: str) -> ApiKey | None:
    """The live key this text is, or None (unknown, malformed, wrong secret, revoked)."""
    scheme, _sep, prefix_secret = text.partition("_")
    prefix, _sep, secret = prefix_secret.partition("_")
    if scheme != "rk" or not prefix or not secret:
        return None
    key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def webhook_secret() -> str:
    return secrets.token_hex(32)


def webhook_kinds_valid(kinds) -> list[str]:
    """The event kinds of a subscription, refused when one is unknown."""
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise ValidationError({"kinds": _("事项须为事项代码的列表。")})
    unknown = set(kinds) - set(ChangeKind.values)
    if unknown:
        raise ValidationError({"kinds": _("未知的事项代码：%(kinds)s") % {"kinds": ", ".join(sorted(unknown))}})
    return sorted(set(kinds))


def agency_id_number_disclose(*, key: ApiKey, organization) -> str:
    """The legal representative's full ID number for a key whose agreement allows it, logged as a disclosure."""
    if "legal_rep_id_number" not in key.agency_fields or key.account is None:
        raise PermissionError("this key may not read ID numbers")
    IdNumberDisclosure.objects.create(
        by=key.account,
        roles="api",
        jurisdiction=organization.jurisdiction,
        purpose=DisclosurePurpose.VIEW,
        case_reference=f"API {key.prefix}",
        person_name=organization.legal_rep_name,
        person_role=_("法定代表人"),
        id_number_masked=mask_id_number(organization.legal_rep_id_number),
    )
    return organization.legal_rep_id_number
