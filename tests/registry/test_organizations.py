"""The registry services: creating and changing organizations, with history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from registry.choices import DirectCategory, HistoryAction, OrgStatus, OrgType
from registry.models import IndexTask, Organization, OrganizationHistory
from registry.models.history import AppendOnlyError
from registry.rules.codes import is_valid_uscc
from registry.services.codes import assign_uscc
from registry.services.register import organization_create, organization_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fields(jurisdiction, **overrides):
    values = dict(
        org_type=OrgType.SOCIAL_ASSOCIATION,
        name="上海市闵行区青年志愿者协会",
        jurisdiction=jurisdiction,
        domicile="上海市闵行区莘庄镇莘松路100号",
        legal_rep_name="张伟",
        legal_rep_id_number="11010519491231002X",
        business_scope="组织志愿服务活动",
        direct_category=DirectCategory.CHARITY,
        activity_area="上海市闵行区",
        registered_funds=Decimal("50000"),
    )
    values.update(overrides)
    if "uscc" not in values and values.get("status", OrgStatus.NORMAL) == OrgStatus.NORMAL:
        values["uscc"] = assign_uscc(org_type=values["org_type"], jurisdiction=jurisdiction)
    return values


def test_create_records_history_and_queues_index(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    assert is_valid_uscc(org.uscc)
    entry = OrganizationHistory.objects.get(organization=org)
    assert entry.by == officer
    assert entry.action == HistoryAction.REGISTERED
    assert entry.changes["name"] == [None, "上海市闵行区青年志愿者协会"]
    # The ID number never enters history in clear text.
    assert entry.changes["legal_rep_id_number"] == [None, "110*************2X"]
    assert IndexTask.objects.filter(organization_id=org.pk).exists()


def test_update_keeps_old_values_in_history(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    organization_update(
        organization=org,
        by=officer,
        reason="会员大会决议变更住所",
        action=HistoryAction.CHANGED,
        domicile="上海市闵行区七宝镇七莘路1号",
    )
    entry = OrganizationHistory.objects.filter(organization=org).latest("id")
    assert entry.action == HistoryAction.CHANGED
    assert entry.reason == "会员大会决议变更住所"
    assert entry.changes == {"domicile": ["上海市闵行区莘庄镇莘松路100号", "上海市闵行区七宝镇七莘路1号"]}


def test_update_without_change_writes_no_history(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    organization_update(
        organization=org, by=officer, reason="无变化", action=HistoryAction.CHANGED, domicile=org.domicile
    )
    assert OrganizationHistory.objects.filter(organization=org).count() == 1


def test_only_an_officer_of_its_bureau_or_its_representative_changes_the_register(minhang, songjiang, officer):
    from guardian.shortcuts import assign_perm

    from registry.choices import OfficerRole
    from registry.services.officers import officer_assign

    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    stranger = UserFactory(username="stranger")
    other_bureau = UserFactory(username="sj_officer", is_staff=True)
    officer_assign(user=other_bureau, jurisdiction=songjiang, role=OfficerRole.APPROVER)
    for user in (stranger, other_bureau):
        with pytest.raises(PermissionDenied, match="您没有在该登记管理机关办理此事项的权限。"):
            organization_update(
                organization=org, by=user, reason="变更住所", action=HistoryAction.CHANGED, domicile="别处"
            )
        with pytest.raises(PermissionDenied):
            organization_create(by=user, reason="核准成立登记", **fields(minhang, name="上海市闵行区园艺协会"))
    org.refresh_from_db()
    assert org.domicile == "上海市闵行区莘庄镇莘松路100号"
    assert OrganizationHistory.objects.filter(organization=org).count() == 1
    assert not Organization.objects.filter(name="上海市闵行区园艺协会").exists()
    assign_perm("registry.manage_organization", stranger, org)
    organization_update(
        organization=org,
        by=stranger,
        reason="报送年度工作报告",
        action=HistoryAction.ANNUAL_INSPECTION,
        domicile="别处",
    )
    assert OrganizationHistory.objects.filter(organization=org).count() == 2


def test_reason_is_required_and_nothing_changes(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    with pytest.raises(ValidationError) as exc:
        organization_update(organization=org, by=officer, reason="  ", action=HistoryAction.CHANGED, domicile="别处")
    assert exc.value.messages == ["请说明变更的理由或依据。"]
    org.refresh_from_db()
    assert org.domicile == "上海市闵行区莘庄镇莘松路100号"


def test_duplicate_name_in_same_jurisdiction_is_refused(minhang, officer):
    organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    with pytest.raises(ValidationError) as exc:
        organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    assert exc.value.message_dict["name"] == ["本登记管理机关已有同类型组织使用名称“上海市闵行区青年志愿者协会”。"]
    assert Organization.objects.count() == 1


def test_same_name_of_a_deregistered_organization_may_be_reused(minhang, officer):
    old = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    organization_update(
        organization=old, by=officer, reason="注销", action=HistoryAction.DEREGISTERED, status=OrgStatus.DEREGISTERED
    )
    organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    assert Organization.objects.filter(name="上海市闵行区青年志愿者协会").count() == 2


def test_invalid_fields_are_all_reported_and_nothing_saved(minhang, officer):
    bad = fields(
        minhang, legal_rep_id_number="110105194912310021", uscc="53100000500021676A", competent_unit="区教育局"
    )
    with pytest.raises(ValidationError) as exc:
        organization_create(by=officer, reason="核准成立登记", **bad)
    errors = exc.value.message_dict
    assert errors["legal_rep_id_number"] == ["身份证号码校验码错误。"]
    assert "第18位校验码错误，应为K。" in errors["uscc"]
    assert errors["competent_unit"] == ["请填写业务主管单位，或选择直接登记类别（二者择一）。"]
    assert not Organization.objects.exists()
    assert not OrganizationHistory.objects.exists()


def test_code_category_must_match_type(minhang, officer):
    code = assign_uscc(org_type=OrgType.FOUNDATION, jurisdiction=minhang)
    with pytest.raises(ValidationError) as exc:
        organization_create(by=officer, reason="核准成立登记", **fields(minhang, uscc=code))
    assert exc.value.message_dict["uscc"] == ["统一社会信用代码的类别位与组织类型不符。"]


def test_name_against_wrong_area_is_refused(minhang, officer):
    with pytest.raises(ValidationError) as exc:
        organization_create(by=officer, reason="核准成立登记", **fields(minhang, name="上海市松江区青年志愿者协会"))
    assert exc.value.message_dict["name"] == ["名称应以登记管理机关所在行政区划名称开头（如“上海市闵行区”）。"]


def test_history_cannot_be_rewritten_through_the_orm(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    entry = OrganizationHistory.objects.get(organization=org)
    entry.reason = "篡改"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_history_cannot_be_rewritten_in_sql(minhang, officer):
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OrganizationHistory.objects.filter(organization=org).update(reason="篡改")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OrganizationHistory.objects.filter(organization=org).delete()


def test_codes_are_never_handed_out_twice(minhang):
    codes = {assign_uscc(org_type=OrgType.SERVICE_AGENCY, jurisdiction=minhang) for _ in range(50)}
    assert len(codes) == 50
    assert all(is_valid_uscc(code) for code in codes)


def test_same_name_or_trade_name_is_blocked_including_recently_freed_names(minhang, officer, make_org):
    # 社会组织名称管理办法 (2024): same name, or same trade name in the same field and form; names freed by
    # rename or deregistration less than 1 year ago, or by revocation less than 3 years ago.
    import datetime

    from registry.selectors import name_blocked_reasons

    today = datetime.date(2026, 12, 1)

    def blocked(name, trade_name="", org_type=OrgType.SERVICE_AGENCY):
        return name_blocked_reasons(
            name=name, org_type=org_type, jurisdiction=minhang, trade_name=trade_name, today=today
        )

    make_org(name="上海市闵行区春晖养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    assert blocked("上海市闵行区春晖养老服务中心", "春晖")
    assert blocked("上海市闵行区莘庄镇春晖养老服务中心", "春晖")  # the same trade name, field and form
    assert blocked("上海市闵行区春晖助残服务中心", "春晖") == []  # another field
    make_org(
        name="上海市闵行区梧桐养老服务中心",
        org_type=OrgType.SERVICE_AGENCY,
        status=OrgStatus.DEREGISTERED,
        status_changed_on=datetime.date(2026, 3, 1),
    )
    assert "注销登记未满1年" in blocked("上海市闵行区梧桐养老服务中心", "梧桐")[0]
    assert blocked("上海市闵行区梧桐养老服务中心", "梧桐", org_type=OrgType.FOUNDATION) == []  # another form
    make_org(
        name="上海市闵行区知行养老服务中心",
        org_type=OrgType.SERVICE_AGENCY,
        status=OrgStatus.REVOKED,
        status_changed_on=datetime.date(2024, 6, 1),
    )
    assert "撤销登记未满3年" in blocked("上海市闵行区知行养老服务中心", "知行")[0]
    make_org(
        name="上海市闵行区同心养老服务中心",
        org_type=OrgType.SERVICE_AGENCY,
        status=OrgStatus.DEREGISTERED,
        status_changed_on=datetime.date(2025, 11, 30),
    )
    assert blocked("上海市闵行区同心养老服务中心", "同心") == []  # freed more than a year ago
    renamed = make_org(name="上海市闵行区映山红养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    organization_update(
        organization=renamed,
        by=officer,
        reason="依申请核准",
        action=HistoryAction.CHANGED,
        name="上海市闵行区映山红助老服务中心",
    )
    assert (
        "变更前的名称"
        in name_blocked_reasons(
            name="上海市闵行区映山红养老服务中心", org_type=OrgType.SERVICE_AGENCY, jurisdiction=minhang
        )[0]
    )


def test_organization_code_block_is_a_setting_per_bureau(minhang, songjiang, shanghai, settings):
    # GB 32100 / GB 11714: positions 9-17 must be unique nationwide, so each bureau draws from its own block.
    from registry.services.codes import CodeBlockExhausted

    settings.REGISTRY = {
        **settings.REGISTRY,
        "ORG_CODE_BLOCKS": "310112:MJ100000,310117:MJ100002",
        "ORG_CODE_DEFAULT_BLOCK": "MK000000",
    }
    first = assign_uscc(org_type=OrgType.SOCIAL_ASSOCIATION, jurisdiction=minhang)
    second = assign_uscc(org_type=OrgType.SERVICE_AGENCY, jurisdiction=minhang)
    assert (first[8:16], second[8:16]) == ("MJ100000", "MJ100001")
    assert assign_uscc(org_type=OrgType.SOCIAL_ASSOCIATION, jurisdiction=songjiang)[8:16] == "MJ100002"
    assert assign_uscc(org_type=OrgType.FOUNDATION, jurisdiction=shanghai)[8:16] == "MK000000"
    with pytest.raises(CodeBlockExhausted):
        assign_uscc(org_type=OrgType.SOCIAL_ASSOCIATION, jurisdiction=minhang)  # would run into Songjiang's block


def test_register_write_locks_the_organization_row_only(minhang, officer):
    """A change locks its organization, never the bureau row it joins: a bureau's writes must not queue."""
    org = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    with CaptureQueriesContext(connection) as queries:
        organization_update(
            organization=org,
            by=officer,
            reason="变更住所",
            action=HistoryAction.CHANGED,
            domicile="上海市闵行区七宝镇1号",
        )
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks
    # Besides the organization, only its own audit chain's head (one row per organization) is locked.
    assert all('FOR UPDATE OF "registry_organization"' in sql or '"registry_chainhead"' in sql for sql in locks)


def test_a_name_whose_change_was_revoked_stays_blocked_for_3_years(make_org, minhang, officer):
    """社会组织名称管理办法 第十六条第(三)项: 被撤销名称变更登记未满3年的名称 may not be used."""
    import datetime

    from django.utils import timezone

    from registry.choices import OfficerRole
    from registry.selectors import name_blocked_reasons
    from registry.services.officers import officer_assign
    from registry.services.register import organization_name_change_revoke

    organization = make_org(name="上海市闵行区映山红养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    revoked_name = "上海市闵行区映山红助老服务中心"
    organization_update(
        organization=organization, by=officer, reason="依申请核准", action=HistoryAction.CHANGED, name=revoked_name
    )
    with pytest.raises(PermissionDenied):
        organization_name_change_revoke(organization=organization, by=officer, reason="提交虚假材料")
    approver = UserFactory(username="approver", is_staff=True)
    officer_assign(user=approver, jurisdiction=minhang, role=OfficerRole.APPROVER)
    with pytest.raises(ValidationError):
        organization_name_change_revoke(organization=organization, by=approver, reason=" ")
    organization = organization_name_change_revoke(organization=organization, by=approver, reason="提交虚假材料")
    assert organization.name == "上海市闵行区映山红养老服务中心"
    assert organization.history.filter(action=HistoryAction.CHANGE_REVOKED).get().changes["name"] == [
        revoked_name,
        "上海市闵行区映山红养老服务中心",
    ]

    def blocked(years, days=0):
        today = timezone.localdate().replace(year=timezone.localdate().year + years) + datetime.timedelta(days=days)
        return name_blocked_reasons(
            name=revoked_name, org_type=OrgType.SERVICE_AGENCY, jurisdiction=minhang, trade_name="映山红", today=today
        )

    assert "被撤销名称变更登记的名称，撤销未满3年" in blocked(2)[0]  # a mere rename would be free after 1 year
    assert blocked(3, days=1) == []


def test_no_name_change_to_revoke(make_org, minhang):
    from registry.choices import OfficerRole
    from registry.services.officers import officer_assign
    from registry.services.register import organization_name_change_revoke

    approver = UserFactory(username="approver", is_staff=True)
    officer_assign(user=approver, jurisdiction=minhang, role=OfficerRole.APPROVER)
    organization = make_org(name="上海市闵行区映山红养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    with pytest.raises(ValidationError):
        organization_name_change_revoke(organization=organization, by=approver, reason="提交虚假材料")
    organization.refresh_from_db()
    assert organization.name == "上海市闵行区映山红养老服务中心" and not organization.history.exists()
