"""Counters that hand out serial numbers without gaps under concurrency."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeSequence(models.Model):
    """A named counter, advanced under a row lock."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    last_value = models.BigIntegerField(_("当前值"), default=-1)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self):
        return f"{self.name}={self.last_value}"
