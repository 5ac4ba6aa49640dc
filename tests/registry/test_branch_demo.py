"""Demo branches and offices: a few for demo associations, each named by the branch rules."""

import pytest
from django.core.management import call_command

from registry.models import Branch
from registry.rules.branches import branch_name_errors

pytestmark = pytest.mark.django_db


def test_demo_associations_have_branches_that_follow_the_rules(capsys):
    call_command("seed_demo", orgs=300, seed=3, no_accounts=True)
    branches = list(Branch.objects.select_related("organization"))
    assert len(branches) >= 6 and {b.status for b in branches} == {"active", "closed"}
    for branch in branches:
        organization = branch.organization
        assert organization.org_type == "1" and organization.status == "normal"
        assert (
            branch_name_errors(
                branch.name, kind=branch.kind, org_type="1", parent_name=organization.name, area_names=("闵行", "崇明")
            )
            == []
        ), branch.name
        branch.full_clean()  # the head's name and ID number are valid
