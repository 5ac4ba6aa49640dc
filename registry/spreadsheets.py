"""Every CSV and Excel file the product writes goes through here, so no cell is ever read as a formula.

A spreadsheet program runs a cell that starts with = + - @ (and, after a tab or carriage return, whatever
follows) as a formula: text an applicant typed (a business scope of ``=HYPERLINK(...)``) would become a live
link or command in the file an officer or the public opens (CSV injection, OWASP). In CSV such a cell is
written with a leading apostrophe; in a workbook it is stored as text marked "quote prefix", which shows the
text unchanged and keeps it text even when the cell is edited.
"""

import csv

from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Would a spreadsheet program read this value as the start of a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """A value as written to a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """`csv.writer` whose rows are escaped cell by cell."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> SafeCsvWriter:
    """The CSV writer every export uses."""
    return SafeCsvWriter(file, **options)


def sheet_cell(sheet, value):
    """A value as written to a worksheet cell: formula-like text is stored as quoted text, never as a formula."""
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    cell.quotePrefix = True
    return cell


def append_row(sheet, row) -> None:
    """Append one row to a worksheet (ordinary or write-only), each cell escaped."""
    sheet.append([sheet_cell(sheet, value) for value in row])
