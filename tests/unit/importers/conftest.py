"""Fixtures for the importer tests: the five samples parsed once per session."""

from __future__ import annotations

import pytest
from importer_checks import parse_path, sample_path

from niger_archive.core.models import ArticleDraft


@pytest.fixture(scope="session")
def samples() -> dict[str, ArticleDraft]:
    return {prefix: parse_path(sample_path(prefix)) for prefix in ("000", "001", "002", "003", "004")}
