"""Verify an uploaded certificate or written decision by its electronic seal, and look it up in the register."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from registry import signing
from registry.ratelimit import client_address, seconds_to_wait
from registry.rules.uploads import PDF
from registry.selectors import verification_state
from registry.selectors.certificates import certificate_for_document
from registry.services.files import checked_upload

# Checking a signature parses the whole file: a visitor may check this many files an hour.
CHECKS_PER_HOUR = 60


class DocumentUploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("PDF 文件"),
        help_text=gettext_lazy("本机关出具的证书或文书的 PDF 文件"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def document_verify(request):
    """Check an uploaded PDF: its seal, its signer, that it is unchanged, and what the register holds of it."""
    if request.method != "POST":
        return render(request, "registry/document_verify.html", {"form": DocumentUploadForm()})
    form = DocumentUploadForm(request.POST, request.FILES)
    context, status = {"form": form}, 200
    wait = seconds_to_wait(
        scope="document-verify", address=client_address(request), limit=CHECKS_PER_HOUR, window_seconds=3600
    )
    if wait:
        form.add_error(None, _("核验过于频繁，请%(minutes)d分钟后再试。") % {"minutes": wait // 60 + 1})
        status = 429
    elif form.is_valid():
        try:
            content, _type = checked_upload(
                form.cleaned_data["document"], allowed=(PDF,), wrong_type=_("只能核验 PDF 文件。")
            )
        except ValidationError as exc:
            form.add_error("document", exc)
            status = 400
        else:
            check = signing.check_pdf(content)
            certificate = None
            if check.outcome in ("intact", "altered"):
                certificate = certificate_for_document(
                    number=check.number, file_sha256=hashlib.sha256(content).hexdigest()
                )
            context.update(
                check=check,
                certificate=certificate,
                state=verification_state(certificate, today=timezone.localdate()) if certificate else None,
            )
    else:
        status = 400
    return render(request, "registry/document_verify.html", context, status=status)
