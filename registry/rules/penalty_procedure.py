"""The procedure of a penalty case (行政处罚法, 2021; 社会组织登记管理机关行政处罚程序规定, 2021), as pure functions:
service of documents, the statement and hearing window in working days, the hearing, legal review (法制审核)
and collective discussion (集体讨论) before the head's decision.

行政处罚法 第八十五条: its 2, 3, 5 and 7 days are working days; the calendar is passed in by the services.
"""

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.rules.deadlines import Deadline, WorkCalendar, add_working_days
from registry.rules.display import local_date

# 行政处罚法 第六十四条(一): a hearing is asked for within 5 days (working days) of the notice; a local rule may
# give the party longer to state its case, never less.
STATEMENT_WORKING_DAYS_FLOOR = 5
# A collective discussion is held by more than one head.
DISCUSSION_PARTICIPANTS_FLOOR = 2
# 行政处罚法 第六十一条: the decision is served within 7 days (working days, 第八十五条).
SERVICE_WORKING_DAYS = 7
# 行政处罚法 第六十四条(二): the party is told of the hearing at least 7 days (working days) before it.
HEARING_NOTICE_WORKING_DAYS = 7
# 民事诉讼法 (2023) 第九十五条, applied by 行政处罚法 第六十一条: service by publication is complete 30 days
# after publication. A local rule may be longer, never shorter.
PUBLICATION_DAYS_FLOOR = 30


class ServiceMethod(models.TextChoices):
    """How a document reached the party (行政处罚法 第六十一条; 民事诉讼法 第八十七条至第九十五条)."""

    IN_PERSON = "in_person", gettext_lazy("直接送达")
    POST = "post", gettext_lazy("邮寄送达")
    ELECTRONIC = "electronic", gettext_lazy("电子送达（网上办事大厅，经当事人同意）")
    PUBLICATION = "publication", gettext_lazy("公告送达")


class ServedDocument(models.TextChoices):
    NOTICE = "notice", gettext_lazy("行政处罚事先告知书")
    HEARING_NOTICE = "hearing_notice", gettext_lazy("听证通知书")
    DECISION = "decision", gettext_lazy("行政处罚决定书")


# What the date entered for each method is: the day the party signed for it, the day on the postal return
# receipt, the day it reached the party's portal account, the day of publication.
DELIVERED_ON_MEANING = {
    ServiceMethod.IN_PERSON: gettext_lazy("签收日期"),
    ServiceMethod.POST: gettext_lazy("回执上的签收日期"),
    ServiceMethod.ELECTRONIC: gettext_lazy("到达当事人账户的日期"),
    ServiceMethod.PUBLICATION: gettext_lazy("公告发布日期"),
}


def served_on(method: str, delivered_on: datetime.date, *, publication_days: int) -> datetime.date:
    """The day a document counts as served (民事诉讼法 2023 第九十五条 for publication).

    In person, by post and electronically the document is served the day it was received; a publication
    is served when its period (at least 30 days) has passed after the day it was published.
    """
    if method == ServiceMethod.PUBLICATION:
        return delivered_on + datetime.timedelta(days=max(publication_days, PUBLICATION_DAYS_FLOOR))
    return delivered_on


def service_problems(
    method: str, delivered_on: datetime.date | None, *, issued_on: datetime.date, today: datetime.date
) -> list[str]:
    """What is wrong with a record of service: a known method, a date between the document's issue and today."""
    if method not in ServiceMethod.values:
        return [_("请选择送达方式。")]
    if delivered_on is None or delivered_on < issued_on or delivered_on > today:
        return [
            _("%(what)s应在文书作出之日（%(issued)s）之后、不晚于今天。")
            % {"what": DELIVERED_ON_MEANING[ServiceMethod(method)], "issued": local_date(issued_on)}
        ]
    return []


def statement_days(setting: int) -> int:
    """The working days the party has to state its case: the local setting, never below the statutory 5."""
    return max(setting, STATEMENT_WORKING_DAYS_FLOOR)


def statement_window(notice_served_on: datetime.date, *, days: int, calendar: WorkCalendar) -> Deadline:
    """The last day to state a case or ask for a hearing: `days` working days after the notice was served.

    行政处罚法 第四十四条、第六十四条(一) and 第八十五条: 5 working days, counted from the day after service.
    """
    return add_working_days(notice_served_on, statement_days(days), calendar)


def service_due(decided_on: datetime.date, *, calendar: WorkCalendar) -> Deadline:
    """The last day to serve the decision (行政处罚法 第六十一条: 7 days, working days under 第八十五条)."""
    return add_working_days(decided_on, SERVICE_WORKING_DAYS, calendar)


def window_problems(
    *, today: datetime.date, notice_served_on: datetime.date | None, ends_on: datetime.date | None, days: int
) -> list[str]:
    """Why no decision may be made yet: the notice is not served, or its statement window has not closed.

    行政处罚法 第六十二条: a decision made without hearing the party's statement within its period is void of
    effect; so the head waits until the window (counted in working days from service) has closed.
    """
    if notice_served_on is None or ends_on is None:
        return [_("行政处罚事先告知书尚未送达，不能作出决定。")]
    if today <= ends_on:
        return [
            _(
                "陈述、申辩和要求听证的期限（自%(served)s送达起%(days)d个工作日）至%(date)s届满，"
                "届满前不得作出行政处罚决定。"
            )
            % {"served": local_date(notice_served_on), "days": days, "date": local_date(ends_on)}
        ]
    return []


def hearing_problems(
    *,
    notified_on: datetime.date | None,
    held_on: datetime.date | None,
    chair_id: int | None,
    investigator_ids: set[int],
    record: str,
    signed: bool,
    today: datetime.date,
    calendar: WorkCalendar,
) -> list[str]:
    """What is missing or wrong in a hearing's record (行政处罚法 第六十四条).

    The party is told 7 working days ahead (二); the chair is not one of the investigators (四); the record is
    read back to the party and signed (八).
    """
    problems = []
    if notified_on is None or held_on is None:
        return [_("请填写听证通知送达日期和听证日期。")]
    if held_on > today:
        problems.append(_("听证日期不能晚于今天。"))
    earliest = add_working_days(notified_on, HEARING_NOTICE_WORKING_DAYS, calendar).due
    if held_on < earliest:
        problems.append(
            _("听证应在通知当事人7个工作日后举行：%(notified)s通知的，最早%(earliest)s。")
            % {"notified": local_date(notified_on), "earliest": local_date(earliest)}
        )
    if chair_id is None:
        problems.append(_("请选择听证主持人。"))
    elif chair_id in investigator_ids:
        problems.append(_("听证主持人不得由本案调查人员担任。"))
    if not record.strip():
        problems.append(_("请填写听证笔录要点。"))
    if not signed:
        problems.append(_("听证笔录须经当事人核对无误后签字或者盖章。"))
    return problems


def legal_review_required(*, heard: bool, public_interest: bool, complex_case: bool) -> bool:
    """Whether the decision needs a legal review (法制审核) first (行政处罚法 第五十八条).

    (一) a major public interest; (二) a hearing was held on the party's major rights; (三) a difficult or
    complex case involving several legal relations.
    """
    return heard or public_interest or complex_case


def legal_review_problems(*, reviewer_id: int, investigator_ids: set[int], opinion: str) -> list[str]:
    """A legal review is written, by someone who did not investigate the case (行政处罚法 第五十八条)."""
    problems = []
    if reviewer_id in investigator_ids:
        problems.append(_("法制审核不得由本案调查人员进行。"))
    if len(opinion.strip()) < 2:
        problems.append(_("请写明法制审核意见。"))
    return problems


def participants_of(text: str) -> list[str]:
    """The participants of a collective discussion, one per line, each once."""
    names = []
    for line in text.splitlines():
        name = line.strip()
        if name and name not in names:
            names.append(name)
    return names


def discussion_problems(
    *, participants: list[str], min_participants: int, conclusion: str, held_on, today: datetime.date
) -> list[str]:
    """A collective discussion (行政处罚法 第五十七条第二款) is held by the bureau's heads, recorded with them."""
    problems = []
    min_participants = max(min_participants, DISCUSSION_PARTICIPANTS_FLOOR)
    if len(participants) < min_participants:
        problems.append(
            _("集体讨论应由机关负责人集体进行：请逐行填写参加人员（至少%(n)d人）。") % {"n": min_participants}
        )
    if held_on is None or held_on > today:
        problems.append(_("请填写集体讨论日期（不晚于今天）。"))
    if len(conclusion.strip()) < 2:
        problems.append(_("请写明集体讨论的结论。"))
    return problems
