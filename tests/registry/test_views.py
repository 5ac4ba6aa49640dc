"""Public pages: home, search with bad input, an organization's public record, languages."""

import datetime

import pytest

from registry.choices import HistoryAction, OrgStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.SEARCH_BACKEND = "database"


def test_home_counts_registered_organizations(client, make_org):
    make_org()
    make_org(status=OrgStatus.REVOKED)
    response = client.get("/")
    assert response.status_code == 200
    assert "登记在册的社会组织：1 家" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "青" * 5000},
        {"q": "%%%***"},
        {"q": "'; DROP TABLE registry_organization; --"},
        {"q": '<script>alert("x")</script>'},
        {"q": "协会", "page": "999999"},
        {"q": "协会", "page": "-3"},
        {"q": "协会", "page": "abc"},
        {"org_type": "7", "status": "bogus", "jurisdiction": "999999"},
    ],
)
def test_bad_search_input_gives_a_normal_page(client, make_org, params):
    make_org()
    response = client.get("/organizations/", params)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_search_page_lists_matches(client, make_org):
    org = make_org(name="上海市闵行区青年志愿者协会")
    make_org(name="上海市闵行区书法协会", business_scope="开展书法创作与展览")
    body = client.get("/organizations/", {"q": "志愿者"}).content.decode()
    assert org.uscc in body and "书法" not in body


def test_public_record_hides_private_data(client, make_org):
    org = make_org()
    body = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert org.name in body and org.uscc in body and org.legal_rep_name in body
    assert org.legal_rep_id_number not in body
    assert org.legal_rep_id_number[6:14] not in body  # not even the birth date


def test_revoked_organization_is_marked_loudly(client, make_org):
    org = make_org(status=OrgStatus.REVOKED, status_changed_on=datetime.date(2025, 3, 1))
    body = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "该组织已于 2025年3月1日 被撤销登记，其登记证书作废。" in body


def test_unknown_code_is_404(client):
    assert client.get("/organizations/53100000500021676K/").status_code == 404


def test_search_names_bureaus_in_the_page_language(client, make_org):
    org = make_org(name="上海市闵行区青年志愿者协会")
    english = client.get("/en/organizations/", {"q": "志愿者"}).content.decode()
    assert org.uscc in english
    assert "Minhang District Civil Affairs Bureau, Shanghai" in english  # the result's registration authority
    assert ">Minhang District</a>" in english  # the bureau filter
    chinese = client.get("/organizations/", {"q": "志愿者"}).content.decode()
    assert "Minhang District" not in chinese and "闵行区民政局" in chinese


def test_english_on_request(client, make_org):
    org = make_org()
    body = client.get(f"/en/organizations/{org.uscc}/").content.decode()
    assert "Unified social credit code" in body
    assert client.get("/").content.decode().count("统一社会信用代码") >= 1


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/en/organizations/?q=%E5%8D%8F%E4%BC%9A", "zh-hans", "/organizations/?q=%E5%8D%8F%E4%BC%9A"),
        ("/en/", "zh-hans", "/"),
        ("/organizations/", "en", "/en/organizations/"),
        ("/en/notices/", "en", "/en/notices/"),
    ],
)
def test_the_language_switcher_leads_to_the_same_page_in_the_chosen_language(client, next_url, language, expected):
    # The browser asks for Chinese; the page's own URL, not the request's language, says where it came from.
    response = client.post("/i18n/setlang/", {"next": next_url, "language": language}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_language_menu_names_each_language_in_itself(client):
    chinese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    for body in (chinese, english):
        assert ">简体中文</option>" in body and ">English</option>" in body
    assert "英语" not in chinese


def test_the_search_page_lists_every_bureau_and_year_and_takes_each_filter_off_alone(client, make_org):
    from registry.models import Jurisdiction

    bureaus = list(Jurisdiction.objects.order_by("code"))
    for index, bureau in enumerate(bureaus):
        make_org(jurisdiction=bureau, founded_on=datetime.date(1990 + index, 1, 2))
    body = client.get("/organizations/").content.decode()
    assert all(f">{bureau.name}</a>" in body for bureau in bureaus)
    assert all(f">{1990 + index}</a>" in body for index in range(len(bureaus)))
    body = client.get("/organizations/", {"jurisdiction": bureaus[1].code, "founded_year": "1991"}).content.decode()
    # Each chosen filter has its own way off that keeps the other.
    assert '<a href="?founded_year=1991" title="去掉这个条件">' in body
    assert f'<a href="?jurisdiction={bureaus[1].code}" title="去掉这个条件">' in body


def test_health_reports_database_and_search(client, settings):
    from registry.search.client import _health_cache

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _health_cache.clear()
    data = client.get("/health/").json()
    assert data == {"database": True, "elasticsearch": False, "search_backend": "database", "redis": "not configured"}


def test_health_says_redis_is_down_but_stays_healthy_since_only_the_database_is_essential(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["redis"] == "down"


def test_public_pages_answer_head_requests_as_load_balancers_and_link_checkers_send_them(client, make_org):
    organization = make_org()
    for url in ("/", "/organizations/", f"/organizations/{organization.uscc}/", "/notices/", "/open-data/"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


def test_notices_list_revocations_and_deregistrations_of_the_past_year_from_the_register(client, make_org):
    """Revocations recorded without a cleanup case (imported, or the demo register) are announced too."""
    import datetime

    from django.utils import timezone

    from registry.services.register import organization_update

    today = timezone.localdate()
    recent = make_org(name="上海市闵行区近期撤销协会")
    organization_update(
        organization=recent,
        by=None,
        reason="连续两年未参加年度检查",
        action=HistoryAction.REVOKED,
        status=OrgStatus.REVOKED,
        status_changed_on=today - datetime.timedelta(days=30),
    )
    make_org(
        name="上海市闵行区早年撤销协会",
        status=OrgStatus.REVOKED,
        status_changed_on=today - datetime.timedelta(days=400),
    )
    make_org(
        name="上海市闵行区近期注销协会",
        status=OrgStatus.DEREGISTERED,
        status_changed_on=today - datetime.timedelta(days=10),
    )
    body = client.get("/notices/").content.decode()
    assert "近一年没有撤销登记。" not in body and "近一年没有注销登记。" not in body
    assert "上海市闵行区近期撤销协会" in body and "连续两年未参加年度检查" in body
    assert "上海市闵行区近期注销协会" in body
    assert "上海市闵行区早年撤销协会" not in body


@pytest.mark.parametrize("url", ["/no-such-page/", "/organizations/53100000500021676K/", "/en/no-such-page/"])
def test_missing_pages_show_our_own_not_found_page(client, url):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 404
    assert "Django Material" not in body and "material" not in body.lower()
    assert ("页面不存在" in body) or ("Page not found" in body and url.startswith("/en/"))
    assert 'href="/' in body  # a way back into the site


def test_server_error_page_is_our_own():
    from django.template.loader import get_template

    template = get_template("500.html")
    assert "templates/500.html" in str(template.origin.name)
    assert "系统暂时无法处理您的请求" in template.render({})
