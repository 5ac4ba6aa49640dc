"""The organization's pages for government purchase of services: open calls with its eligibility computed live
from the register, its applications, the application form (draft, budget lines, team, documents), submission and
withdrawal; documents served to the organization and the purchasing unit's staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.models import (
    CallStatus,
    Organization,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaseDocument,
)
from registry.selectors.purchase import acts_for_unit, call_eligibility, open_calls, organization_applications
from registry.services import purchase_applications as services
from registry.views.downloads import uploaded_file_response
from workflows.flows.purchase.services import purchase_application_send, purchase_application_withdraw

BUDGET_ROWS = 5
TEAM_ROWS = 3


def _represented(user):
    return get_objects_for_user(
        user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    ).select_related("jurisdiction")


def _own_application(request, pk) -> PurchaseApplication:
    application = get_object_or_404(
        PurchaseApplication.objects.select_related("organization", "call", "call__unit"), pk=pk
    )
    if not request.user.has_perm("registry.manage_organization", application.organization):
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def purchase_list(request):
    """Open calls with each organization's eligibility and its reasons, and the organization's applications."""
    organizations = list(_represented(request.user))
    calls = list(open_calls().prefetch_related("criteria"))
    if request.method == "POST":
        organization = next((o for o in organizations if str(o.pk) == request.POST.get("organization")), None)
        call = next((c for c in calls if str(c.pk) == request.POST.get("call")), None)
        if organization is None or call is None:
            raise Http404
        problems = call_eligibility(organization, call)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return redirect("portal_purchase")
        try:
            application = services.application_save(
                call=call, organization=organization, by=request.user, project_name=call.title
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("portal_purchase")
        return redirect("portal_purchase_application", pk=application.pk)
    rows = []
    for organization in organizations:
        applications = list(organization_applications(organization))
        applied = {a.call_id for a in applications if a.status != PurchaseApplicationStatus.WITHDRAWN}
        rows.append(
            {
                "organization": organization,
                "calls": [
                    {"call": call, "problems": call_eligibility(organization, call), "applied": call.pk in applied}
                    for call in calls
                ],
                "applications": applications,
            }
        )
    return render(request, "workflows/portal/purchase/list.html", {"rows": rows})


def _rows(request, *names) -> list[dict]:
    columns = [request.POST.getlist(f"{names[0]}_{name}") for name in names[1:]]
    return [dict(zip(names[1:], values, strict=True)) for values in zip(*columns, strict=False)]


def _beneficiary_count(text: str):
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError({"beneficiary_count": _("受益人数须为整数。")})
    return int(text)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def purchase_application(request, pk):
    """One application: fill in and upload while a draft, submit before the deadline, withdraw; then its status."""
    application = _own_application(request, pk)
    typed = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                purchase_application_withdraw(application=application, by=request.user)
                messages.success(request, _("已撤回申报。"))
                return redirect("portal_purchase")
            if application.status != PurchaseApplicationStatus.DRAFT:
                raise ValidationError(_("申报已提交，不能修改。"))
            typed = request.POST
            services.application_save(
                call=application.call,
                organization=application.organization,
                by=request.user,
                application=application,
                project_name=request.POST.get("project_name", ""),
                plan=request.POST.get("plan", ""),
                beneficiaries=request.POST.get("beneficiaries", ""),
                beneficiary_count=_beneficiary_count(request.POST.get("beneficiary_count", "")),
                budget_lines=_rows(request, "budget", "item", "amount", "note"),
                team=_rows(request, "team", "name", "role", "qualification"),
            )
            for kind in PurchaseDocument.Kind.values:
                if request.FILES.get(f"document_{kind}"):
                    services.application_document_attach(
                        application=application, by=request.user, kind=kind, uploaded=request.FILES[f"document_{kind}"]
                    )
            typed = None
            if action == "submit":
                if not request.POST.get("confirm"):
                    raise ValidationError(_("已保存草稿。提交前请勾选确认申报内容真实、完整。"))
                submitted = purchase_application_send(application=application, by=request.user)
                if submitted.status == PurchaseApplicationStatus.REFUSED:
                    messages.error(request, _("申报不予受理，理由见下。"))
                else:
                    messages.success(request, _("已提交申报，购买主体将进行资格审查。"))
            else:
                messages.success(request, _("已保存草稿。"))
            return redirect("portal_purchase_application", pk=pk)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
    application.refresh_from_db()
    editable = application.status == PurchaseApplicationStatus.DRAFT
    budget = [dict(line) for line in application.budget_lines]
    team = [dict(member) for member in application.team]
    if typed is not None:
        budget = _rows(request, "budget", "item", "amount", "note")
        team = _rows(request, "team", "name", "role", "qualification")
    budget += [{}] * max(BUDGET_ROWS - len(budget), 1) if editable else []
    team += [{}] * max(TEAM_ROWS - len(team), 1) if editable else []
    call = application.call
    withdrawable = (
        application.status in (PurchaseApplicationStatus.DRAFT, PurchaseApplicationStatus.SUBMITTED)
        and timezone.now() <= call.deadline
    )
    context = {
        "application": application,
        "call": call,
        "typed": typed,
        "editable": editable,
        "withdrawable": withdrawable,
        "budget": budget,
        "team": team,
        "document_kinds": PurchaseDocument.Kind.choices,
        "documents": {d.kind: d for d in application.documents.all()},
        "problems": call_eligibility(application.organization, call) if editable else [],
        "call_open": call.status == CallStatus.OPEN and timezone.now() <= call.deadline,
        "reasons_shown": application.status
        in (PurchaseApplicationStatus.REFUSED, PurchaseApplicationStatus.INELIGIBLE),
    }
    return render(request, "workflows/portal/purchase/application.html", context)


@login_required
@require_safe
def purchase_document(request, pk):
    """A document of an application, to the organization and the purchasing unit's staff (as attachment)."""
    document = get_object_or_404(
        PurchaseDocument.objects.select_related("application__organization", "application__call__unit"), pk=pk
    )
    application = document.application
    may_read = request.user.has_perm("registry.manage_organization", application.organization) or (
        application.status != PurchaseApplicationStatus.DRAFT and acts_for_unit(request.user, application.call.unit)
    )
    if not may_read:
        raise Http404
    path = services.document_path(document)
    if not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=document.content_type, filename=document.original_name)
