"""The review of a call's eligible applications (评审): outside experts, the panel of a call, conflicts of
interest, each expert's scores, the public notice of the results with its objections, and the award."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewExpert(models.Model):
    """An outside review expert (评审专家) with an account of their own: sees only the calls whose panel they sit on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="purchase_expert"
    )
    name = models.CharField(_("姓名"), max_length=40)
    affiliation = models.CharField(_("工作单位"), max_length=120)
    expertise = models.CharField(_("专业领域"), max_length=120, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）"


class PanelMember(models.Model):
    """An expert on the review panel of one call, chosen by the purchaser's officer."""

    call = models.ForeignKey(
        "registry.ServiceCall", verbose_name=_("项目征集"), on_delete=models.CASCADE, related_name="panel"
    )
    expert = models.ForeignKey(
        ReviewExpert, verbose_name=_("评审专家"), on_delete=models.PROTECT, related_name="panels"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("选定人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("选定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        ordering = ["call", "expert__name", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "expert"], name="expert_once_per_panel")]

    def __str__(self):
        return f"{self.call_id} {self.expert}"


class ConflictDeclaration(models.Model):
    """An expert's declaration on one application before scoring it: a declared conflict recuses them from it."""

    member = models.ForeignKey(
        PanelMember, verbose_name=_("评审组成员"), on_delete=models.CASCADE, related_name="declarations"
    )
    application = models.ForeignKey(
        "registry.PurchaseApplication",
        verbose_name=_("项目申报"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    conflicted = models.BooleanField(_("存在利害关系"))
    reason = models.CharField(_("利害关系说明"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("声明时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = _("利益冲突声明")
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="one_declaration_per_expert_application")
        ]

    def __str__(self):
        return f"{self.member_id} {self.application_id} {'conflict' if self.conflicted else 'clear'}"


class ExpertScore(models.Model):
    """One expert's score (0–100) of one criterion of one application, with a comment; locked once submitted."""

    member = models.ForeignKey(
        PanelMember, verbose_name=_("评审组成员"), on_delete=models.CASCADE, related_name="scores"
    )
    application = models.ForeignKey(
        "registry.PurchaseApplication",
        verbose_name=_("项目申报"),
        on_delete=models.CASCADE,
        related_name="expert_scores",
    )
    criterion = models.ForeignKey(
        "registry.CallCriterion", verbose_name=_("评分项"), on_delete=models.CASCADE, related_name="expert_scores"
    )
    # The round scored: "preliminary" for a contest's preliminary (初赛), blank for the review of a call or the
    # final of a contest (the scores the ranking and the award work from).
    stage = models.CharField(_("评审轮次"), max_length=12, blank=True, default="")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    saved_at = models.DateTimeField(_("保存时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        ordering = ["application", "member", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "criterion", "stage"], name="one_score_per_criterion_and_round"
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="expert_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.member_id} {self.application_id} {self.criterion_id}: {self.score}"


class CallReview(models.Model):
    """The review record of one call: when results were computed, the award proposal, the notice and the award."""

    call = models.OneToOneField(
        "registry.ServiceCall", verbose_name=_("项目征集"), on_delete=models.CASCADE, related_name="review"
    )
    pass_mark = models.DecimalField(_("立项最低分"), max_digits=5, decimal_places=2)
    computed_at = models.DateTimeField(_("汇总时间"), null=True, blank=True)
    # When the preliminary results of a 公益创投 contest were computed and the finalists chosen.
    preliminary_computed_at = models.DateTimeField(_("初赛汇总时间"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("拟立项时间"), null=True, blank=True)
    notice_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    # Applications the officer took out of the proposal after an upheld objection: [{"id": 3, "reason": "..."}].
    excluded = models.JSONField(_("因异议成立调整出拟立项的申报"), default=list, blank=True)
    revision_note = models.TextField(_("调整说明"), blank=True)
    awarded_on = models.DateField(_("立项日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评审记录")
        verbose_name_plural = _("评审记录")

    def __str__(self):
        return f"{self.call_id}"

    @property
    def excluded_ids(self) -> set[int]:
        return {entry["id"] for entry in self.excluded}


class NoticeObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class NoticeObjection(models.Model):
    """An objection from the public to a call's results during their notice (公示), answered by the officer."""

    call = models.ForeignKey(
        "registry.ServiceCall", verbose_name=_("项目征集"), on_delete=models.PROTECT, related_name="notice_objections"
    )
    application = models.ForeignKey(
        "registry.PurchaseApplication",
        verbose_name=_("异议对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice_objections",
    )
    name = models.CharField(_("姓名或单位"), max_length=60)
    contact = models.CharField(_("联系方式"), max_length=80)
    content = models.TextField(_("异议内容及理由"))
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    filed_from = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=NoticeObjectionStatus.choices, default=NoticeObjectionStatus.PENDING
    )
    reply = models.TextField(_("答复及理由"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # An upheld objection blocks the award until the officer revised the proposal after it.
    revised_at = models.DateTimeField(_("已据此调整"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["call", "filed_at", "id"]

    def __str__(self):
        return f"{self.call_id} {self.name} {self.filed_at:%Y-%m-%d}"
