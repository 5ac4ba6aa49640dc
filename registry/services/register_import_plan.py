"""Plan a register import from its checked rows: what each organization will be, and what is already there.

Reads the register (nothing is written): the records the file's organizations already have, keyed as
the file keys them, and each organization as it will be after the import with its history changes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from registry.import_files import read_import_file
from registry.models import AnnualReport, CreditEntry, GradeChange, GradeChangeKind, Organization, OrganizationOfficer
from registry.rules.credit import LIST_OF_REASON, CreditList
from registry.rules.register_import import current_grade, latest_result
from registry.services.register import TRACKED_FIELDS, _history_value
from registry.services.register_import_check import BATCH, ImportCheck, ImportResult


class KnownReport(NamedTuple):
    pk: int
    result: str
    imported: bool


@dataclass
class ImportPlan:
    """A checked file and the writes it asks for: (credit code, organization as planned, history changes)."""

    result: ImportResult
    check: ImportCheck | None = None
    organizations: list[tuple[str, Organization, dict]] = field(default_factory=list)
    known: dict = field(default_factory=dict)


def plan_import(
    *,
    data: bytes,
    filename: str,
    skip_bad: bool,
    today: datetime.date,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read and check every row of a workbook, and plan the organizations it creates, updates or leaves."""
    result = ImportResult()
    sheets, file_problems = read_import_file(data, filename)
    result.problems.extend(file_problems)
    for key, sheet in sheets.items():
        result.counts[f"rows_{key}"] = len(sheet.rows)
    if file_problems:
        return ImportPlan(result=result)
    check = ImportCheck(sheets, today=today, result=result)
    check.check_organizations(progress)
    check.check_names()
    check.load_existing()
    check.check_records()
    known = existing_records(check)
    if result.problems and skip_bad:
        check.drop_bad()
    plan = ImportPlan(result=result, check=check, known=known)
    codes = set(check.org_rows) | set(check.results) | set(check.grades) | set(check.credit) | set(check.officers)
    for uscc in sorted(codes):
        organization, changes = planned_organization(check, uscc, known)
        plan.organizations.append((uscc, organization, changes))
        if uscc not in check.existing:
            result.counts["created"] += 1
        elif changes:
            result.counts["updated"] += 1
        else:
            result.counts["unchanged"] += 1
    result.counts["skipped_rows"] = len(check.bad) if skip_bad else 0
    return plan


def existing_records(run: ImportCheck) -> dict:
    """Records already in the register for the organizations in the file, keyed like the file's."""
    ids = [org.pk for org in run.existing.values()]
    known = {"reports": {}, "grades": set(), "credit": {}, "officers": {}}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        reports = AnnualReport.objects.filter(organization_id__in=chunk)
        for pk, organization_id, year, result, imported in reports.values_list(
            "pk", "organization_id", "year", "result", "imported"
        ):
            known["reports"][(organization_id, year)] = KnownReport(pk, result, imported)
        known["grades"] |= set(
            GradeChange.objects.filter(organization_id__in=chunk, kind=GradeChangeKind.AWARDED).values_list(
                "organization_id", "decided_on", "to_grade"
            )
        )
        for entry in CreditEntry.objects.filter(organization_id__in=chunk):
            known["credit"][(entry.organization_id, entry.reason_code, entry.listed_on)] = entry
        for officer in OrganizationOfficer.objects.filter(organization_id__in=chunk):
            known["officers"][(officer.organization_id, officer.position, officer.name)] = officer
    # An online annual-inspection decision is never overwritten by an import.
    for uscc, results in run.results.items():
        organization = run.existing.get(uscc)
        for year, (row, values) in list(results.items()):
            report = organization and known["reports"].get((organization.pk, year))
            if report and not report.imported and report.result != values["result"]:
                run.problem(
                    "annual_results",
                    row,
                    "result",
                    values["result"],
                    _("该组织%(year)d年度已有在线年检结论，不能用导入覆盖。") % {"year": year},
                )
    return known


def credit_flags(organization_id, file_entries: dict, known_credit: dict) -> tuple[bool, bool]:
    """Whether the organization is on each list once the file's entries are applied to the register's."""
    entries = {
        (code, listed_on): entry.removed_on
        for (org_id, code, listed_on), entry in known_credit.items()
        if org_id == organization_id
    }
    for (code, listed_on), (_row, values) in file_entries.items():
        entries[(code, listed_on)] = entries.get((code, listed_on)) or values["removed_on"]
    open_lists = {LIST_OF_REASON[code] for (code, _on), removed_on in entries.items() if removed_on is None}
    return CreditList.ABNORMAL in open_lists, CreditList.DISHONEST in open_lists


def planned_organization(run: ImportCheck, uscc: str, known: dict):
    """The organization as it will be after the import, and its history changes (empty: unchanged)."""
    existing = run.existing.get(uscc)
    if existing is not None:
        before = {f: _history_value(existing, f) for f in TRACKED_FIELDS}
        organization = existing
    else:
        before = dict.fromkeys(TRACKED_FIELDS)
        organization = run.checked.get(uscc) or Organization()
    if uscc in run.org_rows:
        values = run.org_rows[uscc][1]
        organization.jurisdiction = run.jurisdictions[uscc[2:8]]
        # A column the file does not have leaves a registered organization's value as it is.
        present = run.sheets["organizations"].present
        for key, value in values.items():
            if existing is None or key in present:
                setattr(organization, key, value)
    results = {year: values["result"] for year, (_row, values) in run.results.get(uscc, {}).items()}
    year, result = latest_result(results)
    if year is not None and (organization.last_annual_report_year or 0) <= year:
        organization.last_annual_report_year = year
        organization.last_inspection_result = result
    grades = [(v["decided_on"], v["grade"], v["expires_on"]) for _row, v in run.grades.get(uscc, {}).values()]
    if grades:
        organization.grade, organization.grade_expires_on = current_grade(grades, today=run.today)
    if uscc in run.credit or existing is None:
        organization.on_abnormal_list, organization.on_dishonest_list = credit_flags(
            existing.pk if existing else None, run.credit.get(uscc, {}), known["credit"]
        )
    after = {f: _history_value(organization, f) for f in TRACKED_FIELDS}
    return organization, {f: [before[f], after[f]] for f in TRACKED_FIELDS if before[f] != after[f]}
