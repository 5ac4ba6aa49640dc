"""The service rating (好差评) and the site icon."""

import re

import pytest

from registry.choices import OrgType
from registry.models import ServiceRating
from tests.workflows.conftest import act, fill_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "refuse", "reason": "不属于本机关登记管辖范围"})
    client.force_login(applicant)
    return application


@pytest.mark.parametrize("score", ["2", "1"])
def test_an_unsatisfied_rating_asks_for_its_reason_beside_the_field(client, closed, score):
    response = client.post(f"/portal/applications/{closed.pk}/rate/", {"score": score, "comment": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("评价为不满意或非常不满意的，请写明原因。") == 1
    assert re.search(rf'value="{score}"[^>]*checked', page)  # the score chosen is kept
    assert not ServiceRating.objects.filter(application=closed).exists()


def test_an_unsatisfied_rating_with_its_reason_is_recorded(client, closed):
    response = client.post(f"/portal/applications/{closed.pk}/rate/", {"score": "2", "comment": "多次补正，等待时间长"})
    assert response.status_code == 302
    assert ServiceRating.objects.get(application=closed).comment == "多次补正，等待时间长"


def test_a_satisfied_rating_needs_no_reason(client, closed):
    assert client.post(f"/portal/applications/{closed.pk}/rate/", {"score": "4"}).status_code == 302
    assert ServiceRating.objects.get(application=closed).score == 4


def test_the_site_icon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
