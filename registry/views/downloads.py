"""How every uploaded file is served back: as a download, never as a page the browser might run."""

from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from registry.services.sealed_documents import sealed_decision_pdf
from registry.signing import SigningUnavailable


def uploaded_file_response(path: Path, *, content_type: str, filename: str) -> FileResponse:
    """Serve a stored upload as an attachment with its checked type, never sniffed, cached or scripted.

    A file shown inline is opened by the browser inside our origin: a PDF viewer or a mis-sniffed type
    could then run what the file carries. As an attachment, with `nosniff` and a sandboxing policy, it is
    only ever saved and opened outside the site.
    """
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=filename or "document", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def seal_pending_response() -> HttpResponse:
    """What a document whose electronic seal cannot be added now answers: 签章待生成, try again shortly."""
    response = HttpResponse(
        _("签章待生成：文书已出具，电子签章暂时无法加盖，请稍后再下载。"),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "300"
    return response


def sealed_decision_response(*, template: str, context: dict, jurisdiction_code: str, filename: str) -> HttpResponse:
    """A written decision rendered on the letterhead and sealed with the bureau's key, shown inline; 签章待生成
    (503) while the key cannot be used. The context names the document's `title` and `number`."""
    try:
        pdf = sealed_decision_pdf(
            template=template,
            context=context,
            jurisdiction_code=jurisdiction_code,
            title=str(context["title"]),
            number=str(context["number"]),
        )
    except SigningUnavailable:
        return seal_pending_response()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
