"""Officers' pages for whole evaluation rounds: open a round, publish and close the notice, announce, and
decide on grades after the announcement (lower or withdraw)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from registry.choices import Grade, OfficerRole
from registry.models import (
    EvaluationRound,
    GradeChange,
    IndicatorTable,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    RoundStatus,
)
from registry.rules.evaluation import GradeBasis, GradeReviewKind
from registry.services.evaluation_applications import round_open
from registry.services.evaluation_grading import grade_review_record, notice_publish
from registry.services.register import grade_change
from workflows.flows.evaluation.services import evaluation_notice_close, evaluation_round_announce


def _jurisdictions(user):
    """Jurisdictions where the user runs evaluation (评估管理岗) or decides on it (核准岗)."""

    if user.is_superuser:
        return Jurisdiction.objects.all()
    roles = [OfficerRole.EVALUATOR, OfficerRole.APPROVER]
    return Jurisdiction.objects.filter(
        pk__in=OfficerAssignment.objects.filter(user=user, role__in=roles).values("jurisdiction_id")
    )


def _refusals(exc) -> list[str]:
    """What to tell the officer when a service refused: its validation messages, or why permission was denied."""
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class RoundForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=gettext_lazy("登记管理机关"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=gettext_lazy("名称"), max_length=120)
    apply_from = forms.DateField(label=gettext_lazy("申请开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    apply_until = forms.DateField(label=gettext_lazy("申请截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    tables = forms.ModelMultipleChoiceField(
        label=gettext_lazy("参评类型及指标表"),
        queryset=IndicatorTable.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class RoundListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Evaluation rounds of my jurisdictions, a form to open one, and graded organizations to reconsider."""

    template_name = "workflows/evaluation/rounds.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        jurisdictions = _jurisdictions(self.request.user)
        today = timezone.localdate()
        context["rounds"] = (
            EvaluationRound.objects.filter(jurisdiction__in=jurisdictions)
            .select_related("jurisdiction")
            .annotate(
                total=Count("applications"), submitted=Count("applications", filter=~Q(applications__status="draft"))
            )
        )
        context["form"] = form or RoundForm(
            jurisdictions=jurisdictions,
            initial={
                "year": today.year,
                "title": _("%(year)d年度社会组织评估") % {"year": today.year},
                "tables": [t.pk for t in _latest_tables()],
            },
        )
        # A failed annual inspection is ground for lowering or withdrawing a grade (办法第二十九条).
        context["reconsider"] = (
            Organization.objects.filter(jurisdiction__in=jurisdictions, last_inspection_result="failed")
            .exclude(grade="")
            .select_related("jurisdiction")[:100]
        )
        return context

    def post(self, request, *args, **kwargs):
        form = RoundForm(request.POST, jurisdictions=_jurisdictions(request.user))
        if form.is_valid():
            try:
                evaluation_round = round_open(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已发起评估：%(title)s。") % {"title": evaluation_round.title})
                return redirect("work:evaluation_round", pk=evaluation_round.pk)
        return self.render_to_response(self.get_context_data(form=form))


def _latest_tables():
    latest = {}
    for table in IndicatorTable.objects.order_by("org_type", "-version"):
        latest.setdefault(table.org_type, table)
    return list(latest.values())


class RoundDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """One round: every application with its scores and grades, and the round's next step."""

    template_name = "workflows/evaluation/round.html"
    permission_required = "registry.view_organization"
    viewset = None

    def round(self) -> EvaluationRound:
        return get_object_or_404(
            EvaluationRound.objects.filter(jurisdiction__in=_jurisdictions(self.request.user)).select_related(
                "jurisdiction"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation_round = self.round()
        context.update(
            round=evaluation_round,
            tables=evaluation_round.tables.all(),
            applications=evaluation_round.applications.select_related("organization")
            .annotate(objection_count=Count("objections"))
            .order_by("status", "organization__name"),
            today=timezone.localdate(),
            RoundStatus=RoundStatus,
        )
        return context

    def post(self, request, *args, **kwargs):
        evaluation_round = self.round()
        action = request.POST.get("action")
        try:
            if action == "publish":
                notice_publish(evaluation_round=evaluation_round, by=request.user)
                messages.success(request, _("已发布公示。"))
            elif action == "close":
                moved = evaluation_notice_close(evaluation_round=evaluation_round, by=request.user)
                if moved:
                    messages.success(request, _("公示已结束，%(count)d 个结果进入下一步。") % {"count": moved})
                else:
                    messages.info(request, _("公示期尚未届满，或已经结束。"))
            elif action == "announce":
                count = evaluation_round_announce(evaluation_round=evaluation_round, by=request.user)
                messages.success(request, _("已公告评估结果（%(count)d 个组织）。") % {"count": count})
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        return redirect("work:evaluation_round", pk=evaluation_round.pk)


class GradeDecisionForm(forms.Form):
    to_grade = forms.ChoiceField(label=gettext_lazy("决定"), required=False)
    basis = forms.ChoiceField(label=gettext_lazy("依据"), choices=GradeBasis.choices)
    reason = forms.CharField(label=gettext_lazy("理由（将公开）"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current="", **kwargs):
        super().__init__(*args, **kwargs)
        lower = [(value, _("降为%(grade)s") % {"grade": value}) for value in Grade.values if value < current]
        # A tracking or verification evaluation may also conclude that the grade stays.
        keep = [(current, _("保持%(grade)s（跟踪评估、核查评估）") % {"grade": current})] if current else []
        self.fields["to_grade"].choices = [*keep, ("", _("取消评估等级")), *lower]


class GradeDecisionView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Lower or withdraw an organization's grade by a recorded decision of the section head."""

    template_name = "workflows/evaluation/grade.html"
    permission_required = "registry.view_organization"
    viewset = None

    def organization(self) -> Organization:
        return get_object_or_404(
            Organization.objects.filter(jurisdiction__in=_jurisdictions(self.request.user)).select_related(
                "jurisdiction"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.organization()
        context.update(
            org=organization,
            form=form or GradeDecisionForm(current=organization.grade),
            changes=GradeChange.objects.filter(organization=organization),
            reviews=organization.grade_reviews.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        organization = self.organization()
        form = GradeDecisionForm(request.POST, current=organization.grade)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["basis"] in GradeReviewKind.values:
                    # The outcome of a tracking or verification evaluation: recorded, and it changes the register
                    # when it lowers or withdraws the grade.
                    grade_review_record(
                        organization=organization,
                        kind=data["basis"],
                        to_grade=data["to_grade"],
                        reason=data["reason"],
                        by=request.user,
                    )
                else:
                    grade_change(organization=organization, by=request.user, **data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已记录评估等级决定：%(name)s。") % {"name": organization.name})
                return redirect("work:evaluation_grade", pk=organization.pk)
        return self.render_to_response(self.get_context_data(form=form))
