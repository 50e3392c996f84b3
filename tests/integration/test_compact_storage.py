"""The database keeps article text as TEXT and offset maps as compact JSON text (schema step 0007, after
0004 had packed them as zlib and binary blobs): nothing is lost, and older archives are converted."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niger_archive.core.errors import ArchiveError
from niger_archive.core.offsets import OffsetMap, Span
from niger_archive.services.archive import Archive
from niger_archive.store import migrations
from niger_archive.store.packing import pack_offsets, pack_text, unpack_offsets, unpack_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
BEFORE_PACKING = ROOT / "tests" / "fixtures" / "archives" / "0003_bundles"  # made by the version before packing
PACKED = ROOT / "tests" / "fixtures" / "archives" / "0004_compact_storage"  # zlib text, binary offset maps

spans = st.builds(Span, st.integers(-(2**40), 2**40), st.integers(-(2**40), 2**40), st.integers(0, 2**40),
                  st.booleans(), st.integers(-(2**33), 2**33))


@given(st.text())
def test_any_text_survives_packing(text):
    assert unpack_text(pack_text(text)) == text


@given(st.lists(spans, max_size=40), st.integers(0, 2**40), st.integers(0, 2**40))
def test_any_offset_map_survives_packing_even_one_with_gaps_or_huge_values(items, clean_length, raw_length):
    offsets = OffsetMap(items, clean_length, raw_length)
    assert unpack_offsets(pack_offsets(offsets)).to_json() == offsets.to_json()


def test_real_offset_maps_are_stored_as_compact_json_text(sample_archive):
    stored = as_spans = 0
    for article_id in sample_archive.current_ids():
        offsets = sample_archive.articles.offset_map(article_id)
        text = json.dumps(offsets.to_json(), separators=(",", ":"))
        assert unpack_offsets(text).to_json() == offsets.to_json()  # the first schema's JSON still reads
        column = pack_offsets(offsets)
        doc = json.loads(column)
        assert set(doc) == {"clean_length", "raw_length", "spans"}
        assert all(len(run) in (2, 3) for run in doc["spans"])  # the importer's maps use the short forms
        stored += len(column)
        as_spans += len(text)
    assert stored * 1.5 < as_spans


def test_damaged_stored_values_are_reported_not_misread():
    readable = pack_offsets(OffsetMap([Span(0, 0, 5)], 5, 5))
    for damaged in ("", readable[:-3], '{"spans": []}', '{"clean_length": 5, "raw_length": 5, "spans": [[1]]}',
                    '{"clean_length": 5, "raw_length": 5, "spans": [["0", 5]]}'):
        with pytest.raises(ValueError):
            unpack_offsets(damaged)
    conn = sqlite3.connect(PACKED / "archive.db")
    try:
        blob_map, blob_text = conn.execute("SELECT offset_map, text FROM articles LIMIT 1").fetchone()
    finally:
        conn.close()
    assert isinstance(blob_map, bytes) and isinstance(blob_text, bytes)  # 0004's forms
    for damaged in (b"", b"\x07" + blob_map[1:], blob_map[:-3], blob_map[:1] + b"junk"):
        with pytest.raises(ValueError):
            unpack_offsets(damaged)
    with pytest.raises(ArchiveError, match="damaged"):
        unpack_text(blob_text[:-2])


def test_articles_are_stored_as_text_and_read_back_whole(sample_archive):
    rows = sample_archive.db.execute("SELECT id, typeof(text), text, typeof(offset_map), json_valid(offset_map) "
                                     "FROM articles")
    for article_id, text_type, stored, map_type, valid_json in rows:
        text = sample_archive.articles.text(article_id)
        assert (text_type, map_type, valid_json) == ("text", "text", 1)
        assert stored == text
        assert sample_archive.get_article(article_id).text == text
        assert sample_archive.articles.texts([article_id]) == {article_id: text}
        assert sample_archive.articles.text_head(article_id, 40) == text[:40]
    types = {r[1]: r[2] for r in sample_archive.db.execute("PRAGMA table_info(articles)")}
    assert types["text"] == "TEXT" and types["offset_map"] == "TEXT"
    assert sample_archive.check().ok


# --- converting an archive of the previous schema ----------------------------------------------------------


@pytest.fixture
def old_archive(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(BEFORE_PACKING, root, ignore=shutil.ignore_patterns("expected.json"))
    conn = sqlite3.connect(root / "archive.db")
    try:
        before = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, text, offset_map FROM articles")}
        assert all(isinstance(t, str) for t, _ in before.values())  # plain text and JSON: the old layout
    finally:
        conn.close()
    return root, before


def test_an_archive_of_the_previous_schema_is_converted_without_losing_a_character(old_archive):
    root, before = old_archive
    size_before = (root / "archive.db").stat().st_size
    with Archive.open(root) as archive:
        assert {"0004_compact_storage", "0007_readable_text"} <= set(archive.migrations_applied)
        for article_id, (text, map_json) in before.items():
            assert archive.articles.text(article_id) == text
            assert archive.articles.offset_map(article_id).to_json() == json.loads(map_json)
        db = archive.db
        types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(articles)")}
        assert types["text"] == "TEXT" and types["offset_map"] == "TEXT"
        assert "idx_article_bands_article" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # the old table's pages were given back
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert archive.check().ok  # its originals are the old plain files: still verified
    assert (root / "archive.db").stat().st_size < size_before * 1.5


def test_a_packed_archive_of_schema_0004_is_converted_to_readable_text_without_losing_a_character(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(PACKED, root, ignore=shutil.ignore_patterns("expected.json"))
    conn = sqlite3.connect(root / "archive.db")
    try:
        before = {i: (unpack_text(t), unpack_offsets(m).to_json())
                  for i, t, m in conn.execute("SELECT id, text, offset_map FROM articles")}
    finally:
        conn.close()
    with Archive.open(root) as archive:
        assert "0007_readable_text" in archive.migrations_applied
        db = archive.db
        for article_id, text, offset_map in db.execute("SELECT id, text, offset_map FROM articles"):
            assert text == before[article_id][0]  # the column itself holds the text
            assert unpack_offsets(offset_map).to_json() == before[article_id][1]
            assert archive.articles.offset_map(article_id).to_json() == before[article_id][1]
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert archive.check().ok


def test_a_converted_archive_keeps_finding_versions_of_its_articles(old_archive, tmp_path):
    root, _ = old_archive
    original = (SAMPLES / "004_52fe05600aeece3a.txt").read_text(encoding="utf-8")
    changed = tmp_path / "004_rescraped.txt"
    changed.write_text(original.replace("Thousands of people", "Several thousand people")
                       + "\nThis article was updated with comment from officials.\n", encoding="utf-8")
    with Archive.open(root) as archive:
        (outcome,) = archive.import_files([changed])  # matched through bands the previous version wrote
        # the sample names no address or outlet, and the file has another name: by the version rule
        # (docs/versions.md) the match is offered as a possible copy of the converted article
        assert outcome.status == "imported" and outcome.suggested
        new_file = archive.originals.path_for(archive.articles.sha256(outcome.article_id))
        assert new_file.name.endswith(".gz") and archive.check().ok


def test_converting_again_after_a_crash_before_the_step_was_recorded_changes_nothing(old_archive):
    root, before = old_archive
    with Archive.open(root) as archive:
        migrations._compact_storage(archive.db)  # as if the process died right after each conversion
        migrations._readable_text_columns(archive.db)
        migrations._readable_text_columns(archive.db)
        for article_id, (text, _) in before.items():
            assert archive.articles.text(article_id) == text
        assert archive.check().ok


def test_an_unconverted_archive_opened_read_only_is_still_read(old_archive):
    from niger_archive.store.articles import ArticleStore
    from niger_archive.store.database import open_database

    root, before = old_archive
    db = open_database(root / "archive.db", readonly=True)  # read-only: no schema step is applied
    try:
        articles = ArticleStore(db)
        for article_id, (text, map_json) in before.items():
            assert articles.get(article_id).text == text
            assert articles.offset_map(article_id).to_json() == json.loads(map_json)
    finally:
        db.conn.close()
