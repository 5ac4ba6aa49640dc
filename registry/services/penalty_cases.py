"""Administrative penalty cases up to the decision: filing, investigation and evidence, the advance notice,
and the party's statement or hearing.

Each function is one step of the case, called by the penalty process's task views, the portal, and other
services (a spot check's or complaint's findings, the dormancy cleanup) through `open_case`. The decision
and what follows it are in `penalty_decisions`.
"""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole, OrgStatus
from registry.models import DormancyCase, Organization
from registry.models.penalty import PenaltyCase, PenaltyEvidence
from registry.rules.penalties import (
    CaseSource,
    CaseStage,
    PenaltyKind,
    decision_blockers,
    decision_due_on,
    hearing_right,
    penalty_amount,
    penalty_words,
    proposal_problems,
)
from registry.selectors import officers_of
from registry.services import guards, policy
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.register import _dormancy_case_ends
from registry.signals import penalty_case_opened

# The texts users see when refused (kept as they were, with their translations).
NOT_OFFICER = gettext_lazy("您不是该登记管理机关的承办人员。")
WRONG_STAGE = gettext_lazy("该案件当前处于“%(stage)s”阶段，不能办理此事项（可能已由他人处理）。")


def checked_penalty(kind: str, amount_yuan, months: int | None) -> Decimal | None:
    """The amount of a proposed or decided penalty, or a ValidationError listing what is wrong with it."""
    amount = penalty_amount(kind, amount_yuan)
    problems = proposal_problems(kind, fine_yuan=amount, confiscated_yuan=amount, suspension_months=months)
    if problems:
        raise ValidationError(problems)
    return amount


def evidence_path(stored_name: str):
    return private_path("penalties", stored_name)


# 立案


def open_case(
    *,
    organization: Organization,
    source: str,
    source_reference: str = "",
    facts: str,
    by,
    dormancy_case: DormancyCase | None = None,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """File a case (立案) against an organization for the section head's approval; its process starts with it.

    `source` is where the facts came from: an officer's own supervision, a spot check, a complaint or
    the dormancy cleanup; `source_reference` names that record (e.g. the spot check's number).
    """
    policy.require_role(by, organization.jurisdiction, OfficerRole.INSPECTOR, OfficerRole.APPROVER, message=NOT_OFFICER)
    today = today or timezone.localdate()
    if source not in CaseSource.values:
        raise ValidationError(_("请选择案件来源。"))
    if len(facts.strip()) < 5:
        raise ValidationError(_("请写明涉嫌违法的事实。"))
    with transaction.atomic():
        locked = guards.locked(organization, "jurisdiction")
        if locked.status != OrgStatus.NORMAL:
            raise ValidationError(_("该组织不是正常登记状态，不能立案。"))
        due = decision_due_on(today, days=settings.REGISTRY["PENALTY_DECISION_DAYS"])
        case = PenaltyCase.objects.create(
            organization=locked,
            source=source,
            source_reference=source_reference.strip()[:60],
            dormancy_case=dormancy_case,
            facts=facts.strip(),
            filed_on=today,
            filed_by=by,
            decision_due_on=due,
            step_due_on=due,
        )
        penalty_case_opened.send(sender=PenaltyCase, case=case)
    return case


def case_filing_decide(*, case: PenaltyCase, by, approve: bool, opinion: str) -> PenaltyCase:
    """The section head approves the filing (investigation begins) or refuses it with reasons."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.APPROVER, message=NOT_OFFICER)
    if not approve and not opinion.strip():
        raise ValidationError(_("不予立案的，请写明理由。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.FILED, field="stage", message=WRONG_STAGE)
        locked.filing_approved_by = by if approve else None
        locked.filing_opinion = opinion.strip()
        locked.stage = CaseStage.INVESTIGATING if approve else CaseStage.NOT_FILED
        if not approve:
            locked.closed_on = timezone.localdate()
            locked.step_due_on = None
            _dormancy_case_ends(locked, revoked=False, text=opinion.strip())
        locked.save()
    return locked


def case_extend(*, case: PenaltyCase, by, days: int, reason: str) -> PenaltyCase:
    """Extend the period to decide a complex case, with the section head's approval and a reason."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.APPROVER, message=NOT_OFFICER)
    limit = settings.REGISTRY["PENALTY_EXTENSION_DAYS"]
    if not reason.strip():
        raise ValidationError(_("请写明延长办案期限的理由。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(
            locked,
            CaseStage.FILED,
            CaseStage.INVESTIGATING,
            CaseStage.NOTIFIED,
            CaseStage.REVIEWED,
            field="stage",
            message=WRONG_STAGE,
        )
        if days <= 0 or locked.extension_days + days > limit:
            raise ValidationError(
                _("办案期限最多延长%(limit)d日（已延长%(done)d日）。") % {"limit": limit, "done": locked.extension_days}
            )
        locked.extension_days += days
        locked.extension_reason = reason.strip()
        locked.decision_due_on = decision_due_on(
            locked.filed_on, days=settings.REGISTRY["PENALTY_DECISION_DAYS"], extension_days=locked.extension_days
        )
        locked.step_due_on = locked.decision_due_on
        locked.save()
    return locked


# 调查 and 告知


def evidence_add(*, case: PenaltyCase, uploaded, description: str, by) -> PenaltyEvidence:
    """Store one piece of evidence (PDF or image) with what it shows."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    if not description.strip():
        raise ValidationError(_("请写明证据说明。"))
    content, content_type = checked_upload(uploaded)
    stored_name = new_stored_name(content_type)
    path = evidence_path(stored_name)
    try:
        with transaction.atomic():
            locked = guards.locked(case, "organization__jurisdiction")
            guards.require_state(locked, CaseStage.INVESTIGATING, field="stage", message=WRONG_STAGE)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            evidence = PenaltyEvidence.objects.create(
                case=locked,
                description=description.strip()[:200],
                original_name=(uploaded.name or "evidence")[-200:],
                stored_name=stored_name,
                content_type=content_type,
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=by,
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return evidence


def investigation_conclude(
    *,
    case: PenaltyCase,
    by,
    second_investigator,
    findings: str,
    kind: str = "",
    amount_yuan=None,
    months: int | None = None,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """End the investigation: propose a penalty and give the advance notice (告知), or, with no `kind`, drop the case.

    Two investigators (行政处罚法 第四十二条); a proposal needs evidence on file. The notice states the facts,
    the intended penalty, and the right to state a case and, where the law gives it, to a hearing.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    jurisdiction = case.organization.jurisdiction
    if len(findings.strip()) < 5:
        raise ValidationError(_("请写明调查认定的事实。"))
    if second_investigator is None or second_investigator.pk == by.pk:
        raise ValidationError(_("调查须由两名以上执法人员进行：请选择另一名承办人员。"))
    if not officers_of(jurisdiction).filter(pk=second_investigator.pk).exists():
        raise ValidationError(_("协办人须为本登记管理机关的执法人员。"))
    amount = checked_penalty(kind, amount_yuan, months) if kind else None
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.INVESTIGATING, field="stage", message=WRONG_STAGE)
        locked.investigator = by
        locked.second_investigator = second_investigator
        locked.findings = findings.strip()
        if not kind:
            locked.stage = CaseStage.DROPPED
            locked.closed_on = today
            locked.closing_note = _("调查终结，违法事实不能成立或者不予处罚。")
            locked.step_due_on = None
            _dormancy_case_ends(locked, revoked=False, text=locked.findings)
            locked.save()
            return locked
        if not locked.evidence.exists():
            raise ValidationError(_("拟作出行政处罚的，请先上传证据材料。"))
        days = settings.REGISTRY["PENALTY_STATEMENT_DAYS"]
        large = Decimal(settings.REGISTRY["PENALTY_HEARING_AMOUNT_YUAN"])
        locked.proposed_kind = kind
        locked.proposed_amount_yuan = amount
        locked.proposed_months = months if kind == PenaltyKind.SUSPENSION else None
        locked.hearing_available = hearing_right(kind, amount_yuan=amount, large_amount_yuan=large)
        locked.notice_on = today
        locked.notice_text = _notice_text(locked, ends_on=today + datetime.timedelta(days=days))
        locked.stage = CaseStage.NOTIFIED
        locked.save()
    return locked


def _notice_text(case: PenaltyCase, *, ends_on: datetime.date) -> str:
    text = _(
        "行政处罚事先告知：经调查，%(name)s%(facts)s。本机关拟作出%(penalty)s的行政处罚。"
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你单位有权进行陈述和申辩"
    ) % {
        "name": case.organization.name,
        "facts": case.findings,
        "penalty": penalty_words(case.proposed_kind, case.proposed_amount_yuan, case.proposed_months),
    }
    if case.hearing_available:
        text += _("；根据第六十三条、第六十四条，你单位有权要求听证")
    return text + _("。请于%(date)s前通过网上办事大厅提出，逾期视为放弃。") % {"date": ends_on.isoformat()}


def statement_submit(
    *, case: PenaltyCase, by, statement: str, hearing_requested: bool, today: datetime.date | None = None
) -> PenaltyCase:
    """The organization states its case and, where it has the right, asks for a hearing, within the period."""
    policy.require_representative(by, case.organization, message=_("只有当事组织的经办人可以陈述、申辩。"))
    today = today or timezone.localdate()
    if len(statement.strip()) < 5 and not hearing_requested:
        raise ValidationError(_("请写明陈述和申辩的内容，或要求听证。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.NOTIFIED, field="stage", message=WRONG_STAGE)
        ends_on = locked.notice_on + datetime.timedelta(days=settings.REGISTRY["PENALTY_STATEMENT_DAYS"])
        if today > ends_on:
            raise ValidationError(_("陈述、申辩和要求听证的期限已于%(date)s届满。") % {"date": ends_on.isoformat()})
        if hearing_requested and not locked.hearing_available:
            raise ValidationError(_("拟作出的处罚不属于可以要求听证的范围，请以书面陈述、申辩。"))
        locked.statement = statement.strip()[:4000]
        locked.statement_on = today
        locked.hearing_requested = locked.hearing_requested or bool(hearing_requested)
        locked.save(update_fields=["statement", "statement_on", "hearing_requested"])
    return locked


def statement_review(
    *,
    case: PenaltyCase,
    by,
    opinion: str,
    hearing_held_on: datetime.date | None = None,
    hearing_record: str = "",
    today: datetime.date | None = None,
) -> PenaltyCase:
    """Review the statement (复核) and record a requested hearing, once the period has run; then to the decision."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    if not opinion.strip():
        raise ValidationError(_("请写明复核意见。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.NOTIFIED, field="stage", message=WRONG_STAGE)
        if hearing_held_on is not None:
            if hearing_held_on > today or hearing_held_on < locked.notice_on:
                raise ValidationError(_("听证日期应在告知之后、不晚于今天。"))
            locked.hearing_held_on = hearing_held_on
            locked.hearing_record = hearing_record.strip()
        problems = decision_blockers(
            today=today,
            notice_on=locked.notice_on,
            statement_days=settings.REGISTRY["PENALTY_STATEMENT_DAYS"],
            statement_on=locked.statement_on,
            hearing_requested=locked.hearing_requested,
            hearing_held_on=locked.hearing_held_on,
            hearing_record=locked.hearing_record,
        )
        if problems:
            raise ValidationError(problems)
        locked.review_opinion = opinion.strip()
        locked.stage = CaseStage.REVIEWED
        locked.save()
    return locked
