"""Pages of the review of purchase calls outside the officers' site: the review experts' pages (their calls, the
applications they may see, the conflict declaration and the scoring sheet) and the public notice of the results
with its objection form."""

from decimal import Decimal, InvalidOperation
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import (
    CallReview,
    CallStatus,
    ConflictDeclaration,
    ExpertScore,
    PanelMember,
    PurchaseApplicationStatus,
    ServiceCall,
)
from registry.rules.idcards import mask_id_number
from registry.selectors.purchase_review import (
    PUBLISHED,
    expert_applications,
    expert_calls,
    expert_progress,
    expert_visible_applications,
    preliminary_results,
    public_results,
    review_stage,
)
from registry.services.purchase_review import (
    IN_RESULTS,
    conflict_declare,
    in_notice,
    notice_objection_file,
    scores_save,
)
from registry.views.objections import objection_post


def _member(request, call) -> PanelMember:
    member = PanelMember.objects.filter(call=call, expert__user=request.user, expert__active=True).first()
    if member is None:
        raise Http404
    return member


@login_required
def expert_call_list(request):
    """The calls whose panel the signed-in expert sits on (an empty list for anyone else)."""
    return render(request, "registry/purchase_review/expert_calls.html", {"calls": expert_calls(request.user)})


@login_required
def expert_call(request, pk):
    """One call of the expert's: its criteria and the applications under review, with the expert's progress."""
    call = get_object_or_404(expert_calls(request.user), pk=pk)
    member = _member(request, call)
    stage = review_stage(call)  # a contest's preliminary, or the final (or a call's only review)
    progress = expert_progress(member, stage)
    applications = [(a, progress.get(a.pk, "")) for a in expert_applications(call)]
    context = {"call": call, "criteria": call.criteria.all(), "applications": applications, "stage": stage}
    return render(request, "registry/purchase_review/expert_call.html", context)


def _scores_from_post(post, criteria) -> tuple[dict, dict]:
    """The typed score and comment of each criterion; a score that is not a number is reported beside it."""
    scores, errors = {}, {}
    for criterion in criteria:
        text = post.get(f"score_{criterion.pk}", "").strip()
        comment = post.get(f"comment_{criterion.pk}", "")
        try:
            score = Decimal(text) if text else None
        except InvalidOperation:
            errors[criterion.pk] = _("请填写0至100之间的数字。")
            score = None
        if score is not None and not score.is_finite():
            errors[criterion.pk] = _("请填写0至100之间的数字。")
            score = None
        scores[criterion.pk] = (score, comment)
    return scores, errors


@login_required
def expert_application(request, pk):
    """Declare a conflict of interest (or none), then score each criterion; save, then submit to lock the scores."""
    application = get_object_or_404(expert_visible_applications(request.user), pk=pk)
    call = application.call
    member = _member(request, call)
    criteria = list(call.criteria.all())
    typed, field_errors = None, {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("clear", "conflict"):
                conflict_declare(
                    application=application,
                    by=request.user,
                    conflicted=action == "conflict",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request,
                    _("已声明存在利害关系，您将回避该申报的评审。")
                    if action == "conflict"
                    else _("已声明无利害关系，请评分。"),
                )
                return redirect("purchase_expert_application", pk=pk)
            if action in ("save", "submit"):
                scores, field_errors = _scores_from_post(request.POST, criteria)
                if field_errors:
                    raise ValidationError(_("有评分项的得分格式不正确。"))
                scores_save(application=application, by=request.user, scores=scores, submit=action == "submit")
                messages.success(
                    request, _("评分已提交。") if action == "submit" else _("评分已保存，提交前仍可修改。")
                )
                return redirect("purchase_expert_application", pk=pk)
        except (ValidationError, PermissionDenied) as exc:
            for error in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, error)
            typed = request.POST
    declaration = ConflictDeclaration.objects.filter(member=member, application=application).first()
    stage = review_stage(call)
    saved = {s.criterion_id: s for s in ExpertScore.objects.filter(member=member, application=application, stage=stage)}
    submitted = any(s.submitted_at for s in saved.values())
    rows = []
    for criterion in criteria:
        score = saved.get(criterion.pk)
        if typed is not None:
            value, comment = typed.get(f"score_{criterion.pk}", ""), typed.get(f"comment_{criterion.pk}", "")
        else:
            value = "" if score is None else str(score.score)
            comment = "" if score is None else score.comment
        rows.append(
            {"criterion": criterion, "value": value, "comment": comment, "error": field_errors.get(criterion.pk)}
        )
    organization = application.organization
    context = {
        "application": application,
        "call": call,
        "stage": stage,
        "organization": organization,
        "masked_id": mask_id_number(organization.legal_rep_id_number) if organization.legal_rep_id_number else "",
        "declaration": declaration,
        "rows": rows,
        "submitted": submitted,
        "editable": declaration is not None
        and not declaration.conflicted
        and not submitted
        and application.status == PurchaseApplicationStatus.ELIGIBLE,
        "can_declare": declaration is None and application.status == PurchaseApplicationStatus.ELIGIBLE,
        "budget_lines": application.budget_lines if isinstance(application.budget_lines, list) else [],
        "team": application.team if isinstance(application.team, list) else [],
    }
    return render(request, "registry/purchase_review/expert_application.html", context)


class NoticeObjectionForm(forms.Form):
    application = forms.ModelChoiceField(
        label=gettext_lazy("异议对象"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("整体评审结果"),
    )
    name = forms.CharField(label=gettext_lazy("姓名或单位"), max_length=60)
    contact = forms.CharField(label=gettext_lazy("联系电话或电子邮箱"), max_length=80)
    content = forms.CharField(label=gettext_lazy("异议内容及理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        field.queryset = call.applications.filter(status__in=IN_RESULTS).select_related("organization")
        field.label_from_instance = lambda a: f"{a.organization.name} · {a.project_name}"


def call_results(request, pk):
    """The public notice of a call's results (公示): score, rank and proposed amount; objections while it lasts."""
    call = get_object_or_404(ServiceCall.objects.filter(status__in=PUBLISHED).select_related("unit"), pk=pk)
    review = CallReview.objects.filter(call=call).first()
    open_for_objections = in_notice(call, review, timezone.localdate())
    form = NoticeObjectionForm(call=call)
    status = 200
    if request.method == "POST":
        form = NoticeObjectionForm(request.POST, call=call)
        response, status = objection_post(
            request,
            form,
            filing=partial(notice_objection_file, call=call),
            message=_("异议已收到（编号 %(number)d），答复将通过您留下的联系方式告知。"),
            redirect_to="purchase_call_results",
            pk=pk,
        )
        if response:
            return response
    context = {
        "call": call,
        "review": review,
        "results": public_results(call),
        "preliminary": preliminary_results(call),
        "form": form,
        "open_for_objections": open_for_objections,
        "awarded": call.status == CallStatus.AWARDED,
        "notice_days": settings.REGISTRY["PURCHASE_NOTICE_DAYS"],
    }
    return render(request, "registry/purchase_review/results.html", context, status=status)
