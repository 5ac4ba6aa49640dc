"""Archive requests from the portal (the organization's own file) and from the public (with legal grounds);
the requester's status page, the written reply, and the expiring downloads."""

import io
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.choices import OfficerRole
from registry.models import ArchiveRequest, ArchiveStatus, Organization
from registry.ratelimit import client_address, seconds_to_wait
from registry.rendering import seal_svg
from registry.rules.certificate_services import RequesterKind, archive_decision_paragraphs, service_document_number
from registry.rules.display import local_date
from registry.selectors import public_organizations
from registry.services.archive_requests import (
    archive_download_record,
    archive_download_token,
    archive_item_file,
    archive_request_for_download,
    archive_request_for_status_token,
    archive_status_token,
    proof_path,
)
from registry.services.certificates import date_text
from registry.services.policy import holds_role
from registry.views.downloads import sealed_decision_response, uploaded_file_response
from workflows.flows.archive.services import archive_request_apply

PUBLIC_KINDS = [(value, label) for value, label in RequesterKind.choices if value != RequesterKind.ORGANIZATION]


class PublicArchiveForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("查询对象的统一社会信用代码"), max_length=18)
    requester_kind = forms.ChoiceField(label=gettext_lazy("查询人身份"), choices=PUBLIC_KINDS)
    requester_name = forms.CharField(label=gettext_lazy("查询人姓名"), max_length=40)
    requester_unit = forms.CharField(label=gettext_lazy("工作单位"), max_length=100)
    requester_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20)
    case_reference = forms.CharField(label=gettext_lazy("案号或文号"), max_length=80, required=False)
    grounds = forms.CharField(label=gettext_lazy("查询依据和用途"), widget=forms.Textarea(attrs={"rows": 3}))
    proof = forms.FileField(
        label=gettext_lazy("证明文件（律师执业证和委托书、调查令或公函，PDF 或图片）"), required=False
    )


def _represented(user):
    return get_objects_for_user(user, "registry.manage_organization", klass=Organization, accept_global_perms=False)


@login_required
@require_safe
def archive_portal(request):
    """The organization's archive requests, and a button to ask for its own file."""
    organizations = _represented(request.user).exclude(uscc__isnull=True)
    requests = ArchiveRequest.objects.filter(organization__in=organizations).select_related("organization")
    rows = [(r, archive_status_token(r)) for r in requests]
    return render(request, "workflows/archive/portal.html", {"organizations": organizations, "rows": rows})


@login_required
@require_POST
def archive_portal_apply(request):
    organization_id = request.POST.get("organization", "")
    if not organization_id.isdigit():
        raise Http404
    organization = get_object_or_404(_represented(request.user), pk=int(organization_id))
    name = request.user.get_full_name() or request.user.get_username()
    try:
        created = archive_request_apply(
            organization=organization,
            by=request.user,
            requester_kind=RequesterKind.ORGANIZATION,
            requester_name=name,
            grounds=request.POST.get("grounds", ""),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_archive")
    messages.success(
        request,
        _("已提交登记档案查询申请（申请编号：%(reference)s），登记管理机关将于%(day)s前答复。")
        % {"reference": created.reference, "day": local_date(created.due_on)},
    )
    return redirect("portal_archive")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def archive_public_new(request):
    """The public form: a lawyer, a court or an authority asks for a file with its legal grounds and proof."""
    if request.method != "POST":
        return render(request, "workflows/archive/public_form.html", {"form": PublicArchiveForm()})
    form = PublicArchiveForm(request.POST, request.FILES)
    wait = seconds_to_wait(
        scope="archive",
        address=client_address(request),
        limit=settings.REGISTRY["ARCHIVE_REQUESTS_PER_DAY"],
        window_seconds=86_400,
    )
    if wait:
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请明天再试。"))
        return render(request, "workflows/archive/public_form.html", {"form": form}, status=429)
    if form.is_valid():
        data = form.cleaned_data
        organization = public_organizations().filter(uscc=data["uscc"].strip().upper()).first()
        if organization is None:
            form.add_error("uscc", _("登记簿中没有该统一社会信用代码的社会组织。"))
        else:
            try:
                created = archive_request_apply(
                    organization=organization,
                    by=request.user,
                    requester_kind=data["requester_kind"],
                    requester_name=data["requester_name"],
                    requester_unit=data["requester_unit"],
                    requester_phone=data["requester_phone"],
                    case_reference=data["case_reference"],
                    grounds=data["grounds"],
                    proof=data["proof"],
                )
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                return redirect("archive_status", token=archive_status_token(created))
    return render(request, "workflows/archive/public_form.html", {"form": form})


def _by_status_token(token: str) -> ArchiveRequest:
    archive = archive_request_for_status_token(token)
    if archive is None:
        raise Http404
    return archive


@require_safe
@never_cache
def archive_status(request, token: str):
    """The requester's page of one request: its state, the written reply, and the download link while it works."""
    archive = _by_status_token(token)
    context = {"archive": archive, "token": token}
    if archive.status == ArchiveStatus.GRANTED:
        context["download_token"] = archive_download_token(archive)
        context["expired"] = timezone.now() >= archive.expires_at
    return render(request, "workflows/archive/status.html", context)


@require_safe
def archive_decision(request, token: str):
    """The written reply to the request (同意或不予查询), once decided, as PDF on the shared letterhead."""
    archive = _by_status_token(token)
    if archive.status == ArchiveStatus.SUBMITTED:
        raise Http404
    authority = archive.organization.jurisdiction.authority_name
    day = timezone.localdate(archive.decided_at)
    with translation.override(settings.LANGUAGE_CODE):
        granted = archive.status == ArchiveStatus.GRANTED
        paragraphs = archive_decision_paragraphs(
            reference=archive.reference,
            organization_name=archive.organization.name,
            granted=granted,
            titles=[item.title for item in archive.items.all()],
            expires_text=date_text(timezone.localdate(archive.expires_at)) if archive.expires_at else "",
            reason=archive.refusal_reason,
        )
        response = sealed_decision_response(
            template="documents/service_decision.html",
            context={
                "title": "登记档案查询答复书",
                "number": service_document_number(
                    authority_name=authority, kind="archive", year=day.year, pk=archive.pk
                ),
                "addressee": archive.requester_unit or archive.requester_name,
                "paragraphs": paragraphs,
                "authority": authority,
                "date_text": date_text(day),
                "seal": seal_svg(authority),
                "reference": archive.reference,
            },
            jurisdiction_code=archive.organization.jurisdiction.code,
            filename=f"{archive.reference}-reply.pdf",
        )
    return response


def _downloadable(request, token: str):
    """The granted request behind a download token, or the translated page saying the link has expired."""
    archive, state = archive_request_for_download(token)
    if state == "invalid":
        raise Http404
    if state == "expired":
        return archive, render(request, "workflows/archive/expired.html", {"archive": archive}, status=410)
    return archive, None


@require_safe
@never_cache
def archive_download(request, token: str):
    """The granted documents, one by one or all in a ZIP, while the link works."""
    archive, expired = _downloadable(request, token)
    if expired:
        return expired
    context = {"archive": archive, "items": archive.items.all(), "token": token}
    return render(request, "workflows/archive/download.html", context)


@require_safe
def archive_download_file(request, token: str, item: int):
    archive, expired = _downloadable(request, token)
    if expired:
        return expired
    chosen = get_object_or_404(archive.items, pk=item)
    found = archive_item_file(chosen)
    if found is None:
        raise Http404
    path, content_type, filename = found
    archive_download_record(request=archive, item=chosen, address=client_address(request))
    return uploaded_file_response(path, content_type=content_type, filename=filename)


@require_safe
def archive_download_zip(request, token: str):
    """All the granted documents in one ZIP, served with the same headers as every uploaded file."""
    archive, expired = _downloadable(request, token)
    if expired:
        return expired
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_zip:
        for index, item in enumerate(archive.items.all(), start=1):
            found = archive_item_file(item)
            if found is not None:
                path, _content_type, filename = found
                archive_zip.write(path, arcname=f"{index:02d}-{filename}")
    archive_download_record(request=archive, item=None, address=client_address(request))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.reference}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def archive_proof(request, pk: int):
    """The requester's proof, for the window officers of the organization's bureau (anyone else: 404)."""
    archive = get_object_or_404(ArchiveRequest.objects.select_related("organization__jurisdiction"), pk=pk)
    if not holds_role(request.user, archive.organization.jurisdiction, OfficerRole.WINDOW, OfficerRole.APPROVER):
        raise Http404
    path = proof_path(archive.proof_stored_name) if archive.proof_stored_name else None
    if path is None or not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=archive.proof_content_type, filename=archive.proof_original_name)
