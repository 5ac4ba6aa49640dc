"""Registration applications filed online, their documents, decisions and the applicant's rating."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import DirectCategory, FoundationFundraising, OfficerRole, OrgType
from registry.rules.funds import funds_label as capital_label
from registry.rules.idcards import mask_id_number


class ApplicationKind(models.TextChoices):
    """What is applied for: every type registers once; where a bureau keeps a local preparation stage, an
    association prepares (筹备) and then establishes (成立)."""

    PREPARATION = "preparation", _("筹备申请")
    ESTABLISHMENT = "establishment", _("成立登记")
    REGISTRATION = "registration", _("设立登记")
    CHANGE = "change", _("变更登记")
    DEREGISTRATION = "deregistration", _("注销登记")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待受理")
    CORRECTING = "correcting", _("待补正")
    ACCEPTED = "accepted", _("已受理，审查中")
    APPROVED = "approved", _("已核准，待发证")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予受理")
    REJECTED = "rejected", _("不予登记")
    WITHDRAWN = "withdrawn", _("已撤回")


# Once here, the application can no longer change.
FINAL_STATUSES = (
    ApplicationStatus.COMPLETED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
)
# The applicant may edit the application only in these.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTING)


class RegistrationApplication(models.Model):
    """One online application to register (or prepare) a social organization, with all its particulars."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="applications"
    )
    create_token = models.UUIDField(_("提交令牌"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("申请事项"), max_length=16, choices=ApplicationKind.choices)
    org_type = models.CharField(_("组织类型"), max_length=1, choices=OrgType.choices)
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="applications"
    )
    preparation = models.ForeignKey(
        "self",
        verbose_name=_("筹备申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
        help_text=_("社会团体成立登记所依据的已批准筹备申请"),
    )
    status = models.CharField(
        _("办理状态"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    name = models.CharField(_("拟定名称"), max_length=50, blank=True)
    trade_name = models.CharField(
        _("字号"),
        max_length=20,
        blank=True,
        help_text=_("基金会、民办非企业单位（社会服务机构）必填：名称中区别于其他组织的字号，如“春晖”"),
    )
    domicile = models.CharField(_("住所"), max_length=200, blank=True)
    activity_area = models.CharField(_("活动地域"), max_length=100, blank=True)
    business_scope = models.TextField(_("业务范围"), blank=True)
    registered_funds = models.DecimalField(
        _("注册资金（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("社会团体为活动资金，基金会为原始基金"),
    )
    competent_unit = models.CharField(_("业务主管单位"), max_length=100, blank=True)
    direct_category = models.CharField(_("直接登记类别"), max_length=12, choices=DirectCategory.choices, blank=True)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=40, blank=True)
    legal_rep_id_number = models.CharField(_("法定代表人身份证号码"), max_length=18, blank=True)
    decision_date = models.DateField(
        _("作出变更决议的日期"), null=True, blank=True, help_text=_("变更登记：会员大会或理事会通过变更事项的日期")
    )
    consent_date = models.DateField(
        _("业务主管单位同意的日期"),
        null=True,
        blank=True,
        help_text=_("变更登记：业务主管单位审查同意变更事项的日期（社会团体、民办非企业单位）"),
    )
    liquidation_summary = models.TextField(
        _("清算情况"),
        blank=True,
        help_text=_("注销登记：债权债务清理和剩余财产处置情况（剩余财产用于相同或相近的公益目的）"),
    )
    individual_members = models.PositiveIntegerField(_("个人会员数"), default=0)
    unit_members = models.PositiveIntegerField(_("单位会员数"), default=0)
    foundation_fundraising = models.CharField(
        _("基金会类型"),
        max_length=16,
        choices=FoundationFundraising.choices,
        default=FoundationFundraising.NON_PUBLIC,
        help_text=_("仅基金会填写：公募或非公募，决定原始基金的最低数额"),
    )
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    declared_at = models.DateTimeField(
        _("承诺时间"), null=True, blank=True, help_text=_("申请人最近一次提交时承诺所填信息真实有效的时间")
    )
    # The receipt's query code, as a keyed hash (registry.rules.query_codes): with the file number the code lets
    # anyone holding the receipt see the stage and dates, so it is shown once and never stored readable.
    query_code_digest = models.CharField(_("查询码摘要"), max_length=64, blank=True)
    acceptance_due_on = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decision_due_on = models.DateField(_("办结期限"), null=True, blank=True)
    issue_due_on = models.DateField(_("发证期限"), null=True, blank=True)
    # A correction request after acceptance stops the clock until the applicant resubmits.
    clock_stopped_on = models.DateField(_("补正停止计时日期"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("补正期间（工作日）"), default=0)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("登记申请")
        verbose_name_plural = _("登记申请")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["jurisdiction", "status"]), models.Index(fields=["applicant", "status"])]

    def __str__(self):
        return f"{self.reference} {self.name or _('（未命名）')}"

    @property
    def funds_label(self) -> str:
        """活动资金, 开办资金 or 原始基金, by type."""
        return capital_label(self.org_type)

    @property
    def name_label(self) -> str:
        """拟定名称 for a new organization; 名称 for one already registered (change, deregistration)."""
        return _("名称") if self.organization_id and self.kind in ("change", "deregistration") else _("拟定名称")

    @property
    def reference(self) -> str:
        """The file number the applicant quotes: authority code, year and serial."""
        year = (self.submitted_at or self.created_at).year if (self.submitted_at or self.created_at) else ""
        return f"{self.jurisdiction.code}-{year}-{self.pk or 0:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def legal_rep_id_masked(self) -> str:
        return mask_id_number(self.legal_rep_id_number) if self.legal_rep_id_number else ""


class PrincipalOfficer(models.Model):
    """A principal officer proposed in the application (理事长, 秘书长, 院长...)."""

    application = models.ForeignKey(
        RegistrationApplication, verbose_name=_("登记申请"), on_delete=models.CASCADE, related_name="officers"
    )
    position = models.CharField(_("职务"), max_length=20)
    name = models.CharField(_("姓名"), max_length=40)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    full_time = models.BooleanField(_("专职"), default=False)

    class Meta:
        verbose_name = _("负责人")
        verbose_name_plural = _("负责人")
        ordering = ["id"]

    def __str__(self):
        return f"{self.position} {self.name}"

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class DocumentRequirement(models.Model):
    """One entry of the table of documents an application must carry, by type, step and basis."""

    class Basis(models.TextChoices):
        ANY = "any", _("均需")
        COMPETENT_UNIT = "competent_unit", _("有业务主管单位的")
        DIRECT = "direct", _("直接登记的")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    title = models.CharField(_("材料名称"), max_length=80)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    org_types = models.CharField(
        _("适用组织类型"), max_length=5, help_text=_("类别数字，如 123 表示全部；1 社会团体 2 民非 3 基金会")
    )
    kinds = models.CharField(
        _("适用事项"), max_length=60, help_text=_("以逗号分隔：preparation, establishment, registration")
    )
    basis = models.CharField(_("适用情形"), max_length=16, choices=Basis.choices, default=Basis.ANY)
    required = models.BooleanField(_("必须提交"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    source = models.CharField(_("依据"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("申请材料清单")
        verbose_name_plural = _("申请材料清单")
        ordering = ["order", "code"]

    def __str__(self):
        return self.title

    def applies_to(self, *, org_type: str, kind: str, direct: bool) -> bool:
        """Whether an application of this type, kind and basis must carry this document."""
        if str(org_type) not in self.org_types or kind not in [k.strip() for k in self.kinds.split(",")]:
            return False
        if self.basis == self.Basis.COMPETENT_UNIT:
            return not direct
        if self.basis == self.Basis.DIRECT:
            return direct
        return True


class ApplicationDocument(models.Model):
    """An uploaded document, stored outside the web root under a random name."""

    application = models.ForeignKey(
        RegistrationApplication, verbose_name=_("登记申请"), on_delete=models.CASCADE, related_name="documents"
    )
    requirement = models.ForeignKey(DocumentRequirement, verbose_name=_("材料"), on_delete=models.PROTECT)
    stored_name = models.CharField(_("存储文件名"), max_length=80, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["requirement__order", "uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="one_document_per_requirement")
        ]

    def __str__(self):
        return f"{self.requirement.title}: {self.original_name}"


class ApplicationEvent(models.Model):
    """A step in the application's life: who did what, when, and why. Append-only."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        CORRECTIONS_REQUESTED = "corrections", _("一次性告知补正")
        RESUBMITTED = "resubmitted", _("补正后重新提交")
        ACCEPTED = "accepted", _("受理")
        REFUSED = "refused", _("不予受理")
        REVIEWED = "reviewed", _("审查")
        APPROVED = "approved", _("核准")
        REJECTED = "rejected", _("不予登记")
        ISSUED = "issued", _("发证")
        PREPARATION_APPROVED = "preparation_approved", _("准予筹备")
        DEREGISTERED = "deregistered", _("准予注销登记")
        RATED = "rated", _("服务评价")
        WITHDRAWN = "withdrawn", _("申请人撤回")

    application = models.ForeignKey(
        RegistrationApplication, verbose_name=_("登记申请"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("岗位"), max_length=20, blank=True, choices=OfficerRole.choices)
    action = models.CharField(_("事项"), max_length=24, choices=Action.choices)
    reason = models.TextField(_("意见或理由"), blank=True, help_text=_("申请人可见"))
    internal_note = models.TextField(_("内部意见"), blank=True, help_text=_("仅工作人员可见，如实地核查记录"))
    items = models.JSONField(_("补正事项"), default=list, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.application_id} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("application events are append-only")
        super().save(*args, **kwargs)


UNSATISFIED_SCORE = 2  # 2 不满意, 1 非常不满意


class ServiceRating(models.Model):
    """The applicant's rating of the service once the application is closed (好差评)."""

    application = models.OneToOneField(
        RegistrationApplication, verbose_name=_("登记申请"), on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(
        _("评分"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1（非常不满意）至 5（非常满意）"),
    )
    comment = models.CharField(_("评价内容"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")
        ]

    def __str__(self):
        return f"{self.application_id}: {self.score}"

    def clean(self):
        # 好差评: a 不满意 or 非常不满意 rating states its reason, so the bureau can act on it.
        if self.score is not None and self.score <= UNSATISFIED_SCORE and not self.comment.strip():
            raise ValidationError({"comment": _("评价为不满意或非常不满意的，请写明原因。")})
