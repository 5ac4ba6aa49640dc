"""The safeguards of a penalty case between the advance notice and the head's decision: the service of its
documents (how and when each reached the party), the legal review (法制审核) and the heads' collective
discussion (集体讨论).

Each function is one step of the case, called by the penalty process's task views.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole
from registry.models.penalty import PenaltyCase
from registry.rules.display import local_date
from registry.rules.penalties import CaseStage
from registry.rules.penalty_procedure import (
    ServedDocument,
    discussion_problems,
    legal_review_problems,
    participants_of,
    statement_window,
)
from registry.selectors import work_calendar
from registry.services import guards, policy
from registry.services.penalty_cases import NOT_OFFICER, WRONG_STAGE, record_service

NOT_HEAD = gettext_lazy("只有登记管理机关负责人可以作出行政处罚决定或主持集体讨论。")
NOT_LEGAL_REVIEWER = gettext_lazy("法制审核须由本机关审查岗人员进行。")


def notice_serve(
    *,
    case: PenaltyCase,
    by,
    method: str,
    delivered_on: datetime.date | None,
    reference: str = "",
    today: datetime.date | None = None,
) -> PenaltyCase:
    """Record the service of the advance notice; the statement window runs from it, in working days.

    行政处罚法 第四十四条、第六十四条 and 第八十五条: 5 working days from service to state a case or ask for a
    hearing. A notice published counts as served 30 days after publication, and the window follows.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.NOTIFIED, field="stage", message=WRONG_STAGE)
        if locked.notice_served_on is not None:
            raise ValidationError(_("告知书的送达已于%(date)s记录。") % {"date": local_date(locked.notice_served_on)})
        service = record_service(
            locked,
            document=ServedDocument.NOTICE,
            method=method,
            delivered_on=delivered_on,
            issued_on=locked.notice_on,
            reference=reference,
            by=by,
            today=today,
        )
        days = settings.REGISTRY["PENALTY_STATEMENT_DAYS"]
        calendar = work_calendar(service.served_on.year, service.served_on.year + 1)
        locked.notice_served_on = service.served_on
        locked.statement_ends_on = statement_window(service.served_on, days=days, calendar=calendar).due
        locked.save(update_fields=["notice_served_on", "statement_ends_on"])
    return locked


def legal_review_record(*, case: PenaltyCase, by, opinion: str, today: datetime.date | None = None) -> PenaltyCase:
    """Record the legal review (法制审核, 行政处罚法 第五十八条) by a reviewer who did not investigate the case."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.REVIEWER, message=NOT_LEGAL_REVIEWER)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.REVIEWED, field="stage", message=WRONG_STAGE)
        if not locked.legal_review_required:
            raise ValidationError(_("本案无需法制审核。"))
        problems = legal_review_problems(
            reviewer_id=by.pk,
            investigator_ids={locked.investigator_id, locked.second_investigator_id},
            opinion=opinion,
        )
        if problems:
            raise ValidationError(problems)
        locked.legal_reviewer = by
        locked.legal_review_on = today
        locked.legal_review_opinion = opinion.strip()
        locked.stage = CaseStage.LEGAL_REVIEWED
        locked.save()
    return locked


def discussion_record(
    *,
    case: PenaltyCase,
    by,
    held_on: datetime.date | None,
    participants: str,
    conclusion: str,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """Record the heads' collective discussion of a serious case (行政处罚法 第五十七条第二款) and who took part."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.HEAD, message=NOT_HEAD)
    today = today or timezone.localdate()
    names = participants_of(participants)
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.REVIEWED, CaseStage.LEGAL_REVIEWED, field="stage", message=WRONG_STAGE)
        if not locked.discussion_required:
            raise ValidationError(_("本案无需集体讨论。"))
        if locked.legal_review_required and locked.legal_review_on is None:
            raise ValidationError(_("本案须先经法制审核，再提交集体讨论。"))
        problems = discussion_problems(
            participants=names,
            min_participants=settings.REGISTRY["PENALTY_COLLECTIVE_MIN_PARTICIPANTS"],
            conclusion=conclusion,
            held_on=held_on,
            today=today,
        )
        if problems:
            raise ValidationError(problems)
        locked.discussion_on = held_on
        locked.discussion_participants = "\n".join(names)
        locked.discussion_conclusion = conclusion.strip()
        locked.discussion_recorded_by = by
        locked.stage = CaseStage.DISCUSSED
        locked.save()
    return locked
