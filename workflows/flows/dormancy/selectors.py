"""Organizations the sweep flagged as dormant, for the officer's candidates page."""

from django.db.models import QuerySet

from registry.models import DormancyCase, DormancyStatus, OfficerAssignment


def dormancy_candidates(user) -> QuerySet:
    """Candidate cases in the jurisdictions where the user is an inspector (年检监管岗), oldest first."""

    cases = DormancyCase.objects.filter(status=DormancyStatus.CANDIDATE).select_related("organization__jurisdiction")
    if not user.is_superuser:
        jurisdictions = OfficerAssignment.objects.filter(user=user, role="inspector").values("jurisdiction_id")
        cases = cases.filter(organization__jurisdiction__in=jurisdictions)
    return cases.order_by("found_on", "id")
