"""Inspection progress of a season, counted per bureau."""

from django.utils import timezone

from registry.models import AnnualReport, Jurisdiction


def inspection_progress(user, year: int) -> list[dict]:
    """Per jurisdiction of the officer: reports due, submitted, reviewed, passed, basically passed, failed, missing."""
    from django.db.models import Count, Q

    jurisdictions = Jurisdiction.objects.all()
    if not user.is_superuser:
        jurisdictions = jurisdictions.filter(officers__user=user).distinct()
    rows = (
        AnnualReport.objects.filter(year=year, organization__jurisdiction__in=jurisdictions)
        .values("organization__jurisdiction__code", "organization__jurisdiction__name")
        .annotate(
            due=Count("id"),
            submitted=Count("id", filter=Q(submitted_at__isnull=False)),
            reviewed=Count("id", filter=~Q(result="")),
            passed=Count("id", filter=Q(result="passed")),
            basic=Count("id", filter=Q(result="basic")),
            failed=Count("id", filter=Q(result="failed")),
            missing=Count("id", filter=Q(submitted_at__isnull=True, deadline__lt=timezone.localdate())),
        )
        .order_by("organization__jurisdiction__code")
    )
    return [
        {
            "code": row["organization__jurisdiction__code"],
            "name": row["organization__jurisdiction__name"],
            **{k: row[k] for k in ("due", "submitted", "reviewed", "passed", "basic", "failed", "missing")},
            "submitted_pct": round(100 * row["submitted"] / row["due"]) if row["due"] else 0,
        }
        for row in rows
    ]
