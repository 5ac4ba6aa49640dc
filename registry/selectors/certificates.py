"""Reads of certificates: the certificate a QR token names, and what verifying it shows the public."""

import datetime

from django.core import signing

from registry.choices import OrgStatus
from registry.models import Certificate, CertificateStatus

SIGNER_SALT = "registry.certificate"


def certificate_for_token(value: str) -> Certificate | None:
    """Return the certificate a signed token names, or None if the token is forged or unknown."""
    try:
        token = signing.Signer(salt=SIGNER_SALT).unsign(value)
    except signing.BadSignature:
        return None
    return Certificate.objects.select_related("organization__jurisdiction").filter(token=token).first()


def verification_state(certificate: Certificate, *, today: datetime.date) -> str:
    """Whether a certificate is genuine and current: valid, superseded, revoked, voided, deregistered or expired."""
    organization = certificate.organization
    if organization.status == OrgStatus.REVOKED:
        return "org_revoked"
    if organization.status == OrgStatus.DEREGISTERED:
        return "org_deregistered"
    if certificate.status == CertificateStatus.SUPERSEDED:
        return "superseded"
    if certificate.status == CertificateStatus.REVOKED:
        return "revoked"
    if certificate.status == CertificateStatus.VOIDED:
        return "voided"
    if certificate.valid_until < today:
        return "expired"
    return "valid"


def certificate_for_document(*, number: str, file_sha256: str) -> Certificate | None:
    """The certificate an uploaded PDF names by its number: the copy whose stored file it is, else the first copy."""
    if not number:
        return None
    copies = list(Certificate.objects.select_related("organization__jurisdiction").filter(number=number))
    exact = [c for c in copies if c.file_sha256 and c.file_sha256 == file_sha256]
    return (exact or copies or [None])[0]
