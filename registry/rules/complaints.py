"""Complaints and reports from the public (投诉举报): deadlines, the query code, and masking the complainant.

Deadlines follow 社会组织登记管理机关受理投诉举报办法（试行） (民发〔2016〕139号) and 信访工作条例 (2022)
第三十一条, 第三十二条: decide whether to accept within 15 days (counted here in working days, as bureaus
promise), finish within 60 days of acceptance, both settings; a complex case may be extended once, by at most
30 days, and the complainant is told why (139号).
"""

import datetime

from registry.rules.deadlines import Deadline, WorkCalendar, add_working_days
from registry.rules.query_codes import query_code_digest, query_code_matches  # noqa: F401 - keyed by the number


def acceptance_deadline(received_on: datetime.date, working_days: int, calendar: WorkCalendar) -> Deadline:
    """When the bureau must have decided whether to accept a complaint received on `received_on`."""
    return add_working_days(received_on, working_days, calendar)


def completion_deadline(accepted_on: datetime.date, days: int) -> datetime.date:
    """When an accepted complaint must be finished: `days` calendar days after acceptance."""
    return accepted_on + datetime.timedelta(days=days)


# 民发〔2016〕139号: one extension of the handling period, by at most 30 days.
MAX_EXTENSION_DAYS = 30


class ExtensionRefusal(ValueError):
    """The handling period cannot be extended so."""


def extended_deadline(finish_due: datetime.date, days: int, *, already_extended: bool) -> datetime.date:
    """The handling deadline after one extension of `days` calendar days (139号: once, at most 30 days)."""
    if already_extended:
        raise ExtensionRefusal("the handling period has already been extended once")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ExtensionRefusal(f"an extension is 1 to {MAX_EXTENSION_DAYS} days")
    return finish_due + datetime.timedelta(days=days)


def is_overdue(due: datetime.date | None, *, today: datetime.date, done: bool) -> bool:
    """True when a step with deadline `due` is still open after that day."""
    return not done and due is not None and today > due


def mask_name(name: str) -> str:
    """Keep the surname: 张三丰 → 张**."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_mobile(mobile: str) -> str:
    """Keep the first three and last four digits: 13800001234 → 138****1234."""
    if len(mobile) < 8:
        return "*" * len(mobile)
    return mobile[:3] + "*" * (len(mobile) - 7) + mobile[-4:]


def mask_email(email: str) -> str:
    """Keep the first character of the local part and the domain: zhang@example.cn → z***@example.cn."""
    local, at, domain = email.partition("@")
    if not at:
        return mask_name(email)
    return f"{local[:1]}***@{domain}"
