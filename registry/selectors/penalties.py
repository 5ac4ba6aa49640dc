"""Reads of penalty cases: the officers who may handle a case, and the penalties the public page lists."""

from registry.models import Jurisdiction, OfficerAssignment, Organization
from registry.models.penalty import PenaltyCase
from registry.rules.penalties import (
    IN_FORCE_STAGES,
)


def officers_of(jurisdiction: Jurisdiction):
    """The bureau's officers, any role: each may be the second investigator of a case (执法人员)."""
    from django.contrib.auth import get_user_model

    ids = OfficerAssignment.objects.filter(jurisdiction=jurisdiction).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


def public_penalties(organization: Organization):
    """Penalties in force or past, as published: decision number, kind, date, basis (no investigation details)."""

    return (
        PenaltyCase.objects.filter(organization=organization, stage__in=IN_FORCE_STAGES)
        .only(
            "organization_id",
            "decision_number",
            "kind",
            "amount_yuan",
            "suspension_months",
            "suspension_ends_on",
            "decided_on",
            "served_on",
            "legal_basis",
            "filed_on",
        )
        .prefetch_related("sanction_rows")
        .order_by("-decided_on", "-id")
    )
