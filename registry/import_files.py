"""The files of a register import: reading a workbook or CSV, the template to download, the error report."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from registry.rules.register_import import SHEET_BY_KEY, SHEET_BY_TITLE, SHEETS, Sheet, header_key
from registry.spreadsheets import spreadsheet_export
from registry.xlsx_reader import xlsx_sheets


@dataclass(frozen=True)
class Problem:
    """Why one row (or the file) cannot be imported; row 0 means the whole sheet."""

    sheet: str
    row: int
    column: str
    value: str
    message: str


@dataclass
class SheetRows:
    sheet: Sheet
    rows: list[tuple[int, dict]] = field(default_factory=list)
    present: set[str] = field(default_factory=set)


def _sheet_rows(sheet: Sheet, rows: Iterator[tuple[int, tuple]], problems: list[Problem]) -> SheetRows | None:
    """Match the header row to the template's columns; the data rows as {column key: raw value}."""
    try:
        _number, headers = next(rows)
    except StopIteration:
        return SheetRows(sheet)
    by_header = {header_key(c.header): c for c in sheet.columns}
    positions = {}
    for index, header in enumerate(headers or ()):
        column = by_header.get(header_key(header))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [c.header for c in sheet.columns if c.required and c.key not in positions]
    if missing:
        problems.append(
            Problem(sheet.title, 1, "", "", _("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)})
        )
        return None
    result = SheetRows(sheet, present=set(positions))
    for number, values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        result.rows.append(
            (number, {key: values[index] if index < len(values) else None for key, index in positions.items()})
        )
    return result


def read_import_file(data: bytes, filename: str) -> tuple[dict[str, SheetRows], list[Problem]]:
    """Read every template sheet of an .xlsx file, or a .csv file as the organizations sheet."""
    problems: list[Problem] = []
    sheets: dict[str, SheetRows] = {}
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return {}, [Problem("", 0, "", "", _("无法识别CSV文件的编码，请另存为UTF-8。"))]
        sheet = SHEET_BY_KEY["organizations"]
        found = _sheet_rows(sheet, enumerate(csv.reader(io.StringIO(text)), start=1), problems)
        if found is not None:
            sheets[sheet.key] = found
        return sheets, problems
    if not filename.lower().endswith(".xlsx"):
        return {}, [Problem("", 0, "", "", _("只能导入 .xlsx 或 .csv 文件。"))]
    try:
        return _read_workbook(data)
    except DefusedXmlException:
        # A DTD or entity declaration: entity expansion ("billion laughs") or external entities (reading
        # files of the server) are the only reasons to put one in a workbook. Excel never writes one.
        return {}, [Problem("", 0, "", "", str(UNSAFE_XML))]
    except (zipfile.BadZipFile, SyntaxError) as exc:  # a part broken further in than the first rows
        return {}, [Problem("", 0, "", "", _("无法读取该Excel文件：%(error)s") % {"error": exc.__class__.__name__})]


UNSAFE_XML = gettext_lazy(
    "该Excel文件含有文档类型定义（DTD）或实体声明，出于安全考虑不予读取。请在Excel中另存为新的工作簿后重新导入。"
)


def _read_workbook(data: bytes) -> tuple[dict[str, SheetRows], list[Problem]]:
    """Every template sheet of an .xlsx workbook; raises DefusedXmlException for a DTD or entities."""
    problems: list[Problem] = []
    sheets: dict[str, SheetRows] = {}
    try:
        worksheets = xlsx_sheets(data)
    except DefusedXmlException:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        worksheets = None  # not a plain workbook: let openpyxl read it, or say why it cannot
    if worksheets is not None:
        for title, rows in worksheets:
            sheet = SHEET_BY_TITLE.get(header_key(title))
            if sheet is not None:
                found = _sheet_rows(sheet, rows, problems)
                if found is not None:
                    sheets[sheet.key] = found
    else:
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except DefusedXmlException:
            raise
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            message = _("无法读取该Excel文件：%(error)s") % {"error": exc.__class__.__name__}
            return {}, [Problem("", 0, "", "", message)]
        try:
            for worksheet in workbook.worksheets:
                sheet = SHEET_BY_TITLE.get(header_key(worksheet.title))
                if sheet is None:
                    continue
                # The stored dimensions are often missing or wrong in exported files; read every row instead.
                worksheet.reset_dimensions()
                rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
                found = _sheet_rows(sheet, rows, problems)
                if found is not None:
                    sheets[sheet.key] = found
        finally:
            workbook.close()
    if not sheets and not problems:
        titles = "、".join(sheet.title for sheet in SHEETS)
        problems.append(
            Problem("", 0, "", "", _("文件中没有可导入的工作表（应为：%(titles)s）。") % {"titles": titles})
        )
    return sheets, problems


def template_workbook() -> bytes:
    """The workbook to fill in: one sheet per kind of record, required columns marked *, and a sheet of notes."""
    with spreadsheet_export(report="register_import_template") as export:
        workbook = Workbook(write_only=True)
        for sheet in SHEETS:
            worksheet = workbook.create_sheet(sheet.title)
            headers = [f"{c.header}*" if c.required else c.header for c in sheet.columns]
            export.append_row(worksheet, headers, counted=False)
        notes = workbook.create_sheet(_("填写说明"))
        export.append_row(notes, [_("工作表"), _("列"), _("必填"), _("说明")], counted=False)
        for sheet in SHEETS:
            for column in sheet.columns:
                row = [sheet.title, column.header, _("是") if column.required else "", str(column.help)]
                export.append_row(notes, row, counted=False)  # instructions, no data of the register
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


REPORT_HEADERS = (
    gettext_lazy("工作表"),
    gettext_lazy("行号"),
    gettext_lazy("列"),
    gettext_lazy("原值"),
    gettext_lazy("问题"),
)


def _report_rows(problems: list[Problem]):
    for problem in problems:
        yield [problem.sheet, problem.row or "", problem.column, problem.value, problem.message]


def error_report_xlsx(problems: list[Problem]) -> bytes:
    """The row-level error report as a workbook."""
    with spreadsheet_export(report="register_import_problems", filters={"format": "xlsx"}) as export:
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(_("导入问题"))
        export.append_row(worksheet, [str(header) for header in REPORT_HEADERS], counted=False)
        for row in _report_rows(problems):
            export.append_row(worksheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def error_report_csv(problems: list[Problem]) -> bytes:
    """The row-level error report as CSV with a byte-order mark, so Excel shows the Chinese text."""
    with spreadsheet_export(report="register_import_problems", filters={"format": "csv"}) as export:
        buffer = io.StringIO()
        writer = export.csv_writer(buffer)
        writer.writerow([str(header) for header in REPORT_HEADERS], counted=False)
        for row in _report_rows(problems):
            writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")
