"""Where the applicant's actions meet the workflow engine: submit starts a process, resubmit resumes it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import ApplicationStatus, RegistrationApplication
from registry.services.applications import application_submit, application_withdraw


def registration_submit(*, application: RegistrationApplication, by, declared: bool) -> RegistrationApplication:
    """Submit (or resubmit after corrections) and move the registration process on, all or nothing."""
    from workflows.flows.registration import RegistrationFlow

    with transaction.atomic():
        current = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
        first_time = current.status == ApplicationStatus.DRAFT
        submitted = application_submit(application=application, by=by, declared=declared)
        if first_time:
            RegistrationFlow.start.run(application=submitted)
        else:
            _resume_waiting(
                "application",
                submitted,
                RegistrationFlow.correct_before_acceptance,
                RegistrationFlow.correct_during_review,
            )
    return submitted


def officer_task_complete(*, task: Task, by, decide, link: str = "application") -> None:
    """Claim (if free) and complete an officer's task outside a browser, e.g. from a command or a benchmark.

    `decide(subject)` calls the registry service of the step on the process's domain object (its
    `link`: application, evaluation...); the same permission checks as the task views apply, and the
    process row is locked while the step runs.
    """
    from workflows.models import BureauProcess

    node = task.flow_task
    with node.flow_class.lock(task.process_id), transaction.atomic():
        task.refresh_from_db()
        activation = node.activation_class(task)
        if task.status == STATUS.NEW:
            if not node.can_assign(by, task):
                raise PermissionDenied(f"{by} cannot take task {task.pk}")
            activation.assign(by)
        if not node.can_execute(by, task):
            raise PermissionDenied(f"{by} cannot complete task {task.pk}")
        activation.start(None)
        decide(getattr(BureauProcess.objects.get(pk=task.process_id), link))
        activation.execute()


def registration_withdraw(*, application: RegistrationApplication, by, reason: str = "") -> RegistrationApplication:
    """Withdraw the application and cancel its open process, so no officer keeps a task for it."""
    from workflows.models import BureauProcess

    with transaction.atomic():
        withdrawn = application_withdraw(application=application, by=by, reason=reason)
        for process in BureauProcess.objects.filter(application=withdrawn, finished__isnull=True):
            _cancel_process(process)
    return withdrawn


def dormancy_case_start(*, case, by):
    """Open a cleanup case: publish its notice and start the cleanup process, all or nothing."""
    from registry.services.dormancy import dormancy_case_open
    from workflows.flows.dormancy import DormancyFlow

    if not by.is_superuser and not by.has_perm("registry.role_inspector", case.organization.jurisdiction):
        raise PermissionDenied("not an inspector of this jurisdiction")
    with transaction.atomic():
        opened = dormancy_case_open(case=case, by=by)
        DormancyFlow.start.run(case=opened)
    return opened


def penalty_process_start(sender, *, case, **kwargs):
    """Start the penalty process of a case just filed (in the filing's transaction)."""
    from workflows.flows.penalty import PenaltyFlow

    PenaltyFlow.start.run(case=case)


def cleanup_cases_end_with_deregistration(*, organization) -> int:
    """An organization under cleanup deregistered itself: its open cases end, their processes are cancelled."""
    from registry.models import DormancyCase, DormancyStatus
    from registry.models.dormancy import OPEN_STATUSES
    from workflows.models import BureauProcess

    ended = 0
    with transaction.atomic():
        for case in DormancyCase.objects.select_for_update().filter(
            organization=organization, status__in=OPEN_STATUSES
        ):
            for process in BureauProcess.objects.filter(dormancy_case=case, finished__isnull=True):
                _cancel_process(process)
            case.status = DormancyStatus.DEREGISTERED
            case.decided_on = timezone.localdate()
            case.decision = _("组织已申请注销登记。")
            case.save(update_fields=["status", "decided_on", "decision"])
            ended += 1
    return ended


def _cancel_process(process) -> None:
    """Viewflow's own cancel: under the flow's lock, every open task cancelled, the process marked cancelled."""
    process.flow_class.instance.cancel(process)


def annual_season_open(*, year: int, progress=None, batch: int = 500, chunk_runner=None) -> dict:
    """Open the inspection season: a report for everyone who must report, each with its process (idempotent).

    The processes start in chunks of `batch` reports, each chunk in its own transaction; `chunk_runner`
    (e.g. one that queues a background task per chunk) runs them, by default here one after another.
    """
    from registry.models import AnnualReport
    from registry.services.annual import season_open

    created = season_open(year=year)
    pending = list(
        AnnualReport.objects.filter(year=year, processes__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        if chunk_runner:
            chunk_runner(chunk)
        else:
            annual_processes_start(report_ids=chunk)
        if progress:
            progress(len(chunk))
    return {"reports": created, "processes": len(pending)}


def annual_processes_start(*, report_ids: list[int]) -> int:
    """Start the inspection process of each of these reports that has none yet; return how many started.

    The reports are locked first, so two deliveries of the same chunk never start a process twice.
    """
    from registry.models import AnnualReport
    from workflows.flows.annual_inspection import AnnualInspectionFlow

    with transaction.atomic():
        locked = list(
            AnnualReport.objects.select_for_update(of=("self",)).filter(pk__in=report_ids).values_list("pk", flat=True)
        )
        reports = AnnualReport.objects.filter(pk__in=locked, processes__isnull=True).select_related(
            "organization__jurisdiction"
        )
        started = 0
        for report in reports:
            AnnualInspectionFlow.start.run(report=report)
            started += 1
    return started


def _resume_waiting(link: str, subject, *nodes) -> None:
    """Run the open task, at one of `nodes`, of the process whose `link` (application, annual_report...) is `subject`.

    `subject` may be the object or its primary key.
    """
    task = Task.objects.select_related("process").get(
        **{f"process__bureauprocess__{link}": subject}, flow_task__in=list(nodes), status=STATUS.NEW
    )
    task.flow_task.run(task)


def annual_report_submit(*, report, by):
    """Submit the annual report and move its inspection process on."""
    from registry.services.annual import report_submit
    from workflows.flows.annual_inspection import AnnualInspectionFlow

    with transaction.atomic():
        submitted = report_submit(report=report, by=by)
        _resume_waiting("annual_report", submitted, AnnualInspectionFlow.submit)
    return submitted


def annual_rectification_submit(*, report, by, text: str):
    """Report the rectification and pass it to the inspector for checking."""
    from registry.services.annual import rectification_report
    from workflows.flows.annual_inspection import AnnualInspectionFlow

    with transaction.atomic():
        reported = rectification_report(report=report, by=by, text=text)
        _resume_waiting("annual_report", reported, AnnualInspectionFlow.rectify)
    return reported


def evaluation_start(*, application, by):
    """Apply for evaluation with the completed self-assessment and start its process, all or nothing."""
    from registry.services.evaluation import evaluation_submit
    from workflows.flows.evaluation import EvaluationFlow

    with transaction.atomic():
        submitted = evaluation_submit(application=application, by=by)
        EvaluationFlow.start.run(evaluation=submitted)
    return submitted


def evaluation_scores_submit(*, application, by):
    """The team leader submits the scores; the process moves on to the evaluation committee."""
    from registry.services.evaluation import team_scores_submit
    from workflows.flows.evaluation import EvaluationFlow

    with transaction.atomic():
        scored = team_scores_submit(application=application, by=by)
        _resume_waiting("evaluation", scored, EvaluationFlow.scoring)
    return scored


def evaluation_notice_close(*, evaluation_round, today=None) -> int:
    """End the public notice once it has run: objected grades go to review, the others wait for the announcement."""
    from registry.services.evaluation import notice_close
    from workflows.flows.evaluation import EvaluationFlow

    with transaction.atomic():
        moved = notice_close(evaluation_round=evaluation_round, today=today)
        for application_id in moved:
            _resume_waiting("evaluation", application_id, EvaluationFlow.notice)
    return len(moved)


def evaluation_round_announce(*, evaluation_round, by, today=None) -> int:
    """Announce the round's grades (closing the notice first if it ran out) and end every process in it."""
    from registry.services.evaluation import round_announce
    from workflows.flows.evaluation import EvaluationFlow

    # Closing a notice that has run out is due anyway (the daily command does it), so it stands on its own.
    evaluation_notice_close(evaluation_round=evaluation_round, today=today)
    with transaction.atomic():
        announced = round_announce(evaluation_round=evaluation_round, by=by, today=today)
        for application_id in announced:
            _resume_waiting("evaluation", application_id, EvaluationFlow.announce)
    return len(announced)
