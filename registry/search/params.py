"""Read a search request's parameters (page or API) into a SearchQuery; unknown values are dropped, never errors."""

from registry.choices import Grade, OrgStatus, OrgType
from registry.models import Jurisdiction
from registry.rules.annual import InspectionResult
from registry.search.backends import CREDIT_LISTS, SORTS, SearchQuery

MAX_PAGE = 10_000


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), MAX_PAGE))
    except ValueError:
        return 1


def filter_choices() -> dict[str, dict[str, str]]:
    """Allowed values of each filter, with their labels."""
    return {
        "org_type": dict(OrgType.choices),
        "status": {k: v for k, v in OrgStatus.choices if k != OrgStatus.PREPARING},
        "jurisdiction": {bureau.code: bureau.display_name for bureau in Jurisdiction.objects.order_by("code")},
        "grade": dict(Grade.choices),
        "credit": {value: label for value, label in credit_labels().items() if value in CREDIT_LISTS},
        "inspection": dict(InspectionResult.choices),
    }


def credit_labels() -> dict[str, str]:
    from django.utils.translation import gettext_lazy as _

    return {"abnormal": _("活动异常名录"), "dishonest": _("严重违法失信名单")}


def search_query(params, *, per_page: int = 20, include_private: bool = False) -> tuple[SearchQuery, dict]:
    """Build the query from request parameters; return it with the cleaned filter values."""
    choices = filter_choices()
    filters = {key: params.get(key, "") for key in choices}
    filters = {key: value if value in choices[key] else "" for key, value in filters.items()}
    year = params.get("founded_year", "")
    filters["founded_year"] = year if year.isdigit() and 1949 <= int(year) <= 2100 else ""
    sort = params.get("sort", "relevance")
    query = SearchQuery(
        text=SearchQuery.clean_text(params.get("q")),
        sort=sort if sort in SORTS else "relevance",
        page=page_number(params.get("page")),
        per_page=per_page,
        include_private=include_private,
        **filters,
    )
    return query, filters
