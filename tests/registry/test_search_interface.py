"""The index queue and `search_index` work through `SearchBackend` alone, the same way on each backend."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import IndexTask, Organization
from registry.search.backends import get_backend
from registry.search.base import SearchBackend, SearchQuery, SearchResults
from registry.services import search_queue
from registry.services.search_queue import drain_index_queue, enqueue_index

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["database", "elasticsearch"])
def backend_name(request, settings):
    if request.param == "elasticsearch":
        request.getfixturevalue("es_index")
    settings.SEARCH_BACKEND = request.param
    return request.param


def test_each_configured_backend_is_a_search_backend(backend_name):
    backend = get_backend(fallback=False)
    assert isinstance(backend, SearchBackend) and backend.name == backend_name
    assert backend.available(use_cache=False)


def test_queue_sends_updates_through_the_configured_backend(backend_name, make_org):
    backend = get_backend(fallback=False)
    backend.ensure_index()
    organization = make_org(name="上海市闵行区航模运动协会")
    IndexTask.objects.all().delete()
    enqueue_index(organization.pk)
    assert drain_index_queue(force=True) == {"done": 1, "failed": 0}
    assert not IndexTask.objects.exists()
    backend.refresh()
    assert backend.search(SearchQuery(text="航模运动")).ids == [organization.pk]


def test_search_index_command_keeps_the_index_through_the_configured_backend(backend_name, make_org):
    first = make_org(name="上海市闵行区航模运动协会")
    backend = get_backend(fallback=False)
    # The command's own --rebuild reads the register in the bulk sender's thread, which cannot see this
    # test's uncommitted rows; it is run in test_queue_and_command_need_nothing_beyond_the_interface.
    assert backend.rebuild(organizations=[first]) == 1
    backend.refresh()
    call_command("search_index", "--check")  # consistent after a rebuild on both backends

    second = make_org(name="上海市闵行区桥牌协会")  # written past the queue
    if backend.separate_index:
        with pytest.raises(CommandError, match="不一致"):
            call_command("search_index", "--check")
        call_command("search_index", "--check", "--fix")
        assert set(IndexTask.objects.values_list("organization_id", flat=True)) == {second.pk}
    else:
        call_command("search_index", "--check")  # the database is its own index
    call_command("search_index", "--drain")
    assert not IndexTask.objects.exists()
    backend.refresh()
    call_command("search_index", "--check")
    assert set(backend.search(SearchQuery(text="协会")).ids) == {first.pk, second.pk}


def test_auto_mode_keeps_the_queue_while_the_cluster_is_down(settings, make_org):
    from registry.search.client import _health_cache

    settings.SEARCH_BACKEND = "auto"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    _health_cache.clear()
    organization = make_org()
    IndexTask.objects.all().delete()
    enqueue_index(organization.pk)
    assert get_backend().name == "database"  # searches fall back ...
    assert drain_index_queue(force=True) == {"done": 0, "failed": 1}  # ... but updates wait for the cluster
    task = IndexTask.objects.get(organization_id=organization.pk)
    assert task.attempts == 1 and "127.0.0.1:9" in task.last_error


class MemoryBackend(SearchBackend):
    """A third backend holding documents in a dict: the queue and the command must need nothing more."""

    name = "memory"
    label = "memory"
    separate_index = True

    def __init__(self):
        self.documents: dict[int, tuple[str, datetime.datetime]] = {}
        self.up = True

    @property
    def location(self) -> str:
        return "memory://"

    def available(self, *, use_cache: bool = True) -> bool:
        return self.up

    def ensure_index(self) -> None:
        pass

    def index(self, organizations) -> None:
        self.documents.update({org.pk: (org.name, org.updated_at) for org in organizations})

    def delete(self, organization_ids) -> None:
        for pk in organization_ids:
            self.documents.pop(pk, None)

    def refresh(self) -> None:
        pass

    def rebuild(self, *, organizations, progress=None, chunk_size: int = 2000) -> int:
        self.documents = {}
        self.index(organizations)
        return len(self.documents)

    def compare(self, organizations):
        return {
            "missing": sorted(organizations.keys() - self.documents.keys()),
            "stale": sorted(
                pk for pk in organizations.keys() & self.documents.keys() if self.documents[pk][1] != organizations[pk]
            ),
            "extra": sorted(self.documents.keys() - organizations.keys()),
        }

    def search(self, query: SearchQuery) -> SearchResults:
        ids = sorted(pk for pk, (name, _at) in self.documents.items() if query.text in name)
        return SearchResults(ids=ids, total=len(ids), backend=self.name)

    def suggest(self, text: str, *, limit: int = 8) -> list[tuple[str, str]]:
        return []


@pytest.fixture
def memory(monkeypatch):
    from registry.management.commands import search_index

    backend = MemoryBackend()
    monkeypatch.setattr(search_queue, "get_backend", lambda fallback=True: backend)
    monkeypatch.setattr(search_index, "get_backend", lambda fallback=True: backend)
    return backend


def test_queue_and_command_need_nothing_beyond_the_interface(memory, make_org):
    kept = make_org(name="上海市闵行区航模运动协会")
    call_command("search_index", "--rebuild")
    assert set(memory.documents) == {kept.pk}

    memory.up = False
    added = make_org(name="上海市闵行区桥牌协会")
    enqueue_index(added.pk)
    assert drain_index_queue(force=True)["failed"] == 1  # kept, with backoff
    with pytest.raises(CommandError, match=r"无法连接 memory（memory://），未做任何更改。"):
        call_command("search_index", "--drain")
    assert IndexTask.objects.get(organization_id=added.pk).attempts == 1

    memory.up = True
    Organization.objects.filter(pk=kept.pk).delete()
    enqueue_index(kept.pk)
    call_command("search_index", "--drain", "--force")
    assert set(memory.documents) == {added.pk} and not IndexTask.objects.exists()
    call_command("search_index", "--check")


def _imports_elasticsearch_backend(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "ElasticsearchBackend" for alias in node.names)
        for node in ast.walk(tree)
    )


def test_only_the_search_package_knows_the_elasticsearch_backend():
    search_package = ROOT / "registry" / "search"
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("registry", "workflows", "config", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if search_package not in path.parents and _imports_elasticsearch_backend(path)
    ]
    assert offenders == []
