"""The sector statistics: every figure of every chart against counts made here, by plain loops over the records
the test created (never through the selector's queries)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from registry.choices import DirectCategory, Grade, OrgStatus, OrgType
from registry.models import CalendarDay, Jurisdiction, Organization
from registry.rules.annual import InspectionResult
from registry.rules.credit import CreditList
from registry.rules.penalties import PenaltyKind
from registry.selectors import sector_statistics
from registry.selectors.sector_statistics import PROVIDERS, sector_charts, statistics_jurisdictions
from tests.factories import (
    AnnualReportFactory,
    ComplaintFactory,
    CreditEntryFactory,
    OfficerFactory,
    OrganizationFactory,
    PenaltyCaseFactory,
    RegistrationApplicationFactory,
    ServiceRatingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year - 1  # a finished year: its figures are taken on 31 December
END = datetime.date(YEAR, 12, 31)
SHANGHAI_TZ = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI_TZ)


def chart(charts, key):
    return next(c for c in charts if c.key == key)


def pct(part, whole):
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@pytest.fixture
def bureaus(minhang, songjiang):
    return Jurisdiction.objects.filter(pk__in=[minhang.pk, songjiang.pk])


@pytest.fixture
def register(minhang, songjiang):
    """Organizations of both districts in every state the charts tell apart."""
    specs = [
        # (bureau, type, category, status, founded, status changed, grade, grade expires)
        (minhang, OrgType.SOCIAL_ASSOCIATION, DirectCategory.CHARITY, OrgStatus.NORMAL, (2015, 3, 1), None, "5A", 1),
        (minhang, OrgType.SOCIAL_ASSOCIATION, DirectCategory.INDUSTRY, OrgStatus.NORMAL, (2019, 6, 1), None, "3A", 2),
        (minhang, OrgType.SERVICE_AGENCY, DirectCategory.COMMUNITY, OrgStatus.NORMAL, (YEAR, 2, 1), None, "", 0),
        (minhang, OrgType.SERVICE_AGENCY, "", OrgStatus.NORMAL, (2019, 7, 1), None, "4A", -1),  # grade lapsed
        (minhang, OrgType.SERVICE_AGENCY, "", OrgStatus.REVOKED, (2010, 1, 1), (YEAR + 1, 1, 5), "2A", 3),
        (minhang, OrgType.SOCIAL_ASSOCIATION, "", OrgStatus.DEREGISTERED, (2012, 1, 1), (YEAR, 5, 1), "", 0),
        (minhang, OrgType.SOCIAL_ASSOCIATION, DirectCategory.SCIENCE, OrgStatus.NORMAL, (YEAR + 1, 1, 2), None, "", 0),
        (songjiang, OrgType.SERVICE_AGENCY, DirectCategory.CHARITY, OrgStatus.NORMAL, (2015, 9, 1), None, "5A", 4),
        (
            songjiang,
            OrgType.SOCIAL_ASSOCIATION,
            DirectCategory.COMMUNITY,
            OrgStatus.NORMAL,
            (2021, 1, 1),
            None,
            "1A",
            1,
        ),
        (songjiang, OrgType.SERVICE_AGENCY, "", OrgStatus.NORMAL, (YEAR, 8, 1), None, "", 0),
    ]
    organizations = []
    for index, (bureau, org_type, category, status, founded, changed, grade, years) in enumerate(specs):
        organizations.append(
            OrganizationFactory(
                name=f"{bureau.full_name}统计样本{index}{'协会' if org_type == OrgType.SOCIAL_ASSOCIATION else '中心'}",
                jurisdiction=bureau,
                org_type=org_type,
                direct_category=category,
                competent_unit="" if category else f"{bureau.full_name}教育局",
                status=status,
                founded_on=datetime.date(*founded),
                status_changed_on=datetime.date(*changed) if changed else None,
                grade=grade,
                grade_expires_on=datetime.date(YEAR + years, 12, 31) if grade else None,
            )
        )
    return organizations


def in_register(org) -> bool:
    """Registered on 31 December of the year, as counted here: founded by then, not gone before then."""
    if org.founded_on is None or org.founded_on > END:
        return False
    if org.status == OrgStatus.NORMAL:
        return True
    return org.status in (OrgStatus.REVOKED, OrgStatus.DEREGISTERED) and (
        org.status_changed_on is not None and org.status_changed_on > END
    )


def test_register_charts(register, bureaus, minhang, songjiang):
    charts = sector_charts(bureaus, YEAR)
    living = [org for org in Organization.objects.filter(jurisdiction__in=[minhang, songjiang]) if in_register(org)]
    assert len(living) == 8  # the data above: the one founded next year and the one deregistered are out

    by_type = dict(chart(charts, "organizations_by_type").rows)
    for value, label in OrgType.choices:
        assert by_type[str(label)] == len([o for o in living if o.org_type == value])

    by_field = dict(chart(charts, "organizations_by_field").rows)
    for value, label in DirectCategory.choices:
        assert by_field[str(label)] == len([o for o in living if o.direct_category == value])
    assert by_field["非直接登记（有业务主管单位）"] == len([o for o in living if not o.direct_category])

    by_bureau = dict(chart(charts, "organizations_by_bureau").rows)
    assert by_bureau == {
        minhang.name: len([o for o in living if o.jurisdiction_id == minhang.pk]),
        songjiang.name: len([o for o in living if o.jurisdiction_id == songjiang.pk]),
    }

    by_year = dict(chart(charts, "organizations_by_founding_year").rows)
    expected_years = {}
    for org in living:
        expected_years[str(org.founded_on.year)] = expected_years.get(str(org.founded_on.year), 0) + 1
    assert by_year == expected_years

    only_minhang = sector_charts(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)
    assert dict(chart(only_minhang, "organizations_by_bureau").rows) == {
        minhang.name: len([o for o in living if o.jurisdiction_id == minhang.pk])
    }


def test_grades_count_valid_grades_of_registered_organizations(register, bureaus):
    grades = dict(chart(sector_charts(bureaus, YEAR), "grades").rows)
    expected = dict.fromkeys(Grade.values, 0)
    for org in register:
        org.refresh_from_db()
        if in_register(org) and org.grade and org.grade_expires_on >= END:
            expected[org.grade] += 1
    assert grades == expected
    assert sum(grades.values()) == 5  # 5A, 3A, 5A, 1A and the 2A revoked only next year; the lapsed 4A is out


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to `end`, from the calendar table and the weekdays, counted one by one."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_workday"))
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if overrides.get(day, day.weekday() < 5):
            count += 1
    return count


def test_processing_charts(minhang, songjiang, bureaus):
    d = datetime.date
    specs = [
        # (bureau, kind, status, accepted, decided, due, paused)
        (minhang, "registration", "completed", d(YEAR, 3, 3), d(YEAR, 3, 20), d(YEAR, 3, 31), 0),
        (minhang, "establishment", "completed", d(YEAR, 3, 4), d(YEAR, 3, 28), d(YEAR, 3, 31), 0),
        (minhang, "change", "completed", d(YEAR, 3, 3), d(YEAR, 4, 15), d(YEAR, 4, 2), 2),
        (minhang, "change", "completed", d(YEAR, 11, 3), d(YEAR, 11, 14), d(YEAR, 12, 1), 0),
        (minhang, "registration", "rejected", d(YEAR, 11, 3), d(YEAR, 11, 7), d(YEAR, 12, 1), 0),
        (songjiang, "deregistration", "completed", d(YEAR, 11, 10), d(YEAR, 11, 28), d(YEAR, 12, 8), 0),
        (songjiang, "deregistration", "completed", d(YEAR, 11, 10), d(YEAR, 12, 29), d(YEAR, 12, 8), 0),
        # Not counted: decided the year before, withdrawn, still under review.
        (minhang, "registration", "completed", d(YEAR - 1, 3, 3), d(YEAR - 1, 3, 20), d(YEAR - 1, 3, 31), 0),
        (minhang, "change", "withdrawn", None, d(YEAR, 5, 6), None, 0),
        (minhang, "registration", "accepted", d(YEAR, 12, 1), None, d(YEAR + 1, 1, 5), 0),
    ]
    applications = [
        RegistrationApplicationFactory(
            jurisdiction=bureau,
            kind=kind,
            status=status,
            accepted_on=accepted,
            decided_at=at(decided) if decided else None,
            decision_due_on=due,
            paused_working_days=paused,
        )
        for bureau, kind, status, accepted, decided, due, paused in specs
    ]
    charts = sector_charts(bureaus, YEAR)
    groups = {
        "成立登记": ("registration", "establishment", "preparation"),
        "变更登记": ("change",),
        "注销登记": ("deregistration",),
    }

    months = chart(charts, "applications_by_month")
    assert months.columns[1:] == tuple(groups)
    for month, row in enumerate(months.rows, start=1):
        for column, kinds in enumerate(groups.values(), start=1):
            expected = 0
            for application in applications:
                if (
                    application.status == "completed"
                    and application.kind in kinds
                    and application.decided_at.astimezone(SHANGHAI_TZ).year == YEAR
                    and application.decided_at.astimezone(SHANGHAI_TZ).month == month
                ):
                    expected += 1
            assert row[column] == expected, (month, column)
    assert sum(sum(row[1:]) for row in months.rows) == 6

    processing = {row[0]: row for row in chart(charts, "processing_time").rows}
    for label, kinds in groups.items():
        times, on_time = [], 0
        for application in applications:
            if application.kind not in kinds or application.status not in ("completed", "rejected"):
                continue
            decided = application.decided_at.astimezone(SHANGHAI_TZ).date()
            if decided.year != YEAR:
                continue
            times.append(max(working_days(application.accepted_on, decided) - application.paused_working_days, 0))
            on_time += decided <= application.decision_due_on
        times.sort()
        middle = len(times) // 2
        median = (
            (times[middle] if len(times) % 2 else Decimal(times[middle - 1] + times[middle]) / 2) if times else None
        )
        assert processing[label][1] == len(times)
        assert processing[label][2] == (Decimal(median) if median is not None else None)
        assert processing[label][3] == on_time
        assert processing[label][4] == pct(on_time, len(times))
    assert processing["注销登记"][1:4:2] == (2, 1)


def test_inspection_charts(register, bureaus, minhang, songjiang):
    report_year = YEAR - 1
    reports = []
    for index, org in enumerate(register[:9]):
        state = index % 5
        reports.append(
            AnnualReportFactory(
                organization=org,
                year=report_year,
                deadline=datetime.date(YEAR, 5, 31),
                submitted_at=None if state == 0 else at(datetime.date(YEAR, 4, 1)),
                status="open" if state == 0 else "concluded" if state != 4 else "submitted",
                result={0: "", 1: "passed", 2: "basic", 3: "failed", 4: ""}[state],
            )
        )
    AnnualReportFactory(organization=register[0], year=report_year - 1, submitted_at=at(datetime.date(YEAR - 1, 4, 1)))
    charts = sector_charts(bureaus, YEAR)

    rows = {row[0]: row for row in chart(charts, "inspection_submission").rows}
    for bureau in (minhang, songjiang):
        mine = [r for r in reports if r.organization.jurisdiction_id == bureau.pk]
        submitted = [r for r in mine if r.submitted_at is not None]
        concluded = [r for r in mine if r.result]
        passed = [r for r in mine if r.result == "passed"]
        assert rows[bureau.name] == (
            bureau.name,
            len(mine),
            len(submitted),
            pct(len(submitted), len(mine)),
            len(concluded),
            len(passed),
            pct(len(passed), len(concluded)),
        )

    results = {row[0]: row for row in chart(charts, "inspection_results").rows}
    concluded = [r for r in reports if r.result]
    for value, label in InspectionResult.choices:
        n = len([r for r in concluded if r.result == value])
        assert results[str(label)][1:] == (n, pct(n, len(concluded)))


def test_credit_chart(register, bureaus):
    d = datetime.date
    entries = [
        CreditEntryFactory(organization=register[0], listed_on=d(YEAR, 2, 1)),
        CreditEntryFactory(
            organization=register[0], reason_code="annual_report_missing", year=YEAR - 1, listed_on=d(YEAR, 7, 1)
        ),
        CreditEntryFactory(organization=register[1], listed_on=d(YEAR - 1, 6, 1), removed_on=d(YEAR, 3, 1)),
        CreditEntryFactory(organization=register[2], listed_on=d(YEAR - 1, 6, 1)),
        CreditEntryFactory(organization=register[3], listed_on=d(YEAR + 1, 1, 3)),  # after the year
        CreditEntryFactory(
            organization=register[4], credit_list="dishonest", reason_code="revoked", listed_on=d(YEAR, 9, 1)
        ),
        CreditEntryFactory(organization=register[7], listed_on=d(YEAR, 4, 1), removed_on=d(YEAR + 1, 2, 1)),
    ]
    rows = {row[0]: row for row in chart(sector_charts(bureaus, YEAR), "credit_lists").rows}
    for value, label in CreditList.choices:
        on_list = [e for e in entries if e.credit_list == value]
        current = [e for e in on_list if e.listed_on <= END and (e.removed_on is None or e.removed_on > END)]
        assert rows[str(label)][1:] == (
            len({e.organization_id for e in current}),
            len(current),
            len([e for e in on_list if e.listed_on.year == YEAR]),
            len([e for e in on_list if e.removed_on and e.removed_on.year == YEAR]),
        )
    assert rows["活动异常名录"][1:3] == (3, 4)


def test_penalty_chart(register, bureaus, shanghai):
    d = datetime.date
    cases = [
        PenaltyCaseFactory(
            organization=register[0], decided_on=d(YEAR, 5, 1), kind="warning", sanctions=[("warning", None)]
        ),
        PenaltyCaseFactory(
            organization=register[1],
            decided_on=d(YEAR, 8, 1),
            kind="fine",
            amount_yuan=Decimal("20000"),
            sanctions=[("fine", Decimal("20000")), ("confiscation", Decimal("5500.50"))],
        ),
        # A decision recorded without its list of penalties counts under its own kind.
        PenaltyCaseFactory(organization=register[7], decided_on=d(YEAR, 10, 1), kind="warning"),
        PenaltyCaseFactory(organization=register[2], decided_on=d(YEAR - 1, 10, 1), kind="warning"),
        PenaltyCaseFactory(organization=register[3]),  # not decided
    ]
    outside = OrganizationFactory(name="上海市统计样本外协会", jurisdiction=shanghai)
    PenaltyCaseFactory(organization=outside, decided_on=d(YEAR, 6, 1), kind="warning", sanctions=[("warning", None)])

    rows = {row[0]: row for row in chart(sector_charts(bureaus, YEAR), "penalties").rows}
    for value, label in PenaltyKind.choices:
        decisions, amount = 0, Decimal(0)
        for case in cases:
            if case.decided_on is None or case.decided_on.year != YEAR:
                continue
            sanctions = list(case.sanction_rows.filter(phase="decided"))
            if sanctions:
                for sanction in sanctions:
                    if sanction.kind == value:
                        decisions += 1
                        amount += sanction.amount_yuan or 0
            elif case.kind == value:
                decisions += 1
                amount += case.amount_yuan or 0
        assert rows[str(label)][1:] == (decisions, amount), label
    assert rows["警告"][1] == 2


def test_complaint_chart(bureaus, minhang, songjiang):
    d = datetime.date
    specs = [
        (minhang, "concluded", d(YEAR, 3, 1), d(YEAR, 5, 1), d(YEAR, 4, 20)),
        (minhang, "concluded", d(YEAR, 3, 1), d(YEAR, 5, 1), d(YEAR, 5, 9)),
        (minhang, "accepted", d(YEAR, 11, 1), d(YEAR + 1, 1, 10), None),
        (minhang, "not_accepted", d(YEAR, 6, 1), None, None),
        (minhang, "received", d(YEAR, 12, 30), None, None),
        (songjiang, "concluded", d(YEAR, 2, 1), d(YEAR, 4, 1), d(YEAR, 4, 1)),
        (minhang, "concluded", d(YEAR - 1, 3, 1), d(YEAR - 1, 5, 1), d(YEAR - 1, 4, 1)),
    ]
    complaints = [
        ComplaintFactory(
            jurisdiction=bureau,
            status=status,
            finish_due=due,
            concluded_on=concluded,
            backdate={"received_at": at(received)},
        )
        for bureau, status, received, due, concluded in specs
    ]
    rows = {row[0]: row for row in chart(sector_charts(bureaus, YEAR), "complaints").rows}
    for bureau in (minhang, songjiang):
        mine = [
            c
            for c in complaints
            if c.jurisdiction_id == bureau.pk and c.received_at.astimezone(SHANGHAI_TZ).year == YEAR
        ]
        concluded = [c for c in mine if c.status == "concluded"]
        on_time = [c for c in concluded if c.concluded_on <= c.finish_due]
        assert rows[bureau.name][1:] == (
            len(mine),
            len([c for c in mine if c.status in ("accepted", "concluded")]),
            len(concluded),
            len(on_time),
            pct(len(on_time), len(concluded)),
        )
    assert rows[minhang.name][1] == 5


def test_service_charts(bureaus, minhang, songjiang):
    specs = [(minhang, 5, YEAR), (minhang, 4, YEAR), (minhang, 2, YEAR), (songjiang, 3, YEAR), (songjiang, 1, YEAR)]
    specs += [(songjiang, 5, YEAR), (minhang, 1, YEAR - 1)]
    ratings = [
        ServiceRatingFactory(
            application__jurisdiction=bureau, score=score, backdate={"created_at": at(datetime.date(year, 6, 1))}
        )
        for bureau, score, year in specs
    ]
    charts = sector_charts(bureaus, YEAR)
    this_year = [r for r in ratings if r.created_at.astimezone(SHANGHAI_TZ).year == YEAR]
    distribution = {row[0]: row[1:] for row in chart(charts, "ratings").rows}
    labels = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
    for score, label in labels.items():
        n = len([r for r in this_year if r.score == score])
        assert distribution[label] == (n, pct(n, len(this_year)))

    satisfaction = {row[0]: row[1:] for row in chart(charts, "satisfaction").rows}
    for name, bureau_ids in ((minhang.name, {minhang.pk}), (songjiang.name, {songjiang.pk})):
        mine = [r for r in this_year if r.application.jurisdiction_id in bureau_ids]
        satisfied = [r for r in mine if r.score >= 3]
        assert satisfaction[name] == (len(mine), len(satisfied), pct(len(satisfied), len(mine)))
    satisfied = [r for r in this_year if r.score >= 3]
    assert satisfaction["合计"] == (len(this_year), len(satisfied), pct(len(satisfied), len(this_year)))
    assert satisfaction["合计"][:2] == (6, 4)


def test_statistics_jurisdictions(shanghai, minhang, songjiang):
    district = OfficerFactory(roles=["window"], roles__jurisdiction=minhang)
    head = OfficerFactory(roles=["head"], roles__jurisdiction=minhang)
    city = OfficerFactory(roles=["head"], roles__jurisdiction=shanghai)
    unit = OfficerFactory(roles=["unit"], roles__jurisdiction=minhang, roles__unit_name="上海市闵行区教育局")
    assert set(statistics_jurisdictions(district)) == {minhang}
    assert set(statistics_jurisdictions(head)) == {minhang}
    below = set(Jurisdiction.objects.filter(parent=shanghai))
    assert {minhang, songjiang} <= below
    assert set(statistics_jurisdictions(city)) == {shanghai} | below
    assert not statistics_jurisdictions(unit).exists()
    assert not statistics_jurisdictions(UserFactory()).exists()


def test_providers_are_resolved_in_order(bureaus):
    keys = [c.key for c in sector_charts(bureaus, YEAR)]
    assert keys[0] == "organizations_by_type"
    assert len(keys) == len(set(keys))
    assert len(sector_statistics.providers()) == len(PROVIDERS)
