"""Reads of leadership elections: the current term, overdue elections, serving officers, departure audits."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from registry.choices import OrgStatus
from registry.models import (
    DepartureAudit,
    Election,
    ElectionReminder,
    ExtensionStatus,
    FilingStatus,
    OfficerChange,
    OfficerFiling,
    Organization,
    OrganizationOfficer,
    TermExtension,
)
from registry.rules.conditions import legal_rep_errors
from registry.rules.elections import OfficerPosition, days_overdue, effective_term_end
from registry.selectors.register import legal_rep_other_org_types


@dataclass(frozen=True)
class Term:
    """The organization's current term: the last filed election, its end, and an approved extension."""

    election: Election | None
    ends_on: datetime.date | None
    extended_to: datetime.date | None

    @property
    def due_on(self) -> datetime.date | None:
        return effective_term_end(self.ends_on, self.extended_to)


def latest_election(organization: Organization) -> Election | None:
    return (
        Election.objects.filter(organization=organization, status=FilingStatus.FILED)
        .order_by("-elected_on", "-pk")
        .first()
    )


def current_term(organization: Organization) -> Term:
    """The term the last filed election began, with the approved extension of that term, if any."""
    election = latest_election(organization)
    if election is None:
        return Term(None, None, None)
    extension = (
        TermExtension.objects.filter(
            organization=organization, status=ExtensionStatus.APPROVED, term_ends_on=election.term_ends_on
        )
        .order_by("-new_date")
        .first()
    )
    return Term(election, election.term_ends_on, extension.new_date if extension else None)


def _with_term(organizations: QuerySet) -> QuerySet:
    last = Election.objects.filter(organization=OuterRef("pk"), status=FilingStatus.FILED).order_by(
        "-elected_on", "-pk"
    )
    extended = TermExtension.objects.filter(
        organization=OuterRef("pk"), status=ExtensionStatus.APPROVED, term_ends_on=OuterRef("term_ends_on")
    ).order_by("-new_date")
    return organizations.annotate(
        term_ends_on=Subquery(last.values("term_ends_on")[:1]),
        elected_on=Subquery(last.values("elected_on")[:1]),
    ).annotate(extended_to=Subquery(extended.values("new_date")[:1]))


@dataclass(frozen=True)
class OverdueElection:
    organization: Organization
    term_ends_on: datetime.date
    extended_to: datetime.date | None
    days_overdue: int
    reminder: ElectionReminder | None


def overdue_elections(*, jurisdictions=None, today: datetime.date | None = None) -> list[OverdueElection]:
    """Registered organizations whose term (or approved extension) has ended and no later election is filed.

    Organizations with no election on record are not listed: the register cannot tell when their term ends.
    """
    today = today or timezone.localdate()
    organizations = Organization.objects.filter(status=OrgStatus.NORMAL)
    if jurisdictions is not None:
        organizations = organizations.filter(jurisdiction__in=jurisdictions)
    rows = (
        _with_term(organizations)
        .filter(term_ends_on__lt=today)
        .filter(Q(extended_to__isnull=True) | Q(extended_to__lt=today))
        .select_related("jurisdiction")
        .order_by(F("term_ends_on").asc(), "pk")
    )
    rows = list(rows[:1000])
    by_pk = {o.pk: o for o in rows}
    reminders: dict[int, ElectionReminder] = {}
    for reminder in ElectionReminder.objects.filter(organization__in=list(by_pk)).select_related("rectification"):
        # The latest reminder about the term that is overdue now; older terms' reminders do not count.
        if (
            reminder.term_ends_on == by_pk[reminder.organization_id].term_ends_on
            and reminder.organization_id not in reminders
        ):
            reminders[reminder.organization_id] = reminder
    return [
        OverdueElection(
            organization=o,
            term_ends_on=o.term_ends_on,
            extended_to=o.extended_to,
            days_overdue=days_overdue(term_ends_on=o.term_ends_on, extended_to=o.extended_to, today=today),
            reminder=reminders.get(o.pk),
        )
        for o in rows
    ]


def serving_officers(organization: Organization) -> QuerySet:
    """The principal officers in office now (those who left stay on record with the day they left)."""
    return OrganizationOfficer.objects.filter(organization=organization, left_on__isnull=True).order_by("id")


def departure_audit_filed(organization: Organization) -> bool:
    """Whether the current legal representative's departure audit has been filed."""
    return DepartureAudit.objects.filter(
        organization=organization, legal_rep_id_number=organization.legal_rep_id_number
    ).exists()


def chair_legal_rep_notes(filing: OfficerFiling) -> list[str]:
    """For the window officer: a new chair who could not also become this organization's legal representative.

    Where the charter makes the chair the legal representative, the change registration that follows will be
    refused on the one-organization limits (社会团体登记管理条例 第十四条, 基金会管理条例 第二十三条); the filing
    itself appoints the chair only, so this is said, not refused.
    """
    organization = filing.organization
    notes = []
    for change in filing.changes.all():
        if (
            change.action == OfficerChange.Action.APPOINT
            and change.position == OfficerPosition.CHAIR
            and change.id_number != organization.legal_rep_id_number
        ):
            notes += legal_rep_errors(
                org_type=organization.org_type,
                other_org_types=legal_rep_other_org_types(id_number=change.id_number, exclude_pk=organization.pk),
                name=change.name,
            )
    return notes
