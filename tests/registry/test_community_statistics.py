"""community_charts: the filing figures of the sector statistics, checked against counts made here."""

import datetime
from decimal import Decimal

import pytest

from registry.models import CommunityActivityReport, CommunityGroup, Jurisdiction
from registry.selectors.community import community_charts
from tests.factories import CommunityGroupFactory, OrganizationFactory, SubdistrictFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def groups(minhang, songjiang):
    gumei = SubdistrictFactory(code="310112008", name="古美路街道", district=minhang)
    meilong = SubdistrictFactory(code="310112009", name="梅陇镇", district=minhang)
    sijing = SubdistrictFactory(code="310117101", name="泗泾镇", district=songjiang)
    specs = [
        (gumei, "culture", "filed", datetime.date(YEAR, 1, 10)),
        (gumei, "culture", "filed", datetime.date(YEAR, 1, 20)),
        (gumei, "sport", "filed", datetime.date(YEAR, 4, 2)),
        (gumei, "service", "cancelled", datetime.date(YEAR, 4, 9)),
        (meilong, "charity", "filed", datetime.date(YEAR - 1, 6, 1)),
        (meilong, "service", "filed", datetime.date(YEAR + 1, 2, 1)),  # after the year
        (meilong, "service", "submitted", None),
        (sijing, "culture", "filed", datetime.date(YEAR, 1, 5)),  # another bureau
    ]
    made = []
    for i, (street, field, status, filed_on) in enumerate(specs):
        made.append(
            CommunityGroupFactory(
                subdistrict=street, field=field, status=status, filed_on=filed_on, name=f"社区第{i + 1}兴趣小组"
            )
        )
    registered = CommunityGroupFactory(
        subdistrict=meilong,
        status="registered",
        filed_on=datetime.date(YEAR - 1, 3, 1),
        organization=OrganizationFactory(jurisdiction=minhang, founded_on=datetime.date(YEAR, 8, 8)),
        name="梅陇社区互助服务队",
    )
    for group in (made[0], made[4], made[7]):
        CommunityActivityReport.objects.create(
            group=group, year=YEAR, activity_count=3, activities="活动", member_count=12, funds_received=Decimal(0)
        )
    return made + [registered]


def test_community_charts_match_independent_counts(groups, minhang):
    charts = {chart.key: chart for chart in community_charts(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)}
    in_minhang = [g for g in CommunityGroup.objects.all() if g.subdistrict.district_id == minhang.pk]
    filed = [g for g in in_minhang if g.status == "filed" and g.filed_on and g.filed_on.year <= YEAR]
    by_field = dict(charts["community_by_field"].rows)
    assert by_field["文化"] == sum(1 for g in filed if g.field == "culture") == 2
    assert by_field["体育"] == 1 and by_field["公益慈善"] == 1 and by_field["社区服务"] == 0
    assert sum(by_field.values()) == len(filed) == 4
    assert dict(charts["community_by_subdistrict"].rows) == {"古美路街道": 3, "梅陇镇": 1}
    months = [n for _label, n in charts["community_filings_by_month"].rows]
    expected = [
        sum(1 for g in in_minhang if g.filed_on and g.filed_on.year == YEAR and g.filed_on.month == m)
        for m in range(1, 13)
    ]
    assert months == expected and months[0] == 2 and months[3] == 2 and sum(months) == 4
    reported = sum(1 for g in filed if g.reports.filter(year=YEAR).exists())
    rows = dict(charts["community_report_rate"].rows)
    assert (
        rows
        == {"应报送": len(filed), "已报送": reported, "未报送": len(filed) - reported}
        == {"应报送": 4, "已报送": 2, "未报送": 2}
    )
    assert charts["community_report_rate"].extra["rate"] == 50.0
    assert dict(charts["community_registered"].rows) == {"累计转为登记": 1, "其中本年度登记": 1}


def test_other_bureaus_groups_are_not_counted(groups, songjiang):
    charts = {chart.key: chart for chart in community_charts(Jurisdiction.objects.filter(pk=songjiang.pk), YEAR)}
    assert dict(charts["community_by_subdistrict"].rows) == {"泗泾镇": 1}
    assert dict(charts["community_report_rate"].rows)["已报送"] == 1
    assert dict(charts["community_registered"].rows)["累计转为登记"] == 0
