"""Messages to a person by e-mail or, for mobile-only accounts, by SMS; sent after the change commits.

A failed send is logged and never undoes the change that caused it."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from registry.sms import send_sms

logger = logging.getLogger(__name__)


def send_to_contact(*, email: str, mobile: str, subject: str, body: str) -> None:
    """Queue `body` to `email` if there is one, else as an SMS to `mobile`, for when the transaction commits."""

    def send():
        try:
            if email:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
            elif mobile:
                send_sms(mobile, f"【{settings.SITE_TITLE}】{body}")
        except Exception:  # noqa: BLE001 - a failed message must not undo the change that caused it
            logger.exception("could not send %r", subject)

    transaction.on_commit(send)
