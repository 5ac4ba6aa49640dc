"""Officers' pages of incubation (孵化): the bases with their occupancy, and one base's incubatees, services,
graduations and figures, where its staff admit a group, log a service, link a registration application and
graduate an incubatee. Each page shows the bases the person works on only (their district's, or their own)."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from openpyxl import Workbook

from registry.choices import OfficerRole
from registry.models import (
    Admission,
    AdmissionStatus,
    CommunityField,
    CommunityGroup,
    CommunityGroupStatus,
    GraduationOutcome,
    IncubationBaseKind,
    IncubationManager,
    IncubationServiceKind,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    Subdistrict,
)
from registry.selectors.incubation import (
    base_admissions,
    base_figures,
    base_history,
    base_services,
    incubation_bases_for,
    with_occupancy,
)
from registry.services.incubation import (
    incubation_admit,
    incubation_base_save,
    incubation_graduate,
    incubation_link_application,
    incubation_service_log,
)
from registry.services.policy import holds_role
from registry.spreadsheets import spreadsheet_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_INPUT = {"type": "date"}


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE_INPUT), **kwargs)


def _find_organization(text: str, base) -> Organization:
    """The organization of the base's district with this credit code or exact name."""
    text = text.strip()
    found = list(
        Organization.objects.filter(jurisdiction=base.jurisdiction).filter(Q(uscc=text.upper()) | Q(name=text))[:2]
    )
    if len(found) != 1:
        raise ValidationError(_("在本区登记的社会组织中找不到该统一社会信用代码或名称。"))
    return found[0]


class BaseForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("所属区县登记管理机关"), queryset=Jurisdiction.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, help_text=gettext_lazy("如：闵行区公益园"))
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=IncubationBaseKind.choices)
    subdistrict = forms.ModelChoiceField(
        label=gettext_lazy("所在街道（乡镇）"), queryset=Subdistrict.objects.none(), required=False
    )
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200)
    capacity = forms.IntegerField(label=gettext_lazy("入驻名额"), min_value=1, max_value=10000)
    operator = forms.CharField(
        label=gettext_lazy("运营机构"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("统一社会信用代码或准确名称；由登记管理机关直接运营的不填"),
    )
    active = forms.BooleanField(label=gettext_lazy("运营中"), required=False, initial=True)

    def __init__(self, *args, jurisdictions, base=None, **kwargs):
        if base is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": base.name,
                    "kind": base.kind,
                    "subdistrict": base.subdistrict_id,
                    "address": base.address,
                    "capacity": base.capacity,
                    "operator": base.operator.uscc if base.operator else "",
                    "active": base.active,
                },
            )
        super().__init__(*args, **kwargs)
        self.base = base
        if base is not None:
            del self.fields["jurisdiction"]
            jurisdictions = Jurisdiction.objects.filter(pk=base.jurisdiction_id)
        else:
            self.fields["jurisdiction"].queryset = jurisdictions
            del self.fields["active"]
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(district__in=jurisdictions)

    def clean_operator(self):
        text = self.cleaned_data["operator"].strip()
        if not text:
            return None
        found = list(Organization.objects.filter(Q(uscc=text.upper()) | Q(name=text))[:2])
        if len(found) != 1:
            raise ValidationError(_("找不到该统一社会信用代码或名称的社会组织。"))
        return found[0]


class AdmitForm(forms.Form):
    organization = forms.CharField(
        label=gettext_lazy("已登记的社会组织"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("统一社会信用代码或准确名称"),
    )
    community_group = forms.ModelChoiceField(
        label=gettext_lazy("已备案的社区社会组织"), queryset=CommunityGroup.objects.none(), required=False
    )
    group_name = forms.CharField(label=gettext_lazy("或：尚未登记备案的团队名称"), max_length=100, required=False)
    contact_name = forms.CharField(label=gettext_lazy("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False)
    field = forms.ChoiceField(label=gettext_lazy("服务领域"), choices=CommunityField.choices)
    admitted_on = _date_field(gettext_lazy("入驻日期"))
    planned_graduation_on = _date_field(gettext_lazy("计划出壳日期"))

    def __init__(self, *args, base, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.fields["community_group"].queryset = CommunityGroup.objects.filter(
            subdistrict__district=base.jurisdiction, status=CommunityGroupStatus.FILED
        )
        self.fields["admitted_on"].initial = timezone.localdate()

    def clean_organization(self):
        text = self.cleaned_data["organization"]
        return _find_organization(text, self.base) if text.strip() else None


class ServiceForm(forms.Form):
    admission = forms.ModelChoiceField(label=gettext_lazy("服务对象"), queryset=Admission.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("服务类别"), choices=IncubationServiceKind.choices)
    provided_on = _date_field(gettext_lazy("服务日期"))
    hours = forms.DecimalField(label=gettext_lazy("时长（小时）"), max_digits=6, decimal_places=1)
    provider = forms.CharField(label=gettext_lazy("提供者"), max_length=100, help_text=gettext_lazy("导师、讲师或机构"))
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, base, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admission"].queryset = _incubating(base)
        self.fields["admission"].label_from_instance = lambda admission: admission.incubatee_name
        self.fields["provided_on"].initial = timezone.localdate()


class GraduateForm(forms.Form):
    admission = forms.ModelChoiceField(label=gettext_lazy("出壳组织"), queryset=Admission.objects.none())
    outcome = forms.ChoiceField(
        label=gettext_lazy("出壳结果"), choices=GraduationOutcome.choices, widget=forms.RadioSelect
    )
    graduated_on = _date_field(gettext_lazy("出壳日期"))
    outcome_organization = forms.CharField(
        label=gettext_lazy("登记成立的社会组织"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("统一社会信用代码或准确名称；入驻时已登记的可不填"),
    )
    outcome_group = forms.ModelChoiceField(
        label=gettext_lazy("备案的社区社会组织"), queryset=CommunityGroup.objects.none(), required=False
    )
    left_reason = forms.CharField(
        label=gettext_lazy("离开原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, base, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.fields["admission"].queryset = _incubating(base)
        self.fields["admission"].label_from_instance = lambda admission: admission.incubatee_name
        self.fields["outcome_group"].queryset = CommunityGroup.objects.filter(
            subdistrict__district=base.jurisdiction,
            status__in=[CommunityGroupStatus.FILED, CommunityGroupStatus.REGISTERED],
        )
        self.fields["graduated_on"].initial = timezone.localdate()

    def clean_outcome_organization(self):
        text = self.cleaned_data["outcome_organization"]
        return _find_organization(text, self.base) if text.strip() else None


class LinkForm(forms.Form):
    admission = forms.ModelChoiceField(label=gettext_lazy("孵化组织"), queryset=Admission.objects.none())
    reference = forms.CharField(
        label=gettext_lazy("登记申请编号"), max_length=30, help_text=gettext_lazy("如：310112-2026-000123")
    )

    def __init__(self, *args, base, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admission"].queryset = _incubating(base)
        self.fields["admission"].label_from_instance = lambda admission: admission.incubatee_name


def _incubating(base):
    return Admission.objects.filter(base=base, status=AdmissionStatus.INCUBATING).select_related(
        "organization", "community_group"
    )


FORMS = {"admit": AdmitForm, "service": ServiceForm, "graduate": GraduateForm, "link": LinkForm}


class IncubationPage(LoginRequiredMixin, TemplateView):
    """A page for the people who work on bases: bureau officers and base managers; others are refused."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (
            user.is_superuser
            or OfficerAssignment.objects.filter(user=user).exists()
            or IncubationManager.objects.filter(user=user).exists()
        ):
            raise PermissionDenied(_("只有登记管理机关工作人员和孵化基地管理人员可以查看。"))
        return super().dispatch(request, *args, **kwargs)

    def bases(self):
        return incubation_bases_for(self.request.user)

    def xlsx(self, workbook, filename: str) -> HttpResponse:
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        workbook.save(response)
        return response


class BaseListView(IncubationPage):
    """The bases the person works on, with places, incubatees now and vacancies."""

    template_name = "workflows/incubation/bases.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel()
        return super().get(request, *args, **kwargs)

    def officer_jurisdictions(self):
        """The bureaus where the person works as an officer: they may open bases there."""
        user = self.request.user
        if user.is_superuser:
            return Jurisdiction.objects.all()
        return Jurisdiction.objects.filter(pk__in=OfficerAssignment.objects.filter(user=user).values("jurisdiction_id"))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bases"] = with_occupancy(self.bases().order_by("jurisdiction__code", "kind", "name"))
        jurisdictions = self.officer_jurisdictions()
        if jurisdictions.exists():
            context["base_form"] = form or BaseForm(jurisdictions=jurisdictions, prefix="base")
        return context

    def post(self, request, *args, **kwargs):
        form = BaseForm(request.POST, jurisdictions=self.officer_jurisdictions(), prefix="base")
        if form.is_valid():
            try:
                base = incubation_base_save(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已开设孵化基地：%(name)s。") % {"name": base.name})
                return redirect("work:incubation_base", pk=base.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def excel(self):
        bases = with_occupancy(self.bases().order_by("jurisdiction__code", "kind", "name"))
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("孵化基地"))
        with spreadsheet_export(report="incubation_bases", by=self.request.user) as export:
            headers = [_("名称"), _("类别"), _("所属区县"), _("街道（乡镇）"), _("地址"), _("运营机构")]
            headers += [_("入驻名额"), _("在孵"), _("空余名额"), _("运营中")]
            export.append_row(sheet, [str(header) for header in headers], counted=False)
            for base in bases:
                export.append_row(
                    sheet,
                    [
                        base.name,
                        str(base.get_kind_display()),
                        base.jurisdiction.name,
                        base.subdistrict.name if base.subdistrict else "",
                        base.address,
                        base.operator.name if base.operator else "",
                        base.capacity,
                        base.current,
                        base.vacancy,
                        str(_("是") if base.active else _("否")),
                    ],
                )
        return self.xlsx(workbook, "incubation-bases.xlsx")


class BaseDetailView(IncubationPage):
    """One base: its incubatees, services, graduations and figures, and the forms its staff use."""

    template_name = "workflows/incubation/base.html"

    def base(self):
        return get_object_or_404(
            self.bases().select_related("jurisdiction", "subdistrict", "operator"), pk=self.kwargs["pk"]
        )

    def year(self) -> int:
        text = self.request.GET.get("year", "")
        return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(self.base())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        base = kwargs.get("base") or self.base()
        forms_by_action = {name: form_class(base=base, prefix=name) for name, form_class in FORMS.items()}
        if holds_role(self.request.user, base.jurisdiction, *OfficerRole.values):
            forms_by_action["edit"] = BaseForm(jurisdictions=None, base=base, prefix="edit")
        if bound is not None:
            forms_by_action[bound.prefix] = bound
        admissions = list(base_admissions(base))
        context.update(
            base=base,
            figures=base_figures(base, year=self.year()),
            current=[a for a in admissions if a.status == AdmissionStatus.INCUBATING],
            graduated=[a for a in admissions if a.status == AdmissionStatus.GRADUATED],
            services=base_services(base)[:200],
            history=base_history(base)[:200],
            forms=forms_by_action,
            today=timezone.localdate(),
        )
        return context

    def post(self, request, *args, **kwargs):
        base = self.base()
        action = request.POST.get("action", "")
        if action == "edit":
            form = BaseForm(request.POST, jurisdictions=None, base=base, prefix="edit")
        elif action in FORMS:
            form = FORMS[action](request.POST, base=base, prefix=action)
        else:
            return redirect("work:incubation_base", pk=base.pk)
        if form.is_valid():
            try:
                done = self.act(action, base, form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, done)
                return redirect("work:incubation_base", pk=base.pk)
        return self.render_to_response(self.get_context_data(bound=form, base=base))

    def act(self, action: str, base, data: dict) -> str:
        """Run the service for `action` and say what was done."""
        by = self.request.user
        if action == "edit":
            incubation_base_save(by=by, base=base, **data)
            return _("已修改孵化基地信息。")
        if action == "admit":
            admission = incubation_admit(base=base, by=by, **data)
            return _("已办理入驻：%(name)s。") % {"name": admission.incubatee_name}
        if action == "service":
            service = incubation_service_log(by=by, **data)
            return _("已记录服务：%(name)s，%(kind)s %(hours)s小时。") % {
                "name": service.admission.incubatee_name,
                "kind": service.get_kind_display(),
                "hours": service.hours,
            }
        if action == "graduate":
            admission = incubation_graduate(by=by, **data)
            return _("已办理出壳：%(name)s（%(outcome)s）。") % {
                "name": admission.incubatee_name,
                "outcome": admission.get_outcome_display(),
            }
        admission = incubation_link_application(by=by, **data)
        return _("已关联登记申请 %(ref)s：%(name)s。") % {
            "ref": admission.registration_application.reference,
            "name": admission.incubatee_name,
        }

    def excel(self, base):
        figures = base_figures(base, year=self.year())
        workbook = Workbook()
        with spreadsheet_export(
            report="incubation_base", by=self.request.user, filters={"base": base.pk, "year": figures["year"]}
        ) as export:
            sheet = workbook.active
            sheet.title = str(_("入驻组织"))
            headers = [_("名称"), _("类别"), _("服务领域"), _("入驻日期"), _("计划出壳日期"), _("孵化状态")]
            headers += [
                _("出壳日期"),
                _("出壳结果"),
                _("登记或备案的组织"),
                _("离开原因"),
                _("登记申请"),
                _("服务时长（小时）"),
            ]
            export.append_row(sheet, [str(header) for header in headers], counted=False)
            kinds = {"organization": _("已登记"), "group": _("已备案"), "unfiled": _("未登记备案")}
            for admission in base_admissions(base):
                outcome_of = admission.outcome_organization or admission.outcome_group
                export.append_row(
                    sheet,
                    [
                        admission.incubatee_name,
                        str(kinds[admission.incubatee_kind]),
                        str(admission.get_field_display()),
                        admission.admitted_on,
                        admission.planned_graduation_on,
                        str(admission.get_status_display()),
                        admission.graduated_on,
                        str(admission.get_outcome_display()) if admission.outcome else "",
                        outcome_of.name if outcome_of else "",
                        admission.left_reason,
                        admission.registration_application.reference if admission.registration_application else "",
                        float(admission.service_hours or 0),
                    ],
                )
            sheet = workbook.create_sheet(str(_("孵化服务")))
            headers = [_("服务对象"), _("服务类别"), _("服务日期"), _("时长（小时）"), _("提供者"), _("说明")]
            export.append_row(sheet, [str(header) for header in headers], counted=False)
            for service in base_services(base):
                export.append_row(
                    sheet,
                    [
                        service.admission.incubatee_name,
                        str(service.get_kind_display()),
                        service.provided_on,
                        float(service.hours),
                        service.provider,
                        service.note,
                    ],
                )
            sheet = workbook.create_sheet(str(_("统计")))
            export.append_row(sheet, [str(_("项目")), str(figures["year"]), str(_("累计"))], counted=False)
            export.append_row(sheet, [str(_("在孵")), figures["current"], figures["current"]])
            export.append_row(sheet, [str(_("入驻")), figures["admitted_in_year"], figures["admitted_total"]])
            for label, in_year, total in figures["outcomes"]:
                export.append_row(sheet, [str(_("出壳：%(outcome)s") % {"outcome": label}), in_year, total])
            for label, in_year, total in figures["hours"]:
                export.append_row(sheet, [str(_("服务时长：%(kind)s") % {"kind": label}), float(in_year), float(total)])
        return self.xlsx(workbook, f"incubation-base-{base.pk}-{datetime.date.today():%Y%m%d}.xlsx")
