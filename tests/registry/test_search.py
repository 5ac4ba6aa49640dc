"""Search against the real Elasticsearch node and the database fallback."""

import pytest

from registry.choices import HistoryAction, OrgStatus, OrgType
from registry.search.backends import DatabaseBackend, ElasticsearchBackend, SearchQuery, search_organizations
from registry.search.client import get_client, index_name
from registry.search.pinyin import pinyin_keys
from registry.services.search_queue import drain_index_queue

pytestmark = pytest.mark.django_db


def test_pinyin_keys_cover_full_and_initials():
    keys = pinyin_keys("上海市闵行区青年志愿者协会", area="上海市闵行区")
    for typed in ("qingnianzhiyuanzhe", "qnzyz", "zhiyuanzhe", "minhang", "mhqqn", "xiehui"):
        assert any(key.startswith(typed) for key in keys), typed
    assert len(keys) == 2 * 13 - 1  # two keys a syllable (a lone last syllable has no initials key)
    assert keys == pinyin_keys("上海市闵行区青年志愿者协会")  # the cached area reading is the same


@pytest.fixture
def register(make_org):
    return {
        "volunteers": make_org(name="上海市闵行区青年志愿者协会", business_scope="组织志愿服务活动"),
        "calligraphy": make_org(name="上海市闵行区书法协会", business_scope="开展书法创作与展览"),
        "revoked": make_org(name="上海市闵行区围棋协会", status=OrgStatus.REVOKED, business_scope="推广围棋"),
        "center": make_org(
            name="上海市闵行区阳光社区服务中心", org_type=OrgType.SERVICE_AGENCY, business_scope="提供社区便民服务"
        ),
    }


@pytest.mark.elasticsearch
def test_real_node_creates_an_index_and_finds_a_chinese_name(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    assert get_client().indices.exists_alias(name=index_name("organizations"))
    results = backend.search(SearchQuery(text="志愿者"))
    assert results.ids == [register["volunteers"].pk]


@pytest.mark.elasticsearch
def test_phrase_keeps_han_characters_in_order(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    # 者愿 has the same characters as 愿者 but out of order: no match.
    assert backend.search(SearchQuery(text="者愿志")).ids == []


@pytest.mark.elasticsearch
def test_pinyin_initials_and_code_and_filters(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    assert backend.search(SearchQuery(text="qnzyz")).ids == [register["volunteers"].pk]
    assert backend.search(SearchQuery(text="shufa")).ids == [register["calligraphy"].pk]
    assert backend.search(SearchQuery(text=register["center"].uscc.lower())).ids == [register["center"].pk]
    assert backend.search(SearchQuery(status=OrgStatus.REVOKED)).ids == [register["revoked"].pk]
    assert backend.search(SearchQuery(org_type=OrgType.SERVICE_AGENCY)).total == 1


@pytest.mark.elasticsearch
def test_rebuild_swaps_alias_and_drops_old_index(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    first = set(get_client().indices.get_alias(name=backend.alias))
    backend.rebuild(organizations=[register["volunteers"]])
    second = set(get_client().indices.get_alias(name=backend.alias))
    assert first != second and len(second) == 1
    assert not get_client().indices.exists(index=list(first))
    assert backend.search(SearchQuery()).total == 1


@pytest.mark.elasticsearch
def test_registry_write_reaches_index_after_commit(es_index, django_capture_on_commit_callbacks, minhang, officer):
    from registry.services.register import organization_create
    from tests.registry.test_organizations import fields

    with django_capture_on_commit_callbacks(execute=True):
        org = organization_create(by=officer, reason="核准成立登记", **fields(minhang, name="上海市闵行区科普协会"))
    ElasticsearchBackend().refresh()
    assert ElasticsearchBackend().search(SearchQuery(text="科普")).ids == [org.pk]


@pytest.mark.elasticsearch
def test_write_while_search_is_down_is_kept_and_caught_up(
    es_index, settings, django_capture_on_commit_callbacks, minhang, officer
):
    from registry.models import IndexTask
    from registry.search.client import _health_cache
    from registry.services.register import organization_create
    from tests.registry.test_organizations import fields

    ElasticsearchBackend().ensure_index()
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    _health_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        org = organization_create(by=officer, reason="核准成立登记", **fields(minhang, name="上海市闵行区摄影协会"))
    task = IndexTask.objects.get(organization_id=org.pk)
    assert task.attempts == 1 and task.next_attempt_at is not None and "not available" in task.last_error

    settings.ELASTICSEARCH_URL = real_url
    _health_cache.clear()
    assert drain_index_queue() == {"done": 0, "failed": 0}  # still backing off
    assert drain_index_queue(force=True) == {"done": 1, "failed": 0}
    assert not IndexTask.objects.exists()
    ElasticsearchBackend().refresh()
    assert ElasticsearchBackend().search(SearchQuery(text="摄影")).ids == [org.pk]


def test_database_fallback_finds_the_same(register, settings):
    settings.SEARCH_BACKEND = "database"
    backend = DatabaseBackend()
    assert backend.search(SearchQuery(text="志愿者")).ids == [register["volunteers"].pk]
    assert backend.search(SearchQuery(text=register["center"].uscc)).ids == [register["center"].pk]
    results = search_organizations(SearchQuery(text="书法"))
    assert [o.name for o in results.organizations] == ["上海市闵行区书法协会"]
    assert not results.degraded  # the database was chosen, not fallen back to


def test_auto_mode_falls_back_visibly_when_node_is_down(register, settings):
    from registry.search.client import _health_cache

    settings.SEARCH_BACKEND = "auto"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _health_cache.clear()
    results = search_organizations(SearchQuery(text="志愿者"))
    assert results.backend == "database" and results.degraded
    assert results.ids == [register["volunteers"].pk]


def test_query_text_is_cleaned():
    assert SearchQuery.clean_text("  青年\x00 志愿者\n ") == "青年 志愿者"
    assert len(SearchQuery.clean_text("青" * 500)) == 100


@pytest.mark.elasticsearch
def test_page_beyond_the_result_window_is_empty_not_an_error(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    results = backend.search(SearchQuery(page=600, per_page=20))
    assert results.ids == [] and results.total == 4


def test_strict_elasticsearch_mode_still_answers_when_the_node_fails(register, settings):
    from registry.search.client import _health_cache

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _health_cache.clear()
    results = search_organizations(SearchQuery(text="书法"))
    assert results.degraded and results.backend == "database"
    assert [o.name for o in results.organizations] == ["上海市闵行区书法协会"]


def test_search_index_command_refuses_clearly_when_the_node_is_down(settings, make_org):
    from django.core.management import CommandError, call_command

    from registry.models import IndexTask
    from registry.search.client import _health_cache

    make_org()
    queued = IndexTask.objects.count()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _health_cache.clear()
    for option in ("rebuild", "drain"):
        with pytest.raises(CommandError, match=r"无法连接 Elasticsearch（http://127.0.0.1:9），未做任何更改。"):
            call_command("search_index", **{option: True})
    assert IndexTask.objects.count() == queued


@pytest.mark.elasticsearch
def test_change_and_revocation_reach_the_index(es_index, django_capture_on_commit_callbacks, make_org, officer):
    from registry.services.register import organization_update

    org = make_org(name="上海市闵行区花卉园艺协会")
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[org])
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(
            organization=org,
            by=officer,
            reason="变更登记",
            action=HistoryAction.CHANGED,
            name="上海市闵行区园艺花卉协会",
        )
    backend.refresh()
    assert backend.search(SearchQuery(text="园艺花卉")).ids == [org.pk]
    assert backend.search(SearchQuery(text="花卉园艺")).ids == []
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(
            organization=org, by=officer, reason="撤销登记决定", action=HistoryAction.REVOKED, status=OrgStatus.REVOKED
        )
    backend.refresh()
    assert backend.search(SearchQuery(status=OrgStatus.REVOKED)).ids == [org.pk]
    assert backend.search(SearchQuery(status=OrgStatus.NORMAL)).ids == []


@pytest.mark.elasticsearch
def test_organization_in_preparation_never_reaches_the_public_index(es_index, make_org, officer):
    preparing = make_org(name="上海市闵行区篮球协会", status=OrgStatus.PREPARING, uscc=None, founded_on=None)
    from registry.services.search_queue import enqueue_index

    ElasticsearchBackend().ensure_index()
    enqueue_index(preparing.pk)
    assert drain_index_queue(force=True) == {"done": 1, "failed": 0}
    ElasticsearchBackend().refresh()
    assert ElasticsearchBackend().search(SearchQuery(text="篮球")).ids == []


@pytest.mark.elasticsearch
def test_check_reports_missing_stale_and_extra_and_fix_repairs(es_index, register, make_org):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from registry.models import Organization

    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[register["volunteers"], register["calligraphy"], register["revoked"]])
    Organization.objects.filter(pk=register["calligraphy"].pk).update(
        name="上海市闵行区硬笔书法协会"
    )  # bypasses the queue
    Organization.objects.filter(pk=register["revoked"].pk).update(uscc=None, status=OrgStatus.PREPARING)
    report = backend.compare(dict(Organization.objects.exclude(uscc__isnull=True).values_list("pk", "updated_at")))
    assert report == {"missing": [register["center"].pk], "stale": [], "extra": [register["revoked"].pk]}

    Organization.objects.filter(pk=register["calligraphy"].pk).update(
        updated_at=register["calligraphy"].updated_at.replace(year=2030)
    )
    with pytest.raises(CommandError, match="不一致"):
        call_command("search_index", "--check")
    call_command("search_index", "--check", "--fix")
    drain_index_queue(force=True)
    backend.refresh()
    call_command("search_index", "--check")  # consistent now: no error
    assert backend.search(SearchQuery(text="硬笔书法")).ids == [register["calligraphy"].pk]


def test_search_index_command_runs_with_system_checks(db, capsys):
    from django.core.management import call_command

    # As from the shell: BaseCommand.check() runs first, so no option handler may shadow it.
    call_command("search_index", "--status", skip_checks=False)
    assert "队列积压" in capsys.readouterr().out


@pytest.mark.elasticsearch
def test_rebuild_steps_over_an_index_a_rebuild_that_died_left_without_the_alias(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=[*register.values()])
    get_client().indices.create(index=f"{backend.alias}_v2")  # left behind before its alias swap
    backend.rebuild(organizations=[register["volunteers"]])
    assert set(get_client().indices.get_alias(name=backend.alias)) == {f"{backend.alias}_v3"}
    assert backend.search(SearchQuery()).total == 1
    get_client().indices.delete(index=f"{backend.alias}_v2")


@pytest.mark.parametrize("part", ["prefix", "organization_code", "lower_case"])
@pytest.mark.parametrize("backend_name", ["elasticsearch", "database"])
def test_part_of_a_credit_code_finds_the_organization(request, register, backend_name, part):
    if backend_name == "elasticsearch":
        request.getfixturevalue("es_index")
        backend = ElasticsearchBackend()
        backend.rebuild(organizations=[*register.values()])
    else:
        backend = DatabaseBackend()
    center = register["center"].uscc
    text = {"prefix": center[:10], "organization_code": center[8:17], "lower_case": center[6:17].lower()}[part]
    results = backend.search(SearchQuery(text=text))
    assert results.ids == [register["center"].pk], (text, backend_name)


def test_short_or_wordlike_text_is_not_taken_for_a_code_part():
    assert not SearchQuery(text="5131011").looks_like_code_part  # 7 characters
    assert not SearchQuery(text="HUANGPUQU").looks_like_code_part  # letters only
    assert SearchQuery(text="51310112MJ").looks_like_code_part
