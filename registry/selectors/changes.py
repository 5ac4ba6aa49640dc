"""Reads of the change stream, and of an organization as the register held it on a past day."""

import datetime

from django.db.models import Max, Min
from django.utils import timezone

from registry.models import ChangeEvent, ChangeStreamPurge, Organization

# Agency-only fields of an event: left out unless the reader's key allows them.
AGENCY_EVENT_FIELDS = {"legal_rep_id_number"}  # stored masked (as in history) even then


def events_after(timepoint: int, *, limit: int, kinds=None) -> list[ChangeEvent]:
    """The committed events after `timepoint`, in timepoint order (at most `limit`)."""
    events = ChangeEvent.objects.filter(timepoint__gt=timepoint)
    if kinds:
        events = events.filter(kind__in=kinds)
    return list(events.order_by("timepoint")[:limit])


def timepoint_too_old(timepoint: int) -> int | None:
    """The oldest timepoint kept, when events after `timepoint` have been purged; else None.

    Reading on from the oldest timepoint kept, less one, misses nothing that is still kept.
    """
    horizon = ChangeStreamPurge.objects.aggregate(through=Max("purged_through"))["through"]
    if horizon is None or timepoint >= horizon:
        return None
    oldest = ChangeEvent.objects.filter(timepoint__gt=horizon).aggregate(oldest=Min("timepoint"))["oldest"]
    return oldest if oldest is not None else horizon + 1


def event_payload(event: ChangeEvent, *, agency_fields=()) -> dict:
    """An event as agencies read it: public fields, plus the agency fields their key allows."""
    hidden = AGENCY_EVENT_FIELDS - set(agency_fields)
    return {
        "timepoint": event.timepoint,
        "kind": event.kind,
        "code": event.code or None,
        "name": event.name,
        "occurred_at": event.occurred_at.isoformat(),
        "fields": {
            field.removesuffix("_id"): {"old": values[0], "new": values[1]}
            for field, values in event.fields.items()
            if field not in hidden
        },
        "detail": event.detail,
    }


def organization_as_of(organization: Organization, day: datetime.date) -> Organization | None:
    """The organization as the register held it at the end of `day`, rebuilt from its history; None before it
    was entered.

    History entries hold the fields that changed (old and new values; the first holds every field), so the
    state is the replay of every entry up to that day. The result is an unsaved copy: never save it.
    """
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    entries = organization.history.filter(at__lt=end).order_by("chain_seq", "at", "id")
    state = {}
    for entry in entries.values_list("changes", flat=True).iterator():
        state.update({field: values[1] for field, values in entry.items()})
    if not state:
        return None
    past = Organization(pk=organization.pk, jurisdiction_id=organization.jurisdiction_id)
    for field in Organization._meta.concrete_fields:
        if field.attname in state:
            value = state[field.attname]
        elif field.name in state:
            value = state[field.name]
        else:
            continue
        if field.name == "legal_rep_id_number":
            continue  # history keeps it masked
        setattr(past, field.attname, field.to_python(value) if value is not None else None)
    past.legal_rep_id_number = ""
    return past
