"""Charters (章程): each organization's approved versions, and the applications to approve an amended one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.choices import OfficerRole


class ResolutionBody(models.TextChoices):
    """Who adopted the amended charter: the members' assembly of an association, the board of the others."""

    GENERAL_ASSEMBLY = "assembly", _("会员大会")
    REPRESENTATIVES = "representatives", _("会员代表大会")
    BOARD = "board", _("理事会")


class CharterSource(models.TextChoices):
    APPROVED = "approved", _("章程核准")
    REGISTRATION = "registration", _("成立登记时提交")
    RECORDED = "recorded", _("登记管理机关录入")


class Charter(models.Model):
    """One version of an organization's charter; exactly one is current once any is recorded."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="charters"
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    text = models.TextField(_("章程全文"))
    source = models.CharField(_("来源"), max_length=16, choices=CharterSource.choices, default=CharterSource.APPROVED)
    resolution_body = models.CharField(_("通过机构"), max_length=16, choices=ResolutionBody.choices, blank=True)
    resolution_date = models.DateField(_("决议日期"), null=True, blank=True)
    consent_date = models.DateField(
        _("业务主管单位同意日期"), null=True, blank=True, help_text=_("直接登记的组织没有业务主管单位，以决议日期为准")
    )
    approved_on = models.DateField(_("核准日期"))
    application = models.OneToOneField(
        "registry.CharterApplication",
        verbose_name=_("章程核准申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_charter",
    )
    is_current = models.BooleanField(_("现行章程"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("章程")
        verbose_name_plural = _("章程")
        ordering = ["organization", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="one_charter_per_version"),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(is_current=True), name="one_current_charter_per_organization"
            ),
        ]

    def __str__(self):
        return f"{self.organization_id} v{self.version}"


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待受理")
    CORRECTING = "correcting", _("待补正")
    ACCEPTED = "accepted", _("已受理，审核中")
    REVIEWED = "reviewed", _("已审核，待核准")
    APPROVED = "approved", _("准予核准")
    REJECTED = "rejected", _("不予核准")
    REFUSED = "refused", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


CHARTER_FINAL_STATUSES = (
    CharterStatus.APPROVED,
    CharterStatus.REJECTED,
    CharterStatus.REFUSED,
    CharterStatus.WITHDRAWN,
)
# The organization may withdraw its application until the bureau decides; it stays on file, closed.
CHARTER_WITHDRAWABLE_STATUSES = (
    CharterStatus.SUBMITTED,
    CharterStatus.CORRECTING,
    CharterStatus.ACCEPTED,
    CharterStatus.REVIEWED,
)
CHARTER_EDITABLE_STATUSES = (CharterStatus.DRAFT, CharterStatus.CORRECTING)


class CharterApplication(models.Model):
    """An organization's application to have its amended charter approved (章程核准)."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="charter_applications",
    )
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("办理状态"), max_length=12, choices=CharterStatus.choices, default=CharterStatus.DRAFT)
    base_charter = models.ForeignKey(
        Charter,
        verbose_name=_("修改前的章程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("申请时的现行章程；没有记录的，以示范文本为修改前文本"),
    )
    old_text = models.TextField(_("修改前章程"), blank=True)
    new_text = models.TextField(_("修改后章程"), blank=True)
    amendment_summary = models.TextField(_("修改说明"), blank=True, help_text=_("简要说明修改了哪些条款及理由"))
    resolution_body = models.CharField(_("通过机构"), max_length=16, choices=ResolutionBody.choices, blank=True)
    resolution_date = models.DateField(_("决议日期"), null=True, blank=True)
    consent_date = models.DateField(_("业务主管单位同意日期"), null=True, blank=True)
    has_competent_unit = models.BooleanField(_("有业务主管单位"), default=True)

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    filing_deadline = models.DateField(_("应报核准截止日"), null=True, blank=True)
    late = models.BooleanField(_("逾期申请"), default=False)
    acceptance_due_on = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decision_due_on = models.DateField(_("办结期限"), null=True, blank=True)
    # 行政许可法 第四十二条: extended once, by 10 working days, with the head's approval and the reason told.
    extended_on = models.DateField(_("延长期限日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延长期限理由"), blank=True)
    corrections_requested = models.BooleanField(_("已一次性告知补正"), default=False)
    review_opinion = models.TextField(_("审核意见"), blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("章程核准申请")
        verbose_name_plural = _("章程核准申请")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self):
        return f"{self.reference} {self.organization}"

    @property
    def reference(self) -> str:
        """The file number: authority code, 章 for charter, year and serial."""
        when = self.submitted_at or self.created_at
        return f"{self.jurisdiction.code}-ZC{when.year if when else ''}-{self.pk or 0:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in CHARTER_EDITABLE_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in CHARTER_FINAL_STATUSES


class CharterDocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("会员大会或理事会决议")
    CONSENT = "consent", _("业务主管单位同意文件")


class CharterDocument(models.Model):
    """A document of a charter application, stored outside the web root under a random name."""

    application = models.ForeignKey(
        CharterApplication, verbose_name=_("章程核准申请"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料"), max_length=12, choices=CharterDocumentKind.choices)
    stored_name = models.CharField(_("存储文件名"), max_length=80, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("章程核准材料")
        verbose_name_plural = _("章程核准材料")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_charter_document_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class CharterEvent(models.Model):
    """A step of a charter application: who did what, when and why. Append-only; the action is a code."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        CORRECTIONS_REQUESTED = "corrections", _("一次性告知补正")
        RESUBMITTED = "resubmitted", _("补正后重新提交")
        ACCEPTED = "accepted", _("受理")
        REFUSED = "refused", _("不予受理")
        REVIEWED = "reviewed", _("审核")
        APPROVED = "approved", _("准予核准")
        REJECTED = "rejected", _("不予核准")
        EXTENDED = "extended", _("延长办理期限")
        WITHDRAWN = "withdrawn", _("撤回申请")

    application = models.ForeignKey(
        CharterApplication, verbose_name=_("章程核准申请"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("岗位"), max_length=20, blank=True, choices=OfficerRole.choices)
    action = models.CharField(_("事项"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("意见或理由"), blank=True)

    class Meta:
        verbose_name = _("章程核准办理记录")
        verbose_name_plural = _("章程核准办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.application_id} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("charter events are append-only")
        super().save(*args, **kwargs)
