"""The public part of the annual work report, on the organization's page after the inspection concluded."""

from decimal import Decimal

import pytest

from registry.models import ReportStatus
from tests.factories import AnnualReportFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def report(organization, year, status, **fields):
    defaults = {
        "activities": f"{year}年开展社区志愿服务活动十二次。",
        "income": Decimal("1234567.80"),
        "expenditure": Decimal("987654.30"),
        "net_assets": Decimal("456789.00"),
        "officer_changes": "秘书长王某某离任",
        "result": "passed" if status == ReportStatus.CONCLUDED else "",
    }
    return AnnualReportFactory(organization=organization, year=year, status=status, **(defaults | fields))


def test_concluded_reports_are_public_with_summary_figures_and_past_years(client, minhang):
    organization = OrganizationFactory(jurisdiction=minhang)
    report(organization, 2024, ReportStatus.CONCLUDED, income=Decimal("1000.00"))
    report(organization, 2025, ReportStatus.CONCLUDED)
    page = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "年度工作报告公开" in page
    assert "2025年开展社区志愿服务活动十二次" in page and "2024年开展社区志愿服务活动十二次" in page
    assert "1,234,567.80" in page and "987,654.30" in page and "456,789.00" in page and "1,000.00" in page
    assert page.index("2025年度") < page.index("2024年度")  # newest first, past years below
    assert "秘书长王某某离任" not in page  # personal data stays out


def test_a_report_not_yet_concluded_is_not_published(client, minhang):
    organization = OrganizationFactory(jurisdiction=minhang)
    report(organization, 2025, ReportStatus.SUBMITTED, activities="尚未审核的报告内容，不应公开。")
    report(organization, 2024, ReportStatus.RECTIFYING, activities="整改中的报告内容，不应公开。", result="basic")
    page = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "不应公开" not in page and "年度工作报告公开" not in page


def test_figures_are_formatted_in_english_too(client, minhang):
    organization = OrganizationFactory(jurisdiction=minhang)
    report(organization, 2025, ReportStatus.CONCLUDED)
    page = client.get(f"/en/organizations/{organization.uscc}/").content.decode()
    assert "1,234,567.80" in page
