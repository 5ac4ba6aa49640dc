"""E-mail to applicants, sent after the change commits; a failed send is logged, never undoes the decision."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from registry.services.messaging import send_to_contact

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

    send_to_contact(email=address, mobile="", subject=full_subject, body=body)
