"""Statistics of penalty cases by bureau, stage and kind, with overdue steps."""

import datetime

from django.utils import timezone

from registry.models import PenaltyCase
from registry.rules.penalties import OPEN_STAGES, CaseStage, PenaltyKind
from workflows.engine.access import visible_jurisdictions


def penalty_statistics(user, *, today: datetime.date | None = None) -> dict:
    """Penalty cases of the user's bureaus: counts by bureau and stage, by bureau and kind, and overdue steps."""
    from django.db.models import Count, Sum

    today = today or timezone.localdate()
    jurisdictions = list(visible_jurisdictions(user).order_by("code"))
    cases = PenaltyCase.objects.filter(organization__jurisdiction__in=jurisdictions)
    stage_counts = {
        (row["organization__jurisdiction_id"], row["stage"]): row["n"]
        for row in cases.values("organization__jurisdiction_id", "stage").annotate(n=Count("id"))
    }
    decided = cases.exclude(decision_number="")
    kind_counts = {
        (row["organization__jurisdiction_id"], row["kind"]): row["n"]
        for row in decided.values("organization__jurisdiction_id", "kind").annotate(n=Count("id"))
    }
    amounts = dict(
        decided.values("organization__jurisdiction_id")
        .annotate(total=Sum("amount_yuan"))
        .values_list("organization__jurisdiction_id", "total")
    )
    by_stage, by_kind = [], []
    for jurisdiction in jurisdictions:
        counts = [stage_counts.get((jurisdiction.pk, stage), 0) for stage in CaseStage.values]
        by_stage.append({"name": jurisdiction.authority_name, "counts": counts, "total": sum(counts)})
        by_kind.append(
            {
                "name": jurisdiction.authority_name,
                "counts": [kind_counts.get((jurisdiction.pk, kind), 0) for kind in PenaltyKind.values],
                "amount": amounts.get(jurisdiction.pk) or 0,
            }
        )
    overdue = list(
        cases.filter(stage__in=OPEN_STAGES, step_due_on__lt=today)
        .select_related("organization__jurisdiction")
        .order_by("step_due_on", "id")[:500]
    )
    for case in overdue:
        case.overdue_days = (today - case.step_due_on).days
    return {
        "stages": CaseStage.choices,
        "kinds": PenaltyKind.choices,
        "by_stage": by_stage,
        "by_kind": by_kind,
        "overdue": overdue,
        "overdue_count": cases.filter(stage__in=OPEN_STAGES, step_due_on__lt=today).count(),
    }
