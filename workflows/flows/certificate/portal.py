"""The organization's certificate pages: its certificates and their state, renewal, replacement, decisions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.choices import OrgStatus
from registry.models import CertificateApplication, Organization, ServiceStatus
from registry.rendering import seal_svg
from registry.rules.certificate_services import (
    RenewalMode,
    ReplacementCause,
    certificate_decision_paragraphs,
    renewal_window_opens,
    service_document_number,
)
from registry.rules.display import local_date
from registry.rules.penalties import appeal_routes
from registry.services.certificate_applications import current_registration_certificates, renewal_mode_of
from registry.services.certificates import date_text
from registry.views.downloads import sealed_decision_response
from workflows.flows.certificate.services import certificate_service_apply


def _represented(user):
    return get_objects_for_user(
        user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    ).select_related("jurisdiction")


@login_required
@require_safe
def certificate_services(request):
    """Each organization's registration certificates, when it may renew them, and its applications."""
    window = settings.REGISTRY["CERTIFICATE_RENEWAL_WINDOW_DAYS"]
    today = timezone.localdate()
    rows = []
    for organization in _represented(request.user).filter(status=OrgStatus.NORMAL).exclude(uscc__isnull=True):
        held = list(current_registration_certificates(organization))
        mode = renewal_mode_of(organization)
        opens = renewal_window_opens(min(c.valid_until for c in held), window) if held else None
        rows.append(
            {
                "org": organization,
                "held": held,
                "mode": mode,
                "by_inspection": mode == RenewalMode.INSPECTION,
                "opens": opens,
                "may_renew": bool(held) and mode == RenewalMode.APPLICATION and today >= opens,
            }
        )
    applications = CertificateApplication.objects.filter(organization__in=_represented(request.user)).select_related(
        "organization"
    )
    context = {"rows": rows, "applications": applications, "causes": ReplacementCause.choices, "window": window}
    return render(request, "workflows/certificate/portal.html", context)


@login_required
@require_POST
def certificate_apply(request):
    """Apply to renew, or to replace a lost or damaged certificate; a refusal changes nothing."""
    organization_id = request.POST.get("organization", "")
    if not organization_id.isdigit():
        raise Http404
    organization = get_object_or_404(_represented(request.user), pk=int(organization_id))
    kind = request.POST.get("kind", "")
    try:
        application = certificate_service_apply(
            organization=organization,
            by=request.user,
            kind=kind,
            copy=request.POST.get("copy", "both"),
            cause=request.POST.get("cause", ""),
            loss_statement=request.POST.get("loss_statement", ""),
            returned=request.POST.get("returned") == "on",
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_certificates")
    messages.success(
        request,
        _("已提交%(kind)s申请（申请编号：%(reference)s），登记管理机关将于%(day)s前办结。")
        % {
            "kind": application.get_kind_display(),
            "reference": application.reference,
            "day": local_date(application.due_on),
        },
    )
    return redirect("portal_certificates")


@login_required
@require_safe
def certificate_decision(request, pk):
    """The written decision on a renewal or replacement application, once decided, as PDF."""
    application = get_object_or_404(
        CertificateApplication.objects.select_related("organization__jurisdiction").exclude(
            status=ServiceStatus.SUBMITTED
        ),
        pk=pk,
    )
    if not request.user.has_perm("registry.manage_organization", application.organization):
        raise Http404
    authority = application.organization.jurisdiction.authority_name
    day = application.decided_on or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        issued = application.status == ServiceStatus.DONE
        paragraphs = certificate_decision_paragraphs(
            kind_label=str(application.get_kind_display()),
            reference=application.reference,
            issued=issued,
            number=application.issued_number,
            copy_label=str(application.get_copy_display()),
            reason=application.refusal_reason,
            remedies=appeal_routes(authority_name=authority),
        )
        response = sealed_decision_response(
            template="documents/service_decision.html",
            context={
                "title": "证书换发（补领）决定书" if issued else "不予办理决定书",
                "number": service_document_number(
                    authority_name=authority, kind="certificate", year=day.year, pk=application.pk
                ),
                "addressee": application.organization.name,
                "paragraphs": paragraphs,
                "authority": authority,
                "date_text": date_text(day),
                "seal": seal_svg(authority),
                "reference": application.reference,
            },
            jurisdiction_code=application.organization.jurisdiction.code,
            filename=f"{application.reference}-decision.pdf",
        )
    return response
