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
from registry.models.penalty import PenaltyCase, PenaltyEvidence, PenaltySanction, PenaltyService
from registry.rules.display import local_date
from registry.rules.penalties import (
    BEFORE_DECISION_STAGES,
    CaseSource,
    CaseStage,
    PenaltyKind,
    Sanction,
    collective_discussion_required,
    combined_hearing_right,
    combined_words,
    decision_blockers,
    decision_due_on,
    heaviest_kind,
    money_total,
    months_of,
    penalty_amount,
    sanctions_problems,
)
from registry.rules.penalty_procedure import (
    ServedDocument,
    hearing_problems,
    legal_review_required,
    served_on,
    service_problems,
    statement_days,
)
from registry.selectors import officers_of, work_calendar
from registry.services import guards, policy
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.register import _dormancy_case_ends
from registry.signals import penalty_case_opened

# The texts users see when refused (kept as they were, with their translations).
NOT_OFFICER = gettext_lazy("您不是该登记管理机关的承办人员。")
WRONG_STAGE = gettext_lazy("该案件当前处于“%(stage)s”阶段，不能办理此事项（可能已由他人处理）。")


def checked_sanctions(
    case: PenaltyCase,
    sanctions: list[Sanction],
    *,
    fine_basis: str = "",
    illegal_amount_yuan=None,
) -> list[Sanction]:
    """The penalties proposed or decided, amounts kept to the fen, or a ValidationError listing what is wrong.

    The menu follows the organization's type (社团条例 第三十条, 民非条例 第二十五条, 基金会条例 第四十二条).
    """
    illegal = Decimal(illegal_amount_yuan).quantize(Decimal("0.01")) if illegal_amount_yuan else None
    clean = [
        Sanction(
            item.kind,
            penalty_amount(item.kind, item.amount_yuan),
            item.months if item.kind == PenaltyKind.SUSPENSION else None,
            Decimal(item.multiple) if item.kind == PenaltyKind.FINE and item.multiple is not None else None,
        )
        for item in sanctions
    ]
    problems = sanctions_problems(case.organization.org_type, clean, fine_basis=fine_basis, illegal_amount_yuan=illegal)
    if problems:
        raise ValidationError(problems)
    return clean


def sanctions_of(kind: str = "", amount_yuan=None, months: int | None = None, multiple=None) -> list[Sanction]:
    """One penalty as a list of sanctions (the form of a single penalty), or none when `kind` is empty."""
    return [Sanction(kind, amount_yuan, months, multiple)] if kind else []


def store_sanctions(case: PenaltyCase, phase: str, sanctions: list[Sanction]) -> None:
    """Replace the case's sanctions of `phase`; the case's summary columns name the heaviest and the money."""
    case.sanction_rows.filter(phase=phase).delete()
    PenaltySanction.objects.bulk_create(
        PenaltySanction(
            case=case,
            phase=phase,
            kind=item.kind,
            amount_yuan=item.amount_yuan,
            months=item.months,
            multiple=item.multiple,
        )
        for item in sanctions
    )
    summary = (heaviest_kind(sanctions), money_total(sanctions), months_of(sanctions))
    if phase == PenaltySanction.PROPOSED:
        case.proposed_kind, case.proposed_amount_yuan, case.proposed_months = summary
    else:
        case.kind, case.amount_yuan, case.suspension_months = summary


def record_service(
    case: PenaltyCase,
    *,
    document: str,
    method: str,
    delivered_on: datetime.date | None,
    issued_on: datetime.date,
    reference: str,
    by,
    today: datetime.date,
) -> PenaltyService:
    """Record how and when a document reached the party; inside the caller's transaction, on the locked case.

    A publication counts as served only when its period has passed (民事诉讼法 2023 第九十五条; setting, at
    least 30 days).
    """
    problems = service_problems(method, delivered_on, issued_on=issued_on, today=today)
    if problems:
        raise ValidationError(problems)
    return PenaltyService.objects.create(
        case=case,
        document=document,
        method=method,
        delivered_on=delivered_on,
        served_on=served_on(method, delivered_on, publication_days=settings.REGISTRY["PENALTY_PUBLICATION_DAYS"]),
        reference=reference.strip()[:100],
        recorded_by=by,
    )


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
            *BEFORE_DECISION_STAGES,
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
    sanctions: list[Sanction] | None = None,
    fine_basis: str = "",
    illegal_amount_yuan=None,
    public_interest: bool = False,
    complex_case: bool = False,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """End the investigation: propose penalties and issue the advance notice (告知), or, with none, drop the case.

    Two investigators (行政处罚法 第四十二条); a proposal needs evidence on file. The penalties are `sanctions`
    (several may be combined), or the single `kind`. The notice states the facts, the intended penalties and
    the right to state a case and, where the law gives it, to a hearing, within 5 working days of its service.
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
    proposed = sanctions if sanctions is not None else sanctions_of(kind, amount_yuan, months)
    if proposed:
        proposed = checked_sanctions(case, proposed, fine_basis=fine_basis, illegal_amount_yuan=illegal_amount_yuan)
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.INVESTIGATING, field="stage", message=WRONG_STAGE)
        locked.investigator = by
        locked.second_investigator = second_investigator
        locked.findings = findings.strip()
        if not proposed:
            locked.stage = CaseStage.DROPPED
            locked.closed_on = today
            locked.closing_note = _("调查终结，违法事实不能成立或者不予处罚。")
            locked.step_due_on = None
            _dormancy_case_ends(locked, revoked=False, text=locked.findings)
            locked.save()
            return locked
        if not locked.evidence.exists():
            raise ValidationError(_("拟作出行政处罚的，请先上传证据材料。"))
        large = Decimal(settings.REGISTRY["PENALTY_HEARING_AMOUNT_YUAN"])
        if any(item.kind == PenaltyKind.FINE for item in proposed):
            locked.fine_basis = fine_basis
            locked.illegal_amount_yuan = Decimal(illegal_amount_yuan).quantize(Decimal("0.01"))
        locked.public_interest = bool(public_interest)
        locked.complex_case = bool(complex_case)
        store_sanctions(locked, PenaltySanction.PROPOSED, proposed)
        locked.hearing_available = combined_hearing_right(proposed, large_amount_yuan=large)
        locked.discussion_required = collective_discussion_required(
            proposed, large_amount_yuan=Decimal(settings.REGISTRY["PENALTY_COLLECTIVE_AMOUNT_YUAN"])
        )
        locked.notice_on = today
        locked.notice_text = _notice_text(locked, proposed)
        locked.stage = CaseStage.NOTIFIED
        locked.save()
    return locked


def _notice_text(case: PenaltyCase, proposed: list[Sanction]) -> str:
    text = _(
        "行政处罚事先告知：经调查，%(name)s%(facts)s。本机关拟作出%(penalty)s的行政处罚。"
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你单位有权进行陈述和申辩"
    ) % {
        "name": case.organization.name,
        "facts": case.findings,
        "penalty": combined_words(proposed),
    }
    if case.hearing_available:
        text += _("；根据第六十三条、第六十四条，你单位有权要求听证")
    return text + _("。请自本告知书送达之日起%(days)d个工作日内通过网上办事大厅提出，逾期视为放弃。") % {
        "days": statement_days(settings.REGISTRY["PENALTY_STATEMENT_DAYS"])
    }


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
        ends_on = locked.statement_ends_on
        if ends_on is not None and today > ends_on:
            raise ValidationError(_("陈述、申辩和要求听证的期限已于%(date)s届满。") % {"date": local_date(ends_on)})
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
    hearing_notice_method: str = "",
    hearing_notified_on: datetime.date | None = None,
    hearing_held_on: datetime.date | None = None,
    hearing_chair=None,
    hearing_record: str = "",
    hearing_record_signed: bool = False,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """Review the statement (复核) and record a requested hearing, once the period has run; then to the decision.

    A hearing (行政处罚法 第六十四条) is notified 7 working days ahead, chaired by someone who did not investigate,
    and its record signed by the party. Whether a legal review (第五十八条) comes next is settled here.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    if not opinion.strip():
        raise ValidationError(_("请写明复核意见。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.NOTIFIED, field="stage", message=WRONG_STAGE)
        if locked.hearing_requested or hearing_held_on is not None:
            _record_hearing(
                locked,
                notice_method=hearing_notice_method,
                notified_on=hearing_notified_on,
                held_on=hearing_held_on,
                chair=hearing_chair,
                record=hearing_record,
                signed=hearing_record_signed,
                by=by,
                today=today,
            )
        problems = decision_blockers(
            today=today,
            notice_served_on=locked.notice_served_on,
            ends_on=locked.statement_ends_on,
            statement_on=locked.statement_on,
            hearing_requested=locked.hearing_requested,
            hearing_held_on=locked.hearing_held_on,
            hearing_record=locked.hearing_record,
        )
        if problems:
            raise ValidationError(problems)
        locked.review_opinion = opinion.strip()
        locked.legal_review_required = legal_review_required(
            heard=locked.hearing_held_on is not None,
            public_interest=locked.public_interest,
            complex_case=locked.complex_case,
        )
        locked.stage = CaseStage.REVIEWED
        locked.save()
    return locked


def _record_hearing(
    case: PenaltyCase, *, notice_method, notified_on, held_on, chair, record, signed, by, today
) -> None:
    """Record a hearing on the locked case (行政处罚法 第六十四条): the notice's service, then the hearing itself.

    The 7 working days run from the day the hearing notice counts as served.
    """
    if notified_on is None or held_on is None:
        raise ValidationError(_("请填写听证通知送达日期和听证日期。"))
    service = record_service(
        case,
        document=ServedDocument.HEARING_NOTICE,
        method=notice_method,
        delivered_on=notified_on,
        issued_on=case.notice_on,
        reference="",
        by=by,
        today=today,
    )
    problems = hearing_problems(
        notified_on=service.served_on,
        held_on=held_on,
        chair_id=chair.pk if chair is not None else None,
        investigator_ids={case.investigator_id, case.second_investigator_id},
        record=record,
        signed=signed,
        today=today,
        calendar=work_calendar(service.served_on.year, max(today.year, held_on.year) + 1),
    )
    if problems:
        raise ValidationError(problems)
    case.hearing_notified_on = service.served_on
    case.hearing_held_on = held_on
    case.hearing_chair = chair
    case.hearing_record = record.strip()
    case.hearing_record_signed = True
