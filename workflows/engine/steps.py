"""The shape every officer step view shares: show the domain object, validate a form, call one service, complete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from workflows.models import BureauProcess


class DecisionStepView(FormView):
    """A task view whose `decide(cleaned_data)` calls one service and returns the message for the officer.

    `subject_field` names the process's link to the domain object (e.g. "annual_report"); the object is
    loaded once with `subject_related` and offered to the template as `subject_name`.
    """

    subject_field = ""
    subject_name = "subject"
    subject_related: tuple[str, ...] = ()

    @property
    def subject(self):
        if not hasattr(self, "_subject"):
            process = BureauProcess.objects.get(pk=self.request.activation.process.pk)
            model = BureauProcess._meta.get_field(self.subject_field).related_model
            self._subject = model.objects.select_related(*self.subject_related).get(
                pk=getattr(process, f"{self.subject_field}_id")
            )
        return self._subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({self.subject_name: self.subject, "task": self.request.activation.task})
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
