"""The demo's community filings: streets and towns, a street officer, and groups at every stage."""

import pytest
from django.core.management import call_command
from django.test import Client

from registry.management.commands.seed_demo import ensure_demo_accounts
from registry.models import CommunityGroup, Subdistrict, SubdistrictOfficer
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_demo_community_filings(minhang):
    ensure_demo_accounts()
    hub = OrganizationFactory(jurisdiction=minhang, name="上海市闵行区古美社区社会组织联合会")
    call_command("seed_demo_community")
    assert Subdistrict.objects.filter(district__code="310151").count() == 3
    assert all(len(s.code) == 9 and s.code.startswith(s.district.code) for s in Subdistrict.objects.all())
    assert SubdistrictOfficer.objects.filter(user__username="gm_officer", subdistrict__code="310112006").exists()
    statuses = sorted(CommunityGroup.objects.values_list("status", flat=True))
    assert statuses == sorted(["filed", "filed", "filed", "submitted", "returned", "cancelled", "registered"])
    assert CommunityGroup.objects.filter(hub=hub, status="filed").count() == 2
    moved = CommunityGroup.objects.get(registration_application__isnull=False)
    # Moved up and registered through the registration process: an organization with its code.
    assert moved.status == "registered" and moved.registration_application.status == "completed"
    assert moved.organization.name == moved.registration_application.name == "上海市闵行区古美社区睦邻服务协会"
    assert moved.organization.uscc and moved.organization.status == "normal"
    assert list(moved.events.values_list("action", flat=True))[-2:] == ["move_up", "registered"]
    page = Client().get(f"/community/{moved.pk}/").content.decode()
    assert "已转为登记" in page and moved.organization.name in page
    assert CommunityGroup.objects.get(status="returned").return_reasons
    assert CommunityGroup.objects.filter(reports__isnull=False).count() == 1
    call_command("seed_demo_community")  # a second run adds nothing
    assert CommunityGroup.objects.count() == 7
