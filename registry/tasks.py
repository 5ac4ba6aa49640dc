"""Background tasks of the register (Celery).

Each task is idempotent: its input is the id of a row in a database outbox (index queue, message
outbox, certificate without a file), and it does nothing when that row is done already.  The periodic
tasks (beat) sweep the outboxes, so a task lost with a worker or a broker is caught up.
"""

import logging

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from registry.services.certificates import render_pending
from registry.services.messaging import message_send, unsent_message_ids
from registry.services.search_queue import drain_index_queue as drain
from registry.services.webhooks import webhook_deliver, webhooks_due

logger = logging.getLogger(__name__)


@shared_task(name="registry.index_organizations")
def index_organizations(organization_ids: list[int]) -> dict:
    """Send the queued index updates of these organizations (failures stay queued with backoff)."""
    return drain(organization_ids=organization_ids)


@shared_task(name="registry.drain_index_queue")
def drain_index_queue() -> dict:
    """Send every due index update: catches up failed sends and lost tasks."""
    total = {"done": 0, "failed": 0}
    while True:
        result = drain(limit=500)
        total = {key: total[key] + result[key] for key in total}
        if result["done"] < 500:
            return total


@shared_task(name="registry.send_message")
def send_message(message_id: int) -> bool:
    """Send one outbox message (once)."""
    return message_send(message_id=message_id)


@shared_task(name="registry.send_unsent_messages")
def send_unsent_messages() -> int:
    """Send the messages whose own task was lost or failed."""
    return sum(message_send(message_id=pk) for pk in unsent_message_ids())


@shared_task(name="registry.render_certificates")
def render_certificates(certificate_ids: list[int] | None = None) -> dict:
    """Render certificates that have no file yet (all pending ones when no ids are given)."""
    return render_pending(certificate_ids=certificate_ids)


# The daily sweeps: management commands, each safe to re-run.
SWEEP_COMMANDS = {
    "credit_sweep": [],
    "sweep_dormant": [],
    "annual_inspection_reminders": [],
    "annual_inspection_overdue": [],
    "evaluation_notices_close": [],
    "evaluation_grades_lapse": [],
    "export_open_data": [],
    "changes_purge": [],
    "audit_anchor": [],
    "purge_security_logs": [],
}


@shared_task(name="registry.run_sweep")
def run_sweep(command: str) -> None:
    """Run one daily sweep (a management command that is safe to re-run)."""
    if command not in SWEEP_COMMANDS:
        raise ValueError(f"not a sweep: {command}")
    if command == "annual_inspection_overdue":
        # Past each deadline: the reports of last year.
        call_command(command, year=timezone.localdate().year - 1)
        return
    call_command(command, *SWEEP_COMMANDS[command])


@shared_task(name="registry.deliver_webhook", bind=True, max_retries=None)
def deliver_webhook(self, subscription_id: int) -> str:
    """Deliver one subscription's waiting events; a failure is retried with exponential backoff until it pauses."""
    outcome = webhook_deliver(subscription_id=subscription_id)
    if outcome.status == "failed" and not self.request.called_directly:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="registry.deliver_webhooks")
def deliver_webhooks() -> int:
    """Start a delivery for every active subscription that is due (new events are found by the delivery)."""
    due = webhooks_due()
    for subscription_id in due:
        deliver_webhook.delay(subscription_id)
    return len(due)
