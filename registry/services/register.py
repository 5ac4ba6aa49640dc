"""Every write to the register itself: enter, change, register, deregister, revoke and grade an organization.

Each public function asks the permission policy first, locks the organization's row, and writes the
organization's history entry and queues its index update in the same transaction; certificates follow.
Other services (a registration, an annual report, a penalty) reach the register only through here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from registry.choices import Grade, HistoryAction, OfficerRole, OrgStatus
from registry.models import (
    ApplicationKind,
    ApplicationStatus,
    CertificateKind,
    Charter,
    CharterApplication,
    CharterSource,
    DormancyStatus,
    EvaluationApplication,
    GradeChange,
    GradeChangeKind,
    Organization,
    OrganizationHistory,
    RegistrationApplication,
)
from registry.models.penalty import PenaltyCase
from registry.rules.display import local_date
from registry.rules.evaluation import GradeBasis, grade_rank, grade_valid_from
from registry.rules.names import name_errors
from registry.selectors import name_conflicts
from registry.services.application_checks import REGISTERED_FIELDS, change_diff
from registry.services.application_events import Action, event_record, require_application_state
from registry.services.certificates import issue_grade_certificate, issue_registration_certificates, void_certificates
from registry.services.changes import change_events_from_history
from registry.services.codes import assign_uscc
from registry.services.community_registration import community_group_registered
from registry.services.guards import locked
from registry.services.incubation import incubation_registered
from registry.services.notifications import notify_applicant
from registry.services.policy import require_register_writer, require_role, require_role_or_system
from registry.services.search_queue import enqueue_index

# Fields recorded in history; the ID number is kept out of history in clear text.
TRACKED_FIELDS = (
    "org_type",
    "name",
    "uscc",
    "status",
    "on_abnormal_list",
    "on_dishonest_list",
    "jurisdiction_id",
    "domicile",
    "legal_rep_name",
    "legal_rep_id_number",
    "business_scope",
    "competent_unit",
    "direct_category",
    "activity_area",
    "registered_funds",
    "founded_on",
    "certificate_valid_until",
    "grade",
    "grade_expires_on",
    "status_changed_on",
    "last_annual_report_year",
    "last_inspection_result",
    "suspended_until",
    "serious_penalty_on",
)


def _history_value(organization: Organization, field: str):
    value = getattr(organization, field)
    if field == "legal_rep_id_number":
        return organization.legal_rep_id_masked
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _validate_name(organization: Organization) -> None:
    errors = name_errors(
        organization.name, org_type=organization.org_type, context=organization.jurisdiction.name_context()
    )
    if not errors and organization.is_active:
        conflict = name_conflicts(
            name=organization.name,
            org_type=organization.org_type,
            jurisdiction=organization.jurisdiction,
            exclude_pk=organization.pk,
        ).exists()
        if conflict:
            errors = [_("本登记管理机关已有同类型组织使用名称“%(name)s”。") % {"name": organization.name}]
    if errors:
        raise ValidationError({"name": errors})


def _save(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        # The partial unique index caught a name registered at the same moment by someone else.
        raise ValidationError({"name": [_("该名称刚被同一登记管理机关的同类型组织使用。")]}) from exc


def organization_create(
    *, by, reason: str, action: HistoryAction = HistoryAction.REGISTERED, check_name: bool = True, **fields
) -> Organization:
    """Enter a new organization in the register and record its first history entry."""
    organization = Organization(**fields)
    require_role_or_system(by, organization.jurisdiction, *OfficerRole.values)
    action = HistoryAction(action)
    if not reason.strip():
        raise ValidationError(_("请说明登记的理由或依据。"))
    with transaction.atomic():
        organization.full_clean(validate_constraints=False)
        if check_name:
            _validate_name(organization)
        _save(organization)
        changes = {field: [None, _history_value(organization, field)] for field in TRACKED_FIELDS}
        entry = OrganizationHistory.objects.create(
            organization=organization, by=by, action=action, changes=changes, reason=reason
        )
        change_events_from_history([entry])
        enqueue_index(organization.pk)
    return organization


def organization_update(
    *, organization: Organization, by, reason: str, action: HistoryAction, **changes
) -> Organization:
    """Change fields of an organization; the old values stay in its history.

    The low-level write the other services call once they have checked their own step: the caller is
    an officer of the organization's bureau, its representative (an annual report), or the system.
    """
    require_register_writer(by, organization)
    action = HistoryAction(action)
    if not reason.strip():
        raise ValidationError(_("请说明变更的理由或依据。"))
    unknown = set(changes) - {f.removesuffix("_id") for f in TRACKED_FIELDS} - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"not a register field: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(organization, "jurisdiction")
        before = {field: _history_value(current, field) for field in TRACKED_FIELDS}
        for field, value in changes.items():
            setattr(current, field, value)
        current.full_clean(validate_constraints=False)
        if {"name", "org_type", "jurisdiction", "jurisdiction_id"} & set(changes):
            _validate_name(current)
        after = {field: _history_value(current, field) for field in TRACKED_FIELDS}
        diff = {field: [before[field], after[field]] for field in TRACKED_FIELDS if before[field] != after[field]}
        if not diff:
            return current
        _save(current)
        entry = OrganizationHistory.objects.create(
            organization=current, by=by, action=action, changes=diff, reason=reason
        )
        change_events_from_history([entry])
        enqueue_index(current.pk)
    return current


# Registration: issuance, change and deregistration


def organization_register(*, application: RegistrationApplication, by) -> Organization:
    """Issue (发证): enter the organization in the register from the approved application.

    Preparation approval reserves the name with an organization in preparation; establishment
    or one-step registration assigns the unified social credit code and issues the certificate.
    The certificate render and index update run after commit and are retried when they fail.
    """
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    with transaction.atomic():
        current = locked(application, "jurisdiction", "applicant", "preparation")
        require_application_state(current, ApplicationStatus.APPROVED)
        fields = {field: getattr(current, field) for field in REGISTERED_FIELDS}
        reason = _("依申请 %(ref)s 核准") % {"ref": current.reference}
        today = timezone.localdate()
        if current.kind == ApplicationKind.CHANGE:
            organization = _register_change(current, by=by, reason=reason, today=today)
            action = Action.ISSUED
        elif current.kind == ApplicationKind.DEREGISTRATION:
            organization = organization_deregister(organization=current.organization, by=by, reason=reason, on=today)
            action = Action.DEREGISTERED
        elif current.kind == ApplicationKind.PREPARATION:
            organization = organization_create(
                by=by,
                reason=reason,
                action=HistoryAction.PREPARATION_APPROVED,
                org_type=current.org_type,
                jurisdiction=current.jurisdiction,
                status=OrgStatus.PREPARING,
                **fields,
            )
            action = Action.PREPARATION_APPROVED
        else:
            organization = _register_establishment(current, by=by, reason=reason, today=today, fields=fields)
            community_group_registered(application=current, organization=organization, by=by)
            action = Action.ISSUED
        assign_perm("registry.manage_organization", current.applicant, organization)
        current.organization = organization
        current.status = ApplicationStatus.COMPLETED
        current.decided_at = timezone.now()
        current.save()
        incubation_registered(application=current, organization=organization)  # an incubatee graduates (出壳)
        event_record(current, by=by, role=OfficerRole.WINDOW, action=action)
        notify_applicant(
            current,
            subject=_("申请 %(ref)s 已办结") % {"ref": current.reference},
            template="emails/issued.txt",
            context={"organization": organization},
        )
    return organization


def _register_establishment(application: RegistrationApplication, *, by, reason: str, today, fields) -> Organization:
    """Register the organization (from its preparation, if any) with a credit code, and issue the certificate."""
    registered = {
        "uscc": assign_uscc(org_type=application.org_type, jurisdiction=application.jurisdiction),
        "status": OrgStatus.NORMAL,
        "founded_on": today,
    }
    preparing = application.preparation.organization if application.preparation_id else None
    if preparing is not None:
        fields.pop("name")
        organization = organization_update(
            organization=preparing, by=by, reason=reason, action=HistoryAction.REGISTERED, **fields, **registered
        )
    else:
        organization = organization_create(
            by=by,
            reason=reason,
            action=HistoryAction.REGISTERED,
            org_type=application.org_type,
            jurisdiction=application.jurisdiction,
            **fields,
            **registered,
        )
    return _certificates_issued(
        organization, by=by, reason=reason, today=today, action=HistoryAction.CERTIFICATE_ISSUED
    )


def _register_change(application: RegistrationApplication, *, by, reason: str, today) -> Organization:
    """Write the approved changes into the register and reissue the certificate; the old one is superseded."""
    changes = {field: new for field, (_old, new) in change_diff(application).items()}
    if not changes:
        raise ValidationError(_("登记事项与申请时相比已无差异，无需变更。"))
    organization = organization_update(
        organization=application.organization, by=by, reason=reason, action=HistoryAction.CHANGED, **changes
    )
    return _certificates_issued(
        organization, by=by, reason=reason, today=today, action=HistoryAction.CERTIFICATE_REISSUED
    )


def _certificates_issued(organization: Organization, *, by, reason: str, today, action: str) -> Organization:
    """Issue the registration certificates (正本 and 副本) and record their validity in the register."""
    certificates = issue_registration_certificates(organization=organization, by=by, issued_on=today)
    return organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=action,
        certificate_valid_until=certificates[0].valid_until,
    )


def organization_deregister(*, organization: Organization, by, reason: str, on) -> Organization:
    """注销登记: the organization stays in the register as deregistered; its certificates are void."""
    require_role(by, organization.jurisdiction, OfficerRole.WINDOW, OfficerRole.APPROVER)
    return _registration_ends(
        organization, by=by, reason=reason, on=on, action=HistoryAction.DEREGISTERED, status=OrgStatus.DEREGISTERED
    )


def _registration_ends(organization: Organization, *, by, reason: str, on, action: str, status: str) -> Organization:
    """The organization stays in the register with its new status; its certificates are void, for `action`."""
    with transaction.atomic():
        organization = organization_update(
            organization=organization, by=by, reason=reason, action=action, status=status, status_changed_on=on
        )
        void_certificates(organization=organization, reason=str(HistoryAction(action).label))
    return organization


# Revocation


def organization_revoke(*, organization: Organization, by, reason: str, on: datetime.date) -> Organization:
    """Revoke a registration: the organization stays in the register and search, marked revoked.

    The caller lists the organization as dishonest (the credit list writes to the register through here).
    """
    require_role_or_system(by, organization.jurisdiction, *OfficerRole.values)
    return _registration_ends(
        organization, by=by, reason=reason, on=on, action=HistoryAction.REVOKED, status=OrgStatus.REVOKED
    )


def organization_name_change_revoke(*, organization: Organization, by, reason: str) -> Organization:
    """撤销名称变更登记: undo the latest change of name (obtained by fraud); the revoked name stays blocked.

    The organization takes back the name it had before; the revoked name may not be used at this bureau for
    3 years (社会组织名称管理办法 第十六条第(三)项, registry.selectors.name_blocked_reasons reads this entry).
    """
    require_role(by, organization.jurisdiction, OfficerRole.APPROVER)
    if not reason.strip():
        raise ValidationError(_("请写明撤销名称变更登记的事实和理由。"))
    with transaction.atomic():
        current = locked(organization, "jurisdiction")
        rename = current.history.filter(action=HistoryAction.CHANGED, changes__has_key="name").order_by("-at").first()
        if rename is None or rename.changes["name"][1] != current.name:
            raise ValidationError(_("该组织当前名称不是经变更登记取得的，无可撤销的名称变更。"))
        return organization_update(
            organization=current,
            by=by,
            reason=reason,
            action=HistoryAction.CHANGE_REVOKED,
            name=rename.changes["name"][0],
        )


def _dormancy_case_ends(case: PenaltyCase, *, revoked: bool, text: str) -> None:
    """A cleanup case handed over to this penalty case ends with it: revoked, or closed without revocation."""
    if case.dormancy_case_id is None:
        return
    dormancy_case = locked(case.dormancy_case)
    if dormancy_case.status != DormancyStatus.REVOCATION_PROPOSED:
        return
    dormancy_case.status = DormancyStatus.REVOKED if revoked else DormancyStatus.CLOSED
    dormancy_case.decided_on = case.served_on if revoked else timezone.localdate()
    dormancy_case.delivered_on = case.served_on if revoked else None
    dormancy_case.decision = text
    dormancy_case.save(update_fields=["status", "decided_on", "delivered_on", "decision"])


# Evaluation grades


def grade_value(grade: str) -> str:
    """A grade as stored: one of the grades, or empty for none; anything else is refused."""
    if grade and grade not in Grade.values:
        raise ValidationError(_("评估等级“%(grade)s”无效。") % {"grade": grade})
    return grade or ""


def grade_award(*, application: EvaluationApplication, by, today, expires_on) -> GradeChange:
    """Award the announced grade of an evaluation to its organization, with the grade certificate.

    Under the 2026 办法 the grade takes effect on 1 January after the announcement: until then the grade in
    force stays on the register (and on the public pages and in search) and the award waits, pending, for
    `grades_take_effect`. Under the 2010 办法 it takes effect on the day of the announcement.
    """
    require_role(by, application.organization.jurisdiction, OfficerRole.APPROVER)
    valid_from = grade_valid_from(today, rules=application.round.rules)
    reason = _("%(title)s：评定为%(grade)s级，有效期自%(start)s至%(end)s。") % {
        "title": application.round.title,
        "grade": application.final_grade,
        "start": local_date(valid_from),
        "end": local_date(expires_on),
    }
    if valid_from > today:
        return GradeChange.objects.create(
            organization=application.organization,
            kind=GradeChangeKind.AWARDED,
            from_grade=application.organization.grade,
            to_grade=application.final_grade,
            decided_on=today,
            reason=reason,
            application=application,
            decided_by=by,
            takes_effect_on=valid_from,
            expires_on=expires_on,
            pending=True,
        )
    change = _set_grade(
        application.organization,
        to_grade=application.final_grade,
        expires_on=expires_on,
        kind=GradeChangeKind.AWARDED,
        reason=reason,
        by=by,
        today=today,
        application=application,
    )
    issue_grade_certificate(organization=change.organization, by=by, issued_on=today)
    return change


def grades_take_effect(*, by=None, today: datetime.date | None = None) -> int:
    """Awarded grades whose first day has come replace the grade in force, with their certificate (idempotent).

    A daily sweep (`by` None), run before the lapse so a grade renewed in time never lapses in between.
    """
    today = today or timezone.localdate()
    due = GradeChange.objects.filter(pending=True, takes_effect_on__lte=today).select_related(
        "organization__jurisdiction"
    )
    applied = 0
    for award in due.order_by("takes_effect_on", "id"):
        require_role_or_system(by, award.organization.jurisdiction, OfficerRole.APPROVER)
        with transaction.atomic():
            current = locked(award.organization, "jurisdiction")
            award.pending = False
            if current.status != OrgStatus.NORMAL:
                award.save(update_fields=["pending"])  # revoked or deregistered meanwhile: no grade
                continue
            award.from_grade = current.grade
            award.save(update_fields=["pending", "from_grade"])
            changed = organization_update(
                organization=current,
                by=by,
                reason=award.reason,
                action=HistoryAction.GRADE,
                grade=award.to_grade,
                grade_expires_on=award.expires_on,
            )
            issue_grade_certificate(organization=changed, by=by, issued_on=award.takes_effect_on)
        applied += 1
    return applied


def _set_grade(
    organization: Organization, *, to_grade: str, expires_on, kind: str, reason: str, by, today, application=None
) -> GradeChange:
    """Write a grade on the register (history, index) and the public record of the decision."""
    previous = organization.grade
    changed = organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=HistoryAction.GRADE,
        grade=to_grade,
        grade_expires_on=expires_on,
    )
    return GradeChange.objects.create(
        organization=changed,
        kind=kind,
        from_grade=previous,
        to_grade=to_grade,
        decided_on=today,
        reason=reason,
        application=application,
        decided_by=by,
    )


def grade_change(
    *, organization: Organization, by, to_grade: str, basis: str, reason: str, today: datetime.date | None = None
) -> GradeChange:
    """Lower or withdraw a grade by a recorded decision; the grade certificate is reissued or voided.

    The section head decides it, or the bureau's head when it follows from a penalty decision.
    """
    require_role(by, organization.jurisdiction, OfficerRole.APPROVER, OfficerRole.HEAD)
    today = today or timezone.localdate()
    to_grade = grade_value(to_grade)
    if basis not in GradeBasis.values:
        raise ValidationError(_("请选择降级或取消等级的依据。"))
    if not reason.strip():
        raise ValidationError(_("请写明降级或取消等级的理由。"))
    with transaction.atomic():
        current = locked(organization, "jurisdiction")
        if not current.grade:
            raise ValidationError(_("该组织目前没有评估等级。"))
        if grade_rank(to_grade) >= grade_rank(current.grade):
            raise ValidationError(_("新等级须低于现有等级（%(grade)s）。") % {"grade": current.grade})
        text = f"{GradeBasis(basis).label}：{reason.strip()}"
        kind = GradeChangeKind.LOWERED if to_grade else GradeChangeKind.WITHDRAWN
        change = _set_grade(
            current,
            to_grade=to_grade,
            expires_on=current.grade_expires_on if to_grade else None,
            kind=kind,
            reason=text,
            by=by,
            today=today,
        )
        if to_grade:
            issue_grade_certificate(organization=change.organization, by=by, issued_on=today)
        else:
            void_certificates(organization=change.organization, reason=_("评估等级已取消"), kind=CertificateKind.GRADE)
    return change


def grades_lapse(*, by=None, today: datetime.date | None = None) -> int:
    """Grades past their expiry lapse: the grade leaves the register, its certificate is void (idempotent).

    A daily sweep (`by` None); a section head may run it for the bureaus they work at.
    """
    today = today or timezone.localdate()
    expired = Organization.objects.exclude(grade="").filter(grade_expires_on__lt=today).select_related("jurisdiction")
    lapsed = 0
    for organization in expired.iterator(chunk_size=500):
        require_role_or_system(by, organization.jurisdiction, OfficerRole.APPROVER)
        with transaction.atomic():
            change = _set_grade(
                organization,
                to_grade="",
                expires_on=None,
                kind=GradeChangeKind.LAPSED,
                reason=_("有效期至%(date)s，期满未重新评估。") % {"date": local_date(organization.grade_expires_on)},
                by=by,
                today=today,
            )
            void_certificates(
                organization=change.organization, reason=_("评估等级有效期届满"), kind=CertificateKind.GRADE
            )
        lapsed += 1
    return lapsed


# Charters (章程核准): the approved text becomes the organization's current charter.


def charter_install(*, application: CharterApplication, by, on: datetime.date, reason: str) -> Charter:
    """Make the application's new text the organization's current charter; the earlier one stays in its history.

    Called by the approval step, which has checked its own role and locked the application.
    """
    organization = application.organization
    require_register_writer(by, organization)
    with transaction.atomic():
        current = locked(organization)
        previous = Charter.objects.select_for_update().filter(organization=current, is_current=True).first()
        last_version = (
            Charter.objects.filter(organization=current).order_by("-version").values_list("version", flat=True).first()
        )
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        charter = Charter(
            organization=current,
            version=(last_version or 0) + 1,
            text=application.new_text,
            source=CharterSource.APPROVED,
            resolution_body=application.resolution_body,
            resolution_date=application.resolution_date,
            consent_date=application.consent_date,
            approved_on=on,
            application=application,
            is_current=True,
        )
        charter.full_clean(validate_constraints=False)
        charter.save()
        entry = OrganizationHistory.objects.create(
            organization=current,
            by=by,
            action=HistoryAction.CHARTER_APPROVED,
            changes={"charter": [previous.version if previous else None, charter.version]},
            reason=reason,
        )
        # Agencies following the change stream see the approved charter as a change of the record.
        change_events_from_history([entry])
    return charter


def charter_record(*, organization: Organization, text: str, on: datetime.date, source: str, by=None) -> Charter:
    """Record the charter an organization already has (at registration, or entered from the paper file).

    Only where none is recorded yet: an amendment goes through charter approval.
    """
    require_register_writer(by, organization)
    with transaction.atomic():
        current = locked(organization)
        if Charter.objects.filter(organization=current).exists():
            raise ValidationError(_("该组织已有章程记录，修改章程须申请章程核准。"))
        charter = Charter(
            organization=current, version=1, text=text, source=CharterSource(source), approved_on=on, is_current=True
        )
        charter.full_clean(validate_constraints=False)
        charter.save()
    return charter
