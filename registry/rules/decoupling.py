"""Decoupling of industry associations and chambers of commerce from administrative bodies (行业协会商会与行政机关
脱钩), as pure functions of plain values.

The source is 《行业协会商会与行政机关脱钩总体方案》 (中共中央办公厅、国务院办公厅, 中办发〔2015〕39号), cited here
as 《总体方案》. Its part 二 (脱钩主体和范围) names the subjects: industry associations and chambers of commerce
run, supervised, linked to or attached to administrative bodies. Its part 三 (脱钩任务和措施) lists five
separations (五分离、五规范), each one item of an association's decoupling record here:

(一) 机构分离, 规范综合监管关系;  (二) 职能分离, 规范行政委托和职责分工关系;  (三) 资产财务分离, 规范财产关系;
(四) 人员管理分离, 规范用人关系;  (五) 党建、外事等事项分离, 规范管理关系.

An association is decoupled (已脱钩) only when all five are verified by the registration authority.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

ASSOCIATION = "1"  # OrgType.SOCIAL_ASSOCIATION: industry associations and chambers of commerce are 社会团体
INDUSTRY = "industry"  # DirectCategory.INDUSTRY (行业协会商会类)


class Separation(models.TextChoices):
    """The five separations of 《总体方案》 三, in its order."""

    INSTITUTION = "institution", _("机构分离")
    FUNCTIONS = "functions", _("职能分离")
    ASSETS = "assets", _("资产财务分离")
    PERSONNEL = "personnel", _("人员管理分离")
    PARTY_AFFAIRS = "party_affairs", _("党建外事等事项分离")


# The article of 《总体方案》 each item implements, shown beside it.
SEPARATION_ARTICLES = {
    Separation.INSTITUTION: _(
        "《总体方案》三（一）机构分离，规范综合监管关系：取消行政机关与行业协会商会的主办、主管、联系和挂靠关系"
    ),
    Separation.FUNCTIONS: _("《总体方案》三（二）职能分离，规范行政委托和职责分工关系：剥离行业协会商会现有的行政职能"),
    Separation.ASSETS: _("《总体方案》三（三）资产财务分离，规范财产关系：独立财务管理、独立账户，清查核实国有资产"),
    Separation.PERSONNEL: _(
        "《总体方案》三（四）人员管理分离，规范用人关系：领导干部不得在行业协会商会兼任职务，人事自主"
    ),
    Separation.PARTY_AFFAIRS: _(
        "《总体方案》三（五）党建、外事等事项分离，规范管理关系：党建、外事、人力资源服务等事项按规定移交"
    ),
}


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    SUBMITTED = "submitted", _("材料已提交")
    VERIFIED = "verified", _("已核实")
    RETURNED = "returned", _("退回")


class Stage(models.TextChoices):
    """Where an association stands as a whole, for the bureau's progress list and its filter."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("脱钩中")
    DECOUPLED = "decoupled", _("已脱钩")


SEPARATION_COUNT = len(Separation.values)


def is_decoupling_subject(*, org_type: str, direct_category: str) -> bool:
    """Whether the organization is an industry association or chamber of commerce (《总体方案》 二): a 社会团体 of the
    行业协会商会类 category. Other organizations have no decoupling record."""
    return org_type == ASSOCIATION and direct_category == INDUSTRY


def verified_count(statuses: Mapping[str, str]) -> int:
    """How many of the five separations are verified (`statuses`: separation code → item status)."""
    return sum(1 for separation in Separation.values if statuses.get(separation) == ItemStatus.VERIFIED)


def is_decoupled(statuses: Mapping[str, str]) -> bool:
    """已脱钩 only when every one of the five separations of 《总体方案》 三 is verified; four of five is not."""
    return verified_count(statuses) == SEPARATION_COUNT


def stage_of(statuses: Mapping[str, str]) -> str:
    """The association's stage: decoupled when all five are verified, not started while no item has moved."""
    if is_decoupled(statuses):
        return Stage.DECOUPLED
    if all(statuses.get(separation, ItemStatus.NOT_STARTED) == ItemStatus.NOT_STARTED for separation in Separation):
        return Stage.NOT_STARTED
    return Stage.IN_PROGRESS


def decoupled_on(verified_dates: Iterable[datetime.date | None]) -> datetime.date | None:
    """The day the association became decoupled: the day its last separation was verified, or None while any
    of the five is unverified."""
    dates = list(verified_dates)
    if len(dates) != SEPARATION_COUNT or any(day is None for day in dates):
        return None
    return max(dates)


def submission_refusal(status: str) -> str | None:
    """Why the association may not submit evidence for an item now, or None.

    It submits an item not started or returned; a submitted item waits for the officer; a verified item is
    closed: it changes only after an officer reopens it, with the reason on record.
    """
    if status in (ItemStatus.NOT_STARTED, ItemStatus.RETURNED):
        return None
    if status == ItemStatus.SUBMITTED:
        return str(_("该事项材料已提交，正在核实，请等待核实结果。"))
    return str(_("该事项已核实，不能修改；确需修改的，须由登记管理机关重新开启并记录理由。"))


def review_refusal(status: str) -> str | None:
    """Why an officer may not verify or return an item now (only submitted evidence is reviewed), or None."""
    if status == ItemStatus.SUBMITTED:
        return None
    return str(
        _("该事项当前状态为“%(status)s”，不能核实或退回（可能已由他人处理）。") % {"status": ItemStatus(status).label}
    )


def reopen_refusal(status: str, reason: str) -> str | None:
    """Why a verified item may not be reopened, or None: only a verified item, and only with a written reason."""
    if status != ItemStatus.VERIFIED:
        return str(_("只有已核实的事项需要重新开启。"))
    if len(reason.strip()) < 5:
        return str(_("重新开启已核实事项的，须写明理由（至少5个字）。"))
    return None


MIN_DESCRIPTION_LENGTH = 10


def submission_errors(*, description: str, evidence_count: int) -> list[str]:
    """What is missing from an item's submission: a description of what was done, and at least one document."""
    errors = []
    if len(description.strip()) < MIN_DESCRIPTION_LENGTH:
        errors.append(str(_("请说明该事项的完成情况（至少10个字）。")))
    if evidence_count < 1:
        errors.append(str(_("请上传至少一份证明材料（PDF或图片）。")))
    return errors
