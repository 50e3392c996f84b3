"""An archive that outlives the app: a data journalist opens ``archive.db`` with sqlite-utils (as Datasette
would) and reads an article's clean text, its annotations, its claims and the offset map, with no code of
this project. The archive is made by the app; everything after ``close()`` uses sqlite-utils, json and gzip
only, following docs/schema.md.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "000_02df90e2cb36411c.txt"
QUOTE = "less than 1,000 US troops"


@pytest.fixture
def made_by_the_app(tmp_path) -> Path:
    from niger_archive.services.archive import Archive
    from niger_archive.services.settings import Settings

    root = tmp_path / "archive"
    archive = Archive.open(root, settings=Settings(author="reporter"))
    try:
        (outcome,) = archive.import_files([SAMPLE])
        ed = archive.editor
        highlight = ed.annotate_quote(outcome.article_id, QUOTE, color="number", tags=["troops"],
                                      note="checked against the release")
        archive.apply(highlight)
        archive.apply(ed.mark_claim(highlight.target, attribution_text="US officials", verdict="disputed"))
        entity = ed.create_entity("Niger", "place", aliases=["Republic of Niger"])
        archive.apply(entity)
    finally:
        archive.close()
    return root


def test_an_article_its_annotations_and_claims_read_with_sqlite_utils_alone(made_by_the_app):
    db = sqlite_utils.Database(made_by_the_app / "archive.db")
    (article,) = db["articles"].rows
    text = article["text"]
    assert isinstance(text, str) and QUOTE in text and "Niger" in text  # the clean text itself, not bytes
    assert json.loads(article["keywords"]) is not None

    (annotation,) = db["annotations"].rows_where("article_id = ?", [article["id"]])
    assert annotation["exact"] == QUOTE
    assert text[annotation["start"]:annotation["end"]] == QUOTE  # selectors count code points in `text`
    assert annotation["note"] == "checked against the release"
    assert [r["tag"] for r in db["annotation_tags"].rows_where("annotation_id = ?", [annotation["id"]])] == ["troops"]

    (claim,) = db.query(
        "SELECT claims.* FROM claims JOIN annotations ON annotations.id = claims.annotation_id "
        "WHERE annotations.article_id = ?", [article["id"]])
    assert claim["statement"] == QUOTE and claim["attribution_text"] == "US officials"
    assert claim["verdict"] == "disputed"
    assert isinstance(json.loads(claim["quantities"]), list)
    (entity,) = db["entities"].rows
    assert json.loads(entity["aliases"]) == ["Republic of Niger"]


def test_no_column_of_any_table_holds_bytes(made_by_the_app):
    db = sqlite_utils.Database(made_by_the_app / "archive.db")
    for table in db.tables:
        for column in table.columns:
            blobs = db.execute(f'SELECT count(*) FROM "{table.name}" WHERE typeof("{column.name}") = \'blob\'')
            assert blobs.fetchone()[0] == 0, f"{table.name}.{column.name} holds bytes"
            assert column.type.upper() != "BLOB", f"{table.name}.{column.name} is declared BLOB"


def test_the_offset_map_leads_from_the_clean_text_to_the_original_as_documented(made_by_the_app):
    """docs/schema.md, "The offset map": runs of [raw_gap, length] (copied), [raw_gap, length, raw_length]
    (synthetic) or [raw_gap, length, raw_length, copied, clean_gap]."""
    db = sqlite_utils.Database(made_by_the_app / "archive.db")
    (article,) = db["articles"].rows
    sha = article["sha256"]
    original = gzip.decompress((made_by_the_app / "originals" / sha[:2] / f"{sha}.gz").read_bytes())
    raw = original.decode(article["encoding"])
    text = article["text"]
    offsets = json.loads(article["offset_map"])
    assert offsets["clean_length"] == len(text) and offsets["raw_length"] == len(raw)
    clean_end = raw_end = copied = 0
    for run in offsets["spans"]:
        raw_gap, length = run[0], run[1]
        is_copied = len(run) == 2 or (len(run) == 5 and run[3] == 1)
        raw_length = run[2] if len(run) > 2 else 0
        clean_start = clean_end + (run[4] if len(run) == 5 else 0)
        raw_start = raw_end + raw_gap
        if is_copied:
            assert text[clean_start:clean_start + length] == raw[raw_start:raw_start + length]
            copied += length
        clean_end = clean_start + length
        raw_end = raw_start + (length if is_copied else raw_length)
    assert clean_end == len(text) and copied > len(text) * 0.9


def test_the_archive_read_by_sqlite_utils_is_left_as_it_was(made_by_the_app, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(made_by_the_app, copy)
    db = sqlite_utils.Database(copy / "archive.db")
    assert db["articles"].count == 1 and db["claims"].count == 1
    db.close()
    from niger_archive.services.archive import Archive

    with Archive.open(copy) as archive:  # the app still opens it, unchanged
        assert archive.check().ok


def test_docs_schema_names_every_column_of_every_table(made_by_the_app):
    """docs/schema.md describes each table (under a heading naming it) and each of its columns."""
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    for part in doc.split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        for name in heading.split("—")[0].replace(",", " ").split():
            sections[name.strip("`")] = body
    db = sqlite_utils.Database(made_by_the_app / "archive.db")
    missing = []
    for table in db.tables:
        if table.name == "_sqlite_migrations":
            body = doc
        elif table.name not in sections:
            missing.append(f"table {table.name}")
            continue
        else:
            body = sections[table.name]
        missing += [f"{table.name}.{c.name}" for c in table.columns if f"`{c.name}`" not in body]
    assert missing == []
