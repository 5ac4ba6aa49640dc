"""Reads of incubation (孵化): the bases a person works on, their occupancy, a base's figures, the public list of
bases with vacancies, and the incubation charts of the sector statistics."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from registry.models import (
    Admission,
    AdmissionEvent,
    AdmissionStatus,
    GraduationOutcome,
    IncubationBase,
    IncubationService,
    IncubationServiceKind,
    Jurisdiction,
    OfficerAssignment,
)
from registry.rules.incubation import vacancy
from registry.selectors.statistics_base import Chart

YEARS_SHOWN = 5  # the flow chart's years, ending with the statistics year


def incubation_bases_for(user) -> QuerySet:
    """The bases `user` works on: those of the bureaus where they hold a role (and the districts under a city
    bureau), and those they manage; every base for a system administrator."""
    if not user.is_authenticated:
        return IncubationBase.objects.none()
    if user.is_superuser:
        return IncubationBase.objects.all()
    bureaus = OfficerAssignment.objects.filter(user=user).values("jurisdiction_id")
    jurisdictions = Jurisdiction.objects.filter(Q(pk__in=bureaus) | Q(parent_id__in=bureaus))
    return IncubationBase.objects.filter(Q(jurisdiction__in=jurisdictions) | Q(managers__user=user)).distinct()


def with_occupancy(bases: QuerySet) -> list[IncubationBase]:
    """The bases, each with `current` (incubatees now) and `vacancy` (places left)."""
    counted = bases.select_related("jurisdiction", "subdistrict", "operator").annotate(
        current=Count("admissions", filter=Q(admissions__status=AdmissionStatus.INCUBATING))
    )
    result = list(counted)
    for base in result:
        base.vacancy = vacancy(capacity=base.capacity, current=base.current)
    return result


def public_bases() -> list[IncubationBase]:
    """The bases in operation, with their places and vacancies, for the public page."""
    return with_occupancy(IncubationBase.objects.filter(active=True).order_by("jurisdiction__code", "kind", "name"))


def base_admissions(base: IncubationBase) -> QuerySet:
    """A base's admissions, current ones first, with what the page shows of each."""
    return (
        Admission.objects.filter(base=base)
        .select_related(
            "organization",
            "community_group",
            "outcome_organization",
            "outcome_group",
            "registration_application__jurisdiction",
        )
        .annotate(service_hours=Sum("services__hours"))
        .order_by("-status", "-admitted_on", "-id")
    )


def base_services(base: IncubationBase) -> QuerySet:
    """The services logged at a base, newest first."""
    return IncubationService.objects.filter(admission__base=base).select_related(
        "admission__organization", "admission__community_group"
    )


def base_history(base: IncubationBase) -> QuerySet:
    """The history of a base's admissions (admitted, services, links, graduations), newest first."""
    return (
        AdmissionEvent.objects.filter(admission__base=base)
        .select_related("admission__organization", "admission__community_group", "by")
        .order_by("-at", "-id")
    )


def base_figures(base: IncubationBase, *, year: int) -> dict:
    """A base's figures: current incubatees and vacancy, admitted in `year`, graduated by outcome (in `year` and
    in all), and service hours by kind (in `year` and in all)."""
    admissions = Admission.objects.filter(base=base)
    current = admissions.filter(status=AdmissionStatus.INCUBATING).count()
    graduated = admissions.filter(status=AdmissionStatus.GRADUATED)
    outcomes = []
    for outcome in GraduationOutcome:
        of_outcome = graduated.filter(outcome=outcome)
        outcomes.append((str(outcome.label), of_outcome.filter(graduated_on__year=year).count(), of_outcome.count()))
    services = IncubationService.objects.filter(admission__base=base)
    hours = []
    for kind in IncubationServiceKind:
        of_kind = services.filter(kind=kind)
        in_year = of_kind.filter(provided_on__year=year).aggregate(total=Sum("hours"))["total"] or Decimal(0)
        total = of_kind.aggregate(total=Sum("hours"))["total"] or Decimal(0)
        hours.append((str(kind.label), in_year, total))
    return {
        "year": year,
        "capacity": base.capacity,
        "current": current,
        "vacancy": vacancy(capacity=base.capacity, current=current),
        "admitted_in_year": admissions.filter(admitted_on__year=year).count(),
        "admitted_total": admissions.count(),
        "outcomes": outcomes,
        "hours": hours,
    }


def incubation_charts(jurisdictions, year: int) -> list[Chart]:
    """The incubation charts of the sector statistics for the bases of `jurisdictions` in `year`: occupancy
    per base, admissions and graduations by outcome per year, and service hours by kind."""
    bases = with_occupancy(IncubationBase.objects.filter(jurisdiction__in=jurisdictions).order_by("name"))
    section = _("孵化培育")
    occupancy = Chart(
        key="incubation_occupancy",
        title=_("孵化基地入驻情况"),
        columns=(_("孵化基地"), _("在孵"), _("入驻名额"), _("空余名额")),
        rows=tuple((base.name, base.current, base.capacity, base.vacancy) for base in bases),
        kind="bar",
        note=_("在孵：已入驻尚未出壳的组织（含已登记、已备案和尚未登记备案的团队）；统计时点为当前。"),
        unit=_("个"),
        section=section,
    )
    admissions = Admission.objects.filter(base__jurisdiction__in=jurisdictions)
    years = range(year - YEARS_SHOWN + 1, year + 1)
    flow_rows = []
    for each in years:
        graduated = admissions.filter(status=AdmissionStatus.GRADUATED, graduated_on__year=each)
        flow_rows.append(
            (
                str(each),
                admissions.filter(admitted_on__year=each).count(),
                *(graduated.filter(outcome=outcome).count() for outcome in GraduationOutcome),
            )
        )
    flow = Chart(
        key="incubation_flow",
        title=_("孵化入驻与出壳（按出壳结果）"),
        columns=(_("年度"), _("入驻"), *(_("出壳：%(outcome)s") % {"outcome": o.label} for o in GraduationOutcome)),
        rows=tuple(flow_rows),
        kind="line",
        note=_("按入驻日期、出壳日期所在年度统计。"),
        unit=_("个"),
        section=section,
    )
    services = IncubationService.objects.filter(admission__base__jurisdiction__in=jurisdictions, provided_on__year=year)
    hour_rows = []
    for kind in IncubationServiceKind:
        of_kind = services.filter(kind=kind).aggregate(total=Sum("hours"), count=Count("id"))
        hour_rows.append((str(kind.label), of_kind["total"] or Decimal(0), of_kind["count"]))
    hours = Chart(
        key="incubation_service_hours",
        title=_("%(year)d年孵化服务时长（按服务类别）") % {"year": year},
        columns=(_("服务类别"), _("时长（小时）"), _("次数")),
        rows=tuple(hour_rows),
        kind="bar",
        note=_("按服务日期所在年度统计。"),
        unit=_("小时"),
        section=section,
    )
    return [occupancy, flow, hours]
