"""Background tasks of the processes (Celery): opening an inspection season in chunks."""

from celery import shared_task

from registry.background import dispatch
from workflows.flows.annual_inspection.services import annual_processes_start, annual_season_open


@shared_task(name="workflows.open_annual_inspection")
def open_annual_inspection(year: int, batch: int = 500) -> dict:
    """Write the season's reports, then queue one task per chunk of reports to start their processes."""
    return annual_season_open(
        year=year, batch=batch, chunk_runner=lambda chunk: dispatch("workflows.start_annual_processes", chunk)
    )


@shared_task(name="workflows.start_annual_processes")
def start_annual_processes(report_ids: list[int]) -> int:
    """Start the inspection processes of one chunk of reports (those that have none yet)."""
    return annual_processes_start(report_ids=report_ids)
