"""Reads of filed community groups: the public list, a street's filings, and the statistics charts."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from registry.models import CommunityField, CommunityGroup, CommunityGroupStatus, Subdistrict, SubdistrictOfficer
from registry.selectors.statistics_base import Chart

# Groups the public sees: filed, cancelled (kept as 已注销备案) and moved up to registration.
PUBLIC_STATUSES = (CommunityGroupStatus.FILED, CommunityGroupStatus.CANCELLED, CommunityGroupStatus.REGISTERED)
# Groups that are (or were, until cancelled or registered) filed: every one has a filing number and date.
EVER_FILED = Q(filed_on__isnull=False)


def public_community_groups(
    *, district: str = "", subdistrict: str = "", field: str = "", q: str = "", include_cancelled: bool = False
) -> QuerySet:
    """The public list: filed groups (and, on request, cancelled ones), filtered and searched by name."""
    statuses = PUBLIC_STATUSES if include_cancelled else (CommunityGroupStatus.FILED, CommunityGroupStatus.REGISTERED)
    groups = CommunityGroup.objects.filter(status__in=statuses).select_related("subdistrict__district", "hub")
    if district:
        groups = groups.filter(subdistrict__district__code=district)
    if subdistrict:
        groups = groups.filter(subdistrict__code=subdistrict)
    if field:
        groups = groups.filter(field=field)
    if q:
        groups = groups.filter(name__icontains=q.strip())
    return groups.order_by("subdistrict__district__code", "subdistrict__code", "name")


def public_community_group(pk: int) -> CommunityGroup | None:
    return (
        CommunityGroup.objects.filter(pk=pk, status__in=PUBLIC_STATUSES)
        .select_related("subdistrict__district", "hub", "organization")
        .first()
    )


def guided_groups(organization) -> QuerySet:
    """The filed groups a hub organization guides (as their guiding unit), for its public page."""
    return (
        CommunityGroup.objects.filter(hub=organization, status=CommunityGroupStatus.FILED)
        .select_related("subdistrict")
        .order_by("name")
    )


def officer_subdistricts(user) -> QuerySet:
    """The streets and towns where `user` files community groups (every one for a system administrator)."""
    if user.is_superuser:
        return Subdistrict.objects.select_related("district")
    return Subdistrict.objects.filter(
        pk__in=SubdistrictOfficer.objects.filter(user=user).values("subdistrict")
    ).select_related("district")


def street_groups(user) -> QuerySet:
    """The filings of the streets and towns `user` works for: the street's wall."""
    return CommunityGroup.objects.filter(subdistrict__in=officer_subdistricts(user)).exclude(
        status=CommunityGroupStatus.DRAFT
    )


def community_charts(jurisdictions, year: int) -> list[Chart]:
    """Filings in the statistics of the streets and towns under `jurisdictions`: groups filed by field and by
    street, new filings per month of `year`, the activity report rate on `year`, and the groups that moved up to
    registration.

    "Filed" counts the groups filed by the end of `year` that are still filed now (the register keeps the
    current status, not its history); new filings count every group filed in `year`, whatever it became since.
    """
    groups = CommunityGroup.objects.filter(subdistrict__district__in=jurisdictions)
    filed = groups.filter(status=CommunityGroupStatus.FILED, filed_on__year__lte=year)
    labels = dict(CommunityField.choices)
    by_field = {row["field"]: row["n"] for row in filed.values("field").annotate(n=Count("pk"))}
    field_rows = tuple((str(labels[value]), by_field.get(value, 0)) for value, _label in CommunityField.choices)
    by_street = (
        filed.values("subdistrict__name", "subdistrict__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "subdistrict__code")
    )
    street_rows = tuple((row["subdistrict__name"], row["n"]) for row in by_street)
    monthly = {
        row["month"]: row["n"]
        for row in groups.filter(EVER_FILED, filed_on__year=year)
        .annotate(month=ExtractMonth("filed_on"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    month_rows = tuple((_("%(month)d月") % {"month": month}, monthly.get(month, 0)) for month in range(1, 13))
    # The annual activity report on `year` is owed by groups filed in or before `year` that are still filed.
    owing = filed
    reported = owing.filter(reports__year=year).distinct().count()
    owed = owing.count()
    rate = round(100 * reported / owed, 1) if owed else 0.0
    registered = groups.filter(status=CommunityGroupStatus.REGISTERED)
    registered_in_year = registered.filter(organization__founded_on__year=year).count()
    section = _("社区社会组织")
    return [
        Chart(
            key="community_by_field",
            title=_("已备案社区社会组织（按活动领域）"),
            columns=(_("活动领域"), _("数量")),
            rows=field_rows,
            unit=_("个"),
            section=section,
            note=_("截至%(year)s年末已备案、目前仍为备案状态的社区社会组织。") % {"year": year},
        ),
        Chart(
            key="community_by_subdistrict",
            title=_("已备案社区社会组织（按街道、乡镇）"),
            columns=(_("街道（乡镇）"), _("数量")),
            rows=street_rows,
            unit=_("个"),
            section=section,
        ),
        Chart(
            key="community_filings_by_month",
            title=_("%(year)s年新增备案（按月）") % {"year": year},
            columns=(_("月份"), _("新增备案")),
            rows=month_rows,
            kind="line",
            unit=_("个"),
            section=section,
            note=_("按备案日期计，含其后注销或转为登记的。"),
        ),
        Chart(
            key="community_report_rate",
            title=_("%(year)s年度活动报告报送情况") % {"year": year},
            columns=(_("项目"), _("数量")),
            rows=((_("应报送"), owed), (_("已报送"), reported), (_("未报送"), owed - reported)),
            kind="table",
            section=section,
            extra={"rate": rate},
            note=_("报送率 %(rate)s%%。") % {"rate": rate},
        ),
        Chart(
            key="community_registered",
            title=_("社区社会组织转为登记"),
            columns=(_("项目"), _("数量")),
            rows=((_("累计转为登记"), registered.count()), (_("其中本年度登记"), registered_in_year)),
            kind="table",
            unit=_("个"),
            section=section,
        ),
    ]
