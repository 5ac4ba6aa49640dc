"""Opening the inspection season and moving each report's process on when the organization reports."""

from django.db import transaction

from registry.models import AnnualReport
from registry.services import policy
from registry.services.annual import (
    NOT_REPRESENTATIVE,
    rectification_report,
    report_save,
    report_submit,
    season_open,
)
from workflows.engine.runner import resume_waiting
from workflows.flows.annual_inspection import AnnualInspectionFlow


def annual_season_open(*, year: int, progress=None, batch: int = 500, chunk_runner=None) -> dict:
    """Open the inspection season: a report for everyone who must report, each with its process (idempotent).

    The processes start in chunks of `batch` reports, each chunk in its own transaction; `chunk_runner`
    (e.g. one that queues a background task per chunk) runs them, by default here one after another.
    Run by the system only (the yearly command and its background task), for no user.
    """

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
    Run by the system only (a chunk of the season's opening), for no user.
    """

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


def annual_report_submit(*, report, by, figures: dict | None = None):
    """Submit the annual report and move its inspection process on.

    `figures` are the report's contents as the representative confirmed them: they are saved and submitted
    together, so what was on the screen is what is sent; a refusal keeps the draft as it was.
    """

    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        if figures is not None:
            report = report_save(report=report, by=by, **figures)
        submitted = report_submit(report=report, by=by)
        resume_waiting(submitted, AnnualInspectionFlow.submit)
    return submitted


def annual_rectification_submit(*, report, by, text: str):
    """Report the rectification and pass it to the inspector for checking."""

    policy.require_representative(by, report.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        reported = rectification_report(report=report, by=by, text=text)
        resume_waiting(reported, AnnualInspectionFlow.rectify)
    return reported
