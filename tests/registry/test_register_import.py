"""Importing a bureau's existing register from a messy, hand-kept workbook."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from registry.choices import HistoryAction
from registry.models import (
    AnnualReport,
    CreditEntry,
    DormancyCase,
    GradeChange,
    IndexTask,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
)
from registry.rules.codes import build_uscc
from registry.services.dormancy import sweep_dormant
from registry.services.register_import import register_import
from tests.factories import AnnualReportFactory, UserFactory

ID_NUMBER = "11010519491231002X"
VOLUNTEERS = build_uscc(category="1", division_code="310112", org_body="MJ000101")
ELDERLY = build_uscc(category="2", division_code="310112", org_body="MJ000102")
CALLIGRAPHY = build_uscc(category="1", division_code="310112", org_body="MJ000103")
GOOD_CHECK = build_uscc(category="1", division_code="310112", org_body="MJ000104")
BAD_CHECK = GOOD_CHECK[:17] + ("1" if GOOD_CHECK[17] == "0" else "0")
BAD_ID = build_uscc(category="1", division_code="310112", org_body="MJ000105")
BAD_DATE = build_uscc(category="1", division_code="310112", org_body="MJ000106")
OLD_NAME = build_uscc(category="1", division_code="310112", org_body="MJ000107")
TODAY = datetime.date(2026, 7, 1)

ORG_HEADERS = [
    "统一社会信用代码*",
    "名称*",
    "组织类型*",
    "登记状态",
    "住所*",
    "法定代表人*",
    "法定代表人身份证号码*",
    "业务范围*",
    "业务主管单位",
    "直接登记类别",
    "活动地域*",
    "注册资金(元)*",  # half-width brackets, as people type them
    "成立登记日期*",
]


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def org_row(code, name, org_type="社会团体", founded=datetime.datetime(2019, 4, 1), **extra):
    row = {
        "code": code,
        "name": name,
        "type": org_type,
        "status": "",
        "domicile": "上海市闵行区莘庄镇莘松路100号",
        "rep": "张伟",
        "rep_id": ID_NUMBER,
        "scope": "组织志愿服务活动",
        "unit": "",
        "direct": "公益慈善类",
        "area": "上海市闵行区",
        "funds": "5万元",
        "founded": founded,
    }
    row.update(extra)
    return list(row.values())


def messy_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会组织"
    sheet.append(ORG_HEADERS)
    rows = [
        # 2: full-width code, an ideographic space in the name, a real date cell
        org_row(full_width(VOLUNTEERS), "上海市闵行区　青年志愿者协会"),
        # 3: lower-case code, an Excel serial date (2020-03-05), a competent unit instead of a category
        org_row(
            ELDERLY.lower(),
            "上海市闵行区阳光养老服务中心",
            org_type="民办非企业单位",
            founded=43895,
            unit="上海市闵行区民政局",
            direct="",
            funds=100000,
        ),
        # 4: a date written the Chinese way
        org_row(CALLIGRAPHY, "上海市闵行区书法协会", founded="2020年3月5日", funds="30,000"),
        # 5: row 3 again, exactly
        None,
        # 6: wrong final check character
        org_row(BAD_CHECK, "上海市闵行区围棋协会"),
        # 7: row 2's code with another name
        org_row(VOLUNTEERS, "上海市闵行区摄影协会"),
        # 8: an ID number with a wrong check digit
        org_row(BAD_ID, "上海市闵行区科普协会", rep_id="110105194912310021"),
        # 9: an impossible date
        org_row(BAD_DATE, "上海市闵行区慈善协会", founded="2020-13-45"),
        # 10: a name registered long ago that today's rules would not give (it lacks the bureau's area)
        org_row(OLD_NAME, "阳光读书协会"),
    ]
    rows[3] = rows[1]
    for row in rows:
        sheet.append(row)
    results = workbook.create_sheet("年检结果")
    results.append(["统一社会信用代码", "年度", "年检结论"])
    results.append([VOLUNTEERS, 2023, "合格"])  # 2
    results.append([VOLUNTEERS.lower(), "2024年", "基本合格"])  # 3
    results.append([ELDERLY, 2024, "合格"])  # 4
    results.append([BAD_CHECK, 2024, "合格"])  # 5: its organization row failed
    results.append([CALLIGRAPHY, 2018, "合格"])  # 6: before it was founded
    grades = workbook.create_sheet("评估等级")
    grades.append(["统一社会信用代码", "评估等级", "评定日期"])
    grades.append([VOLUNTEERS, "４Ａ", "2023/12/20"])
    credit = workbook.create_sheet("信用记录")
    credit.append(["统一社会信用代码", "列入依据", "名单", "列入事由", "列入日期"])
    credit.append([CALLIGRAPHY, "未按时提交年度工作报告", "", "未按时提交2024年度工作报告", "2025年6月1日"])
    officers = workbook.create_sheet("负责人")
    officers.append(["统一社会信用代码", "职务", "姓名", "身份证号码", "是否专职"])
    officers.append([VOLUNTEERS, "理事长", "张伟", ID_NUMBER.lower(), "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPECTED_PROBLEMS = {
    ("社会组织", 6, "统一社会信用代码", f"第18位校验码错误，应为{GOOD_CHECK[17]}。"),
    ("社会组织", 7, "统一社会信用代码", "与第2行的统一社会信用代码相同而内容不同。"),
    ("社会组织", 8, "法定代表人身份证号码", "身份证号码校验码错误。"),
    ("社会组织", 9, "成立登记日期", "“2020-13-45”不是可识别的日期（如2020-03-05或2020年3月5日）。"),
    ("年检结果", 5, "统一社会信用代码", "该组织在“社会组织”表中有错误，本行不能导入。"),
    ("年检结果", 6, "年度", "该组织2018年底尚未成立登记，不应有该年度的年检结果。"),
}


def run(data=None, **kwargs):
    kwargs.setdefault("today", TODAY)
    return register_import(data=data or messy_workbook(), filename="原登记簿.xlsx", **kwargs)


@pytest.mark.django_db
def test_every_bad_row_is_reported_in_chinese_and_nothing_is_written():
    result = run()
    assert {(p.sheet, p.row, p.column, p.message) for p in result.problems} == EXPECTED_PROBLEMS
    assert [(n.sheet, n.row, n.message) for n in result.notices] == [("社会组织", 5, "与第3行完全相同，已忽略。")]
    assert [(w.sheet, w.row, w.column, w.value, w.message) for w in result.warnings] == [
        (
            "社会组织",
            10,
            "名称",
            "阳光读书协会",
            "原登记名称不符合现行名称规则（按原登记名称导入，变更名称时适用现行规则）："
            "名称应以登记管理机关所在行政区划名称开头（如“上海市闵行区”）。",
        )
    ]
    assert not result.written
    assert Organization.objects.count() == 0
    assert OrganizationHistory.objects.count() == AnnualReport.objects.count() == IndexTask.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_reports_the_plan_and_writes_nothing():
    result = run(dry_run=True, skip_bad=True)
    assert (result.counts["created"], result.counts["updated"], result.counts["unchanged"]) == (4, 0, 0)
    assert not result.written
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_skip_bad_imports_the_good_rows_normalized_with_their_records():
    result = run(skip_bad=True)
    assert result.written
    assert set(Organization.objects.values_list("uscc", flat=True)) == {VOLUNTEERS, ELDERLY, CALLIGRAPHY, OLD_NAME}
    assert Organization.objects.get(uscc=OLD_NAME).name == "阳光读书协会"  # lawful as registered
    volunteers = Organization.objects.get(uscc=VOLUNTEERS)
    assert volunteers.name == "上海市闵行区青年志愿者协会"
    assert volunteers.registered_funds == 50000
    assert (volunteers.last_annual_report_year, volunteers.last_inspection_result) == (2024, "basic")
    assert (volunteers.grade, volunteers.grade_expires_on) == ("4A", datetime.date(2028, 12, 31))
    elderly = Organization.objects.get(uscc=ELDERLY)
    assert elderly.founded_on == datetime.date(2020, 3, 5)
    assert elderly.competent_unit == "上海市闵行区民政局"
    calligraphy = Organization.objects.get(uscc=CALLIGRAPHY)
    assert calligraphy.founded_on == datetime.date(2020, 3, 5)
    assert calligraphy.on_abnormal_list and not calligraphy.on_dishonest_list
    assert calligraphy.last_annual_report_year is None

    history = OrganizationHistory.objects.filter(imported=True, action=HistoryAction.IMPORTED)
    assert history.count() == 4
    assert history.get(organization=volunteers).changes["name"] == [None, "上海市闵行区青年志愿者协会"]
    assert set(AnnualReport.objects.filter(imported=True).values_list("organization__uscc", "year", "result")) == {
        (VOLUNTEERS, 2023, "passed"),
        (VOLUNTEERS, 2024, "basic"),
        (ELDERLY, 2024, "passed"),
    }
    assert GradeChange.objects.get(imported=True).to_grade == "4A"
    entry = CreditEntry.objects.get(imported=True)
    assert (entry.organization, entry.credit_list, entry.listed_on) == (
        calligraphy,
        "abnormal",
        datetime.date(2025, 6, 1),
    )
    officer = OrganizationOfficer.objects.get(organization=volunteers)
    assert (officer.id_number, officer.full_time) == (ID_NUMBER, True)
    # The search index is brought up to date through the durable queue.
    assert set(IndexTask.objects.values_list("organization_id", flat=True)) == {
        volunteers.pk,
        elderly.pk,
        calligraphy.pk,
        Organization.objects.get(uscc=OLD_NAME).pk,
    }


@pytest.mark.django_db
def test_importing_twice_changes_nothing():
    run(skip_bad=True)
    counts = [
        model.objects.count()
        for model in (Organization, OrganizationHistory, AnnualReport, GradeChange, CreditEntry, OrganizationOfficer)
    ]
    stamps = dict(Organization.objects.values_list("pk", "updated_at"))
    IndexTask.objects.all().delete()
    again = run(skip_bad=True)
    assert (again.counts["created"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 4)
    assert counts == [
        model.objects.count()
        for model in (Organization, OrganizationHistory, AnnualReport, GradeChange, CreditEntry, OrganizationOfficer)
    ]
    assert dict(Organization.objects.values_list("pk", "updated_at")) == stamps
    assert IndexTask.objects.count() == 0


@pytest.mark.django_db
def test_a_changed_row_updates_the_organization_with_history(make_org, minhang):
    existing = make_org(name="上海市闵行区书法协会", uscc=CALLIGRAPHY, founded_on=datetime.date(2020, 3, 5))
    run(skip_bad=True)
    existing.refresh_from_db()
    assert existing.registered_funds == 30000  # the factory's 50,000 replaced by the file's 30,000
    entry = OrganizationHistory.objects.get(organization=existing, action=HistoryAction.IMPORT_UPDATED)
    assert entry.imported and entry.changes["registered_funds"] == ["50000.00", "30000.00"]


@pytest.mark.django_db
def test_dormancy_sweep_sees_the_imported_annual_results():
    run(skip_bad=True)
    sweep_dormant(today=TODAY)
    # Reports for 2024 and 2025 were due: only the associations with no imported result are candidates.
    assert set(DormancyCase.objects.values_list("organization__uscc", flat=True)) == {CALLIGRAPHY, OLD_NAME}


@pytest.mark.django_db
def test_a_name_already_in_the_register_is_refused(make_org):
    make_org(name="上海市闵行区书法协会")
    result = run(dry_run=True)
    assert ("社会组织", 4, "名称", "本登记管理机关已有同类型组织使用名称“上海市闵行区书法协会”。") in {
        (p.sheet, p.row, p.column, p.message) for p in result.problems
    }


@pytest.mark.django_db
def test_only_system_administrators_may_import():
    officer = UserFactory(username="mh_officer", is_staff=True)
    with pytest.raises(PermissionDenied):
        run(by=officer, dry_run=True)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert run(by=admin, dry_run=True).counts["created"] == 4


@pytest.mark.django_db
def test_missing_required_columns_stop_the_whole_file():
    workbook = Workbook()
    workbook.active.title = "社会组织"
    workbook.active.append(["统一社会信用代码", "名称"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), skip_bad=True)
    assert not result.written
    assert result.problems[0].message.startswith("缺少必填列：组织类型、住所、法定代表人")


@pytest.mark.django_db
def test_command_dry_run_writes_the_chinese_error_report(tmp_path):
    source = tmp_path / "register.xlsx"
    source.write_bytes(messy_workbook())
    report = tmp_path / "problems.xlsx"
    out = io.StringIO()
    call_command("import_register", str(source), "--dry-run", "--report", str(report), stdout=out)
    assert "试运行：未写入任何数据。" in out.getvalue()
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0] == ("工作表", "行号", "列", "原值", "问题")
    assert ("社会组织", 8, "法定代表人身份证号码", "110105194912310021", "身份证号码校验码错误。") in rows
    assert Organization.objects.count() == 0
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_register", str(source), "--no-index", stdout=io.StringIO())
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_a_csv_of_organizations_is_imported(tmp_path):
    import csv

    source = tmp_path / "register.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ORG_HEADERS)
        writer.writerow(org_row(VOLUNTEERS.lower(), "上海市闵行区青年志愿者协会", founded="2019/4/1"))
    call_command("import_register", str(source), "--no-index", stdout=io.StringIO())
    assert Organization.objects.get(uscc=VOLUNTEERS).founded_on == datetime.date(2019, 4, 1)


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_imported_organizations_reach_the_search_index(es_index, tmp_path):
    from registry.search.backends import ElasticsearchBackend, SearchQuery

    source = tmp_path / "register.xlsx"
    source.write_bytes(messy_workbook())
    call_command("import_register", str(source), "--skip-bad", stdout=io.StringIO())
    assert IndexTask.objects.count() == 0
    ElasticsearchBackend().refresh()
    found = ElasticsearchBackend().search(SearchQuery(text="阳光养老"))
    assert found.ids == [Organization.objects.get(uscc=ELDERLY).pk]


def results_only(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年检结果"
    sheet.append(["统一社会信用代码", "年度", "年检结论"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_results_for_an_organization_already_registered(make_org):
    from registry.models import ReportStatus

    organization = make_org(name="上海市闵行区书法协会", uscc=CALLIGRAPHY, founded_on=datetime.date(2020, 3, 5))
    AnnualReportFactory(organization=organization, year=2023, status=ReportStatus.CONCLUDED, result="passed")
    refused = run(results_only((CALLIGRAPHY, 2023, "不合格")))
    assert [(p.row, p.message) for p in refused.problems] == [(2, "该组织2023年度已有在线年检结论，不能用导入覆盖。")]
    run(results_only((CALLIGRAPHY, 2023, "合格"), (CALLIGRAPHY, 2024, "合格")))
    organization.refresh_from_db()
    assert (organization.last_annual_report_year, organization.last_inspection_result) == (2024, "passed")
    # A corrected file changes the imported result, never the online one.
    run(results_only((CALLIGRAPHY, 2024, "基本合格")))
    assert AnnualReport.objects.get(organization=organization, year=2024).result == "basic"
    assert AnnualReport.objects.get(organization=organization, year=2023).result == "passed"
    entry = OrganizationHistory.objects.filter(organization=organization, action=HistoryAction.IMPORT_UPDATED).last()
    assert entry.changes["last_inspection_result"] == ["passed", "basic"]


@pytest.mark.django_db
def test_a_column_missing_from_the_file_keeps_the_registered_value(make_org):
    organization = make_org(
        name="上海市闵行区书法协会",
        uscc=CALLIGRAPHY,
        status="revoked",
        status_changed_on=datetime.date(2024, 1, 2),
        founded_on=datetime.date(2020, 3, 5),
        registered_funds=30000,
        business_scope="组织志愿服务活动",
    )
    workbook = Workbook()
    workbook.active.title = "社会组织"
    workbook.active.append(ORG_HEADERS)  # no 登记状态 values, no 证书有效期至 or 状态变更日期 columns
    row = org_row(CALLIGRAPHY, "上海市闵行区书法协会", founded="2020-03-05", funds=30000, status="撤销")
    workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue())
    assert result.written and result.counts["unchanged"] == 1
    organization.refresh_from_db()
    assert (organization.status, organization.status_changed_on) == ("revoked", datetime.date(2024, 1, 2))


def real_names_workbook() -> bytes:
    """Names on the Shanghai register today that the current name rules would not give to a new organization."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "社会组织"
    sheet.append(ORG_HEADERS)
    city = {"unit": "上海市民政局", "direct": "", "area": "上海市", "funds": "2000万元"}
    sheet.append(org_row(SOONG, "上海宋庆龄基金会", org_type="基金会", **city))
    sheet.append(org_row(LIANQUAN, "上海联劝公益基金会", org_type="基金会", **city))
    sheet.append(org_row(TROUPE, "上海市闵行区老年艺术团"))
    sheet.append(org_row(WELFARE_HOME, "上海市闵行区第一社会福利院", org_type="民办非企业单位"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SOONG = build_uscc(category="3", division_code="310000", org_body="MJ000201")
LIANQUAN = build_uscc(category="3", division_code="310000", org_body="MJ000202")
TROUPE = build_uscc(category="1", division_code="310112", org_body="MJ000203")
WELFARE_HOME = build_uscc(category="2", division_code="310112", org_body="MJ000204")


@pytest.mark.django_db
def test_registered_names_are_imported_with_a_warning_never_refused():
    """立法法 第一百零四条: names on the register are lawful as registered; the report warns, the import goes on."""
    result = run(data=real_names_workbook())
    assert result.problems == [] and result.written
    assert {w.value for w in result.warnings} == {
        "上海宋庆龄基金会",
        "上海联劝公益基金会",
        "上海市闵行区老年艺术团",
        "上海市闵行区第一社会福利院",
    }
    assert all(w.column == "名称" for w in result.warnings)
    assert set(Organization.objects.values_list("name", flat=True)) == {w.value for w in result.warnings}
