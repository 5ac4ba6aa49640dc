"""Requests to consult a registration file (登记档案查询): apply, decide, and download through an expiring link.

The organization may consult its own file; anyone else shows legal grounds and proof (a lawyer acting in a
case, a court or procuratorate, another authority). An officer grants a selection of the file's documents or
refuses with reasons; a granted file is downloaded through a signed link that stops working after the set
number of days (the expiry is inside the signed value, so it cannot be extended by hand), and every download
is logged.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole
from registry.models import (
    ApplicationDocument,
    ArchiveDownload,
    ArchiveItem,
    ArchiveItemSource,
    ArchiveRequest,
    ArchiveStatus,
    Certificate,
    Organization,
)
from registry.rules.certificate_services import RequesterKind, archive_request_problems, download_expires_at
from registry.rules.uploads import ALLOWED_TYPES
from registry.selectors import deadline_after
from registry.services import guards, policy
from registry.services.application_drafts import document_path
from registry.services.certificates import certificate_path
from registry.services.files import checked_upload, new_stored_name, private_path

SIGNER_SALT = "registry.archive-download"
WRONG_STATUS = _("该查询申请当前状态为“%(status)s”，不能办理（可能已由他人处理）。")
PROOF_FOLDER = "archive"


@dataclass(frozen=True)
class FileDocument:
    """A document of the organization's file an officer may grant: its key, source and title."""

    key: str
    source: str
    source_id: int
    title: str


def proof_path(stored_name: str) -> Path:
    return private_path(PROOF_FOLDER, stored_name)


def archive_file_documents(organization: Organization) -> list[FileDocument]:
    """The documents of the organization's registration file: its certificates and its applications' documents."""
    documents = [
        FileDocument(
            f"certificate:{c.pk}",
            ArchiveItemSource.CERTIFICATE,
            c.pk,
            f"{c.get_kind_display()}（{c.get_copy_display()}）{c.number}，{c.issued_on:%Y-%m-%d}",
        )
        for c in organization.certificates.exclude(file_sha256="").order_by("issued_on", "id")
    ]
    uploads = (
        ApplicationDocument.objects.filter(application__organization=organization)
        .exclude(application__status__in=["draft", "withdrawn"])
        .select_related("application", "requirement")
        .order_by("application__submitted_at", "requirement__order", "id")
    )
    documents += [
        FileDocument(
            f"document:{d.pk}",
            ArchiveItemSource.DOCUMENT,
            d.pk,
            f"{d.application.reference} {d.requirement.title}：{d.original_name}",
        )
        for d in uploads
    ]
    return documents


def archive_request_submit(
    *,
    organization: Organization,
    by=None,
    requester_kind: str,
    requester_name: str,
    requester_unit: str = "",
    requester_phone: str = "",
    case_reference: str = "",
    grounds: str = "",
    proof=None,
    today: datetime.date | None = None,
) -> ArchiveRequest:
    """Apply to consult the file: the organization's representative for its own, anyone else with legal grounds."""
    today = today or timezone.localdate()
    if requester_kind == RequesterKind.ORGANIZATION:
        policy.require_representative(by, organization, message=_("只有该组织的经办人可以查询本组织的档案。"))
    if not organization.uscc:
        raise ValidationError(_("该组织尚未登记，没有登记档案。"))
    problems = archive_request_problems(
        requester_kind=requester_kind, grounds=grounds, case_reference=case_reference, has_proof=proof is not None
    )
    if len(requester_name.strip()) < 2:
        problems.insert(0, _("请填写查询人姓名。"))
    if problems:
        raise ValidationError(problems)
    request = ArchiveRequest(
        organization=organization,
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        requester_unit=requester_unit.strip(),
        requester_phone=requester_phone.strip(),
        case_reference=case_reference.strip(),
        grounds=grounds.strip(),
        submitted_by=by if by is not None and by.is_authenticated else None,
        due_on=deadline_after(today, settings.REGISTRY["ARCHIVE_WORKING_DAYS"]).due,
    )
    content = None
    if proof is not None:
        content, content_type = checked_upload(
            proof, allowed=tuple(ALLOWED_TYPES), wrong_type=_("证明文件须为 PDF、JPEG 或 PNG 文件。")
        )
        request.proof_original_name = (proof.name or "proof")[:200]
        request.proof_stored_name = new_stored_name(content_type)
        request.proof_content_type = content_type
        request.proof_sha256 = hashlib.sha256(content).hexdigest()
    request.full_clean()
    with transaction.atomic():
        request.save()
        if content is not None:
            path = proof_path(request.proof_stored_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    return request


def archive_request_grant(*, request: ArchiveRequest, by, keys: list[str]) -> ArchiveRequest:
    """The window officer grants the chosen documents of the file; the download link works for the set days."""
    policy.require_role(by, request.organization.jurisdiction, OfficerRole.WINDOW)
    available = {d.key: d for d in archive_file_documents(request.organization)}
    chosen = [available[key] for key in dict.fromkeys(keys) if key in available]
    if not chosen or len(chosen) != len(set(keys)):
        raise ValidationError(_("请从该组织的登记档案中选择至少一份同意查询的文件。"))
    with transaction.atomic():
        locked = guards.locked(request, "organization")
        guards.require_state(locked, ArchiveStatus.SUBMITTED, message=WRONG_STATUS)
        ArchiveItem.objects.bulk_create(
            [ArchiveItem(request=locked, source=d.source, source_id=d.source_id, title=d.title[:200]) for d in chosen]
        )
        now = timezone.now()
        locked.status = ArchiveStatus.GRANTED
        locked.decided_by = by
        locked.decided_at = now
        locked.expires_at = download_expires_at(now, settings.REGISTRY["ARCHIVE_DOWNLOAD_DAYS"])
        locked.save(update_fields=["status", "decided_by", "decided_at", "expires_at"])
    return locked


def archive_request_refuse(*, request: ArchiveRequest, by, reason: str) -> ArchiveRequest:
    """The window officer refuses with reasons (no legal grounds, proof not convincing...)."""
    policy.require_role(by, request.organization.jurisdiction, OfficerRole.WINDOW)
    if len(reason.strip()) < 4:
        raise ValidationError(_("请写明不予查询的理由。"))
    with transaction.atomic():
        locked = guards.locked(request, "organization")
        guards.require_state(locked, ArchiveStatus.SUBMITTED, message=WRONG_STATUS)
        locked.status = ArchiveStatus.REFUSED
        locked.refusal_reason = reason.strip()
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    return locked


def archive_status_token(request: ArchiveRequest) -> str:
    """The requester's signed address of their request's page (shown on the receipt; it does not expire)."""
    return signing.Signer(salt=SIGNER_SALT + ".status").sign(str(request.pk))


def archive_request_for_status_token(token: str) -> ArchiveRequest | None:
    try:
        pk = int(signing.Signer(salt=SIGNER_SALT + ".status").unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return ArchiveRequest.objects.select_related("organization__jurisdiction").filter(pk=pk).first()


def archive_download_token(request: ArchiveRequest) -> str:
    """The signed download token of a granted request, carrying its expiry (the same token every time)."""
    return signing.Signer(salt=SIGNER_SALT).sign_object({"r": request.pk, "e": int(request.expires_at.timestamp())})


def archive_request_for_download(token: str, *, now: datetime.datetime | None = None):
    """(request, "ok" | "expired") for a download token, or (None, "invalid") when it is forged or unknown."""
    try:
        value = signing.Signer(salt=SIGNER_SALT).unsign_object(token)
        pk, expires = int(value["r"]), int(value["e"])
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        return None, "invalid"
    request = ArchiveRequest.objects.select_related("organization").filter(pk=pk, status=ArchiveStatus.GRANTED).first()
    if request is None:
        return None, "invalid"
    now = now or timezone.now()
    if now.timestamp() >= expires or request.expires_at is None or now >= request.expires_at:
        return request, "expired"
    return request, "ok"


def archive_item_file(item: ArchiveItem) -> tuple[Path, str, str] | None:
    """(path, content type, file name) of a granted document, or None when its file is missing."""
    if item.source == ArchiveItemSource.CERTIFICATE:
        certificate = Certificate.objects.filter(pk=item.source_id).first()
        if certificate is None or not certificate.file_sha256:
            return None
        path = certificate_path(certificate)
        name = f"{certificate.number}-{certificate.get_copy_display()}.pdf"
        return (path, "application/pdf", name) if path.exists() else None
    document = ApplicationDocument.objects.filter(pk=item.source_id).select_related("application").first()
    if document is None:
        return None
    path = document_path(document)
    name = f"{document.application.reference}-{document.original_name}"
    return (path, document.content_type, name) if path.exists() else None


def archive_download_record(*, request: ArchiveRequest, item: ArchiveItem | None, address: str | None) -> None:
    """Log one download (a single document, or the whole archive when `item` is None). Run for the link's holder."""
    ArchiveDownload.objects.create(request=request, item=item, address=address or None)
