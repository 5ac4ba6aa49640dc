"""A spot-check campaign whose draw cannot be made is not stuck: the form warns before saving it, and until
its plan is public it can be changed (discarding a draw) or cancelled with a reason."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from registry.choices import OfficerRole
from registry.models import CampaignStatus, SpotCheckCampaign
from tests.factories import OrganizationFactory
from tests.workflows.conftest import make_officer
from tests.workflows.pages import press

pytestmark = pytest.mark.django_db
CAMPAIGNS = "/workflow/work/supervision/spot-checks/"


@pytest.fixture
def head(minhang):
    """The section head of a bureau with one inspector, and three organizations to check."""
    make_officer("mh_only_inspector", minhang, OfficerRole.INSPECTOR)
    for _ in range(3):
        OrganizationFactory(jurisdiction=minhang)
    client = Client()
    client.force_login(make_officer("mh_head", minhang, OfficerRole.APPROVER))
    return client


def notes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def create_with_shortage(head, minhang, per_check: int = 2, staff: int = 1) -> SpotCheckCampaign:
    """Create a campaign of `per_check` inspectors per organization (the default 2) in a bureau that has `staff`."""
    fill = {"jurisdiction": minhang.pk, "name": "人员不足的抽查", "sample_size": "2", "inspectors_per_check": per_check}
    warned = press(head, CAMPAIGNS, head.get(CAMPAIGNS).content.decode(), "创建抽查", fill=fill)
    page = warned.content.decode()
    assert warned.status_code == 200 and f"目前只有 {staff} 名检查人员" in page
    assert f"少于每户检查人员数 {per_check} 名" in page
    assert not SpotCheckCampaign.objects.exists()  # warned, not saved
    saved = press(head, CAMPAIGNS, page, "创建抽查", fill=fill, check=["accept_shortage"])
    assert saved.status_code == 302
    return SpotCheckCampaign.objects.get()


def test_the_form_warns_before_saving_a_campaign_the_bureau_cannot_staff(head, minhang):
    campaign = create_with_shortage(head, minhang)
    assert campaign.status == CampaignStatus.DRAFT and campaign.inspectors_per_check == 2
    url = f"{CAMPAIGNS}{campaign.pk}/"
    page = head.get(url).content.decode()
    assert "本机关检查人员不足" in page
    drawn = press(head, url, page, "抽取")
    assert any("检查人员不足" in note for note in notes(drawn))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT  # the draw failed: still 待抽取, but not stuck (below)


def test_a_campaign_that_cannot_be_drawn_is_edited_then_drawn(head, minhang):
    make_officer("mh_second_inspector", minhang, OfficerRole.INSPECTOR)  # 2 now, never fewer than 2 per check
    campaign = create_with_shortage(head, minhang, per_check=3, staff=2)
    url = f"{CAMPAIGNS}{campaign.pk}/"
    refused = press(head, url, head.get(url).content.decode(), "保存抽查条件", fill={"inspectors_per_check": "1"})
    assert refused.status_code == 200  # below the statutory 2 per check: refused beside the field
    campaign.refresh_from_db()
    assert campaign.inspectors_per_check == 3
    edited = press(head, url, head.get(url).content.decode(), "保存抽查条件", fill={"inspectors_per_check": "2"})
    assert edited.status_code == 302
    campaign.refresh_from_db()
    assert campaign.inspectors_per_check == 2 and campaign.name == "人员不足的抽查"
    assert "本机关检查人员不足" not in head.get(url).content.decode()
    press(head, url, head.get(url).content.decode(), "抽取")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAWN and campaign.checks.count() == 2

    # Changing the conditions after the draw discards it: the draw must be made again.
    press(head, url, head.get(url).content.decode(), "保存抽查条件", fill={"sample_size": "3"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and campaign.sample_size == 3
    assert campaign.checks.count() == 0 and campaign.seed == ""


def test_a_campaign_is_cancelled_with_a_reason_and_then_nothing_more_happens(head, minhang):
    campaign = create_with_shortage(head, minhang)
    url = f"{CAMPAIGNS}{campaign.pk}/"
    refused = press(head, url, head.get(url).content.decode(), "取消抽查", fill={"reason": " "})
    assert "请写明取消抽查的理由。" in notes(refused)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT

    press(head, url, head.get(url).content.decode(), "取消抽查", fill={"reason": "检查人员不足，改于下半年进行"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED and campaign.cancel_reason == "检查人员不足，改于下半年进行"
    page = head.get(url).content.decode()
    assert "已取消" in page and "检查人员不足，改于下半年进行" in page
    assert 'value="edit"' not in page and 'value="draw"' not in page
    assert any("已取消" in note for note in notes(head.post(url, {"action": "draw"})))
    assert "已取消" in head.get(CAMPAIGNS).content.decode()
    assert Client().get(f"/spot-checks/{campaign.pk}/").status_code == 404


def test_a_published_plan_can_be_neither_changed_nor_cancelled(head, minhang):
    make_officer("mh_second_inspector", minhang, OfficerRole.INSPECTOR)
    campaign = create_with_shortage(head, minhang, per_check=3, staff=2)
    url = f"{CAMPAIGNS}{campaign.pk}/"
    head.post(
        url,
        {
            "action": "edit",
            "name": "人员不足的抽查",
            "year": campaign.year,
            "sample_size": "2",
            "org_status": "normal",
            "inspectors_per_check": "2",
        },
    )
    head.post(url, {"action": "draw"})
    head.post(url, {"action": "publish_plan"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PLAN_PUBLISHED
    cancelled = head.post(url, {"action": "cancel", "reason": "不想做了"})
    assert "抽查计划已公布或抽查已取消，不能取消。" in notes(cancelled)
    edited = head.post(
        url,
        {
            "action": "edit",
            "name": "改名",
            "year": campaign.year,
            "sample_size": "1",
            "org_status": "normal",
            "inspectors_per_check": "2",
        },
    )
    assert edited.status_code == 302 and "抽查计划已公布或抽查已取消，不能再修改。" in notes(edited)
    assert 'value="edit"' not in head.get(url).content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PLAN_PUBLISHED and campaign.name == "人员不足的抽查"
    assert campaign.checks.count() == 2
