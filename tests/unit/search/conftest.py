"""Search test fixtures: a small index of the five sample articles plus a few made-up ones."""

from __future__ import annotations

import pytest
from search_corpus import all_docs

from niger_archive.search import SearchIndex


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return all_docs()


@pytest.fixture(scope="module")
def texts(docs) -> dict[int, str]:
    return {d["id"]: d["body"] for d in docs}


@pytest.fixture(scope="module")
def index(tmp_path_factory, docs):
    idx = SearchIndex.open(tmp_path_factory.mktemp("search") / "index", lock_timeout=1.0)
    idx.add(docs)
    yield idx
    idx.close()


@pytest.fixture
def fresh_index(tmp_path):
    idx = SearchIndex.open(tmp_path / "index", lock_timeout=0.3)
    yield idx
    idx.close()
