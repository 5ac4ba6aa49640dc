"""The same search cases on both backends: the database fallback and the real Elasticsearch node."""

import datetime

import pytest

from registry.choices import Grade, OrgStatus, OrgType
from registry.search.backends import DatabaseBackend, ElasticsearchBackend, SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_org, songjiang):
    five_years = datetime.date(2030, 1, 1)
    return {
        "volunteers": make_org(
            name="上海市闵行区青年志愿者协会",
            business_scope="组织志愿服务活动",
            legal_rep_name="周立波",
            founded_on=datetime.date(2015, 3, 1),
            grade=Grade.A5,
            grade_expires_on=five_years,
        ),
        "calligraphy": make_org(
            name="上海市闵行区书法协会",
            business_scope="开展书法创作与展览",
            founded_on=datetime.date(2019, 6, 1),
            on_abnormal_list=True,
            last_inspection_result="failed",
        ),
        "revoked": make_org(
            name="上海市闵行区围棋协会",
            status=OrgStatus.REVOKED,
            business_scope="推广围棋",
            founded_on=datetime.date(2012, 1, 5),
            on_dishonest_list=True,
        ),
        "center": make_org(
            name="上海市闵行区阳光社区服务中心",
            org_type=OrgType.SERVICE_AGENCY,
            business_scope="提供社区便民服务",
            founded_on=datetime.date(2019, 9, 9),
            grade=Grade.A3,
            grade_expires_on=five_years,
        ),
        "songjiang": make_org(
            name="上海市松江区青年志愿者协会",
            jurisdiction=songjiang,
            business_scope="组织志愿服务活动",
            founded_on=datetime.date(2021, 4, 1),
        ),
    }


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, register):
    if request.param == "database":
        return DatabaseBackend()
    request.getfixturevalue("es_index")
    es = ElasticsearchBackend()
    es.rebuild(organizations=list(register.values()))
    return es


def ids(results):
    return set(results.ids)


def test_name_fragment(backend, register):
    assert ids(backend.search(SearchQuery(text="青年志愿者"))) == {register["volunteers"].pk, register["songjiang"].pk}
    assert ids(backend.search(SearchQuery(text="书法"))) == {register["calligraphy"].pk}


def test_exact_code(backend, register):
    code = register["center"].uscc
    assert backend.search(SearchQuery(text=code)).ids == [register["center"].pk]
    assert backend.search(SearchQuery(text=code.lower())).ids == [register["center"].pk]


def test_business_scope_words(backend, register):
    assert ids(backend.search(SearchQuery(text="便民服务"))) == {register["center"].pk}


def test_legal_representative_only_for_officers(backend, register):
    assert backend.search(SearchQuery(text="周立波")).ids == []
    assert backend.search(SearchQuery(text="周立波", include_private=True)).ids == [register["volunteers"].pk]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"org_type": OrgType.SERVICE_AGENCY}, {"center"}),
        ({"jurisdiction": "310117"}, {"songjiang"}),
        ({"status": OrgStatus.REVOKED}, {"revoked"}),
        ({"grade": Grade.A5}, {"volunteers"}),
        ({"credit": "abnormal"}, {"calligraphy"}),
        ({"credit": "dishonest"}, {"revoked"}),
        ({"founded_year": "2019"}, {"calligraphy", "center"}),
        ({"founded_year": "2019", "org_type": OrgType.SOCIAL_ASSOCIATION}, {"calligraphy"}),
        ({"inspection": "failed"}, {"calligraphy"}),
    ],
)
def test_filters(backend, register, filters, expected):
    assert ids(backend.search(SearchQuery(**filters))) == {register[key].pk for key in expected}


def test_facet_counts(backend, register):
    facets = backend.search(SearchQuery()).facets
    assert dict(facets["org_type"]) == {"1": 4, "2": 1}
    assert dict(facets["jurisdiction"]) == {"310112": 4, "310117": 1}
    assert dict(facets["status"]) == {"normal": 4, "revoked": 1}
    assert dict(facets["grade"]) == {"5A": 1, "3A": 1}
    assert dict(facets["credit"]) == {"abnormal": 1, "dishonest": 1}
    assert dict(facets["inspection"]) == {"failed": 1}
    assert facets["founded_year"] == [("2021", 1), ("2019", 2), ("2015", 1), ("2012", 1)]
    # Facets count within the query and filters.
    narrowed = backend.search(SearchQuery(text="协会", founded_year="2019")).facets
    assert dict(narrowed["org_type"]) == {"1": 1}


def test_sort_by_founding_date_and_pages(backend, register):
    newest = backend.search(SearchQuery(sort="founded_desc", per_page=2))
    assert newest.ids == [register["songjiang"].pk, register["center"].pk] and newest.total == 5
    second = backend.search(SearchQuery(sort="founded_desc", per_page=2, page=2))
    assert second.ids == [register["calligraphy"].pk, register["volunteers"].pk]
    oldest = backend.search(SearchQuery(sort="founded_asc", per_page=1))
    assert oldest.ids == [register["revoked"].pk]


def test_revoked_stays_findable(backend, register):
    assert ids(backend.search(SearchQuery(text="围棋"))) == {register["revoked"].pk}


def test_autocomplete(backend, register):
    names = [name for name, _code in backend.suggest("上海市闵行区青")]
    assert names[0] == "上海市闵行区青年志愿者协会"
    assert all("闵行区青" in name for name in names)
    assert backend.suggest("") == []


@pytest.mark.parametrize("text", ["%%%", "'; DROP TABLE registry_organization; --", "\\", "*?~", "a" * 100, "（）【】"])
def test_odd_input_answers_normally(backend, register, text):
    """Symbols, quotes and query syntax are searched as plain text: no error, and nothing in the register matches."""
    results = backend.search(SearchQuery(text=SearchQuery.clean_text(text)))
    assert (results.total, results.ids) == (0, [])


def test_a_chosen_filter_leaves_the_other_values_of_its_facet_counted(backend, register):
    results = backend.search(SearchQuery(org_type=OrgType.SERVICE_AGENCY))
    assert ids(results) == {register["center"].pk}
    # The type facet ignores the chosen type, so the visitor can switch to another type ...
    assert dict(results.facets["org_type"]) == {"1": 4, "2": 1}
    # ... while every other facet counts within it.
    assert dict(results.facets["jurisdiction"]) == {"310112": 1}
    assert dict(results.facets["grade"]) == {"3A": 1}
    assert results.facets["founded_year"] == [("2019", 1)]
    both = backend.search(SearchQuery(org_type=OrgType.SOCIAL_ASSOCIATION, jurisdiction="310117"))
    assert dict(both.facets["org_type"]) == {"1": 1}  # within Songjiang
    assert dict(both.facets["jurisdiction"]) == {"310112": 3, "310117": 1}  # associations in each bureau


@pytest.fixture(params=["database", "elasticsearch"])
def wide_backend(request, make_org):
    """An organization in every bureau, founded in a different year each: more values than a short list shows."""
    from registry.models import Jurisdiction

    bureaus = list(Jurisdiction.objects.order_by("code"))
    organizations = [
        make_org(jurisdiction=bureau, founded_on=datetime.date(1995 + index, 5, 1))
        for index, bureau in enumerate(bureaus)
    ]
    organizations.append(make_org(founded_on=datetime.date(1990, 1, 2)))
    if request.param == "database":
        return DatabaseBackend(), bureaus
    request.getfixturevalue("es_index")
    es = ElasticsearchBackend()
    es.rebuild(organizations=organizations)
    return es, bureaus


def test_facets_list_every_bureau_and_every_founding_year(wide_backend):
    backend, bureaus = wide_backend
    assert len(bureaus) >= 17  # the city and its 16 districts
    facets = backend.search(SearchQuery()).facets
    assert {code for code, _count in facets["jurisdiction"]} == {bureau.code for bureau in bureaus}
    years = [int(year) for year, _count in facets["founded_year"]]
    assert years == sorted([1990, *range(1995, 1995 + len(bureaus))], reverse=True)
