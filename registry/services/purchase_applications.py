"""An organization's application to a call: draft, documents, submit (or refusal), withdraw; and the purchaser's
eligibility check.

A submission after the deadline or from an organization that does not qualify is refused (不予受理): the
application keeps the reasons and nothing else changes. Rules in `registry.rules.purchase_eligibility`.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    CallStatus,
    Organization,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaseDocument,
    ServiceCall,
)
from registry.rules.purchase_eligibility import budget_total, content_problems, submission_problems
from registry.selectors.purchase import call_eligibility
from registry.services import guards, policy
from registry.services.files import document_store, private_path
from registry.services.purchase_calls import require_purchaser

NOT_REPRESENTATIVE = _("只有该组织的经办人可以办理。")
MAX_ROWS = 30


def _amount(text, *, row: int) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("预算明细第%(row)d行的金额不是数字。") % {"row": row}) from exc
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("预算明细第%(row)d行的金额须大于0，最多两位小数。") % {"row": row})
    return value.quantize(Decimal("0.01"))


def clean_budget_lines(lines: list[dict]) -> list[dict]:
    """Budget rows (item, amount, note) with amounts as text of two decimals; blank rows dropped."""
    cleaned = []
    for index, line in enumerate(lines, start=1):
        item = (line.get("item") or "").strip()
        amount = str(line.get("amount") or "").strip()
        note = (line.get("note") or "").strip()
        if not (item or amount or note):
            continue
        if not item:
            raise ValidationError(_("预算明细第%(row)d行请填写支出项目。") % {"row": index})
        cleaned.append({"item": item[:60], "amount": str(_amount(amount, row=index)), "note": note[:200]})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError(_("预算明细最多%(count)d行。") % {"count": MAX_ROWS})
    return cleaned


def clean_team(rows: list[dict]) -> list[dict]:
    """Team rows (name, role, qualification); blank rows dropped."""
    cleaned = []
    for index, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()
        role = (row.get("role") or "").strip()
        qualification = (row.get("qualification") or "").strip()
        if not (name or role or qualification):
            continue
        if not name:
            raise ValidationError(_("项目团队第%(row)d行请填写姓名。") % {"row": index})
        cleaned.append({"name": name[:40], "role": role[:40], "qualification": qualification[:100]})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError(_("项目团队最多%(count)d人。") % {"count": MAX_ROWS})
    return cleaned


def application_save(
    *,
    call: ServiceCall,
    organization: Organization,
    by,
    application: PurchaseApplication | None = None,
    project_name: str,
    plan: str = "",
    beneficiaries: str = "",
    beneficiary_count: int | None = None,
    budget_lines: list[dict] = (),
    team: list[dict] = (),
) -> PurchaseApplication:
    """Create or save the organization's draft application to an open call (the total is computed)."""
    policy.require_representative(by, organization, message=NOT_REPRESENTATIVE)
    lines = clean_budget_lines(list(budget_lines))
    members = clean_team(list(team))
    if not project_name.strip():
        raise ValidationError({"project_name": _("请填写项目名称。")})
    with transaction.atomic():
        if application is None:
            current_call = guards.locked(call)
            if current_call.status != CallStatus.OPEN or timezone.now() > current_call.deadline:
                raise ValidationError(_("该项目征集不在征集期内。"))
            if (
                PurchaseApplication.objects.filter(call=call, organization=organization)
                .exclude(status=PurchaseApplicationStatus.WITHDRAWN)
                .exists()
            ):
                raise ValidationError(_("本组织已申报该项目征集，请在原申报中修改。"))
            application = PurchaseApplication(call=call, organization=organization)
        else:
            if application.organization_id != organization.pk or application.call_id != call.pk:
                raise ValidationError(_("申报与组织不符。"))
            application = guards.locked(application)
            guards.require_state(application, PurchaseApplicationStatus.DRAFT)
        application.project_name = project_name.strip()
        application.plan = plan.strip()
        application.beneficiaries = beneficiaries.strip()
        application.beneficiary_count = beneficiary_count
        application.budget_lines = lines
        application.requested_amount = budget_total(lines) if lines else None
        application.team = members
        application.full_clean(exclude=["submitted_by"])
        application.save()
    return application


FOLDER = "purchase"  # where its documents are stored, under MEDIA_ROOT


def document_path(document: PurchaseDocument):
    return private_path(FOLDER, document.stored_name)


def application_document_attach(*, application: PurchaseApplication, by, kind: str, uploaded) -> PurchaseDocument:
    """Store a document (PDF, JPEG or PNG by content) of the draft, in place of an earlier one of the same kind."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    if kind not in PurchaseDocument.Kind.values:
        raise ValidationError(_("请选择材料名称。"))

    def lock(application):
        current = guards.locked(application)
        guards.require_state(current, PurchaseApplicationStatus.DRAFT)
        return current

    return document_store(
        model=PurchaseDocument, application=application, kind=kind, uploaded=uploaded, by=by, folder=FOLDER, lock=lock
    )


def application_submit(
    *, application: PurchaseApplication, by, now: datetime.datetime | None = None
) -> PurchaseApplication:
    """Submit the draft: SUBMITTED, or REFUSED with the reasons when late or not eligible.

    Incomplete content is an error to correct (nothing saved); a refusal is recorded on the application
    and changes nothing else. The caller starts the application's process when it is SUBMITTED.
    """
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    now = now or timezone.now()
    with transaction.atomic():
        current = guards.locked(application, "call", "organization")
        guards.require_state(current, PurchaseApplicationStatus.DRAFT)
        call = current.call
        problems = content_problems(
            project_name=current.project_name,
            plan=current.plan,
            requested=current.requested_amount,
            max_per_project=call.max_per_project,
        )
        if problems:
            raise ValidationError(problems)
        refusals = submission_problems(
            now=now,
            deadline=call.deadline,
            call_open=call.status == CallStatus.OPEN,
            eligibility=call_eligibility(current.organization, call, today=timezone.localdate(now)),
        )
        current.submitted_by = by
        current.submitted_at = now
        if refusals:
            current.status = PurchaseApplicationStatus.REFUSED
            current.refusal_reasons = refusals
        else:
            current.status = PurchaseApplicationStatus.SUBMITTED
            current.refusal_reasons = []
        current.save(update_fields=["submitted_by", "submitted_at", "status", "refusal_reasons"])
    return current


def application_withdraw(*, application: PurchaseApplication, by, now: datetime.datetime | None = None) -> None:
    """Withdraw a draft or a submitted application before the deadline (the process, if any, is the caller's)."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        current = guards.locked(application, "call")
        guards.require_state(current, PurchaseApplicationStatus.DRAFT, PurchaseApplicationStatus.SUBMITTED)
        if (now or timezone.now()) > current.call.deadline:
            raise ValidationError(_("申报截止后不能撤回。"))
        current.status = PurchaseApplicationStatus.WITHDRAWN
        current.save(update_fields=["status"])


def application_eligibility_decide(
    *, application: PurchaseApplication, by, eligible: bool, reasons: list[str]
) -> PurchaseApplication:
    """The purchaser's eligibility check (资格审查): ELIGIBLE, or INELIGIBLE with reasons told to the organization."""
    require_purchaser(by, application.call.unit)
    reasons = [reason.strip() for reason in reasons if reason.strip()]
    if not eligible and not reasons:
        raise ValidationError({"reasons": _("资格审查不通过的，请写明理由。")})
    with transaction.atomic():
        current = guards.locked(application)
        guards.require_state(current, PurchaseApplicationStatus.SUBMITTED)
        current.status = PurchaseApplicationStatus.ELIGIBLE if eligible else PurchaseApplicationStatus.INELIGIBLE
        current.refusal_reasons = [] if eligible else reasons
        current.save(update_fields=["status", "refusal_reasons"])
    return current
