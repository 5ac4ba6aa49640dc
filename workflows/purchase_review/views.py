"""Officers' pages of the review of purchase calls: the panel, the results table (each expert's totals, the
trimmed mean, the rank), the award proposal, the public notice and its objections, and the award, after which
each concluded application's process is moved on (`conclude_application`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from registry.choices import OfficerRole
from registry.models import (
    CallStatus,
    NoticeObjection,
    NoticeObjectionStatus,
    OfficerAssignment,
    PurchaserMember,
    ReviewExpert,
)
from registry.rules.display import local_date
from registry.rules.purchase_scoring import PANEL_MINIMUM
from registry.selectors.purchase_review import (
    PRELIMINARY,
    has_preliminary_round,
    purchase_officer_calls,
    results_table,
    review_stage,
)
from registry.services.purchase_incubation import contest_winner_admission, contest_winner_admit
from registry.services.purchase_review import (
    IN_RESULTS,
    award_decide,
    award_propose,
    award_revise,
    in_notice,
    notice_objection_answer,
    notice_start,
    panel_assign,
    preliminary_compute,
    results_compute,
    review_of,
)
from workflows.flows.purchase import conclude_application

# The calls whose review is worked here: from the panel's choice (while the call is open) to the award.
REVIEW_STATUSES = (CallStatus.OPEN, CallStatus.REVIEW, CallStatus.NOTICE, CallStatus.AWARDED)


def _require_some_purchaser(user) -> None:
    """Refuse anyone who acts for no purchasing unit (its staff, or an officer of a bureau)."""
    if user.is_superuser:
        return
    if PurchaserMember.objects.filter(user=user).exists():
        return
    if OfficerAssignment.objects.filter(user=user).exclude(role=OfficerRole.UNIT).exists():
        return
    raise PermissionDenied(_("只有购买主体的工作人员可以办理。"))


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class PanelForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("评审专家"),
        queryset=ReviewExpert.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )


class CallReviewListView(LoginRequiredMixin, TemplateView):
    """Calls of my purchasing units from the panel's choice to the award."""

    template_name = "workflows/purchase_review/calls.html"
    viewset = None

    def get(self, request, *args, **kwargs):
        _require_some_purchaser(request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = purchase_officer_calls(self.request.user).filter(status__in=REVIEW_STATUSES)
        return context


class CallReviewView(LoginRequiredMixin, TemplateView):
    """One call's review: panel, results, proposal, notice, objections, award (each a button of its own)."""

    template_name = "workflows/purchase_review/call.html"
    viewset = None

    def call(self):
        _require_some_purchaser(self.request.user)
        return get_object_or_404(
            purchase_officer_calls(self.request.user).filter(status__in=REVIEW_STATUSES), pk=self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        self.current = self.call()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, panel_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.current
        review = review_of(call)
        members, rows = results_table(call)
        objections = call.notice_objections.select_related("application__organization", "answered_by")
        today = timezone.localdate()
        contest = has_preliminary_round(call)
        preliminary_members, preliminary_rows = results_table(call, PRELIMINARY) if contest else ([], [])
        projects = list(call.applications.filter(project__isnull=False).select_related("project", "organization"))
        for application in projects:
            application.admission = contest_winner_admission(application) if call.incubation_base_id else None
        context.update(
            contest=contest,
            stage=review_stage(call),
            preliminary_members=preliminary_members,
            preliminary_rows=preliminary_rows,
            call=call,
            review=review,
            members=members,
            rows=rows,
            criteria=call.criteria.all(),
            panel_form=panel_form or PanelForm(initial={"experts": [m.expert_id for m in members]}),
            panel_minimum=PANEL_MINIMUM,
            panel_editable=call.status in (CallStatus.OPEN, CallStatus.REVIEW) and review.computed_at is None,
            objections=objections,
            pending=[o for o in objections if o.status == NoticeObjectionStatus.PENDING],
            to_revise=[o for o in objections if o.status == NoticeObjectionStatus.UPHELD and o.revised_at is None],
            in_results=call.applications.filter(status__in=IN_RESULTS).select_related("organization").order_by("rank"),
            in_notice=in_notice(call, review, today),
            notice_over=call.status == CallStatus.NOTICE and review.notice_ends_on and today > review.notice_ends_on,
            projects=projects,
            CallStatus=CallStatus,
        )
        return context

    def post(self, request, *args, **kwargs):
        call = self.current = self.call()
        action = request.POST.get("action", "")
        try:
            if action == "panel":
                form = PanelForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(panel_form=form), status=400)
                panel_assign(call=call, by=request.user, experts=list(form.cleaned_data["experts"]))
                messages.success(request, _("已选定评审组。"))
            elif action == "preliminary":
                with transaction.atomic():
                    sent_home = preliminary_compute(call=call, by=request.user)
                    for application in sent_home:
                        conclude_application(application)
                messages.success(request, _("已汇总初赛结果，%(count)d 个申报未晋级决赛。") % {"count": len(sent_home)})
            elif action == "incubate":
                pk = request.POST.get("application", "")
                winner = get_object_or_404(call.applications, pk=pk if pk.isdigit() else 0)
                admission = contest_winner_admit(application=winner, by=request.user)
                messages.success(
                    request,
                    _("“%(name)s”已入驻%(base)s。") % {"name": winner.organization.name, "base": admission.base.name},
                )
            elif action == "compute":
                results_compute(call=call, by=request.user)
                messages.success(request, _("已汇总评审结果并排名。"))
            elif action == "propose":
                proposed = award_propose(call=call, by=request.user)
                messages.success(request, _("已提出拟立项方案：%(count)d 个项目。") % {"count": len(proposed)})
            elif action == "notice":
                review = notice_start(call=call, by=request.user)
                messages.success(
                    request, _("已发布公示，公示期至%(date)s。") % {"date": local_date(review.notice_ends_on)}
                )
            elif action == "answer":
                objection = get_object_or_404(NoticeObjection, pk=request.POST.get("objection"), call=call)
                upheld = request.POST.get("upheld")
                if upheld not in ("0", "1"):
                    raise ValidationError(_("请选择异议是否成立。"))
                notice_objection_answer(
                    objection=objection, by=request.user, upheld=upheld == "1", reply=request.POST.get("reply", "")
                )
                messages.success(request, _("已答复异议。"))
            elif action == "revise":
                ids = [int(pk) for pk in request.POST.getlist("exclude") if pk.isdigit()]
                exclude = list(call.applications.filter(pk__in=ids))
                award_revise(call=call, by=request.user, exclude=exclude, reason=request.POST.get("reason", ""))
                messages.success(request, _("已调整拟立项方案并重新公示。"))
            elif action == "award":
                with transaction.atomic():
                    concluded = award_decide(call=call, by=request.user)
                    for application in concluded:
                        conclude_application(application)
                messages.success(request, _("已确定立项（%(count)d 个申报办结）。") % {"count": len(concluded)})
            else:
                raise ValidationError(_("无法识别的操作。"))
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        return redirect("work:purchase_review", pk=call.pk)
