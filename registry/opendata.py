"""The public register as open data: its columns (the data dictionary) and how each value is written.

Only fields the public record already shows: never ID numbers, phone numbers, officers, documents or
officers' notes.  The same column list drives the CSV, XLSX and JSON Lines files and the dictionary page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from registry.models import Organization
from registry.rules.annual import InspectionResult


@dataclass(frozen=True)
class OpenDataColumn:
    key: str
    label: str
    kind: str
    description: str
    value: Callable[[Organization], object]


def _date(name):
    return lambda org: getattr(org, name).isoformat() if getattr(org, name) else None


def _text(name):
    return lambda org: getattr(org, name) or None


COLUMNS = (
    OpenDataColumn("uscc", _("统一社会信用代码"), _("文本"), _("18位，GB 32100-2015；每个组织唯一"), _text("uscc")),
    OpenDataColumn("name", _("名称"), _("文本"), _("登记的名称"), _text("name")),
    OpenDataColumn(
        "org_type",
        _("组织类型"),
        _("文本"),
        _("社会团体、民办非企业单位（社会服务机构）或基金会"),
        lambda org: str(org.get_org_type_display()),
    ),
    OpenDataColumn(
        "status", _("登记状态"), _("文本"), _("正常、撤销或注销"), lambda org: str(org.get_status_display())
    ),
    OpenDataColumn(
        "status_changed_on", _("状态变更日期"), _("日期"), _("撤销或注销登记的日期"), _date("status_changed_on")
    ),
    OpenDataColumn(
        "registration_authority",
        _("登记管理机关"),
        _("文本"),
        _("作出登记的民政部门"),
        lambda org: org.jurisdiction.authority_name,
    ),
    OpenDataColumn(
        "authority_division_code",
        _("登记管理机关行政区划代码"),
        _("文本"),
        _("6位行政区划代码"),
        lambda org: org.jurisdiction.code,
    ),
    OpenDataColumn("domicile", _("住所"), _("文本"), _("登记的住所"), _text("domicile")),
    OpenDataColumn(
        "legal_representative", _("法定代表人"), _("文本"), _("姓名（不含身份证号码）"), _text("legal_rep_name")
    ),
    OpenDataColumn("business_scope", _("业务范围"), _("文本"), "", _text("business_scope")),
    OpenDataColumn("competent_unit", _("业务主管单位"), _("文本"), _("直接登记的组织为空"), _text("competent_unit")),
    OpenDataColumn(
        "direct_registration_category",
        _("直接登记类别"),
        _("文本"),
        _("行业协会商会类、科技类、公益慈善类、城乡社区服务类；有业务主管单位的为空"),
        lambda org: str(org.get_direct_category_display()) if org.direct_category else None,
    ),
    OpenDataColumn("activity_area", _("活动地域"), _("文本"), "", _text("activity_area")),
    OpenDataColumn(
        "registered_funds_yuan",
        _("注册资金（元）"),
        _("数字"),
        _("两位小数"),
        lambda org: f"{org.registered_funds:.2f}",
    ),
    OpenDataColumn("founded_on", _("成立登记日期"), _("日期"), _("YYYY-MM-DD"), _date("founded_on")),
    OpenDataColumn("certificate_valid_until", _("证书有效期至"), _("日期"), "", _date("certificate_valid_until")),
    OpenDataColumn("grade", _("评估等级"), _("文本"), _("5A至1A；无等级为空"), _text("grade")),
    OpenDataColumn("grade_expires_on", _("评估等级有效期至"), _("日期"), "", _date("grade_expires_on")),
    OpenDataColumn(
        "on_activity_abnormal_list",
        _("列入活动异常名录"),
        _("是/否"),
        _("JSON 中为 true/false"),
        lambda org: org.on_abnormal_list,
    ),
    OpenDataColumn(
        "on_serious_dishonest_list",
        _("列入严重违法失信名单"),
        _("是/否"),
        _("JSON 中为 true/false"),
        lambda org: org.on_dishonest_list,
    ),
    OpenDataColumn(
        "last_annual_report_year",
        _("最近报送年度报告的年度"),
        _("整数"),
        "",
        lambda org: org.last_annual_report_year,
    ),
    OpenDataColumn(
        "last_inspection_result",
        _("最近年检结论"),
        _("文本"),
        _("合格、基本合格或不合格"),
        lambda org: str(InspectionResult(org.last_inspection_result).label) if org.last_inspection_result else None,
    ),
)
# Never written to open data, whatever the column list above says.
PRIVATE_FIELDS = frozenset({"legal_rep_id_number", "id_number", "phone", "mobile", "notes"})
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


def record(organization: Organization) -> dict:
    """One organization's open-data record, keyed by column."""
    return {column.key: column.value(organization) for column in COLUMNS}


def flat_value(value) -> str:
    """A value as written in CSV: booleans as 是/否, nothing as an empty cell."""
    if value is None:
        return ""
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _project_grade(project, stage: str):
    evaluation = next((e for e in getattr(project, "recorded_evaluations", []) if e.stage == stage), None)
    return str(evaluation.get_grade_display()) if evaluation else None


# Open data of the projects bought from organizations (政府购买服务、公益创投): one row per awarded project.
PROJECT_COLUMNS = (
    OpenDataColumn("title", _("项目名称"), _("文本"), "", lambda p: p.title),
    OpenDataColumn("organization_uscc", _("承接组织统一社会信用代码"), _("文本"), "", lambda p: p.organization.uscc),
    OpenDataColumn("organization", _("承接组织"), _("文本"), "", lambda p: p.organization.name),
    OpenDataColumn("purchaser", _("购买主体"), _("文本"), "", lambda p: p.unit.name),
    OpenDataColumn("district", _("所在区县"), _("文本"), "", lambda p: p.unit.jurisdiction.name),
    OpenDataColumn("category", _("服务类别"), _("文本"), "", lambda p: str(p.get_category_display())),
    OpenDataColumn("amount_yuan", _("立项金额（元）"), _("数字"), _("两位小数"), lambda p: f"{p.amount:.2f}"),
    OpenDataColumn("awarded_on", _("立项日期"), _("日期"), _("YYYY-MM-DD"), lambda p: p.awarded_on.isoformat()),
    OpenDataColumn("service_start", _("服务期开始"), _("日期"), "", lambda p: p.service_start.isoformat()),
    OpenDataColumn("service_end", _("服务期结束"), _("日期"), "", lambda p: p.service_end.isoformat()),
    OpenDataColumn(
        "status", _("状态"), _("文本"), _("已立项待签约、实施中、已结项或已终止"), lambda p: str(p.get_status_display())
    ),
    OpenDataColumn(
        "midterm_result",
        _("中期评估结果"),
        _("文本"),
        _("优秀、良好、合格或不合格"),
        lambda p: _project_grade(p, "midterm"),
    ),
    OpenDataColumn(
        "final_result",
        _("结项评估结果"),
        _("文本"),
        _("优秀、良好、合格或不合格"),
        lambda p: _project_grade(p, "final"),
    ),
    OpenDataColumn(
        "evaluated_on",
        _("结项评估日期"),
        _("日期"),
        "",
        lambda p: p.evaluated_on.isoformat() if p.evaluated_on else None,
    ),
)
