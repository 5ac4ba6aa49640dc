"""Incubation (孵化) of social organizations: the bases (the district's public-welfare park, the district and town
service centres), the groups admitted to them, the services they receive, and their graduation (出壳)."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models.audit import AppendOnlyModel
from registry.models.community import CommunityField
from registry.rules.display import local_date


class IncubationBaseKind(models.TextChoices):
    PARK = "park", _("区级公益园（孵化园）")
    DISTRICT_CENTRE = "district_centre", _("区级社会组织服务中心")
    TOWN_CENTRE = "town_centre", _("街镇社会组织服务中心")


class IncubationBase(models.Model):
    """A place that incubates social organizations, with a number of places; the district bureau manages it."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("如：闵行区公益园"))
    kind = models.CharField(_("类别"), max_length=20, choices=IncubationBaseKind.choices)
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction",
        verbose_name=_("所属区县登记管理机关"),
        on_delete=models.PROTECT,
        related_name="incubation_bases",
    )
    subdistrict = models.ForeignKey(
        "registry.Subdistrict",
        verbose_name=_("所在街道（乡镇）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_bases",
    )
    address = models.CharField(_("地址"), max_length=200)
    capacity = models.PositiveIntegerField(_("入驻名额"), validators=[MinValueValidator(1)])
    operator = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("运营机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_incubation_bases",
    )
    active = models.BooleanField(_("运营中"), default=True)

    class Meta:
        verbose_name = _("孵化基地")
        verbose_name_plural = _("孵化基地")
        ordering = ["jurisdiction", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_incubation_base_name")]

    def __str__(self):
        return self.name


class IncubationManager(models.Model):
    """A base's own manager account (often the operator's staff): works on that base's records only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="incubation_roles"
    )
    base = models.ForeignKey(
        IncubationBase, verbose_name=_("孵化基地"), on_delete=models.CASCADE, related_name="managers"
    )

    class Meta:
        verbose_name = _("孵化基地管理人员")
        verbose_name_plural = _("孵化基地管理人员")
        constraints = [models.UniqueConstraint(fields=["user", "base"], name="unique_incubation_manager")]

    def __str__(self):
        return f"{self.user} · {self.base}"


class AdmissionStatus(models.TextChoices):
    INCUBATING = "incubating", _("在孵")
    GRADUATED = "graduated", _("已出壳")


class GraduationOutcome(models.TextChoices):
    REGISTERED = "registered", _("登记成立")
    FILED = "filed", _("备案")
    LEFT = "left", _("离开")


class Admission(models.Model):
    """One incubatee's stay at a base (孵化入驻): a registered organization, a filed community group, or a
    group not yet filed or registered (its name and contact), exactly one of these."""

    base = models.ForeignKey(
        IncubationBase, verbose_name=_("孵化基地"), on_delete=models.PROTECT, related_name="admissions"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("已登记的社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_admissions",
    )
    community_group = models.ForeignKey(
        "registry.CommunityGroup",
        verbose_name=_("已备案的社区社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_admissions",
    )
    group_name = models.CharField(_("未登记备案团队名称"), max_length=100, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    field = models.CharField(_("服务领域"), max_length=10, choices=CommunityField.choices)
    admitted_on = models.DateField(_("入驻日期"))
    planned_graduation_on = models.DateField(_("计划出壳日期"))
    status = models.CharField(
        _("孵化状态"), max_length=12, choices=AdmissionStatus.choices, default=AdmissionStatus.INCUBATING
    )
    graduated_on = models.DateField(_("出壳日期"), null=True, blank=True)
    outcome = models.CharField(_("出壳结果"), max_length=12, choices=GraduationOutcome.choices, blank=True)
    outcome_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("登记成立的社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_graduations",
    )
    outcome_group = models.ForeignKey(
        "registry.CommunityGroup",
        verbose_name=_("备案的社区社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_graduations",
    )
    left_reason = models.TextField(_("离开原因"), blank=True)
    # The incubatee's registration application, linked by the base's officer: its review page shows the
    # incubation, and its registration completes the graduation.
    registration_application = models.ForeignKey(
        "registry.RegistrationApplication",
        verbose_name=_("登记申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incubation_admissions",
    )
    # The 公益创投 application whose win brought the incubatee here (admitted by the contest's purchaser).
    contest_application = models.ForeignKey(
        "registry.PurchaseApplication",
        verbose_name=_("公益创投获胜项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubation_admissions",
    )
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("孵化入驻")
        verbose_name_plural = _("孵化入驻")
        ordering = ["base", "-admitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organization__isnull=False, community_group__isnull=True, group_name="")
                    | Q(organization__isnull=True, community_group__isnull=False, group_name="")
                    | (Q(organization__isnull=True, community_group__isnull=True) & ~Q(group_name=""))
                ),
                name="admission_exactly_one_incubatee",
            )
        ]

    def __str__(self):
        return self.incubatee_name

    @property
    def incubatee_name(self) -> str:
        """The name the incubatee goes by: its registered or filed name, or the group's own."""
        if self.organization_id:
            return self.organization.name
        if self.community_group_id:
            return self.community_group.name
        return self.group_name

    @property
    def incubatee_kind(self) -> str:
        """What the incubatee is: organization, group (filed) or unfiled."""
        if self.organization_id:
            return "organization"
        return "group" if self.community_group_id else "unfiled"


class IncubationServiceKind(models.TextChoices):
    TRAINING = "training", _("培训")
    SPACE = "space", _("场地")
    MENTORING = "mentoring", _("导师辅导")
    BOOKKEEPING = "bookkeeping", _("财务代理")
    CAPACITY = "capacity", _("能力建设")
    OTHER = "other", _("其他")


class IncubationService(models.Model):
    """A service an incubatee received at its base: training, space, mentoring, bookkeeping and the like."""

    admission = models.ForeignKey(
        Admission, verbose_name=_("孵化入驻"), on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(_("服务类别"), max_length=12, choices=IncubationServiceKind.choices)
    provided_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("时长（小时）"), max_digits=6, decimal_places=1)
    provider = models.CharField(_("提供者"), max_length=100, help_text=_("导师、讲师或机构"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("孵化服务")
        verbose_name_plural = _("孵化服务")
        ordering = ["-provided_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.provided_on}"


class AdmissionAction(models.TextChoices):
    ADMITTED = "admitted", _("入驻")
    SERVICE = "service", _("记录孵化服务")
    LINKED = "linked", _("关联登记申请")
    GRADUATED = "graduated", _("出壳")


class AdmissionEvent(AppendOnlyModel):
    """One step in an admission's history, append-only: its admission, each service logged, the registration
    application linked (by an officer or on moving up from a filing), its graduation."""

    admission = models.ForeignKey(
        Admission, verbose_name=_("孵化入驻"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("事项"), max_length=12, choices=AdmissionAction.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("孵化记录")
        verbose_name_plural = _("孵化记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.admission} · {self.get_action_display()}"

    @property
    def note_shown(self) -> str:
        """The note as a reader sees it: a service's kind and a graduation's outcome, stored as codes, by their
        names in the language in use."""
        code, _space, rest = self.note.partition(" ")
        if self.action == AdmissionAction.SERVICE and code in IncubationServiceKind.values:
            # Stored by the service log as "kind date hours provider".
            day, hours, provider = (rest.split(" ", 2) + ["", ""])[:3]
            try:
                shown_day = local_date(datetime.date.fromisoformat(day))
            except ValueError:
                return f"{IncubationServiceKind(code).label} {rest}".strip()
            hours_shown = _("%(hours)s小时") % {"hours": hours}
            parts = (IncubationServiceKind(code).label, shown_day, hours_shown, provider)
            return " · ".join(str(part) for part in parts if part)
        if self.action == AdmissionAction.GRADUATED and code in GraduationOutcome.values:
            return f"{GraduationOutcome(code).label} {rest}".strip()
        return self.note
