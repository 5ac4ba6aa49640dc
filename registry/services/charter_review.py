"""The officers' side of charter approval: acceptance (or one request for corrections, or refusal), review, decision.

The window accepts, asks for corrections once or refuses; the reviewer reviews; the section head approves or
refuses with written reasons. The regulations set no period for deciding, so 行政许可法 第四十二条 applies:
20 working days from acceptance. Approval makes the new text the organization's current charter through the
register's writer (`registry.services.register.charter_install`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import CharterApplication, CharterStatus
from registry.rules.charters import CHARTER_DECISION_WORKING_DAYS, CHARTER_EXTENSION_WORKING_DAYS, LEGAL_BASIS
from registry.rules.display import local_date
from registry.selectors import deadline_after
from registry.services.charters import Action, charter_event, require_charter_state
from registry.services.guards import locked
from registry.services.notifications import notify_applicant
from registry.services.policy import require_role
from registry.services.register import charter_install

RELATED = ("organization", "jurisdiction", "applicant")


def _notify(application: CharterApplication, *, subject: str, message: str, reason: str = "") -> None:
    notify_applicant(
        application,
        subject=subject % {"ref": application.reference},
        template="emails/charter_update.txt",
        context={"message": message, "reason": reason},
    )


def charter_accept(*, application: CharterApplication, by, note: str = "") -> CharterApplication:
    """Accept a complete application (受理): the 20 working days to decide start today."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, CharterStatus.SUBMITTED)
        current.status = CharterStatus.ACCEPTED
        current.accepted_on = timezone.localdate()
        current.decision_due_on = deadline_after(current.accepted_on, CHARTER_DECISION_WORKING_DAYS).due
        current.save()
        charter_event(current, by=by, role=OfficerRole.WINDOW, action=Action.ACCEPTED, reason=note.strip())
        _notify(current, subject=_("章程核准申请 %(ref)s 已受理"), message=_("已受理，可在申请页面下载受理通知书。"))
    return current


def charter_corrections_request(*, application: CharterApplication, by, items: str) -> CharterApplication:
    """Tell the applicant, once and all at once, what to correct before the application can be accepted."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    items = items.strip()
    if not items:
        raise ValidationError(_("请逐项列明需要补正的全部内容。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, CharterStatus.SUBMITTED)
        if current.corrections_requested:
            # 行政许可法 第三十二条: everything to correct is told once; after that the window accepts or refuses.
            raise ValidationError(_("已一次性告知过补正内容，不能再次要求补正：请受理或不予受理。"))
        current.status = CharterStatus.CORRECTING
        current.corrections_requested = True
        current.save()
        charter_event(current, by=by, role=OfficerRole.WINDOW, action=Action.CORRECTIONS_REQUESTED, reason=items)
        _notify(
            current,
            subject=_("章程核准申请 %(ref)s 需要补正"),
            message=_("请一并补正以下全部事项后重新提交："),
            reason=items,
        )
    return current


def charter_refuse(*, application: CharterApplication, by, reason: str) -> CharterApplication:
    """Refuse to accept (不予受理) with the reason, e.g. the matter is not this authority's."""
    require_role(by, application.jurisdiction, OfficerRole.WINDOW)
    return _close(
        application,
        by=by,
        role=OfficerRole.WINDOW,
        reason=reason,
        allowed=CharterStatus.SUBMITTED,
        status=CharterStatus.REFUSED,
        action=Action.REFUSED,
        subject=_("章程核准申请 %(ref)s 不予受理"),
    )


def charter_review(*, application: CharterApplication, by, opinion: str) -> CharterApplication:
    """Record the reviewer's opinion on the new text (审核) and pass it to the section head."""
    require_role(by, application.jurisdiction, OfficerRole.REVIEWER)
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError(_("请填写审核意见。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, CharterStatus.ACCEPTED)
        current.status = CharterStatus.REVIEWED
        current.review_opinion = opinion
        current.save()
        charter_event(current, by=by, role=OfficerRole.REVIEWER, action=Action.REVIEWED, reason=opinion)
    return current


def charter_extend(*, application: CharterApplication, by, reason: str) -> CharterApplication:
    """Extend the period to decide by 10 working days, once, with the reason told to the applicant.

    行政许可法 第四十二条: where 20 working days do not suffice, the head of the authority may approve an extension
    of 10 working days; the section head (or the head) records it here.
    """
    require_role(by, application.jurisdiction, OfficerRole.APPROVER, OfficerRole.HEAD)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请写明延长办理期限的理由，该理由将告知申请人。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, CharterStatus.ACCEPTED, CharterStatus.REVIEWED)
        if current.extended_on is not None:
            raise ValidationError(
                _("办理期限只能延长一次，已于%(date)s延长。") % {"date": local_date(current.extended_on)}
            )
        current.decision_due_on = deadline_after(current.decision_due_on, CHARTER_EXTENSION_WORKING_DAYS).due
        current.extended_on = timezone.localdate()
        current.extension_reason = reason
        current.save()
        charter_event(current, by=by, role=OfficerRole.APPROVER, action=Action.EXTENDED, reason=reason)
        _notify(
            current,
            subject=_("章程核准申请 %(ref)s 延长办理期限"),
            message=_("经本机关负责人批准，办理期限延长10个工作日，至%(date)s。")
            % {"date": local_date(current.decision_due_on)},
            reason=reason,
        )
    return current


def charter_decide(*, application: CharterApplication, by, approve: bool, reason: str) -> CharterApplication:
    """The section head's decision (核准): approval makes the new charter current; a refusal states its reasons."""
    require_role(by, application.jurisdiction, OfficerRole.APPROVER)
    reason = reason.strip()
    if not approve:
        return _close(
            application,
            by=by,
            role=OfficerRole.APPROVER,
            reason=reason,
            allowed=CharterStatus.REVIEWED,
            status=CharterStatus.REJECTED,
            action=Action.REJECTED,
            subject=_("章程核准申请 %(ref)s 不予核准"),
        )
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, CharterStatus.REVIEWED)
        today = timezone.localdate()
        basis = LEGAL_BASIS[current.organization.org_type]
        history_reason = _("依据%(basis)s核准章程修改（%(ref)s）。") % {"basis": basis, "ref": current.reference}
        charter_install(application=current, by=by, on=today, reason=f"{history_reason}{reason}")
        current.status = CharterStatus.APPROVED
        current.decided_on = today
        current.decision_reason = reason
        current.save()
        charter_event(current, by=by, role=OfficerRole.APPROVER, action=Action.APPROVED, reason=reason)
        _notify(
            current,
            subject=_("章程核准申请 %(ref)s 准予核准"),
            message=_("准予核准，修改后的章程自核准之日起生效。可在申请页面下载决定书。"),
        )
    return current


def _close(application, *, by, role, reason, allowed, status, action, subject) -> CharterApplication:
    if not reason:
        raise ValidationError(_("请写明理由和依据，该理由将载入书面决定。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_charter_state(current, allowed)
        current.status = status
        current.decided_on = timezone.localdate()
        current.decision_reason = reason
        current.save()
        charter_event(current, by=by, role=role, action=action, reason=reason)
        _notify(current, subject=subject, message=current.get_status_display(), reason=reason)
    return current
