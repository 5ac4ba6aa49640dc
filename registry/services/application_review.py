"""The officers' side of a registration application: acceptance, corrections, refusal, review, approval, rejection.

Each step asks the permission policy for the role the process gives it (the window accepts, the reviewer
reviews, the section head approves) at the application's bureau, checks the application's status under a
row lock, and records the event under that role. Only a request for corrections, which the window or the
reviewer may make, is told the role by its caller. Issuance, which writes the register, is
`registry.services.register.organization_register`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import ApplicationKind, ApplicationStatus, RegistrationApplication
from registry.rules.conditions import refusal_reason
from registry.selectors import deadline_after, name_blocked_reasons
from registry.services.application_checks import decision_due
from registry.services.application_events import Action, event_record, require_application_state
from registry.services.guards import locked
from registry.services.notifications import notify_applicant
from registry.services.policy import require_role

RELATED = ("jurisdiction", "applicant", "preparation")


def corrections_request(
    *, application: RegistrationApplication, by, role: str, items: list[str], reason: str = ""
) -> RegistrationApplication:
    """Tell the applicant everything to correct at once; after acceptance this stops the clock."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW, OfficerRole.REVIEWER)
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise ValidationError(_("请逐项列明需要补正的全部内容。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
        if current.status == ApplicationStatus.ACCEPTED:
            current.clock_stopped_on = timezone.localdate()
        current.status = ApplicationStatus.CORRECTING
        current.save()
        event_record(current, by=by, role=role, action=Action.CORRECTIONS_REQUESTED, reason=reason, items=items)
        notify_applicant(
            current,
            subject=_("申请 %(ref)s 需要补正") % {"ref": current.reference},
            template="emails/corrections_requested.txt",
            context={"items": items, "reason": reason},
        )
    return current


def application_accept(*, application: RegistrationApplication, by, note: str = "") -> RegistrationApplication:
    """Accept a complete application (受理); the decision clock starts today."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, ApplicationStatus.SUBMITTED)
        current.status = ApplicationStatus.ACCEPTED
        current.accepted_on = timezone.localdate()
        current.decision_due_on = decision_due(current)
        current.save()
        event_record(current, by=by, role=OfficerRole.WINDOW, action=Action.ACCEPTED, internal_note=note)
    return current


def application_refuse(*, application: RegistrationApplication, by, reason: str) -> RegistrationApplication:
    """Refuse to accept (不予受理), e.g. outside this authority's scope, with the reason."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    return _close(
        application,
        by=by,
        role=OfficerRole.WINDOW,
        reason=reason,
        status=ApplicationStatus.REFUSED,
        action=Action.REFUSED,
        allowed=(ApplicationStatus.SUBMITTED,),
        subject=_("申请 %(ref)s 不予受理"),
    )


def application_review(
    *, application: RegistrationApplication, by, opinion: str, site_visit_note: str = ""
) -> RegistrationApplication:
    """Record the substantive review (审查) and pass it to the section head."""
    require_role(by, application.jurisdiction, OfficerRole.REVIEWER)
    if not opinion.strip():
        raise ValidationError(_("请填写审查意见。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, ApplicationStatus.ACCEPTED)
        event_record(
            current,
            by=by,
            role=OfficerRole.REVIEWER,
            action=Action.REVIEWED,
            internal_note="\n".join(
                part
                for part in (opinion.strip(), site_visit_note.strip() and _("实地核查：") + site_visit_note.strip())
                if part
            ),
        )
    return current


def application_approve(*, application: RegistrationApplication, by, reason: str = "") -> RegistrationApplication:
    """Approve (核准); the name is checked again because another organization may have taken it meanwhile."""
    require_role(by, application.jurisdiction, OfficerRole.APPROVER)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, ApplicationStatus.ACCEPTED)
        if current.kind != ApplicationKind.ESTABLISHMENT:
            if name_blocked_reasons(
                name=current.name,
                org_type=current.org_type,
                jurisdiction=current.jurisdiction,
                trade_name=current.trade_name,
                exclude_pk=current.organization_id,
            ):
                raise ValidationError(
                    _("名称“%(name)s”已在本申请等待期间被其他组织登记，不能核准；请以“名称已被占用”为由不予登记。")
                    % {"name": current.name}
                )
        current.status = ApplicationStatus.APPROVED
        # 行政许可法 第四十四条: the certificate is issued within 10 (working) days of the decision.
        current.issue_due_on = deadline_after(
            timezone.localdate(), settings.REGISTRY["CERTIFICATE_ISSUE_WORKING_DAYS"]
        ).due
        current.save()
        event_record(current, by=by, role=OfficerRole.APPROVER, action=Action.APPROVED, reason=reason)
        notify_applicant(
            current,
            subject=_("申请 %(ref)s 已核准") % {"ref": current.reference},
            template="emails/decision.txt",
            context={"approved": True, "reason": reason},
        )
    return current


def application_reject(
    *, application: RegistrationApplication, by, reason: str, ground: str = ""
) -> RegistrationApplication:
    """Refuse registration (不予登记) with the legal reason: the statutory ground and the facts."""
    require_role(by, application.jurisdiction, OfficerRole.APPROVER)
    if ground and reason.strip():
        reason = refusal_reason(org_type=application.org_type, ground=ground, facts=reason)
    return _close(
        application,
        by=by,
        role=OfficerRole.APPROVER,
        reason=reason,
        status=ApplicationStatus.REJECTED,
        action=Action.REJECTED,
        allowed=(ApplicationStatus.ACCEPTED,),
        subject=_("申请 %(ref)s 不予登记"),
    )


def _close(application, *, by, role, reason, status, action, allowed, subject):
    if not reason.strip():
        raise ValidationError(_("请说明理由和法律依据，该理由将告知申请人。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_application_state(current, *allowed)
        current.status = status
        current.decided_at = timezone.now()
        current.save()
        event_record(current, by=by, role=role, action=action, reason=reason.strip())
        notify_applicant(
            current,
            subject=subject % {"ref": current.reference},
            template="emails/decision.txt",
            context={"approved": False, "reason": reason.strip()},
        )
    return current
