"""The review of a purchase call (政府购买服务、公益创投): the panel, conflicts of interest, the experts' scores,
the results and ranking, the award proposal within the budget, the public notice with its objections, and the
award, which creates one project per awarded application.

Every write locks the call first (or the record it changes), so two officers never both act on one call.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    CallReview,
    CallStatus,
    ConflictDeclaration,
    ExpertScore,
    NoticeObjection,
    NoticeObjectionStatus,
    PanelMember,
    ProjectStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    ServiceCall,
    ServiceProject,
)
from registry.rules.display import local_date
from registry.rules.purchase_scoring import (
    PANEL_MINIMUM,
    advancing,
    allocate,
    panel_score,
    ranking,
    score_problem,
    weights_problem,
)
from registry.selectors import deadline_after
from registry.selectors.purchase import call_grade_bonus
from registry.selectors.purchase_review import PRELIMINARY, RECUSED, has_preliminary_round, results_table, review_stage
from registry.services.guards import locked, require_state
from registry.services.policy import require_panel_member, require_purchase_officer

Status = PurchaseApplicationStatus
# Applications still in the review: scored, and proposed for the award or not.
IN_RESULTS = (Status.SCORED, Status.PROPOSED)
COMMENT_MAX = 500


def review_of(call: ServiceCall) -> CallReview:
    """The call's review record, created with the pass mark of the day (setting REGISTRY_PURCHASE_PASS_MARK)."""
    review, _created = CallReview.objects.get_or_create(
        call=call, defaults={"pass_mark": Decimal(settings.REGISTRY["PURCHASE_PASS_MARK"])}
    )
    return review


def _locked_call(call: ServiceCall, *allowed: str) -> ServiceCall:
    current = locked(call, "unit")
    require_state(current, *allowed)
    return current


def panel_assign(*, call: ServiceCall, by, experts) -> list[PanelMember]:
    """Set the call's review panel to `experts`; an expert who has started reviewing cannot be taken off."""
    require_purchase_officer(by, call.unit)
    experts = list(dict.fromkeys(experts))
    errors = []
    if len(experts) < PANEL_MINIMUM:
        errors.append(_("评审组至少须有%(count)d名专家。") % {"count": PANEL_MINIMUM})
    if any(not expert.active for expert in experts):
        errors.append(_("已出库的专家不能选入评审组。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked_call(call, CallStatus.OPEN, CallStatus.REVIEW)
        wanted = {expert.pk for expert in experts}
        leaving = current.panel.exclude(expert_id__in=wanted)
        started = leaving.filter(declarations__isnull=False) | leaving.filter(scores__isnull=False)
        if started.exists():
            names = "、".join(sorted({m.expert.name for m in started.select_related("expert")}))
            raise ValidationError(_("以下专家已开始评审，不能移出评审组：%(names)s。") % {"names": names})
        leaving.delete()
        present = set(current.panel.values_list("expert_id", flat=True))
        for expert in experts:
            if expert.pk not in present:
                PanelMember.objects.create(call=current, expert=expert, assigned_by=by)
        review_of(current)
        return list(current.panel.select_related("expert"))


def _reviewable(application: PurchaseApplication) -> PurchaseApplication:
    """The application under lock, refused unless its call is under review and it passed the eligibility check."""
    current = locked(application, "call")
    if current.call.status != CallStatus.REVIEW:
        raise ValidationError(_("该项目征集不在评审阶段。"))
    require_state(current, Status.ELIGIBLE)
    return current


def conflict_declare(
    *, application: PurchaseApplication, by, conflicted: bool, reason: str = ""
) -> ConflictDeclaration:
    """The expert declares, once, whether they have a conflict of interest with the applicant; a conflict recuses."""
    member = require_panel_member(by, application.call)
    reason = reason.strip()
    if conflicted and not reason:
        raise ValidationError(_("请说明利害关系（如：曾在该组织任职、近三年有业务往来、亲属关系）。"))
    if len(reason) > 300:
        raise ValidationError(_("利害关系说明不能超过300字。"))
    with transaction.atomic():
        current = _reviewable(application)
        if ConflictDeclaration.objects.filter(member=member, application=current).exists():
            raise ValidationError(_("您已就该申报作出声明，不能重复声明。"))
        return ConflictDeclaration.objects.create(
            member=member, application=current, conflicted=conflicted, reason=reason if conflicted else ""
        )


def scores_save(*, application: PurchaseApplication, by, scores: dict, submit: bool = False) -> list[ExpertScore]:
    """Save the expert's score (0–100) and comment of each criterion; with `submit`, every criterion is required
    and the scores are locked. `scores` maps a criterion id to (score or None, comment)."""
    member = require_panel_member(by, application.call)
    with transaction.atomic():
        current = _reviewable(application)
        declaration = ConflictDeclaration.objects.filter(member=member, application=current).first()
        if declaration is None:
            raise ValidationError(_("评分前请先声明与该申报组织是否存在利害关系。"))
        if declaration.conflicted:
            raise ValidationError(_("您已声明存在利害关系，须回避该申报的评审。"))
        # A contest's preliminary and final are scored on separate sheets; the conflict declared above holds in both.
        stage = review_stage(current.call)
        mine = ExpertScore.objects.select_for_update(of=("self",)).filter(
            member=member, application=current, stage=stage
        )
        if mine.filter(submitted_at__isnull=False).exists():
            raise ValidationError(_("评分已提交，不能再修改。"))
        criteria = {criterion.pk: criterion for criterion in current.call.criteria.all()}
        errors = []
        if set(scores) - set(criteria):
            errors.append(_("评分项不属于该项目征集。"))
        for pk, criterion in criteria.items():
            score, comment = scores.get(pk, (None, ""))
            problem = score_problem(score)
            if problem == "range" or (problem == "missing" and submit):
                errors.append(
                    _("“%(criterion)s”的得分须在0至100之间。") % {"criterion": criterion.name}
                    if problem == "range"
                    else _("请填写“%(criterion)s”的得分。") % {"criterion": criterion.name}
                )
            if len((comment or "").strip()) > COMMENT_MAX:
                errors.append(_("“%(criterion)s”的评语不能超过500字。") % {"criterion": criterion.name})
        if errors:
            raise ValidationError(errors)
        saved = []
        for pk, (score, comment) in scores.items():
            if score is None:
                continue
            row, _created = ExpertScore.objects.update_or_create(
                member=member,
                application=current,
                criterion=criteria[pk],
                stage=stage,
                defaults={"score": score, "comment": (comment or "").strip()},
            )
            saved.append(row)
        if submit:
            mine.update(submitted_at=timezone.now())
        return saved


def _panel_results(call: ServiceCall, applications: list, stage: str) -> list[tuple[PurchaseApplication, Decimal]]:
    """Each application's panel score in round `stage`, refused while an expert has not declared and submitted."""
    members, rows = results_table(call, stage)
    if len(members) < PANEL_MINIMUM:
        raise ValidationError(_("评审组至少须有%(count)d名专家。") % {"count": PANEL_MINIMUM})
    by_pk = {row.application.pk: row for row in rows}
    errors, entries = [], []
    for application in applications:
        row = by_pk[application.pk]
        waiting = sum(1 for total in row.totals if total is None)
        if waiting:
            errors.append(
                _("“%(project)s”还有%(count)d名专家未提交评分或利害关系声明。")
                % {"project": application.project_name, "count": waiting}
            )
        elif all(total == RECUSED for total in row.totals):
            errors.append(_("“%(project)s”的评审专家均已回避，请增补专家。") % {"project": application.project_name})
        else:
            scored = [total for total in row.totals if total != RECUSED]
            # The call's bonus points for the organization's evaluation grade valid today (评估等级加分).
            bonus = call_grade_bonus(application.organization, call)
            entries.append((application, panel_score(scored, trim_extremes=call.trim_extremes, bonus=bonus)))
    if errors:
        raise ValidationError(errors)
    return entries


def _ready_for_results(current: ServiceCall) -> list[PurchaseApplication]:
    if weights_problem(current.criteria.values_list("weight", flat=True)):
        raise ValidationError(_("该项目征集的评分项权重合计须为100%。"))
    unchecked = current.applications.filter(status=Status.SUBMITTED).count()
    if unchecked:
        raise ValidationError(_("还有%(count)d个申报尚未完成资格审查。") % {"count": unchecked})
    applications = list(
        current.applications.select_for_update(of=("self",)).filter(status__in=(Status.ELIGIBLE, Status.SCORED))
    )
    if not applications:
        raise ValidationError(_("没有资格审查通过、待评审的申报。"))
    return applications


def preliminary_compute(*, call: ServiceCall, by) -> list[PurchaseApplication]:
    """Compute a contest's preliminary (初赛): each application's score and rank; the best `advancing` go on to
    the final (ties at the cut too, see registry.rules.purchase_scoring.advancing), the others are concluded as
    NOT_ADVANCED with the reason. Returns the applications that did not advance."""
    require_purchase_officer(by, call.unit)
    with transaction.atomic():
        current = _locked_call(call, CallStatus.REVIEW)
        if not has_preliminary_round(current):
            raise ValidationError(_("该项目征集没有初赛。"))
        review = review_of(current)
        if review.preliminary_computed_at is not None:
            raise ValidationError(_("初赛结果已经汇总，不能重新汇总。"))
        applications = _ready_for_results(current)
        entries = _panel_results(current, applications, PRELIMINARY)
        places = current.rounds.get(kind="preliminary").advancing
        order = ranking(
            (application.pk, score, application.submitted_at or application.created_at)
            for application, score in entries
        )
        ranks = {ranked.key: ranked.rank for ranked in order}
        finalists = advancing([(ranked.key, ranked.score) for ranked in order], places=places)
        cut = min((ranked.score for ranked in order if ranked.key in finalists), default=None)
        sent_home = []
        for application, score in entries:
            application.preliminary_score = score
            application.preliminary_rank = ranks[application.pk]
            if application.pk in finalists:
                application.preliminary_note = _("初赛得分%(score)s分，排名第%(rank)d，晋级决赛。") % {
                    "score": score,
                    "rank": application.preliminary_rank,
                }
            else:
                application.status = Status.NOT_ADVANCED
                application.preliminary_note = _(
                    "初赛得分%(score)s分，排名第%(rank)d；决赛名额%(places)d个，晋级最低分%(cut)s分，未晋级决赛。"
                ) % {"score": score, "rank": application.preliminary_rank, "places": places, "cut": cut}
                sent_home.append(application)
            application.save(update_fields=["preliminary_score", "preliminary_rank", "preliminary_note", "status"])
        review.preliminary_computed_at = timezone.now()
        review.save(update_fields=["preliminary_computed_at"])
        return sent_home


def results_compute(*, call: ServiceCall, by) -> list[PurchaseApplication]:
    """Once every expert declared and submitted on every application, set each one's panel score and rank.

    For a contest with a preliminary these are the final's scores, computed after the preliminary's."""
    require_purchase_officer(by, call.unit)
    with transaction.atomic():
        current = _locked_call(call, CallStatus.REVIEW)
        review = review_of(current)
        if review.proposed_at is not None:
            raise ValidationError(_("已提出拟立项方案，评审结果不能再重新汇总。"))
        if review_stage(current) == PRELIMINARY:
            raise ValidationError(_("请先汇总初赛结果，确定晋级决赛的申报。"))
        applications = _ready_for_results(current)
        entries = _panel_results(current, applications, "")
        order = ranking(
            (application.pk, score, application.submitted_at or application.created_at)
            for application, score in entries
        )
        ranks = {ranked.key: ranked.rank for ranked in order}
        for application, score in entries:
            application.panel_score = score
            application.rank = ranks[application.pk]
            application.awarded_amount = None
            application.status = Status.SCORED
            application.save(update_fields=["panel_score", "rank", "awarded_amount", "status"])
        review.computed_at = timezone.now()
        review.save(update_fields=["computed_at"])
        return sorted(applications, key=lambda a: a.rank)


def _allocate(call: ServiceCall, review: CallReview) -> list[PurchaseApplication]:
    """Propose the award in rank order within the budget; the excluded and the rest stay scored."""
    applications = list(
        call.applications.select_for_update(of=("self",)).filter(status__in=IN_RESULTS).order_by("rank", "id")
    )
    excluded = review.excluded_ids
    candidates = [a for a in applications if a.pk not in excluded]
    allocation = allocate(
        [(a.pk, a.panel_score, a.requested_amount) for a in candidates],
        budget=call.budget,
        max_per_project=call.max_per_project,
        pass_mark=review.pass_mark,
    )
    for application in applications:
        amount = allocation.awarded.get(application.pk)
        application.awarded_amount = amount
        application.status = Status.PROPOSED if amount is not None else Status.SCORED
        application.save(update_fields=["awarded_amount", "status"])
    return [a for a in applications if a.status == Status.PROPOSED]


def award_propose(*, call: ServiceCall, by) -> list[PurchaseApplication]:
    """Propose the award: in rank order, each passing application gets min(requested, cap) while the budget allows."""
    require_purchase_officer(by, call.unit)
    with transaction.atomic():
        current = _locked_call(call, CallStatus.REVIEW)
        review = review_of(current)
        if review.computed_at is None:
            raise ValidationError(_("请先汇总评审结果。"))
        proposed = _allocate(current, review)
        if not proposed:
            raise ValidationError(
                _("没有达到立项最低分（%(mark)s分）且在预算之内的申报。") % {"mark": review.pass_mark}
            )
        review.proposed_at = timezone.now()
        review.save(update_fields=["proposed_at"])
        return proposed


def _open_notice(review: CallReview, today: datetime.date) -> None:
    review.notice_starts_on = today
    days = review.call.notice_days or settings.REGISTRY["PURCHASE_NOTICE_DAYS"]  # the call's own period, if set
    review.notice_ends_on = deadline_after(today, days).due
    review.save(update_fields=["notice_starts_on", "notice_ends_on"])


def notice_start(*, call: ServiceCall, by, today: datetime.date | None = None) -> CallReview:
    """Publish the results and the proposed award for the call's notice period (working days; the setting
    REGISTRY_PURCHASE_NOTICE_DAYS where the call names none)."""
    require_purchase_officer(by, call.unit)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked_call(call, CallStatus.REVIEW)
        review = review_of(current)
        if review.proposed_at is None:
            raise ValidationError(_("请先提出拟立项方案。"))
        current.status = CallStatus.NOTICE
        current.save(update_fields=["status"])
        _open_notice(review, today)
        return review


def in_notice(call: ServiceCall, review: CallReview | None, today: datetime.date) -> bool:
    """Whether the call's results are on public notice on `today` (objections are received)."""
    return (
        call.status == CallStatus.NOTICE
        and review is not None
        and review.notice_starts_on is not None
        and review.notice_starts_on <= today <= review.notice_ends_on
    )


def notice_objection_file(
    *,
    call: ServiceCall,
    name: str,
    contact: str,
    content: str,
    application: PurchaseApplication | None = None,
    filed_from: str | None = None,
    today: datetime.date | None = None,
) -> NoticeObjection:
    """Anyone files an objection to a call's results during the notice, with a way to reach them."""
    today = today or timezone.localdate()
    errors = []
    if not name.strip():
        errors.append(_("请填写姓名或单位名称。"))
    if len(contact.strip()) < 5:
        errors.append(_("请填写联系电话或电子邮箱，以便答复。"))
    if len(content.strip()) < 10:
        errors.append(_("请写明异议的具体内容和理由（不少于10字）。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked(call)
        if not in_notice(current, CallReview.objects.filter(call=current).first(), today):
            raise ValidationError(_("公示期已结束或尚未开始，不再受理异议。"))
        if application is not None and not current.applications.filter(pk=application.pk, status__in=IN_RESULTS):
            raise ValidationError(_("异议对象不在本次公示的结果中。"))
        return NoticeObjection.objects.create(
            call=current,
            application=application,
            name=name.strip(),
            contact=contact.strip(),
            content=content.strip(),
            filed_from=filed_from,
        )


def notice_objection_answer(*, objection: NoticeObjection, by, upheld: bool, reply: str) -> NoticeObjection:
    """The officer answers an objection, upheld or not, with reasons; an upheld one blocks the award until revised."""
    require_purchase_officer(by, objection.call.unit)
    if len(reply.strip()) < 10:
        raise ValidationError(_("请写明答复意见和理由（不少于10字）。"))
    with transaction.atomic():
        _locked_call(objection.call, CallStatus.NOTICE)
        current = locked(objection)
        require_state(current, NoticeObjectionStatus.PENDING, message=_("该异议已经答复。"))
        current.status = NoticeObjectionStatus.UPHELD if upheld else NoticeObjectionStatus.DISMISSED
        current.reply = reply.strip()
        current.answered_by = by
        current.answered_at = timezone.now()
        current.save(update_fields=["status", "reply", "answered_by", "answered_at"])
        return current


def award_revise(
    *, call: ServiceCall, by, exclude=(), reason: str, today: datetime.date | None = None
) -> list[PurchaseApplication]:
    """After an upheld objection: take applications out of the proposal, allocate again and publish anew."""
    require_purchase_officer(by, call.unit)
    today = today or timezone.localdate()
    if len(reason.strip()) < 10:
        raise ValidationError(_("请写明调整的理由（不少于10字）。"))
    with transaction.atomic():
        current = _locked_call(call, CallStatus.NOTICE)
        review = review_of(current)
        upheld = current.notice_objections.select_for_update(of=("self",)).filter(
            status=NoticeObjectionStatus.UPHELD, revised_at__isnull=True
        )
        if not upheld.exists():
            raise ValidationError(_("没有待据以调整的成立异议，拟立项方案不能调整。"))
        published = set(current.applications.filter(status__in=IN_RESULTS).values_list("pk", flat=True))
        if any(application.pk not in published for application in exclude):
            raise ValidationError(_("调整的申报不在本次公示的结果中。"))
        review.excluded = review.excluded + [
            {"id": application.pk, "reason": reason.strip()}
            for application in exclude
            if application.pk not in review.excluded_ids
        ]
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        review.revision_note = "\n".join(filter(None, [review.revision_note, f"{stamp} {reason.strip()}"]))
        review.save(update_fields=["excluded", "revision_note"])
        proposed = _allocate(current, review)
        upheld.update(revised_at=timezone.now())
        _open_notice(review, today)  # the revised result is published for a full period again
        return proposed


def award_decide(*, call: ServiceCall, by, today: datetime.date | None = None) -> list[PurchaseApplication]:
    """After the notice, with every objection answered (and the proposal revised after an upheld one): award.

    Proposed applications become AWARDED with one project each, the others NOT_AWARDED; the call is AWARDED.
    Returns the concluded applications.
    """
    require_purchase_officer(by, call.unit)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked_call(call, CallStatus.NOTICE)
        review = review_of(current)
        if today <= review.notice_ends_on:
            raise ValidationError(
                _("公示期至%(date)s，届满后方可确定立项。") % {"date": local_date(review.notice_ends_on)}
            )
        objections = current.notice_objections.select_for_update(of=("self",))
        if objections.filter(status=NoticeObjectionStatus.PENDING).exists():
            raise ValidationError(_("还有未答复的公示异议，请先答复。"))
        if objections.filter(status=NoticeObjectionStatus.UPHELD, revised_at__isnull=True).exists():
            raise ValidationError(_("有成立的异议，请先调整拟立项方案并重新公示。"))
        concluded = list(
            current.applications.select_for_update(of=("self",))
            .filter(status__in=IN_RESULTS)
            .select_related("organization")
            .order_by("rank", "id")
        )
        for application in concluded:
            if application.status == Status.PROPOSED:
                application.status = Status.AWARDED
                ServiceProject.objects.create(
                    application=application,
                    organization=application.organization,
                    unit=current.unit,
                    title=application.project_name,
                    category=current.category,
                    amount=application.awarded_amount,
                    status=ProjectStatus.AWARDED,
                    awarded_on=today,
                    service_start=current.service_start,
                    service_end=current.service_end,
                )
            else:
                application.status = Status.NOT_AWARDED
                application.awarded_amount = None
            application.save(update_fields=["status", "awarded_amount"])
        current.status = CallStatus.AWARDED
        current.save(update_fields=["status"])
        review.awarded_on = today
        review.decided_by = by
        review.save(update_fields=["awarded_on", "decided_by"])
        return concluded
