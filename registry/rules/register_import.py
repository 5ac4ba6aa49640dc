"""Reading a bureau's existing register from a workbook: the template's sheets and columns, and each cell's value.

Pure functions of cell values.  Spreadsheets kept by hand mix date formats (Excel serial numbers,
2020/3/5, 2020年3月5日), full-width letters and digits, lower-case codes and stray spaces; these
readers accept all of them and say in the user's language what they cannot read.  Whether a row may be
registered is then decided by the same rules as online registration (`codes.py`, `names.py`,
`idcards.py` and the model's own checks), in `registry.services.register_import`.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import DirectCategory, Grade, OrgStatus, OrgType
from registry.rules.annual import InspectionResult
from registry.rules.credit import LIST_OF_REASON, CreditList, CreditReason

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); 2958465 is 9999-12-31.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAX_EXCEL_SERIAL = 2_958_465
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})(?:\.0+)?\s*(?:年度|年)?$")
_SPACES = re.compile(r"\s+")
_HAS_SPACE = re.compile(r"^\s|\s$|\s\s|[^ \S]")


class CellError(ValueError):
    """A cell whose value cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]


def _col(key, header, required, help_text):
    return Column(key, header, required, help_text)


CODE = _col("uscc", "统一社会信用代码", True, gettext_lazy("18位，大小写、全角均可"))
SHEETS = (
    Sheet(
        "organizations",
        "社会组织",
        (
            CODE,
            _col("name", "名称", True, gettext_lazy("按名称规则检查，如：上海市闵行区青年志愿者协会")),
            _col("org_type", "组织类型", True, gettext_lazy("社会团体、民办非企业单位（社会服务机构）或基金会")),
            _col("status", "登记状态", False, gettext_lazy("正常、撤销或注销；空白为正常")),
            _col("domicile", "住所", True, ""),
            _col("legal_rep_name", "法定代表人", True, ""),
            _col("legal_rep_id_number", "法定代表人身份证号码", True, gettext_lazy("18位，校验码须正确")),
            _col("business_scope", "业务范围", True, ""),
            _col("competent_unit", "业务主管单位", False, gettext_lazy("与直接登记类别二者择一")),
            _col(
                "direct_category",
                "直接登记类别",
                False,
                gettext_lazy("行业协会商会类、科技类、公益慈善类、城乡社区服务类"),
            ),
            _col("activity_area", "活动地域", True, ""),
            _col("registered_funds", "注册资金（元）", True, gettext_lazy("可写“3万元”")),
            _col("founded_on", "成立登记日期", True, gettext_lazy("如2020-03-05、2020/3/5、2020年3月5日")),
            _col("certificate_valid_until", "证书有效期至", False, ""),
            _col("status_changed_on", "状态变更日期", False, gettext_lazy("撤销或注销的日期")),
        ),
    ),
    Sheet(
        "annual_results",
        "年检结果",
        (
            CODE,
            _col("year", "年度", True, gettext_lazy("年度工作报告所属年度，如2024")),
            _col("result", "年检结论", True, gettext_lazy("合格、基本合格或不合格")),
            _col("reviewed_on", "结论日期", False, ""),
        ),
    ),
    Sheet(
        "grades",
        "评估等级",
        (
            CODE,
            _col("grade", "评估等级", True, gettext_lazy("5A至1A，也可写AAAAA")),
            _col("decided_on", "评定日期", True, ""),
            _col("expires_on", "有效期至", False, gettext_lazy("空白时为评定次年起第5年的12月31日")),
        ),
    ),
    Sheet(
        "credit_entries",
        "信用记录",
        (
            CODE,
            _col("reason_code", "列入依据", True, gettext_lazy("如：未按时提交年度工作报告、被撤销登记")),
            _col("credit_list", "名单", False, gettext_lazy("活动异常名录或严重违法失信名单；空白时按依据确定")),
            _col("reason", "列入事由", True, ""),
            _col("listed_on", "列入日期", True, ""),
            _col("removed_on", "移出日期", False, ""),
            _col("removal_reason", "移出事由", False, gettext_lazy("有移出日期时必填")),
        ),
    ),
    Sheet(
        "officers",
        "负责人",
        (
            CODE,
            _col("position", "职务", True, gettext_lazy("如：理事长、秘书长、院长")),
            _col("name", "姓名", True, ""),
            _col("id_number", "身份证号码", True, ""),
            _col("full_time", "是否专职", False, gettext_lazy("是或否")),
        ),
    ),
)
SHEET_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
SHEET_BY_TITLE = {sheet.title: sheet for sheet in SHEETS}


def header_key(header) -> str:
    """A header cell as compared with the template: half-width, no spaces, no required-marker asterisk."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    return _SPACES.sub("", text).replace("*", "").replace("(", "（").replace(")", "）")


# Full-width digits and Latin letters, and the ideographic space, mapped to their ASCII forms.
_HALFWIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_HALFWIDTH[0x3000] = 0x20


def halfwidth(text: str) -> str:
    """Turn full-width digits, Latin letters and the ideographic space into their ASCII forms."""
    return text.translate(_HALFWIDTH)


def read_text(value) -> str:
    """A text cell: numbers as written (no trailing .0), full-width letters and digits made half-width, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_HALFWIDTH)
    return _SPACES.sub(" ", text).strip() if _HAS_SPACE.search(text) else text


def read_name(value) -> str:
    """A name: as text, with every space removed (spaces are never part of a registered name)."""
    return _SPACES.sub("", read_text(value))


def read_code(value) -> str:
    """A credit code or ID number: half-width, upper-case, without spaces or hyphens."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", read_text(value))).upper()


def _excel_serial(number: float) -> datetime.date:
    if not 1 <= number <= MAX_EXCEL_SERIAL:
        raise CellError(_("“%(value)s”不是可识别的日期。") % {"value": number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def read_date(value) -> datetime.date | None:
    """A date cell, an Excel serial number, or text: 2020-03-05, 2020/3/5, 2020.3.5, 20200305, 2020年3月5日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value)
    text = read_text(value)
    if not text:
        return None
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    elif re.fullmatch(r"\d{1,7}(\.\d+)?", text):
        return _excel_serial(float(text))
    raise CellError(_("“%(value)s”不是可识别的日期（如2020-03-05或2020年3月5日）。") % {"value": text})


def read_decimal(value) -> Decimal | None:
    """An amount in yuan: a number, or text such as 50,000、5万元、50000元."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = read_text(value).replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    factor = Decimal(1)
    text = text.removesuffix("元")
    if text.endswith("万"):
        factor, text = Decimal(10_000), text[:-1]
    try:
        return (Decimal(text) * factor).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s”不是金额。") % {"value": read_text(value)}) from exc


def read_year(value) -> int | None:
    """A year: 2024, 2024.0, 2024年 or 2024年度."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    else:
        match = _YEAR_RE.match(read_text(value))
        if not match:
            raise CellError(_("“%(value)s”不是年度（如2024）。") % {"value": read_text(value)})
        year = int(match.group(1))
    if not 1949 <= year <= 2100:
        raise CellError(_("“%(value)s”不是年度（如2024）。") % {"value": year})
    return year


def read_bool(value) -> bool:
    text = read_text(value).lower()
    if text in ("", "否", "n", "no", "false", "0", "兼职"):
        return False
    if text in ("是", "y", "yes", "true", "1", "专职"):
        return True
    raise CellError(_("“%(value)s”应填“是”或“否”。") % {"value": read_text(value)})


def _choice(value, table: dict[str, str], choices) -> str:
    """The stored value of a label (or value) in `table`; the error lists the labels of `choices`."""
    text = read_name(value)
    key = text.upper().replace("(", "（").replace(")", "）")
    if key in table:
        return table[key]
    labels = choices.labels if hasattr(choices, "labels") else choices  # an enumeration, or a tuple of labels
    expected = "、".join(str(label) for label in labels)
    raise CellError(_("“%(value)s”不是可选的值，应为：%(expected)s。") % {"value": text, "expected": expected})


def _labels(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    table = {str(label).upper(): value for value, label in choices.choices}
    table.update({str(value).upper(): value for value in choices.values})
    table.update(extra or {})
    return table


ORG_TYPES = _labels(OrgType, {"民办非企业单位": "2", "社会服务机构": "2", "民非": "2", "社团": "1"})
STATUSES = _labels(OrgStatus, {"存续": "normal", "吊销": "revoked", "撤销登记": "revoked", "注销登记": "deregistered"})
DIRECT_CATEGORIES = _labels(DirectCategory, {"行业协会商会": "industry", "公益慈善": "charity"})
RESULTS = _labels(InspectionResult)
CREDIT_LISTS = _labels(CreditList, {"异常名录": "abnormal", "失信名单": "dishonest"})
# Older systems' wording of the grounds (before the 2018 measures were applied) reads as today's ground.
CREDIT_REASONS = _labels(
    CreditReason,
    {
        "未按时提交年度工作报告": "annual_report_missing",
        "未按时报送年度工作报告": "annual_report_missing",
        "列入活动异常名录满2年仍未改正": "abnormal_two_years",
        "被撤销登记": "revoked",
        "受到限期停止活动等行政处罚": "stop_activities",
    },
)


def read_org_type(value) -> str:
    return _choice(value, ORG_TYPES, OrgType)


def read_status(value) -> str:
    if not read_text(value):
        return OrgStatus.NORMAL
    status = _choice(value, STATUSES, (OrgStatus.NORMAL.label, OrgStatus.REVOKED.label, OrgStatus.DEREGISTERED.label))
    if status == OrgStatus.PREPARING:
        raise CellError(_("筹备中的组织尚无统一社会信用代码，不能导入。"))
    return status


def read_direct_category(value) -> str:
    if not read_text(value):
        return ""
    return _choice(value, DIRECT_CATEGORIES, DirectCategory)


def read_result(value) -> str:
    return _choice(value, RESULTS, InspectionResult)


def read_grade(value) -> str:
    """A grade written 5A, ５Ａ, 5A级, AAAAA or 5a."""
    text = read_code(value).removesuffix("级")
    if text and set(text) == {"A"} and len(text) <= 5:
        text = f"{len(text)}A"
    if text in Grade.values:
        return text
    raise CellError(_("“%(value)s”不是评估等级，应为5A至1A。") % {"value": read_text(value)})


def read_credit_reason(value) -> str:
    return _choice(value, CREDIT_REASONS, CreditReason)


def read_credit_list(value, *, reason_code: str) -> str:
    """The list follows from the rule; a list written in the file must agree with it."""
    implied = LIST_OF_REASON[CreditReason(reason_code)]
    if not read_text(value):
        return implied
    written = _choice(value, CREDIT_LISTS, CreditList)
    if written != implied:
        raise CellError(
            _("依据“%(reason)s”应列入%(list)s。")
            % {"reason": CreditReason(reason_code).label, "list": CreditList(implied).label}
        )
    return written


def grade_expiry(decided_on: datetime.date, *, years: int) -> datetime.date:
    """A grade runs from 1 January after the announcement to 31 December of the fifth year (评估办法 2026)."""
    return datetime.date(decided_on.year + years, 12, 31)


def current_grade(grades: list[tuple[datetime.date, str, datetime.date]], *, today: datetime.date):
    """The grade in force today from (decided_on, grade, expires_on) rows: the newest one not yet expired."""
    for decided_on, grade, expires_on in sorted(grades, reverse=True):
        if decided_on <= today:
            return (grade, expires_on) if expires_on >= today else ("", None)
    return "", None


def latest_result(results: dict[int, str]) -> tuple[int | None, str]:
    """The newest annual-report year and its inspection result."""
    if not results:
        return None, ""
    year = max(results)
    return year, results[year]
