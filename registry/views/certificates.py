"""Certificate verification for the public and downloads for the organization and its officers."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.models import Certificate, SignatureState
from registry.selectors import certificate_for_token, officer_jurisdictions, verification_state
from registry.services.certificates import certificate_path, signed_token


@require_safe
def certificate_verify(request, token: str):
    """Say whether the certificate behind a QR code is genuine and current, and show the public record."""
    certificate = certificate_for_token(token)
    if certificate is None:
        return render(request, "registry/certificate_verify.html", {"certificate": None}, status=404)
    state = verification_state(certificate, today=timezone.localdate())
    context = {"certificate": certificate, "state": state, "org": certificate.organization, "s": certificate.snapshot}
    context.update(replacement_context(certificate))
    return render(request, "registry/certificate_verify.html", context)


def replacement_context(certificate: Certificate) -> dict:
    """The certificate that replaced a voided or superseded one, with its verification token, for the page."""
    replacement = certificate.superseded_by
    if replacement is None:
        return {}
    return {"replacement": replacement, "replacement_token": signed_token(replacement)}


def can_download(user, certificate: Certificate) -> bool:
    """The organization's own accounts, and officers of the registering bureau, may download."""
    organization = certificate.organization
    if user.has_perm("registry.manage_organization", organization):
        return True
    return officer_jurisdictions(user).filter(pk=organization.jurisdiction_id).exists()


@login_required
@require_safe
def certificate_download(request, pk: int):
    """Serve a certificate PDF to someone allowed to have it.

    Anyone else gets the same 404 as for a certificate that does not exist, so certificate numbers cannot
    be probed.
    """
    certificate = get_object_or_404(Certificate.objects.select_related("organization"), pk=pk)
    if not can_download(request.user, certificate):
        raise Http404
    path = certificate_path(certificate)
    if certificate.signature == SignatureState.PENDING and not certificate.file_sha256:
        return HttpResponse(
            _("签章待生成：证书已登记，电子签章稍后自动补加，请稍后再下载。"),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    if not certificate.file_sha256 or not path.exists():
        return HttpResponse(_("证书文件正在生成，请稍后再试。"), status=503, content_type="text/plain; charset=utf-8")
    filename = f"{certificate.number}-{certificate.get_copy_display()}.pdf"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
