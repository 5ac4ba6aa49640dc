"""The parts of a call a purchasing unit sets up around it: the rounds of a venture-philanthropy contest (公益创投)
and the documents organizations attach to their applications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("初赛")
    FINAL = "final", _("决赛")


class CallRound(models.Model):
    """A round of a 公益创投 contest: a preliminary review of the papers, a final with presentations (路演)."""

    call = models.ForeignKey(
        "registry.ServiceCall", verbose_name=_("项目征集"), on_delete=models.CASCADE, related_name="rounds"
    )
    kind = models.CharField(_("轮次"), max_length=12, choices=RoundKind.choices)
    held_on = models.DateField(_("日期"))
    presentation = models.BooleanField(_("现场陈述答辩"), default=False)
    advancing = models.PositiveSmallIntegerField(_("晋级（入选）数量"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("创投比赛轮次")
        verbose_name_plural = _("创投比赛轮次")
        ordering = ["call", "held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="one_call_round_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class PurchaseDocument(models.Model):
    """A document of an application (实施方案附件, 资质证明, 预算说明), stored outside the web root."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("项目实施方案")
        QUALIFICATION = "qualification", _("资质证明材料")
        BUDGET = "budget", _("预算说明")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(
        "registry.PurchaseApplication", verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料"), max_length=14, choices=Kind.choices)
    stored_name = models.CharField(_("存储文件名"), max_length=80, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目申报材料")
        verbose_name_plural = _("项目申报材料")
        ordering = ["kind", "uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_purchase_document_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"
