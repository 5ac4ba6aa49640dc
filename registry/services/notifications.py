"""E-mail to applicants, sent after the change commits; a failed send is logged, never undoes the decision."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def notify_applicant(application, *, subject: str, template: str, context: dict | None = None) -> None:
    """Queue an e-mail to the application's applicant for when the current transaction commits."""
    address = application.applicant.email or getattr(
        getattr(application.applicant, "applicant_profile", None), "email", ""
    )
    if not address:
        logger.info("application %s: applicant has no e-mail address; notice shown in the portal only", application.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"application": application, "base_url": settings.PUBLIC_BASE_URL, **(context or {})}
        )
        full_subject = f"[{application.jurisdiction.authority_name}] {subject}"

    def send():
        try:
            send_mail(full_subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # noqa: BLE001 - the mail server's failure must not undo a registry decision
            logger.exception("application %s: could not send e-mail %r", application.pk, full_subject)

    transaction.on_commit(send)
