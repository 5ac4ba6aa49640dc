"""Administrative penalty cases from the decision on: decision, service, execution and closing; and what a
penalty in force changes elsewhere (credit lists, grade, suspension, revocation).

Each function is one step of the case, called by the penalty process's task views. The steps before the
decision are in `penalty_cases`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OfficerRole
from registry.models import Jurisdiction, Organization
from registry.models.penalty import PenaltyCase
from registry.rules.evaluation import GradeBasis
from registry.rules.penalties import (
    CaseStage,
    PenaltyKind,
    appeal_routes,
    credit_reason_for,
    execution_due_on,
    grade_after_penalty,
    heavier_than_notified,
    is_serious,
    penalty_words,
    service_due_on,
    suspension_ends_on,
)
from registry.services import guards, policy
from registry.services.credit import credit_list_add
from registry.services.penalty_cases import NOT_OFFICER, WRONG_STAGE, checked_penalty
from registry.services.register import _dormancy_case_ends, grade_change, organization_revoke, organization_update

# 决定, 送达, 执行, 结案


def _next_decision_number(jurisdiction: Jurisdiction, year: int) -> str:
    guards.locked(jurisdiction)
    count = PenaltyCase.objects.filter(organization__jurisdiction=jurisdiction, decided_on__year=year).exclude(
        decision_number=""
    )
    return _("%(name)s民罚字〔%(year)d〕%(n)d号") % {"name": jurisdiction.name, "year": year, "n": count.count() + 1}


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
    today: datetime.date | None = None,
) -> PenaltyCase:
    """The section head decides (决定): a penalty no heavier than the notice, with its basis and the remedies; or none.

    The decision is written and numbered; it takes effect on service.
    """
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.APPROVER, message=NOT_OFFICER)
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError(_("请写明决定的理由。"))
    amount = None
    if penalize:
        if not legal_basis.strip():
            raise ValidationError(_("请写明作出行政处罚的法律依据。"))
        amount = checked_penalty(kind, amount_yuan, months)
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.REVIEWED, field="stage", message=WRONG_STAGE)
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
        if heavier_than_notified(
            kind, amount, notified_kind=locked.proposed_kind, notified_amount_yuan=locked.proposed_amount_yuan
        ) or (kind == PenaltyKind.SUSPENSION and months > (locked.proposed_months or 0)):
            raise ValidationError(_("决定的处罚不得重于事先告知的处罚；如需加重，应当重新告知。"))
        jurisdiction = locked.organization.jurisdiction
        locked.kind = kind
        locked.amount_yuan = amount
        locked.suspension_months = months if kind == PenaltyKind.SUSPENSION else None
        locked.legal_basis = legal_basis.strip()
        locked.decision_number = _next_decision_number(jurisdiction, today.year)
        locked.decision_text = "\n".join(
            [
                _("%(name)s：%(reason)s。依据%(basis)s，决定给予%(penalty)s的行政处罚。")
                % {
                    "name": locked.organization.name,
                    "reason": reason.strip().rstrip("。"),
                    "basis": locked.legal_basis.rstrip("。"),
                    "penalty": penalty_words(kind, amount, locked.suspension_months),
                },
                appeal_routes(authority_name=jurisdiction.authority_name),
            ]
        )
        locked.stage = CaseStage.DECIDED
        locked.step_due_on = service_due_on(today)
        locked.save()
    return locked


SERVICE_METHODS = ("portal", "in_person", "post", "publication")


def case_serve(
    *, case: PenaltyCase, by, served_on: datetime.date, method: str, today: datetime.date | None = None
) -> PenaltyCase:
    """Record the service of the decision (送达); the penalty takes effect and its links follow."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    today = today or timezone.localdate()
    if method not in SERVICE_METHODS:
        raise ValidationError(_("请选择送达方式。"))
    with transaction.atomic():
        locked = guards.locked(case, "organization__jurisdiction")
        guards.require_state(locked, CaseStage.DECIDED, field="stage", message=WRONG_STAGE)
        if served_on is None or served_on > today or served_on < locked.decided_on:
            raise ValidationError(_("送达日期应在决定日期之后、不晚于今天。"))
        locked.served_on = served_on
        locked.service_method = method
        if locked.kind == PenaltyKind.SUSPENSION:
            locked.suspension_ends_on = suspension_ends_on(served_on, months=locked.suspension_months)
        locked.stage = CaseStage.SERVED
        locked.step_due_on = execution_due_on(
            locked.kind, served_on=served_on, suspension_ends_on=locked.suspension_ends_on
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
    """Apply a served penalty: credit lists (2018 办法), the evaluation grade, suspension and revocation."""
    policy.require_role(by, case.organization.jurisdiction, OfficerRole.INSPECTOR, message=NOT_OFFICER)
    organization = case.organization
    on = case.served_on
    what = _("%(number)s：%(penalty)s") % {
        "number": case.decision_number,
        "penalty": penalty_words(case.kind, case.amount_yuan, case.suspension_months),
    }
    with transaction.atomic():
        new_grade = grade_after_penalty(organization.grade, case.kind, fine_yuan=case.amount_yuan)
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
        if case.kind == PenaltyKind.SUSPENSION:
            changes["suspended_until"] = case.suspension_ends_on
        if is_serious(case.kind, fine_yuan=case.amount_yuan):
            changes["serious_penalty_on"] = on
        if changes:
            organization = organization_update(
                organization=organization, by=by, reason=what, action=HistoryAction.PENALTY, **changes
            )
        reason_code = credit_reason_for(case.kind, fine_yuan=case.amount_yuan)
        if case.kind == PenaltyKind.REVOCATION:
            organization = organization_revoke(organization=organization, by=by, reason=what, on=on)
            _dormancy_case_ends(case, revoked=True, text=case.decision_text)
        if reason_code is not None:
            credit_list_add(organization=organization, reason_code=reason_code, reason=what, by=by, on=on)
    organization.refresh_from_db()
    return organization
