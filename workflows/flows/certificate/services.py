"""Where the organization meets the certificate process: its application starts it."""

from django.db import transaction

from registry.models import CertificateApplication
from registry.services.certificate_applications import certificate_application_submit
from workflows.flows.certificate import CertificateServiceFlow


def certificate_service_apply(**fields) -> CertificateApplication:
    """Submit a renewal or replacement application and start its process, all or nothing."""

    with transaction.atomic():
        application = certificate_application_submit(**fields)
        CertificateServiceFlow.start.run(application=application)
    return application
