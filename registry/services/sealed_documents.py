"""Written decisions (受理通知书, 准予/不予登记决定书, 行政处罚决定书, ...) as PDFs sealed by the issuing bureau.

Decisions are rendered when they are asked for, from the register, so a decision is signed each time it is
rendered; when the bureau's key is unavailable the caller says 签章待生成 and the next request signs it.
"""

from registry import signing
from registry.rendering import render_sealed_document_pdf


def sealed_decision_pdf(*, template: str, context: dict, jurisdiction_code: str, title: str, number: str) -> bytes:
    """Render a written decision and sign it with the bureau's key where its seal is printed.

    Raises signing.SigningUnavailable when the key cannot be used now.
    """
    pdf, box = render_sealed_document_pdf(template, context)
    return signing.sign_pdf(
        pdf,
        jurisdiction_code=jurisdiction_code,
        box=box,
        reason=signing.document_reason(title, number),
        location=context.get("authority", ""),
    )
