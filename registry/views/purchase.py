"""Public pages of government purchase of services: the calls (项目征集公告) with filters, and one call with
everything an organization needs to apply."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from registry.models import CallKind, CallStatus, ServiceCategory
from registry.selectors.purchase import public_calls

PER_PAGE = 20


def _choice(value: str, choices) -> str:
    return value if value in choices.values else ""


def purchase_calls(request):
    """Published calls, filtered by service category, kind and status."""
    filters = {
        "category": _choice(request.GET.get("category", ""), ServiceCategory),
        "kind": _choice(request.GET.get("kind", ""), CallKind),
        "status": _choice(request.GET.get("status", ""), CallStatus),
    }
    page = Paginator(public_calls(**filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "categories": ServiceCategory.choices,
        "kinds": CallKind.choices,
        "statuses": [(value, label) for value, label in CallStatus.choices if value != CallStatus.DRAFT],
    }
    return render(request, "registry/purchase/calls.html", context)


def purchase_call(request, pk):
    """One published call: the service, money, period, eligibility, criteria and weights, rounds and deadline."""
    call = get_object_or_404(public_calls().prefetch_related("criteria", "rounds"), pk=pk)
    context = {
        "call": call,
        "accepting": call.status == CallStatus.OPEN and timezone.now() <= call.deadline,
        "grade_bonus": sorted(call.grade_bonus.items(), reverse=True) if call.grade_bonus else [],
    }
    return render(request, "registry/purchase/call.html", context)
