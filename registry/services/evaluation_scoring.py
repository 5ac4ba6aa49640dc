"""Standardization evaluation, the evaluation team's part: forming the team, and its scores and comments.

Third-party evaluators see only the applications of the teams they are on.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import EvaluationApplication, EvaluationStatus, Evaluator, TeamMember
from registry.rules.evaluation import grade_for
from registry.services.evaluation_applications import (
    RELATED,
    require_evaluation_state,
    scores_write,
    step_due,
    unscored,
)
from registry.services.guards import locked
from registry.services.policy import require_evaluator, require_role


def team_assign(
    *, application: EvaluationApplication, by, evaluators, leader: Evaluator, site_visit_on: datetime.date | None = None
) -> EvaluationApplication:
    """Form the evaluation team of third-party experts; only they will see this application."""
    require_role(by, application.round.jurisdiction, OfficerRole.EVALUATOR)
    evaluators = list(dict.fromkeys(evaluators))
    minimum = settings.REGISTRY["EVALUATION_TEAM_MIN"]
    errors = []
    if len(evaluators) < minimum:
        errors.append(_("评估组应由至少 %(count)d 名评估专家组成。") % {"count": minimum})
    if leader not in evaluators:
        errors.append(_("组长须是评估组成员。"))
    if any(not evaluator.active for evaluator in evaluators):
        errors.append(_("已出库的评估专家不能参加评估。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.ACCEPTED)
        TeamMember.objects.bulk_create(
            TeamMember(application=current, evaluator=evaluator, leader=evaluator == leader) for evaluator in evaluators
        )
        current.status = EvaluationStatus.SCORING
        current.site_visit_on = site_visit_on
        current.officer_due_on = None
        current.save(update_fields=["status", "site_visit_on", "officer_due_on"])
    return current


def team_scores_save(
    *,
    application: EvaluationApplication,
    by,
    scores: dict,
    site_visit_on: datetime.date | None,
    site_visit_note: str,
    team_summary: str,
) -> EvaluationApplication:
    """Save the team's scores and comments, validated against each indicator's maximum."""
    require_evaluator(by, application)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.SCORING)
        scores_write(current, scores, points_field="team_points", note_field="team_comment")
        current.site_visit_on = site_visit_on
        current.site_visit_note = site_visit_note.strip()
        current.team_summary = team_summary.strip()
        current.save(update_fields=["site_visit_on", "site_visit_note", "team_summary"])
    return current


def team_scores_problems(application: EvaluationApplication) -> list[str]:
    """What the team still has to record before the scores go to the committee."""
    problems = []
    missing = unscored(application, "team_points")
    if missing:
        problems.append(_("以下指标尚未评分：%(items)s。") % {"items": "、".join(missing)})
    short = application.scores.filter(team_points__isnull=False).select_related("indicator")
    for row in short:
        if row.team_points < row.indicator.max_points and not row.team_comment.strip():
            problems.append(_("指标 %(code)s 有扣分，请写明扣分理由。") % {"code": row.indicator.code})
    if not application.site_visit_on or len(application.site_visit_note.strip()) < 10:
        problems.append(_("请填写实地考察日期和考察情况。"))
    if len(application.team_summary.strip()) < 10:
        problems.append(_("请填写评估组意见。"))
    return problems


def team_scores_submit(
    *, application: EvaluationApplication, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """The team leader submits the scores; the total and the grade it earns go to the committee."""
    require_evaluator(by, application, leader=True)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.SCORING)
        problems = team_scores_problems(current)
        if problems:
            raise ValidationError(problems)
        current.team_total = current.scores.aggregate(total=Sum("team_points"))["total"]
        current.proposed_grade = grade_for(current.team_total, settings.REGISTRY["EVALUATION_THRESHOLDS"])
        current.scored_at = timezone.now()
        current.status = EvaluationStatus.COMMITTEE
        current.officer_due_on = step_due(today)
        current.save(update_fields=["team_total", "proposed_grade", "scored_at", "status", "officer_due_on"])
    return current
