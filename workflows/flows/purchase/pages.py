"""Purchasing units' pages in the officers' site: their calls (draft, criteria, rounds, publish, close, cancel)
and the applications to each call. Each unit's staff see only their unit's calls (the purchaser's wall)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from viewflow.workflow.status import PROCESS

from registry.models import CallKind, CallStatus, IncubationBase, RoundKind, ServiceCall
from registry.rules.evaluation import GRADES_HIGH_TO_LOW
from registry.selectors.purchase import calls_for, units_for
from registry.selectors.purchase_delivery import purchaser_workload
from registry.services import purchase_calls as services
from workflows.flows.purchase import PurchaseApplicationFlow
from workflows.models import PurchaseApplicationProcess

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CRITERIA_ROWS = 6


class CallForm(forms.ModelForm):
    class Meta:
        model = ServiceCall
        fields = [f for f in services.CALL_FIELDS if f != "grade_bonus"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "incubation_support": forms.Textarea(attrs={"rows": 3}),
            "multi_year_reason": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATETIME_INPUT,
            "service_start": DATE_INPUT,
            "service_end": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["min_grade"].widget = forms.Select(
            choices=[("", _("不限"))] + [(grade, grade) for grade in GRADES_HIGH_TO_LOW]
        )
        self.fields["incubation_support"].help_text = _("公益创投：获胜项目可获得的孵化支持（场地、培训、督导等）。")
        self.fields["incubation_base"].queryset = IncubationBase.objects.filter(active=True)
        self.fields["incubation_base"].help_text = _("公益创投：确定立项后，获胜项目可由本单位办理入驻该孵化基地。")
        for grade in GRADES_HIGH_TO_LOW:
            self.fields[f"bonus_{grade}"] = forms.DecimalField(
                label=_("%(grade)s加分") % {"grade": grade},
                required=False,
                min_value=0,
                max_value=10,
                decimal_places=1,
                initial=(self.instance.grade_bonus or {}).get(grade),
            )

    def grade_bonus(self) -> dict:
        return {
            grade: self.cleaned_data[f"bonus_{grade}"]
            for grade in GRADES_HIGH_TO_LOW
            if self.cleaned_data.get(f"bonus_{grade}")
        }


class NewCallForm(CallForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("购买主体"), queryset=None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.order_fields(["unit"])


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def _show_errors(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for error in _refusals(exc):
            form.add_error(None, error)


class PurchaserPage(LoginRequiredMixin, TemplateView):
    """A page only a purchasing unit's staff (or a bureau officer for the bureau's unit) may open."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not units_for(request.user).exists():
            raise PermissionDenied(_("您不是购买主体的工作人员。"))
        return super().dispatch(request, *args, **kwargs)


class CallListView(PurchaserPage):
    """The calls of my units, and a form to draft a new one."""

    template_name = "workflows/purchase/calls.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        units = units_for(self.request.user)
        context["calls"] = calls_for(self.request.user).order_by("-created_at", "-id")
        context["purchasing_units"] = units
        context["purchaser_workload"] = purchaser_workload(self.request.user)
        context["form"] = form or NewCallForm(units=units, initial={"unit": units.first(), "min_years_registered": 1})
        return context

    def post(self, request, *args, **kwargs):
        form = NewCallForm(request.POST, units=units_for(request.user))
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.CALL_FIELDS if name != "grade_bonus"}
            try:
                call = services.call_save(
                    unit=form.cleaned_data["unit"], by=request.user, grade_bonus=form.grade_bonus(), **data
                )
            except (ValidationError, PermissionDenied) as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, _("已保存草稿：%(title)s。请设置评分标准后发布。") % {"title": call.title})
                return redirect("work:purchase_call", pk=call.pk)
        return self.render_to_response(self.get_context_data(form=form))


def _criteria_rows(request) -> list[dict]:
    names = request.POST.getlist("criterion_name")
    descriptions = request.POST.getlist("criterion_description")
    weights = request.POST.getlist("criterion_weight")
    rows = []
    for name, description, weight in zip(names, descriptions, weights, strict=False):
        if name.strip() or weight.strip():
            rows.append({"name": name, "description": description, "weight": weight})
    return rows


def _round_rows(request) -> list[dict]:
    rows = []
    for kind in RoundKind.values:
        held_on = request.POST.get(f"round_{kind}_on", "").strip()
        if not held_on:
            continue
        try:
            day = forms.DateField().clean(held_on)
        except ValidationError as exc:
            raise ValidationError(_("比赛日期格式不正确。")) from exc
        advancing = request.POST.get(f"round_{kind}_advancing", "").strip()
        rows.append(
            {
                "kind": kind,
                "held_on": day,
                "presentation": bool(request.POST.get(f"round_{kind}_presentation")),
                "advancing": int(advancing) if advancing.isdigit() else None,
                "note": request.POST.get(f"round_{kind}_note", ""),
            }
        )
    return rows


class CallDetailView(PurchaserPage):
    """One call: edit the draft, its criteria and rounds, publish; close after the deadline; cancel; applications."""

    template_name = "workflows/purchase/call.html"

    def call(self) -> ServiceCall:
        try:
            return calls_for(self.request.user).get(pk=self.kwargs["pk"])
        except ServiceCall.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, form=None, criteria=None, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.call()
        rows = criteria if criteria is not None else list(call.criteria.values("name", "description", "weight"))
        rows += [{}] * max(CRITERIA_ROWS - len(rows), 1)
        rounds = {r.kind: r for r in call.rounds.all()}
        applications = list(call.applications.exclude(status="draft").select_related("organization"))
        processes = {
            p.purchase_application_id: p
            for p in PurchaseApplicationProcess.objects.filter(purchase_application__in=applications)
        }
        for application in applications:
            process = processes.get(application.pk)
            application.process_url = (
                PurchaseApplicationFlow.instance.reverse("process_detail", args=[process.pk]) if process else ""
            )
            application.process_open = process is not None and process.status == PROCESS.NEW
        context.update(
            call=call,
            form=form or CallForm(instance=call),
            criteria=rows,
            weight_total=sum(int(r.get("weight") or 0) for r in rows if str(r.get("weight") or "").isdigit()),
            rounds=[(kind, label, rounds.get(kind)) for kind, label in RoundKind.choices],
            problems=services.call_publish_problems(call) if call.status == CallStatus.DRAFT else [],
            applications=applications,
            closable=call.status == CallStatus.OPEN and timezone.now() > call.deadline,
            venture=call.kind == CallKind.VENTURE,
        )
        return context

    def post(self, request, *args, **kwargs):
        call = self.call()
        action = request.POST.get("action")
        try:
            if action == "save":
                form = CallForm(request.POST, instance=ServiceCall.objects.get(pk=call.pk))
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                data = {name: form.cleaned_data[name] for name in services.CALL_FIELDS if name != "grade_bonus"}
                try:
                    services.call_save(
                        unit=call.unit, by=request.user, call=call, grade_bonus=form.grade_bonus(), **data
                    )
                except ValidationError as exc:
                    _show_errors(form, exc)
                    return self.render_to_response(self.get_context_data(form=form))
                messages.success(request, _("已保存。"))
            elif action == "criteria":
                rows = _criteria_rows(request)
                try:
                    services.call_criteria_set(call=call, by=request.user, criteria=rows)
                except ValidationError as exc:
                    for error in exc.messages:
                        messages.error(request, error)
                    return self.render_to_response(self.get_context_data(criteria=rows))
                messages.success(request, _("已保存评分标准。"))
            elif action == "rounds":
                services.call_rounds_set(call=call, by=request.user, rounds=_round_rows(request))
                messages.success(request, _("已保存比赛安排。"))
            elif action == "publish":
                services.call_publish(call=call, by=request.user)
                messages.success(request, _("已发布，社会组织可在截止时间前申报。"))
            elif action == "close":
                services.call_close(call=call, by=request.user)
                messages.success(request, _("已结束征集，进入评审。"))
            elif action == "cancel":
                services.call_cancel(call=call, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("已撤销项目征集。"))
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        return redirect("work:purchase_call", pk=call.pk)
