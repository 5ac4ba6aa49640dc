"""Who saw a person's full resident ID number, when, and in which case: an append-only log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import OfficerRole
from registry.models.audit import ChainedModel


class DisclosurePurpose(models.TextChoices):
    VIEW = "view", _("查看")
    EXPORT = "export", _("导出")


class IdNumberDisclosure(ChainedModel):
    """One showing (or export) of one person's full ID number to one member of staff."""

    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    # Role codes (OfficerRole values), never their translated labels; "superuser" for a system administrator.
    roles = models.CharField(_("岗位代码"), max_length=80)
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用途"), max_length=8, choices=DisclosurePurpose.choices)
    case_reference = models.CharField(_("案卷"), max_length=40)
    person_name = models.CharField(_("姓名"), max_length=40)
    person_role = models.CharField(_("身份"), max_length=40)
    id_number_masked = models.CharField(_("身份证号码（掩码）"), max_length=18)

    class Meta:
        verbose_name = _("身份证号码查看记录")
        verbose_name_plural = _("身份证号码查看记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "-at"], name="disclosure_bureau_at")]

    def __str__(self):
        return f"{self.by_id} {self.case_reference} {self.person_name} {self.at:%Y-%m-%d %H:%M}"

    CHAIN_ORDER = ()

    def chain_key(self) -> str:
        return "disclosures"  # one chain: who saw which full ID number

    @property
    def roles_display(self) -> str:
        """The roles as their labels (受理窗口、审查…), as people read them; the codes stay in the log."""
        labels = {**dict(OfficerRole.choices), "superuser": _("系统管理员")}
        return "、".join(str(labels.get(code, code)) for code in self.roles.split(",") if code)
