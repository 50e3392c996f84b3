"""Hostile input through the whole program: SQL metacharacters everywhere, terminal control characters
and bidi overrides in what the CLI prints, script in what the HTML report shows, pathological
queries, and a 10 MB single-line file.

Covered elsewhere, not repeated here: hostile bundles (``..``, absolute paths, symlinks, zip bombs,
deep or huge JSON: tests/unit/bundles), random bytes into the importers and offset-map consistency
(tests/unit/importers/test_import_properties.py), anchoring properties
(tests/unit/test_anchoring_properties.py), random query strings against the index
(tests/unit/search/test_search_limits.py).
"""

from __future__ import annotations

import json
import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_tools import SAMPLES

from niger_archive.cli import main
from niger_archive.core.errors import QueryError
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import run_export

INJECTIONS = ["'; DROP TABLE articles; --", "%", "_", "' OR '1'='1", '"quoted"', "a%b_c\\", "x'); DELETE FROM annotations; --"]
CONTROL = "\x1b[31mred\x1b[0m \x07bell \u202eevil\u202c \u2066iso\u2069 \x9bcsi \x00nul"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
SCRIPT = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def tables(root) -> list[str]:
    with Archive.open(root, readonly=True) as archive:
        return sorted(r[0] for r in archive.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "archive"
    with Archive.open(root) as archive:
        archive.import_files([SAMPLES])
    return root


@pytest.fixture
def root(sample_root, tmp_path):
    import shutil

    target = tmp_path / "archive"
    shutil.copytree(sample_root, target)
    return target


def cli(capsys, root, *argv):
    code = main([*argv, "--archive", str(root)])
    out, err = capsys.readouterr()
    assert code in (0, 1), (argv, code, err)
    assert "Traceback" not in err
    return code, out, err


def test_sql_metacharacters_are_plain_text_in_every_filter_name_and_search(root, capsys):
    before = tables(root)
    for n, text in enumerate(INJECTIONS, start=1):
        code, out, _ = cli(capsys, root, "annotate", "1", "--quote", "Niger", "--occurrence", str(n), "--tag", text,
                           "--note", text, "--entity", f"{text} entity", "--type", "person", "--claim",
                           "--attribution", text, "--json")
        assert code == 0
        claim = json.loads(out)["claim"]["id"]
        assert cli(capsys, root, "cluster", "add", f"{text} cluster", claim)[0] == 0
        cli(capsys, root, "search", text)  # answered or refused with a message
        cli(capsys, root, "search", f'note:"{text}"')
        cli(capsys, root, "suggest", "mentions", f"{text} entity")
        assert cli(capsys, root, "entity", "add", f"{text} organisation", "--type", "organisation")[0] == 0
        assert cli(capsys, root, "correct", "2", "outlet", text)[0] == 0
        assert cli(capsys, root, "palette", "add", f"{text} colour", "#123456")[0] in (0, 1)
        cli(capsys, root, "annotations", "--color", text)
    for text in INJECTIONS:
        _, out, _ = cli(capsys, root, "annotations", "--tag", text, "--json")
        assert [a["note"] for a in json.loads(out)] == [text]  # the tag matched itself, not as a pattern
        _, out, _ = cli(capsys, root, "claims", "--cluster", f"{text} cluster", "--json")
        assert [c["attribution_text"] for c in json.loads(out)] == [text]
    _, out, _ = cli(capsys, root, "tags", "--json")
    assert sorted(t["tag"] for t in json.loads(out)) == sorted(" ".join(t.split()) for t in INJECTIONS)
    assert cli(capsys, root, "tag", "rename", "%", "percent")[0] == 0
    _, out, _ = cli(capsys, root, "annotations", "--tag", "percent", "--json")
    assert [a["note"] for a in json.loads(out)] == ["%"]  # only the one tag was renamed
    _, out, _ = cli(capsys, root, "show", "2", "--json")
    assert json.loads(out)["outlet"] == INJECTIONS[-1]
    _, out, _ = cli(capsys, root, "annotations", "1", "--json")
    assert len(json.loads(out)) == len(INJECTIONS) and all(a["entities"] for a in json.loads(out))
    _, out, _ = cli(capsys, root, "entities", "--json")
    assert "'; DROP TABLE articles; -- entity" in {e["name"] for e in json.loads(out)}
    cli(capsys, root, "export", str(root.parent / "q.csv"), "--format", "csv", "--query", INJECTIONS[1])
    assert tables(root) == before
    with Archive.open(root) as archive:
        assert len(archive.list_articles()) == 5 and archive.check().ok


def test_terminal_control_characters_and_bidi_overrides_are_shown_escaped(root, capsys):
    cli(capsys, root, "correct", "1", "title", f"Title {CONTROL}")
    cli(capsys, root, "correct", "1", "outlet", f"Outlet {CONTROL}")
    _, out, _ = cli(capsys, root, "annotate", "1", "--quote", "Niger", "--occurrence", "1", "--tag", f"t{CONTROL}",
                    "--note", f"note {CONTROL}", "--entity", f"Name {CONTROL}", "--claim",
                    "--attribution", f"attr {CONTROL}", "--statement", f"statement {CONTROL}")
    assert not RAW_CONTROLS.search(out)
    claim = next(line.split()[0] for line in cli(capsys, root, "claims")[1].splitlines())
    cli(capsys, root, "cluster", "add", f"label {CONTROL}", claim)
    outputs = [
        cli(capsys, root, *argv)
        for argv in (["list"], ["show", "1"], ["search", "Niger"], ["annotations", "1"], ["claims"],
                     ["entities"], ["tags"], ["history"], ["cluster", "list"], ["compare", f"label {CONTROL}"],
                     ["tag", "rename", f"t{CONTROL}", f"u{CONTROL}"], ["undo"], ["redo"])
    ]
    for _code, out, err in outputs:
        assert not RAW_CONTROLS.search(out), repr(out)
        assert not RAW_CONTROLS.search(err), repr(err)
    joined = "".join(out for _, out, _ in outputs)
    assert "\\u001b[31mred" in joined and "\\u202eevil" in joined  # shown, escaped, not dropped


def test_script_in_every_field_the_report_shows_stays_text(root, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(f"<html><head><title>{SCRIPT}</title><meta name='author' content='{SCRIPT}'></head><body>"
                    f"<article><h1>{SCRIPT}</h1><p>Niger {SCRIPT} is the subject of this report about troops and "
                    "negotiations, written to be long enough to count as an article body for the importer. "
                    f"</p><p>More about Niger and {SCRIPT} here, with several sentences so that the extractor "
                    "keeps the paragraph.</p></article></body></html>", encoding="utf-8")
    with Archive.open(root) as archive:
        outcome = archive.import_files([page])[0]
        assert outcome.status == "imported", outcome.reason
        article = outcome.article_id
        for name, value in (("title", SCRIPT), ("author", SCRIPT), ("outlet", SCRIPT),
                            ("url", "javascript:alert(3)")):
            archive.apply(archive.editor.correct_metadata(article, name, value))
        entity = archive.editor.create_entity(SCRIPT, "person", aliases=[SCRIPT], description=SCRIPT)
        archive.apply(entity)
        edit = archive.editor.annotate_quote(article, "Niger", occurrence=1, note=SCRIPT, tags=[SCRIPT])
        archive.apply(edit)
        archive.apply(archive.editor.link_mention(edit.target, entity.target))
        archive.apply(archive.editor.mark_claim(edit.target, statement=SCRIPT, attribution_text=SCRIPT,
                                                explanation=SCRIPT, verdict="disputed"))
        claim = archive.annotations.claim_id_for_annotation(edit.target)
        cluster = archive.editor.create_cluster(SCRIPT, note=SCRIPT)
        archive.apply(cluster)
        archive.apply(archive.editor.add_to_cluster(cluster.target, [claim]))
        run_export(archive, tmp_path / "report.html", fmt="html", article_ids=[article])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    body = html.split("</style>", 1)[1]
    assert "<script" not in body.lower() and "<img" not in body.lower()
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', body)).lower()
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8  # each field shown, as text


PATHOLOGICAL = [
    "*", "*tion", "w*", "**", "?*", "a* OR b* OR c*",
    " OR ".join(f"word{i}" for i in range(64)),
    " AND ".join(f"(n{i} OR m{i})" for i in range(30)),
    "NOT " * 200,
    "(" * 16 + "niger" + ")" * 16,
    '"' + "niger " * 60 + '"',
    "title:[a TO zzzz]", "published:[1000-01-01 TO 9999-12-31]",
    "x" * 5000, "niger~" * 50, "ni*r", "^^^^", "\\" * 100,
]


@pytest.mark.parametrize("query", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_queries_are_answered_or_refused_quickly(sample_root, query):
    with Archive.open(sample_root, readonly=True) as archive:
        started = time.monotonic()
        try:
            hits = archive.search(query, limit=10)
        except QueryError as exc:
            assert str(exc)
        else:
            assert isinstance(hits, list)
        assert time.monotonic() - started < 5.0


@pytest.fixture(scope="module")
def readonly_archive(sample_root):
    archive = Archive.open(sample_root, readonly=True)
    yield archive
    archive.close()


QUERY_TEXT = st.lists(st.sampled_from(list('niger troops"()[]{}*?+-:^~\'\\/!&|%_;<>\x00\u202e é')
                                      + ["AND ", "OR ", "NOT ", "TO ", "title:", "published:", "tag:"]),
                      max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERY_TEXT)
def test_any_query_through_the_archive_gives_results_or_a_query_error(readonly_archive, text):
    try:
        hits = readonly_archive.search(text, limit=5)
    except QueryError as exc:
        assert str(exc)
    else:
        assert all(h.id in readonly_archive.current_ids() for h in hits)


@pytest.mark.slow
def test_a_ten_megabyte_single_line_file_is_imported_searched_and_shown(tmp_path, capsys):
    r = random.Random(5)
    words = ["".join(r.choice("abcdefghij") for _ in range(r.randint(2, 9))) for _ in range(5000)]
    big = tmp_path / "one-line.txt"
    big.write_text(" ".join(r.choice(words) for _ in range(1_400_000))[:10_000_000], encoding="utf-8")
    root = tmp_path / "archive"
    started = time.monotonic()
    with Archive.open(root) as archive:
        outcome = archive.import_files([big])[0]
        assert outcome.status == "imported", outcome.reason
        assert archive.search(words[7], limit=3)
        assert archive.check().ok
    assert time.monotonic() - started < 60
    code, out, _ = cli(capsys, root, "show", str(outcome.article_id), "--json")
    assert code == 0 and len(json.loads(out)["text"]) > 9_000_000
