"""The sector statistics page: who sees which bureaus, the year and bureau filters, and the exports' numbers."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from registry.choices import OfficerRole
from registry.models import Jurisdiction, Organization, SecurityLog
from registry.selectors.sector_statistics import sector_charts
from tests.factories import ApplicantFactory, OfficerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

URL = reverse("work:sector_statistics")
YEAR = datetime.date.today().year


@pytest.fixture
def organizations(minhang, songjiang):
    """Three organizations in Minhang and two in Songjiang, registered before this year."""
    founded = datetime.date(YEAR - 3, 4, 1)
    for index in range(3):
        OrganizationFactory(name=f"上海市闵行区统计页{index}协会", jurisdiction=minhang, founded_on=founded)
    for index in range(2):
        OrganizationFactory(name=f"上海市松江区统计页{index}协会", jurisdiction=songjiang, founded_on=founded)


def bureau_cells(html: str, chart_key: str) -> dict[str, str]:
    """The first number of each row of a chart's table on the page, by the row's label."""
    figure = re.search(rf'<figure[^>]*data-chart="{chart_key}".*?</figure>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return dict(re.findall(r'<th scope="row"[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td>', body))


def registered(bureau) -> int:
    return len([o for o in Organization.objects.filter(jurisdiction=bureau) if o.status == "normal"])


def test_a_district_officer_sees_only_their_bureau(client, organizations, minhang, songjiang):
    client.force_login(OfficerFactory(roles=[OfficerRole.WINDOW], view_register=True))
    response = client.get(URL)
    assert response.status_code == 200
    cells = bureau_cells(response.content.decode(), "organizations_by_bureau")
    assert cells == {minhang.name: str(registered(minhang))}
    # Another bureau in the filter is refused with a message, and nothing of it is shown.
    response = client.get(URL, {"bureau": songjiang.code})
    html = response.content.decode()
    assert "所选登记管理机关不在您可查看的范围内" in html
    assert songjiang.name not in bureau_cells(html, "organizations_by_bureau")


def test_the_head_of_a_bureau_sees_it(client, organizations, minhang):
    client.force_login(OfficerFactory(roles=[OfficerRole.HEAD], view_register=True))
    response = client.get(URL)
    assert bureau_cells(response.content.decode(), "organizations_by_bureau") == {
        minhang.name: str(registered(minhang))
    }


def test_a_city_user_sees_every_district_and_can_narrow_to_one(client, organizations, shanghai, minhang, songjiang):
    client.force_login(OfficerFactory(roles=[OfficerRole.HEAD], roles__jurisdiction=shanghai, view_register=True))
    cells = bureau_cells(client.get(URL).content.decode(), "organizations_by_bureau")
    districts = Jurisdiction.objects.filter(parent=shanghai)
    assert set(cells) == {shanghai.name} | {d.name for d in districts}
    assert cells[minhang.name] == str(registered(minhang)) == "3"
    assert cells[songjiang.name] == str(registered(songjiang)) == "2"
    narrowed = bureau_cells(client.get(URL, {"bureau": songjiang.code}).content.decode(), "organizations_by_bureau")
    assert narrowed == {songjiang.name: "2"}


def test_the_public_applicants_and_competent_units_are_refused(client, minhang):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(ApplicantFactory())
    assert client.get(URL).status_code == 403
    unit = OfficerFactory(roles=[OfficerRole.UNIT], roles__unit_name="上海市闵行区教育局", view_register=True)
    client.force_login(unit)
    assert client.get(URL).status_code == 403


def test_a_wrong_year_is_reported_and_the_current_year_shown(client, organizations):
    client.force_login(OfficerFactory(roles=[OfficerRole.WINDOW], view_register=True))
    html = client.get(URL, {"year": "19x"}).content.decode()
    assert "统计年度应为" in html
    assert f"社会组织行业统计（{YEAR}年）" in html
    # An export asked with a wrong year is not written: the page explains instead.
    response = client.get(URL, {"year": "1800", "format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")


def test_the_excel_export_has_every_chart_with_the_page_numbers(client, organizations, minhang):
    officer = OfficerFactory(roles=[OfficerRole.WINDOW], view_register=True)
    client.force_login(officer)
    page = client.get(URL, {"year": YEAR}).content.decode()
    response = client.get(URL, {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    charts = sector_charts(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)
    assert len(workbook.sheetnames) == len(charts)
    for sheet, chart in zip(workbook.worksheets, charts, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[1][: len(chart.columns)]) == list(chart.columns)
        assert len(rows) >= 2 + len(chart.rows)
    by_bureau = next(s for s in workbook.worksheets if "按登记管理机关" in s.title)
    rows = list(by_bureau.iter_rows(values_only=True))
    exported = {row[0]: row[1] for row in rows[2:3]}
    assert exported == {minhang.name: registered(minhang)}
    assert bureau_cells(page, "organizations_by_bureau") == {minhang.name: str(exported[minhang.name])}
    assert SecurityLog.objects.filter(detail__report="sector_statistics", actor_id=officer.pk).exists()


def test_the_csv_of_one_chart(client, organizations, minhang):
    client.force_login(OfficerFactory(roles=[OfficerRole.WINDOW], view_register=True))
    response = client.get(URL, {"year": YEAR, "format": "csv", "chart": "organizations_by_type"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["组织类型", "组织数"]
    assert rows[1] == ["社会团体", str(registered(minhang))]
    assert client.get(URL, {"format": "csv", "chart": "nothing"}).status_code == 404


def test_the_page_in_english(client, organizations):
    client.force_login(OfficerFactory(roles=[OfficerRole.WINDOW], view_register=True))
    with translation.override("en"):
        english = reverse("work:sector_statistics")
    assert english.startswith("/en/")
    html = client.get(english).content.decode()
    assert "Sector statistics" in html
    assert "Organizations in the register" in html
