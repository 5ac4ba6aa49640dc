"""Cleanup of organizations that exist only on paper: the sweep, the public notice, the response, and handing
revocation over to a penalty case.

The sweep is two set-based INSERT ... SELECT statements, so it stays fast at a million organizations
and can run every day: an organization with an unfinished case is never added twice.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole, OrgStatus
from registry.models import DormancyCase, DormancyStatus
from registry.models.dormancy import OPEN_STATUSES
from registry.rules.credit import CreditReason
from registry.rules.deadlines import add_years
from registry.rules.display import local_date
from registry.rules.dormancy import INACTIVE_FIRST_YEAR_TYPES, DormancyReason, latest_due_report_year
from registry.rules.penalties import CaseSource
from registry.services import guards, policy
from registry.services.penalty_cases import open_case

_NOT_ALREADY_OPEN = """
    NOT EXISTS (
        SELECT 1 FROM registry_dormancycase c
        WHERE c.organization_id = o.id AND c.status IN ('candidate', 'notice', 'proposed')
    )
"""


# A new candidate case as the sweep inserts it: every text column empty, the two parameters are the
# reason and the day found. One place to add a column that must not be NULL.
_INSERT_CANDIDATE = """INSERT INTO registry_dormancycase
                (organization_id, reason_code, found_on, status, notice_text, response, decision,
                 penalty_notice_text, statement, hearing_requested, hearing_record)"""
_CANDIDATE_VALUES = "%s, %s, 'candidate', '', '', '', '', '', FALSE, ''"


def sweep_dormant(*, today: datetime.date | None = None) -> dict:
    """Add a candidate case for every dormant organization without an unfinished case; return counts by reason.

    Run by the system only (the daily command), for no user.
    """
    today = today or timezone.localdate()
    latest_due = latest_due_report_year(today)
    first_missed = latest_due - 1  # the two latest due years: first_missed and latest_due
    conf = settings.REGISTRY
    # Registered after the first-report cutoff of first_missed (default 30 June): that year was not due
    # (registry.rules.annual.must_report), so it cannot have been missed.
    last_founding_due = datetime.date(
        first_missed, conf["NEW_ORGANIZATION_CUTOFF_MONTH"], conf["NEW_ORGANIZATION_CUTOFF_DAY"]
    )
    unreachable_since = today - datetime.timedelta(days=settings.REGISTRY["DORMANCY_UNREACHABLE_DAYS"])
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # 条例: not taking part in annual inspection for 2 consecutive years (DOMAIN.md, dormant organizations).
        cursor.execute(
            f"""
            {_INSERT_CANDIDATE}
            SELECT o.id, {_CANDIDATE_VALUES}
            FROM registry_organization o
            WHERE o.status = 'normal'
              AND o.founded_on <= %s
              AND (o.last_annual_report_year IS NULL OR o.last_annual_report_year < %s)
              AND {_NOT_ALREADY_OPEN}
            """,
            [DormancyReason.REPORTS_MISSING.value, today, last_founding_due, first_missed],
        )
        counts[DormancyReason.REPORTS_MISSING.value] = cursor.rowcount
        # Unreachable at the registered domicile for a long time (on the abnormal list for that cause).
        cursor.execute(
            f"""
            {_INSERT_CANDIDATE}
            SELECT DISTINCT o.id, {_CANDIDATE_VALUES}
            FROM registry_organization o
            JOIN registry_creditentry e ON e.organization_id = o.id
            WHERE o.status = 'normal'
              AND e.reason_code = %s AND e.removed_on IS NULL AND e.listed_on <= %s
              AND {_NOT_ALREADY_OPEN}
            """,
            [DormancyReason.UNREACHABLE.value, today, CreditReason.UNREACHABLE.value, unreachable_since],
        )
        counts[DormancyReason.UNREACHABLE.value] = cursor.rowcount
        # 社会团体登记管理条例 第二十九条, 基金会管理条例 第四十一条(一): no activity within 1 year of registration --
        # registered more than a year ago, never reported, and its first annual report is past its deadline
        # unsubmitted. Associations and foundations only: 民办非企业单位登记管理暂行条例 has no such ground.
        cursor.execute(
            f"""
            {_INSERT_CANDIDATE}
            SELECT o.id, {_CANDIDATE_VALUES}
            FROM registry_organization o
            WHERE o.status = 'normal'
              AND o.org_type IN ({", ".join(["%s"] * len(INACTIVE_FIRST_YEAR_TYPES))})
              AND o.founded_on <= %s AND o.founded_on > %s
              AND o.last_annual_report_year IS NULL
              AND EXISTS (
                  SELECT 1 FROM registry_annualreport r
                  WHERE r.organization_id = o.id AND r.status = 'open' AND r.deadline < %s
              )
              AND {_NOT_ALREADY_OPEN}
            """,
            [
                DormancyReason.INACTIVE_FIRST_YEAR.value,
                today,
                *INACTIVE_FIRST_YEAR_TYPES,
                add_years(today, -1),
                add_years(today, -2),
                today,
            ],
        )
        counts[DormancyReason.INACTIVE_FIRST_YEAR.value] = cursor.rowcount
    return counts


# The text users see when the case has moved on (kept as it was, with its translation).
WRONG_STATUS = gettext_lazy("该案件当前状态为“%(status)s”，不能办理此事项（可能已由他人处理）。")


def dormancy_case_open(*, case: DormancyCase, by, today: datetime.date | None = None) -> DormancyCase:
    """Open the case (立案) and publish the notice inviting the organization to respond within the notice period."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, DormancyStatus.CANDIDATE, message=WRONG_STATUS)
        if locked.organization.status != OrgStatus.NORMAL:
            raise ValidationError(_("该组织已不是正常登记状态，无需清理。"))
        days = settings.REGISTRY["DORMANCY_NOTICE_DAYS"]
        locked.status = DormancyStatus.NOTICE
        locked.opened_by = by
        locked.notice_starts_on = today
        locked.notice_ends_on = today + datetime.timedelta(days=days)
        locked.notice_text = _(
            "%(name)s（统一社会信用代码 %(code)s）存在“%(reason)s”的情形。请该组织自公示之日起%(days)d日内"
            "通过网上办事大厅说明情况、补报材料或申请注销登记；逾期未整改的，登记管理机关将依法撤销其登记。"
        ) % {
            "name": locked.organization.name,
            "code": locked.organization.uscc,
            "reason": locked.get_reason_code_display(),
            "days": days,
        }
        locked.save()
    return locked


def dormancy_case_dismiss(*, case: DormancyCase, by, reason: str) -> DormancyCase:
    """A candidate turns out to be active: close it without a notice."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR)
    return _decide(case, by=by, reason=reason, status=DormancyStatus.DISMISSED, allowed=(DormancyStatus.CANDIDATE,))


def dormancy_case_respond(*, case: DormancyCase, by, response: str) -> DormancyCase:
    """The organization answers the notice online (explanation, reports filed, contact restored)."""
    policy.require_representative(by, case.organization, message=_("只有该组织的经办人可以回复。"))
    if len(response.strip()) < 5:
        raise ValidationError(_("请说明整改情况。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, DormancyStatus.NOTICE, message=WRONG_STATUS)
        locked.response = response.strip()[:4000]
        locked.responded_on = timezone.localdate()
        locked.save(update_fields=["response", "responded_on"])
    return locked


def dormancy_case_close(*, case: DormancyCase, by, reason: str) -> DormancyCase:
    """The organization rectified (or was wrongly suspected): the case ends and it stays registered."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR)
    return _decide(case, by=by, reason=reason, status=DormancyStatus.CLOSED, allowed=(DormancyStatus.NOTICE,))


def dormancy_revocation_propose(*, case: DormancyCase, by, reason: str, today: datetime.date | None = None):
    """Propose revocation (拟撤销登记) once the notice period has ended without rectification.

    Revocation is an administrative penalty: the proposal files a penalty case (source: the cleanup), which
    takes it through approval, the advance notice, the statement and hearing, the decision and its service;
    this cleanup case ends when that case does (revoked, or closed).
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR)
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError(_("请写明拟撤销登记的事实和理由。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, DormancyStatus.NOTICE, message=WRONG_STATUS)
        if locked.notice_ends_on and today <= locked.notice_ends_on:
            raise ValidationError(
                _("公示期至%(date)s届满，届满前不能提出撤销登记。") % {"date": local_date(locked.notice_ends_on)}
            )
        locked.status = DormancyStatus.REVOCATION_PROPOSED
        locked.decision = reason.strip()
        locked.save(update_fields=["status", "decision"])
        open_case(
            organization=locked.organization,
            source=CaseSource.DORMANCY,
            source_reference=locked.reference,
            facts=_("存在“%(ground)s”的情形，经%(days)d日公示期满未整改：%(facts)s")
            % {
                "ground": locked.get_reason_code_display(),
                "days": (locked.notice_ends_on - locked.notice_starts_on).days if locked.notice_starts_on else 0,
                "facts": reason.strip(),
            },
            by=by,
            dormancy_case=locked,
            today=today,
        )
    return locked


def dormancy_cases_close_for_deregistered() -> int:
    """Cases of organizations that deregistered themselves meanwhile end as such.

    Run by the system only (the daily command), for no user.
    """
    return DormancyCase.objects.filter(status__in=OPEN_STATUSES, organization__status=OrgStatus.DEREGISTERED).update(
        status=DormancyStatus.DEREGISTERED, decided_on=timezone.localdate()
    )


def _decide(case, *, by, reason, status, allowed) -> DormancyCase:
    """End the case with `status` and the reason; the caller has asked the policy."""
    if not reason.strip():
        raise ValidationError(_("请写明理由。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, *allowed, message=WRONG_STATUS)
        locked.status = status
        locked.decided_on = timezone.localdate()
        locked.decision = reason.strip()
        locked.save(update_fields=["status", "decided_on", "decision"])
    return locked
