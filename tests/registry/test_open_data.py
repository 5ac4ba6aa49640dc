"""Open data: the public register as CSV, XLSX and JSON Lines, public fields only, streamed."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from registry.choices import OrgStatus
from registry.opendata import COLUMNS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def register(make_org):
    return {
        "volunteers": make_org(name="上海市闵行区青年志愿者协会", grade="4A", grade_expires_on="2028-12-31"),
        "revoked": make_org(name="上海市闵行区围棋协会", status=OrgStatus.REVOKED, on_dishonest_list=True),
        "preparing": make_org(name="上海市闵行区书法协会", status=OrgStatus.PREPARING, uscc=None),
    }


def streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_files_hold_every_registered_organization_and_no_private_field(client, register):
    call_command("export_open_data", stdout=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(streamed(client.get("/open-data/register.csv")).decode("utf-8-sig"))))
    assert [row["name"] for row in sorted(rows, key=lambda r: r["name"])] == [
        "上海市闵行区围棋协会",
        "上海市闵行区青年志愿者协会",
    ]
    volunteers = next(row for row in rows if row["uscc"] == register["volunteers"].uscc)
    assert (volunteers["org_type"], volunteers["status"], volunteers["grade"]) == ("社会团体", "正常", "4A")
    assert volunteers["on_serious_dishonest_list"] == "否"
    lines = streamed(client.get("/open-data/register.jsonl")).decode().splitlines()
    records = {record["uscc"]: record for record in map(json.loads, lines)}
    assert records[register["revoked"].uscc]["on_serious_dishonest_list"] is True
    assert records[register["revoked"].uscc]["status"] == "撤销"
    workbook = load_workbook(io.BytesIO(streamed(client.get("/open-data/register.xlsx"))), read_only=True)
    sheet_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert sheet_rows[0][:2] == ("统一社会信用代码", "名称")
    assert len(sheet_rows) == 3
    for payload in (json.dumps(list(records.values()), ensure_ascii=False), str(rows), str(sheet_rows)):
        assert ID_NUMBER not in payload and ID_NUMBER[:6] + "*" not in payload


def test_files_are_missing_until_generated(client, register):
    assert client.get("/open-data/register.csv").status_code == 404
    assert client.get("/open-data/register.exe").status_code == 404
    assert "开放数据文件尚未生成。" in client.get(reverse("open_data")).content.decode()


def test_dictionary_page_lists_every_column_and_is_linked_from_the_site(client, register):
    page = client.get(reverse("open_data")).content.decode()
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in page
    assert reverse("open_data") in client.get(reverse("home")).content.decode()


def test_only_administrators_regenerate_on_demand(client, register):
    officer = UserFactory(username="mh_officer", is_staff=True)
    client.force_login(officer)
    assert client.post(reverse("open_data_regenerate")).status_code == 403
    assert client.get("/open-data/register.csv").status_code == 404
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(reverse("open_data_regenerate"), follow=True)
    assert "已重新生成开放数据：2 个组织。" in response.content.decode()
    assert len(streamed(client.get("/open-data/register.jsonl")).decode().splitlines()) == 2


def test_regenerating_picks_up_changes(client, register, make_org):
    call_command("export_open_data", stdout=io.StringIO())
    make_org(name="上海市闵行区摄影协会")
    call_command("export_open_data", stdout=io.StringIO())
    assert len(streamed(client.get("/open-data/register.jsonl")).decode().splitlines()) == 3
