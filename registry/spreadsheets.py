"""Every CSV and Excel file the product writes goes through here, so no cell is ever read as a formula.

A spreadsheet program runs a cell that starts with = + - @ (and, after a tab or carriage return, whatever
follows) as a formula: text an applicant typed (a business scope of ``=HYPERLINK(...)``) would become a live
link or command in the file an officer or the public opens (CSV injection, OWASP). In CSV such a cell is
written with a leading apostrophe; in a workbook it is stored as text marked "quote prefix", which shows the
text unchanged and keeps it text even when the cell is edited.

Every export is also logged here, once, when it is complete (the security log, 等保 2.0): who exported which
report, with which filters, and how many rows. The writers exist only on an export (`spreadsheet_export`), so
no file can be written past the log.
"""

import csv

from openpyxl.cell import WriteOnlyCell

from registry.models import SecurityEvent, SecurityLog

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Would a spreadsheet program read this value as the start of a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """A value as written to a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """`csv.writer` whose rows are escaped cell by cell, counted by the export it belongs to."""

    def __init__(self, file, export: "SpreadsheetExport", **options):
        self._writer = csv.writer(file, **options)
        self._export = export

    def writerow(self, row, *, counted: bool = True):
        if counted:
            self._export.rows += 1
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def sheet_cell(sheet, value):
    """A value as written to a worksheet cell: formula-like text is stored as quoted text, never as a formula."""
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    cell.quotePrefix = True
    return cell


class SpreadsheetExport:
    """One export of one report: its writers escape every cell and count the rows; leaving the block logs it.

    `report` names what is exported (a view or report code), `by` who asked for it (default: the user of the
    request being handled; None outside a request: the system), `filters` the choices that narrowed it.
    An export that fails part-way is not logged as done: nothing left the system.
    """

    def __init__(self, *, report: str, by=None, filters: dict | None = None):
        self.report, self.by, self.filters = report, by, dict(filters or {})
        self.rows = 0

    def __enter__(self) -> "SpreadsheetExport":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            SecurityLog.record(
                event=SecurityEvent.EXPORT,
                actor=self.by,
                actor_name="" if self.by is not None else "system",
                report=self.report,
                rows=self.rows,
                filters=self.filters,
            )

    def csv_writer(self, file, **options) -> SafeCsvWriter:
        """The CSV writer of this export."""
        return SafeCsvWriter(file, self, **options)

    def append_row(self, sheet, row, *, counted: bool = True) -> None:
        """Append one row to a worksheet (ordinary or write-only), each cell escaped.

        Rows of data are counted; a header, or a row already counted in another file of the export, is not.
        """
        if counted:
            self.rows += 1
        sheet.append([sheet_cell(sheet, value) for value in row])


def spreadsheet_export(*, report: str, by=None, filters: dict | None = None) -> SpreadsheetExport:
    """Begin an export: `with spreadsheet_export(report=..., by=...) as export: export.append_row(...)`."""
    return SpreadsheetExport(report=report, by=by, filters=filters)
