"""Import a bureau's existing register: check every row by the rules of online registration, then write set-based.

Each organization row becomes an `Organization` checked by its own `full_clean()` (credit-code and ID
checksums, the type digit, competent unit or direct category) and by `names.name_errors` with its
bureau's area names, as the registration services do.  Nothing is written while any row has a problem,
unless `skip_bad`.  Writing is set-based (bulk inserts in one transaction) but leaves the same traces
as the register services: a history row per organization changed (marked imported), and an index task
per organization in the durable search queue.  Importing a file twice changes nothing the second time:
organizations are matched by credit code, the other records by their natural keys.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OrgStatus
from registry.import_files import Problem, SheetRows, read_import_file
from registry.models import (
    AnnualReport,
    CreditEntry,
    GradeChange,
    GradeChangeKind,
    IndexTask,
    Jurisdiction,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
    ReportStatus,
)
from registry.models.organization import ACTIVE_STATUSES
from registry.rules.annual import must_report, report_deadline
from registry.rules.credit import LIST_OF_REASON, CreditList, abnormal_lapses_on, dishonest_removable_from
from registry.rules.idcards import id_number_errors
from registry.rules.names import name_errors
from registry.rules.register_import import (
    SHEET_BY_KEY,
    CellError,
    current_grade,
    grade_expiry,
    latest_result,
    read_bool,
    read_code,
    read_credit_list,
    read_credit_reason,
    read_date,
    read_decimal,
    read_direct_category,
    read_grade,
    read_name,
    read_org_type,
    read_result,
    read_status,
    read_text,
    read_year,
)
from registry.services.bulk_insert import bulk_insert, bulk_insert_rows
from registry.services.register import TRACKED_FIELDS, _history_value
from registry.services.search_queue import drain_index_queue

BATCH = 2000
ACTION_CREATED = HistoryAction.IMPORTED
ACTION_UPDATED = HistoryAction.IMPORT_UPDATED

# How each organization column is read; the model's checks run after.
ORG_READERS = {
    "uscc": read_code,
    "name": read_name,
    "org_type": read_org_type,
    "status": read_status,
    "domicile": read_text,
    "legal_rep_name": read_name,
    "legal_rep_id_number": read_code,
    "business_scope": read_text,
    "competent_unit": read_text,
    "direct_category": read_direct_category,
    "activity_area": read_text,
    "registered_funds": read_decimal,
    "founded_on": read_date,
    "certificate_valid_until": read_date,
    "status_changed_on": read_date,
}


@dataclass
class ImportResult:
    """What an import found and did."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    written: bool = False
    organization_ids: list[int] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems})


class KnownReport(NamedTuple):
    pk: int
    result: str
    imported: bool


class _Run:
    """One import: the rows read, the problems found, and the plan of writes."""

    def __init__(self, sheets: dict[str, SheetRows], *, today: datetime.date, result: ImportResult):
        self.sheets = sheets
        self.today = today
        self.result = result
        self.bad: set[tuple[str, int]] = set()
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        self.contexts = {code: j.name_context() for code, j in self.jurisdictions.items()}
        self.org_rows: dict[str, tuple[int, dict]] = {}  # uscc -> (row, fields)
        self.existing: dict[str, Organization] = {}
        self.checked: dict[str, Organization] = {}  # the new organizations as checked, reused when written

    # Problems

    def problem(self, sheet_key: str, row: int, column_key: str | None, value, message) -> None:
        sheet = SHEET_BY_KEY[sheet_key]
        header = next((c.header for c in sheet.columns if c.key == column_key), "") if column_key else ""
        self.result.problems.append(Problem(sheet.title, row, header, read_text(value), str(message)))
        self.bad.add((sheet_key, row))

    def notice(self, sheet_key: str, row: int, message) -> None:
        self.result.notices.append(Problem(SHEET_BY_KEY[sheet_key].title, row, "", "", str(message)))

    def rows(self, key: str):
        found = self.sheets.get(key)
        return found.rows if found else []

    def read(self, sheet_key: str, row: int, raw: dict, readers: dict) -> dict | None:
        values, ok = {}, True
        for key, reader in readers.items():
            if key not in raw:
                continue
            try:
                values[key] = reader(raw[key])
            except CellError as exc:
                self.problem(sheet_key, row, key, raw[key], exc)
                ok = False
        return values if ok else None

    # Organizations

    def check_organizations(self, progress) -> None:
        seen: dict[str, tuple[int, dict]] = {}
        for row, raw in self.rows("organizations"):
            if progress:
                progress(1)
            values = self.read("organizations", row, raw, ORG_READERS)
            if values is None:
                continue
            values.setdefault("status", OrgStatus.NORMAL)
            for key in ("certificate_valid_until", "status_changed_on", "direct_category", "competent_unit"):
                values.setdefault(key, None if key.endswith(("_on", "_until")) else "")
            uscc = values["uscc"]
            if uscc in seen:
                first_row, first_values = seen[uscc]
                if first_values == values:
                    self.notice("organizations", row, _("与第%(row)d行完全相同，已忽略。") % {"row": first_row})
                else:
                    self.problem(
                        "organizations",
                        row,
                        "uscc",
                        uscc,
                        _("与第%(row)d行的统一社会信用代码相同而内容不同。") % {"row": first_row},
                    )
                continue
            seen[uscc] = (row, values)
            organization = self.check_organization(row, values)
            if organization is not None:
                self.org_rows[uscc] = (row, values)
                self.checked[uscc] = organization

    def check_organization(self, row: int, values: dict) -> Organization | None:
        uscc = values["uscc"]
        jurisdiction = self.jurisdictions.get(uscc[2:8]) if len(uscc) == 18 else None
        organization = Organization(jurisdiction=jurisdiction, **values)
        errors: dict[str, list[str]] = {}
        try:
            organization.full_clean(exclude=["jurisdiction"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.message_dict
        if "uscc" not in errors and jurisdiction is None:
            errors["uscc"] = [_("第3至8位行政区划代码%(code)s不是本系统的登记管理机关。") % {"code": uscc[2:8]}]
        if jurisdiction is not None and "name" not in errors:
            name_problems = name_errors(
                values["name"], org_type=values["org_type"], context=self.contexts[jurisdiction.code]
            )
            if name_problems:
                errors["name"] = name_problems
        for field_name, messages in errors.items():
            column = field_name if field_name in ORG_READERS else None
            for message in messages:
                self.problem("organizations", row, column, values.get(field_name, ""), message)
        return None if errors else organization

    def check_names(self) -> None:
        """A living organization's name is unique per bureau and type, in the file and against the register."""
        taken: dict[tuple, tuple[str, int]] = {}
        for uscc, (row, values) in list(self.org_rows.items()):
            if values["status"] not in ACTIVE_STATUSES:
                continue
            key = (uscc[2:8], values["org_type"], values["name"])
            if key in taken:
                self.problem(
                    "organizations",
                    row,
                    "name",
                    values["name"],
                    _("与第%(row)d行为同一登记管理机关的同类型组织，名称相同。") % {"row": taken[key][1]},
                )
                del self.org_rows[uscc]
            else:
                taken[key] = (uscc, row)
        names = list({key[2] for key in taken})
        for start in range(0, len(names), BATCH):
            living = Organization.objects.filter(status__in=ACTIVE_STATUSES, name__in=names[start : start + BATCH])
            for code, org_type, name, other in living.values_list("jurisdiction__code", "org_type", "name", "uscc"):
                claim = taken.get((code, org_type, name))
                if claim and claim[0] != other and other not in self.org_rows:
                    row = claim[1]
                    self.problem(
                        "organizations",
                        row,
                        "name",
                        name,
                        _("本登记管理机关已有同类型组织使用名称“%(name)s”。") % {"name": name},
                    )
                    self.org_rows.pop(claim[0], None)

    def load_existing(self) -> None:
        codes = set(self.org_rows)
        for key in ("annual_results", "grades", "credit_entries", "officers"):
            codes |= {read_code(raw.get("uscc")) for _row, raw in self.rows(key)}
        codes = sorted(c for c in codes if c)
        for start in range(0, len(codes), BATCH):
            for organization in Organization.objects.filter(uscc__in=codes[start : start + BATCH]):
                self.existing[organization.uscc] = organization

    def owner(self, sheet_key: str, row: int, raw) -> str | None:
        """The credit code a record row belongs to, if that organization is in the file or the register."""
        uscc = read_code(raw)
        if uscc in self.org_rows or (uscc in self.existing and uscc not in self.failed_codes):
            return uscc
        if uscc in self.failed_codes:
            self.problem(sheet_key, row, "uscc", raw, _("该组织在“社会组织”表中有错误，本行不能导入。"))
        else:
            self.problem(
                sheet_key,
                row,
                "uscc",
                raw,
                _("登记簿和“社会组织”表中都没有统一社会信用代码%(code)s。") % {"code": uscc},
            )
        return None

    # Records

    def check_records(self) -> None:
        org_sheet_codes = {read_code(raw.get("uscc")) for _row, raw in self.rows("organizations")}
        self.failed_codes = org_sheet_codes - set(self.org_rows)
        self.results: dict[str, dict[int, tuple[int, dict]]] = defaultdict(dict)
        for row, raw in self.rows("annual_results"):
            values = self.read(
                "annual_results", row, raw, {"year": read_year, "result": read_result, "reviewed_on": read_date}
            )
            uscc = self.owner("annual_results", row, raw.get("uscc"))
            if values is None or uscc is None:
                continue
            founded_on = self.founded_on(uscc)
            if not must_report(founded_on, values["year"]):
                self.problem(
                    "annual_results",
                    row,
                    "year",
                    raw.get("year"),
                    _("该组织%(year)d年底尚未成立登记，不应有该年度的年检结果。") % {"year": values["year"]},
                )
                continue
            if self.duplicate("annual_results", row, self.results[uscc], values["year"], values):
                continue
            self.results[uscc][values["year"]] = (row, values)
        self.grades: dict[str, dict[datetime.date, tuple[int, dict]]] = defaultdict(dict)
        years = settings.REGISTRY["GRADE_VALIDITY_YEARS"]
        for row, raw in self.rows("grades"):
            values = self.read(
                "grades", row, raw, {"grade": read_grade, "decided_on": read_date, "expires_on": read_date}
            )
            uscc = self.owner("grades", row, raw.get("uscc"))
            if values is None or uscc is None:
                continue
            if values["decided_on"] is None:
                self.problem("grades", row, "decided_on", "", _("请填写评定日期。"))
                continue
            values["expires_on"] = values.get("expires_on") or grade_expiry(values["decided_on"], years=years)
            if values["expires_on"] < values["decided_on"]:
                self.problem("grades", row, "expires_on", raw.get("expires_on"), _("有效期至早于评定日期。"))
                continue
            if not self.duplicate("grades", row, self.grades[uscc], values["decided_on"], values):
                self.grades[uscc][values["decided_on"]] = (row, values)
        self.check_credit()
        self.check_officers()

    def founded_on(self, uscc: str):
        if uscc in self.org_rows:
            return self.org_rows[uscc][1]["founded_on"]
        return self.existing[uscc].founded_on

    def duplicate(self, sheet_key: str, row: int, records: dict, key, values: dict) -> bool:
        if key not in records:
            return False
        first_row, first_values = records[key]
        if first_values == values:
            self.notice(sheet_key, row, _("与第%(row)d行完全相同，已忽略。") % {"row": first_row})
        else:
            self.problem(sheet_key, row, None, "", _("与第%(row)d行是同一记录而内容不同。") % {"row": first_row})
        return True

    def check_credit(self) -> None:
        self.credit: dict[str, dict[tuple, tuple[int, dict]]] = defaultdict(dict)
        for row, raw in self.rows("credit_entries"):
            values = self.read(
                "credit_entries",
                row,
                raw,
                {
                    "reason_code": read_credit_reason,
                    "reason": read_text,
                    "listed_on": read_date,
                    "removed_on": read_date,
                    "removal_reason": read_text,
                },
            )
            uscc = self.owner("credit_entries", row, raw.get("uscc"))
            if values is None or uscc is None:
                continue
            try:
                values["credit_list"] = read_credit_list(raw.get("credit_list"), reason_code=values["reason_code"])
            except CellError as exc:
                self.problem("credit_entries", row, "credit_list", raw.get("credit_list"), exc)
                continue
            values.setdefault("removed_on", None)
            values.setdefault("removal_reason", "")
            message = None
            if not values["reason"]:
                message, column = _("请写明列入事由。"), "reason"
            elif values["listed_on"] is None:
                message, column = _("请填写列入日期。"), "listed_on"
            elif values["removed_on"] and values["removed_on"] < values["listed_on"]:
                message, column = _("移出日期早于列入日期。"), "removed_on"
            elif values["removed_on"] and not values["removal_reason"]:
                message, column = _("请写明移出事由。"), "removal_reason"
            if message:
                self.problem("credit_entries", row, column, raw.get(column), message)
                continue
            key = (values["reason_code"], values["listed_on"])
            if self.duplicate("credit_entries", row, self.credit[uscc], key, values):
                continue
            open_same = [
                r for (code, _on), (r, v) in self.credit[uscc].items() if code == key[0] and v["removed_on"] is None
            ]
            if values["removed_on"] is None and open_same:
                self.problem(
                    "credit_entries",
                    row,
                    "reason_code",
                    raw.get("reason_code"),
                    _("与第%(row)d行同一依据，同时只能有一条未移出的记录。") % {"row": open_same[0]},
                )
                continue
            self.credit[uscc][key] = (row, values)

    def check_officers(self) -> None:
        self.officers: dict[str, dict[tuple, tuple[int, dict]]] = defaultdict(dict)
        readers = {"position": read_name, "name": read_name, "id_number": read_code, "full_time": read_bool}
        for row, raw in self.rows("officers"):
            values = self.read("officers", row, raw, readers)
            uscc = self.owner("officers", row, raw.get("uscc"))
            if values is None or uscc is None:
                continue
            values.setdefault("full_time", False)
            problems = [
                (key, _("请填写%(column)s。") % {"column": SHEET_BY_KEY["officers"].columns[i].header})
                for i, key in ((1, "position"), (2, "name"))
                if not values[key]
            ]
            problems += [("id_number", message) for message in id_number_errors(values["id_number"], today=self.today)]
            for column, message in problems:
                self.problem("officers", row, column, raw.get(column), message)
            if problems:
                continue
            key = (values["position"], values["name"])
            if not self.duplicate("officers", row, self.officers[uscc], key, values):
                self.officers[uscc][key] = (row, values)

    def drop_bad(self) -> None:
        """With skip_bad: leave out rows with problems, and records of organizations left out."""
        for uscc, (row, _values) in list(self.org_rows.items()):
            if ("organizations", row) in self.bad:
                del self.org_rows[uscc]
        for sheet_key, records in (
            ("annual_results", self.results),
            ("grades", self.grades),
            ("credit_entries", self.credit),
            ("officers", self.officers),
        ):
            for uscc in list(records):
                if uscc not in self.org_rows and uscc not in self.existing:
                    del records[uscc]
                    continue
                for key, (row, _values) in list(records[uscc].items()):
                    if (sheet_key, row) in self.bad:
                        del records[uscc][key]


def _check_existing_records(run: _Run) -> dict:
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


def _credit_flags(organization_id, file_entries: dict, known_credit: dict) -> tuple[bool, bool]:
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


def _plan_organization(run: _Run, uscc: str, known: dict):
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
        organization.on_abnormal_list, organization.on_dishonest_list = _credit_flags(
            existing.pk if existing else None, run.credit.get(uscc, {}), known["credit"]
        )
    after = {f: _history_value(organization, f) for f in TRACKED_FIELDS}
    return organization, {f: [before[f], after[f]] for f in TRACKED_FIELDS if before[f] != after[f]}


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
    result = ImportResult()
    sheets, file_problems = read_import_file(data, filename)
    result.problems.extend(file_problems)
    for key, sheet in sheets.items():
        result.counts[f"rows_{key}"] = len(sheet.rows)
    if file_problems:
        return result
    run = _Run(sheets, today=today, result=result)
    run.check_organizations(progress)
    run.check_names()
    run.load_existing()
    run.check_records()
    known = _check_existing_records(run)
    if result.problems and skip_bad:
        run.drop_bad()
    plan = []
    for uscc in sorted(set(run.org_rows) | set(run.results) | set(run.grades) | set(run.credit) | set(run.officers)):
        organization, changes = _plan_organization(run, uscc, known)
        plan.append((uscc, organization, changes))
        if uscc not in run.existing:
            result.counts["created"] += 1
        elif changes:
            result.counts["updated"] += 1
        else:
            result.counts["unchanged"] += 1
    result.counts["skipped_rows"] = len(run.bad) if skip_bad else 0
    if dry_run or (result.problems and not skip_bad):
        return result
    with transaction.atomic():
        _write(run, plan, known, by=by, filename=filename, today=today, result=result, progress=progress)
        result.written = True
    return result


def _write(run: _Run, plan, known, *, by, filename, today, result: ImportResult, progress) -> None:
    reason = _("导入原有登记数据（%(file)s）") % {"file": filename}
    new = [organization for uscc, organization, _changes in plan if uscc not in run.existing]
    for start in range(0, len(new), BATCH):
        bulk_insert(Organization, new[start : start + BATCH])
        if progress:
            progress(0)
    changed = [(organization, changes) for uscc, organization, changes in plan if uscc in run.existing and changes]
    if changed:
        now = timezone.now()
        fields = {f.removesuffix("_id") for _org, changes in changed for f in changes} | {"updated_at"}
        for organization, _changes in changed:
            organization.updated_at = now
        Organization.objects.bulk_update([o for o, _c in changed], sorted(fields), batch_size=500)
    history = [
        {
            "organization_id": organization.pk,
            "by_id": by.pk if by is not None else None,
            "action": ACTION_UPDATED if uscc in run.existing else ACTION_CREATED,
            "changes": changes,
            "reason": reason,
            "imported": True,
        }
        for uscc, organization, changes in plan
        if changes
    ]
    bulk_insert_rows(OrganizationHistory, history)
    by_code = {uscc: organization for uscc, organization, _changes in plan}
    _write_reports(run, by_code, known, today=today, result=result)
    _write_grades(run, by_code, known, reason=reason, result=result)
    _write_credit(run, by_code, known, by=by, result=result)
    _write_officers(run, by_code, known, result=result)
    touched = [entry["organization_id"] for entry in history]
    _enqueue(touched)
    result.organization_ids = touched


def _write_reports(run, by_code, known, *, today, result) -> None:
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


def _write_grades(run, by_code, known, *, reason, result) -> None:
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


def _write_credit(run, by_code, known, *, by, result) -> None:
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


def _write_officers(run, by_code, known, *, result) -> None:
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


def _enqueue(organization_ids: list[int]) -> None:
    """Queue index updates for many organizations at once (the set-based form of `enqueue_index`)."""
    for start in range(0, len(organization_ids), BATCH):
        chunk = organization_ids[start : start + BATCH]
        IndexTask.objects.filter(organization_id__in=chunk).update(
            version=F("version") + 1, next_attempt_at=None, attempts=0, last_error=""
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO registry_indextask"
                    " (organization_id, queued_at, version, attempts, next_attempt_at, last_error)"
                    " SELECT unnest(%s::bigint[]), now(), 0, 0, NULL, ''"
                    " ON CONFLICT (organization_id) DO NOTHING",
                    [chunk],
                )
        else:
            IndexTask.objects.bulk_create([IndexTask(organization_id=pk) for pk in chunk], ignore_conflicts=True)


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
