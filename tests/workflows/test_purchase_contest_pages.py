"""Pages of a 公益创投 contest's rounds: the expert's sheet names the round, the purchaser computes the
preliminary and admits winners to the incubation base from the review page, the organization sees why it did not
advance, and the public results show each round's outcome."""

import datetime
from decimal import Decimal

import pytest
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import Admission, CallKind, CallRound, CallStatus, PurchaseApplicationStatus
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    conflict_declare,
    notice_start,
    panel_assign,
    preliminary_compute,
    results_compute,
    review_of,
    scores_save,
)
from tests.factories import (
    IncubationBaseFactory,
    OfficerFactory,
    PurchaseApplicationFactory,
    ReviewCallFactory,
    ReviewExpertFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
Status = PurchaseApplicationStatus


@pytest.fixture
def purchaser(minhang):
    return OfficerFactory(
        username="mh_contest", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=minhang, view_register=True
    )


@pytest.fixture
def contest(purchaser):
    call = ReviewCallFactory(kind=CallKind.VENTURE, budget=D("200000.00"), max_per_project=D("60000.00"))
    CallRound.objects.create(call=call, kind="preliminary", held_on=datetime.date(2026, 7, 10), advancing=2)
    CallRound.objects.create(call=call, kind="final", held_on=datetime.date(2026, 7, 20), presentation=True)
    experts = [ReviewExpertFactory() for _ in range(3)]
    panel_assign(call=call, by=purchaser, experts=experts)
    applications = [PurchaseApplicationFactory(call=call) for _ in range(3)]
    return call, experts, applications


def score(call, experts, applications, values):
    for expert in experts:
        for application, value in zip(applications, values, strict=True):
            if not expert.panels.get(call=call).declarations.filter(application=application).exists():
                conflict_declare(application=application, by=expert.user, conflicted=False)
            sheet = {c.pk: (D(value), "") for c in call.criteria.all()}
            scores_save(application=application, by=expert.user, scores=sheet, submit=True)


def test_the_experts_sheet_names_the_round(client, contest, purchaser):
    call, experts, applications = contest
    client.force_login(experts[0].user)
    assert "本轮评审：初赛" in client.get(f"/portal/reviewing/{call.pk}/").content.decode()
    assert "本轮评审：初赛" in client.get(f"/portal/reviewing/applications/{applications[0].pk}/").content.decode()
    score(call, experts, applications, (70, 90, 80))
    preliminary_compute(call=call, by=purchaser)
    page = client.get(f"/portal/reviewing/{call.pk}/").content.decode()
    assert "本轮评审：决赛" in page and applications[0].project_name not in page
    page = client.get(f"/portal/reviewing/applications/{applications[1].pk}/").content.decode()
    assert "本轮评审：决赛" in page and 'name="score_' in page  # a fresh sheet for the final
    assert client.get(f"/portal/reviewing/applications/{applications[0].pk}/").status_code == 404


def test_the_officer_computes_the_preliminary_on_the_review_page(client, contest, purchaser, monkeypatch):
    call, experts, applications = contest
    concluded = []
    monkeypatch.setattr("workflows.purchase_review.views.conclude_application", concluded.append)
    client.force_login(purchaser)
    url = f"/workflow/work/purchase/reviews/{call.pk}/"
    page = client.get(url).content.decode()
    assert "正在评审：初赛" in page and "汇总评审结果" not in page
    page = client.post(url, {"action": "preliminary"}, follow=True).content.decode()
    assert "未提交评分或利害关系声明" in page and review_of(call).preliminary_computed_at is None
    score(call, experts, applications, (70, 90, 80))
    page = client.post(url, {"action": "preliminary"}, follow=True).content.decode()
    assert "1 个申报未晋级决赛" in page and "正在评审：决赛" in page and "未晋级决赛" in page
    assert [a.pk for a in concluded] == [applications[0].pk] and concluded[0].status == Status.NOT_ADVANCED


def test_the_organization_and_the_public_see_the_preliminary_outcome(client, contest, purchaser):
    call, experts, applications = contest
    score(call, experts, applications, (70, 90, 80))
    preliminary_compute(call=call, by=purchaser)
    representative = UserFactory(username="contest_rep")
    assign_perm("registry.manage_organization", representative, applications[0].organization)
    client.force_login(representative)
    page = client.get(f"/portal/purchase/{applications[0].pk}/").content.decode()
    assert "初赛未晋级" in page and "晋级最低分80.00分，未晋级决赛" in page
    score(call, experts, applications[1:], (85, 75))
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    notice_start(call=call, by=purchaser)
    client.logout()
    page = client.get(f"/purchase/{call.pk}/results/").content.decode()
    assert 'id="preliminary-results"' in page
    results, preliminary = page.split('id="preliminary-results"')
    assert applications[0].project_name not in results and applications[0].project_name in preliminary
    assert preliminary.count(">未晋级决赛<") == 1 and preliminary.count(">晋级决赛<") == 2


def test_the_officer_admits_winners_to_the_named_base_one_by_one(client, contest, purchaser, monkeypatch):
    monkeypatch.setattr("workflows.purchase_review.views.conclude_application", lambda application: None)
    call, experts, applications = contest
    call.incubation_base = IncubationBaseFactory(name="闵行区公益创投孵化园", capacity=1)
    call.save(update_fields=["incubation_base"])
    score(call, experts, applications, (70, 90, 80))
    preliminary_compute(call=call, by=purchaser)
    score(call, experts, applications[1:], (85, 75))
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    review = notice_start(call=call, by=purchaser, today=datetime.date(2026, 7, 6))
    award_decide(call=call, by=purchaser, today=review.notice_ends_on + datetime.timedelta(days=1))
    call.refresh_from_db()
    assert call.status == CallStatus.AWARDED
    client.force_login(purchaser)
    url = f"/workflow/work/purchase/reviews/{call.pk}/"
    assert client.get(url).content.decode().count("入驻闵行区公益创投孵化园") == 2
    page = client.post(url, {"action": "incubate", "application": applications[1].pk}, follow=True).content.decode()
    assert "已入驻闵行区公益创投孵化园" in page
    page = client.post(url, {"action": "incubate", "application": applications[2].pk}, follow=True).content.decode()
    assert "名额已满" in page
    admission = Admission.objects.get()
    assert admission.contest_application == applications[1] and admission.organization == applications[1].organization
    page = client.get(f"/workflow/work/incubation/{call.incubation_base.pk}/").content.decode()
    assert applications[1].organization.name in page and "公益创投获胜项目" in page
