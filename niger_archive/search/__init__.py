"""Owns full-text search: a small engine-neutral interface (SearchIndex, SearchHit) over Whoosh.

Callers use only what is exported here; the Whoosh specifics (schema, query language, snippets,
index files) live in the submodules, so the engine can be swapped without touching callers.
"""

from .index import SearchIndex
from .results import SearchCancelled, SearchHit, SearchResults
from .merging import MergeCancelled
from .querying import MAX_CLAUSES, MAX_EXPANSIONS, MAX_QUERY_CHARS, MIN_WILDCARD_PREFIX

__all__ = [
    "MAX_CLAUSES",
    "MAX_EXPANSIONS",
    "MAX_QUERY_CHARS",
    "MIN_WILDCARD_PREFIX",
    "MergeCancelled",
    "SearchCancelled",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
]
