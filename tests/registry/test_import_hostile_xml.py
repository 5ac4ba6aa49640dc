"""A register import refuses a workbook whose XML declares a DTD or entities, with a clear message (never a 500)."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from registry.import_files import read_import_file
from registry.models import Organization
from tests.factories import UserFactory
from tests.registry.test_register_import import messy_workbook

pytestmark = pytest.mark.django_db
REFUSED = "该Excel文件含有文档类型定义（DTD）或实体声明，出于安全考虑不予读取。请在Excel中另存为新的工作簿后重新导入。"

LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
EXTERNAL = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PLAIN_DTD = "<!DOCTYPE worksheet>"


def _with_doctype(part: str, doctype: str, entity: str | None = None) -> bytes:
    """The test workbook with `doctype` written before the root element of one XML part (and a cell using `entity`)."""
    source = zipfile.ZipFile(io.BytesIO(messy_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                text = data.decode("utf-8")
                text = re.sub(r"(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + doctype, text, count=1)
                if entity:
                    text = text.replace("上海市闵行区书法协会", f"上海市闵行区书法协会&{entity};", 1)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


HOSTILE = {
    "entity expansion in a sheet": ("xl/worksheets/sheet1.xml", LAUGHS, "lol2"),
    "external entity in a sheet": ("xl/worksheets/sheet1.xml", EXTERNAL, "xxe"),
    "a bare DTD in a sheet": ("xl/worksheets/sheet1.xml", PLAIN_DTD, None),
    "entity expansion in the workbook part": ("xl/workbook.xml", LAUGHS, None),
    "external entity in the styles": ("xl/styles.xml", EXTERNAL, None),
    "a DTD after a long comment": ("xl/worksheets/sheet1.xml", "<!--" + "x" * 100_000 + "-->" + LAUGHS, "lol2"),
}


@pytest.mark.parametrize(("part", "doctype", "entity"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_workbook_with_a_dtd_is_refused_as_a_file_problem(part, doctype, entity):
    sheets, problems = read_import_file(_with_doctype(part, doctype, entity), "原登记簿.xlsx")
    assert sheets == {}
    assert [(p.row, p.message) for p in problems] == [(0, REFUSED)]


@pytest.mark.parametrize(("part", "doctype", "entity"), HOSTILE.values(), ids=HOSTILE.keys())
def test_the_admin_import_answers_with_the_message_and_writes_nothing(client, part, doctype, entity):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    data = {"file": io.BytesIO(_with_doctype(part, doctype, entity)), "action": "import"}
    data["file"].name = "原登记簿.xlsx"
    response = client.post(reverse("admin:registry_organization_import"), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Organization.objects.count() == 0
