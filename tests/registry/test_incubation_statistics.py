"""The incubation charts of the sector statistics and a base's figures, checked against counts made here from
the records the test wrote."""

import datetime
import random
from decimal import Decimal

import pytest

from registry.models import Admission, IncubationService, Jurisdiction
from registry.selectors.incubation import base_figures, incubation_charts
from tests.factories import IncubationBaseFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
OUTCOMES = ["registered", "filed", "left"]
KINDS = ["training", "space", "mentoring", "bookkeeping", "capacity", "other"]


def scatter(bases, seed=7):
    """Admissions and services spread over four years at `bases`; returns what was written, as plain tuples."""
    rng = random.Random(seed)
    admissions, services = [], []
    for n in range(40):
        base = rng.choice(bases)
        admitted = datetime.date(rng.choice([2022, 2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
        graduated = rng.random() < 0.6
        outcome = rng.choice(OUTCOMES) if graduated else ""
        graduated_on = admitted + datetime.timedelta(days=rng.randint(30, 500)) if graduated else None
        admission = Admission.objects.create(
            base=base,
            group_name=f"团队{n}",
            contact_name="王芳",
            contact_phone="13800001111",
            field="service",
            admitted_on=admitted,
            planned_graduation_on=admitted + datetime.timedelta(days=365),
            status="graduated" if graduated else "incubating",
            outcome=outcome,
            graduated_on=graduated_on,
            left_reason="解散" if outcome == "left" else "",
        )
        admissions.append((base.pk, admitted, graduated_on, outcome))
        for _ in range(rng.randint(0, 3)):
            kind, hours = rng.choice(KINDS), Decimal(rng.randint(1, 40)) / 2
            provided = admitted + datetime.timedelta(days=rng.randint(0, 200))
            IncubationService.objects.create(
                admission=admission, kind=kind, provided_on=provided, hours=hours, provider="导师"
            )
            services.append((base.pk, kind, provided, hours))
    return admissions, services


def test_incubation_charts_count_what_the_bases_of_the_jurisdictions_hold(minhang, songjiang):
    park = IncubationBaseFactory(name="闵行区公益园", capacity=30)
    centre = IncubationBaseFactory(name="古美路街道社会组织服务中心", kind="town_centre", capacity=8)
    elsewhere = IncubationBaseFactory(name="松江区公益园", jurisdiction=songjiang, capacity=20)
    admissions, services = scatter([park, centre, elsewhere])
    mine = {park.pk, centre.pk}

    occupancy, flow, hours = incubation_charts(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)

    expected_occupancy = []
    for base in (park, centre):
        current = sum(1 for pk, _a, graduated_on, _o in admissions if pk == base.pk and graduated_on is None)
        expected_occupancy.append((base.name, current, base.capacity, max(base.capacity - current, 0)))
    assert sorted(occupancy.rows) == sorted(expected_occupancy)

    for row in flow.rows:
        year = int(row[0])
        admitted = sum(1 for pk, a, _g, _o in admissions if pk in mine and a.year == year)
        by_outcome = [
            sum(1 for pk, _a, g, o in admissions if pk in mine and g is not None and g.year == year and o == outcome)
            for outcome in OUTCOMES
        ]
        assert list(row[1:]) == [admitted, *by_outcome], row
    assert [row[0] for row in flow.rows] == ["2021", "2022", "2023", "2024", "2025"]

    for (label, total, count), kind in zip(hours.rows, KINDS, strict=True):
        of_kind = [h for pk, k, p, h in services if pk in mine and k == kind and p.year == YEAR]
        assert (total, count) == (sum(of_kind, Decimal(0)), len(of_kind)), label
    assert sum(row[1] for row in hours.rows) > 0  # the scatter gave hours in the year: the test can fail


def test_a_city_view_counts_every_district_and_an_empty_one_counts_nothing(minhang, songjiang):
    park = IncubationBaseFactory(capacity=30)
    elsewhere = IncubationBaseFactory(jurisdiction=songjiang, capacity=20)
    admissions, _services = scatter([park, elsewhere], seed=11)
    both = Jurisdiction.objects.filter(pk__in=[minhang.pk, songjiang.pk])
    occupancy = incubation_charts(both, YEAR)[0]
    assert sum(row[1] for row in occupancy.rows) == sum(1 for *_x, g, _o in admissions if g is None)
    none = incubation_charts(Jurisdiction.objects.none(), YEAR)
    assert none[0].rows == () and all(sum(row[1:]) == 0 for row in none[1].rows)


def test_a_bases_figures_count_its_own_records(minhang):
    park = IncubationBaseFactory(capacity=30)
    other = IncubationBaseFactory(capacity=30)
    admissions, services = scatter([park, other], seed=3)
    figures = base_figures(park, year=YEAR)
    own = [a for a in admissions if a[0] == park.pk]
    assert figures["current"] == sum(1 for a in own if a[2] is None)
    assert figures["vacancy"] == 30 - figures["current"]
    assert figures["admitted_in_year"] == sum(1 for a in own if a[1].year == YEAR)
    assert figures["admitted_total"] == len(own)
    for (label, in_year, total), outcome in zip(figures["outcomes"], OUTCOMES, strict=True):
        assert in_year == sum(1 for a in own if a[3] == outcome and a[2].year == YEAR), label
        assert total == sum(1 for a in own if a[3] == outcome), label
    for (label, in_year, total), kind in zip(figures["hours"], KINDS, strict=True):
        of_kind = [s for s in services if s[0] == park.pk and s[1] == kind]
        assert total == sum((s[3] for s in of_kind), Decimal(0)), label
        assert in_year == sum((s[3] for s in of_kind if s[2].year == YEAR), Decimal(0)), label
