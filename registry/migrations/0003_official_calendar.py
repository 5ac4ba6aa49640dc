"""Seed the holiday calendar from the schedules the chinese-calendar package knows."""

from django.db import migrations


def seed(apps, schema_editor):
    from registry.rules.holidays import official_calendar_rows, official_years

    CalendarDay = apps.get_model("registry", "CalendarDay")
    CalendarYear = apps.get_model("registry", "CalendarYear")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=w, name=n) for d, w, n in official_calendar_rows() if d not in existing]
    )
    known = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=y, source="国务院办公厅放假安排（chinese-calendar 1.11）")
            for y in official_years()
            if y not in known
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_jurisdictions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
