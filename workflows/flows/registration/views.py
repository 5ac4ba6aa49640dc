"""Officers' step views of the registration flow: validate the form, call one service, complete the task."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole
from registry.models import RegistrationApplication
from registry.rules.conditions import RefusalGround
from registry.rules.decision_documents import available_documents
from registry.selectors import similar_organizations, unpublished_years
from registry.services.application_checks import (
    application_problems,
    change_diff,
    change_is_late,
    change_window_opened_on,
    required_documents,
)
from registry.services.application_review import (
    application_accept,
    application_approve,
    application_refuse,
    application_reject,
    application_review,
    corrections_request,
)
from registry.services.register import organization_register
from workflows.engine.steps import DecisionStepView
from workflows.flows.dormancy.services import cleanup_cases_end_with_deregistration


def _lines(text: str) -> list[str]:
    return [line.strip(" -·•\t") for line in text.splitlines() if line.strip(" -·•\t")]


class AcceptForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("受理决定"),
        choices=[
            ("accept", gettext_lazy("受理")),
            ("corrections", gettext_lazy("一次性告知补正")),
            ("refuse", gettext_lazy("不予受理")),
        ],
        widget=forms.RadioSelect,
    )
    items = forms.CharField(
        label=gettext_lazy("需补正的全部事项（每行一项）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=gettext_lazy("告知申请人的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=gettext_lazy("内部意见（申请人不可见）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[("pass", gettext_lazy("审查通过，报科长核准")), ("corrections", gettext_lazy("一次性告知补正"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=gettext_lazy("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    site_visit_note = forms.CharField(
        label=gettext_lazy("实地核查记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    items = forms.CharField(
        label=gettext_lazy("需补正的全部事项（每行一项）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("核准决定"),
        choices=[("approve", gettext_lazy("核准")), ("reject", gettext_lazy("不予登记"))],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(
        label=gettext_lazy("不予登记的法定情形"),
        choices=[("", "—"), *RefusalGround.choices],
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("理由及法律依据（不予登记时必填，告知申请人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IssueForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("已核对登记事项，赋码并制发登记证书"), required=True)


class StepView(DecisionStepView):
    """Show the application with its documents and history beside the decision form."""

    subject_name = "application"
    subject_related = ("jurisdiction", "applicant__applicant_profile")
    subject_prefetch = ("officers", "documents__requirement", "events__by")
    template_name = "workflows/registration/task.html"
    role = ""

    @property
    def application(self) -> RegistrationApplication:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        present = {d.requirement_id for d in application.documents.all()}
        due_on = self.request.activation.flow_task.due_on(application)
        context.update(
            application=application,
            activation=self.request.activation,
            task=self.request.activation.task,
            missing_documents=[r for r in required_documents(application) if r.pk not in present],
            decision_documents=available_documents(
                status=application.status, application_kind=application.kind, accepted_on=application.accepted_on
            ),
            problems=application_problems(application),
            due_on=due_on,
            due_unpublished_years=unpublished_years(timezone.localdate(), due_on) if due_on else [],
            changes=[
                (RegistrationApplication._meta.get_field(name).verbose_name, old, new)
                for name, (old, new) in change_diff(application).items()
            ]
            if application.kind == "change"
            else [],
            similar_organizations=similar_organizations(application)
            if application.kind in ("registration", "preparation")
            else [],
            change_is_late=change_is_late(application),
            change_window_opened_on=change_window_opened_on(application),
            change_within_days=settings.REGISTRY["CHANGE_WITHIN_DAYS"],
        )
        return context


class AcceptView(StepView):
    form_class = AcceptForm
    role = "window"

    def decide(self, data):
        a, by = self.application, self.request.user
        if data["decision"] == "accept":
            application_accept(application=a, by=by, note=data["note"])
            return _("已受理 %(ref)s。") % {"ref": a.reference}
        if data["decision"] == "corrections":
            corrections_request(
                application=a, by=by, role=OfficerRole.WINDOW, items=_lines(data["items"]), reason=data["reason"]
            )
            return _("已一次性告知申请人补正 %(ref)s。") % {"ref": a.reference}
        application_refuse(application=a, by=by, reason=data["reason"])
        return _("已作出不予受理决定 %(ref)s。") % {"ref": a.reference}


class ReviewView(StepView):
    form_class = ReviewForm

    def decide(self, data):
        a, by = self.application, self.request.user
        if data["decision"] == "corrections":
            corrections_request(
                application=a, by=by, role=OfficerRole.REVIEWER, items=_lines(data["items"]), reason=data["opinion"]
            )
            return _("已告知补正，计时暂停 %(ref)s。") % {"ref": a.reference}
        application_review(
            application=a,
            by=by,
            opinion=data["opinion"],
            site_visit_note=data["site_visit_note"],
        )
        return _("审查完成，已报核准 %(ref)s。") % {"ref": a.reference}


class ApproveView(StepView):
    form_class = ApproveForm

    def decide(self, data):
        a, by = self.application, self.request.user
        if data["decision"] == "approve":
            application_approve(application=a, by=by, reason=data["reason"])
            return _("已核准 %(ref)s，待发证。") % {"ref": a.reference}
        application_reject(application=a, by=by, reason=data["reason"], ground=data.get("ground", ""))
        return _("已作出不予登记决定 %(ref)s。") % {"ref": a.reference}


class IssueView(StepView):
    form_class = IssueForm

    def decide(self, data):
        kind = self.application.kind
        organization = organization_register(application=self.application, by=self.request.user)
        if kind == "deregistration":
            cleanup_cases_end_with_deregistration(organization=organization, by=self.request.user)
            return _("已准予“%(name)s”注销登记，证书作废。") % {"name": organization.name}
        if kind == "change":
            return _("已办结“%(name)s”的变更登记，证书已换发。") % {"name": organization.name}
        if organization.uscc:
            return _("已登记“%(name)s”，统一社会信用代码 %(code)s，证书正在生成。") % {
                "name": organization.name,
                "code": organization.uscc,
            }
        return _("已准予“%(name)s”筹备。") % {"name": organization.name}
