"""Reads of decoupling (脱钩): the bureau's progress list of its industry associations, one association's public
state, and the charts of the sector statistics."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from registry.choices import DirectCategory, OrgStatus, OrgType
from registry.models import Decoupling, DecouplingItem, Organization
from registry.rules.decoupling import (
    SEPARATION_COUNT,
    ItemStatus,
    Separation,
    Stage,
    is_decoupling_subject,
)
from registry.selectors.statistics_base import Chart

# The filters of the progress list: the three stages, and associations with evidence waiting to be verified.
PENDING = "pending"


def industry_associations(jurisdictions) -> QuerySet:
    """The registered industry associations and chambers of commerce of `jurisdictions` (《总体方案》 二)."""
    return Organization.objects.filter(
        jurisdiction__in=jurisdictions,
        org_type=OrgType.SOCIAL_ASSOCIATION,
        direct_category=DirectCategory.INDUSTRY,
        status=OrgStatus.NORMAL,
    )


def _stage(row) -> str:
    if row.decoupled_on is not None:
        return Stage.DECOUPLED
    return Stage.NOT_STARTED if row.moved == 0 else Stage.IN_PROGRESS


def decoupling_progress(jurisdictions, *, show: str = "") -> list:
    """Each industry association with the items verified out of five, those waiting, its stage and decoupling date;
    `show` narrows to one stage or to those with evidence waiting ("pending")."""
    items = "decoupling__items__status"
    rows = (
        industry_associations(jurisdictions)
        .select_related("jurisdiction")
        .annotate(
            verified=Count("decoupling__items", filter=Q(**{items: ItemStatus.VERIFIED})),
            waiting=Count("decoupling__items", filter=Q(**{items: ItemStatus.SUBMITTED})),
            returned=Count("decoupling__items", filter=Q(**{items: ItemStatus.RETURNED})),
            moved=Count("decoupling__items", filter=~Q(**{items: ItemStatus.NOT_STARTED})),
            decoupled_on=F("decoupling__decoupled_on"),
        )
        .order_by("jurisdiction__code", "name")
    )
    if show == Stage.DECOUPLED:
        rows = rows.filter(decoupling__decoupled_on__isnull=False)
    elif show == Stage.NOT_STARTED:
        rows = rows.filter(moved=0)
    elif show == Stage.IN_PROGRESS:
        rows = rows.filter(moved__gt=0, decoupling__decoupled_on__isnull=True)
    elif show == PENDING:
        rows = rows.filter(waiting__gt=0)
    result = list(rows)
    for row in result:
        row.stage = _stage(row)
        row.stage_label = Stage(row.stage).label
    return result


def decoupling_items(organization: Organization) -> list[DecouplingItem]:
    """The association's five items in the order of 《总体方案》 三 (unsaved, not started, where no record exists)."""
    record = Decoupling.objects.filter(organization=organization).first()
    saved = {}
    if record is not None:
        saved = {
            item.separation: item
            for item in record.items.select_related("verified_by").prefetch_related("files", "events__by")
        }
    return [saved.get(separation) or DecouplingItem(separation=separation) for separation in Separation]


def public_decoupling(organization: Organization) -> dict | None:
    """What the public page shows of an industry association: decoupled with its date, or the items and progress."""
    if not is_decoupling_subject(org_type=organization.org_type, direct_category=organization.direct_category):
        return None
    items = decoupling_items(organization)
    record = Decoupling.objects.filter(organization=organization).first()
    return {
        "decoupled_on": record.decoupled_on if record else None,
        "verified": sum(1 for item in items if item.status == ItemStatus.VERIFIED),
        "total": SEPARATION_COUNT,
        "items": items,
    }


def decoupling_charts(jurisdictions, year: int) -> list[Chart]:
    """The sector statistics of decoupling at the end of `year`: per bureau, the industry associations registered
    by then and how many were decoupled by then; per separation, the items verified by then."""
    end = datetime.date(year, 12, 31)
    associations = industry_associations(jurisdictions).filter(founded_on__lte=end)
    per_bureau = (
        associations.values("jurisdiction__code", "jurisdiction__name")
        .annotate(
            total=Count("id", distinct=True),
            decoupled=Count("id", distinct=True, filter=Q(decoupling__decoupled_on__lte=end)),
        )
        .order_by("jurisdiction__code")
    )
    bureau_rows = tuple(
        (row["jurisdiction__name"], row["total"], row["decoupled"], row["total"] - row["decoupled"])
        for row in per_bureau
    )
    verified = dict(
        DecouplingItem.objects.filter(
            decoupling__organization__in=associations, status=ItemStatus.VERIFIED, verified_on__lte=end
        )
        .values_list("separation")
        .annotate(n=Count("id"))
    )
    total = associations.count()
    separation_rows = tuple((str(s.label), verified.get(s.value, 0), total) for s in Separation)
    return [
        Chart(
            key="decoupling_by_bureau",
            title=_("行业协会商会脱钩进展"),
            columns=(_("登记管理机关"), _("行业协会商会"), _("已脱钩"), _("未完成脱钩")),
            rows=bureau_rows,
            note=_("截至%(year)d年末登记的行业协会商会；五项分离全部核实的为已脱钩。") % {"year": year},
            unit=_("个"),
            section=_("脱钩"),
        ),
        Chart(
            key="decoupling_by_separation",
            title=_("脱钩事项核实情况"),
            columns=(_("事项"), _("已核实"), _("行业协会商会")),
            rows=separation_rows,
            note=_("截至%(year)d年末已核实的各项分离（《行业协会商会与行政机关脱钩总体方案》三）。") % {"year": year},
            unit=_("个"),
            section=_("脱钩"),
        ),
    ]
