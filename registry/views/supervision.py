"""Public pages of daily supervision: spot-check plans and results (双随机一公开), the complaint form and its
progress lookup; and the organization's reply to a rectification order from its portal."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry.models import (
    CampaignStatus,
    ComplaintCategory,
    Jurisdiction,
    Organization,
    Rectification,
    SpotCheckCampaign,
)
from registry.ratelimit import client_address, seconds_to_wait
from registry.selectors import complaint_lookup, public_organizations
from registry.services.complaints import complaint_submit
from registry.services.supervision import rectification_reply
from registry.views.portal_actions import portal_action

PUBLISHED = (CampaignStatus.PLAN_PUBLISHED, CampaignStatus.RESULTS_PUBLISHED)


@require_safe
def spot_checks_public(request):
    """Every published spot-check plan, with whether its results are out."""
    campaigns = SpotCheckCampaign.objects.filter(status__in=PUBLISHED).select_related("jurisdiction")
    return render(request, "registry/spot_checks.html", {"campaigns": campaigns.order_by("-plan_published_on", "-id")})


@require_safe
def spot_check_public(request, pk: int):
    """One campaign's plan (抽查计划): the draw and how to repeat it; and its results (抽查结果) once published."""
    campaign = get_object_or_404(
        SpotCheckCampaign.objects.filter(status__in=PUBLISHED).select_related("jurisdiction"), pk=pk
    )
    checks = campaign.checks.select_related("organization").order_by("position")
    return render(
        request,
        "registry/spot_check.html",
        {
            "campaign": campaign,
            "checks": checks,
            "results": campaign.status == CampaignStatus.RESULTS_PUBLISHED,
        },
    )


class ComplaintForm(forms.Form):
    organization = forms.CharField(
        label=gettext_lazy("被投诉举报的社会组织"),
        max_length=120,
        help_text=gettext_lazy("填写名称或统一社会信用代码；不在登记信息中的，填写名称或说明并选择登记管理机关"),
    )
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("登记管理机关"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        help_text=gettext_lazy("被投诉举报对象不在登记信息中时必选"),
    )
    category = forms.ChoiceField(label=gettext_lazy("类别"), choices=[("", "—")] + list(ComplaintCategory.choices))
    description = forms.CharField(label=gettext_lazy("投诉举报内容"), widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=gettext_lazy("匿名投诉举报"), required=False)
    name = forms.CharField(label=gettext_lazy("姓名（可不填）"), max_length=40, required=False)
    mobile = forms.CharField(label=gettext_lazy("手机号码（可不填）"), max_length=11, required=False)
    email = forms.EmailField(label=gettext_lazy("电子邮箱（可不填）"), required=False)


def find_organization(text: str) -> Organization | None:
    """The registered organization named by its credit code or exact name, if exactly one matches."""
    text = text.strip()
    organizations = public_organizations()
    if len(text) == 18:
        found = organizations.filter(uscc=text.upper()).first()
        if found:
            return found
    matches = list(organizations.filter(name=text)[:2])
    return matches[0] if len(matches) == 1 else None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_new(request):
    """The public complaint form (anonymous allowed); the acknowledgement number and query code are shown once."""
    if request.method != "POST":
        return render(request, "registry/complaint_form.html", {"form": ComplaintForm()})
    form = ComplaintForm(request.POST)
    wait = seconds_to_wait(
        scope="complaint",
        address=client_address(request),
        limit=settings.REGISTRY["COMPLAINTS_PER_DAY"],
        window_seconds=86_400,
    )
    if wait:
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请明天再试，或拨打登记管理机关的监督电话。"))
        return render(request, "registry/complaint_form.html", {"form": form}, status=429)
    if form.is_valid():
        data = form.cleaned_data
        organization = find_organization(data["organization"])
        try:
            complaint, code = complaint_submit(
                organization=organization,
                organization_text="" if organization else data["organization"],
                jurisdiction=data["jurisdiction"],
                category=data["category"],
                description=data["description"],
                anonymous=data["anonymous"],
                name=data["name"],
                mobile=data["mobile"],
                email=data["email"],
                uploads=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            return render(request, "registry/complaint_received.html", {"complaint": complaint, "code": code})
    return render(request, "registry/complaint_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_progress(request):
    """Look up a complaint's progress with its acknowledgement number and query code (POST, so neither is logged)."""
    complaint, tried = None, False
    if request.method == "POST":
        tried = True
        wait = seconds_to_wait(scope="complaint-lookup", address=client_address(request), limit=30, window_seconds=3600)
        if not wait:
            complaint = complaint_lookup(number=request.POST.get("number", ""), code=request.POST.get("code", ""))
    return render(request, "registry/complaint_progress.html", {"complaint": complaint, "tried": tried})


@login_required
@require_POST
def rectification_reply_view(request, pk: int):
    """The organization reports how it rectified, from its portal page."""
    rectification = get_object_or_404(Rectification.objects.select_related("organization"), pk=pk)
    return portal_action(
        request,
        lambda: rectification_reply(rectification=rectification, reply=request.POST.get("reply", ""), by=request.user),
        success=_("已报告整改情况，登记管理机关将核查。"),
    )
