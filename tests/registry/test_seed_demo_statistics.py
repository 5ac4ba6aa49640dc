"""The statistics demo gives the page figures to show: concluded applications with ratings, penalty decisions and
complaints in the demo districts, and a second run adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from registry.models import Complaint, Jurisdiction, PenaltyCase, RegistrationApplication, ServiceRating
from registry.selectors.sector_statistics import sector_charts

pytestmark = pytest.mark.django_db


def test_the_demo_statistics_fill_the_charts():
    call_command("seed_demo", orgs=400, seed=3, no_accounts=True)
    call_command("seed_demo_statistics")
    year = timezone.localdate().year
    minhang = Jurisdiction.objects.filter(code="310112")
    charts = {chart.key: chart for chart in sector_charts(minhang, year)}
    concluded = RegistrationApplication.objects.filter(jurisdiction__in=minhang, status="completed")
    assert concluded.count() > 0
    assert sum(sum(row[1:]) for row in charts["applications_by_month"].rows) == concluded.count()
    assert (
        sum(row[1] for row in charts["ratings"].rows)
        == ServiceRating.objects.filter(application__jurisdiction__in=minhang).count()
        > 0
    )
    assert (
        sum(row[1] for row in charts["complaints"].rows) == Complaint.objects.filter(jurisdiction__in=minhang).count()
    )
    assert PenaltyCase.objects.filter(organization__jurisdiction__in=minhang).exists()
    for application in concluded:
        assert application.accepted_on <= timezone.localtime(application.decided_at).date()
    counts = (RegistrationApplication.objects.count(), ServiceRating.objects.count(), Complaint.objects.count())
    call_command("seed_demo_statistics")
    assert (RegistrationApplication.objects.count(), ServiceRating.objects.count(), Complaint.objects.count()) == counts
