"""Two officers of one street decide the same filing at the same moment: one decision counts (PostgreSQL)."""

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition
from django.test import Client

from registry.models import CommunityGroup, CommunityGroupEvent, SubdistrictOfficer
from tests.factories import SubdistrictFactory, UserFactory
from tests.workflows.test_community_flow import filing_data
from tests.workflows.test_registration_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def test_file_and_return_at_once_only_one_wins(applicant, minhang):
    street = SubdistrictFactory(code="310112006", name="古美路街道", district=minhang)
    officers = [UserFactory(username=f"gumei_{n}", is_staff=True) for n in range(2)]
    for officer in officers:
        SubdistrictOfficer.objects.create(user=officer, subdistrict=street)
    client = Client()
    client.force_login(applicant)
    assert client.post("/portal/community/new/", filing_data(street)).status_code == 302
    group = CommunityGroup.objects.get()

    def decide(officer, data):
        def call():
            browser = Client()
            browser.force_login(officer)
            return browser.post(f"/workflow/community/{group.pk}/", data).status_code

        return call

    results = at_once(
        decide(officers[0], {"decision": "file"}),
        decide(officers[1], {"decision": "return", "reasons": "名称与已备案组织相近，请修改。"}),
    )
    assert sorted(results) == [200, 302]  # one redirected after deciding, one shown the page with the refusal
    group.refresh_from_db()
    decisions = CommunityGroupEvent.objects.filter(group=group, action__in=["filed", "returned"])
    assert decisions.count() == 1
    assert group.status == {"filed": "filed", "returned": "returned"}[decisions.get().action]
    assert bool(group.filing_number) == (group.status == "filed")
