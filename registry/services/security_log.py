"""Write the security log where logins and permission changes happen, and purge it after its retention period.

The handlers are connected in `registry.apps` to Django's login signals, django-axes' lockout signal and the
model signals of accounts, groups, officer assignments and guardian's object permissions, so every path
(the login pages, the admin, the services, the shell) is logged without each caller remembering to.
Exports are logged by the writer every export uses (`registry.spreadsheets`).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from registry.models import ChainHead, OfficerAssignment, SecurityCategory, SecurityEvent, SecurityLog

ACCOUNT_FLAGS = ("is_active", "is_staff", "is_superuser")


def _portal(user) -> str:
    return "staff" if getattr(user, "is_staff", False) else "portal"


# -- logins ----------------------------------------------------------------------------------------------------


def login_succeeded(sender, request=None, user=None, **kwargs) -> None:
    SecurityLog.record(event=SecurityEvent.LOGIN, actor=user, portal=_portal(user))


def login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    name = str((credentials or {}).get("username", ""))
    SecurityLog.record(event=SecurityEvent.LOGIN_FAILED, actor_name=name, succeeded=False)


def logged_out(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        SecurityLog.record(event=SecurityEvent.LOGOUT, actor=user, portal=_portal(user))


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    SecurityLog.record(event=SecurityEvent.LOCKED_OUT, actor_name=username or "", succeeded=False)


# -- permission changes ----------------------------------------------------------------------------------------


def account_flags_remember(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before an account is saved: keep its flags as they were, to log what the save changes."""
    if raw or instance.pk is None:
        instance._flags_before = {}
        return
    if update_fields is not None and not set(update_fields) & set(ACCOUNT_FLAGS):
        instance._flags_before = {flag: getattr(instance, flag) for flag in ACCOUNT_FLAGS}  # e.g. last_login only
        return
    before = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_FLAGS).first()
    instance._flags_before = before or {}


def account_flags_log(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_flags_before", {})
    for flag in ACCOUNT_FLAGS:
        new = getattr(instance, flag)
        if created:
            if flag != "is_active" and new:  # a new account created with a privilege
                SecurityLog.record(event=SecurityEvent.FLAG, subject=instance, field=flag, old=None, new=new)
            continue
        old = before.get(flag, new)
        if old != new:
            SecurityLog.record(event=SecurityEvent.FLAG, subject=instance, field=flag, old=old, new=new)
    instance._flags_before = {flag: getattr(instance, flag) for flag in ACCOUNT_FLAGS}


def _names(model, pks) -> list[str]:
    return sorted(str(obj) for obj in model.objects.filter(pk__in=pks))


def memberships_log(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Accounts joining or leaving groups (user.groups or group.user_set), and permissions given to either."""
    if action == "pre_clear":
        instance._cleared = list(getattr(instance, _m2m_attribute(sender, reverse)).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set, change = set(getattr(instance, "_cleared", [])), "removed"
    else:
        change = "added" if action == "post_add" else "removed"
    if not pk_set:
        return
    user_model = get_user_model()
    if sender is user_model.groups.through:
        if not reverse:  # user.groups.add(groups)
            SecurityLog.record(event=SecurityEvent.GROUP, subject=instance, change=change, groups=_names(model, pk_set))
        else:  # group.user_set.add(users)
            for user in user_model.objects.filter(pk__in=pk_set):
                SecurityLog.record(event=SecurityEvent.GROUP, subject=user, change=change, groups=[str(instance)])
    elif sender is user_model.user_permissions.through:
        users = [instance] if not reverse else list(user_model.objects.filter(pk__in=pk_set))
        permissions = _permission_codes(model, pk_set) if not reverse else [_permission_code(instance)]
        for user in users:
            SecurityLog.record(
                event=SecurityEvent.USER_PERMISSION, subject=user, change=change, permissions=permissions
            )
    else:  # Group.permissions
        groups = [instance] if not reverse else list(model.objects.filter(pk__in=pk_set))
        permissions = _permission_codes(model, pk_set) if not reverse else [_permission_code(instance)]
        for group in groups:
            SecurityLog.record(
                event=SecurityEvent.GROUP_PERMISSION, subject=group, change=change, permissions=permissions
            )


def _m2m_attribute(sender, reverse) -> str:
    user_model = get_user_model()
    if sender is user_model.groups.through:
        return "user_set" if reverse else "groups"
    if sender is user_model.user_permissions.through:
        return "user_set" if reverse else "user_permissions"
    return "group_set" if reverse else "permissions"


def _permission_code(permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _permission_codes(model, pks) -> list[str]:
    return sorted(_permission_code(p) for p in model.objects.filter(pk__in=pks).select_related("content_type"))


def assignment_remember(sender, instance, raw=False, **kwargs) -> None:
    before = None
    if not raw and instance.pk is not None:
        before = (
            OfficerAssignment.objects.filter(pk=instance.pk).values("jurisdiction__code", "role", "unit_name").first()
        )
    instance._before = before


def _assignment_value(assignment) -> dict:
    return {
        "jurisdiction": assignment.jurisdiction.code,
        "role": assignment.role,
        "unit_name": assignment.unit_name,
    }


def assignment_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_before", None)
    old = (
        {"jurisdiction": before["jurisdiction__code"], "role": before["role"], "unit_name": before["unit_name"]}
        if before
        else None
    )
    new = _assignment_value(instance)
    if old != new:
        SecurityLog.record(event=SecurityEvent.ASSIGNMENT, subject=instance.user, old=old, new=new)


def assignment_deleted(sender, instance, **kwargs) -> None:
    SecurityLog.record(event=SecurityEvent.ASSIGNMENT, subject=instance.user, old=_assignment_value(instance), new=None)


def object_permission_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created and not raw:
        _object_permission(instance, change="added")


def object_permission_deleted(sender, instance, **kwargs) -> None:
    _object_permission(instance, change="removed")


def _object_permission(instance, *, change: str) -> None:
    subject = getattr(instance, "user", None) or getattr(instance, "group", None)
    SecurityLog.record(
        event=SecurityEvent.OBJECT_PERMISSION,
        subject=subject,
        change=change,
        permission=_permission_code(instance.permission),
        object=f"{instance.content_type.app_label}.{instance.content_type.model}:{instance.object_pk}",
    )


# -- retention -------------------------------------------------------------------------------------------------


def security_logs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the rows older than the retention period, chain by chain; return how many went.

    Each chain's head records the place and hash of the last purged row, so `audit_verify` checks the rest
    from there (the first remaining row must link to that hash) and still finds edits, deletions and
    insertions. A chain is purged up to its newest row older than the cut-off, so what remains is unbroken.
    """
    days = settings.REGISTRY["SECURITY_LOG_RETENTION_DAYS"]
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    purged = 0
    for category in SecurityCategory.values:
        key = f"security:{category}"
        with transaction.atomic():
            head = ChainHead.objects.select_for_update().filter(chain=key).first()
            if head is None:
                continue
            rows = SecurityLog.objects.filter(category=category)
            last = rows.filter(at__lt=cutoff).order_by("-chain_seq").values("chain_seq", "chain_hash").first()
            if last is None:
                continue
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # The table's trigger refuses deletions except in a purge's own transaction.
                    cursor.execute("SET LOCAL registry.security_log_purge = 'on'")
                cursor.execute(
                    f"DELETE FROM {SecurityLog._meta.db_table} WHERE category = %s AND chain_seq <= %s",
                    [category, last["chain_seq"]],
                )
                count = cursor.rowcount
            head.pruned_seq, head.pruned_hash = last["chain_seq"], last["chain_hash"]
            head.save(update_fields=["pruned_seq", "pruned_hash"])
            purged += count
    return purged
