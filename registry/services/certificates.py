"""Issue, render, supersede and void certificates; verify them by their signed token.

A certificate is an immutable record: its number, the snapshot of what it certifies, its dates and
token are fixed at issue, and the hash of its PDF once rendered.  Rendering runs after the issuing
transaction commits; if it fails the record stands, the error is kept for staff, and
`manage.py render_certificates --pending` retries.
"""

import datetime
import hashlib
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from registry import signing as seals
from registry.background import dispatch
from registry.choices import OfficerRole, OrgStatus
from registry.models import (
    Certificate,
    CertificateCopy,
    CertificateKind,
    CertificateStatus,
    Organization,
    SignatureState,
)
from registry.rendering import certificate_title, qr_data_uri, render_certificate_pdf, seal_svg, without_orphan
from registry.rules.deadlines import add_years
from registry.rules.funds import funds_label
from registry.selectors.certificates import SIGNER_SALT
from registry.services import policy
from registry.services.codes import reserve_serials

logger = logging.getLogger(__name__)


# The certificate layout a snapshot is rendered with. A certificate issued under an earlier layout re-renders
# with it, byte for byte, so its stored hash still verifies. 2: the seal above the authority's name, no
# one-character last line in the business scope.
CERTIFICATE_LAYOUT = 2


def date_text(day: datetime.date) -> str:
    """A date as printed on certificates: 2026年11月24日."""
    return f"{day.year}年{day.month}月{day.day}日"


def organization_snapshot(organization: Organization) -> dict:
    """What a certificate certifies, frozen as plain values (in Chinese, whatever the officer's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _snapshot(organization)


def _snapshot(organization: Organization) -> dict:
    jurisdiction = organization.jurisdiction
    grade = organization.grade or ""
    return {
        "uscc": organization.uscc,
        "name": organization.name,
        "org_type": organization.org_type,
        "org_type_label": str(organization.get_org_type_display()),
        "domicile": organization.domicile,
        "legal_rep_name": organization.legal_rep_name,
        "business_scope": organization.business_scope,
        "registration_basis": str(organization.registration_basis),
        "activity_area": organization.activity_area,
        "registered_funds": str(organization.registered_funds),
        "registered_funds_text": f"{organization.registered_funds:,.2f}元",
        "funds_label": funds_label(organization.org_type),
        "basis_label": "登记方式" if organization.direct_category else "业务主管单位",
        "authority_name": jurisdiction.authority_name,
        "jurisdiction_code": jurisdiction.code,
        "founded_on": organization.founded_on.isoformat() if organization.founded_on else None,
        "grade": grade,
        "grade_stars": "A" * int(grade[0]) if grade else "",
        "layout": CERTIFICATE_LAYOUT,
    }


def signed_token(certificate: Certificate) -> str:
    """The token printed in the QR code: the certificate's random token, signed with the site key."""
    return signing.Signer(salt=SIGNER_SALT).sign(certificate.token)


def verification_url(certificate: Certificate) -> str:
    """The absolute public address that verifies `certificate`."""
    return settings.PUBLIC_BASE_URL + reverse("certificate_verify", args=[signed_token(certificate)])


def _next_number(jurisdiction_code: str, year: int) -> str:
    (serial,) = reserve_serials(count=1, name=f"certificate-{jurisdiction_code}-{year}")
    return f"{jurisdiction_code}{year}{serial + 1:06d}"


def _supersede(organization: Organization, kind: str, replacement: Certificate) -> int:
    return (
        Certificate.objects.filter(organization=organization, kind=kind, status=CertificateStatus.VALID)
        .exclude(number=replacement.number)
        .update(
            status=CertificateStatus.SUPERSEDED,
            superseded_by=replacement,
            status_reason="换发新证",
            status_changed_at=timezone.now(),
        )
    )


def issue_registration_certificates(
    *, organization: Organization, by=None, issued_on: datetime.date | None = None
) -> list[Certificate]:
    """Issue the 正本 and 副本 of the registration certificate; earlier ones are superseded.

    The window officer issues (发证); `by=None` is the system (the demo register).
    """
    policy.require_role_or_system(by, organization.jurisdiction, OfficerRole.WINDOW)
    if organization.status != OrgStatus.NORMAL or not organization.uscc:
        raise ValueError("only a registered organization with a code gets a registration certificate")
    issued_on = issued_on or timezone.localdate()
    valid_until = add_years(issued_on, settings.REGISTRY["CERTIFICATE_VALIDITY_YEARS"]) - datetime.timedelta(days=1)
    return _issue(
        organization,
        CertificateKind.REGISTRATION,
        [CertificateCopy.ORIGINAL, CertificateCopy.DUPLICATE],
        issued_on,
        valid_until,
        by,
    )


def issue_grade_certificate(
    *, organization: Organization, by=None, issued_on: datetime.date | None = None
) -> Certificate:
    """Issue the evaluation grade certificate for the organization's current grade.

    The section head who announces or changes the grade issues it, or the bureau's head whose penalty decision
    lowered it; `by=None` is the system (the demo register).
    """
    policy.require_role_or_system(by, organization.jurisdiction, OfficerRole.APPROVER, OfficerRole.HEAD)
    if not organization.grade or not organization.grade_expires_on:
        raise ValueError("the organization has no current grade")
    issued_on = issued_on or timezone.localdate()
    (certificate,) = _issue(
        organization, CertificateKind.GRADE, [CertificateCopy.ORIGINAL], issued_on, organization.grade_expires_on, by
    )
    return certificate


def _issue(organization, kind, copies, issued_on, valid_until, by) -> list[Certificate]:
    snapshot = organization_snapshot(organization)
    with transaction.atomic():
        number = _next_number(organization.jurisdiction.code, issued_on.year)
        certificates = [
            Certificate.objects.create(
                number=number,
                organization=organization,
                kind=kind,
                copy=copy,
                snapshot=snapshot,
                issued_on=issued_on,
                valid_until=valid_until,
                token=secrets.token_hex(16),
                issued_by=by,
            )
            for copy in copies
        ]
        _supersede(organization, kind, certificates[0])
        ids = [c.pk for c in certificates]
        transaction.on_commit(lambda: dispatch("registry.render_certificates", ids))
    return certificates


def void_certificates(*, organization: Organization, reason: str, kind: str | None = None) -> int:
    """Void the valid certificates of an organization, or only those of `kind` (a withdrawn or lapsed grade).

    A step of deregistration, revocation and grade changes, run inside those services after they asked the
    permission policy (or by the daily grade lapse): it takes no acting user.
    """
    valid = Certificate.objects.filter(organization=organization, status=CertificateStatus.VALID)
    if kind is not None:
        valid = valid.filter(kind=kind)
    return valid.update(status=CertificateStatus.REVOKED, status_reason=reason[:200], status_changed_at=timezone.now())


def certificate_context(certificate: Certificate) -> dict:
    """Everything a certificate template shows."""
    snapshot = certificate.snapshot
    url = verification_url(certificate)
    if snapshot.get("layout", 1) >= 2:
        scope_head, scope_tail = without_orphan(snapshot["business_scope"])
    else:
        scope_head, scope_tail = snapshot["business_scope"], ""
    return {
        "kind": "grade" if certificate.kind == CertificateKind.GRADE else "registration",
        "title": certificate_title(
            "grade" if certificate.kind == CertificateKind.GRADE else "registration", snapshot["org_type"]
        ),
        "copy": certificate.copy,
        "copy_label": "正本" if certificate.copy == CertificateCopy.ORIGINAL else "副本",
        "number": certificate.number,
        "s": snapshot,
        "issued_on_text": date_text(certificate.issued_on),
        "valid_until_text": date_text(certificate.valid_until),
        "verify_url": url,
        "qr": qr_data_uri(url),
        "seal": seal_svg(snapshot["authority_name"]),
        "scope_head": scope_head,
        "scope_tail": scope_tail,
    }


def certificate_path(certificate: Certificate) -> Path:
    """Where the certificate's PDF is stored (outside the web root)."""
    return Path(settings.CERTIFICATE_ROOT) / str(certificate.issued_on.year) / f"{certificate.token}.pdf"


def render_certificate(certificate: Certificate) -> bytes:
    """Render the PDF from the frozen snapshot, sign it with the bureau's seal, store it and record its hash once.

    A stored file is checked instead: its hash, and that it begins with the fresh rendering (the signature is an
    incremental update after it). A lost file is rendered again; a lost signed one is signed anew. When the
    bureau's key is unavailable the certificate is marked 签章待生成 and seals.SigningUnavailable is raised, so the
    retry (`render_pending`) signs it later. Run by the system only, for no user.
    """
    rendered, box = render_certificate_pdf(certificate_context(certificate))
    path = certificate_path(certificate)
    if certificate.file_sha256 and path.exists():
        stored = path.read_bytes()
        if hashlib.sha256(stored).hexdigest() != certificate.file_sha256 or not stored.startswith(rendered):
            raise ValueError(f"re-rendered certificate {certificate.number} differs from the issued file")
        return stored
    if certificate.file_sha256 and not certificate.signature:
        # Rendered before documents were sealed: the file is the rendering itself, byte for byte.
        if hashlib.sha256(rendered).hexdigest() != certificate.file_sha256:
            raise ValueError(f"re-rendered certificate {certificate.number} differs from the issued file")
        _store(path, rendered)
        return rendered
    try:
        pdf = seals.sign_pdf(
            rendered,
            jurisdiction_code=certificate.snapshot["jurisdiction_code"],
            box=box,
            reason=seals.document_reason(certificate_context_title(certificate), certificate.number),
            location=certificate.snapshot["authority_name"],
        )
    except seals.SigningUnavailable:
        Certificate.objects.filter(pk=certificate.pk).update(signature=SignatureState.PENDING)
        certificate.signature = SignatureState.PENDING
        raise
    _store(path, pdf)
    state = SignatureState.SIGNED if seals.enabled() else SignatureState.UNSIGNED
    fields = {
        "file_name": str(path.relative_to(settings.CERTIFICATE_ROOT)),
        "file_sha256": hashlib.sha256(pdf).hexdigest(),
        "render_error": "",
        "signature": state,
        "signed_at": timezone.now() if state == SignatureState.SIGNED else None,
    }
    if certificate.file_sha256:
        # A lost sealed (or marked unsigned) file, made anew: a new signature has a new hash (the record keeps
        # the latest).
        logger.warning("certificate %s: lost file rendered and sealed anew", certificate.number)
    Certificate.objects.filter(pk=certificate.pk).update(**fields)
    for name, value in fields.items():
        setattr(certificate, name, value)
    return pdf


def certificate_context_title(certificate: Certificate) -> str:
    """The certificate's title and copy, as its signature names it: 社会团体法人登记证书（副本）."""
    kind = "grade" if certificate.kind == CertificateKind.GRADE else "registration"
    copy = "正本" if certificate.copy == CertificateCopy.ORIGINAL else "副本"
    return f"{certificate_title(kind, certificate.snapshot['org_type'])}（{copy}）"


def _store(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(pdf)
    temporary.replace(path)


def render_pending(*, certificate_ids: list[int] | None = None) -> dict:
    """Render certificates that have no file yet; keep each failure on its record for staff and retries.

    Run by the system only (the background task after issue, the retry command), for no user.
    """
    pending = Certificate.objects.filter(file_sha256="").select_related("organization__jurisdiction")
    # A certificate waiting for its seal has no file yet either (file_sha256 stays empty until it is signed).
    if certificate_ids is not None:
        pending = pending.filter(pk__in=certificate_ids)
    done = failed = 0
    for certificate in pending:
        try:
            render_certificate(certificate)
            done += 1
        except Exception as exc:  # noqa: BLE001 - any rendering failure is kept and retried, never lost
            logger.exception("rendering certificate %s failed", certificate.number)
            Certificate.objects.filter(pk=certificate.pk).update(render_error=f"{type(exc).__name__}: {exc}"[:2000])
            failed += 1
    return {"done": done, "failed": failed}
