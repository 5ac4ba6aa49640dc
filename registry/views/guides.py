"""The public service guides (办事指南) and their downloadable application forms."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from registry.rendering import render_document_pdf
from registry.service_guides import GUIDES, guide_for


@require_safe
def service_guides(request):
    return render(request, "registry/guides.html", {"guides": GUIDES})


@require_safe
def service_guide(request, slug: str):
    return render(request, "registry/guide.html", {"guide": _guide_or_404(slug)})


@require_safe
def service_guide_form(request, slug: str):
    """The service's application form as a PDF to print and fill in (always in Chinese, as filed)."""
    guide = _guide_or_404(slug)
    with translation.override("zh-hans"):
        pdf = render_document_pdf("documents/application_form.html", {"guide": guide})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{guide.slug}-form.pdf"'
    return response


def _guide_or_404(slug: str):
    guide = guide_for(slug)
    if guide is None:
        raise Http404
    return guide
