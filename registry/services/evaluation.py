"""Standardization evaluation: rounds, applications and self-assessment, eligibility, teams, scoring,
the committee's proposal, the public notice and objections, review, announcement, and grade decisions.

Each function changes one thing of the register and is what views, flow steps and commands call.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import Grade, OfficerRole, OrgStatus
from registry.models import (
    CertificateKind,
    DormancyCase,
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    Evaluator,
    GradeChange,
    GradeChangeKind,
    IndicatorScore,
    IndicatorTable,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    Organization,
    RoundStatus,
    TeamMember,
)
from registry.models.dormancy import OPEN_STATUSES
from registry.rules.credit import CreditList, CreditReason
from registry.rules.evaluation import (
    GradeBasis,
    eligibility_problems,
    grade_expires_on,
    grade_for,
    grade_rank,
    grade_valid_from,
    points_problem,
    rules_for_round,
    table_problems,
)
from registry.rules.penalties import is_suspended
from registry.selectors import deadline_after
from registry.services.certificates import issue_grade_certificate, void_certificates
from registry.services.notifications import notify_applicant
from registry.services.organizations import organization_update
from registry.services.policy import role_permission

ACTION = "评估等级"


def _require_role(user, jurisdiction, role: str) -> None:
    if user is None or not (user.is_superuser or user.has_perm(role_permission(role), jurisdiction)):
        raise PermissionDenied(_("您没有在该登记管理机关办理此事项的权限。"))


def _require_representative(organization: Organization, user) -> None:
    if not user.has_perm("registry.manage_organization", organization):
        raise PermissionDenied(_("只有该组织的经办人可以办理。"))


def _locked(application: EvaluationApplication) -> EvaluationApplication:
    return (
        EvaluationApplication.objects.select_for_update(of=("self",))
        .select_related("round__jurisdiction", "organization__jurisdiction", "table")
        .get(pk=application.pk)
    )


def _require_status(application: EvaluationApplication, *statuses) -> None:
    if application.status not in statuses:
        raise ValidationError(
            _("该评估申请当前状态为“%(status)s”，不能办理此事项（可能已由他人处理）。")
            % {"status": application.get_status_display()}
        )


def _step_due(today: datetime.date) -> datetime.date:
    return deadline_after(today, settings.REGISTRY["EVALUATION_STEP_WORKING_DAYS"]).due


def _points(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        points = None
    if points is None or not points.is_finite():  # "NaN" parses but is no score
        raise ValidationError(_("得分“%(value)s”不是有效的数字。") % {"value": value})
    return points


# Indicator tables and rounds


def indicator_table_copy(*, table: IndicatorTable, by) -> IndicatorTable:
    """Copy a table to the next version of its type, to be edited for a later round."""
    if not (by.is_superuser or by.has_perm("registry.add_indicatortable")):
        raise PermissionDenied(_("您没有维护评估指标表的权限。"))
    with transaction.atomic():
        latest = IndicatorTable.objects.select_for_update().filter(org_type=table.org_type).order_by("-version").first()
        copy = IndicatorTable.objects.create(org_type=table.org_type, version=latest.version + 1, title=table.title)
        for indicator in table.indicators.all():
            indicator.pk = None
            indicator.table = copy
            indicator.save()
    return copy


def round_open(
    *, jurisdiction, year: int, title: str, apply_from: datetime.date, apply_until: datetime.date, tables, by
) -> EvaluationRound:
    """Open a round for the types of `tables` (one table per type); the tables are frozen from now on."""
    _require_role(by, jurisdiction, OfficerRole.EVALUATOR)
    tables = list(tables)
    errors = []
    if not title.strip():
        errors.append(_("请填写评估轮次名称。"))
    if apply_until < apply_from:
        errors.append(_("申请截止日期不能早于开始日期。"))
    if not tables:
        errors.append(_("请至少选择一类组织的指标表。"))
    types = [table.org_type for table in tables]
    if len(set(types)) != len(types):
        errors.append(_("每类组织只能选用一张指标表。"))
    for table in tables:
        for problem in table_problems(table.indicators.values_list("part", "max_points")):
            errors.append(f"{table}：{problem}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evaluation_round = EvaluationRound(
            jurisdiction=jurisdiction,
            year=year,
            title=title.strip(),
            apply_from=apply_from,
            apply_until=apply_until,
            opened_by=by,
            rules=rules_for_round(timezone.localdate()),
        )
        evaluation_round.full_clean()
        evaluation_round.save()
        evaluation_round.tables.set(tables)
        IndicatorTable.objects.filter(pk__in=[t.pk for t in tables], locked_at__isnull=True).update(
            locked_at=timezone.now()
        )
    return evaluation_round


# The organization: application and self-assessment


def eligibility_of(*, organization: Organization, evaluation_round: EvaluationRound, on: datetime.date) -> list[str]:
    """Why `organization` may not apply in `evaluation_round` on `on`; empty when it may."""
    conf = settings.REGISTRY
    problems = []
    if organization.jurisdiction_id != evaluation_round.jurisdiction_id:
        problems.append(
            _("本轮评估由%(name)s组织，只接受其登记的社会组织申请。") % {"name": evaluation_round.jurisdiction}
        )
    if not evaluation_round.apply_from <= on <= evaluation_round.apply_until:
        problems.append(
            _("本轮评估的申请时间为 %(start)s 至 %(end)s。")
            % {"start": evaluation_round.apply_from.isoformat(), "end": evaluation_round.apply_until.isoformat()}
        )
    problems += eligibility_problems(
        org_type=organization.org_type,
        round_types=[table.org_type for table in evaluation_round.tables.all()],
        status=organization.status,
        founded_on=organization.founded_on,
        applied_on=on,
        min_years=conf["EVALUATION_MIN_YEARS"],
        on_dishonest_list=organization.on_dishonest_list,
        on_abnormal_list=organization.on_abnormal_list,
        exclude_abnormal=conf["EVALUATION_EXCLUDE_ABNORMAL"],
        last_inspection_result=organization.last_inspection_result,
        exclude_failed_inspection=conf["EVALUATION_EXCLUDE_FAILED_INSPECTION"],
        under_cleanup=DormancyCase.objects.filter(organization=organization, status__in=OPEN_STATUSES).exists(),
        rules=evaluation_round.rules,
        only_light_penalties=not organization.credit_entries.filter(
            credit_list=CreditList.ABNORMAL, removed_on__isnull=True
        )
        .exclude(reason_code=CreditReason.SMALL_PENALTY)
        .exists(),
        suspended=is_suspended(organization.suspended_until, today=on),
    )
    return problems


def eligibility_at_submission(application: EvaluationApplication) -> list[str]:
    """Why the applicant does not (or no longer does) meet the conditions, judged on the day it applied."""
    applied_on = timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()
    return eligibility_of(organization=application.organization, evaluation_round=application.round, on=applied_on)


def evaluation_apply(
    *, evaluation_round: EvaluationRound, organization: Organization, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """Start an application with a blank self-assessment; an ineligible organization is refused with the reasons."""
    today = today or timezone.localdate()
    _require_representative(organization, by)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        existing = EvaluationApplication.objects.filter(round=evaluation_round, organization=organization).first()
        if existing:
            return existing
        problems = eligibility_of(organization=organization, evaluation_round=evaluation_round, on=today)
        if problems:
            raise ValidationError(problems)
        table = evaluation_round.table_for(organization.org_type)
        application = EvaluationApplication.objects.create(
            round=evaluation_round, organization=organization, table=table, applicant=by
        )
        IndicatorScore.objects.bulk_create(
            IndicatorScore(application=application, indicator=indicator) for indicator in table.indicators.all()
        )
    return application


def _apply_scores(application, scores: dict, *, points_field: str, note_field: str) -> None:
    """Write (points, note) per indicator id after checking every one against its maximum; all or nothing.

    A refusal names each bad score by its indicator id (`ValidationError.message_dict`), so a page can show
    the error next to that score and keep everything else that was typed.
    """
    rows = {row.indicator_id: row for row in application.scores.select_related("indicator")}
    errors = {}
    for indicator_id, (value, note) in scores.items():
        row = rows.get(int(indicator_id))
        if row is None:
            raise ValidationError(_("指标不属于本次评估采用的指标表。"))
        try:
            points = _points(value)
        except ValidationError as exc:
            errors[str(row.indicator_id)] = exc.messages
            continue
        problem = points_problem(points, row.indicator.max_points, label=f"{row.indicator.code} {row.indicator.title}")
        if problem:
            errors[str(row.indicator_id)] = [problem]
            continue
        setattr(row, points_field, points)
        setattr(row, note_field, (note or "").strip())
    if errors:
        raise ValidationError(errors)
    IndicatorScore.objects.bulk_update(rows.values(), [points_field, note_field])


def self_assessment_save(
    *, application: EvaluationApplication, by, scores: dict, summary: str
) -> EvaluationApplication:
    """Save the self-assessment as a draft: `scores` maps indicator id to (points, note)."""
    with transaction.atomic():
        locked = _locked(application)
        _require_representative(locked.organization, by)
        _require_status(locked, EvaluationStatus.DRAFT)
        _apply_scores(locked, scores, points_field="self_points", note_field="self_note")
        locked.self_summary = summary.strip()
        locked.save(update_fields=["self_summary"])
    return locked


def _missing(application, field: str) -> list[str]:
    missing = application.scores.filter(**{f"{field}__isnull": True}).select_related("indicator")
    return [f"{row.indicator.code} {row.indicator.title}" for row in missing]


def self_assessment_problems(application: EvaluationApplication) -> list[str]:
    """What the organization still has to fill in before it can apply."""
    problems = []
    missing = _missing(application, "self_points")
    if missing:
        problems.append(_("以下指标尚未自评打分：%(items)s。") % {"items": "、".join(missing)})
    if len(application.self_summary.strip()) < 20:
        problems.append(_("请填写自评报告（不少于20字）。"))
    return problems


def evaluation_submit(
    *, application: EvaluationApplication, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """Apply: the self-assessment is complete and the organization still eligible; officers check next."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(application)
        _require_representative(locked.organization, by)
        _require_status(locked, EvaluationStatus.DRAFT)
        problems = self_assessment_problems(locked) + eligibility_of(
            organization=locked.organization, evaluation_round=locked.round, on=today
        )
        if problems:
            raise ValidationError(problems)
        locked.self_total = locked.scores.aggregate(total=Sum("self_points"))["total"]
        locked.status = EvaluationStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.officer_due_on = _step_due(today)
        locked.save(update_fields=["self_total", "status", "submitted_at", "officer_due_on"])
    return locked


# Officers: eligibility and the evaluation team


def eligibility_decide(
    *, application: EvaluationApplication, by, eligible: bool, note: str, today: datetime.date | None = None
) -> EvaluationApplication:
    """The officers' eligibility check; a refusal states the reason and is sent to the organization."""
    today = today or timezone.localdate()
    if not note.strip():
        raise ValidationError(_("请写明资格审核意见；不予受理的须说明理由。"))
    with transaction.atomic():
        locked = _locked(application)
        _require_role(by, locked.round.jurisdiction, OfficerRole.EVALUATOR)
        _require_status(locked, EvaluationStatus.SUBMITTED)
        locked.eligibility_note = note.strip()
        problems = eligibility_at_submission(locked) if eligible else []
        if problems:
            # E.g. listed as dishonest since it applied: the conditions are not the officer's to waive.
            raise ValidationError([_("不能受理：该组织目前不符合申请条件。"), *problems])
        if eligible:
            locked.status = EvaluationStatus.ACCEPTED
            locked.officer_due_on = _step_due(today)
        else:
            locked.status = EvaluationStatus.REFUSED
            locked.officer_due_on = None
            notify_applicant(
                locked,
                subject=_("评估申请不符合条件"),
                template="emails/evaluation_refused.txt",
            )
        locked.save(update_fields=["eligibility_note", "status", "officer_due_on"])
    return locked


def team_assign(
    *, application: EvaluationApplication, by, evaluators, leader: Evaluator, site_visit_on: datetime.date | None = None
) -> EvaluationApplication:
    """Form the evaluation team of third-party experts; only they will see this application."""
    evaluators = list(dict.fromkeys(evaluators))
    minimum = settings.REGISTRY["EVALUATION_TEAM_MIN"]
    errors = []
    if len(evaluators) < minimum:
        errors.append(_("评估组应由至少 %(count)d 名评估专家组成。") % {"count": minimum})
    if leader not in evaluators:
        errors.append(_("组长须是评估组成员。"))
    if any(not evaluator.active for evaluator in evaluators):
        errors.append(_("已出库的评估专家不能参加评估。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(application)
        _require_role(by, locked.round.jurisdiction, OfficerRole.EVALUATOR)
        _require_status(locked, EvaluationStatus.ACCEPTED)
        TeamMember.objects.bulk_create(
            TeamMember(application=locked, evaluator=evaluator, leader=evaluator == leader) for evaluator in evaluators
        )
        locked.status = EvaluationStatus.SCORING
        locked.site_visit_on = site_visit_on
        locked.officer_due_on = None
        locked.save(update_fields=["status", "site_visit_on", "officer_due_on"])
    return locked


# Third-party evaluators


def assigned_applications(user):
    """The applications a third-party evaluator may see: those of the teams they are on, and no other."""
    return EvaluationApplication.objects.filter(team__evaluator__user=user).select_related(
        "organization", "round", "table"
    )


def _require_member(application: EvaluationApplication, user, *, leader: bool = False) -> None:
    members = TeamMember.objects.filter(application=application, evaluator__user=user, evaluator__active=True)
    if leader:
        members = members.filter(leader=True)
    if not members.exists():
        raise PermissionDenied(_("只有评估组组长可以提交评分。") if leader else _("您不是该组织评估组的成员。"))


def team_scores_save(
    *,
    application: EvaluationApplication,
    by,
    scores: dict,
    site_visit_on: datetime.date | None,
    site_visit_note: str,
    team_summary: str,
) -> EvaluationApplication:
    """Save the team's scores and comments, validated against each indicator's maximum."""
    with transaction.atomic():
        locked = _locked(application)
        _require_member(locked, by)
        _require_status(locked, EvaluationStatus.SCORING)
        _apply_scores(locked, scores, points_field="team_points", note_field="team_comment")
        locked.site_visit_on = site_visit_on
        locked.site_visit_note = site_visit_note.strip()
        locked.team_summary = team_summary.strip()
        locked.save(update_fields=["site_visit_on", "site_visit_note", "team_summary"])
    return locked


def team_scores_problems(application: EvaluationApplication) -> list[str]:
    """What the team still has to record before the scores go to the committee."""
    problems = []
    missing = _missing(application, "team_points")
    if missing:
        problems.append(_("以下指标尚未评分：%(items)s。") % {"items": "、".join(missing)})
    short = application.scores.filter(team_points__isnull=False).select_related("indicator")
    for row in short:
        if row.team_points < row.indicator.max_points and not row.team_comment.strip():
            problems.append(_("指标 %(code)s 有扣分，请写明扣分理由。") % {"code": row.indicator.code})
    if not application.site_visit_on or len(application.site_visit_note.strip()) < 10:
        problems.append(_("请填写实地考察日期和考察情况。"))
    if len(application.team_summary.strip()) < 10:
        problems.append(_("请填写评估组意见。"))
    return problems


def team_scores_submit(
    *, application: EvaluationApplication, by, today: datetime.date | None = None
) -> EvaluationApplication:
    """The team leader submits the scores; the total and the grade it earns go to the committee."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(application)
        _require_member(locked, by, leader=True)
        _require_status(locked, EvaluationStatus.SCORING)
        problems = team_scores_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.team_total = locked.scores.aggregate(total=Sum("team_points"))["total"]
        locked.proposed_grade = grade_for(locked.team_total, settings.REGISTRY["EVALUATION_THRESHOLDS"])
        locked.scored_at = timezone.now()
        locked.status = EvaluationStatus.COMMITTEE
        locked.officer_due_on = _step_due(today)
        locked.save(update_fields=["team_total", "proposed_grade", "scored_at", "status", "officer_due_on"])
    return locked


# The committees, the public notice, objections and the announcement


def _grade_value(grade: str) -> str:
    if grade and grade not in Grade.values:
        raise ValidationError(_("评估等级“%(grade)s”无效。") % {"grade": grade})
    return grade or ""


def committee_decide(*, application: EvaluationApplication, by, grade: str, reason: str) -> EvaluationApplication:
    """The evaluation committee proposes the grade; departing from the score's grade needs a recorded reason."""
    grade = _grade_value(grade)
    with transaction.atomic():
        locked = _locked(application)
        _require_role(by, locked.round.jurisdiction, OfficerRole.APPROVER)
        _require_status(locked, EvaluationStatus.COMMITTEE)
        if grade != locked.proposed_grade and not reason.strip():
            raise ValidationError(_("拟定等级与按分数应得等级不同，须写明调整理由。"))
        locked.committee_grade = grade
        locked.committee_reason = reason.strip()
        locked.status = EvaluationStatus.PROPOSED
        locked.officer_due_on = None
        locked.save(update_fields=["committee_grade", "committee_reason", "status", "officer_due_on"])
    return locked


UNFINISHED_BEFORE_NOTICE = (
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.ACCEPTED,
    EvaluationStatus.SCORING,
    EvaluationStatus.COMMITTEE,
)


def notice_publish(*, evaluation_round: EvaluationRound, by, today: datetime.date | None = None) -> EvaluationRound:
    """Publish the proposed grades for 7 working days, once the window closed and every application is decided."""
    today = today or timezone.localdate()
    _require_role(by, evaluation_round.jurisdiction, OfficerRole.EVALUATOR)
    with transaction.atomic():
        locked = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        if locked.status != RoundStatus.OPEN:
            raise ValidationError(_("本轮评估已经公示过了。"))
        if today <= locked.apply_until:
            raise ValidationError(_("申请截止（%(date)s）后方可公示。") % {"date": locked.apply_until.isoformat()})
        unfinished = locked.applications.filter(status__in=UNFINISHED_BEFORE_NOTICE).count()
        if unfinished:
            raise ValidationError(
                _("还有 %(count)d 个评估申请未完成评估委员会审议，不能公示。") % {"count": unfinished}
            )
        if not locked.applications.filter(status=EvaluationStatus.PROPOSED).exists():
            raise ValidationError(_("本轮没有可以公示的评估结果。"))
        locked.status = RoundStatus.NOTICE
        locked.notice_starts_on = today
        locked.notice_ends_on = deadline_after(today, settings.REGISTRY["EVALUATION_NOTICE_WORKING_DAYS"]).due
        locked.save(update_fields=["status", "notice_starts_on", "notice_ends_on"])
        locked.applications.filter(status=EvaluationStatus.PROPOSED).update(status=EvaluationStatus.NOTICE)
    return locked


def objection_file(
    *,
    application: EvaluationApplication,
    name: str,
    phone: str,
    content: str,
    email: str = "",
    kind: str = ObjectionKind.OBJECTION,
    filed_from: str | None = None,
    by=None,
    today: datetime.date | None = None,
) -> Objection:
    """File an objection (anyone) or an appeal (the organization) during the notice period, with contact details."""
    today = today or timezone.localdate()
    kind = ObjectionKind(kind)
    errors = []
    if not name.strip():
        errors.append(_("请填写姓名或单位名称。"))
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        errors.append(_("请填写有效的联系电话。"))
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors.append(_("电子邮箱格式不正确。"))
    if len(content.strip()) < 10:
        errors.append(_("请写明异议的具体内容和理由（不少于10字）。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(application)
        if kind == ObjectionKind.APPEAL:
            _require_representative(locked.organization, by)
        evaluation_round = locked.round
        in_notice = (
            locked.status == EvaluationStatus.NOTICE
            and evaluation_round.notice_starts_on <= today <= evaluation_round.notice_ends_on
        )
        if not in_notice:
            raise ValidationError(_("公示期已结束或尚未开始，不再受理异议。"))
        return Objection.objects.create(
            application=locked,
            kind=kind,
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            content=content.strip(),
            filed_from=filed_from,
        )


def notice_close(*, evaluation_round: EvaluationRound, today: datetime.date | None = None) -> list[int]:
    """After the notice period: applications with objections go to review, the others keep their grade.

    Returns the ids of the applications that left the notice; idempotent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        if locked.status != RoundStatus.NOTICE or today <= locked.notice_ends_on:
            return []
        moved = []
        for application in locked.applications.select_for_update().filter(status=EvaluationStatus.NOTICE):
            if application.objections.filter(status=ObjectionStatus.PENDING).exists():
                application.status = EvaluationStatus.REVIEW
                application.officer_due_on = _step_due(today)
            else:
                application.status = EvaluationStatus.CONCLUDED
                application.final_grade = application.committee_grade
            application.save(update_fields=["status", "officer_due_on", "final_grade"])
            moved.append(application.pk)
    return moved


def review_decide(
    *,
    application: EvaluationApplication,
    by,
    decisions: dict,
    grade: str,
    reason: str,
    today: datetime.date | None = None,
) -> EvaluationApplication:
    """Answer every objection and fix the grade; a change needs an upheld objection.

    Under the revised 办法 there is no review committee: the evaluation committee answers the objections;
    rounds under the 2010 rules keep their review committee (复核委员会).  Both sit as the section head here.
    """
    today = today or timezone.localdate()
    grade = _grade_value(grade)
    with transaction.atomic():
        locked = _locked(application)
        _require_role(by, locked.round.jurisdiction, OfficerRole.APPROVER)
        _require_status(locked, EvaluationStatus.REVIEW)
        pending = list(locked.objections.select_for_update().filter(status=ObjectionStatus.PENDING))
        decisions = {int(pk): decision for pk, decision in decisions.items()}
        errors = []
        if {o.pk for o in pending} - set(decisions):
            errors.append(_("请对每一件异议作出复核结论。"))
        if any(not (reply or "").strip() for _upheld, reply in decisions.values()):
            errors.append(_("请对每一件异议写明复核答复。"))
        upheld_any = any(upheld for upheld, _reply in decisions.values())
        if grade != locked.committee_grade and not upheld_any:
            errors.append(_("没有成立的异议时，不能改变拟定等级。"))
        if not reason.strip():
            errors.append(_("请写明复核意见。"))
        if errors:
            raise ValidationError(errors)
        for objection in pending:
            upheld, reply = decisions[objection.pk]
            objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
            objection.reply = reply.strip()
            objection.decided_by = by
            objection.decided_on = today
            objection.save(update_fields=["status", "reply", "decided_by", "decided_on"])
        locked.final_grade = grade
        locked.review_reason = reason.strip()
        locked.status = EvaluationStatus.CONCLUDED
        locked.officer_due_on = None
        locked.save(update_fields=["final_grade", "review_reason", "status", "officer_due_on"])
    return locked


def round_announce(*, evaluation_round: EvaluationRound, by, today: datetime.date | None = None) -> list[int]:
    """Announce the round: each concluded grade is set on its organization for 5 years with a grade certificate.

    Returns the ids of the announced applications.
    """
    today = today or timezone.localdate()
    _require_role(by, evaluation_round.jurisdiction, OfficerRole.APPROVER)
    with transaction.atomic():
        locked = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
        if locked.status != RoundStatus.NOTICE:
            raise ValidationError(_("只有公示后的评估结果可以公告。"))
        if today <= locked.notice_ends_on:
            raise ValidationError(_("公示期至%(date)s，期满后方可公告。") % {"date": locked.notice_ends_on.isoformat()})
        if locked.applications.filter(status=EvaluationStatus.NOTICE).exists():
            raise ValidationError(_("公示尚未结束处理，请先结束公示。"))
        in_review = locked.applications.filter(status=EvaluationStatus.REVIEW).count()
        if in_review:
            raise ValidationError(_("还有 %(count)d 个评估申请的异议未复核，不能公告。") % {"count": in_review})
        expires_on = grade_expires_on(today, rules=locked.rules, years=settings.REGISTRY["GRADE_VALIDITY_YEARS"])
        announced = []
        concluded = locked.applications.select_for_update(of=("self",)).filter(status=EvaluationStatus.CONCLUDED)
        for application in concluded.select_related("organization__jurisdiction"):
            # An organization revoked or deregistered since the notice gets no grade.
            if application.final_grade and application.organization.status == OrgStatus.NORMAL:
                _award(application, by=by, today=today, expires_on=expires_on)
                application.status = EvaluationStatus.AWARDED
                application.grade_expires_on = expires_on
            else:
                application.status = EvaluationStatus.NO_GRADE
            application.save(update_fields=["status", "grade_expires_on"])
            notify_applicant(
                application,
                subject=_("评估结果公告"),
                template="emails/evaluation_result.txt",
            )
            announced.append(application.pk)
        locked.status = RoundStatus.ANNOUNCED
        locked.announced_on = today
        locked.save(update_fields=["status", "announced_on"])
    return announced


def _award(application: EvaluationApplication, *, by, today, expires_on) -> None:
    change = _set_grade(
        application.organization,
        to_grade=application.final_grade,
        expires_on=expires_on,
        kind=GradeChangeKind.AWARDED,
        reason=_("%(title)s：评定为%(grade)s级，有效期自%(start)s至%(end)s。")
        % {
            "title": application.round.title,
            "grade": application.final_grade,
            "start": grade_valid_from(today, rules=application.round.rules).isoformat(),
            "end": expires_on.isoformat(),
        },
        by=by,
        today=today,
        application=application,
    )
    issue_grade_certificate(organization=change.organization, by=by, issued_on=today)


def _set_grade(
    organization: Organization, *, to_grade: str, expires_on, kind: str, reason: str, by, today, application=None
) -> GradeChange:
    """Write a grade on the register (history, index) and the public record of the decision."""
    previous = organization.grade
    changed = organization_update(
        organization=organization,
        by=by,
        reason=reason,
        action=ACTION,
        grade=to_grade,
        grade_expires_on=expires_on,
    )
    return GradeChange.objects.create(
        organization=changed,
        kind=kind,
        from_grade=previous,
        to_grade=to_grade,
        decided_on=today,
        reason=reason,
        application=application,
        decided_by=by,
    )


# Grades after the announcement


def grade_change(
    *, organization: Organization, by, to_grade: str, basis: str, reason: str, today: datetime.date | None = None
) -> GradeChange:
    """Lower or withdraw a grade by a recorded decision; the grade certificate is reissued or voided."""
    today = today or timezone.localdate()
    to_grade = _grade_value(to_grade)
    if basis not in GradeBasis.values:
        raise ValidationError(_("请选择降级或取消等级的依据。"))
    if not reason.strip():
        raise ValidationError(_("请写明降级或取消等级的理由。"))
    _require_role(by, organization.jurisdiction, OfficerRole.APPROVER)
    with transaction.atomic():
        locked = (
            Organization.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=organization.pk)
        )
        if not locked.grade:
            raise ValidationError(_("该组织目前没有评估等级。"))
        if grade_rank(to_grade) >= grade_rank(locked.grade):
            raise ValidationError(_("新等级须低于现有等级（%(grade)s）。") % {"grade": locked.grade})
        text = f"{GradeBasis(basis).label}：{reason.strip()}"
        kind = GradeChangeKind.LOWERED if to_grade else GradeChangeKind.WITHDRAWN
        change = _set_grade(
            locked,
            to_grade=to_grade,
            expires_on=locked.grade_expires_on if to_grade else None,
            kind=kind,
            reason=text,
            by=by,
            today=today,
        )
        if to_grade:
            issue_grade_certificate(organization=change.organization, by=by, issued_on=today)
        else:
            void_certificates(organization=change.organization, reason=_("评估等级已取消"), kind=CertificateKind.GRADE)
    return change


def grades_lapse(*, today: datetime.date | None = None) -> int:
    """Grades past their expiry lapse: the grade leaves the register, its certificate is void (idempotent)."""
    today = today or timezone.localdate()
    expired = Organization.objects.exclude(grade="").filter(grade_expires_on__lt=today).select_related("jurisdiction")
    lapsed = 0
    for organization in expired.iterator(chunk_size=500):
        with transaction.atomic():
            change = _set_grade(
                organization,
                to_grade="",
                expires_on=None,
                kind=GradeChangeKind.LAPSED,
                reason=_("有效期至%(date)s，期满未重新评估。") % {"date": organization.grade_expires_on.isoformat()},
                by=None,
                today=today,
            )
            void_certificates(
                organization=change.organization, reason=_("评估等级有效期届满"), kind=CertificateKind.GRADE
            )
        lapsed += 1
    return lapsed
