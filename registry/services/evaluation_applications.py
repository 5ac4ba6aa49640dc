"""Standardization evaluation, the organization's way in: indicator tables, rounds, eligibility, the
application with its self-assessment, and the officers' eligibility check.

Scoring by the evaluation team is in `evaluation_scoring`, the grade from the committee to the
announcement in `evaluation_grading`; the grade on the register is written by `register`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import (
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    IndicatorScore,
    IndicatorTable,
    Organization,
)
from registry.rules.evaluation import (
    points_problem,
    rules_for_round,
    table_problems,
)
from registry.selectors import deadline_after, eligibility_of
from registry.services.guards import locked, require_state
from registry.services.notifications import notify_applicant
from registry.services.policy import require_representative, require_role

# What a write to an evaluation application reads besides the row itself.
RELATED = ("round__jurisdiction", "organization__jurisdiction", "table")


def require_evaluation_state(application: EvaluationApplication, *statuses) -> None:
    """Refuse unless the evaluation application is in one of `statuses` (another officer may have moved it)."""
    require_state(
        application,
        *statuses,
        message=_("该评估申请当前状态为“%(status)s”，不能办理此事项（可能已由他人处理）。"),
    )


def step_due(today: datetime.date) -> datetime.date:
    """The day the officers' next step is due."""
    return deadline_after(today, settings.REGISTRY["EVALUATION_STEP_WORKING_DAYS"]).due


def _points(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        points = None
    if points is None or not points.is_finite():  # "NaN" parses but is no score
        raise ValidationError(_("得分“%(value)s”不是有效的数字。") % {"value": value})
    return points


# Indicator tables and rounds


def indicator_table_copy(*, table: IndicatorTable, by) -> IndicatorTable:
    """Copy a table to the next version of its type, to be edited for a later round."""
    if not (by.is_superuser or by.has_perm("registry.add_indicatortable")):
        raise PermissionDenied(_("您没有维护评估指标表的权限。"))
    with transaction.atomic():
        latest = (
            IndicatorTable.objects.select_for_update(of=("self",))
            .filter(org_type=table.org_type)
            .order_by("-version")
            .first()
        )
        copy = IndicatorTable.objects.create(org_type=table.org_type, version=latest.version + 1, title=table.title)
        for indicator in table.indicators.all():
            indicator.pk = None
            indicator.table = copy
            indicator.save()
    return copy


def round_open(
    *, jurisdiction, year: int, title: str, apply_from: datetime.date, apply_until: datetime.date, tables, by
) -> EvaluationRound:
    """Open a round for the types of `tables` (one table per type); the tables are frozen from now on."""
    require_role(by, jurisdiction, OfficerRole.EVALUATOR)
    tables = list(tables)
    errors = []
    if not title.strip():
        errors.append(_("请填写评估轮次名称。"))
    if apply_until < apply_from:
        errors.append(_("申请截止日期不能早于开始日期。"))
    if not tables:
        errors.append(_("请至少选择一类组织的指标表。"))
    types = [table.org_type for table in tables]
    if len(set(types)) != len(types):
        errors.append(_("每类组织只能选用一张指标表。"))
    for table in tables:
        for problem in table_problems(table.indicators.values_list("part", "max_points")):
            errors.append(f"{table}：{problem}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evaluation_round = EvaluationRound(
            jurisdiction=jurisdiction,
            year=year,
            title=title.strip(),
            apply_from=apply_from,
            apply_until=apply_until,
            opened_by=by,
            rules=rules_for_round(timezone.localdate()),
        )
        evaluation_round.full_clean()
        evaluation_round.save()
        evaluation_round.tables.set(tables)
        IndicatorTable.objects.filter(pk__in=[t.pk for t in tables], locked_at__isnull=True).update(
            locked_at=timezone.now()
        )
    return evaluation_round


# The organization: application and self-assessment


def eligibility_at_submission(application: EvaluationApplication) -> list[str]:
    """Why the applicant does not (or no longer does) meet the conditions, judged on the day it applied."""
    applied_on = timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()
    return eligibility_of(organization=application.organization, evaluation_round=application.round, on=applied_on)


def evaluation_apply(
    *, evaluation_round: EvaluationRound, organization: Organization, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """Start an application with a blank self-assessment; an ineligible organization is refused with the reasons."""
    today = today or timezone.localdate()
    require_representative(by, organization)
    with transaction.atomic():
        locked(organization)
        existing = EvaluationApplication.objects.filter(round=evaluation_round, organization=organization).first()
        if existing:
            return existing
        problems = eligibility_of(organization=organization, evaluation_round=evaluation_round, on=today)
        if problems:
            raise ValidationError(problems)
        table = evaluation_round.table_for(organization.org_type)
        application = EvaluationApplication.objects.create(
            round=evaluation_round, organization=organization, table=table, applicant=by
        )
        IndicatorScore.objects.bulk_create(
            IndicatorScore(application=application, indicator=indicator) for indicator in table.indicators.all()
        )
    return application


def scores_write(application, scores: dict, *, points_field: str, note_field: str) -> None:
    """Write (points, note) per indicator id after checking every one against its maximum; all or nothing.

    A refusal names each bad score by its indicator id (`ValidationError.message_dict`), so a page can show
    the error next to that score and keep everything else that was typed.
    """
    rows = {row.indicator_id: row for row in application.scores.select_related("indicator")}
    errors = {}
    for indicator_id, (value, note) in scores.items():
        row = rows.get(int(indicator_id))
        if row is None:
            raise ValidationError(_("指标不属于本次评估采用的指标表。"))
        try:
            points = _points(value)
        except ValidationError as exc:
            errors[str(row.indicator_id)] = exc.messages
            continue
        problem = points_problem(points, row.indicator.max_points, label=f"{row.indicator.code} {row.indicator.title}")
        if problem:
            errors[str(row.indicator_id)] = [problem]
            continue
        setattr(row, points_field, points)
        setattr(row, note_field, (note or "").strip())
    if errors:
        raise ValidationError(errors)
    IndicatorScore.objects.bulk_update(rows.values(), [points_field, note_field])


def self_assessment_save(
    *, application: EvaluationApplication, by, scores: dict, summary: str
) -> EvaluationApplication:
    """Save the self-assessment as a draft: `scores` maps indicator id to (points, note)."""
    require_representative(by, application.organization)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.DRAFT)
        scores_write(current, scores, points_field="self_points", note_field="self_note")
        current.self_summary = summary.strip()
        current.save(update_fields=["self_summary"])
    return current


def unscored(application, field: str) -> list[str]:
    missing = application.scores.filter(**{f"{field}__isnull": True}).select_related("indicator")
    return [f"{row.indicator.code} {row.indicator.title}" for row in missing]


def self_assessment_problems(application: EvaluationApplication) -> list[str]:
    """What the organization still has to fill in before it can apply."""
    problems = []
    missing = unscored(application, "self_points")
    if missing:
        problems.append(_("以下指标尚未自评打分：%(items)s。") % {"items": "、".join(missing)})
    if len(application.self_summary.strip()) < 20:
        problems.append(_("请填写自评报告（不少于20字）。"))
    return problems


def evaluation_submit(
    *, application: EvaluationApplication, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """Apply: the self-assessment is complete and the organization still eligible; officers check next."""
    require_representative(by, application.organization)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.DRAFT)
        problems = self_assessment_problems(current) + eligibility_of(
            organization=current.organization, evaluation_round=current.round, on=today
        )
        if problems:
            raise ValidationError(problems)
        current.self_total = current.scores.aggregate(total=Sum("self_points"))["total"]
        current.status = EvaluationStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.officer_due_on = step_due(today)
        current.save(update_fields=["self_total", "status", "submitted_at", "officer_due_on"])
    return current


def eligibility_decide(
    *, application: EvaluationApplication, by, eligible: bool, note: str, today: datetime.date | None = None
) -> EvaluationApplication:
    """The officers' eligibility check; a refusal states the reason and is sent to the organization."""
    require_role(by, application.round.jurisdiction, OfficerRole.EVALUATOR)
    today = today or timezone.localdate()
    if not note.strip():
        raise ValidationError(_("请写明资格审核意见；不予受理的须说明理由。"))
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.SUBMITTED)
        current.eligibility_note = note.strip()
        problems = eligibility_at_submission(current) if eligible else []
        if problems:
            # E.g. listed as dishonest since it applied: the conditions are not the officer's to waive.
            raise ValidationError([_("不能受理：该组织目前不符合申请条件。"), *problems])
        if eligible:
            current.status = EvaluationStatus.ACCEPTED
            current.officer_due_on = step_due(today)
        else:
            current.status = EvaluationStatus.REFUSED
            current.officer_due_on = None
            notify_applicant(
                current,
                subject=_("评估申请不符合条件"),
                template="emails/evaluation_refused.txt",
            )
        current.save(update_fields=["eligibility_note", "status", "officer_due_on"])
    return current
