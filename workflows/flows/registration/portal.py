"""The applicant's pages: open, fill in, upload, submit, correct, follow and rate an application."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry.models import (
    ApplicationDocument,
    ApplicationKind,
    ApplicationStatus,
    DocumentRequirement,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    RegistrationApplication,
    ServiceRating,
)
from registry.rendering import qr_data_uri, seal_svg
from registry.rules.decision_documents import available_documents, document_number, remedies
from registry.rules.names import name_errors
from registry.selectors import name_blocked_reasons
from registry.selectors.charters import charter_applications_for
from registry.services import application_checks, application_drafts, policy
from registry.services.certificates import date_text
from registry.services.sealed_documents import sealed_decision_pdf
from registry.signing import SigningUnavailable
from registry.views.downloads import seal_pending_response, uploaded_file_response
from workflows.flows.registration.forms import (
    LegalRepForm,
    NewApplicationForm,
    OfficerFormSet,
    ParticularsForm,
    RatingForm,
    UploadForm,
)
from workflows.flows.registration.selectors import application_timeline, public_events
from workflows.flows.registration.services import registration_submit, registration_withdraw

STEPS = [
    ("particulars", gettext_lazy("基本情况")),
    ("people", gettext_lazy("法定代表人和负责人")),
    ("documents", gettext_lazy("申请材料")),
    ("confirm", gettext_lazy("核对并提交")),
]


def _own(request, pk) -> RegistrationApplication:
    application = get_object_or_404(RegistrationApplication.objects.select_related("jurisdiction"), pk=pk)
    if application.applicant_id != request.user.pk:
        raise Http404  # other people's applications do not exist for this user
    return application


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@login_required
def application_list(request):
    applications = RegistrationApplication.objects.filter(applicant=request.user).select_related("jurisdiction")
    context = {"applications": applications, "charter_applications": charter_applications_for(request.user)}
    return render(request, "workflows/portal/list.html", context)


@login_required
def application_new(request):
    form = NewApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_drafts.application_start(
                applicant=request.user,
                org_type=form.cleaned_data["org_type"],
                jurisdiction=form.cleaned_data["jurisdiction"],
                create_token=form.cleaned_data["create_token"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _errors_to_form(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            return redirect("portal_application_step", pk=application.pk, step="particulars")
    preparation = settings.REGISTRY["ASSOCIATION_PREPARATION"]
    return render(request, "workflows/portal/new.html", {"form": form, "association_preparation": preparation})


@login_required
@require_POST
def application_change(request, organization_pk, kind=ApplicationKind.CHANGE):
    """Open a change (变更登记) or deregistration (注销登记) application for an organization the applicant acts for."""
    organization = get_object_or_404(Organization, pk=organization_pk)
    try:
        token = uuid.UUID(request.POST.get("create_token", ""))
    except ValueError:
        token = uuid.uuid4()
    if kind == ApplicationKind.DEREGISTRATION and request.POST.get("confirmed") != "yes":
        # Deregistration ends the organization: say what follows, and ask before opening the application.
        try:
            policy.require_representative(request.user, organization)
        except PermissionDenied as exc:
            raise Http404 from exc
        return render(
            request, "workflows/portal/deregister_confirm.html", {"organization": organization, "create_token": token}
        )
    try:
        application = application_drafts.application_start_change(
            applicant=request.user, organization=organization, create_token=token, kind=kind
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal")
    return redirect("portal_application_step", pk=application.pk, step="particulars")


@login_required
@require_POST
def application_establish(request, pk):
    """Open the establishment registration of an association whose preparation was approved."""
    preparation = _own(request, pk)
    try:
        token = uuid.UUID(request.POST.get("create_token", ""))
    except ValueError:
        token = uuid.uuid4()
    try:
        application = application_drafts.application_start(
            applicant=request.user,
            org_type=preparation.org_type,
            jurisdiction=preparation.jurisdiction,
            create_token=token,
            preparation=preparation,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_application", pk=preparation.pk)
    return redirect("portal_application_step", pk=application.pk, step="particulars")


@login_required
def application_step(request, pk, step):
    application = _own(request, pk)
    if step not in dict(STEPS):
        raise Http404
    if not application.is_editable:
        messages.info(request, _("该申请已提交，当前不能修改。"))
        return redirect("portal_application", pk=application.pk)
    steps = [s for s in STEPS if not (s[0] == "people" and application.kind == ApplicationKind.DEREGISTRATION)]
    context = {"application": application, "steps": steps, "step": step, "corrections": _open_corrections(application)}
    next_step = {s: steps[i + 1][0] for i, (s, _label) in enumerate(steps[:-1])}.get(step)
    if step == "particulars":
        form = ParticularsForm(request.POST or None, instance=application)
        if request.method == "POST" and form.is_valid():
            try:
                application_drafts.application_update(application=application, by=request.user, **_changed(form))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("portal_application_step", pk=pk, step=next_step)
        context["form"] = form
    elif step == "people":
        rep = LegalRepForm(request.POST or None, initial=_initial_rep(application), prefix="rep")
        officers = OfficerFormSet(
            request.POST or None,
            initial=[
                {"position": o.position, "name": o.name, "id_number": o.id_number, "full_time": o.full_time}
                for o in application.officers.all()
            ],
            prefix="officers",
        )
        if request.method == "POST" and rep.is_valid() and officers.is_valid():
            rows = [f.cleaned_data for f in officers.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                application_drafts.application_update(application=application, by=request.user, **rep.cleaned_data)
                application_drafts.officers_replace(application=application, by=request.user, officers=rows)
            except ValidationError as exc:
                _errors_to_form(rep, exc)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("portal_application_step", pk=pk, step=next_step)
        context.update(rep_form=rep, officer_formset=officers)
    elif step == "documents":
        upload_errors: dict[int, list[str]] = {}
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                requirement = get_object_or_404(DocumentRequirement, pk=form.cleaned_data["requirement"])
                try:
                    application_drafts.document_attach(
                        application=application,
                        requirement=requirement,
                        uploaded=form.cleaned_data["file"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    upload_errors[requirement.pk] = exc.messages
                else:
                    messages.success(request, _("已上传：%(title)s") % {"title": requirement.title})
                    return redirect("portal_application_step", pk=pk, step="documents")
            else:
                # Shown beside the item the file was chosen for; the page is shown again, not redirected.
                upload_errors[_int_or_none(request.POST.get("requirement"))] = [
                    error for errors in form.errors.values() for error in errors
                ]
        uploaded = {d.requirement_id: d for d in application.documents.all()}
        required = application_checks.required_documents(application)
        context["upload_rows"] = [(r, uploaded.get(r.pk), upload_errors.pop(r.pk, [])) for r in required]
        context["other_upload_errors"] = [error for errors in upload_errors.values() for error in errors]
        context["upload_max_mb"] = settings.REGISTRY["UPLOAD_MAX_MB"]
        context["upload_max_bytes"] = settings.REGISTRY["UPLOAD_MAX_MB"] * 1_048_576
    else:
        context["problems"] = application_checks.application_problems(application)
        uploaded = {d.requirement_id: d for d in application.documents.all()}
        context["documents"] = [(r, uploaded.get(r.pk)) for r in application_checks.required_documents(application)]
        context["changes"] = _changes(application)
    return render(request, "workflows/portal/step.html", context)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _changes(application):
    """(label, registered value, applied-for value) rows of a change registration."""
    if application.kind != ApplicationKind.CHANGE:
        return []
    fields = RegistrationApplication._meta
    return [
        (fields.get_field(name).verbose_name, old, new)
        for name, (old, new) in application_checks.change_diff(application).items()
    ]


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}


def _initial_rep(application):
    return {"legal_rep_name": application.legal_rep_name, "legal_rep_id_number": application.legal_rep_id_number}


def _open_corrections(application):
    if application.status != ApplicationStatus.CORRECTING:
        return None
    return application.events.filter(action="corrections").order_by("-at", "-pk").first()


@login_required
@require_POST
def application_submit(request, pk):
    application = _own(request, pk)
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTING):
        # A second click or the back button: the application was already submitted once.
        messages.info(request, _("该申请已提交，无需重复提交。"))
        return redirect("portal_application", pk=pk)
    try:
        submitted = registration_submit(
            application=application, by=request.user, declared=request.POST.get("declaration") == "on"
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_application_step", pk=pk, step="confirm")
    messages.success(request, _("已提交，登记管理机关将在法定期限内办理。"))
    if submitted.query_code_digest:
        return redirect("portal_application", pk=pk)  # a resubmission keeps the receipt's code
    # First submission: the receipt shows the new query code, once (only its hash is stored).
    code = application_drafts.application_query_code_issue(application=submitted, by=request.user)
    request.session[RECEIPT_CODE_SESSION_KEY] = {"application": submitted.pk, "code": code}
    return redirect("portal_application_receipt", pk=pk)


RECEIPT_CODE_SESSION_KEY = "receipt_query_code"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def application_receipt(request, pk):
    """The printable receipt (回执) of a submitted application: its number, the query code and where to look.

    The query code is shown once, right after it is issued: at the first submission, or on POST when the
    applicant asks for a new one (the old one then stops working).
    """
    application = _own(request, pk)
    if application.submitted_at is None:
        raise Http404
    code = ""
    if request.method == "POST":
        code = application_drafts.application_query_code_issue(application=application, by=request.user)
    else:
        fresh = request.session.get(RECEIPT_CODE_SESSION_KEY) or {}
        if fresh.get("application") == application.pk:
            code = fresh["code"]
            del request.session[RECEIPT_CODE_SESSION_KEY]
    # The code is never put in an address: a link or QR code only fills in the file number.
    lookup_url = (
        settings.PUBLIC_BASE_URL + reverse("application_progress") + "?" + urlencode({"number": application.reference})
    )
    return render(
        request,
        "workflows/portal/receipt.html",
        {"application": application, "code": code, "lookup_url": lookup_url, "qr": qr_data_uri(lookup_url)},
    )


@login_required
def application_detail(request, pk):
    return _detail(request, _own(request, pk))


def _detail(request, application, *, rating_form=None, status=200):
    rating = getattr(application, "rating", None) if application.is_final else None
    if rating_form is None and application.is_final and rating is None:
        rating_form = RatingForm()
    context = {
        "application": application,
        "timeline": application_timeline(application),
        "decision_documents": available_documents(
            status=application.status, application_kind=application.kind, accepted_on=application.accepted_on
        ),
        "events": public_events(application),
        "corrections": _open_corrections(application),
        "rating": rating,
        "rating_form": rating_form if application.is_final and rating is None else None,
        "establishment_token": uuid.uuid4(),
        "can_withdraw": application.status in application_drafts.WITHDRAWABLE_STATUSES,
        "changes": _changes(application),
        "can_establish": application.kind == ApplicationKind.PREPARATION
        and application.status == ApplicationStatus.COMPLETED,
    }
    return render(request, "workflows/portal/detail.html", context, status=status)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _own(request, pk)
    try:
        registration_withdraw(application=application, by=request.user, reason=request.POST.get("reason", "")[:500])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("portal_application", pk=pk)


@login_required
@require_POST
def application_rate(request, pk):
    application = _own(request, pk)
    if not application.is_final or ServiceRating.objects.filter(application=application).exists():
        # Not a matter of what was written: the page has no rating form to show an error beside.
        messages.error(
            request,
            _("办结后才能评价。") if not application.is_final else _("您已评价过该事项，每件申请只能评价一次。"),
        )
        return redirect("portal_application", pk=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            application_drafts.application_rate(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("portal_application", pk=pk)
    # The form again, with each error beside its field and what was written kept.
    return _detail(request, application, rating_form=form, status=400)


@login_required
@require_safe
def name_check(request):
    """Check a proposed name live: the name rules and the register, with the reason when refused."""
    name = request.GET.get("name", "").strip()[:50]
    try:
        jurisdiction = Jurisdiction.objects.get(pk=int(request.GET.get("jurisdiction", "")))
    except (ValueError, Jurisdiction.DoesNotExist):
        return JsonResponse({"ok": False, "errors": [_("请先选择登记管理机关。")]}, status=400)
    org_type = request.GET.get("org_type", "")
    if org_type not in ("1", "2", "3"):
        return JsonResponse({"ok": False, "errors": [_("请先选择组织类型。")]}, status=400)
    if not name:
        return JsonResponse({"ok": False, "errors": [_("请填写拟定名称。")]})
    organization = _checked_organization(request, jurisdiction=jurisdiction)
    if organization is not None and name == organization.name:
        # A change registration keeping its name: the name is the organization's own.
        return JsonResponse({"ok": True, "errors": []})
    errors = name_errors(name, org_type=org_type, context=jurisdiction.name_context())
    if not errors:
        errors = name_blocked_reasons(
            name=name,
            org_type=org_type,
            jurisdiction=jurisdiction,
            exclude_pk=organization.pk if organization is not None else None,
        )
    return JsonResponse({"ok": not errors, "errors": errors})


def _checked_organization(request, *, jurisdiction: Jurisdiction) -> Organization | None:
    """The registered organization a name check is for, when the user acts for it."""
    try:
        organization = Organization.objects.get(pk=int(request.GET.get("organization", "")), jurisdiction=jurisdiction)
    except (ValueError, Organization.DoesNotExist):
        return None
    return organization if request.user.has_perm("registry.manage_organization", organization) else None


@login_required
@require_safe
def document_download(request, pk):
    """Serve an uploaded document to its applicant or an officer of the application's jurisdiction."""
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    application = document.application
    allowed = (
        application.applicant_id == request.user.pk
        or request.user.is_superuser
        or OfficerAssignment.objects.filter(user=request.user, jurisdiction_id=application.jurisdiction_id).exists()
    )
    if not allowed:
        raise Http404
    path = application_drafts.document_path(document)
    if not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=document.content_type, filename=document.original_name)


@login_required
@require_safe
def decision_document(request, pk, kind):
    """A written decision on the application as PDF, for its applicant and the officers of its bureau."""
    application = get_object_or_404(RegistrationApplication.objects.select_related("jurisdiction"), pk=pk)
    allowed = (
        application.applicant_id == request.user.pk
        or request.user.is_superuser
        or OfficerAssignment.objects.filter(user=request.user, jurisdiction_id=application.jurisdiction_id).exists()
    )
    documents = {
        d.kind: d
        for d in available_documents(
            status=application.status, application_kind=application.kind, accepted_on=application.accepted_on
        )
    }
    if not allowed or kind not in documents:
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        context = _decision_context(application, documents[kind])
        try:
            pdf = sealed_decision_pdf(
                template="documents/decision.html",
                context=context,
                jurisdiction_code=application.jurisdiction.code,
                title=context["title"],
                number=context["number"],
            )
        except SigningUnavailable:
            return seal_pending_response()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.reference}-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _decision_context(application, document) -> dict:
    action = {"rejection": "rejected", "refusal": "refused", "approval": "approved"}.get(document.kind)
    event = application.events.filter(action=action).order_by("-at").first() if action else None
    if document.kind == "acceptance":
        day = application.accepted_on
    elif event is not None:
        day = timezone.localdate(event.at)
    else:
        day = timezone.localdate(application.decided_at) if application.decided_at else timezone.localdate()
    authority = application.jurisdiction.authority_name
    profile = getattr(application.applicant, "applicant_profile", None)
    what = document.title.removeprefix("准予").removeprefix("不予").removesuffix("决定书")
    return {
        "application": application,
        "kind": document.kind,
        "title": document.title,
        "number": document_number(
            authority_name=authority, kind=document.kind, year=day.year, application_pk=application.pk
        ),
        "addressee": getattr(profile, "real_name", "") or application.name,
        "what": what,
        "approval_issue": application.kind != "deregistration",
        "reason": event.reason if event is not None else "",
        "remedies": remedies(kind=document.kind, authority_name=authority),
        "submitted_text": date_text(timezone.localdate(application.submitted_at)) if application.submitted_at else "",
        "due_text": date_text(application.decision_due_on) if application.decision_due_on else "",
        "authority": authority,
        "date_text": date_text(day),
        "seal": seal_svg(authority),
    }
