"""Reads of party building (党建): coverage per bureau, the organizations still missing, the sector statistics."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import Organization
from registry.rules.party_building import PARTY_KINDS, Gap, PartyOrgKind, coverage_gaps
from registry.selectors.statistics_base import Chart

_WITH_PARTY = Q(party_building__kind__in=PARTY_KINDS)
_DUAL = Q(party_building__community_reported_on__isnull=False, party_building__committee_reported_on__isnull=False)


def party_organizations(jurisdictions) -> QuerySet:
    """The registered organizations of `jurisdictions` that coverage counts (normal status)."""
    return Organization.objects.filter(jurisdiction__in=jurisdictions, status=OrgStatus.NORMAL)


def party_coverage(jurisdictions) -> list[dict]:
    """Per bureau: organizations, with a party organization, with 双报到 complete (covered), still missing."""
    rows = (
        party_organizations(jurisdictions)
        .values("jurisdiction__code", "jurisdiction__name")
        .annotate(
            organizations=Count("id"),
            with_party=Count("id", filter=_WITH_PARTY),
            covered=Count("id", filter=_WITH_PARTY & _DUAL),
        )
        .order_by("jurisdiction__code")
    )
    return [
        {
            "code": row["jurisdiction__code"],
            "name": row["jurisdiction__name"],
            "organizations": row["organizations"],
            "with_party": row["with_party"],
            "covered": row["covered"],
            "missing": row["organizations"] - row["covered"],
            "covered_pct": round(100 * row["covered"] / row["organizations"]) if row["organizations"] else 0,
        }
        for row in rows
    ]


def party_missing(jurisdictions, *, gap: str = "") -> list[tuple]:
    """(organization, its record or None, its gaps) of every organization not covered; `gap` narrows to one gap."""
    organizations = (
        party_organizations(jurisdictions)
        .exclude(_WITH_PARTY & _DUAL)
        .select_related("jurisdiction", "party_building")
        .order_by("jurisdiction__code", "name")
    )
    rows = []
    for organization in organizations:
        record = getattr(organization, "party_building", None)
        if record is None:
            gaps = [Gap.NO_PARTY_ORGANIZATION]
        else:
            gaps = coverage_gaps(record.kind, record.community_reported_on, record.committee_reported_on)
        if gap and gap not in gaps:
            continue
        rows.append((organization, record, [Gap(code) for code in gaps]))
    return rows


def party_building_charts(jurisdictions, year: int) -> list[Chart]:
    """Sector statistics of party building for `year`: per bureau, the organizations registered by its end, those
    with a party organization (as last recorded), and those whose 双报到 was complete by its end; and the party
    organizations by kind."""
    end = datetime.date(year, 12, 31)
    organizations = party_organizations(jurisdictions).filter(founded_on__lte=end)
    dual_by_end = Q(party_building__community_reported_on__lte=end, party_building__committee_reported_on__lte=end)
    per_bureau = (
        organizations.values("jurisdiction__code", "jurisdiction__name")
        .annotate(
            total=Count("id"),
            with_party=Count("id", filter=_WITH_PARTY),
            covered=Count("id", filter=_WITH_PARTY & dual_by_end),
        )
        .order_by("jurisdiction__code")
    )
    bureau_rows = tuple(
        (row["jurisdiction__name"], row["total"], row["with_party"], row["covered"], row["total"] - row["covered"])
        for row in per_bureau
    )
    kinds = dict(organizations.filter(_WITH_PARTY).values_list("party_building__kind").annotate(n=Count("id")))
    kind_rows = tuple((str(kind.label), kinds.get(kind.value, 0)) for kind in PartyOrgKind if kind in PARTY_KINDS)
    kind_rows += ((str(PartyOrgKind.NONE.label), organizations.count() - sum(kinds.values())),)
    return [
        Chart(
            key="party_building_coverage",
            title=_("党组织和双报到覆盖情况"),
            columns=(_("登记管理机关"), _("社会组织"), _("已建立党组织"), _("双报到完成"), _("尚未覆盖")),
            rows=bureau_rows,
            note=_(
                "截至%(year)d年末登记的社会组织；党组织按最近一次记录，双报到以向社区和向行业党委报到的日期均不晚于年末为完成。"
            )
            % {"year": year},
            unit=_("个"),
            section=_("党建"),
        ),
        Chart(
            key="party_building_kinds",
            title=_("党组织组建形式"),
            columns=(_("组建形式"), _("社会组织")),
            rows=kind_rows,
            note=_("未建立党组织的，含尚无党建记录的组织。"),
            unit=_("个"),
            section=_("党建"),
        ),
    ]
