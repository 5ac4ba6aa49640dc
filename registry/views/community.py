"""Public pages of filed community groups (社区社会组织备案): the list and one group's record.

Filed groups are not legal persons: the pages say 备案 and show no credit code, and never ID numbers or
phone numbers.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from registry.models import CommunityField, Jurisdiction, Subdistrict
from registry.selectors.community import public_community_group, public_community_groups


@require_safe
def community_groups(request):
    params = {
        "district": request.GET.get("district", "").strip()[:12],
        "subdistrict": request.GET.get("subdistrict", "").strip()[:9],
        "field": request.GET.get("field", "").strip()[:10],
        "q": request.GET.get("q", "").strip()[:40],
        "include_cancelled": request.GET.get("cancelled") == "1",
    }
    groups = public_community_groups(**params)
    page = Paginator(groups, 30).get_page(request.GET.get("page"))
    subdistricts = Subdistrict.objects.select_related("district").order_by("district__code", "code")
    if params["district"]:
        subdistricts = subdistricts.filter(district__code=params["district"])
    context = {
        "page": page,
        "params": params,
        "districts": Jurisdiction.objects.filter(subdistricts__isnull=False).distinct().order_by("code"),
        "subdistricts": subdistricts,
        "fields": CommunityField.choices,
    }
    return render(request, "registry/community/list.html", context)


@require_safe
def community_group(request, pk: int):
    group = public_community_group(pk)
    if group is None:
        raise Http404
    return render(request, "registry/community/detail.html", {"group": group})
