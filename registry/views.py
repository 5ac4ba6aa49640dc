"""Public pages of the register: home, search, an organization's public record, health."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from guardian.shortcuts import get_objects_for_user

from registry.choices import OrgStatus, OrgType
from registry.models import CertificateCopy, Jurisdiction, Organization
from registry.search.backends import SearchQuery, search_organizations
from registry.search.client import cluster_available
from registry.selectors import public_organizations
from registry.services.certificates import signed_token

PER_PAGE = 20


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@require_GET
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
    return render(request, "registry/home.html", {"by_type": by_type, "total": sum(counts.values())})


@require_GET
def organization_search(request):
    """Search the register; bad input gives an ordinary page, never an error."""
    choices = {
        "org_type": dict(OrgType.choices),
        "status": {k: v for k, v in OrgStatus.choices if k != OrgStatus.PREPARING},
        "jurisdiction": dict(Jurisdiction.objects.values_list("code", "name")),
    }
    filters = {key: request.GET.get(key, "") for key in choices}
    filters = {key: value if value in choices[key] else "" for key, value in filters.items()}
    query = SearchQuery(
        text=SearchQuery.clean_text(request.GET.get("q")),
        page=_page_number(request.GET.get("page")),
        per_page=PER_PAGE,
        **filters,
    )
    results = search_organizations(query)
    paginator = Paginator(range(results.total), PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        page = None
    return render(
        request,
        "registry/search.html",
        {"query": query, "results": results, "page": page, "choices": choices, "filters": filters},
    )


@require_GET
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
    return render(request, "registry/organization_detail.html", {"org": organization, "certificates": certificates})


@login_required
@require_GET
def portal(request):
    """The applicant's page: the organizations they act for and their certificates to download."""
    organizations = get_objects_for_user(
        request.user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    ).select_related("jurisdiction")
    rows = [(org, org.certificates.order_by("-issued_on", "copy")) for org in organizations]
    return render(request, "registry/portal.html", {"rows": rows})


@require_GET
def health(request):
    """Report whether the database and the search cluster answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        database = False
    search = cluster_available(use_cache=False)
    return JsonResponse(
        {"database": database, "elasticsearch": search, "search_backend": "elasticsearch" if search else "database"},
        status=200 if database else 503,
    )
