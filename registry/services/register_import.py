"""Import a bureau's existing register: check every row, plan the changes, then write them set-based.

Checking is `register_import_check`, planning `register_import_plan`; neither writes.

Nothing is written while any row has a problem, unless `skip_bad`.  Writing is set-based (bulk inserts
in one transaction) but leaves the same traces as the register services: a history row per
organization changed (marked imported), and an index task per organization in the durable search
queue.  Importing a file twice changes nothing the second time: organizations are matched by credit
code, the other records by their natural keys.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction
from registry.models import (
    AnnualReport,
    CreditEntry,
    GradeChange,
    GradeChangeKind,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
    ReportStatus,
    seal,
)
from registry.rules.annual import report_deadline
from registry.rules.credit import YEARLY_GROUNDS, CreditList, abnormal_lapses_on, dishonest_removable_from, legal_basis
from registry.services.bulk_insert import bulk_insert, bulk_insert_rows
from registry.services.changes import change_events_from_history
from registry.services.register_import_check import BATCH, ImportCheck, ImportResult
from registry.services.register_import_plan import ImportPlan, plan_import
from registry.services.search_queue import drain_index_queue, enqueue_index_many

ACTION_CREATED = HistoryAction.IMPORTED
ACTION_UPDATED = HistoryAction.IMPORT_UPDATED


def register_import(
    *,
    data: bytes,
    filename: str,
    by=None,
    dry_run: bool = False,
    skip_bad: bool = False,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check a register workbook row by row and, unless dry_run or a row fails (without skip_bad), import it."""
    if by is not None and not by.is_superuser:
        # Imports cross bureaus: only system administrators (and the command line) may run them.
        raise PermissionDenied(_("只有系统管理员可以导入登记数据。"))
    today = today or timezone.localdate()
    plan = plan_import(data=data, filename=filename, skip_bad=skip_bad, today=today, progress=progress)
    result = plan.result
    if plan.check is None or dry_run or (result.problems and not skip_bad):
        return result
    with transaction.atomic():
        _write(plan, by=by, filename=filename, today=today, progress=progress)
        result.written = True
    return result


def _write(plan: ImportPlan, *, by, filename, today, progress) -> None:
    run, known, result = plan.check, plan.known, plan.result
    planned = plan.organizations
    reason = _("导入原有登记数据（%(file)s）") % {"file": filename}
    new = [organization for uscc, organization, _changes in planned if uscc not in run.existing]
    for start in range(0, len(new), BATCH):
        bulk_insert(Organization, new[start : start + BATCH])
        if progress:
            progress(0)
    changed = [(organization, changes) for uscc, organization, changes in planned if uscc in run.existing and changes]
    if changed:
        now = timezone.now()
        fields = {f.removesuffix("_id") for _org, changes in changed for f in changes} | {"updated_at"}
        for organization, _changes in changed:
            organization.updated_at = now
        Organization.objects.bulk_update([o for o, _c in changed], sorted(fields), batch_size=500)
    history = [
        OrganizationHistory(
            organization_id=organization.pk,
            by_id=by.pk if by is not None else None,
            action=ACTION_UPDATED if uscc in run.existing else ACTION_CREATED,
            changes=changes,
            reason=reason,
            imported=True,
        )
        for uscc, organization, changes in planned
        if changes
    ]
    seal(history)
    bulk_insert(OrganizationHistory, history)
    change_events_from_history(history, {organization.pk: organization for _u, organization, _c in planned})
    by_code = {uscc: organization for uscc, organization, _changes in planned}
    _write_reports(run, by_code, known, today=today, result=result)
    _write_grades(run, by_code, known, reason=reason, result=result)
    _write_credit(run, by_code, known, by=by, result=result)
    _write_officers(run, by_code, known, result=result)
    touched = [entry.organization_id for entry in history]
    enqueue_index_many(touched, batch=BATCH)
    result.organization_ids = touched


def _write_reports(run: ImportCheck, by_code, known, *, today, result) -> None:
    month, day = settings.REGISTRY["REPORT_DEADLINE_MONTH"], settings.REGISTRY["REPORT_DEADLINE_DAY"]
    note = _("导入的年检结果")
    new, changed = [], []
    for uscc, results in run.results.items():
        organization = by_code[uscc]
        for year, (_row, values) in results.items():
            report = known["reports"].get((organization.pk, year))
            if report is None:
                new.append(
                    {
                        "organization_id": organization.pk,
                        "year": year,
                        "deadline": report_deadline(year, month=month, day=day),
                        "status": ReportStatus.CONCLUDED.value,
                        "result": values["result"],
                        "reviewed_on": values.get("reviewed_on"),
                        "result_reason": note,
                        "imported": True,
                    }
                )
            elif report.imported and report.result != values["result"]:
                changed.append(AnnualReport(pk=report.pk, result=values["result"]))
    bulk_insert_rows(AnnualReport, new)
    AnnualReport.objects.bulk_update(changed, ["result"], batch_size=500)
    result.counts["annual_results_written"] = len(new) + len(changed)


def _write_grades(run: ImportCheck, by_code, known, *, reason, result) -> None:
    new = []
    for uscc, grades in run.grades.items():
        organization = by_code[uscc]
        for decided_on, (_row, values) in grades.items():
            if (organization.pk, decided_on, values["grade"]) in known["grades"]:
                continue
            new.append(
                GradeChange(
                    organization=organization,
                    kind=GradeChangeKind.AWARDED,
                    to_grade=values["grade"],
                    decided_on=decided_on,
                    reason=reason,
                    imported=True,
                )
            )
    bulk_insert(GradeChange, new)
    result.counts["grades_written"] = len(new)


def _write_credit(run: ImportCheck, by_code, known, *, by, result) -> None:
    years, months = settings.REGISTRY["DISHONEST_REMOVAL_YEARS"], settings.REGISTRY["ABNORMAL_NO_CORRECTION_MONTHS"]
    new, removed = [], []
    for uscc, entries in run.credit.items():
        organization = by_code[uscc]
        # As the credit service does: removal may be applied for 2 years after the latest ground of any entry.
        removable_from = dishonest_removable_from(max(listed_on for _code, listed_on in entries), years=years)
        for (code, listed_on), (_row, values) in entries.items():
            entry = known["credit"].get((organization.pk, code, listed_on))
            if entry is None:
                new.append(
                    CreditEntry(
                        organization=organization,
                        credit_list=values["credit_list"],
                        reason_code=code,
                        reason=values["reason"],
                        basis=legal_basis(code),
                        # A missing report is listed the day after the deadline, in the year after the report's.
                        year=listed_on.year - 1 if code in YEARLY_GROUNDS else None,
                        authority=organization.jurisdiction,
                        listed_on=listed_on,
                        listed_by=by,
                        expires_on=abnormal_lapses_on(code, listed_on, months=months)
                        if values["credit_list"] == CreditList.ABNORMAL
                        else None,
                        removable_from=removable_from if values["credit_list"] == CreditList.DISHONEST else None,
                        removed_on=values["removed_on"],
                        removal_reason=values["removal_reason"],
                        imported=True,
                    )
                )
            elif entry.removed_on is None and values["removed_on"]:
                entry.removed_on, entry.removal_reason = values["removed_on"], values["removal_reason"]
                removed.append(entry)
    CreditEntry.objects.bulk_update(removed, ["removed_on", "removal_reason"], batch_size=500)
    bulk_insert(CreditEntry, new)
    result.counts["credit_entries_written"] = len(new) + len(removed)


def _write_officers(run: ImportCheck, by_code, known, *, result) -> None:
    new, changed = [], []
    for uscc, officers in run.officers.items():
        organization = by_code[uscc]
        for (position, name), (_row, values) in officers.items():
            officer = known["officers"].get((organization.pk, position, name))
            if officer is None:
                new.append(OrganizationOfficer(organization=organization, imported=True, **values))
            elif (officer.id_number, officer.full_time) != (values["id_number"], values["full_time"]):
                officer.id_number, officer.full_time = values["id_number"], values["full_time"]
                changed.append(officer)
    bulk_insert(OrganizationOfficer, new)
    OrganizationOfficer.objects.bulk_update(changed, ["id_number", "full_time"], batch_size=500)
    result.counts["officers_written"] = len(new) + len(changed)


def drain_imported(organization_ids: list[int], *, progress: Callable[[int], None] | None = None) -> dict:
    """Send the index updates of imported organizations now, in batches; what fails stays queued for the cron."""

    totals = {"done": 0, "failed": 0}
    for start in range(0, len(organization_ids), BATCH):
        chunk = organization_ids[start : start + BATCH]
        counts = drain_index_queue(organization_ids=chunk, force=True, limit=len(chunk))
        totals = {k: totals[k] + counts[k] for k in totals}
        if progress:
            progress(len(chunk))
        if counts["failed"]:
            break
    return totals
