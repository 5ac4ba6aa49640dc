"""The organization's pages for its branches and offices: the register, applications to set up, change or close
one (draft, documents, submission), the decision as PDF; documents served to the organization and its bureau."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.choices import OfficerRole, OrgStatus
from registry.models import (
    Branch,
    BranchApplication,
    BranchApplicationKind,
    BranchApplicationStatus,
    BranchDocument,
    BranchKind,
    Organization,
)
from registry.rendering import seal_svg
from registry.rules.branches import branch_refusal, decision_number, decision_paragraphs, decision_title
from registry.rules.penalties import appeal_routes
from registry.selectors.branches import change_lines, organization_branches
from registry.services import branches as services
from registry.services.certificates import date_text
from registry.services.policy import holds_role
from registry.views.downloads import sealed_decision_response, uploaded_file_response
from workflows.flows.branch.services import branch_application_send


def _represented(user):
    return get_objects_for_user(
        user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    ).select_related("jurisdiction")


def _own_application(request, pk) -> BranchApplication:
    application = get_object_or_404(
        BranchApplication.objects.select_related("organization__jurisdiction", "branch"), pk=pk
    )
    if not request.user.has_perm("registry.manage_organization", application.organization):
        raise Http404
    return application


class BranchApplicationForm(forms.ModelForm):
    class Meta:
        model = BranchApplication
        fields = list(services.FIELDS)
        widgets = {
            "branch_kind": forms.RadioSelect,
            "business_scope": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "resolved_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        kind = application.kind
        if kind == BranchApplicationKind.CLOSE:
            keep = ("resolved_on", "reason")
        elif kind == BranchApplicationKind.CHANGE:
            keep = (*services.CHANGEABLE, "resolved_on", "reason")
        else:
            keep = tuple(f for f in services.FIELDS if f != "reason")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "branch_kind" in self.fields:
            self.fields["branch_kind"].choices = BranchKind.choices
        if "name" in self.fields:
            self.fields["name"].help_text = _(
                "冠以本组织名称全称，分支机构以“分会”“专业委员会”“工作委员会”等结束，代表机构以“代表处”“办事处”"
                "“联络处”结束，如：%(example)s"
            ) % {"example": application.organization.name + "青年工作委员会"}
        if "business_scope" in self.fields:
            self.fields["business_scope"].help_text = _("应在本组织章程规定的业务范围之内：%(scope)s") % {
                "scope": application.organization.business_scope
            }
        for field in self.fields.values():
            field.required = False  # a draft may be saved half-filled; submission checks everything at once


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def branch_list(request):
    """The organizations I act for, each with its branches and offices and its applications about them."""
    organizations = list(_represented(request.user))
    if request.method == "POST":
        organization = next((o for o in organizations if str(o.pk) == request.POST.get("organization")), None)
        if organization is None:
            raise Http404
        branch = None
        if request.POST.get("branch"):
            if not request.POST["branch"].isdigit():
                raise Http404
            branch = get_object_or_404(Branch, pk=int(request.POST["branch"]), organization=organization)
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = uuid.uuid4()
        try:
            application = services.branch_application_create(
                organization=organization,
                by=request.user,
                kind=request.POST.get("kind", ""),
                branch=branch,
                create_token=token,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("portal_branches")
        return redirect("portal_branch_application", pk=application.pk)
    rows = []
    for organization in organizations:
        applications = organization.branch_applications.select_related("branch").order_by("-created_at", "-id")
        rows.append(
            {
                "organization": organization,
                "refusal": branch_refusal(
                    org_type=organization.org_type, active=organization.status == OrgStatus.NORMAL
                ),
                "branches": organization_branches(organization),
                "applications": applications,
                "token": uuid.uuid4(),  # a set-up form sent twice opens one draft
            }
        )
    return render(request, "workflows/portal/branches.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def branch_application(request, pk):
    """One application: fill in and upload while a draft (or returned), confirm and submit; then its progress."""
    application = _own_application(request, pk)
    form = BranchApplicationForm(instance=application)
    confirming = False
    if request.method == "POST" and application.editable:
        action = request.POST.get("action")
        if action == "delete":
            try:
                services.branch_application_delete(application=application, by=request.user)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
                return redirect("portal_branch_application", pk=pk)
            messages.success(request, _("已删除草稿。"))
            return redirect("portal_branches")
        if action == "submit":
            try:
                branch_application_send(application=application, by=request.user)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
                return redirect("portal_branch_application", pk=pk)
            messages.success(request, _("已提交，登记管理机关将在办理期限内办理。"))
            return redirect("portal_branch_application", pk=pk)
        form = BranchApplicationForm(request.POST, instance=application)
        saved = False
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                uploads = {kind: request.FILES[kind] for kind in BranchDocument.Kind.values if request.FILES.get(kind)}
                services.branch_draft_update(application=application, by=request.user, fields=data, uploads=uploads)
                saved = True
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
        if saved and action == "review":
            application.refresh_from_db()
            confirming = not services.branch_application_problems(application)
            if not confirming:
                messages.error(request, _("已保存草稿，但以下事项尚需完善，完善后才能提交。"))
        elif saved:
            messages.success(request, _("已保存草稿。"))
            return redirect("portal_branch_application", pk=pk)
    application.refresh_from_db()
    context = {
        "application": application,
        "org": application.organization,
        "form": form,
        "confirming": confirming,
        "problems": services.branch_application_problems(application) if application.editable else [],
        "documents": application.documents.all(),
        "change_lines": change_lines(application),
        "document_kinds": BranchDocument.Kind.choices,
        "decision_title": decision_title(
            status=application.status, kind=application.kind, branch_kind=application.branch_kind
        ),
    }
    return render(request, "workflows/portal/branch_application.html", context)


def _may_read(user, application: BranchApplication) -> bool:
    organization = application.organization
    return user.has_perm("registry.manage_organization", organization) or holds_role(
        user, organization.jurisdiction, *OfficerRole.values
    )


@login_required
@require_safe
def branch_document(request, pk):
    """A document of a branch application, to the organization and the officers of its bureau (as attachment)."""
    document = get_object_or_404(
        BranchDocument.objects.select_related("application__organization__jurisdiction"), pk=pk
    )
    if not _may_read(request.user, document.application):
        raise Http404
    path = services.document_path(document)
    if not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=document.content_type, filename=document.original_name)


DECIDED = (
    BranchApplicationStatus.FILED,
    BranchApplicationStatus.APPROVED,
    BranchApplicationStatus.REJECTED,
    BranchApplicationStatus.REFUSED,
)


@login_required
@require_safe
def branch_decision(request, pk):
    """The written decision or filing notice of a finished application, on the bureau's letterhead, as PDF."""
    application = get_object_or_404(
        BranchApplication.objects.select_related("organization__jurisdiction", "branch").filter(status__in=DECIDED),
        pk=pk,
    )
    if not _may_read(request.user, application):
        raise Http404
    organization = application.organization
    authority = organization.jurisdiction.authority_name
    day = application.decided_on
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": decision_title(
                status=application.status, kind=application.kind, branch_kind=application.branch_kind
            ),
            "number": decision_number(authority_name=authority, year=day.year, application_pk=application.pk),
            "organization": organization,
            "paragraphs": decision_paragraphs(
                status=application.status,
                kind=application.kind,
                branch_kind=application.branch_kind,
                organization_name=organization.name,
                branch_name=application.subject_name,
                reference=application.reference,
                reason=application.decision_reason,
            ),
            "remedies": appeal_routes(authority_name=authority)
            if application.status in (BranchApplicationStatus.REJECTED, BranchApplicationStatus.REFUSED)
            else "",
            "reference": application.reference,
            "authority": authority,
            "date_text": date_text(day),
            "seal": seal_svg(authority),
        }
        response = sealed_decision_response(
            template="documents/branch_decision.html",
            context=context,
            jurisdiction_code=application.organization.jurisdiction.code,
            filename=f"{application.reference}-decision.pdf",
        )
    return response
