"""Spot-check campaigns: the draw is recorded and reproducible, locked once published; results lead somewhere."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.choices import HistoryAction, OfficerRole
from registry.models import (
    CampaignStatus,
    CaseReferral,
    CheckResult,
    InspectorConflict,
    OrganizationHistory,
    PenaltyCase,
    Rectification,
    RectificationStatus,
    SpotCheckCampaign,
)
from registry.services.officers import officer_assign
from registry.services.spotchecks import (
    campaign_create,
    campaign_draw,
    campaign_publish_plan,
    campaign_publish_results,
    check_record,
)
from registry.services.supervision import rectification_reply, rectification_review
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def officer(username, jurisdiction, *roles):
    user = UserFactory(username=username, is_staff=True)
    for role in roles:
        officer_assign(user=user, jurisdiction=jurisdiction, role=role)
    return user


@pytest.fixture
def bureau(minhang, songjiang):
    organizations = [OrganizationFactory(jurisdiction=minhang) for _ in range(12)]
    OrganizationFactory(jurisdiction=songjiang, name="上海市松江区书法协会")
    return {
        "head": officer("head", minhang, OfficerRole.APPROVER),
        "inspectors": [officer(f"insp{i}", minhang, OfficerRole.INSPECTOR) for i in range(4)],
        "window": officer("window", minhang, OfficerRole.WINDOW),
        "sj": officer("sj_insp", songjiang, OfficerRole.INSPECTOR),
        "organizations": organizations,
    }


def new_campaign(bureau, minhang, **extra):
    fields = {"name": "2026年度双随机抽查", "year": 2026, "sample_size": 4, "inspectors_per_check": 2} | extra
    return campaign_create(by=bureau["head"], jurisdiction=minhang, **fields)


def drawn(campaign):
    return [(c.organization_id, sorted(c.inspectors.values_list("pk", flat=True))) for c in campaign.checks.all()]


def test_draw_is_recorded_and_the_same_seed_draws_the_same(bureau, minhang):
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang), by=bureau["head"], seed="2026-spring")
    first = drawn(campaign)
    assert len(first) == 4 and campaign.status == CampaignStatus.DRAWN
    assert campaign.candidate_count == 12 and len(campaign.candidate_hash) == 64 and campaign.seed == "2026-spring"
    inspector_ids = {u.pk for u in bureau["inspectors"]}
    assert all(len(ids) == 2 and set(ids) <= inspector_ids for _, ids in first)  # never the head or the window
    assert {org for org, _ in first} <= {o.pk for o in bureau["organizations"]}  # never another bureau's
    campaign_draw(campaign=campaign, by=bureau["head"], seed="another")
    campaign_draw(campaign=campaign, by=bureau["head"], seed="2026-spring")
    assert drawn(campaign) == first


def test_draw_without_a_seed_makes_and_records_one(bureau, minhang):
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang), by=bureau["head"])
    assert len(campaign.seed) == 32


def test_filter_narrows_the_candidates(bureau, minhang):
    graded = bureau["organizations"][:3]
    for org in graded:
        org.grade, org.grade_expires_on = "4A", "2030-12-31"
        org.save()
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang, grade="4A", sample_size=10), by=bureau["head"])
    assert campaign.candidate_count == 3 and {c.organization_id for c in campaign.checks.all()} == {
        o.pk for o in graded
    }


def test_percentage_sample_rounds_up(bureau, minhang):
    campaign = new_campaign(bureau, minhang, sample_size=None, sample_percent=10)
    assert campaign_draw(campaign=campaign, by=bureau["head"]).checks.count() == 2


def test_conflicted_inspector_is_not_drawn_for_that_organization(bureau, minhang):
    target = bureau["organizations"][0]
    for inspector in bureau["inspectors"][:2]:
        InspectorConflict.objects.create(inspector=inspector, organization=target, reason="曾任该会理事")
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang, sample_size=12), by=bureau["head"])
    check = campaign.checks.get(organization=target)
    assert set(check.inspectors.all()) == set(bureau["inspectors"][2:])


def test_too_few_inspectors_is_refused_and_changes_nothing(bureau, minhang):
    campaign = new_campaign(bureau, minhang, inspectors_per_check=5)
    with pytest.raises(ValidationError, match="检查人员不足"):
        campaign_draw(campaign=campaign, by=bureau["head"])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and not campaign.checks.exists() and not campaign.seed


def test_sample_needs_size_or_percentage(bureau, minhang):
    with pytest.raises(ValidationError):
        new_campaign(bureau, minhang, sample_size=None)
    assert not SpotCheckCampaign.objects.exists()


def test_only_the_bureaus_supervision_officers_run_campaigns(bureau, minhang):
    with pytest.raises(PermissionDenied):
        campaign_create(by=bureau["sj"], jurisdiction=minhang, name="x", year=2026, sample_size=1)
    with pytest.raises(PermissionDenied):
        campaign_create(by=bureau["window"], jurisdiction=minhang, name="x", year=2026, sample_size=1)
    campaign = new_campaign(bureau, minhang)
    with pytest.raises(PermissionDenied):
        campaign_draw(campaign=campaign, by=bureau["sj"])


def test_published_plan_locks_the_draw(bureau, minhang):
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang), by=bureau["head"], seed="s1")
    campaign_publish_plan(campaign=campaign, by=bureau["head"])
    before = drawn(campaign)
    with pytest.raises(ValidationError, match="已锁定"):
        campaign_draw(campaign=campaign, by=bureau["head"], seed="s2")
    assert drawn(campaign) == before


def published(bureau, minhang):
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang, sample_size=3), by=bureau["head"], seed="x")
    return campaign_publish_plan(campaign=campaign, by=bureau["head"])


def test_results_lead_to_rectification_and_referral(bureau, minhang):
    campaign = published(bureau, minhang)
    passed, rectify, refer = campaign.checks.all()
    inspector = passed.inspectors.first()
    check_record(check=passed, by=inspector, result=CheckResult.PASSED, findings="账目清楚，活动正常。")
    check_record(
        check=rectify,
        by=bureau["head"],
        result=CheckResult.RECTIFY,
        findings="理事会未按章程换届。",
        rectification_requirements="三个月内召开会员大会完成换届。",
        rectification_days=90,
    )
    check_record(check=refer, by=bureau["head"], result=CheckResult.REFER, findings="涉嫌违规收取会费50万元。")
    order = Rectification.objects.get(spot_check=rectify)
    assert order.organization == rectify.organization and order.requirements == "三个月内召开会员大会完成换届。"
    assert (order.due_on - order.ordered_on).days == 90 and order.status == RectificationStatus.OPEN
    referral = CaseReferral.objects.get(organization=refer.organization)
    assert referral.source == "spot_check" and referral.source_reference == f"{campaign.reference}-003"
    case = PenaltyCase.objects.get(organization=refer.organization)
    assert (case.source, case.source_reference) == ("spot_check", referral.source_reference)
    assert referral.case_reference == case.reference
    assert OrganizationHistory.objects.filter(
        organization=refer.organization, action=HistoryAction.CASE_REFERRED
    ).exists()
    campaign_publish_results(campaign=campaign, by=bureau["head"])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RESULTS_PUBLISHED


def test_results_are_published_only_when_every_check_is_recorded(bureau, minhang):
    campaign = published(bureau, minhang)
    check_record(check=campaign.checks.first(), by=bureau["head"], result=CheckResult.PASSED, findings="正常。")
    with pytest.raises(ValidationError, match="还有 2 个组织"):
        campaign_publish_results(campaign=campaign, by=bureau["head"])


def test_only_the_drawn_inspectors_or_the_head_record_a_result(bureau, minhang):
    campaign = published(bureau, minhang)
    check = campaign.checks.first()
    outsider = next(u for u in bureau["inspectors"] if not check.inspectors.filter(pk=u.pk).exists())
    with pytest.raises(PermissionDenied):
        check_record(check=check, by=outsider, result=CheckResult.PASSED, findings="正常。")
    check.refresh_from_db()
    assert check.result == ""


def test_a_result_cannot_be_recorded_before_the_plan_is_public(bureau, minhang):
    campaign = campaign_draw(campaign=new_campaign(bureau, minhang), by=bureau["head"])
    with pytest.raises(ValidationError, match="公布后"):
        check_record(check=campaign.checks.first(), by=bureau["head"], result=CheckResult.PASSED, findings="正常。")


def test_an_unknown_result_is_refused_and_changes_nothing(bureau, minhang):
    campaign = published(bureau, minhang)
    check = campaign.checks.first()
    with pytest.raises(ValidationError):
        check_record(check=check, by=bureau["head"], result="nonsense", findings="x")
    check.refresh_from_db()
    assert check.result == "" and not CaseReferral.objects.exists()


def test_rectification_reply_and_review(bureau, minhang):
    from guardian.shortcuts import assign_perm

    campaign = published(bureau, minhang)
    check = campaign.checks.first()
    check_record(check=check, by=bureau["head"], result=CheckResult.RECTIFY, findings="未按规定公开年度报告。")
    order = Rectification.objects.get(spot_check=check)
    representative = UserFactory(username="rep")
    with pytest.raises(PermissionDenied):
        rectification_reply(rectification=order, reply="已在网站公开。", by=representative)
    assign_perm("registry.manage_organization", representative, check.organization)
    rectification_reply(rectification=order, reply="已在网站公开年度报告。", by=representative)
    with pytest.raises(ValidationError, match="理由"):
        rectification_review(rectification=order, accepted=False, note="", by=bureau["head"])
    rejected = rectification_review(rectification=order, accepted=False, note="链接打不开。", by=bureau["head"])
    assert rejected.status == RectificationStatus.REJECTED
    rectification_reply(rectification=order, reply="已修复链接，请再核查。", by=representative)
    with pytest.raises(PermissionDenied):
        rectification_review(rectification=order, accepted=True, note="", by=bureau["sj"])
    accepted = rectification_review(rectification=order, accepted=True, note="", by=bureau["head"])
    assert accepted.status == RectificationStatus.ACCEPTED


# 社会组织抽查暂行办法 (民发〔2017〕45号): at least 2 inspectors on site; a periodic campaign draws at least 3% of a
# county/district bureau's register, 4% of a city's, 5% of a province's; a setting may ask more, never less.


def test_a_campaign_with_fewer_than_two_inspectors_per_check_is_refused(bureau, minhang):
    with pytest.raises(ValidationError, match="不得少于2人"):
        new_campaign(bureau, minhang, inspectors_per_check=1)
    assert not SpotCheckCampaign.objects.exists()


def test_an_older_one_inspector_campaign_cannot_be_drawn(bureau, minhang):
    campaign = new_campaign(bureau, minhang)
    SpotCheckCampaign.objects.filter(pk=campaign.pk).update(inspectors_per_check=1)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError, match="不得少于2人"):
        campaign_draw(campaign=campaign, by=bureau["head"], seed="a")
    assert not campaign.checks.exists()


def test_a_periodic_campaign_draws_at_least_the_share_of_the_register(bureau, minhang, settings):
    assert minhang.level == "district"
    settings.REGISTRY = settings.REGISTRY | {"SPOT_CHECK_PERIODIC_PERCENT": {"district": 10}}  # 12 on the register
    with pytest.raises(ValidationError, match="10%"):
        new_campaign(bureau, minhang, periodic=True, sample_size=None, sample_percent=5)
    too_small = new_campaign(bureau, minhang, periodic=True, sample_size=1)
    with pytest.raises(ValidationError, match="至少2个"):
        campaign_draw(campaign=too_small, by=bureau["head"], seed="a")
    assert not too_small.checks.exists()
    enough = new_campaign(bureau, minhang, periodic=True, sample_size=2)
    assert campaign_draw(campaign=enough, by=bureau["head"], seed="a").checks.count() == 2


def test_a_periodic_share_set_below_the_law_is_held_at_the_law(bureau, minhang, settings):
    settings.REGISTRY = settings.REGISTRY | {"SPOT_CHECK_PERIODIC_PERCENT": {"district": 1}}
    with pytest.raises(ValidationError, match="3%"):
        new_campaign(bureau, minhang, periodic=True, sample_size=None, sample_percent=2)
    assert new_campaign(bureau, minhang, periodic=True, sample_size=None, sample_percent=3).periodic
