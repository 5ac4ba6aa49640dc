"""Which bureau a staff member works for, and in which role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import OfficerRole


class OfficerAssignment(models.Model):
    """A staff member's role at one registration authority; every officer view is scoped by these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="assignments"
    )
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="officers"
    )
    role = models.CharField(_("岗位"), max_length=12, choices=OfficerRole.choices)
    # For the competent unit's role only: the unit the officer signs for, as organizations record it.
    unit_name = models.CharField(_("业务主管单位"), max_length=100, blank=True, db_default="")

    class Meta:
        verbose_name = _("岗位授权")
        verbose_name_plural = _("岗位授权")
        constraints = [models.UniqueConstraint(fields=["user", "jurisdiction", "role"], name="unique_assignment")]

    def __str__(self):
        return f"{self.user} · {self.jurisdiction.name} · {self.get_role_display()}"
