"""The association's decoupling page in its portal (行业协会商会与行政机关脱钩): the five separations, what the bureau
decided on each, and the form to submit or resubmit the evidence of an item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from registry.models import Organization
from registry.rules.decoupling import SEPARATION_ARTICLES, Separation, is_decoupling_subject, submission_refusal
from registry.selectors.decoupling import public_decoupling
from registry.services import policy
from registry.services.decoupling import decoupling_item_submit


@login_required
@require_http_methods(["GET", "POST"])
def portal_decoupling(request, pk: int):
    """The five items with their status; an item not started or returned can be submitted with its documents."""
    organization = get_object_or_404(Organization, pk=pk)
    try:
        policy.require_representative(request.user, organization)
    except PermissionDenied as exc:
        raise Http404 from exc
    subject = is_decoupling_subject(org_type=organization.org_type, direct_category=organization.direct_category)
    errors, descriptions = {}, {}
    if request.method == "POST":
        separation = request.POST.get("separation", "")
        if not subject or separation not in Separation.values:
            raise Http404
        try:
            item = decoupling_item_submit(
                organization=organization,
                separation=separation,
                description=request.POST.get("description", ""),
                uploads=request.FILES.getlist("evidence"),
                by=request.user,
            )
        except ValidationError as exc:
            errors[separation], descriptions[separation] = exc.messages, request.POST.get("description", "")
        else:
            messages.success(
                request, _("已提交“%(item)s”的材料，等待登记管理机关核实。") % {"item": item.get_separation_display()}
            )
            return redirect("portal_decoupling", pk=organization.pk)
    state = public_decoupling(organization) if subject else None
    rows = [
        {
            "item": item,
            "article": SEPARATION_ARTICLES[Separation(item.separation)],
            "open": submission_refusal(item.status) is None,
            "errors": errors.get(item.separation, []),
            "description": descriptions.get(item.separation, item.description),
        }
        for item in (state["items"] if state else [])
    ]
    return render(
        request,
        "registry/portal_decoupling.html",
        {"organization": organization, "subject": subject, "state": state, "rows": rows},
        status=400 if errors else 200,
    )
