"""Messages to applicants (e-mail, or SMS for mobile-only accounts), sent after the change commits.

A failed send is logged and never undoes the decision."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from registry.services.messaging import send_to_contact

logger = logging.getLogger(__name__)


def contact_of(user) -> tuple[str, str]:
    """(e-mail, mobile) to reach `user`: the account's or profile's e-mail, else the profile's mobile."""
    profile = getattr(user, "applicant_profile", None)
    return user.email or getattr(profile, "email", ""), getattr(profile, "mobile", "")


def notify_applicant(application, *, subject: str, template: str, context: dict | None = None) -> None:
    """Queue a message to the application's applicant (e-mail, or SMS for a mobile-only account) for when the
    current transaction commits."""
    address, mobile = contact_of(application.applicant)
    if not address and not mobile:
        logger.info("application %s: applicant has no e-mail or mobile; notice in the portal only", application.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"application": application, "base_url": settings.PUBLIC_BASE_URL, **(context or {})}
        )
        full_subject = f"[{application.jurisdiction.authority_name}] {subject}"

    send_to_contact(email=address, mobile=mobile, subject=full_subject, body=body)
