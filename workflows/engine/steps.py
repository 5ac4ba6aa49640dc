"""The shape every officer step view shares: show the domain object, validate a form, call one service, complete."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from workflows.models import BureauProcess


class DecisionStepView(FormView):
    """A task view whose `decide(cleaned_data)` calls one service and returns the message for the officer.

    The domain object is the one the flow's process links to (its proxy's `subject_field`, e.g. the
    annual report); it is loaded once with `subject_related` and `subject_prefetch` and offered to the
    template as `subject_name`.
    """

    subject_name = "subject"
    submit_label = ""  # the button's words when "提交" says too little of what it does
    subject_related: tuple[str, ...] = ()
    subject_prefetch: tuple[str, ...] = ()

    @property
    def subject(self):
        if not hasattr(self, "_subject"):
            process_class = self.request.activation.flow_class.process_class
            link = process_class._meta.get_field(process_class.subject_field)
            subject_id = (
                BureauProcess.objects.filter(pk=self.request.activation.process.pk)
                .values_list(link.attname, flat=True)
                .get()
            )
            self._subject = (
                link.related_model.objects.select_related(*self.subject_related)
                .prefetch_related(*self.subject_prefetch)
                .get(pk=subject_id)
            )
        return self._subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {self.subject_name: self.subject, "task": self.request.activation.task, "submit_label": self.submit_label}
        )
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

    def decide(self, data) -> str:
        raise NotImplementedError


class FilingForm(forms.Form):
    """A window officer's filing (备案): file it, or return it; a return says why."""

    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[("file", gettext_lazy("予以备案")), ("return", gettext_lazy("退回，请组织重新报送"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("意见（退回的须写明理由）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
