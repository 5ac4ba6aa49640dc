"""Services of community group filing: who may do what, what is refused, and what is kept."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from registry.admin_community import SubdistrictAdmin
from registry.choices import OfficerRole
from registry.models import CommunityGroup, Subdistrict, SubdistrictOfficer
from registry.services.community import (
    community_group_cancel,
    community_group_file,
    community_group_return,
    community_group_save,
    community_group_submit,
    community_report_submit,
    member_list_path,
    report_years_open,
)
from registry.services.officers import officer_assign
from tests.factories import CommunityGroupFactory, SubdistrictFactory, UserFactory
from tests.workflows.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "古美路街道夕阳红舞蹈队",
    "field": "culture",
    "activity_area": "古美一村居委会辖区",
    "member_count": 16,
    "responsible_name": "王芳",
    "responsible_id_number": "110101199003070011",
    "responsible_phone": "",
    "guiding_kind": "residents",
    "guiding_unit_name": "古美一村居民委员会",
    "hub": None,
    "charter_summary": "本队以丰富社区居民文化生活为宗旨，每周组织排练，成员自愿参加，负责人由成员推选产生。",
}


@pytest.fixture
def street(minhang):
    return SubdistrictFactory(code="310112006", name="古美路街道", district=minhang)


@pytest.fixture
def street_officer(street):
    user = UserFactory(username="gumei", is_staff=True)
    SubdistrictOfficer.objects.create(user=user, subdistrict=street)
    return user


def test_draft_with_member_list_is_stored_for_the_street(street):
    applicant = UserFactory(username="founder")
    group = community_group_save(
        by=applicant, subdistrict=street, member_list=upload("名册.pdf", pdf_bytes()), **FIELDS
    )
    assert group.status == "draft" and group.member_list_name == "名册.pdf"
    assert member_list_path(group).read_bytes().startswith(b"%PDF")


def test_a_bad_upload_saves_nothing(street):
    with pytest.raises(ValidationError):
        community_group_save(
            by=UserFactory(username="founder"), subdistrict=street, member_list=upload("x.pdf", b"not a pdf"), **FIELDS
        )
    assert not CommunityGroup.objects.exists()


def test_only_the_applicant_submits_and_only_the_streets_officer_decides(street, street_officer, minhang):
    applicant = UserFactory(username="founder")
    group = community_group_save(by=applicant, subdistrict=street, **FIELDS)
    with pytest.raises(PermissionDenied):
        community_group_submit(group=group, by=UserFactory(username="other"))
    group, resubmitted = community_group_submit(group=group, by=applicant)
    assert not resubmitted and group.status == "submitted"
    # The bureau's officer and another street's officer may not file it.
    bureau_officer = UserFactory(username="mh", is_staff=True)
    officer_assign(user=bureau_officer, jurisdiction=minhang, role=OfficerRole.WINDOW)
    elsewhere = UserFactory(username="meilong", is_staff=True)
    SubdistrictOfficer.objects.create(user=elsewhere, subdistrict=SubdistrictFactory(code="310112108", name="梅陇镇"))
    for user in (bureau_officer, elsewhere, applicant):
        with pytest.raises(PermissionDenied):
            community_group_file(group=group, by=user)
    filed = community_group_file(group=group, by=street_officer)
    assert filed.filing_number.endswith("0001")
    # Decided once: a second decision is refused and changes nothing.
    with pytest.raises(ValidationError):
        community_group_return(group=filed, by=street_officer, reasons="名称不规范，请修改。")
    filed.refresh_from_db()
    assert filed.status == "filed"


def test_filing_numbers_run_per_street_and_year(street, street_officer):
    numbers = []
    for i in range(3):
        group = CommunityGroupFactory(subdistrict=street, status="submitted", filing_number="", filed_on=None)
        numbers.append(community_group_file(group=group, by=street_officer).filing_number)
    year = datetime.date.today().year
    assert numbers == [f"社备310112006{year}{n:04d}" for n in (1, 2, 3)]


def test_a_filed_groups_name_is_not_editable_and_a_returned_one_is(street, street_officer):
    applicant = UserFactory(username="founder")
    group = community_group_save(by=applicant, subdistrict=street, **FIELDS)
    group, _resubmitted = community_group_submit(group=group, by=applicant)
    with pytest.raises(ValidationError):
        community_group_save(by=applicant, group=group, **{**FIELDS, "name": "古美路街道新舞蹈队"})
    group = community_group_return(group=group, by=street_officer, reasons="请补充成员名册。")
    group = community_group_save(by=applicant, group=group, **{**FIELDS, "member_count": 21})
    group, resubmitted = community_group_submit(group=group, by=applicant)
    assert resubmitted and group.member_count == 21


def test_annual_report_years_and_once_a_year(street):
    last_year = datetime.date.today().year - 1
    group = CommunityGroupFactory(subdistrict=street, filed_on=datetime.date(last_year - 1, 6, 1))
    assert report_years_open(group) == [last_year - 1, last_year]
    report = dict(activity_count=5, activities="邻里活动", member_count=15, funds_received=Decimal("200"))
    with pytest.raises(PermissionDenied):
        community_report_submit(group=group, by=UserFactory(username="x"), year=last_year, **report)
    with pytest.raises(ValidationError):
        community_report_submit(group=group, by=group.applicant, year=last_year + 1, **report)  # this year
    with pytest.raises(ValidationError):
        community_report_submit(group=group, by=group.applicant, year=last_year - 2, **report)  # before filing
    community_report_submit(group=group, by=group.applicant, year=last_year, **report)
    assert report_years_open(group) == [last_year - 1]
    with pytest.raises(ValidationError):
        community_report_submit(group=group, by=group.applicant, year=last_year, **report)


def test_the_group_cancels_without_reasons_the_officer_with_them(street, street_officer):
    own = CommunityGroupFactory(subdistrict=street)
    assert community_group_cancel(group=own, by=own.applicant).status == "cancelled"
    other = CommunityGroupFactory(subdistrict=street)
    with pytest.raises(ValidationError):
        community_group_cancel(group=other, by=street_officer, reason="")
    with pytest.raises(PermissionDenied):
        community_group_cancel(group=other, by=UserFactory(username="x"), reason="长期不活动。")
    assert community_group_cancel(group=other, by=street_officer, reason="长期不活动。").cancel_reason == "长期不活动。"


def test_admin_shows_a_bureau_officer_the_streets_of_their_district_only(street, songjiang, minhang):
    SubdistrictFactory(code="310117101", name="泗泾镇", district=songjiang)
    officer = UserFactory(username="mh_admin", is_staff=True)
    officer_assign(user=officer, jurisdiction=minhang, role=OfficerRole.WINDOW)
    request = RequestFactory().get("/")
    request.user = officer
    visible = SubdistrictAdmin(Subdistrict, admin_site).get_queryset(request)
    assert list(visible.values_list("code", flat=True)) == ["310112006"]
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert SubdistrictAdmin(Subdistrict, admin_site).get_queryset(request).count() == 2
