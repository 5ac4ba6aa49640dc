"""Enumerations of the register: organization types, statuses, categories, grades."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgType(models.TextChoices):
    """Organization type; the value is the category digit of the credit code."""

    SOCIAL_ASSOCIATION = "1", _("社会团体")
    SERVICE_AGENCY = "2", _("民办非企业单位（社会服务机构）")
    FOUNDATION = "3", _("基金会")


class OrgStatus(models.TextChoices):
    """Legal status of an organization in the register."""

    PREPARING = "preparing", _("筹备中")
    NORMAL = "normal", _("正常")
    REVOKED = "revoked", _("撤销")
    DEREGISTERED = "deregistered", _("注销")


class DirectCategory(models.TextChoices):
    """The four categories registered directly, without a competent business unit."""

    INDUSTRY = "industry", _("行业协会商会类")
    SCIENCE = "science", _("科技类")
    CHARITY = "charity", _("公益慈善类")
    COMMUNITY = "community", _("城乡社区服务类")


class Grade(models.TextChoices):
    """Standardization evaluation grade."""

    A5 = "5A", _("5A（AAAAA）")
    A4 = "4A", _("4A（AAAA）")
    A3 = "3A", _("3A（AAA）")
    A2 = "2A", _("2A（AA）")
    A1 = "1A", _("1A（A）")


class FoundationFundraising(models.TextChoices):
    """Whether a foundation raises funds from the public (基金会管理条例 第三条, 第八条)."""

    NON_PUBLIC = "non_public", _("非公募基金会")
    LOCAL_PUBLIC = "local_public", _("地方性公募基金会")
    NATIONAL_PUBLIC = "national_public", _("全国性公募基金会")


class JurisdictionLevel(models.TextChoices):
    """Administrative level of a registration authority."""

    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区县级")


class OfficerRole(models.TextChoices):
    """What a bureau's staff member does in the processes."""

    WINDOW = "window", _("受理窗口")
    REVIEWER = "reviewer", _("审查")
    APPROVER = "approver", _("核准（科长）")
    INSPECTOR = "inspector", _("年检监管")
    EVALUATOR = "evaluator", _("评估管理")
    # 行政机关负责人 (行政处罚法 第五十七条): decides penalties, in collective discussion where the case is serious.
    HEAD = "head", _("机关负责人")
    # The competent business unit's officer who signs the preliminary review (初审) of annual reports in the
    # system (社团条例 第二十八条, 民非条例 第二十三条), where the bureau works that way.
    UNIT = "unit", _("业务主管单位初审")


class HistoryAction(models.TextChoices):
    """What an entry of an organization's history records; the code is stored, the label shown."""

    REGISTERED = "register", _("成立登记")
    PREPARATION_APPROVED = "preparation", _("准予筹备")
    CERTIFICATE_ISSUED = "certificate", _("发证")
    CHANGED = "change", _("变更登记")
    # 名称管理办法 第十六条, 信用信息管理办法: a change registration obtained by fraud is revoked (撤销变更登记).
    CHANGE_REVOKED = "change_revoke", _("撤销变更登记")
    CERTIFICATE_REISSUED = "certificate_reissue", _("换发证书")
    DEREGISTERED = "deregister", _("注销登记")
    REVOKED = "revoke", _("撤销登记")
    GRADE = "grade", _("评估等级")
    PENALTY = "penalty", _("行政处罚")
    ANNUAL_INSPECTION = "annual_inspection", _("年检")
    CREDIT_LIST = "credit_list", _("信用名单")
    RECTIFICATION_ORDERED = "rectification_ordered", _("责令整改")
    RECTIFICATION_REPORTED = "rectification_reported", _("报告整改情况")
    RECTIFICATION_ACCEPTED = "rectification_accepted", _("整改核查通过")
    RECTIFICATION_REJECTED = "rectification_rejected", _("整改核查未通过")
    CASE_REFERRED = "case_referred", _("移送立案")
    IMPORTED = "import", _("导入登记")
    IMPORT_UPDATED = "import_update", _("导入更新")
    CHARTER_APPROVED = "charter", _("章程核准")
    ELECTION_FILED = "election_filed", _("换届备案")
    TERM_EXTENDED = "term_extended", _("准予延期换届")
    OFFICERS_FILED = "officers_filed", _("负责人备案")
    DEPARTURE_AUDIT_FILED = "departure_audit", _("离任审计备案")
    ELECTION_REMINDED = "election_reminded", _("换届提醒")


# Daily supervision is the inspectors' work (年检监管岗); the section head (核准岗) oversees it.
SUPERVISION_ROLES = (OfficerRole.INSPECTOR, OfficerRole.APPROVER)
