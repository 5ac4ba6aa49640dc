"""Public service guides: one per service, reachable from the home page, each with a printable form."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from registry.service_guides import GUIDES

pytestmark = pytest.mark.django_db

SERVICES = ["成立登记", "变更登记", "注销登记", "年度检查", "评估", "信用修复"]


def test_home_page_leads_to_a_guide_for_every_service(client):
    home = client.get("/").content.decode()
    assert "/guide/" in home and "/progress/" in home
    for service in SERVICES:
        assert service in home, service
    for guide in GUIDES:
        assert f"/guide/{guide.slug}/" in home


@pytest.mark.parametrize("guide", GUIDES, ids=[g.slug for g in GUIDES])
def test_guide_states_basis_conditions_materials_time_limits_fees_and_form(client, guide, settings):
    settings.REGISTRY = {**settings.REGISTRY, guide.promised_setting: 13}
    page = client.get(f"/guide/{guide.slug}/").content.decode()
    for heading in ("设定依据", "办理条件", "申请材料", "法定时限", "承诺时限", "收费标准", "办理流程", "咨询方式"):
        assert heading in page
    promised = guide.promised_fixed_days or 13  # a limit fixed by law does not follow the settings
    assert "不收费" in page and f"{promised} 个工作日" in page
    for material in guide.materials:
        assert str(material) in page
    assert f"/guide/{guide.slug}/form.pdf" in page


@pytest.mark.parametrize("guide", GUIDES[:2], ids=[g.slug for g in GUIDES[:2]])
def test_application_form_is_a_chinese_pdf_with_its_fields(client, guide):
    response = client.get(f"/en/guide/{guide.slug}/form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    with translation.override("zh-hans"):
        assert str(guide.form_title) in text
        for field in guide.form_fields:
            assert str(field) in text, field
    assert "所填信息及所交材料真实有效" in text


def test_credit_repair_guide_promises_the_five_working_days_of_the_credit_rules(client):
    """社会组织信用信息管理办法 (民政部令第60号): removal within 5 working days of verifying the correction."""
    page = client.get("/guide/credit-repair/").content.decode()
    assert "5 个工作日" in page and "民政部令第60号" in page and "5个工作日内移出" in page
    assert "完成注销登记后移出" in page and "满2年" in page


def test_guides_in_english(client):
    page = client.get("/en/guide/establishment/").content.decode()
    assert "Establishment registration" in page and "Free of charge" in page


def test_unknown_guide_is_404(client):
    assert client.get("/guide/no-such-service/").status_code == 404
    assert client.get("/guide/no-such-service/form.pdf").status_code == 404


@pytest.mark.parametrize("slug", ["change", "deregistration"])
def test_change_and_deregistration_are_decided_within_20_working_days_extendable_by_10(client, slug):
    """行政许可法 第四十二条: the regulations set no period for these decisions, so 20 working days (+10) apply."""
    page = client.get(f"/guide/{slug}/").content.decode()
    assert "20个工作日内作出决定" in page and "可以延长10个工作日" in page
    assert "《中华人民共和国行政许可法》第四十二条" in page
    assert "30日内作出决定" not in page


def test_deregistration_is_applied_for_within_15_days_of_the_liquidations_end(client):
    """社团条例 第二十一条, 民非条例 第十七条, 基金会条例 第十八条."""
    page = client.get("/guide/deregistration/").content.decode()
    assert "自清算结束之日起15日内申请注销登记" in page
    for basis in ("《民办非企业单位登记管理暂行条例》第十六条、第十七条", "《基金会管理条例》第十六条、第十八条"):
        assert basis in page


def test_change_guide_cites_every_type_and_the_foundations_have_no_filing_period(client):
    page = client.get("/guide/change/").content.decode()
    assert "《基金会管理条例》第十五条" in page
    assert "基金会登记事项需要变动的" in page
