"""The organization's evaluation pages: open rounds, apply, self-assess, follow the result, appeal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_objects_for_user

from registry.models import (
    Certificate,
    CertificateKind,
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    ObjectionKind,
    Organization,
    RoundStatus,
)
from registry.selectors import eligibility_of, evaluation_part_totals
from registry.services import evaluation_applications, evaluation_grading
from workflows.flows.evaluation.services import evaluation_start


def _represented(user):
    return get_objects_for_user(user, "registry.manage_organization", klass=Organization, accept_global_perms=False)


def _own_application(request, pk) -> EvaluationApplication:
    application = get_object_or_404(
        EvaluationApplication.objects.select_related("round__jurisdiction", "organization__jurisdiction", "table"),
        pk=pk,
    )
    if not request.user.has_perm("registry.manage_organization", application.organization):
        raise Http404
    return application


def scores_from_post(post) -> dict:
    """Indicator id → (points, note) from fields named points_<id> and note_<id>."""
    scores = {}
    for key, value in post.items():
        if key.startswith("points_") and key[7:].isdigit():
            indicator_id = int(key[7:])
            scores[indicator_id] = (value.strip(), post.get(f"note_{indicator_id}", ""))
    return scores


def score_rows(application, *, points_field: str, note_field: str, posted=None, errors=None) -> list[dict]:
    """The scoring sheet's rows: saved values, or what was typed when a save was refused, with each row's errors."""
    errors = errors or {}
    rows = []
    for score in application.scores.select_related("indicator"):
        if posted is None:
            points, note = getattr(score, points_field), getattr(score, note_field)
        else:
            points = posted.get(f"points_{score.indicator_id}", "")
            note = posted.get(f"note_{score.indicator_id}", "")
        rows.append({"score": score, "points": points, "note": note, "errors": errors.get(str(score.indicator_id), [])})
    return rows


def refused_scores(request, exc: ValidationError) -> dict:
    """Report a refused save: errors of single scores go next to them, the rest at the top of the page."""
    if hasattr(exc, "error_dict"):
        messages.error(request, _("有得分不符合要求，请按提示修改后重新保存；本次填写的内容均未保存。"))
        return exc.message_dict
    for error in exc.messages:
        messages.error(request, error)
    return {}


@login_required
def evaluation_list(request):
    """Rounds open to my organizations, with what keeps each from applying, and my applications."""
    organizations = list(_represented(request.user).select_related("jurisdiction"))
    today = timezone.localdate()
    rounds = EvaluationRound.objects.filter(
        status=RoundStatus.OPEN,
        apply_until__gte=today,
        jurisdiction__in={o.jurisdiction_id for o in organizations},
    ).prefetch_related("tables")
    applied = set(
        EvaluationApplication.objects.filter(organization__in=organizations).values_list("round_id", "organization_id")
    )
    offers = []
    for evaluation_round in rounds:
        for organization in organizations:
            if organization.jurisdiction_id != evaluation_round.jurisdiction_id:
                continue
            if (evaluation_round.pk, organization.pk) in applied:
                continue
            problems = eligibility_of(organization=organization, evaluation_round=evaluation_round, on=today)
            offers.append({"round": evaluation_round, "organization": organization, "problems": problems})
    applications = EvaluationApplication.objects.filter(organization__in=organizations).select_related(
        "round", "organization"
    )
    return render(request, "workflows/portal/evaluation_list.html", {"offers": offers, "applications": applications})


@login_required
@require_POST
def evaluation_apply(request):
    round_id, organization_id = request.POST.get("round", ""), request.POST.get("organization", "")
    if not (round_id.isdigit() and organization_id.isdigit()):
        raise Http404
    evaluation_round = get_object_or_404(EvaluationRound, pk=int(round_id))
    organization = get_object_or_404(_represented(request.user), pk=int(organization_id))
    try:
        application = evaluation_applications.evaluation_apply(
            evaluation_round=evaluation_round, organization=organization, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, _("%(name)s不符合本轮评估的申请条件：") % {"name": organization.name})
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_evaluation")
    return redirect("portal_evaluation_detail", pk=application.pk)


@login_required
def evaluation_detail(request, pk):
    application = _own_application(request, pk)
    posted, score_errors = None, {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                try:
                    evaluation_applications.self_assessment_save(
                        application=application,
                        by=request.user,
                        scores=scores_from_post(request.POST),
                        summary=request.POST.get("summary", ""),
                    )
                except ValidationError as exc:
                    # Nothing was saved: show the sheet again as it was typed, each error next to its score.
                    posted, score_errors = request.POST, refused_scores(request, exc)
                else:
                    messages.success(request, _("已保存自评。"))
            elif action == "submit":
                evaluation_start(application=application, by=request.user)
                messages.success(request, _("已提交评估申请，请等待资格审核。"))
            elif action == "appeal":
                evaluation_grading.objection_file(
                    application=application,
                    kind=ObjectionKind.APPEAL,
                    name=application.organization.name,
                    phone=request.POST.get("phone", ""),
                    email=request.POST.get("email", ""),
                    content=request.POST.get("content", ""),
                    by=request.user,
                )
                if application.round.rules == "2010":
                    messages.success(request, _("已提出申诉，复核委员会将在公示期满后复核。"))
                else:
                    messages.success(request, _("已提出申诉，评估委员会将在公示期满后处理。"))
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        if posted is None:
            return redirect("portal_evaluation_detail", pk=pk)
    application.refresh_from_db()
    context = {
        "application": application,
        "rows": score_rows(
            application, points_field="self_points", note_field="self_note", posted=posted, errors=score_errors
        ),
        "summary": application.self_summary if posted is None else posted.get("summary", ""),
        "parts": evaluation_part_totals(application),
        "problems": evaluation_applications.self_assessment_problems(application)
        if application.status == EvaluationStatus.DRAFT
        else [],
        "appeals": application.objections.filter(kind=ObjectionKind.APPEAL),
        "can_appeal": application.status == EvaluationStatus.NOTICE
        and application.round.notice_starts_on <= timezone.localdate() <= application.round.notice_ends_on,
        "certificate": Certificate.objects.filter(
            organization=application.organization, kind=CertificateKind.GRADE, issued_on=application.round.announced_on
        ).first()
        if application.status == EvaluationStatus.AWARDED
        else None,
    }
    return render(request, "workflows/portal/evaluation.html", context)
