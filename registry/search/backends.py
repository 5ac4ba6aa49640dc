"""Search backends with one interface: `index`, `delete`, `search`, `rebuild`.

`SEARCH_BACKEND=auto` (the default) uses Elasticsearch while its cluster is
healthy and the database otherwise, and says which one answered so pages
can show that search runs on the fallback.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from elasticsearch.exceptions import ApiError, TransportError
from elasticsearch.helpers import streaming_bulk
from elasticsearch_dsl import Index, Search
from elasticsearch_dsl import Q as EsQ

from registry.codes import CODE_VALUES
from registry.models import Organization
from registry.search.client import cluster_available, get_client, index_name
from registry.search.documents import OrganizationDocument, document_for

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MAX_RESULT_WINDOW = 10_000  # index.max_result_window
ORGANIZATIONS = "organizations"
_PINYIN_RE = re.compile(r"^[a-z]{2,60}$")


class SearchUnavailable(RuntimeError):
    """The chosen search backend cannot answer now."""


@dataclass(frozen=True)
class SearchQuery:
    """A normalized search request."""

    text: str = ""
    org_type: str = ""
    status: str = ""
    jurisdiction: str = ""
    page: int = 1
    per_page: int = 20
    include_private: bool = False  # officers may search by legal representative

    @classmethod
    def clean_text(cls, raw: str | None) -> str:
        """Trim, collapse spaces, drop control characters and cap the length of user input."""
        text = "".join(ch for ch in (raw or "") if ch.isprintable())
        return " ".join(text.split())[:MAX_QUERY_LENGTH]

    @property
    def looks_like_code(self) -> bool:
        """True when the text is 18 code characters, i.e. an exact credit-code lookup."""
        code = self.text.upper()
        return len(code) == 18 and all(c in CODE_VALUES for c in code)


@dataclass
class SearchResults:
    """Organization ids of one page, the total and which backend answered."""

    ids: list[int]
    total: int
    backend: str
    degraded: bool = False
    organizations: list[Organization] = field(default_factory=list)


def bulk_action(organization: Organization, index: str) -> dict:
    """Return the bulk-API action that writes one organization's document into `index`."""
    return {"_index": index, "_id": organization.pk, "_source": document_for(organization).to_dict()}


class DatabaseBackend:
    """Search with plain SQL; always available, slower at scale."""

    name = "database"

    def index(self, organizations: Iterable[Organization]) -> None:
        """Nothing to do: the database is its own index."""

    def delete(self, organization_ids: Iterable[int]) -> None:
        """Nothing to do: the database is its own index."""

    def rebuild(self, **kwargs) -> int:
        """Nothing to do; return how many organizations are searchable."""
        return Organization.objects.count()

    def _filtered(self, query: SearchQuery) -> QuerySet:
        qs = Organization.objects.exclude(uscc__isnull=True)
        if query.org_type:
            qs = qs.filter(org_type=query.org_type)
        if query.status:
            qs = qs.filter(status=query.status)
        if query.jurisdiction:
            qs = qs.filter(jurisdiction__code=query.jurisdiction)
        if query.looks_like_code:
            return qs.filter(uscc=query.text.upper())
        for word in query.text.split():
            condition = Q(name__icontains=word) | Q(business_scope__icontains=word)
            if query.include_private:
                condition |= Q(legal_rep_name=word)
            qs = qs.filter(condition)
        return qs

    def search(self, query: SearchQuery) -> SearchResults:
        qs = self._filtered(query).order_by("-founded_on", "id")
        total = qs.count()
        start = (query.page - 1) * query.per_page
        ids = list(qs.values_list("id", flat=True)[start : start + query.per_page])
        return SearchResults(ids=ids, total=total, backend=self.name)


class ElasticsearchBackend:
    """Search on the Elasticsearch cluster through the `organizations` alias."""

    name = "elasticsearch"

    def __init__(self, alias: str | None = None):
        self.alias = alias or index_name(ORGANIZATIONS)

    def _call(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ApiError, TransportError, OSError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def ensure_index(self) -> None:
        """Create a first versioned index behind the alias when none exists."""
        client = get_client()
        if self._call(client.indices.exists_alias, name=self.alias):
            return
        self._call(self._create_versioned_index, 1, with_alias=True)

    def _create_versioned_index(self, version: int, *, with_alias: bool) -> str:
        name = f"{self.alias}_v{version}"
        index = Index(name, using=get_client())
        index.settings(**OrganizationDocument._index._settings)
        index.document(OrganizationDocument)
        if with_alias:
            index.aliases(**{self.alias: {}})
        index.create()
        return name

    def index(self, organizations: Iterable[Organization]) -> None:
        self.ensure_index()
        actions = (bulk_action(org, self.alias) for org in organizations)
        for ok, item in self._call(streaming_bulk, get_client(), actions, raise_on_error=False, refresh=False):
            if not ok:
                raise SearchUnavailable(str(item))

    def delete(self, organization_ids: Iterable[int]) -> None:
        client = get_client()
        for pk in organization_ids:
            try:
                client.delete(index=self.alias, id=str(pk))
            except ApiError as exc:
                if exc.status_code != 404:
                    raise SearchUnavailable(str(exc)) from exc

    def refresh(self) -> None:
        """Make recent writes visible to search (tests and rebuilds)."""
        self._call(get_client().indices.refresh, index=self.alias)

    def rebuild(self, *, organizations: Iterable[Organization], progress=None, chunk_size: int = 2000) -> int:
        """Index everything into a new versioned index, then swap the alias and drop the old index."""
        client = get_client()
        has_alias = self._call(client.indices.exists_alias, name=self.alias)
        old_indices = list(self._call(client.indices.get_alias, name=self.alias)) if has_alias else []
        versions = [int(n.rsplit("_v", 1)[1]) for n in old_indices if n.rsplit("_v", 1)[-1].isdigit()]
        new_index = self._call(self._create_versioned_index, max(versions, default=0) + 1, with_alias=False)
        actions = (bulk_action(org, new_index) for org in organizations)
        count = 0
        for ok, item in self._call(streaming_bulk, client, actions, chunk_size=chunk_size, raise_on_error=False):
            if not ok:
                self._call(client.indices.delete, index=new_index)
                raise SearchUnavailable(str(item))
            count += 1
            if progress:
                progress(1)
        self._call(client.indices.refresh, index=new_index)
        swap = [{"add": {"index": new_index, "alias": self.alias}}]
        swap += [{"remove": {"index": name, "alias": self.alias}} for name in old_indices]
        # A concrete index with the alias' name (from a manual create) must go before the alias can exist.
        if self._call(client.indices.exists, index=self.alias) and not old_indices:
            self._call(client.indices.delete, index=self.alias)
        self._call(client.indices.update_aliases, actions=swap)
        for name in old_indices:
            self._call(client.indices.delete, index=name)
        return count

    def build_search(self, query: SearchQuery) -> Search:
        """Translate a query into an Elasticsearch search."""
        search = Search(using=get_client(), index=self.alias)
        if query.org_type:
            search = search.filter("term", org_type=query.org_type)
        if query.status:
            search = search.filter("term", status=query.status)
        if query.jurisdiction:
            search = search.filter("term", jurisdiction=query.jurisdiction)
        text = query.text
        if not text:
            return search.sort("-founded_on", "uscc")
        if query.looks_like_code:
            return search.filter("term", uscc=text.upper())
        should = [
            EsQ("match_phrase", name={"query": text, "boost": 3}),
            EsQ("term", **{"name.raw": {"value": text, "boost": 10}}),
            EsQ("match_phrase", business_scope={"query": text}),
        ]
        lowered = text.replace(" ", "").lower()
        if _PINYIN_RE.match(lowered):
            should.append(EsQ("prefix", pinyin={"value": lowered, "boost": 2}))
        if query.include_private:
            should.append(EsQ("term", legal_rep_name={"value": text, "boost": 5}))
        return search.query(EsQ("bool", should=should, minimum_should_match=1))

    def search(self, query: SearchQuery) -> SearchResults:
        start = (query.page - 1) * query.per_page
        if start + query.per_page > MAX_RESULT_WINDOW:
            # Elasticsearch pages only through the first 10,000 hits; deeper pages are empty, not errors.
            total = self._call(self.build_search(query).extra(track_total_hits=True)[:0].execute).hits.total.value
            return SearchResults(ids=[], total=total, backend=self.name)
        search = self.build_search(query).extra(track_total_hits=True)[start : start + query.per_page]
        response = self._call(search.execute)
        return SearchResults(
            ids=[int(hit.meta.id) for hit in response], total=response.hits.total.value, backend=self.name
        )


def get_backend(name: str | None = None):
    """Return the configured backend; in `auto` mode fall back to the database when the cluster is down."""
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return DatabaseBackend()
    if name == "elasticsearch" or cluster_available():
        return ElasticsearchBackend()
    return DatabaseBackend()


def search_organizations(query: SearchQuery) -> SearchResults:
    """Run a search on the configured backend, falling back visibly to the database if the cluster fails."""
    backend = get_backend()
    try:
        results = backend.search(query)
    except SearchUnavailable as exc:
        # Never an error page: answer from the database and say so on the page.
        logger.warning("search fell back to the database: %s", exc)
        results = DatabaseBackend().search(query)
        results.degraded = True
    if settings.SEARCH_BACKEND == "auto" and results.backend == "database":
        results.degraded = True
    by_id = Organization.objects.select_related("jurisdiction").in_bulk(results.ids)
    results.organizations = [by_id[pk] for pk in results.ids if pk in by_id]
    return results
