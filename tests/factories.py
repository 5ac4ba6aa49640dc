"""factory_boy factories for the register."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from registry.choices import DirectCategory, OrgStatus, OrgType
from registry.models import Organization
from registry.services.codes import assign_uscc


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("Test-pass-2026")


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
