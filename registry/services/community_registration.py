"""A filed community group moves up to registration (转为登记): a registration application pre-filled from
its filing, and the group marked as registered once that application has created the organization.

民政部关于大力培育发展社区社会组织的意见 (民发〔2017〕191号) asks streets and towns to help filed groups that
meet the conditions to register; community services are registered directly (城乡社区服务类).
"""

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from registry.choices import DirectCategory, OrgType
from registry.models import (
    ApplicationStatus,
    CommunityAction,
    CommunityField,
    CommunityGroup,
    CommunityGroupEvent,
    CommunityGroupStatus,
    Organization,
    RegistrationApplication,
)
from registry.services.application_drafts import application_start, application_update
from registry.services.community import require_group_applicant
from registry.services.guards import locked, require_state
from registry.services.incubation import incubation_link_moved_up

# The business scope a registration application starts from, by the group's field.
FIELD_SCOPES = {
    CommunityField.SERVICE: "开展社区居民生活服务、邻里互助、为老为小服务等社区服务活动",
    CommunityField.CHARITY: "开展扶贫济困、助老助残、志愿服务等社区公益慈善活动",
    CommunityField.CULTURE: "组织社区文化艺术活动、文艺演出和培训交流",
    CommunityField.SPORT: "组织社区群众性体育健身活动、比赛和培训交流",
    CommunityField.AFFAIRS: "协助开展社区治理、居民议事协商和社区事务服务",
    CommunityField.OTHER: "开展章程规定的社区服务活动",
}
# Applications that are over without registering: the group may open a new one.
ENDED = (ApplicationStatus.REFUSED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
MOVE_UP_TYPES = (OrgType.SOCIAL_ASSOCIATION, OrgType.SERVICE_AGENCY)


def prefilled_fields(group: CommunityGroup, *, org_type: str) -> dict:
    """The registration application's particulars, taken from the filing."""
    fields = {
        "name": group.name,
        "business_scope": FIELD_SCOPES.get(group.field, FIELD_SCOPES[CommunityField.OTHER]),
        "activity_area": group.activity_area[:100],
        "domicile": group.activity_area,
        "legal_rep_name": group.responsible_name,
        "legal_rep_id_number": group.responsible_id_number,
        "contact_phone": group.responsible_phone,
        "direct_category": DirectCategory.COMMUNITY,
    }
    if org_type == OrgType.SOCIAL_ASSOCIATION:
        fields["individual_members"] = group.member_count
    return fields


def community_group_move_up(*, group: CommunityGroup, by, org_type: str, create_token: uuid.UUID):
    """申请登记: open a registration application pre-filled from the filing and linked to the group.

    A group that has an application under way gets that one back (a double click opens one application).
    """
    require_group_applicant(by, group)
    if org_type not in MOVE_UP_TYPES:
        raise ValueError(f"not a move-up type: {org_type}")
    with transaction.atomic():
        current = locked(group, "subdistrict__district")
        require_state(
            current,
            CommunityGroupStatus.FILED,
            message=_("只有已备案的社区社会组织可以申请转为登记（当前状态：%(status)s）。"),
        )
        existing = current.registration_application
        if existing is not None and existing.status not in ENDED:
            return existing
        application = application_start(
            applicant=by, org_type=org_type, jurisdiction=current.subdistrict.district, create_token=create_token
        )
        application_update(application=application, by=by, **prefilled_fields(current, org_type=org_type))
        current.registration_application = application
        current.save(update_fields=["registration_application"])
        CommunityGroupEvent.objects.create(
            group=current, by=by, action=CommunityAction.MOVE_UP, reason=application.reference
        )
        incubation_link_moved_up(group=current, application=application, by=by)
    return application


def community_group_registered(*, application: RegistrationApplication, organization: Organization, by) -> None:
    """The group's registration application created the organization: the group is now registered.

    Called by the register writer inside its transaction; a no-op for applications no group opened.
    """
    group = CommunityGroup.objects.filter(registration_application=application).first()
    if group is None:
        return
    current = locked(group)
    current.status = CommunityGroupStatus.REGISTERED
    current.organization = organization
    current.save(update_fields=["status", "organization"])
    CommunityGroupEvent.objects.create(
        group=current, by=by, action=CommunityAction.REGISTERED, reason=organization.name
    )
