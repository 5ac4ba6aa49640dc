"""Public pages of the register: home, search, an organization's public record, health."""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from guardian.shortcuts import get_objects_for_user

from registry.choices import OrgStatus, OrgType
from registry.models import (
    AnnualReport,
    CertificateCopy,
    CertificateKind,
    CertificateStatus,
    DormancyCase,
    DormancyStatus,
    Jurisdiction,
    Organization,
    PenaltyCase,
    Rectification,
    RectificationStatus,
    ReportStatus,
)
from registry.rules.penalties import CaseStage
from registry.search.backends import MAX_RESULT_WINDOW, search_organizations, suggest_names
from registry.search.client import cluster_available
from registry.search.params import filter_choices, search_query
from registry.selectors import (
    NOTICE_KINDS,
    current_term,
    overdue_annual_reports,
    public_notices,
    public_organizations,
    public_penalties,
    purchase_of_service_problems_of,
    serving_officers,
)
from registry.selectors.annual_disclosure import annual_disclosures
from registry.selectors.branches import organization_branches
from registry.selectors.charters import charter_versions
from registry.selectors.decoupling import public_decoupling
from registry.selectors.purchase_delivery import organization_purchased_projects
from registry.service_guides import GUIDES
from registry.services.certificates import signed_token
from registry.services.dormancy import dormancy_case_respond
from registry.services.filings import filing_record
from registry.services.penalty_cases import statement_submit
from registry.views.portal_actions import portal_action

PER_PAGE = 20
FACET_TITLES = [
    ("org_type", _("组织类型")),
    ("jurisdiction", _("登记管理机关")),
    ("status", _("登记状态")),
    ("grade", _("评估等级")),
    ("credit", _("信用记录")),
    ("founded_year", _("成立年份")),
    ("inspection", _("最近年检结论")),
]
SORT_LABELS = [
    ("relevance", _("相关度")),
    ("founded_desc", _("成立日期（新→旧）")),
    ("founded_asc", _("成立日期（旧→新）")),
]


@require_safe
def home(request):
    """The front page: what the register holds, and a search box."""
    counts = dict(
        public_organizations()
        .filter(status=OrgStatus.NORMAL)
        .values_list("org_type")
        .annotate(n=Count("id"))
        .values_list("org_type", "n")
    )
    by_type = [(label, counts.get(value, 0)) for value, label in OrgType.choices]
    return render(request, "registry/home.html", {"by_type": by_type, "total": sum(counts.values()), "guides": GUIDES})


def is_officer(user) -> bool:
    """Officers (staff with a role at some bureau) search with the officer-only fields too."""
    return user.is_authenticated and (user.is_superuser or (user.is_staff and user.assignments.exists()))


@require_safe
def organization_search(request):
    """Search the register; bad input gives an ordinary page, never an error."""
    query, filters = search_query(request.GET, per_page=PER_PAGE, include_private=is_officer(request.user))
    results = search_organizations(query)
    paginator = Paginator(range(min(results.total, MAX_RESULT_WINDOW)), PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        page = None
    choices = filter_choices()
    labels = {**choices, "founded_year": {}}
    base = {k: v for k, v in {"q": query.text, "sort": query.sort, **filters}.items() if v and v != "relevance"}
    facets = [
        {
            "name": name,
            "title": title,
            "chosen": bool(filters.get(name)),
            "values": [
                {
                    "label": labels[name].get(value, value),
                    "count": count,
                    "chosen": filters.get(name) == value,
                    # A chosen value's link takes it off again; any other replaces the facet's choice.
                    "link": _search_link(base, name, "" if filters.get(name) == value else value),
                }
                for value, count in results.facets.get(name, [])
            ],
        }
        for name, title in FACET_TITLES
    ]
    titles = dict(FACET_TITLES)
    chips = [
        {"title": titles[name], "label": labels[name].get(value, value), "link": _search_link(base, name, "")}
        for name, value in filters.items()
        if value
    ]
    return render(
        request,
        "registry/search.html",
        {
            "query": query,
            "results": results,
            "page": page,
            "choices": choices,
            "filters": filters,
            "facets": facets,
            "chips": chips,
            "base_query": urlencode(base),
            "sorts": SORT_LABELS,
        },
    )


def _search_link(base: dict, name: str, value: str) -> str:
    """The search page's query string with one parameter set to `value`, or left out when it is empty."""
    params = {k: v for k, v in {**base, name: value}.items() if v}
    return "?" + urlencode(params) if params else "?"


@require_safe
def organization_suggest(request):
    """Autocomplete as the visitor types: up to eight names with their codes."""
    names = suggest_names(request.GET.get("q", ""))
    return JsonResponse({"suggestions": [{"name": name, "uscc": uscc} for name, uscc in names]})


@require_safe
def organization_detail(request, uscc: str):
    """An organization's public record; never ID numbers, phone numbers or uploaded files."""
    try:
        organization = public_organizations().get(uscc=uscc.upper())
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    certificates = [
        (certificate, signed_token(certificate))
        for certificate in organization.certificates.filter(copy=CertificateCopy.ORIGINAL).order_by("-issued_on")[:10]
    ]
    credit_entries = organization.credit_entries.select_related("authority").order_by("-listed_on", "-id")
    # The valid certificate is what the organization holds; the register's date is kept for imported entries.
    valid_certificate = organization.certificates.filter(
        kind=CertificateKind.REGISTRATION, copy=CertificateCopy.ORIGINAL, status=CertificateStatus.VALID
    ).first()
    return render(
        request,
        "registry/organization_detail.html",
        {
            "org": organization,
            "certificate_valid_until": (
                valid_certificate.valid_until if valid_certificate else organization.certificate_valid_until
            ),
            "certificates": certificates,
            "certificate_expired": bool(valid_certificate and valid_certificate.is_expired),
            "credit_entries": credit_entries,
            "inspections": organization.annual_reports.exclude(result="").order_by("-year"),
            "grade_changes": organization.grade_changes.all(),
            "penalties": public_penalties(organization),
            "purchase_problems": purchase_of_service_problems_of(organization),
            "purchased": organization_purchased_projects(organization),
            "charters": charter_versions(organization),
            "branches": organization_branches(organization),
            "annual_disclosures": annual_disclosures(organization),
            "loss_statements": organization.certificate_applications.filter(status="done").exclude(loss_statement=""),
            # 负责人备案 and 换届: names and offices only, never ID numbers.
            "officers": serving_officers(organization).values("position", "name", "term_ends_on"),
            "term": current_term(organization),
            "decoupling": public_decoupling(organization),
        },
    )


@login_required
@require_safe
def portal(request):
    """The applicant's page: the organizations they act for and their certificates to download."""
    organizations = get_objects_for_user(
        request.user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    ).select_related("jurisdiction")
    notices = {
        case.organization_id: case
        for case in DormancyCase.objects.filter(organization__in=organizations, status=DormancyStatus.NOTICE)
    }
    # Advance notices of penalties waiting for the organization's statement, and penalties decided.
    penalty_cases = {}
    for case in PenaltyCase.objects.filter(
        organization__in=organizations,
        stage__in=[CaseStage.NOTIFIED, CaseStage.DECIDED, CaseStage.SERVED, CaseStage.EXECUTED, CaseStage.CLOSED],
    ).order_by("-filed_on", "-id"):
        penalty_cases.setdefault(case.organization_id, []).append(case)
    rows = [
        (org, org.certificates.order_by("-issued_on", "copy"), notices.get(org.pk), penalty_cases.get(org.pk, []))
        for org in organizations
    ]
    rectifications = Rectification.objects.filter(
        organization__in=organizations, status__in=[RectificationStatus.OPEN, RectificationStatus.REJECTED]
    ).select_related("organization")
    # Annual inspections concluded 基本合格 or 不合格 wait for the organization's rectification report.
    annual_rectifications = (
        AnnualReport.objects.filter(organization__in=organizations, status=ReportStatus.RECTIFYING)
        .select_related("organization")
        .order_by("rectification_due", "pk")
    )
    return render(
        request,
        "registry/portal.html",
        {
            "rows": rows,
            "rectifications": rectifications,
            "annual_rectifications": annual_rectifications,
            "overdue_reports": overdue_annual_reports(organizations, today=timezone.localdate()),
            "token": uuid.uuid4(),
            "token2": uuid.uuid4(),
        },
    )


@login_required
@require_POST
def dormancy_respond(request, pk: int):
    """The organization answers a cleanup notice from its portal page."""
    case = get_object_or_404(DormancyCase, pk=pk)
    return portal_action(
        request,
        lambda: dormancy_case_respond(case=case, by=request.user, response=request.POST.get("response", "")),
        success=_("已提交整改说明，登记管理机关将审核。"),
    )


@login_required
@require_POST
def penalty_statement(request, pk: int):
    """The organization states its case against an intended penalty, and may ask for a hearing."""
    case = get_object_or_404(PenaltyCase, pk=pk)
    return portal_action(
        request,
        lambda: statement_submit(
            case=case,
            by=request.user,
            statement=request.POST.get("statement", ""),
            hearing_requested=request.POST.get("hearing") == "on",
        ),
        success=_("已提交陈述和申辩，登记管理机关将在作出决定前复核。"),
    )


@login_required
@require_POST
def filing_submit(request, pk: int):
    """The organization files its seal or bank account after registration."""
    organization = get_object_or_404(Organization, pk=pk)
    return portal_action(
        request,
        lambda: filing_record(
            organization=organization,
            kind=request.POST.get("kind", ""),
            details=request.POST.get("details", ""),
            by=request.user,
        ),
        success=_("已备案。"),
    )


class NoticeFilterForm(forms.Form):
    """What a reader narrows the public notices by; every field may be left empty."""

    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("公告类别"), required=False, choices=[("", _("全部类别")), *NOTICE_KINDS])
    jurisdiction = forms.ModelChoiceField(
        label=_("登记管理机关"), required=False, queryset=Jurisdiction.objects.order_by("code"), empty_label=_("全部")
    )
    since = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return cleaned


@require_safe
def notices(request):
    """Public notices, newest first and paged: by default the past year's, narrowed by kind, bureau, date and name."""
    today = timezone.localdate()
    form = NoticeFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = public_notices(
        today=today,
        kind=chosen.get("kind", ""),
        jurisdiction=chosen.get("jurisdiction"),
        since=chosen.get("since") or today - datetime.timedelta(days=365),
        until=chosen.get("until") or today,
        text=chosen.get("q", "").strip(),
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    filtering = any(request.GET.get(name) for name in NoticeFilterForm.base_fields)  # the panel shows them open
    context = {"form": form, "page": page, "query": query, "filtering": filtering}
    return render(request, "registry/notices.html", context)


@require_safe
def health(request):
    """Report whether the database, the search cluster and the shared cache answer (for the load balancer).

    Only the database decides the status: without it a server can do nothing; without Elasticsearch
    search falls back to the database, and without Redis the rate limits count per process.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        database = False
    search = cluster_available(use_cache=False)
    return JsonResponse(
        {
            "database": database,
            "elasticsearch": search,
            "search_backend": "elasticsearch" if search else "database",
            "redis": _redis_status(),
        },
        status=200 if database else 503,
    )


def _redis_status() -> str:
    """'ok' or 'down' when a shared cache is configured, 'not configured' otherwise."""
    if not settings.REDIS_URL:
        return "not configured"
    try:
        cache.set("health-probe", 1, timeout=5)
        return "ok" if cache.get("health-probe") == 1 else "down"
    except Exception:  # noqa: BLE001 - any cache failure means "down"
        return "down"
