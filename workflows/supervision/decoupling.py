"""Officers' pages of decoupling (脱钩): the progress of every industry association of their bureaus (items verified
out of five, filtered by stage, exported to Excel), one association's items to verify, return or reopen, and the
evidence files. Records of their own bureaus only (supervision roles)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook

from registry.models import DecouplingEvidence, DecouplingItem
from registry.rules.decoupling import SEPARATION_ARTICLES, Separation, Stage
from registry.selectors import supervision_jurisdictions
from registry.selectors.decoupling import PENDING, decoupling_items, decoupling_progress, industry_associations
from registry.services.decoupling import (
    decoupling_item_reopen,
    decoupling_item_return,
    decoupling_item_verify,
    evidence_path,
)
from registry.spreadsheets import spreadsheet_export
from registry.views.downloads import uploaded_file_response
from workflows.supervision.views import SupervisionPage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _filters():
    return [("", _("全部"))] + [(stage.value, stage.label) for stage in Stage] + [(PENDING, _("有待核实事项"))]


class DecouplingListView(SupervisionPage):
    """Every industry association of the officer's bureaus with its items verified out of five."""

    template_name = "workflows/supervision/decoupling.html"

    def show(self) -> str:
        show = self.request.GET.get("show", "")
        return show if show in dict(_filters()) else ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(decoupling_progress(self.jurisdictions(), show=self.show()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=decoupling_progress(self.jurisdictions(), show=self.show()), show=self.show())
        context["filters"] = _filters()
        return context

    def excel(self, rows):
        with spreadsheet_export(
            report="decoupling_progress", by=self.request.user, filters={"show": self.show()}
        ) as export:
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = str(_("脱钩进展"))
            headers = [
                _("登记管理机关"),
                _("统一社会信用代码"),
                _("名称"),
                _("已核实（共5项）"),
                _("待核实"),
                _("退回"),
                _("状态"),
                _("脱钩日期"),
            ]
            export.append_row(sheet, [str(h) for h in headers], counted=False)
            for row in rows:
                export.append_row(
                    sheet,
                    [
                        row.jurisdiction.name,
                        row.uscc or "",
                        row.name,
                        row.verified,
                        row.waiting,
                        row.returned,
                        str(row.stage_label),
                        row.decoupled_on.isoformat() if row.decoupled_on else "",
                    ],
                )
            response = HttpResponse(content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="decoupling-progress.xlsx"'
            workbook.save(response)
        return response


class DecouplingDetailView(SupervisionPage):
    """One association's five items: its statement and documents, the history, and the officer's decision."""

    template_name = "workflows/supervision/decoupling_detail.html"

    def organization(self):
        return get_object_or_404(
            industry_associations(self.jurisdictions()).select_related("jurisdiction"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.organization()
        items = decoupling_items(organization)
        context.update(
            organization=organization,
            rows=[(item, SEPARATION_ARTICLES[Separation(item.separation)]) for item in items],
            verified=sum(1 for item in items if item.status == "verified"),
            decoupled_on=getattr(getattr(organization, "decoupling", None), "decoupled_on", None),
        )
        return context

    def post(self, request, *args, **kwargs):
        organization = self.organization()
        item = get_object_or_404(
            DecouplingItem.objects.select_related("decoupling__organization__jurisdiction"),
            decoupling__organization=organization,
            pk=request.POST.get("item") or 0,
        )
        action, reason = request.POST.get("action"), request.POST.get("reason", "")
        try:
            if action == "verify":
                decoupling_item_verify(item=item, by=request.user)
                done = _("已核实：%(item)s。")
            elif action == "return":
                decoupling_item_return(item=item, reason=reason, by=request.user)
                done = _("已退回：%(item)s。")
            elif action == "reopen":
                decoupling_item_reopen(item=item, reason=reason, by=request.user)
                done = _("已重新开启：%(item)s。")
            else:
                raise Http404
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        else:
            messages.success(request, done % {"item": item.get_separation_display()})
        return redirect("work:decoupling_detail", pk=organization.pk)


class DecouplingFileView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An evidence file of an association's decoupling, for the supervision officers of its bureau."""

    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, pk):
        evidence = get_object_or_404(
            DecouplingEvidence.objects.filter(
                item__decoupling__organization__jurisdiction__in=supervision_jurisdictions(request.user)
            ),
            pk=pk,
        )
        path = evidence_path(evidence.stored_name)
        if not path.exists():
            raise Http404
        return uploaded_file_response(path, content_type=evidence.content_type, filename=evidence.original_name)
