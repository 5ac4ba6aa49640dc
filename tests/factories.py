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
    CallStatus,
    Jurisdiction,
    Organization,
    ProjectStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchasingUnit,
    ReportStatus,
    ServiceCall,
    ServiceCategory,
    ServiceProject,
)
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
    """A street office of Minhang buying services (a purchasing unit) unless told otherwise."""

    class Meta:
        model = PurchasingUnit
        django_get_or_create = ("jurisdiction", "name")

    name = factory.Sequence(lambda n: f"闵行区第{n + 1}街道办事处")
    kind = PurchaserKind.STREET
    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="310112"))


class ServiceCallFactory(factory.django.DjangoModelFactory):
    """A call of a purchasing unit whose results are out (awarded)."""

    class Meta:
        model = ServiceCall

    unit = factory.SubFactory(PurchasingUnitFactory)
    title = factory.Sequence(lambda n: f"社区为老服务项目{n + 1}")
    category = ServiceCategory.ELDERLY
    description = "为辖区老年人提供助餐、探访和健康讲座服务。"
    budget = Decimal("500000.00")
    max_per_project = Decimal("200000.00")
    service_start = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    service_end = factory.LazyAttribute(lambda c: c.service_start + datetime.timedelta(days=365))
    deadline = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))
    status = CallStatus.AWARDED
    created_by = factory.SubFactory(UserFactory)


class PurchaseApplicationFactory(factory.django.DjangoModelFactory):
    """An awarded application of an organization to a call."""

    class Meta:
        model = PurchaseApplication

    call = factory.SubFactory(ServiceCallFactory)
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

    application = factory.SubFactory(PurchaseApplicationFactory)
    organization = factory.LazyAttribute(lambda p: p.application.organization)
    unit = factory.LazyAttribute(lambda p: p.application.call.unit)
    title = factory.LazyAttribute(lambda p: p.application.project_name)
    category = factory.LazyAttribute(lambda p: p.application.call.category)
    amount = factory.LazyAttribute(lambda p: p.application.awarded_amount)
    status = ProjectStatus.AWARDED
    awarded_on = factory.LazyAttribute(lambda p: p.application.call.service_start - datetime.timedelta(days=10))
    service_start = factory.LazyAttribute(lambda p: p.application.call.service_start)
    service_end = factory.LazyAttribute(lambda p: p.application.call.service_end)
