"""A full rebuild in worker processes, stopped half-way as by a crash and resumed into the same index."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from registry.models import IndexRebuild, IndexTask, Organization
from registry.search.backends import ElasticsearchBackend, SearchQuery
from registry.search.client import get_client
from registry.search.documents import document_source
from registry.services.search_queue import enqueue_index
from registry.services.search_rebuild import RebuildInterrupted, index_rebuild, key_ranges

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db(transaction=True)]

NAMES = "书法 围棋 桥牌 航模 摄影 诗词 舞蹈 合唱 篮球 足球 象棋 剪纸 茶艺 戏曲".split()


@pytest.fixture
def register(make_org):
    return [make_org(name=f"上海市闵行区{word}协会", business_scope=f"开展{word}活动") for word in NAMES]


def indexed_documents(alias: str) -> dict[int, dict]:
    client = get_client()
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=100, query={"match_all": {}})["hits"]["hits"]
    return {int(hit["_id"]): hit["_source"] for hit in hits}


def as_json(source: dict) -> dict:
    """A document as it comes back from the index (dates as ISO text)."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in source.items()}


def test_ranges_cover_every_public_organization_once(register):
    ranges = key_ranges(after=0, size=4)
    assert len(ranges) == 4  # 14 organizations: 4 + 4 + 4 + 2
    assert [low for low, _high in ranges[1:]] == [high for _low, high in ranges[:-1]]
    covered = [
        pk
        for low, high in ranges
        for pk in Organization.objects.filter(pk__gt=low, pk__lte=high).values_list("pk", flat=True)
    ]
    assert sorted(covered) == sorted(org.pk for org in register)


def test_a_rebuild_killed_half_way_resumes_into_the_same_index_and_agrees_with_the_register(es_index, register):
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=register[:2])  # the live index before the rebuild: two organizations
    live_before = set(get_client().indices.get_alias(name=backend.alias))

    with pytest.raises(RebuildInterrupted):
        index_rebuild(backend=backend, workers=2, range_size=3, checkpoint_seconds=0, stop_after_ranges=2)
    checkpoint = IndexRebuild.objects.get()
    assert checkpoint.finished_at is None and 0 < checkpoint.done_through < register[-1].pk
    assert checkpoint.indexed >= 3
    # Search never went dark: the alias still points at the old index, with its two organizations.
    assert set(get_client().indices.get_alias(name=backend.alias)) == live_before
    assert backend.search(SearchQuery()).total == 2

    # While the rebuild is down, one organization changes in a range already written: the queue has it.
    changed = register[0]
    Organization.objects.filter(pk=changed.pk).update(name="上海市闵行区硬笔书法协会", updated_at=timezone.now())
    enqueue_index(changed.pk)  # sent at once, to the old index
    assert not IndexTask.objects.filter(organization_id=changed.pk).exists()

    call_command("search_index", "--rebuild", "--resume", "--workers", "2")
    checkpoint.refresh_from_db()
    assert checkpoint.finished_at is not None and checkpoint.indexed == len(register)
    assert set(get_client().indices.get_alias(name=backend.alias)) == {checkpoint.target}  # the same new index
    assert not get_client().indices.exists(index=list(live_before))
    documents = indexed_documents(backend.alias)
    assert set(documents) == {org.pk for org in register}
    for org in Organization.objects.filter(pk__in=[register[1].pk, register[7].pk, register[-1].pk]):
        assert documents[org.pk] == as_json(document_source(org))
    # The change made while it was down is queued again after the swap, and the drain brings it in.
    assert IndexTask.objects.filter(organization_id=changed.pk).exists()
    call_command("search_index", "--drain", "--force")
    backend.refresh()
    assert backend.search(SearchQuery(text="硬笔书法")).ids == [changed.pk]
    call_command("search_index", "--check")


def test_a_fresh_rebuild_drops_the_half_written_index_of_an_interrupted_one(es_index, register):
    backend = ElasticsearchBackend()
    with pytest.raises(RebuildInterrupted):
        index_rebuild(backend=backend, workers=0, range_size=5, checkpoint_seconds=0, stop_after_ranges=1)
    abandoned = IndexRebuild.objects.get()
    uuid = get_client().indices.get_settings(index=abandoned.target)[abandoned.target]["settings"]["index"]["uuid"]
    call_command("search_index", "--rebuild", "--workers", "0")
    finished = IndexRebuild.objects.get()  # the interrupted one's checkpoint is gone
    assert finished.pk != abandoned.pk and finished.finished_at is not None and finished.indexed == len(register)
    live = list(get_client().indices.get_alias(name=backend.alias))
    assert live == [finished.target]
    assert get_client().indices.get_settings(index=live[0])[live[0]]["settings"]["index"]["uuid"] != uuid
    assert backend.search(SearchQuery()).total == len(register)


def test_resume_without_an_unfinished_rebuild_is_refused(es_index, register):
    with pytest.raises(CommandError, match="没有可继续的未完成重建"):
        call_command("search_index", "--rebuild", "--resume")
    assert not IndexRebuild.objects.exists()


def test_the_new_index_loads_without_refreshes_or_replicas_and_goes_live_with_them(es_index, settings, register):
    settings.ELASTICSEARCH_REPLICAS = 1
    backend = ElasticsearchBackend()
    target = backend.rebuild_begin()
    loading = get_client().indices.get_settings(index=target)[target]["settings"]["index"]
    assert (loading["refresh_interval"], loading["number_of_replicas"]) == ("-1", "0")
    backend.rebuild_write(target, Organization.objects.select_related("jurisdiction"))
    backend.rebuild_finish(target)
    live = get_client().indices.get_settings(index=target)[target]["settings"]["index"]
    assert (live["refresh_interval"], live["number_of_replicas"]) == ("1s", "1")
    assert backend.search(SearchQuery()).total == len(register)
