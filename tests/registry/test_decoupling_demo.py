"""Demo decoupling and party building: associations at each stage (one decoupled), records with and without
complete 双报到."""

import pytest
from django.core.management import call_command

from registry.models import Decoupling, Jurisdiction, PartyBuilding
from registry.rules.decoupling import Stage
from registry.selectors.decoupling import decoupling_progress

pytestmark = pytest.mark.django_db


def test_the_demo_holds_each_decoupling_stage_and_party_records_with_and_without_dual_reporting(private_files):
    call_command("seed_demo", orgs=400, seed=3)
    call_command("seed_demo_decoupling")
    minhang = Jurisdiction.objects.filter(code="310112")
    stages = {row.stage for row in decoupling_progress(minhang) if hasattr(row, "stage")}
    assert stages == {Stage.DECOUPLED, Stage.IN_PROGRESS, Stage.NOT_STARTED}
    assert Decoupling.objects.filter(decoupled_on__isnull=False).count() == 1
    records = list(PartyBuilding.objects.all())
    assert any(r.dual_report_complete and r.has_party_organization for r in records)
    assert any(r.has_party_organization and not r.dual_report_complete for r in records)
    assert any(not r.has_party_organization for r in records)
    call_command("seed_demo_decoupling")  # run twice: nothing added
    assert PartyBuilding.objects.count() == len(records)
