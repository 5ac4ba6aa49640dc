"""The demo's incubation: the district's park and a town centre with incubatees in every state, made once."""

import pytest
from django.core.management import call_command

from registry.models import Admission, IncubationBase, IncubationService

pytestmark = pytest.mark.django_db


def test_demo_incubation_has_both_bases_every_state_and_a_linked_application():
    call_command("seed_demo", orgs=40, seed=7)
    call_command("seed_demo_applications")
    call_command("seed_demo_incubation")
    call_command("seed_demo_incubation")  # a second run changes nothing
    assert sorted(IncubationBase.objects.values_list("kind", flat=True)) == ["park", "town_centre"]
    assert Admission.objects.count() == 7
    incubating = Admission.objects.filter(status="incubating")
    assert {a.incubatee_kind for a in incubating} == {"organization", "group", "unfiled"}
    outcomes = sorted(Admission.objects.filter(status="graduated").values_list("outcome", flat=True))
    assert outcomes == ["filed", "left", "registered"]
    assert IncubationService.objects.count() >= 8
    linked = Admission.objects.get(registration_application__isnull=False)
    assert linked.status == "incubating" and linked.base.kind == "park"
