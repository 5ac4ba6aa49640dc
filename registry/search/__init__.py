"""Public search of the register: one interface, an Elasticsearch and a database backend."""

from registry.search.backends import SearchQuery, SearchResults, get_backend

__all__ = ["SearchQuery", "SearchResults", "get_backend"]
