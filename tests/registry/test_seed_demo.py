"""The demo data generator and the seed_demo command."""

import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from registry.choices import OrgStatus
from registry.demo import generate
from registry.models import Jurisdiction, OfficerAssignment, Organization, OrganizationHistory
from registry.rules.codes import is_valid_uscc
from registry.rules.idcards import id_number_errors
from registry.rules.names import name_errors

pytestmark = pytest.mark.django_db

JURISDICTIONS = [("310112", "上海市闵行区", "闵行区"), ("310117", "上海市松江区", "松江区")]


def _names(seed, n=200):
    rng, taken = random.Random(seed), set()
    return [generate(rng, jurisdictions=JURISDICTIONS, taken=taken).name for _ in range(n)]


def test_generator_is_deterministic_per_seed():
    assert _names(7) == _names(7)
    assert _names(7) != _names(8)


def test_seed_demo_creates_valid_realistic_register(capsys):
    call_command("seed_demo", orgs=600, seed=3)
    orgs = list(Organization.objects.select_related("jurisdiction"))
    assert len(orgs) == 600
    statuses = Counter(org.status for org in orgs)
    assert statuses[OrgStatus.NORMAL] > 400 and statuses[OrgStatus.REVOKED] > 0 and statuses[OrgStatus.DEREGISTERED] > 0
    assert len({org.org_type for org in orgs}) == 3
    assert any(org.grade for org in orgs)
    for org in orgs:
        assert name_errors(org.name, org_type=org.org_type, context=org.jurisdiction.name_context()) == [], org.name
        assert id_number_errors(org.legal_rep_id_number) == []
        if org.status == OrgStatus.PREPARING:
            assert org.uscc is None
        else:
            assert is_valid_uscc(org.uscc) and org.uscc[2:8] == org.jurisdiction.code and org.uscc[1] == org.org_type
            assert org.domicile.startswith(org.jurisdiction.full_name)
    assert OrganizationHistory.objects.count() == 600
    # Demo accounts with their jurisdiction roles.
    assert OfficerAssignment.objects.filter(user__username="mh_window", jurisdiction__code="310112").exists()
    out = capsys.readouterr().out
    assert "Demo-2026-shmz" in out and "演示证书" in out
    # The demo applicant acts for one organization and may download its certificates.
    from django.contrib.auth import get_user_model

    from registry.models import Certificate

    applicant = get_user_model().objects.get(username="applicant")
    certificate = Certificate.objects.filter(copy="original").order_by("pk").first()
    assert applicant.has_perm("registry.manage_organization", certificate.organization)


def test_seed_demo_twice_does_not_duplicate(capsys):
    call_command("seed_demo", orgs=50, seed=1)
    call_command("seed_demo", orgs=50, seed=1)
    assert Organization.objects.count() == 50
    assert "未重复生成演示数据" in capsys.readouterr().out


def test_seed_demo_refuses_a_negative_count():
    with pytest.raises(CommandError, match="--orgs 应在 0 至 2000000 之间。"):
        call_command("seed_demo", orgs=-5)
    assert not Organization.objects.exists()


def test_seed_names_are_unique_per_type_and_jurisdiction():
    call_command("seed_demo", orgs=800, seed=11, no_accounts=True)
    keys = Counter(
        Organization.objects.filter(status__in=["normal", "preparing"]).values_list("jurisdiction", "org_type", "name")
    )
    assert max(keys.values()) == 1
    assert Jurisdiction.objects.filter(organizations__isnull=False).distinct().count() > 3


def test_demo_shows_no_district_foundation():
    # 基金会管理条例 第六条: foundations are registered by the Ministry or a province-level bureau.
    call_command("seed_demo", orgs=400, seed=5)
    foundations = Organization.objects.filter(org_type="3").select_related("jurisdiction")
    assert foundations.exists()
    assert {f.jurisdiction.level for f in foundations} == {"province"}
    rng, taken = random.Random(1), set()
    generated = [generate(rng, jurisdictions=JURISDICTIONS, taken=taken) for _ in range(300)]
    assert all(o.org_type != "3" for o in generated)  # no province-level bureau among the choices


def test_seed_demo_gives_organizations_elections_and_some_are_overdue():
    from registry.models import Election
    from registry.selectors import current_term, overdue_elections

    call_command("seed_demo", orgs=300, seed=5, no_accounts=True)
    normal = Organization.objects.filter(status=OrgStatus.NORMAL)
    assert Election.objects.filter(organization__in=normal).count() == normal.exclude(founded_on=None).count()
    overdue = overdue_elections()
    assert 0 < len(overdue) < normal.count() // 4
    for row in overdue:
        assert row.days_overdue > 0 and current_term(row.organization).ends_on == row.term_ends_on
        assert row.organization.officers.filter(left_on=None).count() == 1  # the chair, no ID number shown publicly
