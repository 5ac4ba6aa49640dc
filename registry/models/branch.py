"""Branches and representative offices of an organization (分支机构、代表机构), and the applications that set
them up, change and close them (reported to the bureau, or approved where the bureau keeps approval)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.branches import APPROVAL, BRANCH, FILING, OFFICE
from registry.rules.idcards import id_number_errors, mask_id_number
from registry.rules.person_names import person_name_errors


class BranchKind(models.TextChoices):
    BRANCH = BRANCH, _("分支机构")
    OFFICE = OFFICE, _("代表机构")


class BranchStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    CLOSED = "closed", _("已注销")


class BranchRegime(models.TextChoices):
    """How a bureau handles associations' branches: reported and filed (the default since 国发〔2013〕44号), or
    approved as under the 2001 登记办法."""

    FILING = FILING, _("报告备案")
    APPROVAL = APPROVAL, _("审批")


class Branch(models.Model):
    """A branch (分会, 专业委员会...) or representative office (代表处...) of an organization: part of it, not a
    legal person (社会团体登记管理条例 第十七条)."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("所属社会组织"), on_delete=models.PROTECT, related_name="branches"
    )
    kind = models.CharField(_("类别"), max_length=8, choices=BranchKind.choices)
    sub_kind = models.CharField(_("机构形式"), max_length=12, help_text=_("如：分会、专业委员会、代表处"))
    name = models.CharField(_("名称"), max_length=100)
    head_name = models.CharField(_("负责人"), max_length=40)
    head_id_number = models.CharField(_("负责人身份证号码"), max_length=18)
    address = models.CharField(_("活动场所"), max_length=200)
    business_scope = models.TextField(_("业务范围"))
    set_up_on = models.DateField(_("设立日期"))
    status = models.CharField(_("状态"), max_length=8, choices=BranchStatus.choices, default=BranchStatus.ACTIVE)
    closed_on = models.DateField(_("注销日期"), null=True, blank=True)
    closing_reason = models.TextField(_("注销原因"), blank=True)

    class Meta:
        verbose_name = _("分支机构、代表机构")
        verbose_name_plural = _("分支机构、代表机构")
        ordering = ["organization", "status", "set_up_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], condition=models.Q(status="active"), name="unique_active_branch_name"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def head_id_masked(self) -> str:
        return mask_id_number(self.head_id_number)

    def clean(self):
        errors = {}
        if self.head_name and (name_errors := person_name_errors(self.head_name)):
            errors["head_name"] = name_errors
        if self.head_id_number and (id_errors := id_number_errors(self.head_id_number)):
            errors["head_id_number"] = id_errors
        if errors:
            raise ValidationError(errors)


class BranchApplicationKind(models.TextChoices):
    SET_UP = "set_up", _("设立")
    CHANGE = "change", _("变更")
    CLOSE = "close", _("注销")


class BranchApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待办理")
    ACCEPTED = "accepted", _("已受理，审查中")
    REVIEWED = "reviewed", _("已审查，待核准")
    FILED = "filed", _("已备案")
    APPROVED = "approved", _("准予")
    RETURNED = "returned", _("已退回，待修改")
    REFUSED = "refused", _("不予受理")
    REJECTED = "rejected", _("不予批准")


BRANCH_EDITABLE = (BranchApplicationStatus.DRAFT, BranchApplicationStatus.RETURNED)
BRANCH_OPEN = (
    BranchApplicationStatus.SUBMITTED,
    BranchApplicationStatus.ACCEPTED,
    BranchApplicationStatus.REVIEWED,
)
BRANCH_DONE = (BranchApplicationStatus.FILED, BranchApplicationStatus.APPROVED)


class BranchApplication(models.Model):
    """An organization's application to set up, change or close a branch or office; once filed or approved,
    it is the branch's history (`changes`: field → [old, new])."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="branch_applications",
    )
    create_token = models.UUIDField(_("提交令牌"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("申请事项"), max_length=8, choices=BranchApplicationKind.choices)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("分支机构、代表机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    regime = models.CharField(_("办理方式"), max_length=8, choices=BranchRegime.choices)
    status = models.CharField(
        _("办理状态"), max_length=10, choices=BranchApplicationStatus.choices, default=BranchApplicationStatus.DRAFT
    )
    # The particulars applied for (set-up: all; change: the new ones; close: none).
    branch_kind = models.CharField(_("类别"), max_length=8, choices=BranchKind.choices, blank=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    head_name = models.CharField(_("负责人"), max_length=40, blank=True)
    head_id_number = models.CharField(_("负责人身份证号码"), max_length=18, blank=True)
    address = models.CharField(_("活动场所"), max_length=200, blank=True)
    business_scope = models.TextField(_("业务范围"), blank=True)
    resolved_on = models.DateField(
        _("理事会决议日期"), null=True, blank=True, help_text=_("理事会或常务理事会讨论通过的日期")
    )
    reason = models.TextField(_("理由"), blank=True, help_text=_("变更或注销的理由"))

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decision_due_on = models.DateField(_("办理期限"), null=True, blank=True)
    extended_on = models.DateField(_("延长期限日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延长期限理由"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    review_opinion = models.TextField(_("审查意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)
    decision_reason = models.TextField(_("办理意见"), blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True, help_text=_("字段 → [原值, 新值]"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分支机构、代表机构申请")
        verbose_name_plural = _("分支机构、代表机构申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "decided_on"])]

    def __str__(self):
        return f"{self.reference} {self.subject_name}"

    @property
    def reference(self) -> str:
        """The file number officers and the organization quote (FZ = 分支)."""
        year = (self.submitted_at or self.created_at).year if (self.submitted_at or self.created_at) else ""
        return f"FZ{year}{self.pk or 0:06d}"

    @property
    def subject_name(self) -> str:
        """The branch's name: the one applied for, or the existing branch's."""
        return self.name or (self.branch.name if self.branch_id else "")

    @property
    def head_id_masked(self) -> str:
        return mask_id_number(self.head_id_number)

    @property
    def editable(self) -> bool:
        return self.status in BRANCH_EDITABLE


class BranchDocument(models.Model):
    """A document of a branch application (理事会决议, 负责人情况), stored outside the web root."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("理事会（常务理事会）决议")
        HEAD = "head", _("负责人基本情况")

    application = models.ForeignKey(
        BranchApplication, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料"), max_length=12, choices=Kind.choices)
    stored_name = models.CharField(_("存储文件名"), max_length=80, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分支机构申请材料")
        verbose_name_plural = _("分支机构申请材料")
        ordering = ["kind", "uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_branch_document_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"
