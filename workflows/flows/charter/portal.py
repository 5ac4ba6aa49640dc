"""The organization's charter approval pages: start from the current charter, edit, compare, attach, submit, follow."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.models import (
    CharterApplication,
    CharterDocument,
    CharterDocumentKind,
    OfficerAssignment,
    Organization,
)
from registry.models.charter import CHARTER_WITHDRAWABLE_STATUSES
from registry.rendering import seal_svg
from registry.rules.charters import LEGAL_BASIS, available_documents, document_number
from registry.rules.decision_documents import remedies
from registry.selectors.charters import charter_applications_for, charter_comparisons, model_charter_for
from registry.services import charters as services
from registry.services.certificates import date_text
from registry.views.downloads import sealed_decision_response, uploaded_file_response
from workflows.flows.charter.services import charter_submit, charter_withdraw

# The steps whose reasons the organization reads (an officer's internal note on acceptance is not among them).
PUBLIC_REASONS = ("corrections", "refused", "approved", "rejected", "extended", "withdrawn")


class CharterForm(forms.ModelForm):
    class Meta:
        model = CharterApplication
        fields = ["new_text", "amendment_summary", "resolution_body", "resolution_date", "consent_date"]
        labels = {"new_text": gettext_lazy("修改后的章程全文")}
        widgets = {
            "new_text": forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
            "amendment_summary": forms.Textarea(attrs={"rows": 3}),
            "resolution_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "new_text": gettext_lazy("在现行章程（未录入的为示范文本）基础上修改；提交前可查看修改前后对照。"),
            "resolution_date": gettext_lazy("会员大会（会员代表大会）或理事会表决通过章程修改的日期"),
        }

    def __init__(self, *args, has_competent_unit: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_competent_unit:
            del self.fields["consent_date"]


def _represented(user):
    return get_objects_for_user(user, "registry.manage_organization", klass=Organization, accept_global_perms=False)


def _own(request, pk) -> CharterApplication:
    application = get_object_or_404(
        CharterApplication.objects.select_related("organization__jurisdiction", "jurisdiction", "base_charter"), pk=pk
    )
    if not request.user.has_perm("registry.manage_organization", application.organization):
        raise Http404  # another organization's application does not exist for this user
    return application


def _may_read(user, application: CharterApplication) -> bool:
    """The organization's accounts, the officers of its bureau and system administrators."""
    return (
        user.has_perm("registry.manage_organization", application.organization)
        or user.is_superuser
        or OfficerAssignment.objects.filter(user=user, jurisdiction_id=application.jurisdiction_id).exists()
    )


@login_required
@require_safe
def charter_list(request):
    """The organizations the user acts for, each with its charter applications and the way to start one."""
    organizations = _represented(request.user).select_related("jurisdiction").order_by("name")
    applications = charter_applications_for(request.user)
    return render(
        request,
        "workflows/portal/charter_list.html",
        {"organizations": organizations, "applications": applications},
    )


@login_required
@require_POST
def charter_start(request, organization_pk):
    """Open (or return to) the organization's charter application."""
    organization = get_object_or_404(Organization.objects.select_related("jurisdiction"), pk=organization_pk)
    try:
        application = services.charter_application_start(applicant=request.user, organization=organization)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_charters")
    return redirect("portal_charter", pk=application.pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def charter_detail(request, pk):
    """Edit the draft (save, upload, compare, submit); afterwards follow it and download its decisions."""
    application = _own(request, pk)
    form = CharterForm(instance=application, has_competent_unit=application.has_competent_unit)
    comparing = False
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not application.is_editable:
            messages.info(request, _("该申请已提交，不能再修改。"))
            return redirect("portal_charter", pk=pk)
        try:
            if action == "use_model":
                services.charter_application_save(
                    application=application, by=request.user, new_text=model_charter_for(application.organization)
                )
                messages.success(request, _("已将示范文本填入修改后的章程，请按本组织情况修改。"))
                return redirect("portal_charter", pk=pk)
            if action == "submit":
                charter_submit(application=application, by=request.user)
                messages.success(request, _("已提交，登记管理机关将在法定期限内办理。"))
                return redirect("portal_charter", pk=pk)
            form = CharterForm(request.POST, instance=application, has_competent_unit=application.has_competent_unit)
            uploads = [(kind, request.FILES.get(kind)) for kind in CharterDocumentKind.values]
            for kind, uploaded in uploads:
                if uploaded:
                    services.charter_document_attach(
                        application=application, kind=kind, uploaded=uploaded, by=request.user
                    )
                    messages.success(request, _("已上传：%(name)s") % {"name": uploaded.name})
            if not form.is_valid():
                messages.error(request, _("填写内容有误，尚未保存，请按提示修改。"))
            else:
                fields = {name: form.cleaned_data[name] for name in form.fields}
                application = services.charter_application_save(application=application, by=request.user, **fields)
                if action == "compare":
                    comparing = True
                else:
                    messages.success(request, _("已保存草稿。"))
                    return redirect("portal_charter", pk=pk)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        application = _own(request, pk)
        if comparing:
            form = CharterForm(instance=application, has_competent_unit=application.has_competent_unit)
    documents = {document.kind: document for document in application.documents.all()}
    context = {
        "application": application,
        "org": application.organization,
        "form": form,
        "comparing": comparing,
        "comparisons": charter_comparisons(application, with_model=False)
        if comparing or not application.is_editable
        else [],
        "problems": services.charter_problems(application) if application.is_editable else [],
        "document_rows": [
            (kind, documents.get(kind.value))
            for kind in CharterDocumentKind
            if kind != CharterDocumentKind.CONSENT or application.has_competent_unit
        ],
        "public_reasons": PUBLIC_REASONS,
        "decision_documents": available_documents(status=application.status, accepted_on=application.accepted_on),
        "events": application.events.all(),
        "may_withdraw": application.status in CHARTER_WITHDRAWABLE_STATUSES,
    }
    return render(request, "workflows/portal/charter.html", context)


@login_required
@require_POST
def charter_withdraw_view(request, pk):
    """POST: the organization withdraws its submitted application before the decision."""
    application = _own(request, pk)
    try:
        charter_withdraw(application=application, by=request.user, reason=request.POST.get("reason", "")[:500])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("portal_charter", pk=pk)


@login_required
@require_safe
def charter_document(request, pk):
    """Serve a charter application's document to the organization and the officers of its bureau."""
    document = get_object_or_404(CharterDocument.objects.select_related("application__organization"), pk=pk)
    if not _may_read(request.user, document.application):
        raise Http404
    path = services.document_path(document)
    if not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=document.content_type, filename=document.original_name)


@login_required
@require_safe
def charter_decision(request, pk, kind):
    """A written decision on the charter application as PDF, for the organization and its bureau's officers."""
    application = get_object_or_404(
        CharterApplication.objects.select_related("organization__jurisdiction", "jurisdiction"), pk=pk
    )
    documents = {d.kind: d for d in available_documents(status=application.status, accepted_on=application.accepted_on)}
    if not _may_read(request.user, application) or kind not in documents:
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        response = sealed_decision_response(
            template="documents/charter_decision.html",
            context=_decision_context(application, documents[kind]),
            jurisdiction_code=application.organization.jurisdiction.code,
            filename=f"{application.reference}-{kind}.pdf",
        )
    return response


def _decision_context(application: CharterApplication, document) -> dict:
    day = application.accepted_on if document.kind == "acceptance" else application.decided_on
    day = day or timezone.localdate()
    authority = application.jurisdiction.authority_name
    return {
        "application": application,
        "org": application.organization,
        "kind": document.kind,
        "title": document.title,
        "number": document_number(
            authority_name=authority, kind=document.kind, year=day.year, application_pk=application.pk
        ),
        "basis": LEGAL_BASIS[application.organization.org_type],
        "reason": application.decision_reason,
        "remedies": remedies(kind=document.kind, authority_name=authority),
        "submitted_text": date_text(timezone.localdate(application.submitted_at)) if application.submitted_at else "",
        "due_text": date_text(application.decision_due_on) if application.decision_due_on else "",
        "approved_charter": getattr(application, "approved_charter", None) if document.kind == "approval" else None,
        "authority": authority,
        "date_text": date_text(day),
        "seal": seal_svg(authority),
    }
