"""The one way onto and off the credit lists; the organization's public flags follow its open entries."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.credit import LIST_OF_REASON, CreditList, CreditReason, dishonest_expires_on, promotion_due_on
from registry.deadlines import add_years
from registry.models import CreditEntry, Jurisdiction, Organization
from registry.services.organizations import organization_update


def _sync_flags(organization: Organization, *, by, reason: str) -> Organization:
    open_lists = set(
        CreditEntry.objects.filter(organization=organization, removed_on__isnull=True).values_list(
            "credit_list", flat=True
        )
    )
    return organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=_("信用名单"),
        on_abnormal_list=CreditList.ABNORMAL in open_lists,
        on_dishonest_list=CreditList.DISHONEST in open_lists,
    )


def credit_list_add(
    *,
    organization: Organization,
    reason_code: str,
    reason: str,
    by=None,
    authority: Jurisdiction | None = None,
    on: datetime.date | None = None,
    promoted_from: CreditEntry | None = None,
) -> CreditEntry:
    """List an organization under a rule; listing again for a cause already open returns the open entry."""
    reason_code = CreditReason(reason_code)
    if not reason.strip():
        raise ValidationError(_("请写明列入事由。"))
    on = on or timezone.localdate()
    credit_list = LIST_OF_REASON[reason_code]
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        existing = CreditEntry.objects.filter(
            organization=organization, credit_list=credit_list, reason_code=reason_code, removed_on__isnull=True
        ).first()
        if existing:
            return existing
        entry = CreditEntry.objects.create(
            organization=organization,
            credit_list=credit_list,
            reason_code=reason_code,
            reason=reason.strip(),
            authority=authority or organization.jurisdiction,
            listed_on=on,
            listed_by=by,
            expires_on=dishonest_expires_on(on, years=settings.REGISTRY["DISHONEST_YEARS"])
            if credit_list == CreditList.DISHONEST
            else None,
            promoted_from=promoted_from,
        )
        _sync_flags(
            organization,
            by=by,
            reason=_("列入%(list)s：%(reason)s") % {"list": entry.get_credit_list_display(), "reason": entry.reason},
        )
    return entry


def credit_list_remove(
    *, entry: CreditEntry, reason: str, by=None, on: datetime.date | None = None, listed_in_error: bool = False
) -> CreditEntry:
    """Take an entry off its list.

    An abnormal-list entry leaves when its cause is corrected (report submitted, contact restored).
    A dishonest-list entry stays its full term unless it was listed in error (办法 第十三条、第十四条).
    """
    if not reason.strip():
        raise ValidationError(_("请写明移出事由。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = CreditEntry.objects.select_for_update().select_related("organization").get(pk=entry.pk)
        if locked.removed_on is not None:
            raise ValidationError(_("该记录已于%(date)s移出。") % {"date": locked.removed_on.isoformat()})
        if (
            locked.credit_list == CreditList.DISHONEST
            and not listed_in_error
            and locked.expires_on
            and on < locked.expires_on
        ):
            raise ValidationError(
                _("严重违法失信名单记录须保留至%(date)s，届满前只有列入错误的才能移出。")
                % {"date": locked.expires_on.isoformat()}
            )
        locked.removed_on = on
        locked.removal_reason = reason.strip()
        locked.removed_by = by
        locked.save(update_fields=["removed_on", "removal_reason", "removed_by"])
        _sync_flags(
            locked.organization,
            by=by,
            reason=_("移出%(list)s：%(reason)s") % {"list": locked.get_credit_list_display(), "reason": reason.strip()},
        )
    return locked


def credit_cause_corrected(*, organization: Organization, reason_code: str, reason: str, by=None) -> int:
    """Remove the open abnormal-list entries of one cause, e.g. when the missing annual report arrives."""
    entries = CreditEntry.objects.filter(
        organization=organization, reason_code=CreditReason(reason_code), removed_on__isnull=True
    )
    count = 0
    for entry in entries:
        credit_list_remove(entry=entry, reason=reason, by=by)
        count += 1
    return count


def credit_sweep(*, today: datetime.date | None = None) -> dict:
    """Promote abnormal entries uncorrected for 2 years and close dishonest entries whose term ended (idempotent)."""
    today = today or timezone.localdate()
    years = settings.REGISTRY["ABNORMAL_PROMOTION_YEARS"]
    promoted = expired = 0
    cutoff = add_years(today, -years)  # listed on or before this day: two full years have passed
    due = CreditEntry.objects.filter(
        credit_list=CreditList.ABNORMAL, removed_on__isnull=True, listed_on__lte=cutoff, promoted_to__isnull=True
    ).select_related("organization")
    for entry in due:
        with transaction.atomic():
            listed_on = promotion_due_on(entry.listed_on, years=years)
            credit_list_add(
                organization=entry.organization,
                reason_code=CreditReason.ABNORMAL_TWO_YEARS,
                reason=_("自%(date)s列入活动异常名录，满%(years)d年仍未改正（%(cause)s）。")
                % {"date": entry.listed_on.isoformat(), "years": years, "cause": entry.reason},
                authority=entry.authority,
                on=listed_on,
                promoted_from=entry,
            )
            credit_list_remove(
                entry=entry, reason=_("满%(years)d年未改正，转入严重违法失信名单。") % {"years": years}, on=listed_on
            )
            promoted += 1
    for entry in CreditEntry.objects.filter(
        credit_list=CreditList.DISHONEST, removed_on__isnull=True, expires_on__lte=today
    ):
        credit_list_remove(entry=entry, reason=_("保留期限届满，自动移出。"), on=entry.expires_on)
        expired += 1
    return {"promoted": promoted, "expired": expired}
