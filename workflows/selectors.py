"""Reads for the officers' inbox and the applicant's timeline."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.deadlines import working_days_between
from registry.models import ApplicationEvent, OfficerAssignment, RegistrationApplication
from registry.selectors import work_calendar


def flows():
    """Every flow whose officer tasks appear in the inbox."""
    from workflows.flows.annual_inspection import AnnualInspectionFlow
    from workflows.flows.dormancy import DormancyFlow
    from workflows.flows.evaluation import EvaluationFlow
    from workflows.flows.penalty import PenaltyFlow
    from workflows.flows.registration import RegistrationFlow

    return [RegistrationFlow, DormancyFlow, AnnualInspectionFlow, EvaluationFlow, PenaltyFlow]


def officer_nodes():
    from workflows.nodes import OfficerTask

    return [node for flow_class in flows() for node in flow_class.instance.nodes() if isinstance(node, OfficerTask)]


def can_see_process(user, process=None) -> bool:
    """Officers see the processes of the jurisdictions they work for, and no other."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    assignments = OfficerAssignment.objects.filter(user=user)
    if process is None:
        return assignments.exists()
    from workflows.nodes import process_jurisdiction

    return assignments.filter(jurisdiction=process_jurisdiction(process)).exists()


def visible_processes(user, queryset: QuerySet) -> QuerySet:
    """Restrict processes to the officer's jurisdictions."""
    if user.is_superuser:
        return queryset
    from workflows.models import BureauProcess

    jurisdictions = OfficerAssignment.objects.filter(user=user).values("jurisdiction_id")
    if issubclass(queryset.model, BureauProcess):
        return queryset.filter(jurisdiction__in=jurisdictions)
    return queryset.filter(bureauprocess__jurisdiction__in=jurisdictions)


def _due_expression():
    whens = [When(flow_task=node, then=F(f"process__bureauprocess__{node.due}")) for node in officer_nodes()]
    return Case(*whens, default=Value(None), output_field=DateField())


def officer_tasks(user) -> QuerySet:
    """Tasks the officer may claim (their role, their jurisdiction) and tasks they hold; overdue first."""
    claimable = Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN").user_queue(user)
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    return (
        Task.objects.filter(Q(pk__in=claimable.values("pk")) | mine)
        .annotate(due_on=_due_expression())
        .select_related(
            "process__bureauprocess__application__jurisdiction",
            "process__bureauprocess__dormancy_case__organization",
            "process__bureauprocess__annual_report__organization",
            "process__bureauprocess__evaluation__organization",
            "process__bureauprocess__evaluation__round",
            "process__bureauprocess__penalty_case__organization",
            "process__bureauprocess__jurisdiction",
            "owner",
        )
        .order_by(F("due_on").asc(nulls_last=True), "created")
    )


@dataclass
class Due:
    """A deadline and the working days left until it (negative when overdue)."""

    on: datetime.date | None
    days_left: int | None
    stopped: bool = False

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.stopped


def dues(dates: list[datetime.date | None], *, today: datetime.date | None = None) -> list[Due]:
    """Working days left for each date, counted on one calendar loaded once."""
    today = today or timezone.localdate()
    known = [d for d in dates if d]
    if not known:
        return [Due(None, None) for _ in dates]
    calendar = work_calendar(min([today, *known]).year, max([today, *known]).year)
    return [Due(d, working_days_between(today, d, calendar) if d else None) for d in dates]


@dataclass
class TimelineStep:
    title: str
    holder: str
    started: datetime.datetime
    finished: datetime.datetime | None
    due: Due | None


# Routing nodes decide where a process goes next; they are no step anyone takes, so timelines leave them out.
GATEWAY_TASK_TYPES = ("SWITCH", "EXCLUSIVE_GATEWAY", "PARALLEL_GATEWAY", "JOIN", "END")


def application_timeline(application: RegistrationApplication) -> list[TimelineStep]:
    """Every step of the application's processes: what, which role holds it, when it began and is due."""
    from workflows.nodes import OfficerTask

    tasks = list(
        Task.objects.filter(process__bureauprocess__application=application)
        .exclude(flow_task_type__in=GATEWAY_TASK_TYPES)
        .order_by("created", "pk")
    )
    stopped = application.clock_stopped_on is not None
    steps, dates = [], []
    for task in tasks:
        node = task.flow_task
        if isinstance(node, OfficerTask):
            holder = str(node.role.label)
            due_on = node.due_on(application)
        else:
            holder, due_on = _("申请人"), None
        steps.append(TimelineStep(str(node.task_title), holder, task.created, task.finished, None))
        dates.append(due_on)
    for step, due in zip(steps, dues(dates), strict=True):
        if due.on:
            due.stopped = stopped
            if step.finished is not None:
                due.days_left = None  # a finished step shows its deadline, not time left
            step.due = due
    return steps


def public_events(application: RegistrationApplication) -> QuerySet:
    """Decisions the applicant sees: what, when, the stated reason; never officers' names or internal notes."""
    return application.events.exclude(action=ApplicationEvent.Action.RATED).only(
        "at", "action", "reason", "items", "role"
    )


def dormancy_candidates(user) -> QuerySet:
    """Candidate cases in the jurisdictions where the user is an inspector (年检监管岗), oldest first."""
    from registry.models import DormancyCase, DormancyStatus

    cases = DormancyCase.objects.filter(status=DormancyStatus.CANDIDATE).select_related("organization__jurisdiction")
    if not user.is_superuser:
        jurisdictions = OfficerAssignment.objects.filter(user=user, role="inspector").values("jurisdiction_id")
        cases = cases.filter(organization__jurisdiction__in=jurisdictions)
    return cases.order_by("found_on", "id")


def inspection_progress(user, year: int) -> list[dict]:
    """Per jurisdiction of the officer: reports due, submitted, reviewed, passed, basically passed, failed, missing."""
    from django.db.models import Count, Q

    from registry.models import AnnualReport, Jurisdiction

    jurisdictions = Jurisdiction.objects.all()
    if not user.is_superuser:
        jurisdictions = jurisdictions.filter(officers__user=user).distinct()
    rows = (
        AnnualReport.objects.filter(year=year, organization__jurisdiction__in=jurisdictions)
        .values("organization__jurisdiction__code", "organization__jurisdiction__name")
        .annotate(
            due=Count("id"),
            submitted=Count("id", filter=Q(submitted_at__isnull=False)),
            reviewed=Count("id", filter=~Q(result="")),
            passed=Count("id", filter=Q(result="passed")),
            basic=Count("id", filter=Q(result="basic")),
            failed=Count("id", filter=Q(result="failed")),
            missing=Count("id", filter=Q(submitted_at__isnull=True, deadline__lt=timezone.localdate())),
        )
        .order_by("organization__jurisdiction__code")
    )
    return [
        {
            "code": row["organization__jurisdiction__code"],
            "name": row["organization__jurisdiction__name"],
            **{k: row[k] for k in ("due", "submitted", "reviewed", "passed", "basic", "failed", "missing")},
            "submitted_pct": round(100 * row["submitted"] / row["due"]) if row["due"] else 0,
        }
        for row in rows
    ]


def visible_jurisdictions(user, *, roles=None, below: bool = True) -> QuerySet:
    """The jurisdictions where the user works (in one of `roles`, or any), and with `below` those under them.

    A city bureau's officers see the district bureaus under it; a district's officers only their own.
    """
    from registry.models import Jurisdiction

    if user.is_superuser:
        return Jurisdiction.objects.all()
    assignments = OfficerAssignment.objects.filter(user=user)
    if roles is not None:
        assignments = assignments.filter(role__in=roles)
    ids = set(assignments.values_list("jurisdiction_id", flat=True))
    frontier = ids
    while below and frontier:
        frontier = set(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return Jurisdiction.objects.filter(pk__in=ids)


def penalty_statistics(user, *, today: datetime.date | None = None) -> dict:
    """Penalty cases of the user's bureaus: counts by bureau and stage, by bureau and kind, and overdue steps."""
    from django.db.models import Count, Sum

    from registry.models import PenaltyCase
    from registry.penalties import OPEN_STAGES, CaseStage, PenaltyKind

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
