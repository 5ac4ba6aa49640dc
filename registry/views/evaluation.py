"""Public pages of the evaluation: the notice of proposed grades with its objection form, and the announcements."""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import EvaluationApplication, EvaluationRound, EvaluationStatus, RoundStatus
from registry.services.evaluation_grading import objection_file
from registry.views.objections import objection_post

# On the notice: those published for objection, and after the announcement the outcome of each.
NOTICE_STATUSES = (
    EvaluationStatus.NOTICE,
    EvaluationStatus.REVIEW,
    EvaluationStatus.CONCLUDED,
    EvaluationStatus.AWARDED,
    EvaluationStatus.NO_GRADE,
)


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label=gettext_lazy("异议对象"), queryset=EvaluationApplication.objects.none())
    name = forms.CharField(label=gettext_lazy("姓名或单位"), max_length=60)
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20)
    email = forms.EmailField(label=gettext_lazy("电子邮箱（选填）"), required=False)
    content = forms.CharField(label=gettext_lazy("异议内容及理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, evaluation_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        field.queryset = evaluation_round.applications.filter(status=EvaluationStatus.NOTICE).select_related(
            "organization"
        )
        field.label_from_instance = lambda a: f"{a.organization.name}（{a.committee_grade or _('不予评定等级')}）"


def evaluation_notices(request):
    """Rounds under public notice or announced."""
    rounds = (
        EvaluationRound.objects.exclude(status=RoundStatus.OPEN)
        .select_related("jurisdiction")
        .order_by("-notice_starts_on", "-id")[:50]
    )
    return render(request, "registry/evaluation_notices.html", {"rounds": rounds})


def evaluation_notice(request, pk):
    """One round's notice: the proposed grades, the period, how to object; after the announcement, the results."""
    evaluation_round = get_object_or_404(
        EvaluationRound.objects.exclude(status=RoundStatus.OPEN).select_related("jurisdiction"), pk=pk
    )
    today = timezone.localdate()
    open_for_objections = (
        evaluation_round.status == RoundStatus.NOTICE
        and evaluation_round.notice_starts_on <= today <= evaluation_round.notice_ends_on
    )
    form = ObjectionForm(evaluation_round=evaluation_round)
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST, evaluation_round=evaluation_round)
        response, status = objection_post(
            request,
            form,
            filing=objection_file,
            message=_("异议已收到（编号 %(number)d），复核结论将通过您留下的联系方式答复。"),
            redirect_to="evaluation_notice",
            pk=pk,
        )
        if response:
            return response
    applications = (
        evaluation_round.applications.filter(status__in=NOTICE_STATUSES)
        .select_related("organization")
        .order_by("organization__org_type", "organization__name")
    )
    context = {
        "round": evaluation_round,
        "applications": applications,
        "form": form,
        "open_for_objections": open_for_objections,
        "announced": evaluation_round.status == RoundStatus.ANNOUNCED,
        "notice_days": settings.REGISTRY["EVALUATION_NOTICE_WORKING_DAYS"],
    }
    return render(request, "registry/evaluation_notice.html", context, status=status)
