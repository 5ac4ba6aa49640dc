"""The fast workbook reader gives the same values as openpyxl (no database)."""

import datetime
import io

from openpyxl import Workbook, load_workbook

from registry.import_files import read_import_file
from registry.xlsx_reader import xlsx_sheets


def workbook_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会组织"
    sheet.append(["文本", "整数", "小数", "日期", "布尔", "空"])
    sheet.append(["上海市闵行区书法协会", 43895, 1.5, datetime.datetime(2020, 3, 5), True, None])
    sheet["C5"] = "隔行"  # a gap of two rows and two columns
    sheet["A6"] = datetime.date(2021, 1, 2)
    sheet["A6"].number_format = "yyyy年m月d日"  # a custom date format
    workbook.create_sheet("年检结果").append(["统一社会信用代码", "年度"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def trimmed(row):
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def test_values_rows_and_sheets_match_openpyxl():
    data = workbook_bytes()
    fast = {title: [(n, trimmed(r)) for n, r in rows] for title, rows in xlsx_sheets(data)}
    reference = load_workbook(io.BytesIO(data), read_only=True)
    expected = {
        ws.title: [(n, trimmed(r)) for n, r in enumerate(ws.iter_rows(values_only=True), start=1) if trimmed(r)]
        for ws in reference.worksheets
    }
    assert fast == expected
    assert fast["社会组织"][1] == (2, ("上海市闵行区书法协会", 43895, 1.5, datetime.datetime(2020, 3, 5), True))
    assert fast["社会组织"][2] == (5, (None, None, "隔行"))
    assert fast["社会组织"][3] == (6, (datetime.datetime(2021, 1, 2),))


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese():
    sheets, problems = read_import_file(b"not a zip file", "登记簿.xlsx")
    assert sheets == {}
    assert problems[0].message == "无法读取该Excel文件：BadZipFile"
