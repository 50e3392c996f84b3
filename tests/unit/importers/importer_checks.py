"""Paths and checks shared by the importer tests (imported by name; test dirs are not packages)."""

from __future__ import annotations

from pathlib import Path

from niger_archive.core.models import ArticleDraft
from niger_archive.importers import parse_file

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def sample_path(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def parse_path(path: Path) -> ArticleDraft:
    return parse_file(path.read_bytes(), path.name)


def assert_offsets_consistent(draft: ArticleDraft) -> None:
    """Every copied span is the raw text verbatim; spans tile the clean text in order."""
    offsets = draft.offsets
    assert offsets.clean_length == len(draft.text)
    assert offsets.raw_length == len(draft.raw_text)
    position = 0
    for span in offsets.spans:
        assert span.clean_start == position
        position += span.length
        if span.copied:
            clean = draft.text[span.clean_start:span.clean_start + span.length]
            assert clean == draft.raw_text[span.raw_start:span.raw_start + span.length]
        else:
            assert 0 <= span.raw_start <= len(draft.raw_text)
    assert position == len(draft.text)
