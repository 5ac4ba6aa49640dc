"""社区社会组织备案 through HTTP: the applicant files on the portal, the street's officer returns it, the applicant
corrects and resubmits, the officer files it; the street's wall; the public list; move-up to registration."""

import datetime
import uuid

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from registry.choices import OfficerRole, OrgType
from registry.models import (
    Admission,
    ApplicationStatus,
    CommunityActivityReport,
    CommunityGroup,
    CommunityGroupStatus,
    RegistrationApplication,
    SubdistrictOfficer,
)
from registry.services.application_checks import required_documents
from registry.services.community import community_group_file, community_report_submit
from registry.services.community_registration import community_group_move_up
from registry.services.incubation import incubation_admit
from tests.factories import (
    CommunityGroupFactory,
    IncubationBaseFactory,
    OrganizationFactory,
    SubdistrictFactory,
    UserFactory,
)
from tests.workflows.conftest import act, make_officer, pdf_bytes, png_bytes, upload
from tests.workflows.test_registration_flow import review_approve_issue
from workflows.flows.community_filing import CommunityFilingFlow
from workflows.inbox.selectors import officer_tasks
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def filing_data(subdistrict, **overrides):
    data = {
        "subdistrict": subdistrict.pk,
        "name": "古美路街道夕阳红舞蹈队",
        "field": "culture",
        "activity_area": "古美一村居委会辖区",
        "member_count": "16",
        "responsible_name": "王芳",
        "responsible_id_number": "110101199003070011",
        "responsible_phone": "13900001111",
        "guiding_kind": "residents",
        "guiding_unit_name": "古美一村居民委员会",
        "hub": "",
        "charter_summary": "本队以丰富社区居民文化生活为宗旨，每周组织排练和演出，成员自愿参加，负责人由成员推选产生。",
        "action": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def street(minhang):
    subdistrict = SubdistrictFactory(code="310112008", name="古美路街道", district=minhang)
    other = SubdistrictFactory(code="310112009", name="梅陇镇", kind="town", district=minhang)
    officer = UserFactory(username="gumei_officer", is_staff=True)
    SubdistrictOfficer.objects.create(user=officer, subdistrict=subdistrict)
    colleague = UserFactory(username="gumei_colleague", is_staff=True)
    SubdistrictOfficer.objects.create(user=colleague, subdistrict=subdistrict)
    stranger = UserFactory(username="meilong_officer", is_staff=True)
    SubdistrictOfficer.objects.create(user=stranger, subdistrict=other)
    return {
        "subdistrict": subdistrict,
        "other": other,
        "officer": officer,
        "colleague": colleague,
        "stranger": stranger,
    }


def decision_task(group):
    return (
        Task.objects.filter(process__bureauprocess__community_group=group, flow_task=CommunityFilingFlow.decide)
        .order_by("-pk")
        .first()
    )


def test_filing_returned_corrected_and_filed(client, applicant, street):
    client.force_login(applicant)
    response = client.post("/portal/community/new/", filing_data(street["subdistrict"], member_count="16"))
    assert response.status_code == 302, response.content.decode()[:3000]
    group = CommunityGroup.objects.get(applicant=applicant)
    assert group.status == CommunityGroupStatus.SUBMITTED and group.due_on > group.submitted_on
    process = BureauProcess.objects.get(community_group=group)
    assert process.jurisdiction == street["subdistrict"].district
    assert decision_task(group).status == STATUS.NEW

    # Another street's officer sees none of it.
    client.force_login(street["stranger"])
    assert group.name not in client.get("/workflow/community/").content.decode()
    assert client.get(f"/workflow/community/{group.pk}/").status_code == 404
    # A bureau officer who is no street officer is refused the street's pages.
    client.force_login(make_officer("mh_window", street["subdistrict"].district, OfficerRole.WINDOW))
    assert client.get("/workflow/community/").status_code == 403

    # The street's officer returns it; reasons are required.
    client.force_login(street["officer"])
    assert group.name in client.get("/workflow/community/").content.decode()
    page = client.post(f"/workflow/community/{group.pk}/", {"decision": "return", "reasons": ""})
    assert page.status_code == 200 and "请写明退回的理由" in page.content.decode()
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.SUBMITTED
    reasons = "成员人数与名册不符；请补充章程中负责人产生办法。"
    assert (
        client.post(f"/workflow/community/{group.pk}/", {"decision": "return", "reasons": reasons}).status_code == 302
    )
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.RETURNED and group.return_reasons == reasons
    assert Task.objects.get(process=process, flow_task=CommunityFilingFlow.correct).status == STATUS.NEW

    # The applicant sees the reasons, corrects and resubmits.
    client.force_login(applicant)
    assert reasons in client.get(f"/portal/community/{group.pk}/").content.decode()
    response = client.post(f"/portal/community/{group.pk}/", filing_data(street["subdistrict"], member_count="20"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.SUBMITTED and group.member_count == 20
    assert decision_task(group).status == STATUS.NEW

    # The officer files it; a colleague deciding the same filing afterwards wins nothing.
    client.force_login(street["officer"])
    assert client.post(f"/workflow/community/{group.pk}/", {"decision": "file", "reasons": ""}).status_code == 302
    group.refresh_from_db()
    year = datetime.date.today().year
    assert group.status == CommunityGroupStatus.FILED
    assert group.filing_number == f"社备310112008{year}0001" and group.filed_on == datetime.date.today()
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    client.force_login(street["colleague"])
    page = client.post(f"/workflow/community/{group.pk}/", {"decision": "return", "reasons": "名称不规范，请修改。"})
    assert page.status_code == 200
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.FILED and group.return_reasons == ""
    actions = list(group.events.values_list("action", flat=True))
    assert actions == ["submitted", "returned", "resubmitted", "filed"]

    # The public list shows it as 备案, without a credit code.
    client.logout()
    listing = client.get("/community/", {"q": "夕阳红"}).content.decode()
    assert group.name in listing and "备案" in listing and group.filing_number in listing
    detail = client.get(f"/community/{group.pk}/").content.decode()
    assert "不是法人" in detail and "统一社会信用代码：" not in detail and "110101199003070011" not in detail


def test_bad_filing_is_refused_with_reasons_and_saves_nothing(client, applicant, street, settings):
    settings.REGISTRY = {**settings.REGISTRY, "COMMUNITY_MIN_MEMBERS": 12}
    client.force_login(applicant)
    data = filing_data(
        street["subdistrict"],
        name="古美社区关爱基金会",
        member_count="8",
        responsible_id_number="110101199003070012",
        guiding_unit_name="古美一村",
    )
    page = client.post("/portal/community/new/", data).content.decode()
    assert "法人组织形式" in page and "12人以上" in page and "校验码" in page and "居民委员会" in page
    assert not CommunityGroup.objects.exists()


def test_a_live_filing_of_the_same_name_in_the_same_street_is_refused(client, applicant, street):
    CommunityGroupFactory(subdistrict=street["subdistrict"], name="古美路街道夕阳红舞蹈队")
    client.force_login(applicant)
    page = client.post("/portal/community/new/", filing_data(street["subdistrict"])).content.decode()
    assert "同名" in page
    assert CommunityGroup.objects.filter(applicant=applicant).count() == 0
    # In another street the name is free.
    assert client.post("/portal/community/new/", filing_data(street["other"])).status_code == 302


def test_draft_is_saved_then_submitted(client, applicant, street):
    client.force_login(applicant)
    assert client.post("/portal/community/new/", filing_data(street["subdistrict"], action="save")).status_code == 302
    group = CommunityGroup.objects.get(applicant=applicant)
    assert group.status == CommunityGroupStatus.DRAFT and not BureauProcess.objects.filter(community_group=group)
    # Only the applicant sees the draft; the street does not.
    client.force_login(street["officer"])
    assert client.get(f"/workflow/community/{group.pk}/").status_code == 404
    client.force_login(UserFactory(username="someone"))
    assert client.get(f"/portal/community/{group.pk}/").status_code == 404
    client.force_login(applicant)
    assert client.post(f"/portal/community/{group.pk}/", filing_data(street["subdistrict"])).status_code == 302
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.SUBMITTED


def test_a_hub_organization_guides_groups_and_lists_them(client, applicant, street, minhang):
    hub = OrganizationFactory(jurisdiction=minhang, name="上海市闵行区古美路街道社区社会组织联合会")
    client.force_login(applicant)
    data = filing_data(street["subdistrict"], guiding_kind="hub", hub=hub.pk, guiding_unit_name="")
    assert client.post("/portal/community/new/", data).status_code == 302
    group = CommunityGroup.objects.get(applicant=applicant)
    assert group.hub == hub and group.guiding_unit_name == hub.name
    before = client.get(f"/organizations/{hub.uscc}/").content.decode()
    assert "指导的社区社会组织" not in before and group.name not in before  # submitted, not filed yet
    community_group_file(group=group, by=street["officer"])
    page = client.get(f"/organizations/{hub.uscc}/").content.decode()
    assert "指导的社区社会组织" in page and group.name in page


def test_annual_report_and_the_list_of_groups_that_did_not_report(client, street):
    last_year = datetime.date.today().year - 1
    filed_on = datetime.date(last_year, 3, 1)
    reporting = CommunityGroupFactory(subdistrict=street["subdistrict"], filed_on=filed_on, name="古美社区书画社")
    silent = CommunityGroupFactory(subdistrict=street["subdistrict"], filed_on=filed_on, name="古美社区象棋队")
    elsewhere = CommunityGroupFactory(subdistrict=street["other"], filed_on=filed_on, name="梅陇社区太极队")
    client.force_login(reporting.applicant)
    data = {
        "year": str(last_year),
        "activity_count": "24",
        "activities": "每月两次书画交流，春节写春联送居民。",
        "member_count": "21",
        "funds_received": "1500.00",
        "funds_sources": "居委会活动经费",
    }
    assert client.post(f"/portal/community/{reporting.pk}/report/", data).status_code == 302
    report = CommunityActivityReport.objects.get(group=reporting)
    assert report.year == last_year and report.activity_count == 24
    # Once a year: the same year again is refused.
    with pytest.raises(Exception, match="已报送"):
        community_report_submit(
            group=reporting,
            by=reporting.applicant,
            year=last_year,
            activity_count=1,
            activities="x",
            member_count=10,
            funds_received=0,
        )
    client.force_login(street["officer"])
    page = client.get("/workflow/community/reports/", {"year": last_year}).content.decode()
    missing = page.split("未报送")[1].split("已报送")[0]
    assert silent.name in missing and reporting.name not in missing and elsewhere.name not in page
    assert "每月两次书画交流" in client.get(f"/workflow/community/{reporting.pk}/").content.decode()


def test_cancellation_by_the_officer_needs_reasons_and_keeps_the_group_public(client, street):
    group = CommunityGroupFactory(subdistrict=street["subdistrict"], name="古美社区篮球队")
    client.force_login(street["officer"])
    client.post(f"/workflow/community/{group.pk}/cancel/", {"reason": "", "confirmed": "yes"})
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.FILED
    client.post(f"/workflow/community/{group.pk}/cancel/", {"reason": "连续两年未开展活动。", "confirmed": "yes"})
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.CANCELLED and group.cancelled_on == datetime.date.today()
    client.logout()
    assert group.name not in client.get("/community/").content.decode()
    assert group.name in client.get("/community/", {"cancelled": "1"}).content.decode()
    assert "已注销备案" in client.get(f"/community/{group.pk}/").content.decode()


def test_cancellation_by_the_group_itself(client, street):
    group = CommunityGroupFactory(subdistrict=street["subdistrict"], name="古美社区羽毛球队")
    client.force_login(group.applicant)
    client.post(f"/portal/community/{group.pk}/cancel/", {"reason": ""})  # not confirmed: nothing happens
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.FILED
    client.post(f"/portal/community/{group.pk}/cancel/", {"reason": "成员分散，不再活动。", "confirmed": "on"})
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.CANCELLED


def test_move_up_to_registration_prefills_the_application_and_registers_the_group(
    client, applicant, street, bureau, django_capture_on_commit_callbacks
):
    group = CommunityGroupFactory(
        subdistrict=street["subdistrict"],
        applicant=applicant,
        name="古美社区睦邻服务队",
        field="service",
        member_count=55,
    )
    client.force_login(applicant)
    token = "6b0f2a43-1d7e-4a1b-9d7c-2d1c0c0f1a11"
    response = client.post(f"/portal/community/{group.pk}/register/", {"org_type": "1", "create_token": token})
    application = RegistrationApplication.objects.get(create_token=token)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/portal/applications/{application.pk}/edit/particulars/"
    )
    group.refresh_from_db()
    assert group.registration_application == application and application.org_type == OrgType.SOCIAL_ASSOCIATION
    assert application.jurisdiction == street["subdistrict"].district
    assert application.name == group.name and application.legal_rep_name == "王芳"
    assert application.legal_rep_id_number == "110101199003070011" and application.individual_members == 55
    assert application.domicile == group.activity_area and application.activity_area == group.activity_area
    assert "社区服务" in application.business_scope and application.direct_category == "community"
    # A second click opens no second application.
    client.post(
        f"/portal/community/{group.pk}/register/", {"org_type": "1", "create_token": token.replace("a11", "a12")}
    )
    assert RegistrationApplication.objects.filter(applicant=applicant).count() == 1

    # The applicant completes the application; the bureau registers it; the group becomes registered.
    particulars = {
        "name": "上海市闵行区古美社区睦邻服务协会",
        "trade_name": "",
        "domicile": "上海市闵行区古美路100号",
        "activity_area": "上海市闵行区古美路街道",
        "business_scope": application.business_scope,
        "registered_funds": "50000",
        "competent_unit": "",
        "direct_category": "community",
        "individual_members": 55,
        "unit_members": 0,
        "foundation_fundraising": "non_public",
        "contact_phone": "021-64120000",
    }
    response = client.post(f"/portal/applications/{application.pk}/edit/particulars/", particulars)
    assert response.status_code == 302, response.content.decode()[:3000]
    people = {
        "rep-legal_rep_name": "王芳",
        "rep-legal_rep_id_number": "110101199003070011",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "30",
        "officers-0-position": "会长",
        "officers-0-name": "王芳",
        "officers-0-id_number": "110101199003070011",
    }
    assert client.post(f"/portal/applications/{application.pk}/edit/people/", people).status_code == 302
    application.refresh_from_db()
    for requirement in required_documents(application):
        content = png_bytes() if requirement.code == "domicile_proof" else pdf_bytes(requirement.code)
        name = "domicile.png" if requirement.code == "domicile_proof" else f"{requirement.code}.pdf"
        client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(name, content)},
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
        assert act(client, bureau["window"], application, {"decision": "accept", "note": "材料齐全"}).status_code == 302
    organization = review_approve_issue(client, bureau, application, django_capture_on_commit_callbacks)
    group.refresh_from_db()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert group.status == CommunityGroupStatus.REGISTERED and group.organization == organization
    assert list(group.events.values_list("action", flat=True))[-2:] == ["move_up", "registered"]


def test_a_street_officer_lands_on_the_streets_filings_after_login(client, street):
    street["officer"].set_password("Street-2026-pass")
    street["officer"].save()
    response = client.post("/accounts/login/", {"username": "gumei_officer", "password": "Street-2026-pass"})
    assert response.status_code == 302 and response["Location"] == "/workflow/community/"


def test_the_filing_task_stays_out_of_the_bureau_officers_inbox(client, applicant, street, minhang):
    client.force_login(applicant)
    assert client.post("/portal/community/new/", filing_data(street["subdistrict"])).status_code == 302
    window = make_officer("mh_window", minhang, OfficerRole.WINDOW)
    assert not [t for t in officer_tasks(window) if t.flow_task == CommunityFilingFlow.decide]
    client.force_login(window)
    assert client.get("/workflow/work/").status_code == 200
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get("/workflow/work/")
    assert page.status_code == 200
    # The street's officer decides it from the street's page, and the filing completes its step.
    group = CommunityGroup.objects.get()
    client.force_login(street["officer"])
    assert client.post(f"/workflow/community/{group.pk}/", {"decision": "file"}).status_code == 302


def test_moving_up_links_the_groups_incubation_as_an_officers_link_does(applicant, street, bureau):
    group = CommunityGroupFactory(subdistrict=street["subdistrict"], applicant=applicant, name="古美社区助老服务队")
    admission = incubation_admit(
        base=IncubationBaseFactory(name="闵行区社会组织服务中心"),
        by=bureau["reviewer"],
        field="service",
        admitted_on=datetime.date.today() - datetime.timedelta(days=30),
        planned_graduation_on=datetime.date.today() + datetime.timedelta(days=300),
        community_group=group,
    )
    other = CommunityGroupFactory(subdistrict=street["subdistrict"], applicant=applicant, name="古美社区合唱队")
    application = community_group_move_up(group=group, by=applicant, org_type="2", create_token=uuid.uuid4())
    unlinked = community_group_move_up(group=other, by=applicant, org_type="2", create_token=uuid.uuid4())
    admission.refresh_from_db()
    assert admission.registration_application == application
    assert not Admission.objects.filter(registration_application=unlinked).exists()
    event = admission.events.get(action="linked")
    assert (event.by, event.note) == (applicant, application.reference)
    # A second click returns the same application and links nothing twice.
    assert community_group_move_up(group=group, by=applicant, org_type="2", create_token=uuid.uuid4()) == application
    assert admission.events.filter(action="linked").count() == 1


def test_a_group_incubating_in_another_district_is_not_linked_on_moving_up(applicant, street, songjiang):
    group = CommunityGroupFactory(subdistrict=street["subdistrict"], applicant=applicant, name="古美社区手工队")
    officer = make_officer("sj_incubation", songjiang, OfficerRole.REVIEWER)
    admission = incubation_admit(
        base=IncubationBaseFactory(jurisdiction=songjiang),
        by=officer,
        field="culture",
        admitted_on=datetime.date.today() - datetime.timedelta(days=30),
        planned_graduation_on=datetime.date.today() + datetime.timedelta(days=300),
        community_group=group,
    )
    community_group_move_up(group=group, by=applicant, org_type="2", create_token=uuid.uuid4())
    admission.refresh_from_db()
    assert admission.registration_application is None and not admission.events.filter(action="linked").exists()
