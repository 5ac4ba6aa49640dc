"""Party building (党建): an organization's party organization and its 双报到, updated by officers of its bureau and
by its concluded annual report; every update is kept in the record's history."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole
from registry.models import AnnualReport, Organization, PartyBuilding, PartyBuildingHistory, PartySource
from registry.rules.party_building import party_record_errors
from registry.services import guards, policy

PARTY_ROLES = (OfficerRole.INSPECTOR, OfficerRole.APPROVER)
NOT_OFFICER = gettext_lazy("只有本登记管理机关的监管岗或核准岗人员可以更新党建情况。")

RECORD_FIELDS = (
    "kind",
    "members",
    "instructor_name",
    "instructor_unit",
    "instructor_phone",
    "community_reported_on",
    "committee_reported_on",
)


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _write(*, organization: Organization, values: dict, by, source: str, annual_report=None) -> PartyBuilding:
    """Validate and save the record with `values`, and append the update to its history (inside a transaction)."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors = party_record_errors(
        kind=values["kind"],
        members=values["members"],
        community_reported_on=values["community_reported_on"],
        committee_reported_on=values["committee_reported_on"],
        instructor_phone=values["instructor_phone"],
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    record = PartyBuilding.objects.filter(organization=organization).first()
    if record is None:
        record = PartyBuilding(organization=organization, updated_at=now)
        record.save()
    record = guards.locked(record)
    for field, value in values.items():
        setattr(record, field, value)
    record.source, record.annual_report, record.updated_by, record.updated_at = source, annual_report, by, now
    record.full_clean(exclude=["organization", "updated_by", "annual_report"])
    record.save()
    PartyBuildingHistory.objects.create(
        record=record,
        values={field: _json_value(value) for field, value in values.items()},
        source=source,
        annual_report=annual_report,
        by=by,
        at=now,
    )
    return record


def party_building_update(*, organization: Organization, by, **values) -> PartyBuilding:
    """An officer of the organization's bureau records its party organization, instructor and 双报到."""
    policy.require_role(by, organization.jurisdiction, *PARTY_ROLES, message=str(NOT_OFFICER))
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown or set(RECORD_FIELDS) - set(values):
        raise ValueError(f"party-building fields expected, got {sorted(values)}")
    with transaction.atomic():
        return _write(organization=organization, values=values, by=by, source=PartySource.OFFICER)


def annual_report_party_values(report: AnnualReport) -> dict | None:
    """The party-building record a report states, or None when the report left its party section empty."""
    if not report.party_org_kind:
        return None
    return {
        "kind": report.party_org_kind,
        "members": report.party_members,
        "instructor_name": report.party_instructor_name,
        "instructor_unit": report.party_instructor_unit,
        "instructor_phone": report.party_instructor_phone,
        "community_reported_on": report.party_community_reported_on,
        "committee_reported_on": report.party_committee_reported_on,
    }


def party_building_from_annual_report(*, report: AnnualReport, by) -> PartyBuilding | None:
    """A concluded annual report updates the organization's record, unless a newer report or an officer's later
    update already holds newer facts. Called inside the service that concludes the report."""
    values = annual_report_party_values(report)
    if values is None:
        return None
    current = (
        PartyBuilding.objects.filter(organization_id=report.organization_id).select_related("annual_report").first()
    )
    if current is not None and current.annual_report is not None and current.annual_report.year > report.year:
        return current
    if current is not None and current.source == PartySource.OFFICER and report.submitted_at is not None:
        if current.updated_at > report.submitted_at:
            return current  # the officer recorded it after the organization reported
    try:
        with transaction.atomic():
            return _write(
                organization=report.organization,
                values=values,
                by=by,
                source=PartySource.ANNUAL_REPORT,
                annual_report=report,
            )
    except ValidationError:
        return current  # the report's figures were checked when it was submitted; a later rule change keeps the record
