"""Messages to a person by e-mail or, for mobile-only accounts, by SMS; sent after the change commits.

The message is written to the outbox (`OutboxMessage`) in the same transaction as the change that
causes it; after commit a background task sends it, and the periodic sweep sends whatever is still
unsent (a lost task, a failed send).  A failed send is logged and never undoes the change that caused it.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.background import dispatch
from registry.models import OutboxMessage, TaskRun
from registry.sms import send_sms

logger = logging.getLogger(__name__)

# An unsent message this old is sent by the sweep: its own task was lost or failed.
SWEEP_AFTER = datetime.timedelta(seconds=30)
MAX_ATTEMPTS = 10  # then it stays in the outbox, unsent, with its last error


def send_to_contact(*, email: str, mobile: str, subject: str, body: str) -> None:
    """Queue `body` to `email` if there is one, else as an SMS to `mobile`, for when the transaction commits."""
    if not email and not mobile:
        return
    message = OutboxMessage.objects.create(email=email, mobile=mobile, subject=subject[:300], body=body)
    transaction.on_commit(lambda: dispatch("registry.send_message", message.pk))


def message_send(*, message_id: int) -> bool:
    """Send one outbox message unless it was sent already; return whether it was sent now.

    The row is locked while sending, so two deliveries of the same task never both send it.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return False
        try:
            with transaction.atomic():
                TaskRun.objects.create(kind="message", key=str(message.pk))
        except IntegrityError:
            # Recorded as sent by an earlier delivery whose status update did not commit: do not send again.
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
            return False
        try:
            if message.email:
                send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.email])
            else:
                send_sms(message.mobile, f"【{settings.SITE_TITLE}】{message.body}")
        except Exception as exc:  # noqa: BLE001 - a failed message must not undo the change that caused it
            logger.exception("could not send %r", message.subject)
            transaction.set_rollback(True)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            message.sent_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["sent_at", "attempts"])
            return True
    OutboxMessage.objects.filter(pk=message_id).update(attempts=message.attempts + 1, last_error=error)
    return False


def unsent_message_ids(*, now=None, limit: int = 500) -> list[int]:
    """Messages still unsent a while after they were written, oldest first."""
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=now - SWEEP_AFTER, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
