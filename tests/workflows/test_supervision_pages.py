"""Officers run spot checks and complaints through their pages; the public sees plans, results and progress."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import (
    CampaignStatus,
    Complaint,
    ComplaintStatus,
    CreditEntry,
    CreditRepair,
    Rectification,
    RectificationStatus,
    RepairStatus,
)
from registry.services.complaints import complaint_assign, complaint_submit
from registry.services.credit import credit_list_add
from tests.factories import OrganizationFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(minhang, songjiang):
    cache.clear()
    return {
        "head": make_officer("mh_head", minhang, OfficerRole.APPROVER),
        "inspector": make_officer("mh_insp", minhang, OfficerRole.INSPECTOR),
        "inspector2": make_officer("mh_insp2", minhang, OfficerRole.INSPECTOR),
        "sj": make_officer("sj_head", songjiang, OfficerRole.APPROVER, OfficerRole.INSPECTOR),
        "orgs": [OrganizationFactory(jurisdiction=minhang) for _ in range(5)],
    }


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_campaign_from_creation_to_public_results(people):
    head = as_user(people["head"])
    response = head.post(
        "/workflow/work/supervision/spot-checks/",
        {
            "jurisdiction": people["orgs"][0].jurisdiction_id,
            "name": "2026年度双随机抽查",
            "year": 2026,
            "org_status": "normal",
            "sample_size": 2,
            "inspectors_per_check": 2,
        },
    )
    assert response.status_code == 302
    campaign_url = response["Location"]
    pk = int(campaign_url.rstrip("/").split("/")[-1])
    assert as_user(people["sj"]).get(campaign_url).status_code == 404
    assert Client().get(f"/spot-checks/{pk}/").status_code == 404  # not public before the plan is
    head.post(campaign_url, {"action": "draw", "seed": "plan-2026"})
    head.post(campaign_url, {"action": "publish_plan"})
    plan = Client().get(f"/spot-checks/{pk}/").content.decode()
    from registry.models import SpotCheckCampaign

    campaign = SpotCheckCampaign.objects.get(pk=pk)
    assert campaign.status == CampaignStatus.PLAN_PUBLISHED and "plan-2026" in plan
    checks = list(campaign.checks.select_related("organization"))
    assert all(check.organization.name in plan for check in checks) and "合格" not in plan
    response = head.post(campaign_url, {"action": "draw", "seed": "other"})
    assert [c.organization_id for c in campaign.checks.all()] == [c.organization_id for c in checks]
    for check in checks:
        assert check.inspectors.count() == 2  # at least 2 inspectors on site (抽查暂行办法)
        inspector = as_user(check.inspectors.first())
        response = inspector.post(
            f"/workflow/work/supervision/checks/{check.pk}/",
            {
                "result": "rectify",
                "checked_on": campaign.plan_published_on.isoformat(),
                "findings": "未按规定公开年度工作报告。",
                "files": upload("record.pdf", pdf_bytes()),
            },
        )
        assert response.status_code == 302, response.content.decode()
    head.post(campaign_url, {"action": "publish_results"})
    results = Client().get(f"/spot-checks/{pk}/").content.decode()
    assert "责令整改" in results and "未按规定公开" not in results  # the result is public, the findings are not
    assert Rectification.objects.filter(spot_check__campaign=campaign).count() == 2
    assert "2026年度双随机抽查" in Client().get("/spot-checks/").content.decode()


def test_rectification_is_answered_in_the_portal_and_checked_by_the_officer(people, applicant):
    from registry.services.supervision import rectification_order

    organization = people["orgs"][0]
    assign_perm("registry.manage_organization", applicant, organization)
    order = rectification_order(
        organization=organization, source="spot_check", requirements="补报2025年度财务审计报告。", by=people["head"]
    )
    portal = as_user(applicant)
    assert "补报2025年度财务审计报告" in portal.get("/portal/").content.decode()
    portal.post(f"/portal/rectifications/{order.pk}/reply/", {"reply": "已补报审计报告。"})
    order.refresh_from_db()
    assert order.status == RectificationStatus.REPLIED
    stranger_org = people["orgs"][1]
    other = rectification_order(organization=stranger_org, source="spot_check", requirements="x", by=people["head"])
    assert portal.post(f"/portal/rectifications/{other.pk}/reply/", {"reply": "不是我的。"}).status_code == 404
    assert (
        as_user(people["sj"])
        .post("/workflow/work/supervision/rectifications/", {"rectification": order.pk, "decision": "accept"})
        .status_code
        == 404
    )
    as_user(people["inspector"]).post(
        "/workflow/work/supervision/rectifications/", {"rectification": order.pk, "decision": "accept"}
    )
    order.refresh_from_db()
    assert order.status == RectificationStatus.ACCEPTED


def test_public_complaint_form_gives_number_and_code_to_look_it_up(people):
    organization = people["orgs"][0]
    visitor = Client()
    response = visitor.post(
        "/complaints/",
        {
            "organization": organization.uscc,
            "category": "fees",
            "description": "强制要求会员单位缴纳赞助费，否则不予评优。",
            "anonymous": "on",
            "files": upload("proof.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.organization == organization and complaint.anonymous and complaint.files.count() == 1
    code = response.context["code"]
    found = visitor.post("/complaints/progress/", {"number": complaint.number, "code": code}).content.decode()
    assert "已收到，待决定是否受理" in found
    wrong = visitor.post("/complaints/progress/", {"number": complaint.number, "code": "AAAA2222"}).content.decode()
    assert "受理编号或查询码不正确" in wrong


def test_free_text_complaint_without_a_bureau_is_refused_with_a_message(people):
    response = Client().post(
        "/complaints/",
        {"organization": "某某读书会", "category": "unregistered", "description": "未经登记以协会名义收费。"},
    )
    assert "请选择受理投诉举报的登记管理机关" in response.content.decode() and not Complaint.objects.exists()


def test_complaint_form_is_rate_limited(people, settings):
    settings.REGISTRY = {**settings.REGISTRY, "COMPLAINTS_PER_DAY": 1}
    data = {"organization": people["orgs"][0].uscc, "category": "fees", "description": "强制会员缴纳赞助费。"}
    visitor = Client()
    assert visitor.post("/complaints/", data).status_code == 200
    assert visitor.post("/complaints/", data).status_code == 429
    assert Complaint.objects.count() == 1


def test_complainant_is_masked_except_for_the_handler_and_head(people):
    complaint, _code = complaint_submit(
        organization=people["orgs"][0],
        category="fees",
        description="强制会员缴纳赞助费，否则不予评优。",
        name="王小明",
        mobile="13800001234",
    )
    url = f"/workflow/work/supervision/complaints/{complaint.pk}/"
    assert "13800001234" in as_user(people["head"]).get(url).content.decode()
    other = as_user(people["inspector2"]).get(url).content.decode()
    assert "13800001234" not in other and "王小明" not in other and "138****1234" in other
    complaint_assign(complaint=complaint, to=people["inspector"], by=people["head"])
    assert "王小明" in as_user(people["inspector"]).get(url).content.decode()
    assert as_user(people["sj"]).get(url).status_code == 404


def test_complaint_inbox_flow_accept_and_conclude(people):
    complaint, _code = complaint_submit(
        organization=people["orgs"][0], category="finance", description="账目不公开，会费去向不明，请核查。"
    )
    head = as_user(people["head"])
    url = f"/workflow/work/supervision/complaints/{complaint.pk}/"
    assert complaint.number in head.get("/workflow/work/supervision/complaints/").content.decode()
    head.post(url, {"action": "assign", "to": people["inspector"].pk})
    inspector = as_user(people["inspector"])
    inspector.post(url, {"action": "decide", "accept": "1"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACCEPTED and complaint.finish_due
    refused = inspector.post(url, {"action": "conclude", "findings": "", "outcome": "none", "reply": ""})
    assert refused.status_code == 200
    inspector.post(
        url, {"action": "conclude", "findings": "经查账目已公开。", "outcome": "none", "reply": "未发现问题。"}
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CONCLUDED and complaint.reply == "未发现问题。"


def test_section_head_extends_a_complaint_once_from_its_page_and_the_complainant_sees_it(people):
    """民发〔2016〕139号: one extension of at most 30 days, the reason told to the complainant."""
    complaint, code = complaint_submit(
        organization=people["orgs"][0], category="finance", description="账目不公开，会费去向不明，请核查。"
    )
    head = as_user(people["head"])
    url = f"/workflow/work/supervision/complaints/{complaint.pk}/"
    head.post(url, {"action": "decide", "accept": "1"})
    complaint.refresh_from_db()
    due = complaint.finish_due
    assert "延长办理期限" in head.get(url).content.decode()
    assert "延长办理期限" not in as_user(people["inspector"]).get(url).content.decode()  # the head approves it
    too_long = head.post(url, {"action": "extend", "days": "31", "reason": "需调取银行流水。"})
    assert too_long.status_code == 200 and "30" in too_long.content.decode()
    head.post(url, {"action": "extend", "days": "15", "reason": "需调取银行流水。"})
    complaint.refresh_from_db()
    assert complaint.finish_due == due + datetime.timedelta(days=15) and complaint.extended_days == 15
    assert "延长办理期限" not in head.get(url).content.decode().split("</h2>", 1)[1].split("办结并答复")[0]
    again = head.post(url, {"action": "extend", "days": "5", "reason": "再延长。"}, follow=True)
    assert "只能延长一次" in again.content.decode()
    progress = Client().post("/complaints/progress/", {"number": complaint.number, "code": code}).content.decode()
    assert "延长15日" in progress and "需调取银行流水" in progress


def test_officer_lists_and_clears_a_manual_credit_ground_from_the_credit_page(people):
    organization = people["orgs"][0]
    inspector = as_user(people["inspector"])
    url = "/workflow/work/supervision/credit/"
    unknown = inspector.post(
        url, {"organization": "不存在的协会", "reason_code": "unreachable", "reason": "无法联系。"}
    )
    assert "找不到" in unknown.content.decode() and not CreditEntry.objects.exists()
    response = inspector.post(
        url,
        {
            "organization": organization.uscc,
            "reason_code": "unreachable",
            "reason": "两次邮寄专用信函无人签收。",
            "basis": "",
        },
    )
    assert response.status_code == 302
    entry = CreditEntry.objects.get()
    assert entry.listed_by == people["inspector"] and entry.basis.startswith("《社会组织信用信息管理办法》")
    page = inspector.get(url).content.decode()
    assert organization.name in page and "两次邮寄专用信函无人签收" in page
    assert organization.name not in as_user(people["sj"]).get(url).content.decode()  # another bureau's list
    assert as_user(people["sj"]).post(url, {"action": "clear", "entry": entry.pk, "reason": "x"}).status_code == 404
    inspector.post(url, {"action": "clear", "entry": entry.pk, "reason": ""}, follow=True)
    entry.refresh_from_db()
    assert entry.removed_on is None
    inspector.post(url, {"action": "clear", "entry": entry.pk, "reason": "已恢复联系。"})
    entry.refresh_from_db()
    organization.refresh_from_db()
    assert entry.removed_on is not None and not organization.on_abnormal_list


def test_officer_refuses_a_credit_repair_with_reasons_the_organization_reads(people, applicant):
    organization = people["orgs"][0]
    assign_perm("registry.manage_organization", applicant, organization)
    entry = credit_list_add(organization=organization, reason_code="no_party_organization", reason="未建立党组织。")
    portal = as_user(applicant)
    portal.post(
        f"/portal/organizations/{organization.pk}/credit/", {"entry": entry.pk, "grounds": "已成立党支部，附批复。"}
    )
    repair = CreditRepair.objects.get()
    assert as_user(people["sj"]).get(f"/workflow/work/supervision/credit-repairs/{repair.pk}/").status_code == 404
    inspector = as_user(people["inspector"])
    assert repair.number in inspector.get("/workflow/work/supervision/credit-repairs/").content.decode()
    url = f"/workflow/work/supervision/credit-repairs/{repair.pk}/"
    assert inspector.post(url, {"approve": "0", "reason": ""}).status_code == 200
    inspector.post(url, {"approve": "0", "reason": "未附党组织成立批复。"})
    repair.refresh_from_db()
    entry.refresh_from_db()
    assert repair.status == RepairStatus.REFUSED and entry.removed_on is None
    mine = portal.get(f"/portal/organizations/{organization.pk}/credit/").content.decode()
    assert "不予移出" in mine and "未附党组织成立批复" in mine
    assert "申请信用修复" in mine  # it may apply again with what was missing
