"""Reads of the review of purchase calls: what an expert sees, each expert's totals, the results table, the
public results; the calls an officer of a purchasing unit reviews."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from registry.choices import OfficerRole
from registry.models import (
    CallKind,
    CallReview,
    CallStatus,
    ConflictDeclaration,
    ExpertScore,
    OfficerAssignment,
    PanelMember,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    ServiceCall,
)
from registry.rules.purchase_scoring import expert_total, has_preliminary, panel_score, trimmed

Status = PurchaseApplicationStatus
# Applications the panel reviews, and after the results those that keep a score and rank.
UNDER_REVIEW = (Status.ELIGIBLE, Status.SCORED, Status.PROPOSED, Status.AWARDED, Status.NOT_AWARDED)
RANKED = (Status.SCORED, Status.PROPOSED, Status.AWARDED, Status.NOT_AWARDED)
# Calls whose results are public: on notice, then awarded.
PUBLISHED = (CallStatus.NOTICE, CallStatus.AWARDED)
RECUSED = "recused"
# ExpertScore.stage of a contest's preliminary round; the review of a call and the final of a contest are "".
PRELIMINARY = "preliminary"


def has_preliminary_round(call: ServiceCall) -> bool:
    """Whether the call is a 公益创投 contest whose panel scores a preliminary before the final."""
    return call.kind == CallKind.VENTURE and has_preliminary(call.rounds.values_list("kind", "advancing"))


def review_stage(call: ServiceCall) -> str:
    """The round the panel scores now: PRELIMINARY until a contest's preliminary results are computed, then ""."""
    if not has_preliminary_round(call):
        return ""
    computed = CallReview.objects.filter(call=call, preliminary_computed_at__isnull=False).exists()
    return "" if computed else PRELIMINARY


def expert_calls(user) -> QuerySet:
    """The calls whose review panel the user sits on as an active expert, and no other."""
    return (
        ServiceCall.objects.filter(panel__expert__user=user, panel__expert__active=True)
        .exclude(status__in=(CallStatus.DRAFT, CallStatus.CANCELLED))
        .select_related("unit")
        .distinct()
    )


def expert_applications(call: ServiceCall) -> QuerySet:
    """The applications of a call that its panel reviews (those past the eligibility check)."""
    return (
        call.applications.filter(status__in=UNDER_REVIEW).select_related("organization").order_by("submitted_at", "id")
    )


def expert_visible_applications(user) -> QuerySet:
    """The applications under review of the calls whose panel the user sits on as an active expert."""
    return PurchaseApplication.objects.filter(
        call__in=expert_calls(user).values("pk"), status__in=UNDER_REVIEW
    ).select_related("call", "organization")


def expert_progress(member: PanelMember, stage: str = "") -> dict[int, str]:
    """For each application the member has worked on in the round `stage`: "recused", "submitted" or "saved"."""
    progress: dict[int, str] = {}
    for application_id, submitted_at in ExpertScore.objects.filter(member=member, stage=stage).values_list(
        "application_id", "submitted_at"
    ):
        if submitted_at is not None:
            progress[application_id] = "submitted"
        else:
            progress.setdefault(application_id, "saved")
    for application_id in ConflictDeclaration.objects.filter(member=member, conflicted=True).values_list(
        "application_id", flat=True
    ):
        progress[application_id] = RECUSED
    return progress


def purchase_officer_calls(user) -> QuerySet:
    """Calls of the purchasing units the user acts for (see registry.services.policy.is_purchase_officer)."""
    calls = ServiceCall.objects.select_related("unit", "unit__jurisdiction")
    if user.is_superuser:
        return calls
    bureaus = OfficerAssignment.objects.filter(user=user).exclude(role=OfficerRole.UNIT).values("jurisdiction_id")
    return calls.filter(
        Q(unit__members__user=user) | Q(unit__kind=PurchaserKind.BUREAU, unit__jurisdiction_id__in=bureaus)
    ).distinct()


@dataclass
class ResultRow:
    application: PurchaseApplication
    totals: list = field(default_factory=list)  # per panel member, in panel order: Decimal, RECUSED or None
    scoring: int = 0
    mean: Decimal | None = None
    trimmed: bool = False
    by_member: list = field(default_factory=list)  # (member, total) pairs, for the table


def submitted_totals(call: ServiceCall, stage: str = "") -> dict[tuple[int, int], Decimal]:
    """Each (member, application)'s total over the call's criteria in round `stage`, from submitted scores only."""
    weights = dict(call.criteria.values_list("id", "weight"))
    sheets: dict[tuple[int, int], list] = {}
    for member_id, application_id, criterion_id, score in ExpertScore.objects.filter(
        member__call=call, submitted_at__isnull=False, stage=stage
    ).values_list("member_id", "application_id", "criterion_id", "score"):
        sheets.setdefault((member_id, application_id), []).append((score, weights[criterion_id]))
    return {key: expert_total(scores) for key, scores in sheets.items()}


def results_table(call: ServiceCall, stage: str = "") -> tuple[list[PanelMember], list[ResultRow]]:
    """The panel and, per application under review, each expert's total, the (trimmed) mean and the rank.

    For a contest's preliminary (`stage` PRELIMINARY) the applications it sent home are listed too, in the
    order of the preliminary; a declared conflict recuses the expert in every round.
    """
    members = list(call.panel.select_related("expert").order_by("expert__name", "id"))
    recused = set(
        ConflictDeclaration.objects.filter(member__call=call, conflicted=True).values_list(
            "member_id", "application_id"
        )
    )
    totals = submitted_totals(call, stage)
    rows = []
    if stage == PRELIMINARY:
        applications = (
            call.applications.filter(status__in=UNDER_REVIEW + (Status.NOT_ADVANCED,))
            .select_related("organization")
            .order_by("preliminary_rank", "submitted_at", "id")
        )
    else:
        applications = expert_applications(call).order_by("rank", "submitted_at", "id")
    for application in applications:
        row = ResultRow(application=application)
        for member in members:
            key = (member.pk, application.pk)
            row.totals.append(RECUSED if key in recused else totals.get(key))
        scored = [total for total in row.totals if isinstance(total, Decimal)]
        row.scoring = len(scored)
        row.mean = panel_score(scored, trim_extremes=call.trim_extremes)
        row.trimmed = trimmed(len(scored), trim_extremes=call.trim_extremes)
        row.by_member = list(zip(members, row.totals, strict=True))
        rows.append(row)
    return members, rows


def public_results(call: ServiceCall) -> QuerySet:
    """The ranked applications of a call whose results are published, best first."""
    return call.applications.filter(status__in=RANKED).select_related("organization").order_by("rank", "id")


def preliminary_results(call: ServiceCall) -> QuerySet:
    """A contest's applications with a preliminary score, in the order of the preliminary (none before it)."""
    return (
        call.applications.filter(preliminary_rank__isnull=False)
        .select_related("organization")
        .order_by("preliminary_rank", "id")
    )
