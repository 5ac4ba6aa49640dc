"""Administrative penalty cases from the decision on: decision, service, execution and closing; and what a
penalty in force changes elsewhere (credit lists, grade, suspension, revocation).

Each function is one step of the case, called by the penalty process's task views. The steps before the
decision are in `penalty_cases`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OfficerRole
from registry.models import ChangeKind, Jurisdiction, Organization
from registry.models.penalty import PenaltyCase, PenaltySanction
from registry.rules.display import local_date
from registry.rules.evaluation import GradeBasis
from registry.rules.penalties import (
    BEFORE_DECISION_STAGES,
    CaseStage,
    PenaltyKind,
    Sanction,
    appeal_routes,
    combined_credit_reason,
    combined_grade_after,
    combined_heavier_than_notified,
    combined_is_serious,
    combined_words,
    execution_due_on,
    suspension_ends_on,
)
from registry.rules.penalty_procedure import ServedDocument, service_due, statement_days, window_problems
from registry.selectors import work_calendar
from registry.services import guards, policy
from registry.services.changes import change_event_record
from registry.services.credit import credit_list_add
from registry.services.penalty_cases import NOT_OFFICER, WRONG_STAGE, checked_sanctions, sanctions_of, store_sanctions
from registry.services.penalty_procedure import NOT_HEAD, record_service
from registry.services.register import _dormancy_case_ends, grade_change, organization_revoke, organization_update

# 决定, 送达, 执行, 结案


def _next_decision_number(jurisdiction: Jurisdiction, year: int) -> str:
    guards.locked(jurisdiction)
    count = PenaltyCase.objects.filter(organization__jurisdiction=jurisdiction, decided_on__year=year).exclude(
        decision_number=""
    )
    return _("%(name)s民罚字〔%(year)d〕%(n)d号") % {"name": jurisdiction.name, "year": year, "n": count.count() + 1}


def head_name(user) -> str:
    """How a decision names the head who made it: the real name, else the account name."""
    return user.get_full_name() or user.first_name or user.get_username()


def decision_prerequisites(case: PenaltyCase, *, today: datetime.date) -> list[str]:
    """What must happen before the head decides: the statement window closed (行政处罚法 第六十二条, in working
    days from the notice's service), the legal review (第五十八条) and the collective discussion (第五十七条)."""
    problems = window_problems(
        today=today,
        notice_served_on=case.notice_served_on,
        ends_on=case.statement_ends_on,
        days=statement_days(settings.REGISTRY["PENALTY_STATEMENT_DAYS"]),
    )
    if case.legal_review_required and case.legal_review_on is None:
        problems.append(_("本案须经法制审核后方可作出决定。"))
    if case.discussion_required and case.discussion_on is None:
        problems.append(_("本案情节复杂或者违法行为重大，须经机关负责人集体讨论后方可作出决定。"))
    return problems


def case_decide(
    *,
    case: PenaltyCase,
    by,
    penalize: bool,
    legal_basis: str,
    reason: str,
    kind: str = "",
    amount_yuan=None,
    months: int | None = None,
    sanctions: list[Sanction] | None = None,
    fine_basis: str | None = None,
    illegal_amount_yuan=None,
    today: datetime.date | None = None,
) -> PenaltyCase:
    """The bureau's head decides (决定, 行政处罚法 第五十七条): penalties no heavier than the notice, or none.

    Only once the statement window has closed, and after the legal review and the collective discussion the
    case needs. Several penalties may be combined (并处); the written decision names them all, its basis, the
    remedies and the head who decided. It takes effect on service.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.HEAD, message=NOT_HEAD)
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError(_("请写明决定的理由。"))
    if penalize and not legal_basis.strip():
        raise ValidationError(_("请写明作出行政处罚的法律依据。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, *BEFORE_DECISION_STAGES, field="stage", message=WRONG_STAGE)
        problems = decision_prerequisites(locked, today=today)
        if problems:
            raise ValidationError(problems)
        locked.decided_on = today
        locked.decided_by = by
        if not penalize:
            locked.stage = CaseStage.DROPPED
            locked.decision_text = reason.strip()
            locked.closed_on = today
            locked.step_due_on = None
            _dormancy_case_ends(locked, revoked=False, text=reason.strip())
            locked.save()
            return locked
        basis = locked.fine_basis if fine_basis is None else fine_basis
        illegal = locked.illegal_amount_yuan if illegal_amount_yuan is None else illegal_amount_yuan
        decided = checked_sanctions(
            locked,
            sanctions if sanctions is not None else sanctions_of(kind, amount_yuan, months),
            fine_basis=basis,
            illegal_amount_yuan=illegal,
        )
        if combined_heavier_than_notified(decided, locked.sanctions(PenaltySanction.PROPOSED)):
            raise ValidationError(_("决定的处罚不得重于事先告知的处罚；如需加重，应当重新告知。"))
        jurisdiction = locked.organization.jurisdiction
        store_sanctions(locked, PenaltySanction.DECIDED, decided)
        if any(item.kind == PenaltyKind.FINE for item in decided):
            locked.fine_basis, locked.illegal_amount_yuan = basis, Decimal(illegal).quantize(Decimal("0.01"))
        locked.legal_basis = legal_basis.strip()
        locked.decision_number = _next_decision_number(jurisdiction, today.year)
        locked.decision_text = "\n".join(
            [
                _("%(name)s：%(reason)s。依据%(basis)s，决定给予%(penalty)s的行政处罚。")
                % {
                    "name": locked.organization.name,
                    "reason": reason.strip().rstrip("。"),
                    "basis": locked.legal_basis.rstrip("。"),
                    "penalty": combined_words(decided),
                },
                appeal_routes(authority_name=jurisdiction.authority_name),
                _("本决定经%(steps)s，由本机关负责人%(head)s作出。")
                % {"steps": _decision_steps(locked), "head": head_name(by)},
            ]
        )
        locked.stage = CaseStage.DECIDED
        locked.step_due_on = service_due(today, calendar=work_calendar(today.year, today.year + 1)).due
        locked.save()
    return locked


def _decision_steps(case: PenaltyCase) -> str:
    steps = [str(_("调查取证")), str(_("告知"))]
    if case.hearing_held_on:
        steps.append(str(_("听证")))
    if case.legal_review_on:
        steps.append(str(_("法制审核")))
    if case.discussion_on:
        steps.append(str(_("集体讨论")))
    return "、".join(steps)


def case_serve(
    *,
    case: PenaltyCase,
    by,
    delivered_on: datetime.date | None,
    method: str,
    reference: str = "",
    today: datetime.date | None = None,
) -> PenaltyCase:
    """Record the service of the decision (送达); the penalty takes effect and its links follow.

    A decision published counts as served only when the publication period has passed: until then, nothing
    takes effect and the service is not recorded.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.DECIDED, field="stage", message=WRONG_STAGE)
        service = record_service(
            locked,
            document=ServedDocument.DECISION,
            method=method,
            delivered_on=delivered_on,
            issued_on=locked.decided_on,
            reference=reference,
            by=by,
            today=today,
        )
        if service.served_on > today:
            raise ValidationError(
                _("公告送达自公告之日起经过%(days)d日视为送达（%(date)s），届时再记录送达。")
                % {"days": (service.served_on - delivered_on).days, "date": local_date(service.served_on)}
            )
        locked.served_on = service.served_on
        locked.service_method = method
        if locked.suspension_months:
            locked.suspension_ends_on = suspension_ends_on(service.served_on, months=locked.suspension_months)
        locked.stage = CaseStage.SERVED
        kind = PenaltyKind.SUSPENSION if locked.suspension_months else locked.kind
        locked.step_due_on = execution_due_on(
            kind, served_on=service.served_on, suspension_ends_on=locked.suspension_ends_on
        )
        locked.save()
        penalty_take_effect(case=locked, by=by)
    return locked


def case_execute(*, case: PenaltyCase, by, executed_on: datetime.date, note: str) -> PenaltyCase:
    """Record the execution (执行): the fine paid, property confiscated, activities stopped, registration revoked."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    if not note.strip():
        raise ValidationError(_("请写明执行情况（如罚款缴纳凭证）。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.SERVED, field="stage", message=WRONG_STAGE)
        if executed_on is None or executed_on < locked.served_on or executed_on > timezone.localdate():
            raise ValidationError(_("执行完毕日期应在送达日期之后、不晚于今天。"))
        locked.executed_on = executed_on
        locked.execution_note = note.strip()
        locked.stage = CaseStage.EXECUTED
        locked.step_due_on = None
        locked.save()
    return locked


def case_close(*, case: PenaltyCase, by, note: str) -> PenaltyCase:
    """The section head closes the case (结案) once executed."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.APPROVER, message=NOT_OFFICER)
    if not note.strip():
        raise ValidationError(_("请写明结案意见。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.EXECUTED, field="stage", message=WRONG_STAGE)
        locked.closed_on = timezone.localdate()
        locked.closing_note = note.strip()
        locked.stage = CaseStage.CLOSED
        locked.save()
    return locked


# The links: what a penalty in force changes


def penalty_take_effect(*, case: PenaltyCase, by) -> Organization:
    """Apply a served decision, every combined penalty of it: credit lists (2018 办法), the evaluation grade,
    suspension and revocation."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    organization = case.organization
    on = case.served_on
    decided = case.sanctions(PenaltySanction.DECIDED)
    kinds = {item.kind for item in decided}
    what = _("%(number)s：%(penalty)s") % {"number": case.decision_number, "penalty": combined_words(decided)}
    with transaction.atomic():
        change_event_record(
            organization=organization,
            kind=ChangeKind.PENALTY,
            detail={"decision_number": case.decision_number, "penalties": sorted(kinds), "served_on": on},
        )
        new_grade = combined_grade_after(organization.grade, decided)
        if new_grade is not None:
            grade_change(
                organization=organization,
                by=case.decided_by,
                to_grade=new_grade,
                basis=GradeBasis.VIOLATION,
                reason=what,
                today=on,
            )
        changes = {}
        if PenaltyKind.SUSPENSION in kinds:
            changes["suspended_until"] = case.suspension_ends_on
        if combined_is_serious(decided):
            changes["serious_penalty_on"] = on
        if changes:
            organization = organization_update(
                organization=organization, by=by, reason=what, action=HistoryAction.PENALTY, **changes
            )
        reason_code = combined_credit_reason(decided)
        if PenaltyKind.REVOCATION in kinds:
            organization = organization_revoke(organization=organization, by=by, reason=what, on=on)
            _dormancy_case_ends(case, revoked=True, text=case.decision_text)
        if reason_code is not None:
            credit_list_add(organization=organization, reason_code=reason_code, reason=what, by=by, on=on)
    organization.refresh_from_db()
    return organization
