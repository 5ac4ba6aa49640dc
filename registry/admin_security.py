"""The security log for the bureau's auditors: read-only, searched by person, time and kind, exported as CSV.

Who may read it is the admin's model permission `registry.view_securitylog` (give it to the auditors' group);
nobody may add, change or delete a row here. The export goes through `registry.spreadsheets`, so it is logged too.
"""

import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import SecurityEvent, SecurityLog
from registry.spreadsheets import spreadsheet_export

EXPORT_HEADERS = (
    _("时间"),
    _("类别"),
    _("事件"),
    _("操作人或尝试的登录名"),
    _("对象"),
    _("来源地址"),
    _("结果"),
    _("请求编号"),
    _("详情"),
)


@admin.register(SecurityLog)
class SecurityLogAdmin(admin.ModelAdmin):
    list_display = ("at", "category", "event", "actor_name", "subject_name", "source_ip", "succeeded", "request_id")
    list_filter = ("category", "event", "succeeded", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "subject_name", "source_ip", "request_id")
    date_hierarchy = "at"
    readonly_fields = [field.name for field in SecurityLog._meta.fields]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("导出所选安全日志（CSV）"), permissions=["view"])
    def export_csv(self, request, queryset):
        filters = {key: value for key, value in request.GET.items() if key not in ("o", "p")}
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.csv"'
        response.write("\ufeff")  # so Excel reads the Chinese text as UTF-8
        events = dict(SecurityEvent.choices)
        with spreadsheet_export(report="security_log", by=request.user, filters=filters) as export:
            writer = export.csv_writer(response)
            writer.writerow([str(header) for header in EXPORT_HEADERS], counted=False)
            for entry in queryset.order_by("at", "id"):
                writer.writerow(
                    [
                        timezone.localtime(entry.at).isoformat(timespec="seconds"),
                        entry.get_category_display(),
                        str(events.get(entry.event, entry.event)),
                        entry.actor_name,
                        entry.subject_name,
                        entry.source_ip or "",
                        str(_("成功") if entry.succeeded else _("失败")),
                        entry.request_id,
                        json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
                    ]
                )
        return response
