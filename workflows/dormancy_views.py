"""Officers' step views of the cleanup flow: each validates a form, calls one service and completes the task."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from registry.models import DormancyCase
from registry.services import dormancy as services


class ReviewCaseForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[("close", gettext_lazy("已整改，结案")), ("propose", gettext_lazy("公示期满未整改，提出撤销登记"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=gettext_lazy("事实和理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveRevocationForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("核准决定"),
        choices=[("revoke", gettext_lazy("撤销登记")), ("reject", gettext_lazy("不予撤销，结案"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("决定理由及法律依据（将公告）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseStepView(FormView):
    template_name = "workflows/dormancy/task.html"

    @property
    def case(self) -> DormancyCase:
        if not hasattr(self, "_case"):
            from workflows.models import BureauProcess

            process = BureauProcess.objects.get(pk=self.request.activation.process.pk)
            self._case = DormancyCase.objects.select_related("organization__jurisdiction").get(
                pk=process.dormancy_case_id
            )
        return self._case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case=self.case, org=self.case.organization, task=self.request.activation.task)
        return context

    def form_valid(self, form):
        try:
            message = self.decide(form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
            return self.form_invalid(form)
        self.request.activation.execute()
        messages.success(self.request, message)
        return redirect("work:index")


class ReviewCaseView(CaseStepView):
    form_class = ReviewCaseForm

    def decide(self, data):
        if data["decision"] == "close":
            services.dormancy_case_close(case=self.case, by=self.request.user, reason=data["reason"])
            return _("已结案：%(name)s。") % {"name": self.case.organization.name}
        services.dormancy_revocation_propose(case=self.case, by=self.request.user, reason=data["reason"])
        return _("已提出撤销登记，报科长核准：%(name)s。") % {"name": self.case.organization.name}


class ApproveRevocationView(CaseStepView):
    form_class = ApproveRevocationForm

    def decide(self, data):
        if data["decision"] == "revoke":
            services.dormancy_revoke(case=self.case, by=self.request.user, reason=data["reason"])
            return _("已撤销“%(name)s”的登记并公告。") % {"name": self.case.organization.name}
        services.dormancy_revocation_reject(case=self.case, by=self.request.user, reason=data["reason"])
        return _("不予撤销，已结案：%(name)s。") % {"name": self.case.organization.name}
