"""Where evaluation actions meet the evaluation process: apply starts it, scores, notice and announcement move it on."""

from django.db import transaction

from registry.choices import OfficerRole
from registry.services import policy
from registry.services.evaluation_applications import evaluation_submit
from registry.services.evaluation_grading import notice_close, round_announce
from registry.services.evaluation_scoring import team_scores_submit
from workflows.engine.runner import resume_waiting
from workflows.flows.evaluation import EvaluationFlow


def evaluation_start(*, application, by):
    """Apply for evaluation with the completed self-assessment and start its process, all or nothing."""

    policy.require_representative(by, application.organization)
    with transaction.atomic():
        submitted = evaluation_submit(application=application, by=by)
        EvaluationFlow.start.run(evaluation=submitted)
    return submitted


def evaluation_scores_submit(*, application, by):
    """The team leader submits the scores; the process moves on to the evaluation committee."""

    policy.require_evaluator(by, application, leader=True)
    with transaction.atomic():
        scored = team_scores_submit(application=application, by=by)
        resume_waiting(scored, EvaluationFlow.scoring)
    return scored


def evaluation_notice_close(*, evaluation_round, by=None, today=None) -> int:
    """End the public notice once it has run: objected grades go to review, the others wait for the announcement.

    The bureau's evaluation officers or section head close it from the round's page; `by=None` is the daily command.
    """

    policy.require_role_or_system(by, evaluation_round.jurisdiction, OfficerRole.EVALUATOR, OfficerRole.APPROVER)
    with transaction.atomic():
        moved = notice_close(evaluation_round=evaluation_round, today=today)
        for application_id in moved:
            resume_waiting(application_id, EvaluationFlow.notice)
    return len(moved)


def evaluation_round_announce(*, evaluation_round, by, today=None) -> int:
    """Announce the round's grades (closing the notice first if it ran out) and end every process in it."""

    policy.require_role(by, evaluation_round.jurisdiction, OfficerRole.APPROVER)
    # Closing a notice that has run out is due anyway (the daily command does it), so it stands on its own.
    evaluation_notice_close(evaluation_round=evaluation_round, by=by, today=today)
    with transaction.atomic():
        announced = round_announce(evaluation_round=evaluation_round, by=by, today=today)
        for application_id in announced:
            resume_waiting(application_id, EvaluationFlow.announce)
    return len(announced)
