"""The organization's page of its leadership: file an election, apply to hold it late, file officer changes,
file the legal representative's departure audit; and the written decision on an extension (PDF)."""

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
from django.views.decorators.http import require_http_methods, require_safe

from registry.choices import OrgStatus
from registry.models import (
    Election,
    ElectionReminder,
    ExtensionStatus,
    OfficerAssignment,
    OfficerFiling,
    Organization,
    TermExtension,
)
from registry.rendering import seal_svg
from registry.rules.decision_documents import EXTENSION_TITLES, extension_document_number, remedies
from registry.rules.elections import MAX_TERM_YEARS, AuditPolicy, OfficerPosition, VotingBody
from registry.selectors import current_term, departure_audit_filed, serving_officers
from registry.services import policy
from registry.services.certificates import date_text
from registry.services.officer_filings import departure_audit_file
from registry.views.downloads import sealed_decision_response
from workflows.flows.election.services import election_filing_start
from workflows.flows.officer_filing.services import officer_filing_start
from workflows.flows.term_extension.services import term_extension_start

DATE = forms.DateInput(attrs={"type": "date"})


class ElectionForm(forms.Form):
    elected_on = forms.DateField(label=gettext_lazy("换届选举日期"), widget=DATE)
    voting_body = forms.ChoiceField(label=gettext_lazy("选举机构"), choices=VotingBody.choices)
    term_years = forms.IntegerField(
        label=gettext_lazy("每届任期（年）"),
        min_value=1,
        max_value=MAX_TERM_YEARS,
        help_text=gettext_lazy("按章程，最长5年"),
    )
    officers_elected = forms.CharField(
        label=gettext_lazy("当选负责人"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：会长张三；秘书长李四；监事王五"),
    )
    legal_rep_changes = forms.BooleanField(label=gettext_lazy("本次换届变更法定代表人"), required=False)
    minutes = forms.FileField(label=gettext_lazy("换届选举结果（会议决议或选举结果报告，PDF）"))
    audit_report = forms.FileField(label=gettext_lazy("换届审计报告（PDF）"), required=False)
    auditor = forms.CharField(label=gettext_lazy("审计机构"), max_length=100, required=False)
    audit_on = forms.DateField(label=gettext_lazy("审计报告日期"), required=False, widget=DATE)


class ExtensionForm(forms.Form):
    new_date = forms.DateField(label=gettext_lazy("延期后的换届日期"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("延期换届的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class OfficersForm(forms.Form):
    """Who leaves (the serving officers as checkboxes) and who is appointed (up to three at a time)."""

    leaving = forms.MultipleChoiceField(
        label=gettext_lazy("免去职务的负责人"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaving"].choices = [(o.pk, f"{o.position} {o.name}") for o in serving_officers(organization)]
        positions = [("", "—"), *OfficerPosition.choices]
        for n in range(1, 4):
            label = _("新任负责人%(n)d") % {"n": n}
            self.fields[f"position_{n}"] = forms.ChoiceField(
                label=_("%(who)s：职务") % {"who": label}, choices=positions, required=False
            )
            self.fields[f"name_{n}"] = forms.CharField(label=_("%(who)s：姓名") % {"who": label}, required=False)
            self.fields[f"id_number_{n}"] = forms.CharField(
                label=_("%(who)s：身份证号码") % {"who": label}, max_length=18, required=False
            )
            self.fields[f"term_ends_on_{n}"] = forms.DateField(
                label=_("%(who)s：任期届满日期") % {"who": label}, required=False, widget=DATE
            )

    def appointments(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "position": data[f"position_{n}"],
                "name": data[f"name_{n}"],
                "id_number": data[f"id_number_{n}"],
                "term_ends_on": data[f"term_ends_on_{n}"],
            }
            for n in range(1, 4)
            if data[f"position_{n}"] or data[f"name_{n}"] or data[f"id_number_{n}"]
        ]


class DepartureAuditForm(forms.Form):
    auditor = forms.CharField(label=gettext_lazy("审计机构"), max_length=100)
    period_from = forms.DateField(label=gettext_lazy("审计期间自"), widget=DATE)
    period_to = forms.DateField(label=gettext_lazy("审计期间至"), widget=DATE)
    report = forms.FileField(label=gettext_lazy("离任审计报告（PDF）"))


def _represented(request, organization_pk) -> Organization:
    organization = get_object_or_404(Organization.objects.select_related("jurisdiction"), pk=organization_pk)
    try:
        policy.require_representative(request.user, organization)
    except PermissionDenied as exc:
        raise Http404 from exc
    return organization


def _submit(form, action) -> bool:
    """Run `action()` for a valid form; a refusal goes on the form, beside nothing else."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def leadership(request, organization_pk: int):
    """换届与负责人: the current term and officers, the filings made, and the four applications."""
    organization = _represented(request, organization_pk)
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    election_form = ElectionForm(
        post if action == "election" else None, files if action == "election" else None, prefix="election"
    )
    extension_form = ExtensionForm(post if action == "extension" else None, prefix="extension")
    officers_form = OfficersForm(post if action == "officers" else None, prefix="officers", organization=organization)
    audit_form = DepartureAuditForm(
        post if action == "audit" else None, files if action == "audit" else None, prefix="audit"
    )
    by = request.user
    actions = {
        "election": (
            election_form,
            lambda: election_filing_start(organization=organization, by=by, **election_form.cleaned_data),
            _("已报送换届备案，登记管理机关将在%(days)d个工作日内办理。"),
            "ELECTION_FILING_WORKING_DAYS",
        ),
        "extension": (
            extension_form,
            lambda: term_extension_start(organization=organization, by=by, **extension_form.cleaned_data),
            _("已提交延期换届申请，登记管理机关将在%(days)d个工作日内作出决定。"),
            "TERM_EXTENSION_WORKING_DAYS",
        ),
        "officers": (
            officers_form,
            lambda: officer_filing_start(
                organization=organization,
                by=by,
                leaving_ids=[int(pk) for pk in officers_form.cleaned_data["leaving"]],
                appointments=officers_form.appointments(),
            ),
            _("已报送负责人备案，登记管理机关将在%(days)d个工作日内办理。"),
            "ELECTION_FILING_WORKING_DAYS",
        ),
        "audit": (
            audit_form,
            lambda: departure_audit_file(organization=organization, by=by, **audit_form.cleaned_data),
            _("已备案离任审计。可以申请变更法定代表人了。"),
            None,
        ),
    }
    if action in actions:
        form, run, message, days_setting = actions[action]
        if _submit(form, run):
            if days_setting:
                message = message % {"days": settings.REGISTRY[days_setting]}
            messages.success(request, message)
            return redirect("portal_leadership", organization_pk=organization.pk)
    context = {
        "organization": organization,
        "normal": organization.status == OrgStatus.NORMAL,
        "term": current_term(organization),
        "officers": serving_officers(organization),
        "elections": Election.objects.filter(organization=organization)[:20],
        "extensions": TermExtension.objects.filter(organization=organization)[:20],
        "filings": OfficerFiling.objects.filter(organization=organization).prefetch_related("changes")[:20],
        "reminders": ElectionReminder.objects.filter(organization=organization)[:5],
        "audit_filed": departure_audit_filed(organization),
        "audit_always": settings.REGISTRY["ELECTION_AUDIT_POLICY"] == AuditPolicy.ALL or organization.org_type == "3",
        "election_form": election_form,
        "extension_form": extension_form,
        "officers_form": officers_form,
        "audit_form": audit_form,
        "today": timezone.localdate(),
    }
    return render(request, "workflows/portal/leadership.html", context)


@login_required
@require_safe
def extension_decision(request, pk: int):
    """The written decision on an extension, for the organization and the officers of its bureau (PDF)."""
    extension = get_object_or_404(
        TermExtension.objects.select_related("organization__jurisdiction").exclude(status=ExtensionStatus.SUBMITTED),
        pk=pk,
    )
    organization = extension.organization
    allowed = (
        request.user.has_perm("registry.manage_organization", organization)
        or request.user.is_superuser
        or OfficerAssignment.objects.filter(user=request.user, jurisdiction_id=organization.jurisdiction_id).exists()
    )
    if not allowed:
        raise Http404
    approved = extension.status == ExtensionStatus.APPROVED
    day = timezone.localdate(extension.decided_at)
    authority = organization.jurisdiction.authority_name
    context = {
        "extension": extension,
        "approved": approved,
        "title": EXTENSION_TITLES[approved],
        "number": extension_document_number(
            authority_name=authority, approved=approved, year=day.year, extension_pk=extension.pk
        ),
        "submitted_text": date_text(timezone.localdate(extension.submitted_at)),
        "term_end_text": date_text(extension.term_ends_on),
        "new_date_text": date_text(extension.new_date),
        "remedies": remedies(kind="rejection", authority_name=authority),
        "authority": authority,
        "date_text": date_text(day),
        "seal": seal_svg(authority),
    }
    with translation.override(settings.LANGUAGE_CODE):
        response = sealed_decision_response(
            template="documents/term_extension_decision.html",
            context=context,
            jurisdiction_code=organization.jurisdiction.code,
            filename=f"{extension.reference}.pdf",
        )
    return response
