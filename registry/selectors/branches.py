"""Reads of branches and representative offices: an organization's register of them and its count."""

from django.db.models import QuerySet

from registry.models import Branch, BranchStatus, Organization
from registry.rules.idcards import mask_id_number


def organization_branches(organization: Organization) -> QuerySet:
    """The organization's branches and offices, active ones first, then closed, each by set-up date."""
    return Branch.objects.filter(organization=organization).order_by("status", "set_up_on", "id")


def active_branch_count(organization: Organization) -> int:
    """How many branches and offices the register holds as active (what the annual report should state)."""
    return Branch.objects.filter(organization=organization, status=BranchStatus.ACTIVE).count()


def change_lines(application) -> list[tuple[str, str, str]]:
    """(field label, before, after) of what a filed or approved application changed; ID numbers masked."""
    lines = []
    for field, (before, after) in application.changes.items():
        if field == "status":
            label = str(Branch._meta.get_field("status").verbose_name)
            before, after = str(BranchStatus(before).label), str(BranchStatus(after).label)
        else:
            model_field = type(application)._meta.get_field(field)
            label = str(model_field.verbose_name)
            if field == "head_id_number":
                before, after = mask_id_number(before), mask_id_number(after)
            elif model_field.choices:
                choices = dict(model_field.choices)
                before, after = str(choices.get(before, before)), str(choices.get(after, after))
        lines.append((label, before or "—", after or "—"))
    return lines
