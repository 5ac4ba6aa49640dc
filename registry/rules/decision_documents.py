"""Which written decisions (文书) an application has, and their numbers: acceptance notice, decision to
register or not, refusal to accept. Pure functions of the application's state."""

import datetime
from dataclasses import dataclass

from registry.rules.penalties import appeal_routes

ACCEPTED_STATUSES = ("accepted", "approved", "completed", "rejected")
APPROVED_STATUSES = ("approved", "completed")
KIND_CODES = {"acceptance": "受", "approval": "准", "rejection": "不", "refusal": "拒"}
_DECISION_WORDS = {"registration": "登记", "preparation": "筹备", "establishment": "成立登记", "change": "变更登记"}


@dataclass(frozen=True)
class DecisionDocument:
    kind: str
    title: str


def available_documents(*, status: str, application_kind: str, accepted_on: datetime.date | None) -> list:
    """The documents an application in `status` has been given so far, in the order they were issued."""
    what = _DECISION_WORDS.get(application_kind, "注销登记" if application_kind == "deregistration" else "登记")
    documents = []
    if status == "refused":
        documents.append(DecisionDocument("refusal", "不予受理通知书"))
    if accepted_on is not None and status in ACCEPTED_STATUSES:
        documents.append(DecisionDocument("acceptance", "受理通知书"))
    if status in APPROVED_STATUSES:
        documents.append(DecisionDocument("approval", f"准予{what}决定书"))
    if status == "rejected":
        documents.append(DecisionDocument("rejection", f"不予{what}决定书"))
    return documents


def document_number(*, authority_name: str, kind: str, year: int, application_pk: int) -> str:
    """The document's number: the authority's short name, the kind's character, the year and a serial."""
    short = authority_name.removeprefix("上海市").removesuffix("民政局") or authority_name
    return f"{short}民社{KIND_CODES[kind]}字〔{year}〕第{application_pk:06d}号"


def remedies(*, kind: str, authority_name: str) -> str:
    """Appeal routes, stated on every decision that refuses or rejects."""
    return appeal_routes(authority_name=authority_name) if kind in ("rejection", "refusal") else ""


# The written penalty decision (行政处罚决定书, 行政处罚法 第五十九条).

PENALTY_DECISION_TITLE = "行政处罚决定书"


def penalty_decision_paragraphs(
    *, findings: str, decision_text: str, penalties: str, money: bool, head_name: str, payment_days: int
) -> list[str]:
    """The body of a written penalty decision, in order (行政处罚法 第五十九条).

    The facts found; the decision with its basis and every combined penalty (并处), its remedies; where it
    carries money, the period to pay it (第六十七条); and the bureau head who decided it (第五十七条).
    """
    paragraphs = [f"经查：{findings.strip().rstrip('。')}。"] if findings.strip() else []
    paragraphs += [line for line in decision_text.splitlines() if line.strip()]
    paragraphs.append(f"处罚内容：{penalties}。")
    if money:
        paragraphs.append(
            f"罚没款应当自收到本决定书之日起{payment_days}日内缴纳；到期不缴纳罚款的，每日按罚款数额的百分之三"
            "加处罚款（《中华人民共和国行政处罚法》第六十七条、第七十二条）。"
        )
    paragraphs.append(f"决定人：本机关负责人 {head_name}")
    return paragraphs


# The written decision on an extension of the term (延期换届).

EXTENSION_TITLES = {True: "准予延期换届决定书", False: "不予延期换届决定书"}


def extension_document_number(*, authority_name: str, approved: bool, year: int, extension_pk: int) -> str:
    """The decision's number: its own series (延), so it never shares a number with a registration decision."""
    short = authority_name.removeprefix("上海市").removesuffix("民政局") or authority_name
    return f"{short}民社延{'准' if approved else '不'}字〔{year}〕第{extension_pk:06d}号"
