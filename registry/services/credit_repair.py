"""Credit repair (信用修复): an organization applies to have an entry removed from its list; an officer decides."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import AnnualReport, CreditEntry, CreditRepair, CreditRepairFile, RepairStatus
from registry.rules.credit import REPAIR_DECISION_WORKING_DAYS, CreditReason, RepairRefusal, repair_refusal
from registry.rules.display import local_date
from registry.selectors import deadline_after
from registry.services import guards, policy
from registry.services.credit import CREDIT_ROLES, credit_list_remove
from registry.services.messaging import send_to_contact
from registry.services.notifications import contact_of
from registry.services.supervision import stored_uploads

MIN_GROUNDS_LENGTH = 10


def _promoted_cause_open(entry: CreditEntry) -> bool:
    """Whether the obligation behind an entry promoted from the abnormal list is still unmet.

    For a missing annual report the register knows: the report of that year must have been submitted. Other causes
    (contact restored, rectification done, party organization set up) are shown by the evidence the officer checks.
    """
    origin = entry.promoted_from
    if origin is None or origin.reason_code != CreditReason.ANNUAL_REPORT_MISSING or origin.year is None:
        return False
    return not AnnualReport.objects.filter(
        organization_id=entry.organization_id, year=origin.year, submitted_at__isnull=False
    ).exists()


def repair_refusal_of(entry: CreditEntry, *, today: datetime.date | None = None) -> RepairRefusal | None:
    """Why `entry` cannot leave its list on application today (the rule, fed from the register), or None."""
    return repair_refusal(
        credit_list=entry.credit_list,
        reason_code=entry.reason_code,
        removed=entry.removed_on is not None,
        removable_from=entry.removable_from,
        today=today or timezone.localdate(),
        deregistered=entry.organization.status == OrgStatus.DEREGISTERED,
        promoted_cause_open=_promoted_cause_open(entry),
    )


def _refusal_text(refusal: RepairRefusal, entry: CreditEntry) -> str:
    text = str(refusal.label)
    if refusal == RepairRefusal.TOO_EARLY and entry.removable_from:
        text += _("本记录自%(date)s起可申请移出。") % {"date": local_date(entry.removable_from)}
    return text


def credit_repair_apply(*, entry: CreditEntry, grounds: str, by, uploads=()) -> CreditRepair:
    """The organization applies to have `entry` removed, with its grounds and evidence; an officer decides.

    Refused at once when the 办法 does not allow removal yet (too early, deregistration not complete, obligations
    unmet) or when an application for the entry is already waiting. The officer decides within 5 working days.
    """
    policy.require_representative(by, entry.organization, message=_("只有该组织的经办人可以申请信用修复。"))
    grounds = grounds.strip()
    if len(grounds) < MIN_GROUNDS_LENGTH:
        raise ValidationError(_("请写明申请移出的理由（至少10个字），如已履行的义务或已完成的整改。"))
    today = timezone.localdate()
    with stored_uploads(uploads) as files, transaction.atomic():
        locked = guards.locked(entry, "organization", "promoted_from")
        refusal = repair_refusal_of(locked, today=today)
        if refusal is not None:
            raise ValidationError(_refusal_text(refusal, locked))
        if locked.repairs.filter(status=RepairStatus.PENDING).exists():
            raise ValidationError(_("该记录已有待审核的信用修复申请，请等待审核结果。"))
        repair = CreditRepair(
            entry=locked,
            grounds=grounds,
            applicant=by,
            submitted_on=today,
            decide_due=deadline_after(today, REPAIR_DECISION_WORKING_DAYS).due,
        )
        repair.full_clean()
        repair.save()
        for record in files:
            CreditRepairFile.objects.create(repair=repair, **record)
    return repair


def credit_repair_decide(*, repair: CreditRepair, approve: bool, reason: str, by) -> CreditRepair:
    """Remove the entry (the public record shows the removal) or refuse with reasons; the applicant is told either way
    (e-mail, or SMS for a mobile-only account) and sees the decision in the portal."""
    policy.require_role(by, repair.entry.organization.jurisdiction, *CREDIT_ROLES)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请写明审核意见。") if approve else _("不予移出的，请写明理由。"))
    today = timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(repair, "entry__organization__jurisdiction", "entry__promoted_from")
        guards.require_state(locked, RepairStatus.PENDING)
        entry = locked.entry
        if approve:
            refusal = repair_refusal_of(entry, today=today)
            if refusal is not None:
                raise ValidationError(_refusal_text(refusal, entry))
            credit_list_remove(
                entry=entry,
                reason=_("信用修复（%(number)s）：%(reason)s") % {"number": locked.number, "reason": reason},
                by=by,
                on=today,
            )
        locked.status = RepairStatus.APPROVED if approve else RepairStatus.REFUSED
        locked.decided_on, locked.decided_by, locked.decision_reason = today, by, reason
        locked.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
        email, mobile = contact_of(locked.applicant)
        send_to_contact(
            email=email,
            mobile=mobile,
            subject=_("信用修复申请 %(number)s 审核结果") % {"number": locked.number},
            body=_("%(name)s的信用修复申请 %(number)s：%(status)s。%(reason)s")
            % {
                "name": entry.organization.name,
                "number": locked.number,
                "status": locked.get_status_display(),
                "reason": reason,
            },
        )
    return locked


def repair_is_overdue(repair: CreditRepair, *, today: datetime.date | None = None) -> bool:
    """Whether a pending application has passed its 5-working-day decision deadline."""
    return repair.status == RepairStatus.PENDING and (today or timezone.localdate()) > repair.decide_due
