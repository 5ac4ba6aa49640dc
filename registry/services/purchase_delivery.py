"""Writes of a purchased project's delivery: the contract and its milestones, the organization's reports, the
purchaser's acceptance or return, payments, changes, termination, and the third party's evaluations.

Each write checks who acts, locks its record, checks its state, validates and saves in one transaction. The
process around the project (workflows/flows/purchase_delivery) moves in the same transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    EvaluationGrade,
    EvaluationStage,
    Evaluator,
    MilestoneEvidence,
    MilestoneReport,
    MilestoneStatus,
    ProjectChange,
    ProjectChangeKind,
    ProjectContract,
    ProjectEvaluation,
    ProjectMilestone,
    ProjectStatus,
    ReportDecision,
    ServiceProject,
)
from registry.rules.display import local_date
from registry.rules.purchase_delivery import (
    contract_amount_errors,
    contract_dates_errors,
    evaluation_date_errors,
    milestone_dates_errors,
    payment_plan_errors,
    report_date_errors,
)
from registry.selectors.purchase import acts_for_unit
from registry.services import guards, policy
from registry.services.files import private_path, stored_uploads

EVIDENCE_FOLDER = "purchase_evidence"
OPEN_MILESTONE_STATES = (MilestoneStatus.PENDING, MilestoneStatus.REPORTED, MilestoneStatus.RETURNED)


def evidence_path(stored_name: str):
    return private_path(EVIDENCE_FOLDER, stored_name)


def require_purchaser(user, project: ServiceProject) -> None:
    """Refuse unless `user` acts for the project's purchasing unit."""
    if not acts_for_unit(user, project.unit):
        raise PermissionDenied(_("只有该项目购买主体的工作人员可以办理。"))


def _require_organization(user, project: ServiceProject) -> None:
    policy.require_representative(user, project.organization, message=_("只有承接组织的经办人可以报送。"))


def _clean_plan(project: ServiceProject, amount: Decimal, milestones: list[dict], *, fixed: list | None = None):
    """Validate a milestone plan (with the milestones already accepted, `fixed`) against the contract amount."""
    fixed = fixed or []
    errors = payment_plan_errors(amount, [m.payment_amount for m in fixed] + [m["payment_amount"] for m in milestones])
    errors += milestone_dates_errors(
        [m.due_on for m in fixed] + [m["due_on"] for m in milestones], project.service_start, project.service_end
    )
    for number, milestone in enumerate(milestones, start=len(fixed) + 1):
        if not (milestone.get("title") or "").strip() or not (milestone.get("deliverable") or "").strip():
            errors.append(_("第 %(n)d 个里程碑须填写节点名称和交付成果。") % {"n": number})
    if errors:
        raise ValidationError(errors)


def _create_milestones(project: ServiceProject, milestones: list[dict], *, first: int) -> None:
    for order, milestone in enumerate(milestones, start=first):
        row = ProjectMilestone(
            project=project,
            order=order,
            title=milestone["title"].strip(),
            deliverable=milestone["deliverable"].strip(),
            due_on=milestone["due_on"],
            payment_amount=milestone["payment_amount"],
        )
        row.full_clean(exclude=["project"])
        row.save()


def contract_record(
    *,
    project: ServiceProject,
    by,
    number: str,
    signed_on: datetime.date,
    amount: Decimal,
    milestones: list[dict],
    service_start: datetime.date | None = None,
) -> ProjectContract:
    """Record the signed contract with its milestones; the project is then under contract (CONTRACTED).

    `milestones`: [{"title", "deliverable", "due_on", "payment_amount"}, ...] in order; their payments add up to
    the contract amount, which may not exceed the awarded amount. `service_start`: the first day of service the
    contract agrees when it differs from the award's (a contract signed after the awarded start moves it; the
    move is recorded as a change of the period)."""
    require_purchaser(by, project)
    with transaction.atomic():
        project = guards.locked(project)
        guards.require_state(project, ProjectStatus.AWARDED)
        errors = contract_amount_errors(amount, project.amount)
        awarded_start, start = project.service_start, service_start or project.service_start
        if start >= project.service_end:
            errors.append(
                _("服务期开始日期须早于服务期结束日期（%(day)s）。") % {"day": local_date(project.service_end)}
            )
        if signed_on is None:
            errors.append(_("请填写合同签订日期。"))
        else:
            errors += contract_dates_errors(
                signed_on, awarded_on=project.awarded_on, start=start, today=timezone.localdate()
            )
        if not (number or "").strip():
            errors.append(_("请填写合同编号。"))
        if errors:
            raise ValidationError(errors)
        project.service_start = start
        _clean_plan(project, amount, milestones)
        contract = ProjectContract(
            project=project, number=number.strip(), signed_on=signed_on, amount=amount, recorded_by=by
        )
        try:
            contract.full_clean()
        except ValidationError as exc:
            if "number" in exc.message_dict:
                raise ValidationError(_("合同编号 %(number)s 已被使用。") % {"number": number}) from exc
            raise
        contract.save()
        _create_milestones(project, milestones, first=1)
        project.status = ProjectStatus.CONTRACTED
        project.save(update_fields=["status", "service_start"])
        if start != awarded_start:
            ProjectChange.objects.create(
                project=project,
                kind=ProjectChangeKind.PERIOD,
                reason=_("合同 %(number)s 约定的服务期开始日期。") % {"number": contract.number},
                before={"service_start": awarded_start.isoformat()},
                after={"service_start": start.isoformat()},
                by=by,
            )
    return contract


def current_milestone(project: ServiceProject) -> ProjectMilestone | None:
    """The milestone being delivered now: the first one not yet accepted (nor cancelled)."""
    return project.milestones.filter(status__in=OPEN_MILESTONE_STATES).order_by("order").first()


def milestone_report(
    *, milestone: ProjectMilestone, by, text: str, uploads: list, today: datetime.date | None = None
) -> MilestoneReport:
    """The organization reports a milestone (first time or again after a return) with its evidence files.

    `today`, the report's date (the day the work is reported done), may not be in the future nor before the
    service period starts."""
    project = milestone.project
    _require_organization(by, project)
    if not (text or "").strip():
        raise ValidationError(_("请填写里程碑完成情况。"))
    if not any(uploads):
        raise ValidationError(_("请上传佐证材料。"))
    reported_on = today or timezone.localdate()
    date_errors = report_date_errors(reported_on, start=project.service_start, today=timezone.localdate())
    if date_errors:
        raise ValidationError(date_errors)
    with stored_uploads(uploads, folder=EVIDENCE_FOLDER) as stored, transaction.atomic():
        project = guards.locked(project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        milestone = guards.locked(milestone)
        guards.require_state(milestone, MilestoneStatus.PENDING, MilestoneStatus.RETURNED)
        current = current_milestone(project)
        if current is None or current.pk != milestone.pk:
            raise ValidationError(
                _("请按顺序报送里程碑：当前应报送第 %(n)d 个。") % {"n": current.order if current else 0}
            )
        report = MilestoneReport.objects.create(
            milestone=milestone, text=text.strip(), reported_on=reported_on, reported_by=by
        )
        for fields in stored:
            MilestoneEvidence.objects.create(report=report, **fields)
        milestone.status = MilestoneStatus.REPORTED
        milestone.save(update_fields=["status"])
    return report


def _decide(milestone: ProjectMilestone, by, decision: str, reason: str) -> MilestoneReport:
    milestone = guards.locked(milestone)
    guards.require_state(milestone, MilestoneStatus.REPORTED)
    report = milestone.reports.order_by("-reported_at", "-id").first()
    report.decision, report.reason, report.decided_by, report.decided_at = decision, reason, by, timezone.now()
    report.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    return report


def milestone_accept(*, milestone: ProjectMilestone, by, opinion: str = "", today: datetime.date | None = None):
    """The purchaser accepts the reported milestone: its payment may now be released."""
    require_purchaser(by, milestone.project)
    with transaction.atomic():
        project = guards.locked(milestone.project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        report = _decide(milestone, by, ReportDecision.ACCEPTED, (opinion or "").strip())
        milestone = report.milestone
        milestone.status = MilestoneStatus.ACCEPTED
        milestone.accepted_report_on = report.reported_on
        milestone.accepted_on = today or timezone.localdate()
        milestone.save(update_fields=["status", "accepted_report_on", "accepted_on"])
    return milestone


def milestone_return(*, milestone: ProjectMilestone, by, reason: str):
    """The purchaser returns the reported milestone with its reasons; the organization reports it again."""
    require_purchaser(by, milestone.project)
    if not (reason or "").strip():
        raise ValidationError(_("退回须写明理由。"))
    with transaction.atomic():
        project = guards.locked(milestone.project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        report = _decide(milestone, by, ReportDecision.RETURNED, reason.strip())
        milestone = report.milestone
        milestone.status = MilestoneStatus.RETURNED
        milestone.save(update_fields=["status"])
    return milestone


def milestone_payment_record(*, milestone: ProjectMilestone, by, paid_on: datetime.date, amount: Decimal):
    """Record the payment an accepted milestone released (never before acceptance, never above its amount)."""
    require_purchaser(by, milestone.project)
    with transaction.atomic():
        milestone = guards.locked(milestone)
        guards.require_state(
            milestone, MilestoneStatus.ACCEPTED, message=_("里程碑验收通过后方可付款（当前状态：%(status)s）。")
        )
        if amount is None or amount <= 0 or amount > milestone.payment_amount:
            raise ValidationError(
                _("付款金额须大于零且不超过该里程碑约定的 %(amount)s 元。")
                % {"amount": f"{milestone.payment_amount:,.2f}"}
            )
        if milestone.accepted_on and paid_on < milestone.accepted_on:
            raise ValidationError(_("付款日期不能早于验收日期。"))
        milestone.paid_on, milestone.paid_amount, milestone.status = paid_on, amount, MilestoneStatus.PAID
        milestone.save(update_fields=["paid_on", "paid_amount", "status"])
    return milestone


def _plan_snapshot(project: ServiceProject) -> list[dict]:
    return [
        {"order": m.order, "title": m.title, "due_on": m.due_on.isoformat(), "payment": f"{m.payment_amount:.2f}"}
        for m in project.milestones.exclude(status=MilestoneStatus.CANCELLED).order_by("order")
    ]


def project_change(
    *,
    project: ServiceProject,
    by,
    reason: str,
    amount: Decimal | None = None,
    service_end: datetime.date | None = None,
    milestones: list[dict] | None = None,
) -> list[ProjectChange]:
    """Record a change of the contract: its amount, the end of the service period, and/or the plan of the
    milestones not yet reported (which must then add up to the contract amount with those already done)."""
    require_purchaser(by, project)
    if not (reason or "").strip():
        raise ValidationError(_("变更须写明理由。"))
    if amount is None and service_end is None and milestones is None:
        raise ValidationError(_("请填写变更内容。"))
    changes = []
    with transaction.atomic():
        project = guards.locked(project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        contract = guards.locked(project.contract)
        if service_end is not None and service_end != project.service_end:
            if service_end < project.service_start:
                raise ValidationError(_("服务期结束日期不能早于开始日期。"))
            changes.append(
                (
                    ProjectChangeKind.PERIOD,
                    {"service_end": project.service_end.isoformat()},
                    {"service_end": service_end.isoformat()},
                )
            )
            project.service_end = service_end
            project.save(update_fields=["service_end"])
        new_amount = contract.amount if amount is None else amount
        if new_amount <= 0:
            raise ValidationError(_("合同金额须大于零。"))
        if amount is not None and amount != contract.amount:
            changes.append(
                (ProjectChangeKind.AMOUNT, {"amount": f"{contract.amount:.2f}"}, {"amount": f"{amount:.2f}"})
            )
            contract.amount = amount
            contract.save(update_fields=["amount"])
        done = list(project.milestones.exclude(status__in=OPEN_MILESTONE_STATES + (MilestoneStatus.CANCELLED,)))
        open_rows = project.milestones.filter(status__in=OPEN_MILESTONE_STATES)
        before = _plan_snapshot(project)
        if milestones is not None:
            if not open_rows.exists():
                raise ValidationError(_("全部里程碑已验收，不能再变更里程碑计划。"))
            if open_rows.exclude(status=MilestoneStatus.PENDING).exists():
                raise ValidationError(_("已报送或被退回的里程碑不能变更，请先办结其验收。"))
            _clean_plan(project, new_amount, milestones, fixed=done)
            open_rows.delete()
            _create_milestones(project, milestones, first=max([m.order for m in done], default=0) + 1)
            changes.append(
                (ProjectChangeKind.MILESTONES, {"milestones": before}, {"milestones": _plan_snapshot(project)})
            )
        else:
            _clean_plan(
                project,
                new_amount,
                [
                    {
                        "title": m.title,
                        "deliverable": m.deliverable,
                        "due_on": m.due_on,
                        "payment_amount": m.payment_amount,
                    }
                    for m in open_rows
                ],
                fixed=done,
            )
        if not changes:
            raise ValidationError(_("变更内容与现行合同相同。"))
        return [
            ProjectChange.objects.create(
                project=project, kind=kind, reason=reason.strip(), before=old, after=new, by=by
            )
            for kind, old, new in changes
        ]


def project_terminate(*, project: ServiceProject, by, reason: str) -> ServiceProject:
    """Terminate the project with its reason: milestones not yet accepted are cancelled."""
    require_purchaser(by, project)
    if not (reason or "").strip():
        raise ValidationError(_("终止项目须写明理由。"))
    with transaction.atomic():
        project = guards.locked(project)
        guards.require_state(project, ProjectStatus.AWARDED, ProjectStatus.CONTRACTED)
        previous = project.status
        project.milestones.filter(status__in=OPEN_MILESTONE_STATES).update(status=MilestoneStatus.CANCELLED)
        project.status = ProjectStatus.TERMINATED
        project.save(update_fields=["status"])
        ProjectChange.objects.create(
            project=project,
            kind=ProjectChangeKind.TERMINATION,
            reason=reason.strip(),
            before={"status": previous},
            after={"status": ProjectStatus.TERMINATED},
            by=by,
        )
    return project


def project_evaluator_assign(*, project: ServiceProject, by, stage: str, evaluator: Evaluator) -> ProjectEvaluation:
    """The purchaser's officer entrusts a third-party evaluator with the mid-term or final evaluation."""
    require_purchaser(by, project)
    if stage not in EvaluationStage.values:
        raise ValidationError(_("请选择评估阶段。"))
    if not evaluator.active:
        raise ValidationError(_("该评估专家已不在库。"))
    with transaction.atomic():
        project = guards.locked(project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        existing = ProjectEvaluation.objects.select_for_update().filter(project=project, stage=stage).first()
        if existing is not None:
            if existing.recorded:
                raise ValidationError(_("该阶段的评估已完成，不能更换评估专家。"))
            existing.evaluator = evaluator
            existing.assigned_by = by
            existing.save(update_fields=["evaluator", "assigned_by"])
            return existing
        try:
            with transaction.atomic():
                return ProjectEvaluation.objects.create(
                    project=project, stage=stage, evaluator=evaluator, assigned_by=by
                )
        except IntegrityError as exc:
            raise ValidationError(_("该阶段已委托评估专家。")) from exc


def project_evaluation_record(
    *, evaluation: ProjectEvaluation, by, grade: str, score: Decimal | None, findings: str, evaluated_on: datetime.date
) -> ProjectEvaluation:
    """The evaluator records the result. A final evaluation needs every milestone accepted; it sets the project's
    final grade and date and closes it (COMPLETED); a 不合格 result bars the organization from calls."""
    if by is None or evaluation.evaluator.user_id != by.pk or not evaluation.evaluator.active:
        raise PermissionDenied(_("只有受委托的评估专家可以录入评估结果。"))
    if grade not in EvaluationGrade.values:
        raise ValidationError(_("请选择评估结果。"))
    if not (findings or "").strip():
        raise ValidationError(_("请填写评估意见。"))
    if score is not None and not (Decimal("0") <= score <= Decimal("100")):
        raise ValidationError(_("评估得分须在 0 至 100 之间。"))
    if evaluated_on is None:
        raise ValidationError(_("请填写评估日期。"))
    with transaction.atomic():
        project = guards.locked(evaluation.project)
        guards.require_state(project, ProjectStatus.CONTRACTED)
        evaluation = guards.locked(evaluation)
        if evaluation.recorded:
            raise ValidationError(_("该评估结果已录入，不能重复录入。"))
        if evaluation.stage == EvaluationStage.FINAL:
            if project.milestones.filter(status__in=OPEN_MILESTONE_STATES).exists():
                raise ValidationError(_("全部里程碑验收通过后方可进行结项评估。"))
            if not project.milestones.exists():
                raise ValidationError(_("项目尚无里程碑，不能结项评估。"))
        last_accepted_on = max(
            (day for day in project.milestones.values_list("accepted_on", flat=True) if day is not None), default=None
        )
        date_errors = evaluation_date_errors(
            evaluation.stage,
            evaluated_on,
            start=project.service_start,
            today=timezone.localdate(),
            last_accepted_on=last_accepted_on,
        )
        if date_errors:
            raise ValidationError(date_errors)
        evaluation.grade, evaluation.score = grade, score
        evaluation.findings, evaluation.evaluated_on = findings.strip(), evaluated_on
        evaluation.save(update_fields=["grade", "score", "findings", "evaluated_on"])
        if evaluation.stage == EvaluationStage.FINAL:
            project.final_grade, project.evaluated_on = grade, evaluated_on
            project.status = ProjectStatus.COMPLETED
            project.save(update_fields=["final_grade", "evaluated_on", "status"])
    return evaluation
