"""Incubation services (孵化): admission within the base's places, services during the stay, graduation by
outcome, and who may act on a base."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from registry.choices import OfficerRole
from registry.models import (
    Admission,
    AdmissionEvent,
    AdmissionStatus,
    CommunityGroup,
    IncubationManager,
    IncubationService,
    Jurisdiction,
    Subdistrict,
)
from registry.models.audit import AppendOnlyError
from registry.services.incubation import (
    can_manage_base,
    incubation_admit,
    incubation_base_save,
    incubation_graduate,
    incubation_service_log,
)
from tests.factories import IncubationBaseFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


def graduation_planned_on():
    return local_today() + datetime.timedelta(days=300)


START = local_today() - datetime.timedelta(days=60)


def filed_group(name, *, status="filed", code="310112102"):
    """A community group filed with a Minhang street (the street created if missing)."""
    subdistrict, _created = Subdistrict.objects.get_or_create(
        code=code,
        defaults={"name": "古美路街道", "kind": "street", "district": Jurisdiction.objects.get(code="310112")},
    )
    return CommunityGroup.objects.create(
        subdistrict=subdistrict,
        name=name,
        field="culture",
        activity_area="古美一村居委会辖区",
        member_count=12,
        responsible_name="李娜",
        responsible_id_number="110105198501010039",
        guiding_kind="residents",
        guiding_unit_name="古美一村居委会",
        charter_summary="开展社区文化活动。",
        status=status,
        filing_number="GM-2026-0001" if status == "filed" else "",
        applicant=UserFactory(),
    )


@pytest.fixture
def staff(minhang):
    return OfficerFactory(username="mh_incubation", roles=[OfficerRole.REVIEWER], roles__jurisdiction=minhang)


def admit(base, by, **incubatee):
    incubatee = incubatee or {"group_name": "古美一村编织队", "contact_name": "王芳", "contact_phone": "13800001111"}
    return incubation_admit(
        base=base, by=by, field="culture", admitted_on=START, planned_graduation_on=graduation_planned_on(), **incubatee
    )


def test_an_officer_admits_an_informal_group_a_filed_group_and_an_organization(staff, make_org):
    base = IncubationBaseFactory()
    informal = admit(base, staff)
    group = admit(base, staff, community_group=filed_group("古美一村合唱队"))
    organization = admit(base, staff, organization=make_org())
    assert [a.incubatee_kind for a in (informal, group, organization)] == ["unfiled", "group", "organization"]
    assert informal.incubatee_name == "古美一村编织队" and group.incubatee_name == "古美一村合唱队"
    assert Admission.objects.filter(base=base, status=AdmissionStatus.INCUBATING).count() == 3


def test_a_full_base_refuses_admission_until_a_graduation_frees_a_place(staff):
    base = IncubationBaseFactory(capacity=2)
    first = admit(base, staff)
    admit(base, staff, group_name="古美二村舞蹈队", contact_name="陈静", contact_phone="13800002222")
    with pytest.raises(ValidationError, match="该孵化基地2个名额已满（在孵2个）"):
        admit(base, staff, group_name="古美三村读书会", contact_name="周敏", contact_phone="13800003333")
    assert Admission.objects.filter(base=base).count() == 2
    incubation_graduate(admission=first, by=staff, outcome="left", graduated_on=local_today(), left_reason="团队解散。")
    third = admit(base, staff, group_name="古美三村读书会", contact_name="周敏", contact_phone="13800003333")
    assert third.status == AdmissionStatus.INCUBATING


def test_two_incubatees_at_once_are_refused_and_nothing_is_saved(staff, make_org):
    base = IncubationBaseFactory()
    with pytest.raises(ValidationError, match="三者选其一"):
        admit(base, staff, organization=make_org(), group_name="古美一村编织队")
    with pytest.raises(ValidationError, match="请选择已登记的社会组织"):
        admit(base, staff, group_name=" ")
    assert not Admission.objects.exists()


def test_an_informal_group_needs_a_contact_and_a_cancelled_group_is_not_filed(staff):
    base = IncubationBaseFactory()
    with pytest.raises(ValidationError, match="请填写联系人和联系电话"):
        admit(base, staff, group_name="古美一村编织队")
    with pytest.raises(ValidationError, match="不是已备案的社区社会组织"):
        admit(base, staff, community_group=filed_group("古美一村旧队", status="cancelled"))
    assert not Admission.objects.exists()


def test_an_incubatee_is_not_admitted_twice_while_incubating(staff, make_org):
    organization = make_org()
    admit(IncubationBaseFactory(), staff, organization=organization)
    with pytest.raises(ValidationError, match="正在孵化中"):
        admit(IncubationBaseFactory(), staff, organization=organization)


def test_only_the_districts_officers_and_the_bases_managers_act(staff, songjiang, minhang):
    base = IncubationBaseFactory()
    other_base = IncubationBaseFactory()
    outsider = OfficerFactory(username="sj_officer", roles=[OfficerRole.WINDOW], roles__jurisdiction=songjiang)
    manager = UserFactory(username="park_manager")
    IncubationManager.objects.create(user=manager, base=base)
    with pytest.raises(PermissionDenied, match="不能办理"):
        admit(base, outsider)
    with pytest.raises(PermissionDenied):
        admit(other_base, manager)
    assert not Admission.objects.exists()
    assert admit(base, manager).base == base
    assert can_manage_base(staff, other_base) and not can_manage_base(outsider, base)


def test_a_service_is_logged_within_the_stay_only(staff):
    admission = admit(IncubationBaseFactory(), staff)
    service = incubation_service_log(
        admission=admission,
        by=staff,
        kind="training",
        provided_on=local_today(),
        hours=Decimal("3.5"),
        provider="李老师",
    )
    assert service.hours == Decimal("3.5")
    with pytest.raises(ValidationError, match="服务日期不能早于入驻日期"):
        incubation_service_log(
            admission=admission,
            by=staff,
            kind="space",
            provided_on=START - datetime.timedelta(days=1),
            hours=Decimal("8"),
            provider="公益园",
        )
    assert IncubationService.objects.count() == 1


def test_graduation_follows_its_outcome_and_happens_once(staff, make_org):
    base = IncubationBaseFactory()
    informal = admit(base, staff)
    with pytest.raises(ValidationError, match="请选择登记成立的社会组织"):
        incubation_graduate(admission=informal, by=staff, outcome="registered", graduated_on=local_today())
    informal.refresh_from_db()
    assert informal.status == AdmissionStatus.INCUBATING and informal.outcome == ""
    registered = make_org(name="上海市闵行区古美编织协会")
    graduated = incubation_graduate(
        admission=informal, by=staff, outcome="registered", graduated_on=local_today(), outcome_organization=registered
    )
    assert (graduated.status, graduated.outcome, graduated.outcome_organization) == (
        "graduated",
        "registered",
        registered,
    )
    with pytest.raises(ValidationError, match="已出壳"):
        incubation_graduate(admission=informal, by=staff, outcome="left", graduated_on=local_today(), left_reason="无")


def test_a_group_graduates_as_filed_and_an_organization_as_itself(staff, make_org):
    base = IncubationBaseFactory()
    informal = admit(base, staff)
    group = filed_group("古美一村编织队")
    filed = incubation_graduate(
        admission=informal, by=staff, outcome="filed", graduated_on=local_today(), outcome_group=group
    )
    assert (filed.outcome, filed.outcome_group) == ("filed", group)
    organization = make_org()
    admitted = admit(base, staff, organization=organization)
    with pytest.raises(ValidationError, match="出壳结果不能为备案"):
        incubation_graduate(
            admission=admitted, by=staff, outcome="filed", graduated_on=local_today(), outcome_group=group
        )
    done = incubation_graduate(admission=admitted, by=staff, outcome="registered", graduated_on=local_today())
    assert done.outcome_organization == organization


def test_an_officer_opens_a_base_and_cannot_cut_its_places_below_its_incubatees(staff, minhang, songjiang):
    base = incubation_base_save(
        by=staff,
        jurisdiction=minhang,
        name="古美路街道社会组织服务中心",
        kind="town_centre",
        address="古美路1号",
        capacity=3,
    )
    admit(base, staff)
    admit(base, staff, group_name="古美二村舞蹈队", contact_name="陈静", contact_phone="13800002222")
    with pytest.raises(ValidationError, match="入驻名额不能少于在孵数量"):
        incubation_base_save(by=staff, base=base, name=base.name, kind=base.kind, address=base.address, capacity=1)
    base.refresh_from_db()
    assert base.capacity == 3
    changed = incubation_base_save(by=staff, base=base, name=base.name, kind=base.kind, address="古美路2号", capacity=2)
    assert (changed.capacity, changed.address) == (2, "古美路2号")
    outsider = OfficerFactory(username="sj_officer", roles=[OfficerRole.WINDOW], roles__jurisdiction=songjiang)
    with pytest.raises(PermissionDenied):
        incubation_base_save(by=outsider, jurisdiction=minhang, name="别处", kind="park", address="某路", capacity=5)
    with pytest.raises(PermissionDenied):
        incubation_base_save(by=outsider, base=base, name=base.name, kind=base.kind, address=base.address, capacity=9)


def test_admission_services_and_graduation_each_leave_a_history_row_and_a_refusal_none(staff, make_org):
    admission = admit(IncubationBaseFactory(), staff)
    incubation_service_log(
        admission=admission,
        by=staff,
        kind="mentoring",
        provided_on=local_today(),
        hours=Decimal("2"),
        provider="张导师",
    )
    with pytest.raises(ValidationError):
        incubation_service_log(
            admission=admission,
            by=staff,
            kind="space",
            provided_on=graduation_planned_on(),
            hours=Decimal("8"),
            provider="公益园",
        )
    with pytest.raises(ValidationError):
        incubation_graduate(admission=admission, by=staff, outcome="left", graduated_on=local_today(), left_reason="")
    incubation_graduate(
        admission=admission, by=staff, outcome="left", graduated_on=local_today(), left_reason="团队解散"
    )
    events = list(AdmissionEvent.objects.filter(admission=admission))
    assert [(e.action, e.by) for e in events] == [("admitted", staff), ("service", staff), ("graduated", staff)]
    assert "mentoring" in events[1].note and "张导师" in events[1].note
    assert events[2].note == "left 团队解散"
    day = local_today()
    assert events[1].note_shown == f"导师辅导 · {day.year}年{day.month}月{day.day}日 · 2小时 · 张导师"
    assert events[2].note_shown == "离开 团队解散"
    assert events[0].note_shown == ""
    with pytest.raises(AppendOnlyError):
        events[0].save()
