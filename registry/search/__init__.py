"""Public search of the register: one interface, an Elasticsearch and a database backend."""

from registry.search.backends import SearchQuery, SearchResults, get_backend
from registry.search.base import SearchBackend

__all__ = ["SearchBackend", "SearchQuery", "SearchResults", "get_backend"]
