"""Daily supervision shared by spot checks and complaints: who works in it, rectification orders, referral for a
penalty case, and the evidence files."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import SUPERVISION_ROLES, HistoryAction
from registry.models import (
    CaseReferral,
    Organization,
    OrganizationHistory,
    Rectification,
    RectificationStatus,
    SupervisionSource,
)
from registry.rules.credit import CreditReason
from registry.services import guards, policy
from registry.services.credit import credit_cause_corrected
from registry.services.files import private_path
from registry.services.files import stored_uploads as _stored_uploads
from registry.services.penalty_cases import open_case

# The text users see when refused (kept as it was, with its translation).
NOT_SUPERVISOR = gettext_lazy("只有本登记管理机关的监管岗或核准岗人员可以办理此事项。")


def _history(organization: Organization, *, by, action: str, reason: str) -> None:
    OrganizationHistory.objects.create(organization=organization, by=by, action=action, changes={}, reason=reason)


def rectification_order(
    *,
    organization: Organization,
    source: str,
    requirements: str,
    by,
    days: int | None = None,
    spot_check=None,
    complaint=None,
    today: datetime.date | None = None,
) -> Rectification:
    """Order the organization to rectify within `days` (default: the setting); it sees the order in its portal."""
    policy.require_role(by, organization.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    requirements = requirements.strip()
    if not requirements:
        raise ValidationError(_("请写明整改要求。"))
    days = settings.REGISTRY["RECTIFICATION_DAYS"] if days is None else days
    if not 1 <= days <= 365:
        raise ValidationError(_("整改期限应为1至365天。"))
    today = today or timezone.localdate()
    with transaction.atomic():
        rectification = Rectification(
            organization=organization,
            source=SupervisionSource(source),
            spot_check=spot_check,
            complaint=complaint,
            requirements=requirements,
            due_on=today + datetime.timedelta(days=days),
            ordered_by=by,
            ordered_on=today,
        )
        rectification.full_clean()
        rectification.save()
        _history(organization, by=by, action=HistoryAction.RECTIFICATION_ORDERED, reason=requirements)
    return rectification


def rectification_reply(*, rectification: Rectification, reply: str, by) -> Rectification:
    """The organization reports how it rectified; the order waits for an officer's check."""
    policy.require_representative(by, rectification.organization, message=_("只有该组织的经办人可以报告整改情况。"))
    reply = reply.strip()
    if len(reply) < 5:
        raise ValidationError(_("请写明整改情况。"))
    with transaction.atomic():
        locked = guards.locked(rectification, "organization__jurisdiction")
        if locked.status not in (RectificationStatus.OPEN, RectificationStatus.REJECTED):
            raise ValidationError(_("该整改事项已报告，正在核查或已办结。"))
        locked.reply, locked.replied_on, locked.status = reply, timezone.localdate(), RectificationStatus.REPLIED
        locked.save(update_fields=["reply", "replied_on", "status"])
        _history(locked.organization, by=by, action=HistoryAction.RECTIFICATION_REPORTED, reason=reply)
    return locked


def rectification_review(
    *, rectification: Rectification, accepted: bool, note: str, by, days: int | None = None
) -> Rectification:
    """Accept the rectification, or reject it with a reason and a new deadline (the organization replies again).

    Accepting the last rectification the organization owes is the verified correction of the 活动异常名录 ground
    "rectification not done": that entry leaves the list at once (办法: within 5 working days of verification).
    """
    policy.require_role(by, rectification.organization.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    note = note.strip()
    with transaction.atomic():
        locked = guards.locked(rectification, "organization__jurisdiction")
        if locked.status != RectificationStatus.REPLIED:
            raise ValidationError(_("该组织尚未报告整改情况，或已核查。"))
        if not accepted and not note:
            raise ValidationError(_("整改未通过的，请写明理由。"))
        locked.review_note, locked.reviewed_by, locked.reviewed_on = note, by, timezone.localdate()
        if accepted:
            locked.status = RectificationStatus.ACCEPTED
        else:
            locked.status = RectificationStatus.REJECTED
            days = settings.REGISTRY["RECTIFICATION_DAYS"] if days is None else days
            locked.due_on = timezone.localdate() + datetime.timedelta(days=days)
        locked.save()
        _history(
            locked.organization,
            by=by,
            action=HistoryAction.RECTIFICATION_ACCEPTED if accepted else HistoryAction.RECTIFICATION_REJECTED,
            reason=note or _("整改通过"),
        )
        still_owed = Rectification.objects.filter(organization=locked.organization).exclude(
            status=RectificationStatus.ACCEPTED
        )
        if accepted and not still_owed.exists():
            credit_cause_corrected(
                organization=locked.organization,
                reason_code=CreditReason.RECTIFICATION_NOT_DONE,
                reason=_("整改已核查通过（%(reference)s）。") % {"reference": locked.reference},
                by=by,
            )
    return locked


def refer_for_case(*, organization: Organization, source: str, source_reference: str, facts: str, by) -> CaseReferral:
    """Refer the organization for an administrative penalty case (移送立案); the one place a case is opened from.

    The referral is recorded and the case is filed for the section head's approval in one transaction.
    """
    policy.require_role(by, organization.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    facts = facts.strip()
    if not facts:
        raise ValidationError(_("移送立案须写明涉嫌违法的事实。"))
    with transaction.atomic():
        referral = CaseReferral(
            organization=organization,
            source=SupervisionSource(source),
            source_reference=source_reference,
            facts=facts,
            referred_by=by,
        )
        referral.full_clean()
        case = open_case(
            organization=organization, source=source, source_reference=source_reference, facts=facts, by=by
        )
        referral.case_reference = case.reference
        referral.save()
        _history(organization, by=by, action=HistoryAction.CASE_REFERRED, reason=f"{source_reference}：{facts}")
    return referral


def file_path(stored_name: str):
    return private_path("supervision", stored_name)


def stored_uploads(uploads):
    """Check every upload, then write them; yields the fields of their `SupervisionFile` rows (see
    `registry.services.files.stored_uploads`)."""
    return _stored_uploads(uploads, folder="supervision")
