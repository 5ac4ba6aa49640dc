"""The public JSON API and the search page's facets, sort and autocomplete."""

import pytest
from django.core.cache import cache
from django.test import Client

from registry.choices import OrgType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.SEARCH_BACKEND = "database"
    cache.clear()


def test_api_returns_public_fields_only(client, make_org):
    org = make_org(name="上海市闵行区科普协会", legal_rep_name="李雷")
    response = client.get("/api/organizations/", {"q": "科普"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["backend"] == "database"
    record = data["results"][0]
    assert record["uscc"] == org.uscc and record["name"] == org.name and record["legal_representative"] == "李雷"
    assert record["registration_authority"] == {"code": "310112", "name": "上海市闵行区民政局"}
    assert record["registered_funds_yuan"] == "50000.00"
    body = response.content.decode()
    assert org.legal_rep_id_number not in body and "id_number" not in body and "phone" not in body
    assert {f["value"] for f in data["facets"]["org_type"]} == {OrgType.SOCIAL_ASSOCIATION}


def test_api_ignores_bad_parameters(client, make_org):
    make_org()
    for params in (
        {"page": "-3"},
        {"page": "abc"},
        {"org_type": "9"},
        {"sort": "drop"},
        {"founded_year": "x"},
        {"q": "%" * 500},
    ):
        assert client.get("/api/organizations/", params).status_code == 200


def test_api_limits_anonymous_callers(client, settings, make_org):
    settings.REGISTRY = {**settings.REGISTRY, "API_ANON_PER_MINUTE": 3}
    statuses = [client.get("/api/organizations/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/organizations/")
    assert 0 < int(limited["Retry-After"]) <= 60 and "请求过于频繁" in limited.json()["detail"]
    client.force_login(UserFactory(username="other_system"))
    assert client.get("/api/organizations/").status_code == 200  # a signed-in account has a limit of its own


def test_api_limits_a_signed_in_account_on_its_own(client, settings, make_org):
    settings.REGISTRY = {**settings.REGISTRY, "API_ANON_PER_MINUTE": 100, "API_ACCOUNT_PER_MINUTE": 2}
    client.force_login(UserFactory(username="other_system"))
    statuses = [client.get("/api/organizations/", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]  # from any address
    assert Client().get("/api/organizations/").status_code == 200  # anonymous callers count apart


def test_openapi_schema_describes_the_endpoint(client):
    schema = client.get("/api/schema/").json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/organizations/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "org_type", "jurisdiction", "grade", "credit", "page"}
    fields = schema["components"]["schemas"]["Organization"]["properties"]
    assert "uscc" in fields and not any("id_number" in name for name in fields)


def test_search_page_shows_facets_and_keeps_filters_in_links(client, make_org, songjiang):
    make_org(name="上海市闵行区书法协会")
    make_org(name="上海市松江区书法协会", jurisdiction=songjiang)
    page = client.get("/organizations/", {"q": "书法", "sort": "founded_asc"}).content.decode()
    assert "登记管理机关" in page and "松江区" in page
    assert "q=%E4%B9%A6%E6%B3%95&amp;sort=founded_asc&amp;jurisdiction=310117" in page
    filtered = client.get("/organizations/", {"q": "书法", "jurisdiction": "310117"}).content.decode()
    assert "上海市松江区书法协会" in filtered and "上海市闵行区书法协会" not in filtered


def test_autocomplete_endpoint(client, make_org):
    make_org(name="上海市闵行区书法协会")
    data = client.get("/organizations/suggest/", {"q": "闵行区书"}).json()
    assert [s["name"] for s in data["suggestions"]] == ["上海市闵行区书法协会"]
    assert client.get("/organizations/suggest/", {"q": ""}).json() == {"suggestions": []}


def test_officers_search_by_legal_representative_the_public_does_not(client, make_org, minhang):
    from tests.workflows.conftest import make_officer

    make_org(name="上海市闵行区书法协会", legal_rep_name="韩梅梅")
    assert "上海市闵行区书法协会" not in client.get("/organizations/", {"q": "韩梅梅"}).content.decode()
    client.force_login(make_officer("mh_search", minhang, "reviewer"))
    assert "上海市闵行区书法协会" in client.get("/organizations/", {"q": "韩梅梅"}).content.decode()
