"""Officers' pages of party building (党建): coverage per bureau and the organizations still missing (exported to
Excel), and one organization's record to update, with its history. Records of their own bureaus only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from openpyxl import Workbook

from registry.models import PartyBuilding
from registry.rules.party_building import Gap, PartyOrgKind
from registry.selectors.party_building import party_coverage, party_missing, party_organizations
from registry.services.party_building import party_building_update
from registry.spreadsheets import spreadsheet_export
from workflows.supervision.views import SupervisionPage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PartyCoverageView(SupervisionPage):
    """Coverage per bureau, and every organization still missing a party organization or its 双报到."""

    template_name = "workflows/supervision/party_building.html"

    def gap(self) -> str:
        gap = self.request.GET.get("gap", "")
        return gap if gap in Gap.values else ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(party_missing(self.jurisdictions(), gap=self.gap()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        missing = party_missing(self.jurisdictions(), gap=self.gap())
        context.update(
            coverage=party_coverage(self.jurisdictions()),
            missing=missing[:500],
            missing_count=len(missing),
            gap=self.gap(),
            gaps=[("", _("全部"))] + [(g.value, g.label) for g in Gap],
        )
        return context

    def excel(self, rows):
        with spreadsheet_export(
            report="party_building_missing", by=self.request.user, filters={"gap": self.gap()}
        ) as export:
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = str(_("尚未覆盖"))
            headers = [
                _("登记管理机关"),
                _("统一社会信用代码"),
                _("名称"),
                _("党组织组建形式"),
                _("党员人数"),
                _("向社区报到日期"),
                _("向行业党委报到日期"),
                _("尚缺"),
            ]
            export.append_row(sheet, [str(h) for h in headers], counted=False)
            for organization, record, gaps in rows:
                export.append_row(
                    sheet,
                    [
                        organization.jurisdiction.name,
                        organization.uscc or "",
                        organization.name,
                        str(record.get_kind_display()) if record else str(PartyOrgKind.NONE.label),
                        record.members if record else 0,
                        record.community_reported_on.isoformat() if record and record.community_reported_on else "",
                        record.committee_reported_on.isoformat() if record and record.committee_reported_on else "",
                        "；".join(str(gap.label) for gap in gaps),
                    ],
                )
            response = HttpResponse(content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="party-building-missing.xlsx"'
            workbook.save(response)
        return response


def _readable(values: dict) -> list[tuple[str, str]]:
    """A history entry's values as (label, value) lines people read."""
    lines = []
    for name, value in values.items():
        field = PartyBuilding._meta.get_field(name)
        if name == "kind" and value in PartyOrgKind.values:
            value = PartyOrgKind(value).label
        lines.append((str(field.verbose_name), "—" if value in (None, "") else str(value)))
    return lines


class PartyBuildingForm(forms.ModelForm):
    class Meta:
        model = PartyBuilding
        fields = [
            "kind",
            "members",
            "instructor_name",
            "instructor_unit",
            "instructor_phone",
            "community_reported_on",
            "committee_reported_on",
        ]
        widgets = {"community_reported_on": DATE, "committee_reported_on": DATE}


class PartyBuildingEditView(SupervisionPage):
    """An organization's party organization, instructor and 双报到: the officer updates them; history below."""

    template_name = "workflows/supervision/party_building_edit.html"

    def organization(self):
        return get_object_or_404(
            party_organizations(self.jurisdictions()).select_related("jurisdiction"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.organization()
        record = PartyBuilding.objects.filter(organization=organization).first()
        context.update(
            organization=organization,
            record=record,
            history=[(h, _readable(h.values)) for h in record.history.select_related("by", "annual_report")[:50]]
            if record
            else [],
            form=form or PartyBuildingForm(instance=record),
        )
        return context

    def post(self, request, *args, **kwargs):
        organization = self.organization()
        form = PartyBuildingForm(request.POST, instance=PartyBuilding(organization=organization))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in PartyBuildingForm.Meta.fields}
            try:
                party_building_update(organization=organization, by=request.user, **values)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    for error in exc.messages:
                        form.add_error(None, error)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已更新%(name)s的党建情况。") % {"name": organization.name})
                return redirect("work:party_building_edit", pk=organization.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
