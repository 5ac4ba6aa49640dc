"""Who may change what: the one permission policy every write service asks before it changes anything.

Each function raises `PermissionDenied` with a message the user can read, or returns quietly.
Officers hold roles at one bureau (a guardian object permission on the Jurisdiction); organizations
act through their representatives (`registry.manage_organization` on the Organization); applicants
own their applications; evaluators act on the applications their team was given. A system
administrator passes every officer check. `by=None` means the system itself (a daily sweep) and is
accepted only where a function says so.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from guardian.core import ObjectPermissionChecker

from registry.choices import OfficerRole
from registry.models import (
    Jurisdiction,
    OfficerAssignment,
    Organization,
    PanelMember,
    RegistrationApplication,
    TeamMember,
)
from registry.selectors.purchase import acts_for_unit


def role_permission(role: str) -> str:
    """The object permission on a Jurisdiction that lets its holder work tasks of `role` there."""
    return f"registry.role_{OfficerRole(role).value}"


def holds_role(user, jurisdiction: Jurisdiction, *roles: str) -> bool:
    """Whether `user` works as one of `roles` at `jurisdiction` (a system administrator always does).

    The user's object permissions on the bureau are read once (their own and their groups'), however many
    roles are asked about; an inactive account holds none.
    """
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.is_active:
        return False
    granted = ObjectPermissionChecker(user).get_perms(jurisdiction)
    return any(role_permission(role).partition(".")[2] in granted for role in roles)


def require_role(user, jurisdiction: Jurisdiction, *roles: str, message: str | None = None) -> None:
    """Refuse unless `user` works as one of `roles` at `jurisdiction`."""
    if not holds_role(user, jurisdiction, *roles):
        raise PermissionDenied(message or _("您没有在该登记管理机关办理此事项的权限。"))


def require_officer(user, jurisdiction: Jurisdiction, *, message: str | None = None) -> None:
    """Refuse unless `user` works at `jurisdiction` in any role."""
    require_role(user, jurisdiction, *OfficerRole.values, message=message)


def require_role_or_system(user, jurisdiction: Jurisdiction, *roles: str, message: str | None = None) -> None:
    """Like `require_role`, but the system itself (`user` is None: a sweep, a timer) may act too."""
    if user is not None:
        require_role(user, jurisdiction, *roles, message=message)


def require_system_administrator(user, *, message: str | None = None) -> None:
    """Refuse unless `user` is an active system administrator (superuser): the admin site's people."""
    if user is None or not user.is_active or not user.is_superuser:
        raise PermissionDenied(message or _("只有系统管理员可以办理。"))


def require_representative(user, organization: Organization, *, message: str | None = None) -> None:
    """Refuse unless `user` acts for `organization` (its registered representative account)."""
    if user is None or not user.has_perm("registry.manage_organization", organization):
        raise PermissionDenied(message or _("只有该组织的经办人可以办理。"))


def require_register_writer(user, organization: Organization) -> None:
    """Refuse unless the system, an officer of the organization's bureau, or its representative writes its entry.

    The check of the register's low-level writes: the step that calls them has already checked its own role.
    """
    if user is None or holds_role(user, organization.jurisdiction, *OfficerRole.values):
        return
    require_representative(user, organization, message=_("您没有在该登记管理机关办理此事项的权限。"))


def require_applicant(user, application: RegistrationApplication) -> None:
    """Refuse unless `user` is the applicant who owns `application`."""
    if user is None or application.applicant_id != user.pk:
        raise PermissionDenied(_("只有申请人本人可以办理。"))


def require_evaluator(user, application, *, leader: bool = False) -> None:
    """Refuse unless `user` is an active member (the leader, if `leader`) of the application's evaluation team."""
    members = TeamMember.objects.filter(application=application, evaluator__user=user, evaluator__active=True)
    if leader:
        members = members.filter(leader=True)
    if user is None or not members.exists():
        raise PermissionDenied(_("只有评估组组长可以提交评分。") if leader else _("您不是该组织评估组的成员。"))


def is_section_head(user, jurisdiction: Jurisdiction) -> bool:
    """Whether `user` is a section head (the approving role) at `jurisdiction`."""
    return holds_role(user, jurisdiction, OfficerRole.APPROVER)


def is_bureau_head(user, jurisdiction: Jurisdiction) -> bool:
    """Whether `user` is a head of the bureau (行政机关负责人), who decides administrative penalties."""
    return holds_role(user, jurisdiction, OfficerRole.HEAD)


def require_competent_unit(user, organization: Organization) -> None:
    """Refuse unless `user` signs for `organization`'s competent unit at its bureau (preliminary review, 初审)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return
    unit = organization.competent_unit.strip()
    signs_for_it = (
        unit
        and holds_role(user, organization.jurisdiction, OfficerRole.UNIT)
        and OfficerAssignment.objects.filter(
            user=user, jurisdiction=organization.jurisdiction, role=OfficerRole.UNIT, unit_name=unit
        ).exists()
    )
    if not signs_for_it:
        raise PermissionDenied(_("只有该组织的业务主管单位可以签署初审意见。"))


# A bureau's own purchasing unit is run by the bureau's officers; the competent unit's signer is not one of them.


def is_purchase_officer(user, unit) -> bool:
    """Whether `user` acts for the purchasing `unit`: its staff, or for a bureau's unit an officer of that bureau."""
    return acts_for_unit(user, unit)


def require_purchase_officer(user, unit) -> None:
    """Refuse unless `user` acts for the purchasing `unit` (see `is_purchase_officer`)."""
    if not is_purchase_officer(user, unit):
        raise PermissionDenied(_("只有该购买主体的工作人员可以办理。"))


def require_panel_member(user, call) -> PanelMember:
    """The panel seat of `user` on `call`'s review panel, if they are an active expert on it; refuse otherwise."""
    member = (
        PanelMember.objects.filter(call=call, expert__user=user, expert__active=True).select_related("expert").first()
        if user is not None and user.is_authenticated
        else None
    )
    if member is None:
        raise PermissionDenied(_("您不是该项目征集评审组的成员。"))
    return member
