"""Reads of evaluation: may an organization apply in a round; which applications an evaluator was given."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from registry.models import (
    DormancyCase,
    EvaluationApplication,
    EvaluationRound,
    Organization,
)
from registry.models.dormancy import OPEN_STATUSES
from registry.rules.credit import CreditList, CreditReason
from registry.rules.display import local_date
from registry.rules.evaluation import eligibility_problems, reevaluation_problems
from registry.rules.penalties import is_suspended


def eligibility_of(*, organization: Organization, evaluation_round: EvaluationRound, on: datetime.date) -> list[str]:
    """Why `organization` may not apply in `evaluation_round` on `on`; empty when it may."""
    conf = settings.REGISTRY
    problems = []
    if organization.jurisdiction_id != evaluation_round.jurisdiction_id:
        problems.append(
            _("本轮评估由%(name)s组织，只接受其登记的社会组织申请。") % {"name": evaluation_round.jurisdiction}
        )
    if not evaluation_round.apply_from <= on <= evaluation_round.apply_until:
        problems.append(
            _("本轮评估的申请时间为 %(start)s 至 %(end)s。")
            % {"start": local_date(evaluation_round.apply_from), "end": local_date(evaluation_round.apply_until)}
        )
    problems += eligibility_problems(
        org_type=organization.org_type,
        round_types=[table.org_type for table in evaluation_round.tables.all()],
        status=organization.status,
        founded_on=organization.founded_on,
        applied_on=on,
        min_years=conf["EVALUATION_MIN_YEARS"],
        on_dishonest_list=organization.on_dishonest_list,
        on_abnormal_list=organization.on_abnormal_list,
        exclude_abnormal=conf["EVALUATION_EXCLUDE_ABNORMAL"],
        last_inspection_result=organization.last_inspection_result,
        exclude_failed_inspection=conf["EVALUATION_EXCLUDE_FAILED_INSPECTION"],
        under_cleanup=DormancyCase.objects.filter(organization=organization, status__in=OPEN_STATUSES).exists(),
        rules=evaluation_round.rules,
        only_light_penalties=not organization.credit_entries.filter(
            credit_list=CreditList.ABNORMAL, removed_on__isnull=True
        )
        .exclude(reason_code=CreditReason.SMALL_PENALTY)
        .exists(),
        suspended=is_suspended(organization.suspended_until, today=on),
    )
    problems += reevaluation_problems(
        grade=organization.grade,
        grade_expires_on=organization.grade_expires_on,
        applied_on=on,
        rules=evaluation_round.rules,
        years=conf["GRADE_VALIDITY_YEARS"],
    )
    return problems


def assigned_applications(user):
    """The applications a third-party evaluator may see: those of the teams they are on, and no other."""
    return EvaluationApplication.objects.filter(team__evaluator__user=user).select_related(
        "organization", "round", "table"
    )
