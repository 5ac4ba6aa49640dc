"""The written penalty decision (行政处罚决定书) as PDF, for the organization's representatives and the officers
of its bureau, once the decision is made."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_safe

from registry.choices import OfficerRole
from registry.models import PenaltyCase, PenaltySanction
from registry.rendering import seal_svg
from registry.rules.decision_documents import PENALTY_DECISION_TITLE, penalty_decision_paragraphs
from registry.rules.penalties import PAYMENT_DAYS, combined_words
from registry.services.certificates import date_text
from registry.services.policy import holds_role
from registry.services.sealed_documents import sealed_decision_pdf
from registry.signing import SigningUnavailable
from registry.views.downloads import seal_pending_response


@login_required
@require_safe
def penalty_decision_pdf(request, pk: int):
    """The written decision of a penalty case, numbered, naming every penalty and the head who decided."""
    case = get_object_or_404(
        PenaltyCase.objects.select_related("organization__jurisdiction", "decided_by").exclude(decision_number=""),
        pk=pk,
    )
    organization = case.organization
    allowed = request.user.has_perm("registry.manage_organization", organization) or holds_role(
        request.user, organization.jurisdiction, *OfficerRole.values
    )
    if not allowed:
        raise Http404
    decided = case.sanctions(PenaltySanction.DECIDED)
    authority = organization.jurisdiction.authority_name
    head = case.decided_by.get_full_name() or case.decided_by.first_name or case.decided_by.get_username()
    with translation.override(settings.LANGUAGE_CODE):
        paragraphs = penalty_decision_paragraphs(
            findings=case.findings,
            decision_text=case.decision_text,
            penalties=combined_words(decided),
            money=case.amount_yuan is not None,
            head_name=head,
            payment_days=PAYMENT_DAYS,
        )
        context = {
            "title": PENALTY_DECISION_TITLE,
            "number": case.decision_number,
            "organization": organization,
            "paragraphs": paragraphs,
            "authority": authority,
            "date_text": date_text(case.decided_on),
            "seal": seal_svg(authority),
            "reference": case.reference,
        }
        try:
            pdf = sealed_decision_pdf(
                template="documents/penalty_decision.html",
                context=context,
                jurisdiction_code=organization.jurisdiction.code,
                title=PENALTY_DECISION_TITLE,
                number=case.decision_number,
            )
        except SigningUnavailable:
            return seal_pending_response()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-decision.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
