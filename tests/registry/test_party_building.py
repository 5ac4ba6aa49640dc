"""Party building (党建) through the services and selectors: officers' updates with history, coverage per bureau,
the organizations still missing, and the sector-statistics charts checked against counts of the register."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.choices import OfficerRole, OrgStatus
from registry.models import Jurisdiction, Organization, PartyBuilding, PartyBuildingHistory
from registry.rules.party_building import Gap
from registry.selectors.party_building import party_building_charts, party_coverage, party_missing
from registry.services.officers import officer_assign
from registry.services.party_building import party_building_update
from tests.factories import UserFactory

D1, D2 = datetime.date(2025, 3, 1), datetime.date(2025, 3, 9)


@pytest.fixture
def inspector(minhang):
    user = UserFactory(username="mh-party", is_staff=True)
    officer_assign(user=user, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    return user


def record(organization, by, **values):
    fields = dict(
        kind="own",
        members=3,
        instructor_name="王建国",
        instructor_unit="闵行区社会组织综合党委",
        instructor_phone="13800001111",
        community_reported_on=D1,
        committee_reported_on=D2,
    )
    return party_building_update(organization=organization, by=by, **(fields | values))


def test_an_officer_update_keeps_every_earlier_one(make_org, inspector):
    organization = make_org()
    record(organization, inspector, committee_reported_on=None)
    updated = record(organization, inspector)
    assert updated.dual_report_complete and updated.updated_by == inspector
    history = list(PartyBuildingHistory.objects.filter(record=updated).order_by("at", "id"))
    assert [h.values["committee_reported_on"] for h in history] == [None, "2025-03-09"]


def test_bad_input_changes_nothing(make_org, inspector):
    organization = make_org()
    with pytest.raises(ValidationError) as caught:
        record(organization, inspector, members=1)
    assert "不少于3人" in str(caught.value.message_dict["members"])
    with pytest.raises(ValidationError):
        record(organization, inspector, kind="none", members=0)  # 双报到 without a party organization
    assert not PartyBuilding.objects.exists()


def test_only_supervision_officers_of_the_bureau_update(make_org, songjiang):
    other = UserFactory(username="sj-party", is_staff=True)
    officer_assign(user=other, jurisdiction=songjiang, role=OfficerRole.INSPECTOR)
    window = UserFactory(username="mh-party-window", is_staff=True)
    officer_assign(user=window, jurisdiction=make_org().jurisdiction, role=OfficerRole.WINDOW)
    organization = make_org()
    for outsider in (other, window):
        with pytest.raises(PermissionDenied):
            record(organization, outsider)


@pytest.fixture
def register(make_org, inspector, songjiang):
    covered = make_org(name="上海市闵行区覆盖示范协会")
    record(covered, inspector)
    half = make_org(name="上海市闵行区半报到协会")
    record(half, inspector, committee_reported_on=None)
    none = make_org(name="上海市闵行区未建党组织协会")
    record(none, inspector, kind="none", members=1, community_reported_on=None, committee_reported_on=None)
    unknown = make_org(name="上海市闵行区无记录协会")
    make_org(name="上海市闵行区已注销协会", status=OrgStatus.DEREGISTERED, uscc=None)
    make_org(name="上海市松江区党建协会", jurisdiction=songjiang)
    return {"covered": covered, "half": half, "none": none, "unknown": unknown}


def test_coverage_counts_party_organizations_and_complete_dual_reporting(register, minhang):
    (row,) = party_coverage([minhang])
    active = Organization.objects.filter(jurisdiction=minhang, status="normal")
    with_party = [o for o in active if hasattr(o, "party_building") and o.party_building.has_party_organization]
    covered = [o for o in with_party if o.party_building.dual_report_complete]
    assert (row["organizations"], row["with_party"], row["covered"]) == (active.count(), len(with_party), len(covered))
    assert (row["with_party"], row["covered"], row["missing"]) == (2, 1, active.count() - 1)


def test_the_missing_list_names_each_gap(register, minhang):
    missing = {organization.pk: gaps for organization, _record, gaps in party_missing([minhang])}
    assert register["covered"].pk not in missing
    assert missing[register["half"].pk] == [Gap.COMMITTEE_MISSING]
    assert missing[register["none"].pk] == [Gap.NO_PARTY_ORGANIZATION]
    assert missing[register["unknown"].pk] == [Gap.NO_PARTY_ORGANIZATION]
    only = party_missing([minhang], gap=Gap.COMMITTEE_MISSING)
    assert [organization.pk for organization, *_ in only] == [register["half"].pk]


def test_party_building_charts_match_counts_of_the_register(register, minhang, songjiang):
    both = Jurisdiction.objects.filter(pk__in=[minhang.pk, songjiang.pk])
    charts = {chart.key: chart for chart in party_building_charts(both, 2025)}
    expected = []
    for jurisdiction in both.order_by("code"):
        orgs = Organization.objects.filter(
            jurisdiction=jurisdiction, status="normal", founded_on__lte=datetime.date(2025, 12, 31)
        )
        records = [getattr(o, "party_building", None) for o in orgs]
        party = [r for r in records if r and r.kind in ("own", "joint", "functional")]
        done = [r for r in party if r.community_reported_on and r.committee_reported_on]
        expected.append((jurisdiction.name, orgs.count(), len(party), len(done), orgs.count() - len(done)))
    assert charts["party_building_coverage"].rows == tuple(expected)
    kinds = dict(charts["party_building_kinds"].rows)
    assert kinds["单独组建"] == PartyBuilding.objects.filter(kind="own", organization__status="normal").count() == 2
    assert kinds["未建立党组织"] == Organization.objects.filter(status="normal").count() - 2
    # Reported in 2025: in 2024 nobody had completed 双报到.
    earlier = party_building_charts(both, 2024)[0]
    assert all(row[3] == 0 for row in earlier.rows)
