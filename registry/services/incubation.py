"""Incubation (孵化): admitting a group to a base, logging the services it receives, graduating it (出壳), and
linking its registration application, whose registration completes the graduation.

The base's district officers (any role at its bureau) and the base's own managers act on it; nobody else.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import (
    Admission,
    AdmissionAction,
    AdmissionEvent,
    AdmissionStatus,
    ApplicationKind,
    ApplicationStatus,
    CommunityGroup,
    CommunityGroupStatus,
    GraduationOutcome,
    IncubationBase,
    IncubationManager,
    IncubationService,
    Organization,
    RegistrationApplication,
)
from registry.rules import incubation as rules
from registry.services.guards import locked, require_state
from registry.services.policy import holds_role, require_purchase_officer

# Applications that create an organization (a preparation leads to one); their registration ends incubation.
NEW_ORGANIZATION_KINDS = (ApplicationKind.PREPARATION, ApplicationKind.ESTABLISHMENT, ApplicationKind.REGISTRATION)
CLOSED_APPLICATION_STATUSES = (ApplicationStatus.REFUSED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


def can_manage_base(user, base: IncubationBase) -> bool:
    """The base's district officers (any role) and its own managers work on its records."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if holds_role(user, base.jurisdiction, *OfficerRole.values):
        return True
    return IncubationManager.objects.filter(user=user, base=base).exists()


def require_base_staff(user, base: IncubationBase) -> None:
    """Refuse unless `user` may work on `base`'s records."""
    if not can_manage_base(user, base):
        raise PermissionDenied(_("您不是该孵化基地所在区登记管理机关或该基地的工作人员，不能办理。"))


def _event(admission: Admission, *, by, action: str, note: str = "") -> AdmissionEvent:
    """Append a step to the admission's history (inside the caller's transaction)."""
    return AdmissionEvent.objects.create(admission=admission, by=by, action=action, note=note)


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


def incubation_base_save(
    *,
    by,
    base: IncubationBase | None = None,
    jurisdiction=None,
    name: str,
    kind: str,
    address: str,
    capacity: int,
    subdistrict=None,
    operator: Organization | None = None,
    active: bool = True,
) -> IncubationBase:
    """Open a base in the officer's district, or change one: its places never fall below its incubatees."""
    jurisdiction = base.jurisdiction if base is not None else jurisdiction
    if not holds_role(by, jurisdiction, *OfficerRole.values):
        raise PermissionDenied(_("只有孵化基地所在区登记管理机关的工作人员可以设立或修改孵化基地。"))
    if subdistrict is not None and subdistrict.district_id != jurisdiction.pk:
        raise ValidationError(_("所选街道（乡镇）不在该区。"))
    with transaction.atomic():
        current = locked(base) if base is not None else IncubationBase(jurisdiction=jurisdiction)
        if base is not None:
            held = Admission.objects.filter(base=current, status=AdmissionStatus.INCUBATING).count()
            _refuse(rules.capacity_change_problems(capacity=capacity, current=held))
        current.name, current.kind, current.address = name.strip(), kind, address.strip()
        current.capacity, current.subdistrict, current.operator, current.active = (
            capacity,
            subdistrict,
            operator,
            active,
        )
        current.full_clean()
        current.save()
    return current


def incubation_admit(
    *,
    base: IncubationBase,
    by,
    field: str,
    admitted_on: datetime.date,
    planned_graduation_on: datetime.date,
    organization: Organization | None = None,
    community_group: CommunityGroup | None = None,
    group_name: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contest_application=None,
) -> Admission:
    """Admit an incubatee to `base` (孵化入驻) while a place is free; the base row is locked so two officers
    cannot both take its last place.

    With `contest_application`, a 公益创投 winner is admitted by the contest's purchaser to the base its call
    names (the call's incubation support), and the admission records the application it came from."""
    if contest_application is None:
        require_base_staff(by, base)
    else:
        require_purchase_officer(by, contest_application.call.unit)
        if contest_application.call.incubation_base_id != base.pk:
            raise ValidationError(_("该公益创投未指定此孵化基地。"))
    group_name = group_name.strip()
    _refuse(
        rules.incubatee_problems(
            has_organization=organization is not None, has_group=community_group is not None, group_name=group_name
        )
    )
    today = timezone.localdate()
    _refuse(
        rules.admission_date_problems(admitted_on=admitted_on, planned_graduation_on=planned_graduation_on, today=today)
    )
    if community_group is not None and community_group.status != CommunityGroupStatus.FILED:
        raise ValidationError(_("“%(name)s”不是已备案的社区社会组织。") % {"name": community_group.name})
    if group_name and not (contact_name.strip() and contact_phone.strip()):
        raise ValidationError(_("尚未登记备案的团队，请填写联系人和联系电话。"))
    with transaction.atomic():
        current_base = locked(base, "jurisdiction")
        if not current_base.active:
            raise ValidationError(_("该孵化基地已停止运营，不能入驻。"))
        current = Admission.objects.filter(base=current_base, status=AdmissionStatus.INCUBATING).count()
        _refuse(rules.capacity_problems(capacity=current_base.capacity, current=current))
        elsewhere = Admission.objects.filter(status=AdmissionStatus.INCUBATING)
        if organization is not None and elsewhere.filter(organization=organization).exists():
            raise ValidationError(_("“%(name)s”正在孵化中，不能重复入驻。") % {"name": organization.name})
        if community_group is not None and elsewhere.filter(community_group=community_group).exists():
            raise ValidationError(_("“%(name)s”正在孵化中，不能重复入驻。") % {"name": community_group.name})
        admission = Admission(
            base=current_base,
            organization=organization,
            community_group=community_group,
            group_name=group_name,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            field=field,
            admitted_on=admitted_on,
            planned_graduation_on=planned_graduation_on,
            contest_application=contest_application,
            admitted_by=by,
        )
        admission.full_clean()
        admission.save()
        _event(admission, by=by, action=AdmissionAction.ADMITTED)
    return admission


def incubation_service_log(
    *,
    admission: Admission,
    by,
    kind: str,
    provided_on: datetime.date,
    hours: Decimal,
    provider: str,
    note: str = "",
) -> IncubationService:
    """Record a service an incubatee received (培训、场地、导师辅导、财务代理、能力建设…) during its stay."""
    require_base_staff(by, admission.base)
    _refuse(
        rules.service_problems(
            provided_on=provided_on,
            hours=hours,
            admitted_on=admission.admitted_on,
            graduated_on=admission.graduated_on,
            today=timezone.localdate(),
        )
    )
    with transaction.atomic():
        service = IncubationService(
            admission=admission,
            kind=kind,
            provided_on=provided_on,
            hours=hours,
            provider=provider.strip(),
            note=note.strip(),
            recorded_by=by,
        )
        service.full_clean()
        service.save()
        _event(
            admission,
            by=by,
            action=AdmissionAction.SERVICE,
            note=f"{kind} {provided_on.isoformat()} {hours} {service.provider}",
        )
    return service


def _graduate(
    admission: Admission,
    *,
    outcome: str,
    graduated_on: datetime.date,
    outcome_organization=None,
    outcome_group=None,
    left_reason: str = "",
) -> Admission:
    """Check and write a graduation on a locked, incubating admission."""
    require_state(admission, AdmissionStatus.INCUBATING, message=_("该组织已出壳，不能再次办理出壳。"))
    _refuse(
        rules.graduation_problems(
            outcome=outcome,
            kind=admission.incubatee_kind,
            has_outcome_organization=outcome_organization is not None,
            has_outcome_group=outcome_group is not None,
            left_reason=left_reason,
            admitted_on=admission.admitted_on,
            graduated_on=graduated_on,
            today=timezone.localdate(),
        )
    )
    if outcome_group is not None and outcome_group.status not in (
        CommunityGroupStatus.FILED,
        CommunityGroupStatus.REGISTERED,
    ):
        raise ValidationError(_("“%(name)s”不是已备案的社区社会组织。") % {"name": outcome_group.name})
    admission.status = AdmissionStatus.GRADUATED
    admission.outcome = outcome
    admission.graduated_on = graduated_on
    admission.outcome_organization = outcome_organization
    admission.outcome_group = outcome_group
    admission.left_reason = left_reason.strip()
    admission.full_clean()
    admission.save()
    return admission


def _graduation_note(admission: Admission) -> str:
    """The outcome code and what it names: the organization's code, the group's number, or why it left."""
    if admission.outcome_organization is not None:
        return f"{admission.outcome} {admission.outcome_organization.uscc or admission.outcome_organization.name}"
    if admission.outcome_group is not None:
        return f"{admission.outcome} {admission.outcome_group.name}"
    return f"{admission.outcome} {admission.left_reason}".strip()


def incubation_graduate(
    *,
    admission: Admission,
    by,
    outcome: str,
    graduated_on: datetime.date,
    outcome_organization: Organization | None = None,
    outcome_group: CommunityGroup | None = None,
    left_reason: str = "",
) -> Admission:
    """Graduate an incubatee (出壳) with its outcome: registered (the organization), filed (the group) or left
    (why); its place at the base is freed."""
    require_base_staff(by, admission.base)
    with transaction.atomic():
        current = locked(admission, "base", "organization", "community_group")
        if outcome == GraduationOutcome.REGISTERED and outcome_organization is None:
            outcome_organization = current.organization  # admitted as a registered organization already
        graduated = _graduate(
            current,
            outcome=outcome,
            graduated_on=graduated_on,
            outcome_organization=outcome_organization,
            outcome_group=outcome_group,
            left_reason=left_reason,
        )
        _event(graduated, by=by, action=AdmissionAction.GRADUATED, note=_graduation_note(graduated))
        return graduated


def application_by_reference(reference: str) -> RegistrationApplication | None:
    """The registration application with file number `reference` (e.g. 310112-2026-000123), or None."""
    serial = reference.strip().rpartition("-")[2]
    if not serial.isdigit():
        return None
    application = RegistrationApplication.objects.select_related("jurisdiction").filter(pk=int(serial)).first()
    return application if application is not None and application.reference == reference.strip() else None


def incubation_link_application(*, admission: Admission, by, reference: str) -> Admission:
    """Link the incubatee's registration application by its file number, as the officer reads it from the
    applicant: its review page then shows the incubation, and its registration graduates the incubatee."""
    require_base_staff(by, admission.base)
    application = application_by_reference(reference)
    if application is None:
        raise ValidationError(_("找不到申请编号为“%(ref)s”的登记申请。") % {"ref": reference.strip()})
    if application.jurisdiction_id != admission.base.jurisdiction_id:
        raise ValidationError(_("该申请不是向本孵化基地所在区登记管理机关提出的，不能关联。"))
    if application.kind not in NEW_ORGANIZATION_KINDS or application.status in CLOSED_APPLICATION_STATUSES:
        raise ValidationError(_("只能关联尚在办理中或已办结的成立（设立）登记申请。"))
    with transaction.atomic():
        current = locked(admission, "base")
        require_state(current, AdmissionStatus.INCUBATING, message=_("该组织已出壳，不能再关联登记申请。"))
        taken = Admission.objects.filter(registration_application=application).exclude(pk=current.pk)
        if taken.exists():
            raise ValidationError(_("该登记申请已关联其他孵化记录。"))
        _link(current, application=application, by=by)
    return current


def _link(admission: Admission, *, application: RegistrationApplication, by) -> None:
    """Write the link on a locked, incubating admission and keep it in its history."""
    admission.registration_application = application
    admission.save(update_fields=["registration_application"])
    _event(admission, by=by, action=AdmissionAction.LINKED, note=application.reference)


def incubation_link_moved_up(*, group: CommunityGroup, application: RegistrationApplication, by) -> Admission | None:
    """A filed group that is incubating moved up to registration with `application`: link it to the group's
    admission as an officer's link would, so the application's review shows the incubation and its
    registration graduates the group. None when the group is not incubating at a base of the application's
    bureau, or its admission already follows another application under way.

    Called by the move-up service inside its transaction; the applicant needs no incubation role for it.
    """
    admission = (
        Admission.objects.select_for_update(of=("self",))
        .select_related("registration_application")
        .filter(
            community_group=group,
            status=AdmissionStatus.INCUBATING,
            base__jurisdiction_id=application.jurisdiction_id,
        )
        .first()
    )
    if admission is None:
        return None
    linked = admission.registration_application
    if linked is not None and linked.pk != application.pk and linked.status not in CLOSED_APPLICATION_STATUSES:
        return None
    if linked is None or linked.pk != application.pk:
        _link(admission, application=application, by=by)
    return admission


def incubation_registered(*, application: RegistrationApplication, organization: Organization) -> list[Admission]:
    """The incubatee of an admission linked to `application` (or to its preparation) registered as
    `organization`: if it is still incubating, it graduates as registered today with that organization.

    Called by the register writer inside the registration's transaction; the officer issuing the certificate
    needs no incubation role for it.
    """
    if application.kind not in (ApplicationKind.ESTABLISHMENT, ApplicationKind.REGISTRATION):
        return []
    linked = [application.pk] + ([application.preparation_id] if application.preparation_id else [])
    updated = []
    incubating = Admission.objects.select_for_update(of=("self",)).filter(
        registration_application__in=linked, status=AdmissionStatus.INCUBATING
    )
    for admission in incubating:
        graduated = _graduate(
            admission,
            outcome=GraduationOutcome.REGISTERED,
            graduated_on=timezone.localdate(),
            outcome_organization=organization,
        )
        _event(graduated, by=None, action=AdmissionAction.GRADUATED, note=_graduation_note(graduated))
        updated.append(graduated)
    return updated
