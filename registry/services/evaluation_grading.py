"""Standardization evaluation, from score to grade: the committee's proposal, the public notice and
objections, their review, and the announcement that sets each grade on the register; then the tracking and
verification evaluations of graded organizations.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OfficerRole, OrgStatus
from registry.models import (
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    GradeReview,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    RoundStatus,
)
from registry.rules.display import local_date
from registry.rules.evaluation import GradeReviewKind, grade_expires_on, grade_review_problems
from registry.selectors import deadline_after
from registry.services.evaluation_applications import RELATED, require_evaluation_state, step_due
from registry.services.guards import locked
from registry.services.notifications import notify_applicant
from registry.services.policy import require_representative, require_role, require_role_or_system
from registry.services.register import grade_award, grade_change, grade_value


def committee_decide(*, application: EvaluationApplication, by, grade: str, reason: str) -> EvaluationApplication:
    """The evaluation committee proposes the grade; departing from the score's grade needs a recorded reason."""
    require_role(by, application.round.jurisdiction, OfficerRole.APPROVER)
    grade = grade_value(grade)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.COMMITTEE)
        if grade != current.proposed_grade and not reason.strip():
            raise ValidationError(_("拟定等级与按分数应得等级不同，须写明调整理由。"))
        current.committee_grade = grade
        current.committee_reason = reason.strip()
        current.status = EvaluationStatus.PROPOSED
        current.officer_due_on = None
        current.save(update_fields=["committee_grade", "committee_reason", "status", "officer_due_on"])
    return current


UNFINISHED_BEFORE_NOTICE = (
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.ACCEPTED,
    EvaluationStatus.SCORING,
    EvaluationStatus.COMMITTEE,
)


def notice_publish(*, evaluation_round: EvaluationRound, by, today: datetime.date | None = None) -> EvaluationRound:
    """Publish the proposed grades for 7 working days, once the window closed and every application is decided."""
    today = today or timezone.localdate()
    require_role(by, evaluation_round.jurisdiction, OfficerRole.EVALUATOR)
    with transaction.atomic():
        current = locked(evaluation_round)
        if current.status != RoundStatus.OPEN:
            raise ValidationError(_("本轮评估已经公示过了。"))
        if today <= current.apply_until:
            raise ValidationError(_("申请截止（%(date)s）后方可公示。") % {"date": local_date(current.apply_until)})
        unfinished = current.applications.filter(status__in=UNFINISHED_BEFORE_NOTICE).count()
        if unfinished:
            raise ValidationError(
                _("还有 %(count)d 个评估申请未完成评估委员会审议，不能公示。") % {"count": unfinished}
            )
        if not current.applications.filter(status=EvaluationStatus.PROPOSED).exists():
            raise ValidationError(_("本轮没有可以公示的评估结果。"))
        current.status = RoundStatus.NOTICE
        current.notice_starts_on = today
        current.notice_ends_on = deadline_after(today, settings.REGISTRY["EVALUATION_NOTICE_WORKING_DAYS"]).due
        current.save(update_fields=["status", "notice_starts_on", "notice_ends_on"])
        current.applications.filter(status=EvaluationStatus.PROPOSED).update(status=EvaluationStatus.NOTICE)
    return current


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
    kind = ObjectionKind(kind)
    if kind == ObjectionKind.APPEAL:
        require_representative(by, application.organization)
    today = today or timezone.localdate()
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
        current = locked(application, *RELATED)
        evaluation_round = current.round
        in_notice = (
            current.status == EvaluationStatus.NOTICE
            and evaluation_round.notice_starts_on <= today <= evaluation_round.notice_ends_on
        )
        if not in_notice:
            raise ValidationError(_("公示期已结束或尚未开始，不再受理异议。"))
        return Objection.objects.create(
            application=current,
            kind=kind,
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            content=content.strip(),
            filed_from=filed_from,
        )


def notice_close(*, evaluation_round: EvaluationRound, by=None, today: datetime.date | None = None) -> list[int]:
    """After the notice period: applications with objections go to review, the others keep their grade.

    Returns the ids of the applications that left the notice; idempotent. Run by the daily sweep (`by` None).
    """
    require_role_or_system(by, evaluation_round.jurisdiction, OfficerRole.EVALUATOR, OfficerRole.APPROVER)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = locked(evaluation_round)
        if current.status != RoundStatus.NOTICE or today <= current.notice_ends_on:
            return []
        moved = []
        for application in current.applications.select_for_update(of=("self",)).filter(status=EvaluationStatus.NOTICE):
            if application.objections.filter(status=ObjectionStatus.PENDING).exists():
                application.status = EvaluationStatus.REVIEW
                application.officer_due_on = step_due(today)
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
    require_role(by, application.round.jurisdiction, OfficerRole.APPROVER)
    today = today or timezone.localdate()
    grade = grade_value(grade)
    with transaction.atomic():
        current = locked(application, *RELATED)
        require_evaluation_state(current, EvaluationStatus.REVIEW)
        pending = list(current.objections.select_for_update(of=("self",)).filter(status=ObjectionStatus.PENDING))
        decisions = {int(pk): decision for pk, decision in decisions.items()}
        errors = []
        if {o.pk for o in pending} - set(decisions):
            errors.append(_("请对每一件异议作出复核结论。"))
        if any(not (reply or "").strip() for _upheld, reply in decisions.values()):
            errors.append(_("请对每一件异议写明复核答复。"))
        upheld_any = any(upheld for upheld, _reply in decisions.values())
        if grade != current.committee_grade and not upheld_any:
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
        current.final_grade = grade
        current.review_reason = reason.strip()
        current.status = EvaluationStatus.CONCLUDED
        current.officer_due_on = None
        current.save(update_fields=["final_grade", "review_reason", "status", "officer_due_on"])
    return current


def round_announce(*, evaluation_round: EvaluationRound, by, today: datetime.date | None = None) -> list[int]:
    """Announce the round: each concluded grade is set on its organization for 5 years with a grade certificate.

    Returns the ids of the announced applications.
    """
    today = today or timezone.localdate()
    require_role(by, evaluation_round.jurisdiction, OfficerRole.APPROVER)
    with transaction.atomic():
        current = locked(evaluation_round)
        if current.status != RoundStatus.NOTICE:
            raise ValidationError(_("只有公示后的评估结果可以公告。"))
        if today <= current.notice_ends_on:
            raise ValidationError(
                _("公示期至%(date)s，期满后方可公告。") % {"date": local_date(current.notice_ends_on)}
            )
        if current.applications.filter(status=EvaluationStatus.NOTICE).exists():
            raise ValidationError(_("公示尚未结束处理，请先结束公示。"))
        in_review = current.applications.filter(status=EvaluationStatus.REVIEW).count()
        if in_review:
            raise ValidationError(_("还有 %(count)d 个评估申请的异议未复核，不能公告。") % {"count": in_review})
        expires_on = grade_expires_on(today, rules=current.rules, years=settings.REGISTRY["GRADE_VALIDITY_YEARS"])
        announced = []
        concluded = current.applications.select_for_update(of=("self",)).filter(status=EvaluationStatus.CONCLUDED)
        for application in concluded.select_related("organization__jurisdiction"):
            # An organization revoked or deregistered since the notice gets no grade.
            if application.final_grade and application.organization.status == OrgStatus.NORMAL:
                grade_award(application=application, by=by, today=today, expires_on=expires_on)
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
        current.status = RoundStatus.ANNOUNCED
        current.announced_on = today
        current.save(update_fields=["status", "announced_on"])
    return announced


def grade_review_record(
    *, organization, kind: str, to_grade: str, reason: str, by, today: datetime.date | None = None
) -> GradeReview:
    """Record a tracking (跟踪) or verification (核查) evaluation of a graded organization and its outcome.

    The outcome keeps the grade or lowers or withdraws it; a lower grade or none changes the register through
    `register.grade_change` (history, certificate, public record), with the evaluation as its basis.
    """
    require_role(by, organization.jurisdiction, OfficerRole.APPROVER)
    today = today or timezone.localdate()
    if kind not in GradeReviewKind.values:
        raise ValidationError(_("请选择跟踪评估或核查评估。"))
    to_grade = grade_value(to_grade)
    with transaction.atomic():
        current = locked(organization, "jurisdiction")
        problems = grade_review_problems(current_grade=current.grade, to_grade=to_grade, reason=reason)
        if problems:
            raise ValidationError(problems)
        from_grade = current.grade
        change = None
        if to_grade != from_grade:
            # GradeBasis.TRACKING / VERIFICATION share the codes of GradeReviewKind.
            change = grade_change(
                organization=current, by=by, to_grade=to_grade, basis=kind, reason=reason, today=today
            )
        return GradeReview.objects.create(
            organization=current,
            kind=kind,
            reviewed_on=today,
            from_grade=from_grade,
            to_grade=to_grade,
            reason=reason.strip(),
            decided_by=by,
            grade_change=change,
        )
