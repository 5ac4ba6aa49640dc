"""The window officer's step of an archive request: grant chosen documents of the file, or refuse."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import ArchiveRequest
from registry.services import archive_requests as services
from workflows.engine.steps import DecisionStepView


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[("grant", gettext_lazy("同意查询，提供所选材料")), ("refuse", gettext_lazy("不予查询"))],
        widget=forms.RadioSelect,
    )
    documents = forms.MultipleChoiceField(
        label=gettext_lazy("提供的档案材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=gettext_lazy("不予查询的理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(d.key, d.title) for d in documents]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "grant" and not data.get("documents"):
            raise ValidationError(_("请从该组织的登记档案中选择至少一份同意查询的文件。"))
        if data.get("decision") == "refuse" and len(data.get("reason", "").strip()) < 4:
            raise ValidationError(_("请写明不予查询的理由。"))
        return data


class DecideArchiveView(DecisionStepView):
    template_name = "workflows/archive/task.html"
    subject_name = "archive"
    subject_related = ("organization__jurisdiction",)
    form_class = DecideForm

    @property
    def archive(self) -> ArchiveRequest:
        return self.subject

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["documents"] = services.archive_file_documents(self.archive.organization)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.archive.organization
        return context

    def decide(self, data):
        name = self.archive.organization.name
        if data["decision"] == "refuse":
            services.archive_request_refuse(request=self.archive, by=self.request.user, reason=data["reason"])
            return _("已决定不予查询：%(name)s。") % {"name": name}
        services.archive_request_grant(request=self.archive, by=self.request.user, keys=data["documents"])
        return _("已同意查询%(name)s的登记档案。") % {"name": name}
