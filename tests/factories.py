"""factory_boy factories for the register."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from registry.choices import DirectCategory, OrgStatus, OrgType
from registry.models import AnnualReport, CommunityGroup, Jurisdiction, Organization, ReportStatus, Subdistrict
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
