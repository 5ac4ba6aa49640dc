"""The one way onto and off the credit lists; the organization's public flags follow its open entries."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OfficerRole
from registry.models import ChangeKind, CreditEntry, Jurisdiction, Organization
from registry.rules.credit import (
    LIST_OF_REASON,
    MANUAL_GROUNDS,
    YEARLY_GROUNDS,
    CreditList,
    CreditReason,
    abnormal_lapses_on,
    dishonest_removable_from,
    is_repeated_small_penalty,
    legal_basis,
    promotion_due_on,
)
from registry.rules.deadlines import add_years
from registry.rules.display import local_date
from registry.services import guards, policy
from registry.services.changes import change_event_record
from registry.services.register import organization_update

# Officers list and remove entries in supervision (年检监管岗) or as the section head (核准岗); the daily sweep
# and the annual-report deadline act as the system (`by=None`).
CREDIT_ROLES = (OfficerRole.INSPECTOR, OfficerRole.APPROVER)


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
        action=HistoryAction.CREDIT_LIST,
        on_abnormal_list=CreditList.ABNORMAL in open_lists,
        on_dishonest_list=CreditList.DISHONEST in open_lists,
    )


def _entry_detail(entry: CreditEntry) -> dict:
    """What the change stream tells of a credit-list entry: the public facts of the list."""
    return {
        "list": entry.credit_list,
        "reason_code": entry.reason_code,
        "year": entry.year,
        "listed_on": entry.listed_on,
        "removed_on": entry.removed_on,
        "authority": entry.authority.code,
    }


def _restart_dishonest_period(organization: Organization, *, on: datetime.date) -> None:
    """A new ground while on the dishonest list starts the 2 years before removal again (办法, removal rule)."""
    removable_from = dishonest_removable_from(on, years=settings.REGISTRY["DISHONEST_REMOVAL_YEARS"])
    CreditEntry.objects.filter(
        organization=organization,
        credit_list=CreditList.DISHONEST,
        removed_on__isnull=True,
    ).filter(Q(removable_from__isnull=True) | Q(removable_from__lt=removable_from)).update(
        removable_from=removable_from
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
    year: int | None = None,
    basis: str = "",
) -> CreditEntry:
    """List an organization on a ground; listing again for a ground already open returns the open entry.

    A yearly ground (a missing annual report) names its year: each year is its own entry and clears on its own.

    Any new ground restarts the waiting period of the organization's open dishonest-list entries, and a
    second small penalty within three years also lists it as seriously dishonest (办法).
    """
    policy.require_role_or_system(by, organization.jurisdiction, *CREDIT_ROLES)
    reason_code = CreditReason(reason_code)
    if not reason.strip():
        raise ValidationError(_("请写明列入事由。"))
    if reason_code in YEARLY_GROUNDS and year is None:
        raise ValidationError(_("按年度列入的，须写明所属年度。"))
    if reason_code not in YEARLY_GROUNDS:
        year = None
    on = on or timezone.localdate()
    credit_list = LIST_OF_REASON[reason_code]
    with transaction.atomic():
        guards.locked(organization)
        existing = CreditEntry.objects.filter(
            organization=organization,
            credit_list=credit_list,
            reason_code=reason_code,
            year=year,
            removed_on__isnull=True,
        ).first()
        if existing:
            if existing.listed_on != on:
                _restart_dishonest_period(organization, on=on)
            return existing
        earlier_penalties = list(
            CreditEntry.objects.filter(organization=organization, reason_code=CreditReason.SMALL_PENALTY).values_list(
                "listed_on", flat=True
            )
        )
        entry = CreditEntry.objects.create(
            organization=organization,
            credit_list=credit_list,
            reason_code=reason_code,
            reason=reason.strip(),
            basis=basis.strip()[:300] or legal_basis(reason_code),
            year=year,
            authority=authority or organization.jurisdiction,
            listed_on=on,
            listed_by=by,
            expires_on=abnormal_lapses_on(reason_code, on, months=settings.REGISTRY["ABNORMAL_NO_CORRECTION_MONTHS"]),
            promoted_from=promoted_from,
        )
        _restart_dishonest_period(organization, on=on)
        change_event_record(organization=organization, kind=ChangeKind.CREDIT_LISTED, detail=_entry_detail(entry))
        _sync_flags(
            organization,
            by=by,
            reason=_("列入%(list)s：%(reason)s") % {"list": entry.get_credit_list_display(), "reason": entry.reason},
        )
        if reason_code == CreditReason.SMALL_PENALTY and is_repeated_small_penalty(earlier_penalties, on=on):
            credit_list_add(
                organization=organization,
                reason_code=CreditReason.REPEATED_SMALL_PENALTIES,
                reason=_("三年内再次受到警告或者不满5万元罚款处罚：%(reason)s") % {"reason": entry.reason},
                by=by,
                authority=authority,
                on=on,
            )
    return entry


def credit_list_remove(
    *, entry: CreditEntry, reason: str, by=None, on: datetime.date | None = None, listed_in_error: bool = False
) -> CreditEntry:
    """Take an entry off its list.

    An abnormal-list entry leaves when its cause is corrected (report submitted, contact restored).
    A dishonest-list entry has no fixed term: it leaves on the organization's application once 2 years
    have passed with no new ground, or at once when it was listed in error (办法, removal rules).
    """
    policy.require_role_or_system(by, entry.organization.jurisdiction, *CREDIT_ROLES)
    return _entry_remove(entry, reason=reason, by=by, on=on, listed_in_error=listed_in_error)


def _entry_remove(
    entry: CreditEntry, *, reason: str, by, on: datetime.date | None = None, listed_in_error: bool = False
) -> CreditEntry:
    """Take an entry off its list, once whoever acts was allowed to."""
    if not reason.strip():
        raise ValidationError(_("请写明移出事由。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(entry, "organization")
        if locked.removed_on is not None:
            raise ValidationError(_("该记录已于%(date)s移出。") % {"date": local_date(locked.removed_on)})
        if (
            locked.credit_list == CreditList.DISHONEST
            and not listed_in_error
            and locked.removable_from
            and on < locked.removable_from
        ):
            raise ValidationError(
                _(
                    "列入严重违法失信名单满2年且期间未再出现应当列入的情形，方可申请移出：本记录自%(date)s起可申请移出；"
                    "此前只有列入错误的才能移出。"
                )
                % {"date": local_date(locked.removable_from)}
            )
        locked.removed_on = on
        locked.removal_reason = reason.strip()
        locked.removed_by = by
        locked.save(update_fields=["removed_on", "removal_reason", "removed_by"])
        change_event_record(
            organization=locked.organization, kind=ChangeKind.CREDIT_REMOVED, detail=_entry_detail(locked)
        )
        _sync_flags(
            locked.organization,
            by=by,
            reason=_("移出%(list)s：%(reason)s") % {"list": locked.get_credit_list_display(), "reason": reason.strip()},
        )
    return locked


def credit_cause_corrected(
    *, organization: Organization, reason_code: str, reason: str, by=None, year: int | None = None
) -> int:
    """Remove the open abnormal-list entries of one cause, e.g. when the missing annual report arrives.

    A yearly ground clears only the entry of its own year (办法: each ground clears on its own): the report of
    one year leaves the entries of other missing years open. An officer or the system may record the
    correction, and so may the organization itself when its own act corrects the cause (its representative
    submitting the missing report).
    """
    if by is not None and not policy.holds_role(by, organization.jurisdiction, *CREDIT_ROLES):
        policy.require_representative(by, organization)
    reason_code = CreditReason(reason_code)
    if reason_code in YEARLY_GROUNDS and year is None:
        raise ValidationError(_("按年度列入的，须写明所属年度。"))
    entries = CreditEntry.objects.filter(organization=organization, reason_code=reason_code, removed_on__isnull=True)
    if reason_code in YEARLY_GROUNDS:
        entries = entries.filter(year=year)
    count = 0
    for entry in entries:
        _entry_remove(entry, reason=reason, by=by)
        count += 1
    return count


def credit_manual_list(
    *, organization: Organization, reason_code: str, reason: str, basis: str = "", by, on: datetime.date | None = None
) -> CreditEntry:
    """An officer lists an organization on a ground no sweep finds, with the facts and the legal basis.

    The grounds (办法): unreachable at the registered domicile, rectification not done, no party organization where
    required (activity-abnormal list); a court's list of judgment defaulters (失信被执行人), a change registration
    revoked for fraud (serious-dishonest list).
    """
    policy.require_role(by, organization.jurisdiction, *CREDIT_ROLES)
    if reason_code not in MANUAL_GROUNDS:
        raise ValidationError(_("该情形由系统或其他程序列入，不能在此列入。"))
    if CreditEntry.objects.filter(organization=organization, reason_code=reason_code, removed_on__isnull=True).exists():
        raise ValidationError(_("该组织已因这一情形列入名单。"))
    return credit_list_add(organization=organization, reason_code=reason_code, reason=reason, basis=basis, by=by, on=on)


def credit_manual_clear(*, entry: CreditEntry, reason: str, by, listed_in_error: bool = False) -> CreditEntry:
    """An officer clears an entry of a ground no sweep finds once the correction is verified (or it was an error).

    An activity-abnormal entry leaves on the verified correction (办法: within 5 working days of verifying it); a
    dishonest-list entry only under that list's removal rules, or at once when it was listed in error.
    """
    policy.require_role(by, entry.organization.jurisdiction, *CREDIT_ROLES)
    if entry.reason_code not in MANUAL_GROUNDS:
        raise ValidationError(_("该记录不是由监管人员列入的情形，不能在此移出。"))
    return credit_list_remove(entry=entry, reason=reason, by=by, listed_in_error=listed_in_error)


def credit_sweep(*, today: datetime.date | None = None) -> dict:
    """Promote abnormal entries uncorrected for 2 years; drop abnormal entries with nothing to correct after 6 months.

    Dishonest-list entries have no term to expire: they leave only on application (idempotent).
    Run by the system only (the daily command), for no user.
    """
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
                % {"date": local_date(entry.listed_on), "years": years, "cause": entry.reason},
                authority=entry.authority,
                on=listed_on,
                promoted_from=entry,
            )
            credit_list_remove(
                entry=entry, reason=_("满%(years)d年未改正，转入严重违法失信名单。") % {"years": years}, on=listed_on
            )
            promoted += 1
    # Abnormal entries with nothing to correct leave the list 6 months after listing (办法).
    for entry in CreditEntry.objects.filter(
        credit_list=CreditList.ABNORMAL, removed_on__isnull=True, expires_on__lte=today
    ):
        credit_list_remove(entry=entry, reason=_("无需整改，列入满6个月，自动移出。"), on=entry.expires_on)
        expired += 1
    return {"promoted": promoted, "expired": expired}
