"""Checking and planning a register import read the register and never write to it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.services.register_import import register_import
from registry.services.register_import_plan import plan_import
from tests.registry.test_register_import import CALLIGRAPHY, ELDERLY, OLD_NAME, TODAY, VOLUNTEERS, messy_workbook

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_planning_a_second_import_sends_no_write_to_the_database():
    register_import(data=messy_workbook(), filename="原登记簿.xlsx", skip_bad=True, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        plan = plan_import(data=messy_workbook(), filename="原登记簿.xlsx", skip_bad=True, today=TODAY)
    assert queries.captured_queries, "the plan reads the register"
    assert [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    planned = {uscc for uscc, _organization, _changes in plan.organizations}
    assert planned == {VOLUNTEERS, ELDERLY, CALLIGRAPHY, OLD_NAME}
    assert all(changes == {} for _uscc, _organization, changes in plan.organizations)  # imported already
    assert plan.check.existing.keys() == {VOLUNTEERS, ELDERLY, CALLIGRAPHY, OLD_NAME}


def test_a_plan_of_new_organizations_has_their_history_changes():
    plan = plan_import(data=messy_workbook(), filename="原登记簿.xlsx", skip_bad=True, today=TODAY)
    planned = {uscc: (organization, changes) for uscc, organization, changes in plan.organizations}
    assert planned.keys() == {VOLUNTEERS, ELDERLY, CALLIGRAPHY, OLD_NAME}
    organization, changes = planned[VOLUNTEERS]
    assert organization.pk is None and changes["name"] == [None, organization.name]
    assert plan.result.counts["created"] == 4 and not plan.result.written
