"""Pages of the third-party evaluators: only the applications of the teams they are on, and the scoring sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from registry.models import EvaluationApplication, EvaluationStatus, TeamMember
from registry.selectors import assigned_applications, evaluation_part_totals
from registry.selectors.purchase_delivery import delivered_projects_evidence
from registry.services.evaluation_scoring import team_scores_problems, team_scores_save
from workflows.flows.evaluation.portal import refused_scores, score_rows, scores_from_post
from workflows.flows.evaluation.services import evaluation_scores_submit


def _assigned(request, pk):
    try:
        return assigned_applications(request.user).get(pk=pk)
    except EvaluationApplication.DoesNotExist as exc:
        raise Http404 from exc


def _date_or_none(text: str):
    """A date from the form's yyyy-mm-dd text; a malformed or impossible date (2026-02-30) is refused."""
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("实地考察日期格式不正确。"))
    return day


@login_required
def assignments(request):
    applications = assigned_applications(request.user).order_by("status", "-round__year")
    return render(request, "workflows/evaluator/list.html", {"applications": applications})


@login_required
def scoring(request, pk):
    application = _assigned(request, pk)
    posted, score_errors = None, {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit"):
                try:
                    site_visit_on = _date_or_none(request.POST.get("site_visit_on", ""))
                    team_scores_save(
                        application=application,
                        by=request.user,
                        scores=scores_from_post(request.POST),
                        site_visit_on=site_visit_on,
                        site_visit_note=request.POST.get("site_visit_note", ""),
                        team_summary=request.POST.get("team_summary", ""),
                    )
                except ValidationError as exc:
                    # Nothing was saved: show the sheet again as it was typed, each error next to its score.
                    posted, score_errors = request.POST, refused_scores(request, exc)
                else:
                    if action == "submit":
                        evaluation_scores_submit(application=application, by=request.user)
                        messages.success(request, _("已提交评分，转评估委员会审议。"))
                    else:
                        messages.success(request, _("已保存评分。"))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        if posted is None:
            return redirect("evaluator_scoring", pk=pk)
    application.refresh_from_db()
    member = TeamMember.objects.filter(application=application, evaluator__user=request.user).first()
    typed = {
        "site_visit_on": application.site_visit_on.isoformat() if application.site_visit_on else "",
        "site_visit_note": application.site_visit_note,
        "team_summary": application.team_summary,
    }
    if posted is not None:
        typed = {name: posted.get(name, "") for name in typed}
    context = {
        "application": application,
        "org": application.organization,
        "rows": score_rows(
            application, points_field="team_points", note_field="team_comment", posted=posted, errors=score_errors
        ),
        "typed": typed,
        "parts": evaluation_part_totals(application),
        # Evidence for the work-performance (工作绩效) indicators: projects the organization delivered for purchasers.
        "delivered_projects": delivered_projects_evidence(application.organization),
        "team": application.team.select_related("evaluator__user"),
        "is_leader": member is not None and member.leader,
        "editable": application.status == EvaluationStatus.SCORING,
        "problems": team_scores_problems(application) if application.status == EvaluationStatus.SCORING else [],
    }
    return render(request, "workflows/evaluator/score.html", context)
