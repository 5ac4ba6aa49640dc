"""Decoupling records of industry associations and chambers of commerce (行业协会商会与行政机关脱钩,
中办发〔2015〕39号): one record per association, one item per separation, the evidence behind each item and
every action on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.decoupling import SEPARATION_ARTICLES, ItemStatus, Separation, verified_count


class DecouplingAction(models.TextChoices):
    SUBMIT = "submit", _("提交材料")
    VERIFY = "verify", _("核实")
    RETURN = "return", _("退回")
    REOPEN = "reopen", _("重新开启")


class Decoupling(models.Model):
    """An industry association's decoupling: its five separations, and the day the last one was verified."""

    organization = models.OneToOneField(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="decoupling"
    )
    decoupled_on = models.DateField(
        _("脱钩日期"), null=True, blank=True, help_text=_("五项分离全部核实之日；任一事项重新开启的，清空")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("脱钩记录")
        verbose_name_plural = _("脱钩记录")
        ordering = ["organization_id"]

    def __str__(self):
        return str(self.organization)

    @property
    def statuses(self) -> dict[str, str]:
        return {item.separation: item.status for item in self.items.all()}

    @property
    def verified(self) -> int:
        return verified_count(self.statuses)


class DecouplingItem(models.Model):
    """One of the five separations of one association: its status, what the association says it did, and who
    verified it when, or why it was returned."""

    decoupling = models.ForeignKey(
        Decoupling, verbose_name=_("脱钩记录"), on_delete=models.CASCADE, related_name="items"
    )
    separation = models.CharField(_("事项"), max_length=16, choices=Separation.choices)
    status = models.CharField(_("状态"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    description = models.TextField(_("完成情况说明"), blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("脱钩事项")
        verbose_name_plural = _("脱钩事项")
        ordering = ["decoupling_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decoupling", "separation"], name="one_item_per_separation"),
        ]

    def __str__(self):
        return f"{self.decoupling} {self.get_separation_display()}"

    @property
    def article(self) -> str:
        return SEPARATION_ARTICLES[Separation(self.separation)]


class DecouplingEvidence(models.Model):
    """A document behind one item; stored privately (outside the web root) under a random name."""

    item = models.ForeignKey(DecouplingItem, verbose_name=_("脱钩事项"), on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(_("存储名"), max_length=80, unique=True)
    content_type = models.CharField(_("文件类型"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("脱钩证明材料")
        verbose_name_plural = _("脱钩证明材料")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class DecouplingEvent(models.Model):
    """Every action on an item, append-only: submissions, verifications, returns and reopenings with reasons."""

    item = models.ForeignKey(
        DecouplingItem, verbose_name=_("脱钩事项"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=8, choices=DecouplingAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("脱钩事项记录")
        verbose_name_plural = _("脱钩事项记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.item} {self.get_action_display()}"
