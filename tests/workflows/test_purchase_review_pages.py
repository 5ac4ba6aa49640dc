"""Pages of the purchase review: experts see only their panels' calls and score through the sheet; the purchaser's
officer works the review page; the public sees the results and files objections, rate-limited."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from registry.choices import OfficerRole
from registry.models import CallStatus, ExpertScore, NoticeObjection, PurchaseApplicationStatus, ServiceProject
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    conflict_declare,
    notice_start,
    panel_assign,
    results_compute,
    review_of,
    scores_save,
)
from tests.factories import OfficerFactory, PurchaseApplicationFactory, ReviewCallFactory, ReviewExpertFactory
from tests.workflows.test_evaluation_flow import make_evaluator

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def purchaser(minhang):
    return OfficerFactory(
        username="mh_purchase", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=minhang, view_register=True
    )


@pytest.fixture
def review(purchaser):
    call = ReviewCallFactory(budget=D("100000.00"), max_per_project=D("60000.00"))
    experts = [ReviewExpertFactory() for _ in range(3)]
    panel_assign(call=call, by=purchaser, experts=experts)
    applications = [PurchaseApplicationFactory(call=call), PurchaseApplicationFactory(call=call)]
    return call, experts, applications


def score_everything(call, experts, applications, values=(80, 70)):
    for expert in experts:
        for application, value in zip(applications, values, strict=True):
            conflict_declare(application=application, by=expert.user, conflicted=False)
            scores = {c.pk: (D(value), "") for c in call.criteria.all()}
            scores_save(application=application, by=expert.user, scores=scores, submit=True)


def test_an_expert_sees_only_the_calls_of_their_panels(client, review):
    call, experts, applications = review
    outsider = ReviewExpertFactory()
    client.force_login(outsider.user)
    assert call.title not in client.get("/portal/reviewing/").content.decode()
    assert client.get(f"/portal/reviewing/{call.pk}/").status_code == 404
    assert client.get(f"/portal/reviewing/applications/{applications[0].pk}/").status_code == 404
    client.force_login(experts[0].user)
    page = client.get("/portal/reviewing/").content.decode()
    assert call.title in page
    page = client.get(f"/portal/reviewing/{call.pk}/").content.decode()
    assert applications[0].project_name in page and "未评审" in page


def test_the_expert_logs_in_to_their_review_list(client, review):
    _call, experts, _applications = review
    experts[0].user.set_password("Expert-2026-pass")
    experts[0].user.save()
    response = client.post("/accounts/login/", {"username": experts[0].user.username, "password": "Expert-2026-pass"})
    assert response.status_code == 302 and response["Location"] == "/portal/reviewing/"


def test_an_evaluation_expert_still_logs_in_to_their_evaluations(client):
    evaluator = make_evaluator("expert_qian")
    evaluator.user.set_password("Expert-2026-pass")
    evaluator.user.save()
    response = client.post("/accounts/login/", {"username": "expert_qian", "password": "Expert-2026-pass"})
    assert response.status_code == 302 and response["Location"] == "/portal/evaluating/"


def test_the_applicants_legal_representatives_id_number_is_masked(client, review):
    _call, experts, applications = review
    client.force_login(experts[0].user)
    page = client.get(f"/portal/reviewing/applications/{applications[0].pk}/").content.decode()
    assert "110*************2X" in page and "11010519491231002X" not in page


def test_the_expert_declares_then_saves_and_submits_through_the_sheet(client, review):
    call, experts, applications = review
    url = f"/portal/reviewing/applications/{applications[0].pk}/"
    client.force_login(experts[0].user)
    assert "保存评分" not in client.get(url).content.decode()  # the sheet only after the declaration
    client.post(url, {"action": "clear"})
    criteria = list(call.criteria.all())
    typed = {f"score_{c.pk}": "80" for c in criteria} | {f"comment_{criteria[0].pk}": "设计完整"}
    page = client.post(url, typed | {f"score_{criteria[1].pk}": "八十", "action": "save"}).content.decode()
    assert "请填写0至100之间的数字" in page and "八十" in page and not ExpertScore.objects.exists()
    client.post(url, typed | {"action": "save"})
    assert ExpertScore.objects.filter(submitted_at__isnull=True).count() == 3
    client.post(url, typed | {"action": "submit"}, follow=True)
    assert ExpertScore.objects.filter(submitted_at__isnull=False).count() == 3
    page = client.get(url).content.decode()
    assert "评分已提交" in page and 'name="score_' not in page


def test_a_declared_conflict_shows_no_sheet(client, review):
    _call, experts, applications = review
    url = f"/portal/reviewing/applications/{applications[0].pk}/"
    client.force_login(experts[1].user)
    page = client.post(url, {"action": "conflict", "reason": ""}, follow=True).content.decode()
    assert "请说明利害关系" in page
    page = client.post(url, {"action": "conflict", "reason": "系该组织理事"}, follow=True).content.decode()
    assert "回避该申报的评审" in page and 'name="score_' not in page


def test_the_officer_computes_proposes_publishes_and_awards(client, review, purchaser, monkeypatch):
    call, experts, applications = review
    concluded = []
    monkeypatch.setattr("workflows.purchase_review.views.conclude_application", concluded.append)
    score_everything(call, experts, applications)
    client.force_login(purchaser)
    url = f"/workflow/work/purchase/reviews/{call.pk}/"
    assert call.title in client.get("/workflow/work/purchase/reviews/").content.decode()
    for action in ("compute", "propose", "notice"):
        assert client.post(url, {"action": action}).status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.NOTICE
    page = client.get(url).content.decode()
    assert "80.00" in page and "70.00" in page
    # Too early: refused, nothing concluded.
    page = client.post(url, {"action": "award"}, follow=True).content.decode()
    assert "届满后方可确定立项" in page and not concluded
    review_record = review_of(call)
    review_record.notice_ends_on = datetime.date.today() - datetime.timedelta(days=1)
    review_record.save()
    client.post(url, {"action": "award"})
    call.refresh_from_db()
    assert call.status == CallStatus.AWARDED and sorted(a.pk for a in concluded) == sorted(a.pk for a in applications)
    assert ServiceProject.objects.count() == 1  # each asks 60,000: the second no longer fits the 40,000 left
    assert {a.status for a in concluded} == {PurchaseApplicationStatus.AWARDED, PurchaseApplicationStatus.NOT_AWARDED}


def test_officers_of_other_bureaus_and_people_without_a_unit_are_kept_out(client, review, songjiang):
    call, experts, _applications = review
    other = OfficerFactory(username="sj_purchase", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=songjiang)
    client.force_login(other)
    assert client.get(f"/workflow/work/purchase/reviews/{call.pk}/").status_code == 404
    client.force_login(experts[0].user)
    assert client.get("/workflow/work/purchase/reviews/").status_code == 403


def test_the_public_sees_the_results_only_once_published_and_objects_within_the_limit(
    client, review, purchaser, settings
):
    call, experts, applications = review
    assert client.get(f"/purchase/{call.pk}/results/").status_code == 404
    score_everything(call, experts, applications)
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    notice_start(call=call, by=purchaser)
    page = client.get(f"/purchase/{call.pk}/results/").content.decode()
    assert applications[0].organization.name in page and "60000.00" in page and "不予立项" in page
    settings.REGISTRY = {**settings.REGISTRY, "OBJECTIONS_PER_HOUR": 2}
    cache.clear()
    bad = client.post(f"/purchase/{call.pk}/results/", {"name": "李明", "contact": "139", "content": "太短"})
    assert bad.status_code == 400 and not NoticeObjection.objects.exists()
    data = {
        "application": applications[0].pk,
        "name": "李明",
        "contact": "13900001111",
        "content": "该项目负责人并非该组织工作人员。",
    }
    assert client.post(f"/purchase/{call.pk}/results/", data).status_code == 302
    assert client.post(f"/purchase/{call.pk}/results/", data).status_code == 429
    assert NoticeObjection.objects.count() == 1


def test_the_public_call_page_leads_to_its_results_once_noticed_and_once_awarded(client, review, purchaser):
    call, experts, applications = review
    results = f'href="/purchase/{call.pk}/results/"'
    assert results not in client.get(f"/purchase/{call.pk}/").content.decode()  # under review: nothing to read yet
    score_everything(call, experts, applications)
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    notice = notice_start(call=call, by=purchaser)
    page = client.get(f"/purchase/{call.pk}/").content.decode()
    assert results in page and "查看评审结果公示" in page
    award_decide(call=call, by=purchaser, today=notice.notice_ends_on + datetime.timedelta(days=1))
    page = client.get(f"/purchase/{call.pk}/").content.decode()
    assert results in page and "查看立项结果" in page


def test_a_refused_objection_shows_the_reasons_and_a_filed_one_its_number(client, review, purchaser):
    call, experts, applications = review
    score_everything(call, experts, applications)
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    notice_start(call=call, by=purchaser)
    cache.clear()
    refused = client.post(f"/purchase/{call.pk}/results/", {"name": "李明", "contact": "139", "content": "太短"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "请填写联系电话或电子邮箱，以便答复。" in page and "不少于10字" in page
    data = {"name": "李明", "contact": "13900001111", "content": "评分过程中有专家未声明利益冲突。"}
    filed = client.post(f"/purchase/{call.pk}/results/", data, follow=True)
    objection = NoticeObjection.objects.get()
    assert filed.redirect_chain == [(f"/purchase/{call.pk}/results/", 302)]
    assert f"异议已收到（编号 {objection.pk}）" in filed.content.decode()
    assert objection.call == call and objection.application is None
