"""The statutory limits the local settings may not cross: a bureau may be stricter for itself, never laxer.

Checked when the system starts (registry.checks): a setting below a statutory floor would register
organizations the regulations do not allow, or shorten a period the law gives an organization.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    setting: str
    bound: int
    basis: str
    ceiling: bool = False  # True: the setting may not exceed `bound`; False: it may not go below it


LIMITS = (
    # 社会团体登记管理条例 第十条第一款第(一)项: 50 individual or 30 unit members (50 in all when mixed).
    Limit("ASSOCIATION_MIN_INDIVIDUAL_MEMBERS", 50, "《社会团体登记管理条例》第十条第一款第（一）项"),
    Limit("ASSOCIATION_MIN_UNIT_MEMBERS", 30, "《社会团体登记管理条例》第十条第一款第（一）项"),
    Limit("ASSOCIATION_MIN_MIXED_MEMBERS", 50, "《社会团体登记管理条例》第十条第一款第（一）项"),
    # 社会团体登记管理条例 第十条第一款第(五)项: local associations need 30,000 yuan of activity funds.
    Limit("ASSOCIATION_MIN_FUNDS_YUAN", 30_000, "《社会团体登记管理条例》第十条第一款第（五）项"),
    # 基金会管理条例 第八条第(二)项: a non-public-fundraising foundation's original fund is at least 2,000,000.
    Limit("FOUNDATION_MIN_FUND_YUAN", 2_000_000, "《基金会管理条例》第八条第（二）项"),
    Limit("SERVICE_AGENCY_MIN_FUNDS_YUAN", 0, "《民办非企业单位登记管理暂行条例》第八条"),
    # 社会团体登记管理条例 第十八条, 民办非企业单位登记管理暂行条例 第十五条: 30 days to apply for a change.
    Limit("CHANGE_WITHIN_DAYS", 30, "《社会团体登记管理条例》第十八条"),
    # 行政许可法 第三十二条 (5 days to accept or list what is missing), 第四十四条 (10 days to issue).
    Limit("ACCEPTANCE_WORKING_DAYS", 5, "《中华人民共和国行政许可法》第三十二条", ceiling=True),
    Limit("CERTIFICATE_ISSUE_WORKING_DAYS", 10, "《中华人民共和国行政许可法》第四十四条", ceiling=True),
    Limit("CERTIFICATE_SERVICE_WORKING_DAYS", 10, "《中华人民共和国行政许可法》第四十四条", ceiling=True),
    # 社会组织评估管理办法: registered 2 full years to apply; a grade is valid for 5 years.
    Limit("EVALUATION_MIN_YEARS", 2, "《社会组织评估管理办法》"),
    Limit("GRADE_VALIDITY_YEARS", 5, "《社会组织评估管理办法》", ceiling=True),
    # 网络安全法 第二十一条第（三）项: network logs kept at least six months (等保 2.0, GB/T 22239-2019 安全审计).
    Limit("SECURITY_LOG_RETENTION_DAYS", 180, "《中华人民共和国网络安全法》第二十一条第（三）项"),
)


def setting_limit_errors(registry: Mapping) -> list[str]:
    """Every local setting (settings.REGISTRY) that crosses its statutory limit, in the operator's language."""
    errors = []
    for limit in LIMITS:
        value = registry.get(limit.setting)
        if value is None:
            continue
        if limit.ceiling and value > limit.bound:
            errors.append(
                _("设置 %(setting)s=%(value)s 超过法定上限 %(bound)s（%(basis)s）。")
                % {"setting": limit.setting, "value": value, "bound": limit.bound, "basis": limit.basis}
            )
        elif not limit.ceiling and value < limit.bound:
            errors.append(
                _("设置 %(setting)s=%(value)s 低于法定下限 %(bound)s（%(basis)s）。")
                % {"setting": limit.setting, "value": value, "bound": limit.bound, "basis": limit.basis}
            )
    # 社会团体登记管理条例 第二十八条, 民办非企业单位登记管理暂行条例 第二十三条: reports reach the bureau by 31 May;
    # a local deadline may be later, never earlier.
    deadline = (registry.get("REPORT_DEADLINE_MONTH", 5), registry.get("REPORT_DEADLINE_DAY", 31))
    if deadline < (5, 31):
        errors.append(
            _("年度工作报告报送截止日期（%(month)s月%(day)s日）早于法定的5月31日（%(basis)s）。")
            % {"month": deadline[0], "day": deadline[1], "basis": "《社会团体登记管理条例》第二十八条"}
        )
    return errors
