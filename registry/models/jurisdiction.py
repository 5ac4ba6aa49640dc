"""Registration authorities (登记管理机关) and their administrative divisions."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.choices import JurisdictionLevel
from registry.rules.branches import APPROVAL, FILING, FILING_DAYS_DEFAULT, FILING_DAYS_MAX
from registry.rules.names import NameContext


def _english() -> bool:
    return (get_language() or "").startswith("en")


class Jurisdiction(models.Model):
    """A registration authority identified by its 6-digit administrative division code."""

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字。"))],
    )
    name = models.CharField(_("简称"), max_length=40, help_text=_("如：闵行区"))
    full_name = models.CharField(_("全称"), max_length=60, help_text=_("如：上海市闵行区"))
    authority_name = models.CharField(_("登记管理机关"), max_length=80, help_text=_("如：上海市闵行区民政局"))
    # English names for the English pages; empty means the Chinese name is shown there too.
    name_en = models.CharField(_("英文简称"), max_length=60, blank=True, help_text=_("如：Minhang District"))
    authority_name_en = models.CharField(
        _("登记管理机关英文名称"),
        max_length=120,
        blank=True,
        help_text=_("如：Minhang District Civil Affairs Bureau, Shanghai"),
    )
    level = models.CharField(_("级别"), max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Associations' branches and offices (社会团体登记管理条例 第十七条): reported and filed since 国发〔2013〕44号
    # and 民发〔2014〕38号, or approved where the bureau keeps the 2001 登记办法's approval.
    branch_regime = models.CharField(
        _("分支机构、代表机构办理方式"),
        max_length=8,
        choices=[(FILING, _("报告备案")), (APPROVAL, _("审批"))],
        default=FILING,
        db_default=FILING,
    )
    branch_filing_days = models.PositiveSmallIntegerField(
        _("分支机构备案办理时限（工作日）"),
        default=FILING_DAYS_DEFAULT,
        db_default=FILING_DAYS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(FILING_DAYS_MAX)],
        help_text=_("报告备案方式下窗口核对并备案的期限，不超过审批的20个工作日"),
    )

    class Meta:
        verbose_name = _("登记管理机关")
        verbose_name_plural = _("登记管理机关")
        ordering = ["code"]
        # Held per jurisdiction (django-guardian object permissions): the wall between bureaus.
        permissions = [
            ("role_window", _("受理窗口岗")),
            ("role_reviewer", _("审查岗")),
            ("role_approver", _("核准岗（科长）")),
            ("role_inspector", _("年检监管岗")),
            ("role_evaluator", _("评估管理岗")),
            ("role_head", _("机关负责人")),
            ("role_unit", _("业务主管单位初审岗")),
        ]

    def __str__(self):
        return self.authority_display

    @property
    def display_name(self) -> str:
        """The short name in the page's language (闵行区 / Minhang District)."""
        return self.name_en if self.name_en and _english() else self.name

    @property
    def authority_display(self) -> str:
        """The authority's name in the page's language; certificates and documents keep the Chinese name."""
        return self.authority_name_en if self.authority_name_en and _english() else self.authority_name

    def name_context(self) -> NameContext:
        """Return the area names an organization name registered here must start with."""
        names = sorted({self.full_name, self.name}, key=len, reverse=True)
        return NameContext(area_names=tuple(names), level=self.level)
