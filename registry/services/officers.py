"""Give and take an officer's role at a bureau; the role is also a guardian object permission on the bureau.

This is administration, not casework: the admin site (whose model permissions decide who may use it) and the
demo seeding call these functions, which therefore take no acting user and ask no bureau role.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from registry.choices import OfficerRole
from registry.models import Jurisdiction, OfficerAssignment
from registry.services.policy import role_permission

OFFICER_GROUP = "登记机关工作人员"
AUDITORS_ONLY = ("view_securitylog",)


def officers_group() -> Group:
    """The group every officer belongs to: it reads the register (the workspace needs it)."""
    group, _created = Group.objects.get_or_create(name=OFFICER_GROUP)
    readable = Permission.objects.filter(content_type__app_label="registry", codename__startswith="view_")
    # The security log is for the bureau's auditors, who are given its permission on their own.
    group.permissions.add(*readable.exclude(codename__in=AUDITORS_ONLY))
    return group


def officer_assign(*, user, jurisdiction: Jurisdiction, role: str, unit_name: str = "") -> OfficerAssignment:
    """Let `user` work as `role` at `jurisdiction` (idempotent); they join the officers' group.

    A competent unit's officer (OfficerRole.UNIT) signs for the unit `unit_name` only.
    """
    if OfficerRole(role) == OfficerRole.UNIT and not unit_name.strip():
        raise ValidationError({"unit_name": _("业务主管单位初审岗须写明所代表的业务主管单位。")})
    with transaction.atomic():
        user.groups.add(officers_group())
        assignment, _created = OfficerAssignment.objects.get_or_create(
            user=user, jurisdiction=jurisdiction, role=OfficerRole(role), defaults={"unit_name": unit_name.strip()}
        )
        assign_perm(role_permission(role), user, jurisdiction)
    return assignment


def officer_unassign(*, assignment: OfficerAssignment) -> None:
    """Take the role away; tasks the officer already claimed stay with them until released by a manager."""
    with transaction.atomic():
        remove_perm(role_permission(assignment.role), assignment.user, assignment.jurisdiction)
        assignment.delete()
