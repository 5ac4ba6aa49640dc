"""Cleanup cases of organizations that exist only on paper (名存实亡社会组织清理整顿)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.rules.dormancy import DormancyReason


class DormancyStatus(models.TextChoices):
    CANDIDATE = "candidate", _("疑似名存实亡，待立案")
    NOTICE = "notice", _("已立案公示，待整改")
    REVOCATION_PROPOSED = "proposed", _("拟撤销登记，行政处罚程序中")
    CLOSED = "closed", _("已整改，结案")
    DISMISSED = "dismissed", _("经核实正常，排除")
    DEREGISTERED = "deregistered", _("已自行注销，结案")
    REVOKED = "revoked", _("已撤销登记")


OPEN_STATUSES = (DormancyStatus.CANDIDATE, DormancyStatus.NOTICE, DormancyStatus.REVOCATION_PROPOSED)


class DormancyCase(models.Model):
    """One organization found by the sweep, and what the bureau did about it."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="dormancy_cases"
    )
    reason_code = models.CharField(_("疑似情形"), max_length=20, choices=DormancyReason.choices)
    found_on = models.DateField(_("发现日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=DormancyStatus.choices, default=DormancyStatus.CANDIDATE
    )
    notice_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    notice_text = models.TextField(_("公示内容"), blank=True)
    response = models.TextField(_("组织的回复"), blank=True)
    responded_on = models.DateField(_("回复日期"), null=True, blank=True)
    # Revocation is an administrative penalty (行政处罚法): advance notice, statement, hearing, written decision.
    penalty_notice_on = models.DateField(_("处罚事先告知日期"), null=True, blank=True)
    penalty_notice_text = models.TextField(_("处罚事先告知内容"), blank=True)
    statement = models.TextField(_("陈述和申辩"), blank=True)
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    hearing_requested = models.BooleanField(_("要求听证"), default=False)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证笔录要点"), blank=True)
    delivered_on = models.DateField(_("决定书送达日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision = models.TextField(_("决定及理由"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("清理整顿案件")
        verbose_name_plural = _("清理整顿案件")
        ordering = ["-found_on", "id"]
        constraints = [
            # At most one unfinished case per organization: the sweep can run every day.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status__in=["candidate", "notice", "proposed"]),
                name="one_open_dormancy_case",
            )
        ]
        indexes = [models.Index(fields=["status", "found_on"])]

    def __str__(self):
        """The file number and the organization's name, as people recognise the file."""
        if self.pk is None or self.organization_id is None:
            return str(_("（未保存）"))
        return f"{self.reference} {self.organization.name}"

    @property
    def reference(self) -> str:
        return f"QL-{self.found_on:%Y}-{self.pk:06d}"
