"""A 公益创投 contest in a real browser: the panel scores the preliminary, the officer computes it and two of three
applications advance, the experts score the final on their sheets, the officer awards, the public reads each
round's outcome, and the officer admits a winner to the incubation base the contest names."""

import datetime
from decimal import Decimal

import pytest

from registry.choices import OfficerRole
from registry.models import Admission, CallKind, CallRound, CallStatus, PurchaseApplicationStatus
from registry.services.purchase_review import conflict_declare, review_of, scores_save
from tests.factories import (
    IncubationBaseFactory,
    PurchaseApplicationFactory,
    ReviewCallFactory,
    ReviewExpertFactory,
    UserFactory,
)
from tests.workflows.conftest import PASSWORD, log_in, make_officer

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
Status = PurchaseApplicationStatus


def fits_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sheet(page, application, score, *, declare):
    """On the expert's sheet: declare no conflict (first round only), type each criterion's score and submit."""
    page.click(f"a:has-text('{application.project_name}')")
    if declare:
        page.click("button:has-text('声明无利害关系')")
        page.wait_for_selector("text=已声明无利害关系")
    for criterion in application.call.criteria.order_by("order"):
        page.fill(f"#score_{criterion.pk}", str(score))
    page.click("button:has-text('提交评分')")
    page.wait_for_selector("text=评分已提交")
    with page.expect_navigation():
        page.click(f"a:has-text('{application.call.title}')")


def test_a_contest_from_its_preliminary_to_a_winner_in_incubation(browser, live_server, minhang):
    officer = make_officer("mh_contest", minhang, OfficerRole.EVALUATOR)
    officer.set_password(PASSWORD)
    officer.save()
    base = IncubationBaseFactory(name="闵行区社会组织孵化园", capacity=2)
    call = ReviewCallFactory(
        title="闵行区社区公益创投大赛",
        kind=CallKind.VENTURE,
        budget=Decimal("200000.00"),
        max_per_project=Decimal("60000.00"),
        created_by=officer,
        incubation_base=base,
    )
    CallRound.objects.create(call=call, kind="preliminary", held_on=datetime.date(2026, 7, 10), advancing=2)
    CallRound.objects.create(call=call, kind="final", held_on=datetime.date(2026, 7, 20), presentation=True)
    weak, strong, middle = (
        PurchaseApplicationFactory(call=call, project_name=name) for name in ("社区花园", "银龄守望", "四点半课堂")
    )
    experts = [
        ReviewExpertFactory(name=name, user=UserFactory(username=username, password=PASSWORD))
        for name, username in (("王教授", "expert_wang"), ("李老师", "expert_li"), ("赵研究员", "expert_zhao"))
    ]

    desk = log_in(browser, live_server, "mh_contest", PASSWORD, "/workflow/work/")
    desk.click("a:has-text('购买服务项目评审')")
    desk.click(f"a:has-text('{call.title}')")
    for expert in experts:
        desk.check(f"input[name=experts][value='{expert.pk}']")
    desk.click("button:has-text('选定评审组')")
    desk.wait_for_selector("text=已选定评审组")
    assert "正在评审：初赛" in desk.inner_text("#preliminary")

    # The preliminary: two experts have scored the papers already (the services the sheet calls) ...
    for expert in experts[1:]:
        for application, score in ((weak, 60), (strong, 90), (middle, 80)):
            conflict_declare(application=application, by=expert.user, conflicted=False)
            scores_save(
                application=application,
                by=expert.user,
                scores={c.pk: (Decimal(score), "") for c in call.criteria.all()},
                submit=True,
            )
    # ... and the first scores them on a phone, the sheet naming the round.
    wang = log_in(browser, live_server, "expert_wang", PASSWORD, "/portal/reviewing/")
    wang.set_viewport_size(PHONE)
    wang.click(f"a:has-text('{call.title}')")
    assert "本轮评审：初赛" in wang.inner_text("#review-round")
    for application, score in ((weak, 62), (strong, 88), (middle, 78)):
        sheet(wang, application, score, declare=True)
    assert fits_phone(wang)

    # The officer computes the preliminary: two advance, the third is told why.
    desk.reload()
    desk.click("button:has-text('汇总初赛结果并确定晋级')")
    desk.wait_for_selector("text=1 个申报未晋级决赛")
    assert "正在评审：决赛" in desk.inner_text("#preliminary") and "未晋级决赛" in desk.inner_text("#preliminary")
    weak.refresh_from_db()
    assert weak.status == Status.NOT_ADVANCED and "未晋级决赛" in weak.preliminary_note

    # The final: each expert scores the two finalists on the sheet after the presentations (路演).
    wang.reload()
    assert "本轮评审：决赛" in wang.inner_text("#review-round") and weak.project_name not in wang.content()
    for expert, scores in zip(experts, ((80, 90), (82, 88), (78, 92)), strict=True):
        page = (
            wang
            if expert is experts[0]
            else log_in(browser, live_server, expert.user.username, PASSWORD, "/portal/reviewing/")
        )
        if page is not wang:
            page.click(f"a:has-text('{call.title}')")
        for application, score in zip((strong, middle), scores, strict=True):
            sheet(page, application, score, declare=False)

    # The officer ranks the final, proposes, publishes and, after the notice, awards.
    desk.reload()
    desk.click("button:has-text('汇总评审结果')")
    desk.wait_for_selector("text=已汇总评审结果并排名")
    strong.refresh_from_db()
    middle.refresh_from_db()
    assert (middle.rank, middle.panel_score, strong.rank, strong.panel_score) == (
        1,
        Decimal("90.00"),
        2,
        Decimal("80.00"),
    )
    desk.click("button:has-text('提出拟立项方案')")
    desk.wait_for_selector("text=已提出拟立项方案")
    desk.click("button:has-text('发布结果公示')")
    desk.wait_for_selector("text=已发布公示")
    review = review_of(call)
    review.notice_ends_on = datetime.date.today() - datetime.timedelta(days=1)  # the notice period has passed
    review.save(update_fields=["notice_ends_on"])
    desk.reload()
    desk.click("button:has-text('确定立项')")
    desk.wait_for_selector("text=已确定立项")
    call.refresh_from_db()
    assert call.status == CallStatus.AWARDED

    # The public reads each round's outcome on a phone.
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/purchase/{call.pk}/results/")
    assert weak.project_name not in public.inner_text("#results")
    rounds = public.inner_text("#preliminary-results")
    assert weak.project_name in rounds and "未晋级决赛" in rounds
    assert fits_phone(public)

    # The officer admits the winner ranked first to the contest's incubation base.
    desk.click(f"button[aria-label='{middle.organization.name}入驻孵化基地']")
    desk.wait_for_selector(f"text=“{middle.organization.name}”已入驻{base.name}")
    admission = Admission.objects.get()
    assert (admission.base, admission.organization, admission.contest_application) == (
        base,
        middle.organization,
        middle,
    )
