"""The review of a purchase call in a real browser: experts log in and score (one declares a conflict), the
officer computes the results and publishes them, the public reads them on a phone and objects, the officer
answers and awards."""

import datetime
from decimal import Decimal

import pytest

from registry.choices import OfficerRole
from registry.models import (
    CallStatus,
    ConflictDeclaration,
    NoticeObjection,
    NoticeObjectionStatus,
    PurchaseApplicationStatus,
    ServiceProject,
)
from registry.services.purchase_review import conflict_declare, review_of, scores_save
from tests.factories import PurchaseApplicationFactory, ReviewCallFactory
from tests.workflows.conftest import PASSWORD, PHONE, fits_phone, log_in, make_officer, phone_page

pytestmark = pytest.mark.django_db(transaction=True)


def expert_scores(page, live_server, application, scores):
    """On the expert's sheet: declare no conflict, type each criterion's score, save, then submit."""
    page.click(f"a:has-text('{application.project_name}')")
    page.click("button:has-text('声明无利害关系')")
    page.wait_for_selector("text=已声明无利害关系")
    for criterion, score in zip(application.call.criteria.order_by("order"), scores, strict=True):
        page.fill(f"#score_{criterion.pk}", str(score))
        page.fill(f"#comment_{criterion.pk}", "方案可行")
    page.click("button:has-text('保存评分')")
    page.wait_for_selector("text=评分已保存")
    page.click("button:has-text('提交评分')")
    page.wait_for_selector("text=评分已提交")
    page.click(f"a:has-text('{application.call.title}')")


def test_experts_score_the_officer_publishes_the_public_objects_and_the_officer_awards(
    browser, live_server, minhang, review_experts
):
    officer = make_officer("mh_purchase", minhang, OfficerRole.EVALUATOR)
    officer.set_password(PASSWORD)
    officer.save()
    call = ReviewCallFactory(title="莘庄镇独居老人关爱项目征集", budget=Decimal("100000.00"), created_by=officer)
    first = PurchaseApplicationFactory(call=call, project_name="银龄守望", requested_amount=Decimal("60000.00"))
    second = PurchaseApplicationFactory(call=call, project_name="邻里助餐", requested_amount=Decimal("30000.00"))
    experts = review_experts

    # The officer chooses the panel.
    desk = log_in(browser, live_server, "mh_purchase", PASSWORD, "/workflow/work/")
    desk.click("a:has-text('购买服务项目评审')")
    desk.click(f"a:has-text('{call.title}')")
    for expert in experts:
        desk.check(f"input[name=experts][value='{expert.pk}']")
    desk.click("button:has-text('选定评审组')")
    desk.wait_for_selector("text=已选定评审组")

    # The third expert has scored already (the same service the sheet calls).
    for application, score in ((first, 70), (second, 80)):
        conflict_declare(application=application, by=experts[2].user, conflicted=False)
        scores_save(
            application=application,
            by=experts[2].user,
            scores={c.pk: (Decimal(score), "") for c in call.criteria.all()},
            submit=True,
        )

    # The first expert logs in on a phone and scores both applications.
    wang = log_in(browser, live_server, "expert_wang", PASSWORD, "/portal/reviewing/")
    wang.set_viewport_size(PHONE)
    wang.click(f"a:has-text('{call.title}')")
    expert_scores(wang, live_server, first, [90, 90, 90])
    expert_scores(wang, live_server, second, [60, 60, 60])
    assert fits_phone(wang)

    # The second expert declares a conflict with the first application and scores the second.
    li = log_in(browser, live_server, "expert_li", PASSWORD, "/portal/reviewing/")
    li.click(f"a:has-text('{call.title}')")
    li.click(f"a:has-text('{first.project_name}')")
    li.fill("#reason", "本人曾任该组织理事")
    li.click("button:has-text('声明存在利害关系并回避')")
    li.wait_for_selector("text=您将回避该申报的评审")
    assert li.locator("input[name^=score_]").count() == 0
    with li.expect_navigation():
        li.click(f"a:has-text('{call.title}')")
    assert "已回避" in li.content()
    expert_scores(li, live_server, second, [100, 100, 100])
    assert ConflictDeclaration.objects.filter(conflicted=True, member__expert=experts[1]).count() == 1

    # The officer computes the results, proposes the award and publishes the notice.
    desk.reload()
    desk.click("button:has-text('汇总评审结果')")
    desk.wait_for_selector("text=已汇总评审结果并排名")
    results = desk.inner_text("#results")
    assert "回避" in results and "80.00" in results  # first: (90 + 70) / 2, the recused expert left out
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.panel_score, second.panel_score) == (Decimal("80.00"), Decimal("80.00"))
    assert (first.rank, second.rank) == (1, 2)  # equal scores: the earlier submission first
    desk.click("button:has-text('提出拟立项方案')")
    desk.wait_for_selector("text=已提出拟立项方案")
    desk.click("button:has-text('发布结果公示')")
    desk.wait_for_selector("text=已发布公示")
    call.refresh_from_db()
    assert call.status == CallStatus.NOTICE

    # The public reads the results on a phone and files an objection.
    public = phone_page(browser)
    public.goto(f"{live_server.url}/purchase/{call.pk}/results/")
    text = public.inner_text("#results")
    assert first.organization.name in text and "60000.00" in text and "30000.00" in text
    assert fits_phone(public)
    public.select_option("select[name=application]", str(first.pk))
    public.fill("input[name=name]", "陈先生")
    public.fill("input[name=contact]", "13900001111")
    public.fill("textarea[name=content]", "该项目的服务对象人数与社区实际情况不符。")
    public.click("button:has-text('提交异议')")
    public.wait_for_selector("text=异议已收到")
    assert fits_phone(public)
    objection = NoticeObjection.objects.get()

    # The officer answers it; once the notice has run its course, awards.
    desk.reload()
    desk.check("input[name=upheld][value='0']")
    desk.fill(f"#reply-{objection.pk}", "经核实，服务对象人数与街道提供的名册一致，异议不成立。")
    desk.click("button:has-text('答复异议')")
    desk.wait_for_selector("text=已答复异议")
    objection.refresh_from_db()
    assert objection.status == NoticeObjectionStatus.DISMISSED
    desk.click("button:has-text('确定立项')")
    desk.wait_for_selector("text=届满后方可确定立项")
    review = review_of(call)
    review.notice_ends_on = datetime.date.today() - datetime.timedelta(days=1)  # the notice period has passed
    review.save(update_fields=["notice_ends_on"])
    desk.reload()
    desk.click("button:has-text('确定立项')")
    desk.wait_for_selector("text=已确定立项")
    call.refresh_from_db()
    first.refresh_from_db()
    assert call.status == CallStatus.AWARDED and first.status == PurchaseApplicationStatus.AWARDED
    assert sorted(ServiceProject.objects.values_list("amount", flat=True)) == [Decimal("30000.00"), Decimal("60000.00")]
    public.reload()
    assert "立项结果" in public.content() and "提交异议" not in public.content() and fits_phone(public)
