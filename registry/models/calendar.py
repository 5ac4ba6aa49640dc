"""The official holiday calendar as data, editable by staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅放假安排) is loaded."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=120, help_text=_("如：国务院办公厅通知文号"))
    loaded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已发布放假安排的年份")
        verbose_name_plural = _("已发布放假安排的年份")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain week: an official holiday or a make-up working day."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("调休上班"), help_text=_("勾选表示周末调休上班；不勾选表示法定节假日"))
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
