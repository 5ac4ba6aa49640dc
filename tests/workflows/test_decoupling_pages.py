"""Decoupling and party building through the pages: the association's portal, the officers' progress list, item
decisions and Excel exports, the coverage page and the officer's update form, and the public record."""

import datetime
import io

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from registry.choices import DirectCategory, OfficerRole
from registry.models import Decoupling, DecouplingItem, PartyBuilding, SecurityLog
from registry.rules.decoupling import Separation
from tests.factories import UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_org, minhang, songjiang):
    association = make_org(name="上海市闵行区餐饮行业协会", direct_category=DirectCategory.INDUSTRY)
    rep = UserFactory(username="dc-page-rep")
    assign_perm("registry.manage_organization", rep, association)
    return {
        "association": association,
        "rep": rep,
        "inspector": make_officer("mh-dc-page", minhang, OfficerRole.INSPECTOR),
        "other": make_officer("sj-dc-page", songjiang, OfficerRole.INSPECTOR),
    }


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_all(scene):
    portal = as_user(scene["rep"])
    url = f"/portal/organizations/{scene['association'].pk}/decoupling/"
    for separation in Separation.values:
        response = portal.post(
            url,
            {
                "separation": separation,
                "description": "已完成该项分离，附决议。",
                "evidence": upload("p.pdf", pdf_bytes()),
            },
        )
        assert response.status_code == 302
    return portal, url


def test_the_portal_refuses_a_bad_submission_beside_the_item(scene, private_files):
    portal = as_user(scene["rep"])
    url = f"/portal/organizations/{scene['association'].pk}/decoupling/"
    response = portal.post(url, {"separation": "assets", "description": "短"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="errors-assets"' in page and "至少10个字" in page and "证明材料" in page
    assert not DecouplingItem.objects.filter(status="submitted").exists()
    assert as_user(scene["inspector"]).get(url).status_code == 404  # the association's own page


def test_officers_verify_and_return_items_and_export_the_progress(scene, private_files):
    submit_all(scene)
    officer = as_user(scene["inspector"])
    detail = f"/workflow/work/supervision/decoupling/{scene['association'].pk}/"
    items = {item.separation: item for item in DecouplingItem.objects.all()}
    evidence = items["assets"].files.get()
    assert officer.get(f"/workflow/work/supervision/decoupling/files/{evidence.pk}/").status_code == 200
    assert as_user(scene["other"]).get(detail).status_code == 404
    officer.post(detail, {"item": items["assets"].pk, "action": "return", "reason": ""})
    assert DecouplingItem.objects.get(pk=items["assets"].pk).status == "submitted"  # no reason: nothing changed
    officer.post(detail, {"item": items["assets"].pk, "action": "return", "reason": "缺少独立账户开户证明。"})
    for separation in ("institution", "functions", "personnel"):
        officer.post(detail, {"item": items[separation].pk, "action": "verify"})
    listing = officer.get("/workflow/work/supervision/decoupling/?show=in_progress").content.decode()
    assert "上海市闵行区餐饮行业协会" in listing and "3 / 5" in listing
    assert (
        "上海市闵行区餐饮行业协会"
        not in officer.get("/workflow/work/supervision/decoupling/?show=decoupled").content.decode()
    )
    export = officer.get("/workflow/work/supervision/decoupling/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[1][2] == "上海市闵行区餐饮行业协会" and rows[1][3] == 3 and rows[1][5] == 1
    assert SecurityLog.objects.filter(detail__report="decoupling_progress", detail__rows=1).exists()
    assert Decoupling.objects.get().decoupled_on is None
    public = Client().get(f"/organizations/{scene['association'].uscc}/").content.decode()
    assert "脱钩进行中" in public and "已核实 3 / 5 项" in public


def test_the_coverage_page_lists_the_missing_and_the_officer_updates_a_record(scene, make_org):
    officer = as_user(scene["inspector"])
    page = officer.get("/workflow/work/supervision/party-building/").content.decode()
    assert "上海市闵行区餐饮行业协会" in page and "尚无记录" in page
    url = f"/workflow/work/supervision/party-building/{scene['association'].pk}/"
    data = {
        "kind": "own",
        "members": "2",
        "instructor_name": "王建国",
        "instructor_unit": "闵行区社会组织综合党委",
        "instructor_phone": "13800001111",
        "community_reported_on": "2025-04-01",
        "committee_reported_on": "2025-04-08",
    }
    response = officer.post(url, data)
    assert response.status_code == 400 and "不少于3人" in response.content.decode()
    assert not PartyBuilding.objects.exists()
    assert officer.post(url, data | {"members": "3"}).status_code == 302
    record = PartyBuilding.objects.get()
    assert record.dual_report_complete and record.committee_reported_on == datetime.date(2025, 4, 8)
    assert "王建国" in officer.get(url).content.decode()
    page = officer.get("/workflow/work/supervision/party-building/").content.decode()
    assert "上海市闵行区餐饮行业协会" not in page.split("尚未覆盖的社会组织")[1]
    export = officer.get("/workflow/work/supervision/party-building/?format=xlsx")
    names = [row[2] for row in list(load_workbook(io.BytesIO(export.content)).active.values)[1:]]
    assert "上海市闵行区餐饮行业协会" not in names
    assert as_user(scene["other"]).get(url).status_code == 404
