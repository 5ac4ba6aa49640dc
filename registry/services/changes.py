"""Writing the change stream: one event per change to the register, in the transaction that makes the change.

The register writer (`register.py`) turns each history entry into an event; the credit lists, penalty
decisions and filings write their own, with what they decided. Timepoints are given at commit (a trigger on
PostgreSQL, see docs/adr/0021-change-stream.md); elsewhere (SQLite, the demo, one writer at a time) the id.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from registry.choices import HistoryAction
from registry.models import ChangeEvent, ChangeKind, ChangeStreamPurge, Organization, OrganizationHistory

# History entries whose service writes an event of its own, with what was decided.
OWN_EVENT_ACTIONS = {HistoryAction.CREDIT_LIST, HistoryAction.PENALTY}

ACTION_KINDS = {
    HistoryAction.REGISTERED: ChangeKind.REGISTERED,
    HistoryAction.PREPARATION_APPROVED: ChangeKind.REGISTERED,
    HistoryAction.IMPORTED: ChangeKind.REGISTERED,
    HistoryAction.DEREGISTERED: ChangeKind.DEREGISTERED,
    HistoryAction.REVOKED: ChangeKind.REVOKED,
}


def _kind_of(entry: OrganizationHistory, organization: Organization) -> str | None:
    if entry.action in OWN_EVENT_ACTIONS:
        return None
    if entry.action == HistoryAction.GRADE:
        grade = entry.changes["grade"][1] if "grade" in entry.changes else organization.grade
        return ChangeKind.GRADE_GIVEN if grade else ChangeKind.GRADE_LAPSED
    return ACTION_KINDS.get(entry.action, ChangeKind.CHANGED)


def _number(events: list[ChangeEvent]) -> None:
    """Without the PostgreSQL trigger the database has one writer at a time: the id is the timepoint."""
    if connection.vendor != "postgresql" and events:
        ChangeEvent.objects.filter(pk__in=[event.pk for event in events]).update(timepoint=F("id"))


def change_events_from_history(entries: list[OrganizationHistory], organizations: dict | None = None) -> list:
    """Write the events of these history entries (written in this transaction); return them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("change events are written in the transaction of the change")
    organizations = organizations or {}
    events = []
    for entry in entries:
        organization = organizations.get(entry.organization_id) or entry.organization
        kind = _kind_of(entry, organization)
        if kind is None:
            continue
        events.append(
            ChangeEvent(
                kind=kind,
                organization_id=organization.pk,
                code=organization.uscc or "",
                name=organization.name,
                fields=entry.changes,
                occurred_at=entry.at,
            )
        )
    events = ChangeEvent.objects.bulk_create(events, batch_size=1000)
    _number(events)
    return events


def change_event_record(
    *, organization: Organization, kind: str, fields: dict | None = None, detail: dict | None = None
) -> ChangeEvent:
    """Write one event of `kind` about `organization`, in the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("change events are written in the transaction of the change")
    event = ChangeEvent.objects.create(
        kind=ChangeKind(kind),
        organization=organization,
        code=organization.uscc or "",
        name=organization.name,
        fields=fields or {},
        detail={key: _plain(value) for key, value in (detail or {}).items()},
    )
    _number([event])
    return event


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def change_events_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the events older than the retention window; a reader behind it is told the oldest left (416)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REGISTRY["CHANGES_RETENTION_DAYS"])
    old = ChangeEvent.objects.filter(occurred_at__lt=cutoff, timepoint__isnull=False)
    with transaction.atomic():
        through = old.aggregate(through=Max("timepoint"))["through"]
        if through is None:
            return 0
        deleted, _by_model = ChangeEvent.objects.filter(timepoint__lte=through).delete()
        ChangeStreamPurge.objects.create(purged_through=through, deleted=deleted)
    return deleted
