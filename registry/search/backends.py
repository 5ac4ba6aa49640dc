"""The two search backends behind the `SearchBackend` interface, and the function that picks one.

`SEARCH_BACKEND=auto` (the default) uses Elasticsearch while its cluster is
healthy and the database otherwise, and says which one answered so pages
can show that search runs on the fallback.
"""

import datetime
import logging
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear, Length
from django.utils.translation import gettext_lazy as _
from elasticsearch.exceptions import ApiError, TransportError
from elasticsearch.helpers import parallel_bulk, scan, streaming_bulk
from elasticsearch_dsl import Index, Search
from elasticsearch_dsl import Q as EsQ

from registry.models import Organization
from registry.search.base import SearchBackend, SearchQuery, SearchResults, SearchUnavailable
from registry.search.client import cluster_available, get_client, index_name
from registry.search.documents import OrganizationDocument, document_source

logger = logging.getLogger(__name__)

MAX_RESULT_WINDOW = 10_000  # index.max_result_window
ORGANIZATIONS = "organizations"
_PINYIN_RE = re.compile(r"^[a-z]{2,60}$")

FACETS = ("org_type", "jurisdiction", "status", "grade", "credit", "founded_year", "inspection")
SORTS = ("relevance", "founded_desc", "founded_asc")
CREDIT_LISTS = ("abnormal", "dishonest")
FACET_JURISDICTIONS = 500  # more than the registration authorities of any province, so none is left out
# While a new index is loaded nobody searches it: no refreshes and no replicas to copy each document to. The
# translog stays synced per request, so a range Elasticsearch acknowledged survives a restart of the node and
# the rebuild's checkpoint can be trusted.
BULK_LOADING = {"refresh_interval": "-1", "number_of_replicas": 0}
# A rebuild's bulk requests, flushes and refreshes may take long on a busy node; searches keep the short timeout.
REBUILD_TIMEOUT_SECONDS = 120


def _rebuild_client():
    return get_client().options(request_timeout=REBUILD_TIMEOUT_SECONDS)


def _by_count(pairs) -> list[tuple[str, int]]:
    return sorted(((str(k), int(n)) for k, n in pairs if k not in (None, "") and n), key=lambda p: (-p[1], p[0]))


def bulk_action(organization: Organization, index: str) -> dict:
    """Return the bulk-API action that writes one organization's document into `index`."""
    return {"_index": index, "_id": organization.pk, "_source": document_source(organization)}


class DatabaseBackend(SearchBackend):
    """Search with plain SQL; always available, slower at scale.  The database is its own index."""

    name = "database"
    label = _("数据库")
    separate_index = False

    @property
    def location(self) -> str:
        return ""

    def available(self, *, use_cache: bool = True) -> bool:
        return True

    def ensure_index(self) -> None:
        """Nothing to do: the database is its own index."""

    def index(self, organizations: Iterable[Organization]) -> None:
        """Nothing to do: the database is its own index."""

    def delete(self, organization_ids: Iterable[int]) -> None:
        """Nothing to do: the database is its own index."""

    def refresh(self) -> None:
        """Nothing to do: a committed write is searchable at once."""

    def rebuild(
        self,
        *,
        organizations: Iterable[Organization],
        progress: Callable[[int], object] | None = None,
        chunk_size: int = 2000,
    ) -> int:
        """Nothing to write; count the organizations given, which are searchable as they are."""
        count = 0
        for _organization in organizations:
            count += 1
            if progress:
                progress(1)
        return count

    def compare(self, organizations: dict[int, datetime.datetime]) -> dict[str, list[int]]:
        """The database is its own index: nothing is ever missing, stale or extra."""
        return {"missing": [], "stale": [], "extra": []}

    @staticmethod
    def _filter_conditions(query: SearchQuery) -> dict[str, Q]:
        """The chosen filters, by facet name."""
        conditions = {}
        for name, column in (
            ("org_type", "org_type"),
            ("status", "status"),
            ("jurisdiction", "jurisdiction__code"),
            ("grade", "grade"),
            ("inspection", "last_inspection_result"),
        ):
            value = getattr(query, name)
            if value:
                conditions[name] = Q(**{column: value})
        if query.credit == "abnormal":
            conditions["credit"] = Q(on_abnormal_list=True)
        elif query.credit == "dishonest":
            conditions["credit"] = Q(on_dishonest_list=True)
        if query.founded_year.isdigit():
            year = int(query.founded_year)
            conditions["founded_year"] = Q(
                founded_on__gte=datetime.date(year, 1, 1), founded_on__lt=datetime.date(year + 1, 1, 1)
            )
        return conditions

    @staticmethod
    def _matching(query: SearchQuery) -> QuerySet:
        """Organizations matching the text, before any filter."""
        qs = Organization.objects.exclude(uscc__isnull=True)
        if query.looks_like_code:
            return qs.filter(uscc=query.text.upper())
        if query.looks_like_code_part:
            return qs.filter(uscc__contains=query.text.upper())
        for word in query.text.split():
            condition = Q(name__icontains=word) | Q(business_scope__icontains=word)
            if query.include_private:
                condition |= Q(legal_rep_name=word)
            qs = qs.filter(condition)
        return qs

    @staticmethod
    def _narrowed(qs: QuerySet, conditions: dict[str, Q], *, except_for: str = "") -> QuerySet:
        for name, condition in conditions.items():
            if name != except_for:
                qs = qs.filter(condition)
        return qs

    def _facets(self, query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        """Counts per value of each facet, under the text and every filter but the facet's own.

        A visitor who chose one type still sees how many organizations the other types have.
        """
        matching, conditions = self._matching(query), self._filter_conditions(query)

        def scope(name: str) -> QuerySet:
            return self._narrowed(matching, conditions, except_for=name).order_by()

        facets = {
            name: _by_count(scope(name).values_list(column).annotate(n=Count("id")))
            for name, column in (
                ("org_type", "org_type"),
                ("jurisdiction", "jurisdiction__code"),
                ("status", "status"),
                ("grade", "grade"),
                ("inspection", "last_inspection_result"),
            )
        }
        years = scope("founded_year").annotate(year=ExtractYear("founded_on")).values_list("year")
        facets["founded_year"] = sorted(((str(y), n) for y, n in years.annotate(n=Count("id")) if y), reverse=True)
        credit = scope("credit").aggregate(
            abnormal=Count("id", filter=Q(on_abnormal_list=True)),
            dishonest=Count("id", filter=Q(on_dishonest_list=True)),
        )
        facets["credit"] = _by_count(credit.items())
        return facets

    def search(self, query: SearchQuery) -> SearchResults:
        qs = self._narrowed(self._matching(query), self._filter_conditions(query))
        order = ("founded_on", "id") if query.sort == "founded_asc" else ("-founded_on", "id")
        total = qs.count()
        start = (query.page - 1) * query.per_page
        ids = list(qs.order_by(*order).values_list("id", flat=True)[start : start + query.per_page])
        facets = self._facets(query) if query.with_facets else {}
        return SearchResults(ids=ids, total=total, backend=self.name, facets=facets)

    def suggest(self, text: str, *, limit: int = 8) -> list[tuple[str, str]]:
        """Names containing `text`, shortest first."""
        text = SearchQuery.clean_text(text)
        if not text:
            return []
        qs = Organization.objects.exclude(uscc__isnull=True).filter(name__icontains=text)
        return list(qs.order_by(Length("name"), "name").values_list("name", "uscc")[:limit])


class ElasticsearchBackend(SearchBackend):
    """Search on the Elasticsearch cluster through the `organizations` alias."""

    name = "elasticsearch"
    label = "Elasticsearch"
    separate_index = True

    def __init__(self, alias: str | None = None):
        self.alias = alias or index_name(ORGANIZATIONS)

    @property
    def location(self) -> str:
        return settings.ELASTICSEARCH_URL

    def available(self, *, use_cache: bool = True) -> bool:
        """Whether the cluster answers with yellow or green health (the answer is cached a few seconds)."""
        return cluster_available(use_cache=use_cache)

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

    def _create_versioned_index(self, version: int, *, with_alias: bool, bulk_loading: bool = False) -> str:
        name = f"{self.alias}_v{version}"
        index = Index(name, using=get_client())
        index.settings(
            **{
                **OrganizationDocument._index._settings,
                "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
                **(BULK_LOADING if bulk_loading else {}),
            }
        )
        index.document(OrganizationDocument)
        if with_alias:
            index.aliases(**{self.alias: {}})
        index.create()
        return name

    def index(self, organizations: Iterable[Organization]) -> None:
        self.ensure_index()
        actions = (bulk_action(org, self.alias) for org in organizations)
        try:
            # streaming_bulk is a generator: a timeout is raised while iterating, not when it is called.
            for ok, item in streaming_bulk(get_client(), actions, raise_on_error=False, refresh=False):
                if not ok:
                    raise SearchUnavailable(str(item))
        except (ApiError, TransportError, OSError) as exc:
            raise SearchUnavailable(str(exc)) from exc

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

    def rebuild(
        self,
        *,
        organizations: Iterable[Organization],
        progress: Callable[[int], object] | None = None,
        chunk_size: int = 2000,
    ) -> int:
        """Index everything into a new versioned index, then swap the alias and drop the old index."""
        new_index = self.rebuild_begin()
        try:
            count = self.rebuild_write(new_index, organizations, chunk_size=chunk_size, progress=progress)
        except SearchUnavailable:
            # The half-built index goes; the alias still points at the old one, so search never went dark.
            self.rebuild_discard(new_index)
            raise
        self.rebuild_finish(new_index)
        return count

    resumable = True

    def _versioned_indices(self) -> list[str]:
        pattern = re.compile(rf"^{re.escape(self.alias)}_v\d+$")
        every_index = self._call(get_client().indices.get, index=f"{self.alias}_v*", allow_no_indices=True)
        return [name for name in every_index if pattern.match(name)]

    def _live_indices(self) -> list[str]:
        client = get_client()
        if not self._call(client.indices.exists_alias, name=self.alias):
            return []
        return list(self._call(client.indices.get_alias, name=self.alias))

    def rebuild_begin(self) -> str:
        # Every versioned index counts, also one a rebuild that died left without the alias.
        names = self._versioned_indices() + self._live_indices()
        versions = [int(n.rsplit("_v", 1)[1]) for n in names if n.rsplit("_v", 1)[-1].isdigit()]
        return self._call(
            self._create_versioned_index, max(versions, default=0) + 1, with_alias=False, bulk_loading=True
        )

    def rebuild_exists(self, target: str) -> bool:
        return target in self._versioned_indices() and target not in self._live_indices()

    def rebuild_write(
        self,
        target: str,
        organizations: Iterable[Organization],
        *,
        chunk_size: int = 500,
        progress: Callable[[int], object] | None = None,
    ) -> int:
        actions = (bulk_action(org, target) for org in organizations)
        count = 0
        # Two sender threads: Elasticsearch indexes one chunk while Python builds the next.
        try:
            for ok, item in parallel_bulk(
                _rebuild_client(), actions, thread_count=2, chunk_size=chunk_size, raise_on_error=False
            ):
                if not ok:
                    raise SearchUnavailable(str(item))
                count += 1
                if progress:
                    progress(1)
        except (ApiError, TransportError, OSError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return count

    def rebuild_finish(self, target: str) -> None:
        client = _rebuild_client()
        had_alias = self._call(client.indices.exists_alias, name=self.alias)
        old_indices = [name for name in self._live_indices() if name != target]
        # Bulk loading ran without refreshes or replicas; turn them back on before the index goes live.
        live = {"refresh_interval": "1s", "number_of_replicas": settings.ELASTICSEARCH_REPLICAS}
        self._call(client.indices.put_settings, index=target, settings={"index": live})
        self._call(client.indices.refresh, index=target)
        swap = [{"add": {"index": target, "alias": self.alias}}]
        swap += [{"remove": {"index": name, "alias": self.alias}} for name in old_indices]
        # A concrete index with the alias' name (from a manual create) must go before the alias can exist.
        if not had_alias and self._call(client.indices.exists, index=self.alias):
            self._call(client.indices.delete, index=self.alias)
        self._call(client.indices.update_aliases, actions=swap)
        for name in old_indices:
            self._call(client.indices.delete, index=name)

    def rebuild_discard(self, target: str) -> None:
        try:
            get_client().indices.delete(index=target)
        except (ApiError, TransportError, OSError):
            logger.warning("could not remove the half-built index %s", target)

    def compare(self, organizations: dict[int, datetime.datetime]) -> dict[str, list[int]]:
        """Compare the index with the register ({id: updated_at}): missing, stale and extra documents."""
        indexed: dict[int, str] = {}
        hits = scan(get_client(), index=self.alias, query={"query": {"match_all": {}}}, _source=["updated_at"])
        for hit in self._call(lambda: list(hits)):
            indexed[int(hit["_id"])] = hit["_source"].get("updated_at")
        missing = sorted(organizations.keys() - indexed.keys())
        extra = sorted(indexed.keys() - organizations.keys())
        stale = sorted(
            pk
            for pk in organizations.keys() & indexed.keys()
            if not indexed[pk] or datetime.datetime.fromisoformat(indexed[pk]) != organizations[pk]
        )
        return {"missing": missing, "stale": stale, "extra": extra}

    @staticmethod
    def _filter_queries(query: SearchQuery) -> dict[str, EsQ]:
        """The chosen filters, by facet name."""
        filters = {}
        for name in ("org_type", "status", "jurisdiction", "grade", "founded_year"):
            value = getattr(query, name)
            if value:
                filters[name] = EsQ("term", **{name: value})
        if query.credit == "abnormal":
            filters["credit"] = EsQ("term", on_abnormal_list=True)
        elif query.credit == "dishonest":
            filters["credit"] = EsQ("term", on_dishonest_list=True)
        if query.inspection:
            filters["inspection"] = EsQ("term", last_inspection_result=query.inspection)
        return filters

    def build_search(self, query: SearchQuery, *, filters_after_facets: bool = False) -> Search:
        """Translate a query into an Elasticsearch search (filters, text, order; no paging).

        With `filters_after_facets` the filters narrow the hits only (a post filter), so that facets can
        count each value under every filter but their own.
        """
        search = Search(using=get_client(), index=self.alias)
        filters = self._filter_queries(query)
        if filters and filters_after_facets:
            search = search.post_filter(EsQ("bool", filter=list(filters.values())))
        elif filters:
            search = search.filter(EsQ("bool", filter=list(filters.values())))
        by_date = ("founded_on", "uscc") if query.sort == "founded_asc" else ("-founded_on", "uscc")
        text = query.text
        if not text:
            return search.sort(*by_date)
        if query.looks_like_code:
            return search.filter("term", uscc=text.upper())
        if query.looks_like_code_part:
            # Codes are stored upper-case; the wildcard's characters are all code characters, nothing to escape.
            return search.filter("wildcard", uscc={"value": f"*{text.upper()}*"}).sort(*by_date)
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
        search = search.query(EsQ("bool", should=should, minimum_should_match=1))
        if query.sort in ("founded_desc", "founded_asc"):
            return search.sort(*by_date)
        return search.sort("_score", "-founded_on", "uscc")

    @staticmethod
    def _add_facets(search: Search, filters: dict[str, EsQ]) -> Search:
        """Each facet counts under the text and every filter but its own (the usual faceted search).

        Term sizes cover every value: all bureaus of a province and every founding year, not the top few.
        """

        def scope(name: str):
            others = [q for key, q in filters.items() if key != name]
            return search.aggs.bucket(f"{name}_scope", "filter", filter=EsQ("bool", filter=others))

        for name in ("org_type", "status", "grade"):
            scope(name).bucket(name, "terms", field=name, size=20)
        scope("jurisdiction").bucket("jurisdiction", "terms", field="jurisdiction", size=FACET_JURISDICTIONS)
        scope("inspection").bucket("inspection", "terms", field="last_inspection_result", size=5)
        scope("founded_year").bucket("founded_year", "terms", field="founded_year", size=200, order={"_key": "desc"})
        scope("credit").bucket(
            "credit",
            "filters",
            filters={
                "abnormal": EsQ("term", on_abnormal_list=True),
                "dishonest": EsQ("term", on_dishonest_list=True),
            },
        )
        return search

    @staticmethod
    def _read_facets(aggregations) -> dict[str, list[tuple[str, int]]]:
        def buckets(name: str):
            return aggregations[f"{name}_scope"][name].buckets

        facets = {
            name: _by_count((b.key, b.doc_count) for b in buckets(name))
            for name in ("org_type", "jurisdiction", "status", "grade", "inspection")
        }
        facets["founded_year"] = [(str(b.key), b.doc_count) for b in buckets("founded_year")]
        credit = buckets("credit")
        facets["credit"] = _by_count((name, credit[name].doc_count) for name in CREDIT_LISTS)
        return facets

    def search(self, query: SearchQuery) -> SearchResults:
        start = (query.page - 1) * query.per_page
        search = self.build_search(query, filters_after_facets=query.with_facets).extra(track_total_hits=True)
        if query.with_facets:
            search = self._add_facets(search, self._filter_queries(query))
        if start + query.per_page > MAX_RESULT_WINDOW:
            # Elasticsearch pages only through the first 10,000 hits; deeper pages are empty, not errors.
            response = self._call(search[:0].execute)
            ids = []
        else:
            response = self._call(search[start : start + query.per_page].execute)
            ids = [int(hit.meta.id) for hit in response]
        facets = self._read_facets(response.aggregations) if query.with_facets else {}
        return SearchResults(ids=ids, total=response.hits.total.value, backend=self.name, facets=facets)

    def suggest(self, text: str, *, limit: int = 8) -> list[tuple[str, str]]:
        """Names completing what was typed: Han characters by the completion suggester, pinyin by its keys."""
        text = SearchQuery.clean_text(text)
        if not text:
            return []
        lowered = text.replace(" ", "").lower()
        if _PINYIN_RE.match(lowered):
            search = Search(using=get_client(), index=self.alias).query("prefix", pinyin=lowered)
            search = search.sort("_score", "-founded_on").source(["name", "uscc"])[:limit]
            return [(hit.name, hit.uscc) for hit in self._call(search.execute)]
        search = Search(using=get_client(), index=self.alias).source(["name", "uscc"])
        search = search.suggest("names", text, completion={"field": "suggest", "size": limit, "skip_duplicates": True})
        response = self._call(search.execute)
        return [(option._source.name, option._source.uscc) for option in response.suggest.names[0].options]


def get_backend(name: str | None = None, *, fallback: bool = True) -> SearchBackend:
    """Return the backend SEARCH_BACKEND (or `name`) chooses.

    In `auto` mode a search falls back to the database while the cluster is down (`fallback`); keeping
    the index (the queue, `search_index`) asks with `fallback=False` and gets Elasticsearch even then,
    so updates wait in the queue rather than being dropped.
    """
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return DatabaseBackend()
    if name == "elasticsearch" or not fallback or cluster_available():
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


def suggest_names(text: str, *, limit: int = 8) -> list[tuple[str, str]]:
    """Autocomplete: (name, code) pairs for what was typed so far, from whichever backend answers."""
    backend = get_backend()
    try:
        return backend.suggest(text, limit=limit)
    except SearchUnavailable as exc:
        logger.warning("suggestions fell back to the database: %s", exc)
        return DatabaseBackend().suggest(text, limit=limit)
