"""Reads of branches and representative offices: an organization's register of them and its count."""

from django.db.models import QuerySet

from registry.models import Branch, BranchStatus, Organization


def organization_branches(organization: Organization) -> QuerySet:
    """The organization's branches and offices, active ones first, then closed, each by set-up date."""
    return Branch.objects.filter(organization=organization).order_by("status", "set_up_on", "id")


def active_branch_count(organization: Organization) -> int:
    """How many branches and offices the register holds as active (what the annual report should state)."""
    return Branch.objects.filter(organization=organization, status=BranchStatus.ACTIVE).count()
