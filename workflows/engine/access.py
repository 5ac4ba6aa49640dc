"""The wall between bureaus for processes: who may see a process, and the jurisdictions an officer works for."""

from django.db.models import Q, QuerySet

from registry.models import Jurisdiction, OfficerAssignment
from registry.selectors.purchase import is_purchaser, units_for
from workflows.models import BureauProcess


def can_see_process(user, process=None) -> bool:
    """Officers see the processes of the jurisdictions they work for, and no other."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    assignments = OfficerAssignment.objects.filter(user=user)
    if process is None:
        return assignments.exists() or is_purchaser(user)
    purchase_application = _purchase_application_id(process)
    if purchase_application is not None:
        # An application to a call is seen by the purchasing unit's staff only (the purchaser's wall).
        return units_for(user).filter(calls__applications=purchase_application).exists()
    return assignments.filter(jurisdiction=process_jurisdiction(process)).exists()


def _purchase_application_id(process):
    if isinstance(process, BureauProcess):
        return process.purchase_application_id
    return BureauProcess.objects.filter(pk=process.pk).values_list("purchase_application_id", flat=True).first()


def visible_processes(user, queryset: QuerySet) -> QuerySet:
    """Restrict processes to the officer's jurisdictions."""
    if user.is_superuser:
        return queryset

    jurisdictions = OfficerAssignment.objects.filter(user=user).values("jurisdiction_id")
    prefix = "" if issubclass(queryset.model, BureauProcess) else "bureauprocess__"
    bureau = Q(**{f"{prefix}jurisdiction__in": jurisdictions, f"{prefix}purchase_application__isnull": True})
    purchaser = Q(**{f"{prefix}purchase_application__call__unit__in": units_for(user)})
    return queryset.filter(bureau | purchaser)


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
