"""Processes of the bureau's flows, each tied to its jurisdiction and to the domain object it changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class BureauProcess(Process):
    """A process run by one registration authority; the jurisdiction is the wall between bureaus."""

    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "registry.RegistrationApplication",
        verbose_name=_("登记申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    annual_report = models.ForeignKey(
        "registry.AnnualReport",
        verbose_name=_("年度工作报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    dormancy_case = models.ForeignKey(
        "registry.DormancyCase",
        verbose_name=_("清理整顿案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    evaluation = models.ForeignKey(
        "registry.EvaluationApplication",
        verbose_name=_("评估申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    penalty_case = models.ForeignKey(
        "registry.PenaltyCase",
        verbose_name=_("行政处罚案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    class Meta:
        verbose_name = _("办理流程")
        verbose_name_plural = _("办理流程")

    def __str__(self):
        subject = self.application or self.dormancy_case or self.annual_report or self.evaluation or self.penalty_case
        return f"#{self.pk} {subject or ''}"
