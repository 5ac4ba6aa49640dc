"""Certificate services as pure rules: expiry, renewal (换证), replacement (补领), archive downloads.

A certificate's expiry is read from its validity end date at the moment it is shown, never stored: a stored
"expired" flag would need a job to set it and could drift from the date printed on the certificate.
"""

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.rules.display import local_date


class RenewalMode(models.TextChoices):
    """How a bureau renews registration certificates before their validity ends (local practice)."""

    APPLICATION = "application", gettext_lazy("依申请换发")
    INSPECTION = "inspection", gettext_lazy("年检合格后自动换发")


class ReplacementCause(models.TextChoices):
    LOST = "lost", gettext_lazy("遗失")
    DAMAGED = "damaged", gettext_lazy("损毁")


# The status a certificate shows; "expired" is derived from the date, the others are stored.
EXPIRED = "expired"


def shown_status(stored_status: str, valid_until: datetime.date, *, today: datetime.date) -> str:
    """What a certificate is now: its stored status, or "expired" once a valid one's validity has ended."""
    if stored_status == "valid" and valid_until < today:
        return EXPIRED
    return stored_status


def renewal_mode(bureau_code: str, *, default: str, by_bureau: str) -> str:
    """The bureau's renewal mode: `by_bureau` as "310112:inspection,310117:application", else `default`."""
    for item in by_bureau.split(","):
        code, _sep, mode = item.strip().partition(":")
        if code == bureau_code and mode in RenewalMode.values:
            return mode
    return RenewalMode(default).value


def renewal_window_opens(valid_until: datetime.date, window_days: int) -> datetime.date:
    """The first day an organization may apply to renew: `window_days` before the validity ends."""
    return valid_until - datetime.timedelta(days=window_days)


def renewal_refusal(*, valid_until: datetime.date, today: datetime.date, window_days: int) -> str:
    """Why a renewal application cannot be made today, or "" when it can.

    Renewal is before the validity ends; a certificate already expired is renewed the same way (the register
    keeps the organization; only the document lapsed), so only a too-early application is refused.
    """
    opens = renewal_window_opens(valid_until, window_days)
    if today < opens:
        return _("证书有效期至%(until)s，可于%(opens)s起申请换发（有效期届满前%(days)d日内）。") % {
            "until": local_date(valid_until),
            "opens": local_date(opens),
            "days": window_days,
        }
    return ""


def inspection_renews(
    *, result: str, rectification_passed: bool | None, report_year: int, valid_until: datetime.date
) -> bool:
    """Whether concluding this annual inspection renews the registration certificate (bureaus renewing on inspection).

    The inspection held in the year the certificate's validity ends (the report of the year before) renews it
    when the organization passed: 合格, or 基本合格 with its rectification verified. A later inspection renews
    a certificate that lapsed meanwhile; an earlier one does not.
    """
    passed = result == "passed" or (result == "basic" and rectification_passed is True)
    return passed and report_year + 1 >= valid_until.year


def replacement_problems(*, cause: str, loss_statement: str, returned: bool) -> list[str]:
    """What a replacement application lacks: a lost certificate needs its loss statement, a damaged one is returned."""
    problems = []
    if cause not in ReplacementCause.values:
        problems.append(_("请选择证书遗失或损毁。"))
    elif cause == ReplacementCause.LOST and len(loss_statement.strip()) < 10:
        problems.append(_("证书遗失的，请填写遗失声明（将作为公告公开）。"))
    elif cause == ReplacementCause.DAMAGED and not returned:
        problems.append(_("证书损毁的，须交回损毁的证书：请确认交回。"))
    return problems


def void_reason(cause: str) -> str:
    """The reason written on a certificate voided by its replacement (stored in Chinese, shown as written)."""
    return {"lost": "遗失补领，原证作废", "damaged": "损毁换领，原证作废"}[cause]


class RequesterKind(models.TextChoices):
    """Who asks to consult a registration file (登记档案查询)."""

    ORGANIZATION = "organization", gettext_lazy("本组织")
    LAWYER = "lawyer", gettext_lazy("代理案件的律师")
    COURT = "court", gettext_lazy("人民法院、人民检察院")
    AUTHORITY = "authority", gettext_lazy("其他国家机关")


def archive_request_problems(*, requester_kind: str, grounds: str, case_reference: str, has_proof: bool) -> list[str]:
    """What an archive request by someone other than the organization lacks: legal grounds and proof of them.

    A file holds personal data of the organization's people: anyone but the organization itself shows why
    the law lets them see it (a case they act in, an authority's duty) and uploads the proof.
    """
    if requester_kind == RequesterKind.ORGANIZATION:
        return []
    problems = []
    if requester_kind not in RequesterKind.values:
        problems.append(_("请选择查询人身份。"))
    if len(grounds.strip()) < 10:
        problems.append(_("请写明查询的法律依据和用途。"))
    if requester_kind in (RequesterKind.LAWYER, RequesterKind.COURT) and not case_reference.strip():
        problems.append(_("请填写案号。"))
    if not has_proof:
        problems.append(_("请上传证明文件（律师执业证和委托书、调查令或公函）。"))
    return problems


def download_expires_at(granted_at: datetime.datetime, days: int) -> datetime.datetime:
    """When a granted archive's download link stops working."""
    return granted_at + datetime.timedelta(days=days)


# Written decisions (文书) of these services, on the shared letterhead (templates/documents/_document.html).


DOCUMENT_CODES = {"certificate": "证", "archive": "档"}


def service_document_number(*, authority_name: str, kind: str, year: int, pk: int) -> str:
    """The number of a certificate (证) or archive (档) decision: the authority's short name, the year, a serial."""
    short = authority_name.removeprefix("上海市").removesuffix("民政局") or authority_name
    code = DOCUMENT_CODES[kind]
    return f"{short}民社{code}字〔{year}〕第{pk:06d}号"


def certificate_decision_paragraphs(
    *, kind_label: str, reference: str, issued: bool, number: str, copy_label: str, reason: str, remedies: str
) -> list[str]:
    """The body of the decision on a renewal or replacement application (行政许可法 第三十八条、第四十四条)."""
    head = f"你单位提交的{kind_label}申请（申请编号：{reference}），"
    if issued:
        return [
            head + f"经审查，符合规定，本机关决定予以办理，发给证书{copy_label}（证书编号：{number}）。",
            "原证书自新证发出之日起作废，不得继续使用；损毁的证书应当交回本机关。",
        ]
    return [head + "经审查，本机关决定不予办理。", f"理由：{reason}", remedies]


def archive_decision_paragraphs(
    *, reference: str, organization_name: str, granted: bool, titles: list[str], expires_text: str, reason: str
) -> list[str]:
    """The body of the reply to an archive request: the documents granted and until when, or the refusal's reasons."""
    head = f"你（单位）提交的登记档案查询申请（申请编号：{reference}，查询对象：{organization_name}），"
    if granted:
        return [
            head + "经审核，本机关同意提供下列登记档案材料：",
            *[f"{index}. {title}" for index, title in enumerate(titles, start=1)],
            f"请于{expires_text}前通过查询结果页面下载；逾期链接失效，需要的请重新申请。所获材料仅限用于申请所述用途。",
        ]
    return [head + "经审核，本机关决定不予提供。", f"理由：{reason}"]
