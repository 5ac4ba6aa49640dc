"""Read and check a register workbook row by row, by the rules of online registration; nothing is written.

Each organization row becomes an `Organization` checked by its own `full_clean()` (credit-code and ID
checksums, the type digit, competent unit or direct category), as the registration services do.  Every
problem is reported with its sheet, row and column; a row repeated exactly is a notice, not a problem.
A name on the register is lawful as registered: where it does not meet today's name rules
(`names.registered_name_warnings`, with its bureau's area names) the report carries a warning and the
row is imported.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.import_files import Problem, SheetRows
from registry.models import Jurisdiction, Organization
from registry.models.organization import ACTIVE_STATUSES
from registry.rules.annual import must_report
from registry.rules.idcards import id_number_errors
from registry.rules.names import registered_name_warnings
from registry.rules.person_names import person_name_errors
from registry.rules.register_import import (
    SHEET_BY_KEY,
    CellError,
    grade_expiry,
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

BATCH = 2000

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
    warnings: list[Problem] = field(default_factory=list)  # imported as they are, reported
    notices: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    written: bool = False
    organization_ids: list[int] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems})


class ImportCheck:
    """One import's checking: the rows read, the problems found, the rows that passed and the register's matches."""

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

    def warning(self, sheet_key: str, row: int, column_key: str, value, message) -> None:
        sheet = SHEET_BY_KEY[sheet_key]
        header = next(c.header for c in sheet.columns if c.key == column_key)
        self.result.warnings.append(Problem(sheet.title, row, header, read_text(value), str(message)))

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
        if jurisdiction is not None and "name" not in errors and "org_type" not in errors:
            # Lawful as registered: today's rules apply to new names and renames only (a warning, not a refusal).
            for message in registered_name_warnings(
                values["name"], org_type=values["org_type"], context=self.contexts[jurisdiction.code]
            ):
                self.warning("organizations", row, "name", values["name"], message)
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
            if values["name"]:
                problems += [("name", message) for message in person_name_errors(values["name"])]
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
