"""The one interface of every search backend, and the query and results it speaks in.

The public search, the durable index queue (`registry.services.search_queue`), the register import
and the `search_index` command use a backend only through `SearchBackend`, so the database and
Elasticsearch backends are interchangeable behind the `SEARCH_BACKEND` setting.
"""

import abc
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from registry.models import Organization
from registry.rules.codes import CODE_VALUES

MAX_QUERY_LENGTH = 100
# A credit-code fragment shorter than this is too likely part of a word or a number to search as a code.
CODE_PART_MIN_LENGTH = 8


class SearchUnavailable(RuntimeError):
    """The chosen search backend cannot answer now."""


@dataclass(frozen=True)
class SearchQuery:
    """A normalized search request."""

    text: str = ""
    org_type: str = ""
    status: str = ""
    jurisdiction: str = ""
    grade: str = ""
    credit: str = ""  # "abnormal" (活动异常名录) or "dishonest" (严重违法失信名单)
    founded_year: str = ""
    inspection: str = ""  # the latest annual inspection result: passed, basic or failed
    sort: str = "relevance"  # or "founded_desc", "founded_asc"
    page: int = 1
    per_page: int = 20
    include_private: bool = False  # officers may search by legal representative
    with_facets: bool = True

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

    @property
    def looks_like_code_part(self) -> bool:
        """True for 8 to 17 code characters with at least 2 digits: part of a credit code (a prefix, or the
        organization code in positions 9 to 17), searched as a substring."""
        code = self.text.upper()
        return (
            CODE_PART_MIN_LENGTH <= len(code) < 18
            and all(c in CODE_VALUES for c in code)
            and sum(c.isdigit() for c in code) >= 2
        )


@dataclass
class SearchResults:
    """Organization ids of one page, the total and which backend answered."""

    ids: list[int]
    total: int
    backend: str
    degraded: bool = False
    organizations: list[Organization] = field(default_factory=list)
    # facet name -> [(value, count)], e.g. {"org_type": [("1", 812), ("2", 640)]}
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchBackend(abc.ABC):
    """What the search pages, the index queue and `search_index` need of a backend.

    A backend with a `separate_index` (Elasticsearch) is kept in step with the register by the durable
    queue; one that searches the register itself (the database) has nothing to keep in step, and its
    index operations do nothing.  Index operations raise `SearchUnavailable` when the backend is down.
    """

    name: str  # said on result pages and in the API: "database" or "elasticsearch"
    label: str  # how messages to people name it
    separate_index: bool

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the backend runs, for messages (a URL, or empty)."""

    @abc.abstractmethod
    def available(self, *, use_cache: bool = True) -> bool:
        """Return whether the backend can take updates and answer now."""

    @abc.abstractmethod
    def ensure_index(self) -> None:
        """Create the index when there is none yet."""

    @abc.abstractmethod
    def index(self, organizations: Iterable[Organization]) -> None:
        """Write the documents of these (public) organizations."""

    @abc.abstractmethod
    def delete(self, organization_ids: Iterable[int]) -> None:
        """Remove the documents of these organizations; one not in the index is no error."""

    @abc.abstractmethod
    def refresh(self) -> None:
        """Make recent writes visible to search."""

    @abc.abstractmethod
    def rebuild(
        self,
        *,
        organizations: Iterable[Organization],
        progress: Callable[[int], object] | None = None,
        chunk_size: int = 2000,
    ) -> int:
        """Index exactly these organizations, without a moment of search going dark; return how many."""

    # A backend that rebuilds in stages says so: an empty index is begun, written range by range (from several
    # processes at once, in any order, each range any number of times), then made live. A rebuild that
    # stopped half-way goes on into the same index (`registry.services.search_rebuild`). The others rebuild
    # in one call of `rebuild`.
    resumable = False

    def rebuild_begin(self) -> str:
        """Create an empty index to rebuild into, set for bulk loading; return its name."""
        raise NotImplementedError

    def rebuild_exists(self, target: str) -> bool:
        """Whether `target`, begun by an earlier rebuild of this index, is still there to write into."""
        raise NotImplementedError

    def rebuild_write(self, target: str, organizations: Iterable[Organization], *, chunk_size: int = 500) -> int:
        """Write the documents of these organizations into `target`, durably once it returns; return how many."""
        raise NotImplementedError

    def rebuild_finish(self, target: str) -> None:
        """Make `target` searchable, put it behind the alias and drop the index it replaces."""
        raise NotImplementedError

    def rebuild_discard(self, target: str) -> None:
        """Drop a rebuild's index that will not be finished."""
        raise NotImplementedError

    @abc.abstractmethod
    def compare(self, organizations: dict[int, datetime.datetime]) -> dict[str, list[int]]:
        """Compare the index with the register ({id: updated_at}): missing, stale and extra documents."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Answer one page of a search, with facet counts when the query asks for them."""

    @abc.abstractmethod
    def suggest(self, text: str, *, limit: int = 8) -> list[tuple[str, str]]:
        """(name, code) pairs completing what was typed."""
