"""What happens to a filed community group: its history (submitted, returned, filed, cancelled, moved up) and
its yearly activity reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityAction(models.TextChoices):
    SUBMITTED = "submitted", _("提交备案")
    RETURNED = "returned", _("退回修改")
    RESUBMITTED = "resubmitted", _("修改后重新提交")
    FILED = "filed", _("准予备案")
    REPORTED = "reported", _("报送年度活动报告")
    CANCELLED = "cancelled", _("注销备案")
    MOVE_UP = "move_up", _("申请转为登记")
    REGISTERED = "registered", _("已转为登记")


class CommunityGroupEvent(models.Model):
    """One step in a filed group's history, append-only, with the reasons the applicant sees."""

    group = models.ForeignKey(
        "registry.CommunityGroup", verbose_name=_("社区社会组织"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("事项"), max_length=16, choices=CommunityAction.choices)
    reason = models.TextField(_("意见或理由"), blank=True)

    class Meta:
        verbose_name = _("社区社会组织备案记录")
        verbose_name_plural = _("社区社会组织备案记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.group} · {self.get_action_display()}"


class CommunityActivityReport(models.Model):
    """A filed group's yearly report of its activities (年度活动报告) to its street office or town."""

    group = models.ForeignKey(
        "registry.CommunityGroup", verbose_name=_("社区社会组织"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    activity_count = models.PositiveIntegerField(_("开展活动次数"))
    activities = models.TextField(_("主要活动情况"))
    member_count = models.PositiveIntegerField(_("年末成员人数"))
    funds_received = models.DecimalField(_("全年收到资金（元）"), max_digits=12, decimal_places=2, default=0)
    funds_sources = models.CharField(_("资金来源"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("社区社会组织年度活动报告")
        verbose_name_plural = _("社区社会组织年度活动报告")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="unique_community_report_year")]

    def __str__(self):
        return f"{self.group} · {self.year}"
