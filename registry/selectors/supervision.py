"""Reads of daily supervision: a complaint by number and code, the campaign's candidates, an officer's bureaus."""

from django.db.models import QuerySet

from registry.choices import SUPERVISION_ROLES
from registry.models import (
    Complaint,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    SpotCheckCampaign,
)
from registry.rules.complaints import query_code_matches


def complaint_lookup(*, number: str, code: str) -> Complaint | None:
    """The complaint with this acknowledgement number, if the query code matches; None otherwise."""
    number = number.strip().upper()
    if not number.startswith("TS") or len(number) < 16 or not number[2:].isdigit():
        return None
    candidate = Complaint.objects.filter(pk=int(number[10:])).first()
    if candidate is None or candidate.number != number:
        return None
    return candidate if query_code_matches(number, code, candidate.query_code_digest) else None


def campaign_candidates(campaign: SpotCheckCampaign) -> QuerySet:
    """The organizations of the bureau's register that match the campaign's filter, by id."""
    organizations = Organization.objects.filter(jurisdiction=campaign.jurisdiction)
    if campaign.org_status:
        organizations = organizations.filter(status=campaign.org_status)
    if campaign.org_type:
        organizations = organizations.filter(org_type=campaign.org_type)
    if campaign.grade:
        organizations = organizations.filter(grade="" if campaign.grade == "none" else campaign.grade)
    if campaign.last_inspection_result:
        organizations = organizations.filter(last_inspection_result=campaign.last_inspection_result)
    if campaign.founded_before:
        organizations = organizations.filter(founded_on__lt=campaign.founded_before)
    return organizations.order_by("id")


def supervision_jurisdictions(user) -> QuerySet:
    """The bureaus where `user` works in supervision (all of them for a system administrator)."""
    if user.is_superuser:
        return Jurisdiction.objects.all()
    if not user.is_authenticated:
        return Jurisdiction.objects.none()
    return Jurisdiction.objects.filter(
        pk__in=OfficerAssignment.objects.filter(user=user, role__in=SUPERVISION_ROLES).values("jurisdiction_id")
    )
