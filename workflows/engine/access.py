"""The wall between bureaus for processes: who may see a process, and the jurisdictions an officer works for."""

from django.db.models import QuerySet

from registry.models import Jurisdiction, OfficerAssignment
from workflows.models import BureauProcess


def can_see_process(user, process=None) -> bool:
    """Officers see the processes of the jurisdictions they work for, and no other."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    assignments = OfficerAssignment.objects.filter(user=user)
    if process is None:
        return assignments.exists()

    return assignments.filter(jurisdiction=process_jurisdiction(process)).exists()


def visible_processes(user, queryset: QuerySet) -> QuerySet:
    """Restrict processes to the officer's jurisdictions."""
    if user.is_superuser:
        return queryset

    jurisdictions = OfficerAssignment.objects.filter(user=user).values("jurisdiction_id")
    if issubclass(queryset.model, BureauProcess):
        return queryset.filter(jurisdiction__in=jurisdictions)
    return queryset.filter(bureauprocess__jurisdiction__in=jurisdictions)


def visible_jurisdictions(user, *, roles=None, below: bool = True) -> QuerySet:
    """The jurisdictions where the user works (in one of `roles`, or any), and with `below` those under them.

    A city bureau's officers see the district bureaus under it; a district's officers only their own.
    """

    if user.is_superuser:
        return Jurisdiction.objects.all()
    assignments = OfficerAssignment.objects.filter(user=user)
    if roles is not None:
        assignments = assignments.filter(role__in=roles)
    ids = set(assignments.values_list("jurisdiction_id", flat=True))
    frontier = ids
    while below and frontier:
        frontier = set(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return Jurisdiction.objects.filter(pk__in=ids)


def process_jurisdiction(process):
    """The jurisdiction a process belongs to, whatever class the process object arrives as."""

    if isinstance(process, BureauProcess):
        return process.jurisdiction
    return BureauProcess.objects.select_related("jurisdiction").get(pk=process.pk).jurisdiction
