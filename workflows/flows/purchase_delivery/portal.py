"""Pages of a purchased project's delivery for the people outside the bureau's workspace: the purchasing unit's
staff (contract, acceptance, payments, changes, termination, evaluators), the organization (milestone reports)
and the third-party evaluator (mid-term and final results)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import MilestoneEvidence, MilestoneStatus, ProjectStatus
from registry.selectors.purchase import acts_for_unit
from registry.selectors.purchase_delivery import (
    evaluator_evaluations,
    organization_projects,
    purchaser_projects,
)
from registry.services import purchase_delivery as delivery
from registry.views.downloads import uploaded_file_response
from workflows.flows.purchase_delivery import forms
from workflows.flows.purchase_delivery import services as flow


def _errors(request, exc):
    for error in exc.messages:
        messages.error(request, error)


def _milestone(project, request):
    return get_object_or_404(project.milestones, pk=request.POST.get("milestone"))


def _project_context(project):
    milestones = list(project.milestones.prefetch_related("reports__evidence", "reports__decided_by").order_by("order"))
    return {
        "project": project,
        "contract": getattr(project, "contract", None),
        "milestones": milestones,
        "current": next((m for m in milestones if m.status in delivery.OPEN_MILESTONE_STATES), None),
        "changes": project.changes.select_related("by"),
        "evaluations": project.evaluations.select_related("evaluator__user"),
        "paid_total": sum((m.paid_amount or 0) for m in milestones),
    }


@login_required
def purchaser_list(request):
    """The projects of the units the user acts for."""
    return render(
        request, "workflows/purchase_delivery/purchaser_list.html", {"projects": purchaser_projects(request.user)}
    )


@login_required
def purchaser_project(request, pk):
    """One project for its purchaser: record the contract, decide reports, pay, change, terminate, evaluators."""
    project = get_object_or_404(purchaser_projects(request.user), pk=pk)
    contract_form, milestone_formset = forms.ContractForm(), forms.MilestoneFormSet(prefix="m")
    change_form, terminate_form, assign_form = forms.ChangeForm(), forms.TerminateForm(), forms.AssignForm()
    if request.method == "POST":
        action, by = request.POST.get("action"), request.user
        try:
            if action == "contract":
                contract_form = forms.ContractForm(request.POST)
                milestone_formset = forms.MilestoneFormSet(request.POST, prefix="m")
                if contract_form.is_valid() and milestone_formset.is_valid():
                    flow.contract_sign(
                        project=project,
                        by=by,
                        milestones=forms.milestone_rows(milestone_formset),
                        **contract_form.cleaned_data,
                    )
                    messages.success(request, _("已登记合同，项目进入实施阶段。"))
                    return redirect("purchaser_project", pk=pk)
            elif action == "decide":
                form = forms.DecisionForm(request.POST)
                if form.is_valid():
                    accept = form.cleaned_data["decision"] == "accept"
                    milestone = flow.milestone_decide(
                        milestone=_milestone(project, request), by=by, accept=accept, reason=form.cleaned_data["reason"]
                    )
                    messages.success(
                        request,
                        (_("已验收通过：%(title)s。") if accept else _("已退回：%(title)s，待组织重新报送。"))
                        % {"title": milestone.title},
                    )
                    return redirect("purchaser_project", pk=pk)
                messages.error(request, _("请选择验收结论。"))
            elif action == "pay":
                form = forms.PaymentForm(request.POST)
                if form.is_valid():
                    delivery.milestone_payment_record(
                        milestone=_milestone(project, request), by=by, **form.cleaned_data
                    )
                    messages.success(request, _("已登记付款。"))
                    return redirect("purchaser_project", pk=pk)
                messages.error(request, _("请填写付款日期和金额。"))
            elif action == "change":
                change_form = forms.ChangeForm(request.POST)
                milestone_formset = forms.MilestoneFormSet(request.POST, prefix="m")
                if change_form.is_valid() and milestone_formset.is_valid():
                    rows = forms.milestone_rows(milestone_formset)
                    delivery.project_change(project=project, by=by, milestones=rows or None, **change_form.cleaned_data)
                    messages.success(request, _("已登记合同变更。"))
                    return redirect("purchaser_project", pk=pk)
            elif action == "terminate":
                terminate_form = forms.TerminateForm(request.POST)
                if terminate_form.is_valid():
                    flow.project_terminate(project=project, by=by, reason=terminate_form.cleaned_data["reason"])
                    messages.success(request, _("项目已终止。"))
                    return redirect("purchaser_project", pk=pk)
            elif action == "assign":
                assign_form = forms.AssignForm(request.POST)
                if assign_form.is_valid():
                    delivery.project_evaluator_assign(project=project, by=by, **assign_form.cleaned_data)
                    messages.success(request, _("已委托第三方评估。"))
                    return redirect("purchaser_project", pk=pk)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _errors(request, exc)
    project.refresh_from_db()
    context = _project_context(project) | {
        "contract_form": contract_form,
        "milestone_formset": milestone_formset,
        "change_form": change_form,
        "terminate_form": terminate_form,
        "assign_form": assign_form,
        "decision_form": forms.DecisionForm(),
        "payment_form": forms.PaymentForm(initial={"paid_on": timezone.localdate()}),
        "under_way": project.status == ProjectStatus.CONTRACTED,
    }
    return render(request, "workflows/purchase_delivery/purchaser_project.html", context)


@login_required
def organization_list(request):
    """The purchased projects of the organizations the user acts for."""
    return render(
        request, "workflows/purchase_delivery/organization_list.html", {"projects": organization_projects(request.user)}
    )


@login_required
def organization_project(request, pk):
    """One project for its organization: the milestones and the report of the current one."""
    project = get_object_or_404(organization_projects(request.user), pk=pk)
    report_form = forms.ReportForm()
    if request.method == "POST":
        report_form = forms.ReportForm(request.POST, request.FILES)
        if report_form.is_valid():
            milestone = get_object_or_404(project.milestones, pk=request.POST.get("milestone"))
            try:
                flow.milestone_report_send(
                    milestone=milestone,
                    by=request.user,
                    text=report_form.cleaned_data["text"],
                    uploads=report_form.cleaned_data["files"],
                )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                for error in exc.messages:
                    report_form.add_error(None, error)
            else:
                messages.success(request, _("已报送：%(title)s，待购买主体验收。") % {"title": milestone.title})
                return redirect("portal_service_project", pk=pk)
    project.refresh_from_db()
    context = _project_context(project) | {
        "report_form": report_form,
        "reportable": MilestoneStatus.PENDING,
        "not_started": project.service_start > timezone.localdate(),  # reports open on the period's first day
    }
    return render(request, "workflows/purchase_delivery/organization_project.html", context)


@login_required
def evidence_download(request, pk):
    """A milestone's evidence file, for the organization, its purchaser and the project's evaluators."""
    evidence = get_object_or_404(MilestoneEvidence.objects.select_related("report__milestone__project__unit"), pk=pk)
    project = evidence.report.milestone.project
    allowed = (
        organization_projects(request.user).filter(pk=project.pk).exists()
        or acts_for_unit(request.user, project.unit)
        or evaluator_evaluations(request.user).filter(project=project).exists()
    )
    if not allowed:
        raise Http404
    path = delivery.evidence_path(evidence.stored_name)
    if not path.exists():
        raise Http404
    return uploaded_file_response(path, content_type=evidence.content_type, filename=evidence.original_name)


@login_required
def evaluator_list(request):
    """The project evaluations entrusted to the user as a third-party evaluator."""
    return render(
        request, "workflows/purchase_delivery/evaluator_list.html", {"evaluations": evaluator_evaluations(request.user)}
    )


@login_required
def evaluator_project(request, pk):
    """One entrusted evaluation: the project's delivery, and the form for the result."""
    evaluation = get_object_or_404(evaluator_evaluations(request.user), pk=pk)
    form = forms.EvaluationForm(initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and not evaluation.recorded:
        form = forms.EvaluationForm(request.POST)
        if form.is_valid():
            try:
                flow.evaluation_record(evaluation=evaluation, by=request.user, **form.cleaned_data)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                messages.success(request, _("已录入评估结果。"))
                return redirect("evaluator_project", pk=pk)
    evaluation.refresh_from_db()
    context = _project_context(evaluation.project) | {"evaluation": evaluation, "form": form}
    return render(request, "workflows/purchase_delivery/evaluator_project.html", context)
