"""Officers' pages of the credit lists: the entries of their bureaus, listing and clearing the grounds no sweep
finds, and deciding organizations' credit-repair applications (信用修复). Records of their own bureaus only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from registry.models import CreditEntry, CreditRepair, CreditRepairFile, Organization, RepairStatus
from registry.rules.credit import LIST_OF_REASON, MANUAL_GROUNDS, CreditList
from registry.selectors import supervision_jurisdictions
from registry.services.credit import credit_manual_clear, credit_manual_list
from registry.services.credit_repair import credit_repair_decide, repair_is_overdue, repair_refusal_of
from registry.services.supervision import file_path
from registry.views.downloads import uploaded_file_response
from workflows.supervision.views import SupervisionPage


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class ManualListForm(forms.Form):
    organization = forms.CharField(
        label=gettext_lazy("社会组织"), max_length=120, help_text=gettext_lazy("统一社会信用代码或准确名称")
    )
    reason_code = forms.ChoiceField(label=gettext_lazy("列入情形"))
    reason = forms.CharField(label=gettext_lazy("列入事由"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(
        label=gettext_lazy("法律依据"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("不填写的，以《社会组织信用信息管理办法》相应情形为依据；可补充文书编号"),
    )

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdictions = jurisdictions
        self.fields["reason_code"].choices = [
            (code.value, f"{code.label}（{CreditList(LIST_OF_REASON[code]).label}）") for code in MANUAL_GROUNDS
        ]

    def clean_organization(self):
        text = self.cleaned_data["organization"].strip()
        matches = Organization.objects.filter(jurisdiction__in=self.jurisdictions)
        found = list(matches.filter(Q(uscc=text.upper()) | Q(name=text))[:2])
        if len(found) != 1:
            raise ValidationError(_("在本机关登记的社会组织中找不到该统一社会信用代码或名称。"))
        return found[0]


class CreditListView(SupervisionPage):
    """The open entries of the officer's bureaus; list an organization on a ground no sweep finds, or clear one."""

    template_name = "workflows/supervision/credit.html"

    def entries(self):
        return CreditEntry.objects.filter(
            organization__jurisdiction__in=self.jurisdictions(), removed_on__isnull=True
        ).select_related("organization", "authority")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("list", "")
        entries = self.entries()
        if show in CreditList.values:
            entries = entries.filter(credit_list=show)
        context.update(
            entries=entries.order_by("-listed_on", "-id")[:500],
            show=show,
            manual=set(MANUAL_GROUNDS),
            form=form or ManualListForm(jurisdictions=self.jurisdictions()),
            pending_repairs=CreditRepair.objects.filter(
                entry__organization__jurisdiction__in=self.jurisdictions(), status=RepairStatus.PENDING
            ).count(),
            CreditList=CreditList,
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "clear":
            entry = get_object_or_404(self.entries(), pk=request.POST.get("entry") or 0)
            try:
                credit_manual_clear(
                    entry=entry,
                    reason=request.POST.get("reason", ""),
                    listed_in_error=request.POST.get("listed_in_error") == "on",
                    by=request.user,
                )
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    messages.error(request, error)
            else:
                messages.success(request, _("已移出：%(name)s。") % {"name": entry.organization.name})
            return redirect("work:credit")
        form = ManualListForm(request.POST, jurisdictions=self.jurisdictions())
        if form.is_valid():
            try:
                entry = credit_manual_list(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("已将%(name)s列入%(list)s。")
                    % {"name": entry.organization.name, "list": entry.get_credit_list_display()},
                )
                return redirect("work:credit")
        return self.render_to_response(self.get_context_data(form=form))


class CreditRepairListView(SupervisionPage):
    """Credit-repair applications of the officer's bureaus: pending ones first, overdue decisions flagged."""

    template_name = "workflows/supervision/credit_repairs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "pending")
        repairs = CreditRepair.objects.filter(entry__organization__jurisdiction__in=self.jurisdictions())
        repairs = repairs.select_related("entry__organization")
        if show == "pending":
            repairs = repairs.filter(status=RepairStatus.PENDING)
        today = timezone.localdate()
        context.update(
            rows=[(r, repair_is_overdue(r, today=today)) for r in repairs.order_by("decide_due", "id")[:500]],
            show=show,
        )
        return context


class RepairDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("审核结果"),
        choices=[("1", gettext_lazy("准予移出")), ("0", gettext_lazy("不予移出"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("审核意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("不予移出的，写明理由；申请组织可在其办事页面看到"),
    )


class CreditRepairDetailView(SupervisionPage):
    """One application: the entry, the grounds and evidence, whether the rules allow removal; decide it."""

    template_name = "workflows/supervision/credit_repair.html"

    def repair(self) -> CreditRepair:
        return get_object_or_404(
            CreditRepair.objects.filter(entry__organization__jurisdiction__in=self.jurisdictions()).select_related(
                "entry__organization", "entry__authority", "entry__promoted_from", "applicant", "decided_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        repair = self.repair()
        refusal = repair_refusal_of(repair.entry) if repair.status == RepairStatus.PENDING else None
        context.update(
            repair=repair,
            entry=repair.entry,
            files=repair.files.all(),
            refusal=refusal,
            overdue=repair_is_overdue(repair),
            form=form or RepairDecisionForm(),
            RepairStatus=RepairStatus,
        )
        return context

    def post(self, request, *args, **kwargs):
        repair = self.repair()
        form = RepairDecisionForm(request.POST)
        if form.is_valid():
            try:
                decided = credit_repair_decide(repair=repair, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已作出决定：%(status)s。") % {"status": decided.get_status_display()})
                return redirect("work:credit_repair", pk=repair.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CreditRepairFileView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An evidence file of a credit-repair application, for the supervision officers of its bureau."""

    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, pk):
        repair_file = get_object_or_404(
            CreditRepairFile.objects.filter(
                repair__entry__organization__jurisdiction__in=supervision_jurisdictions(request.user)
            ),
            pk=pk,
        )
        path = file_path(repair_file.stored_name)
        if not path.exists():
            raise Http404
        return uploaded_file_response(path, content_type=repair_file.content_type, filename=repair_file.original_name)
