"""A fast reader of the cell values of an .xlsx workbook, for imports of hundreds of thousands of rows.

openpyxl builds an object per cell and spends most of an import's reading time doing so; this reads the
sheet XML with the C parser (once defusedxml has found no DTD in it) and yields plain tuples.  Cells keep
their types as openpyxl would give them (text, int or float, bool, datetime for cells formatted as dates).
Anything it does not understand raises, and the caller falls back to openpyxl.
"""

import datetime
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from defusedxml.ElementTree import iterparse as defused_iterparse
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)(\d+)")


def iterparse(archive: zipfile.ZipFile, path: str):
    """Parse one part of the workbook with the C parser, once its prolog is known to declare no DTD.

    An .xlsx file's XML never needs a DTD; one in an uploaded file can only be there to expand entities
    ("billion laughs") or to read files of the server (external entities). A DTD, and so any entity
    declaration, can only stand before the root element: defusedxml reads the part up to its root element
    and raises DTDForbidden (a DefusedXmlException) if it finds one; the C parser then reads the whole part
    at full speed. An entity used without a declaration is a ParseError.
    """
    with archive.open(path) as prolog:
        for _event in defused_iterparse(prolog, events=("start",), forbid_dtd=True):
            break
    return ElementTree.iterparse(archive.open(path))


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    for _event, element in iterparse(archive, "xl/sharedStrings.xml"):
        if element.tag == f"{MAIN}si":
            # Rich text runs are joined; phonetic guides (rPh) are not part of the value.
            phonetic = {id(t) for rph in element.iter(f"{MAIN}rPh") for t in rph.iter(f"{MAIN}t")}
            strings.append("".join(t.text or "" for t in element.iter(f"{MAIN}t") if id(t) not in phonetic))
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats that show a number as a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    formats = dict(BUILTIN_FORMATS)
    dates, index = set(), 0
    for _event, element in iterparse(archive, "xl/styles.xml"):
        if element.tag == f"{MAIN}numFmt":
            formats[int(element.get("numFmtId"))] = element.get("formatCode", "")
        elif element.tag == f"{MAIN}cellXfs":
            for xf in element.findall(f"{MAIN}xf"):
                code = formats.get(int(xf.get("numFmtId", 0)), "")
                if code and is_date_format(code):
                    dates.add(index)
                index += 1
    return dates


def _sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    rels = {}
    for _event, element in iterparse(archive, "xl/_rels/workbook.xml.rels"):
        if element.tag == f"{PACKAGE_REL}Relationship":
            target = element.get("Target")
            rels[element.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    sheets = []
    for _event, element in iterparse(archive, "xl/workbook.xml"):
        if element.tag == f"{MAIN}sheet":
            sheets.append((element.get("name"), posixpath.normpath(rels[element.get(f"{REL}id")])))
    return sheets


def _value(cell, strings: list[str], dates: set[int]):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t")) or None
    raw = cell.findtext(f"{MAIN}v")
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)] or None  # an empty text cell reads as empty, as in openpyxl
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return datetime.datetime.fromisoformat(raw)
    number = float(raw)
    if int(cell.get("s", 0)) in dates:
        return from_excel(number)
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw else number


def _rows(archive: zipfile.ZipFile, path: str, strings, dates) -> Iterator[tuple[int, tuple]]:
    number = 0
    for _event, element in iterparse(archive, path):
        if element.tag != f"{MAIN}row":
            continue
        number = int(element.get("r") or number + 1)
        values: list = []
        for cell in element.iter(f"{MAIN}c"):
            ref = cell.get("r")
            column = _column_index(_REF.match(ref).group(1)) if ref else len(values)
            values.extend([None] * (column - len(values)))
            values.append(_value(cell, strings, dates))
        element.clear()
        yield number, tuple(values)


def xlsx_sheets(data: bytes) -> list[tuple[str, Iterator[tuple[int, tuple]]]]:
    """Each worksheet's title and its rows as (row number, cell values), read lazily."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    return [(title, _rows(archive, path, strings, dates)) for title, path in _sheet_paths(archive)]
