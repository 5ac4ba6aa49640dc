"""factory_boy factories for the register."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from registry.choices import DirectCategory, OrgStatus, OrgType
from registry.models import (
    AnnualReport,
    CallCriterion,
    CallStatus,
    CommunityGroup,
    Complaint,
    CreditEntry,
    Jurisdiction,
    Organization,
    PenaltyCase,
    ProjectStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchasingUnit,
    RegistrationApplication,
    ReportStatus,
    ReviewExpert,
    ServiceCall,
    ServiceCategory,
    ServiceProject,
    ServiceRating,
    Subdistrict,
)
from registry.models.penalty import PenaltySanction
from registry.services.applicants import applicant_confirm, applicant_sign_up, confirmation_token
from registry.services.codes import assign_uscc
from registry.services.officers import officer_assign


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("Test-pass-2026")


class OfficerFactory(UserFactory):
    """Staff with `roles` given by the officer_assign service at `roles__jurisdiction` (Minhang unless told).

    `view_register=True` adds the permission to view the register, as the officers' pages need.
    """

    is_staff = True

    @factory.post_generation
    def roles(user, create, extracted, jurisdiction=None, unit_name="", **kwargs):
        if not create or not extracted:
            return
        jurisdiction = jurisdiction or Jurisdiction.objects.get(code="310112")
        for role in extracted:
            officer_assign(user=user, jurisdiction=jurisdiction, role=role, unit_name=unit_name)

    @factory.post_generation
    def view_register(user, create, extracted, **kwargs):
        if create and extracted:
            user.user_permissions.add(Permission.objects.get(codename="view_organization"))


class ApplicantFactory(factory.Factory):
    """An applicant who signed up through the applicant services and opened the confirmation link."""

    class Meta:
        model = get_user_model()

    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.LazyAttribute(lambda a: f"applicant{a.mobile}@example.org")
    password = "Apply-2026-pass"
    real_name = "李红"
    id_number = "11010519491231002X"

    @classmethod
    def _create(cls, model_class, **details):
        return applicant_confirm(token=confirmation_token(applicant_sign_up(**details)))


FIELDS = ["青年志愿者", "老年体育", "书法", "摄影", "围棋", "餐饮行业", "软件行业", "科普", "慈善", "花卉园艺"]


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A registered social association in Minhang unless told otherwise."""

    class Meta:
        model = Organization

    org_type = OrgType.SOCIAL_ASSOCIATION
    name = factory.Sequence(
        lambda n: f"上海市闵行区{FIELDS[n % len(FIELDS)]}{'一二三四五六七八九十'[n // len(FIELDS) % 10]}协会"
    )
    status = OrgStatus.NORMAL
    domicile = "上海市闵行区莘庄镇莘松路100号"
    legal_rep_name = "张伟"
    legal_rep_id_number = "11010519491231002X"
    business_scope = "组织志愿服务活动；开展志愿者培训与交流"
    direct_category = DirectCategory.CHARITY
    activity_area = "上海市闵行区"
    registered_funds = Decimal("50000.00")
    founded_on = datetime.date(2020, 5, 18)
    uscc = factory.LazyAttribute(lambda o: assign_uscc(org_type=o.org_type, jurisdiction=o.jurisdiction))


class AnnualReportFactory(factory.django.DjangoModelFactory):
    """An open annual report of last year (its deadline 31 May of this year) for a new organization."""

    class Meta:
        model = AnnualReport

    organization = factory.SubFactory(OrganizationFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year - 1)
    deadline = factory.LazyAttribute(lambda r: datetime.date(r.year + 1, 5, 31))
    status = ReportStatus.OPEN


class PurchasingUnitFactory(factory.django.DjangoModelFactory):
    """A purchasing unit: the Minhang bureau itself unless told otherwise."""

    class Meta:
        model = PurchasingUnit
        django_get_or_create = ("jurisdiction", "name")

    name = "闵行区民政局"
    kind = PurchaserKind.BUREAU
    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))


class ServiceCallFactory(factory.django.DjangoModelFactory):
    """An open call of the unit, closing in 20 days, with two criteria weighing 60 and 40."""

    class Meta:
        model = ServiceCall
        skip_postgeneration_save = True

    unit = factory.SubFactory(PurchasingUnitFactory)
    title = factory.Sequence(lambda n: f"社区为老助餐服务项目（{n}）")
    category = ServiceCategory.ELDERLY
    description = "为辖区独居和高龄老人提供助餐、送餐服务。"
    budget = Decimal("300000.00")
    max_per_project = Decimal("100000.00")
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    service_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    service_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=400))
    min_years_registered = 2
    status = CallStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def criteria(call, create, extracted, **kwargs):
        if not create:
            return
        for order, (name, weight) in enumerate(extracted or [("服务方案", 60), ("组织能力", 40)]):
            CallCriterion.objects.create(call=call, name=name, weight=weight, order=order)


class IncubationBaseFactory(factory.django.DjangoModelFactory):
    """A district incubation park in Minhang with ten places unless told otherwise."""

    class Meta:
        model = "registry.IncubationBase"

    name = factory.Sequence(lambda n: f"闵行区公益园{n}号园区")
    kind = "park"
    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))
    address = "上海市闵行区莘庄镇莘建路188号"
    capacity = 10


class _BackdatedFactory(factory.django.DjangoModelFactory):
    """A model whose creation time is `auto_now_add`: `backdate={field: value}` sets it after the insert."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, backdate=None, **kwargs):
        instance = super()._create(model_class, *args, **kwargs)
        if backdate:
            model_class.objects.filter(pk=instance.pk).update(**backdate)
            instance.refresh_from_db()
        return instance


class RegistrationApplicationFactory(factory.django.DjangoModelFactory):
    """An application of a new organization in Minhang; set kind, status and the dates of its processing."""

    class Meta:
        model = RegistrationApplication

    applicant = factory.SubFactory(UserFactory)
    kind = "registration"
    org_type = OrgType.SOCIAL_ASSOCIATION
    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))
    status = "submitted"
    name = factory.Sequence(lambda n: f"上海市闵行区申请{n}协会")


class ServiceRatingFactory(_BackdatedFactory):
    """The applicant's rating of a concluded application (好差评); `backdate={"created_at": ...}` to date it."""

    class Meta:
        model = ServiceRating

    application = factory.SubFactory(RegistrationApplicationFactory, status="completed")
    score = 5
    comment = factory.LazyAttribute(lambda r: "办理太慢，材料反复补正。" if r.score <= 2 else "")


class ComplaintFactory(_BackdatedFactory):
    """A complaint received by Minhang; `backdate={"received_at": ...}` to date it."""

    class Meta:
        model = Complaint

    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))
    category = "fees"
    description = "该会要求会员单位缴纳评比费。"
    query_code_digest = "0" * 64
    accept_due = factory.LazyFunction(datetime.date.today)


class CreditEntryFactory(factory.django.DjangoModelFactory):
    """An entry on the activity-abnormal list for an unreachable organization (set credit_list and reason_code)."""

    class Meta:
        model = CreditEntry

    organization = factory.SubFactory(OrganizationFactory)
    credit_list = "abnormal"
    reason_code = "unreachable"
    reason = "通过登记的住所无法取得联系。"
    authority = factory.LazyAttribute(lambda e: e.organization.jurisdiction)
    listed_on = factory.LazyFunction(datetime.date.today)


class PenaltyCaseFactory(factory.django.DjangoModelFactory):
    """A penalty case filed against an organization; `sanctions=[(kind, amount), ...]` records the decided ones."""

    class Meta:
        model = PenaltyCase
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    source = "officer"
    facts = "未按规定报送年度工作报告且拒不改正。"
    filed_on = factory.LazyFunction(datetime.date.today)
    decision_due_on = factory.LazyAttribute(lambda c: c.filed_on + datetime.timedelta(days=90))

    @factory.post_generation
    def sanctions(case, create, extracted, **kwargs):
        if create and extracted:
            for kind, amount in extracted:
                PenaltySanction.objects.create(case=case, phase=PenaltySanction.DECIDED, kind=kind, amount_yuan=amount)


class SubdistrictFactory(factory.django.DjangoModelFactory):
    """A street of Minhang unless told otherwise."""

    class Meta:
        model = Subdistrict
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"310112{n + 1:03d}")
    name = factory.Sequence(lambda n: f"第{n + 1}街道")
    kind = "street"
    district = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))


class CommunityGroupFactory(factory.django.DjangoModelFactory):
    """A filed community group of a Minhang street, guided by its residents' committee."""

    class Meta:
        model = CommunityGroup

    subdistrict = factory.SubFactory(SubdistrictFactory)
    name = factory.Sequence(lambda n: f"古美社区第{n + 1}舞蹈队")
    field = "culture"
    activity_area = "古美一村居委会辖区"
    member_count = 18
    responsible_name = "王芳"
    responsible_id_number = "110101199003070011"
    responsible_phone = "13900001111"
    guiding_kind = "residents"
    guiding_unit_name = "古美一村居民委员会"
    charter_summary = "本队以丰富社区居民文化生活为宗旨，每周组织排练，成员自愿参加，负责人由成员推选产生。"
    status = "filed"
    filing_number = factory.Sequence(lambda n: f"社备31011200120260{n + 1:03d}")
    filed_on = factory.LazyFunction(lambda: datetime.date.today().replace(month=1, day=15))
    applicant = factory.SubFactory(UserFactory)


class ReviewCallFactory(ServiceCallFactory):
    """A call under review (its deadline passed) with three criteria weighing 40, 35 and 25 %."""

    title = factory.Sequence(lambda n: f"社区为老服务项目征集（{n}）")
    description = "为辖区独居老人提供探访、助餐和心理慰藉服务。"
    budget = Decimal("200000.00")
    max_per_project = Decimal("80000.00")
    service_start = datetime.date(2026, 9, 1)
    service_end = datetime.date(2027, 8, 31)
    deadline = factory.LazyFunction(lambda: datetime.datetime(2026, 6, 30, 17, 0, tzinfo=datetime.UTC))
    min_years_registered = 1
    status = CallStatus.REVIEW

    @factory.post_generation
    def criteria(call, create, extracted, **kwargs):
        if not create:
            return
        for order, (name, weight) in enumerate(extracted or [("项目设计", 40), ("执行能力", 35), ("预算合理性", 25)]):
            CallCriterion.objects.create(call=call, name=name, weight=weight, order=order)


class PurchaseApplicationFactory(factory.django.DjangoModelFactory):
    """An application that passed the eligibility check (ELIGIBLE), from a new Minhang organization."""

    class Meta:
        model = PurchaseApplication

    call = factory.SubFactory(ReviewCallFactory)
    organization = factory.SubFactory(
        OrganizationFactory, jurisdiction=factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))
    )
    status = PurchaseApplicationStatus.ELIGIBLE
    project_name = factory.Sequence(lambda n: f"银龄守望计划（{n}）")
    plan = "每周两次上门探访独居老人，每月一次集体活动。"
    beneficiaries = "辖区80岁以上独居老人"
    beneficiary_count = 120
    requested_amount = Decimal("60000.00")
    submitted_at = factory.Sequence(
        lambda n: datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(minutes=n)
    )


class ReviewExpertFactory(factory.django.DjangoModelFactory):
    """An outside review expert with an account of their own."""

    class Meta:
        model = ReviewExpert

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    affiliation = "华东理工大学社会工作系"
    expertise = "社会工作、养老服务"


class StreetUnitFactory(PurchasingUnitFactory):
    """A street office of Minhang buying services (a purchasing unit of its own)."""

    name = factory.Sequence(lambda n: f"闵行区第{n + 1}街道办事处")
    kind = PurchaserKind.STREET


class AwardedCallFactory(ServiceCallFactory):
    """A street office's call whose results are out (awarded), its service period begun a month ago."""

    unit = factory.SubFactory(StreetUnitFactory)
    title = factory.Sequence(lambda n: f"社区为老服务项目{n + 1}")
    description = "为辖区老年人提供助餐、探访和健康讲座服务。"
    budget = Decimal("500000.00")
    max_per_project = Decimal("200000.00")
    service_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    service_end = factory.LazyAttribute(lambda c: c.service_start + datetime.timedelta(days=365))
    deadline = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))
    status = CallStatus.AWARDED


class AwardedApplicationFactory(PurchaseApplicationFactory):
    """An awarded application of an organization of the call's district."""

    call = factory.SubFactory(AwardedCallFactory)
    organization = factory.SubFactory(
        OrganizationFactory, jurisdiction=factory.LazyAttribute(lambda o: o.factory_parent.call.unit.jurisdiction)
    )
    status = PurchaseApplicationStatus.AWARDED
    project_name = factory.LazyAttribute(lambda a: a.call.title)
    requested_amount = Decimal("100000.00")
    awarded_amount = Decimal("100000.00")


class ServiceProjectFactory(factory.django.DjangoModelFactory):
    """A project awarded from an application (status AWARDED, amount and period from the application's call)."""

    class Meta:
        model = ServiceProject

    application = factory.SubFactory(AwardedApplicationFactory)
    organization = factory.LazyAttribute(lambda p: p.application.organization)
    unit = factory.LazyAttribute(lambda p: p.application.call.unit)
    title = factory.LazyAttribute(lambda p: p.application.project_name)
    category = factory.LazyAttribute(lambda p: p.application.call.category)
    amount = factory.LazyAttribute(lambda p: p.application.awarded_amount)
    status = ProjectStatus.AWARDED
    awarded_on = factory.LazyAttribute(lambda p: p.application.call.service_start - datetime.timedelta(days=10))
    service_start = factory.LazyAttribute(lambda p: p.application.call.service_start)
    service_end = factory.LazyAttribute(lambda p: p.application.call.service_end)
