"""A journalist moves their Hypothesis highlights into the archive: each annotation of an export lands on
the article it was made on (by address, else by quote), anchored with the archive's own rule, with its
note and tags; what cannot be placed is said per annotation; one file is one undo step. The exports are
written here in the format of the Hypothesis API (id, uri, target[].selector, text, tags, document)."""

from __future__ import annotations

import json

import pytest

from niger_archive.cli import main
from niger_archive.core.errors import ImportRejected
from niger_archive.importers.hypothesis import code_points_from_utf16
from niger_archive.services.annotation_import import annotation_id_for, import_annotations

ENVOY = ("Title: Junta expels envoy\nURL: https://www.sahel-daily.example/2024/08/envoy/\nSource: Sahel Daily\n\n"
         "The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday. "
         "The embassy called the order unlawful and without precedent 🇳🇪 in the relations of the two countries.\n\n"
         "France said the military authorities had no legitimacy to make such a demand of its ambassador, who "
         "remained in the embassy compound on Saturday as crowds gathered outside.\n")
MINE = ("Title: Uranium exports halted\nSource: Niger Mining Weekly\n\n"
        "The operator of the Arlit uranium mine said it had halted exports after the border with Benin stayed "
        "closed for a third month, leaving ore stockpiled at the site in northern Niger.\n")


def annotation(ident, uri, exact, *, prefix="", suffix="", start=None, end=None, text="", tags=(), links=(),
               **extra):
    selectors = [{"type": "RangeSelector", "startContainer": "/main[1]/p[1]", "startOffset": 0,
                  "endContainer": "/main[1]/p[1]", "endOffset": 10}]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    if exact is not None:
        selectors.append({"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix})
    return {"id": ident, "created": "2024-08-06T10:00:00.000000+00:00", "updated": "2024-08-06T10:05:00.000000+00:00",
            "user": "acct:amina@hypothes.is", "uri": uri, "text": text, "tags": list(tags), "group": "__world__",
            "permissions": {"read": ["group:__world__"]},
            "target": [{"source": uri, "selector": selectors}],
            "document": {"title": ["Junta expels envoy"], "link": [{"href": h} for h in links]},
            "links": {"html": f"https://hypothes.is/a/{ident}"}, **extra}


def export(*annotations) -> str:
    return json.dumps({"export_date": "2024-08-07T08:00:00Z", "export_userid": "acct:amina@hypothes.is",
                       "client_version": "1.1500.0", "annotations": list(annotations)})


@pytest.fixture
def filled(archive, tmp_path):
    (tmp_path / "envoy.txt").write_text(ENVOY, encoding="utf-8")
    (tmp_path / "mine.txt").write_text(MINE, encoding="utf-8")
    outcomes = archive.import_files([tmp_path / "envoy.txt", tmp_path / "mine.txt"])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    return archive, outcomes[0].article_id, outcomes[1].article_id


def write(tmp_path, *annotations, name="hypothesis.json"):
    path = tmp_path / name
    path.write_text(export(*annotations), encoding="utf-8")
    return path


def test_highlights_land_on_their_article_with_notes_and_tags_as_one_undo_step(filled, tmp_path):
    archive, envoy, mine = filled
    path = write(
        tmp_path,
        # the address as the browser had it: http, no www, tracking parameters, a fragment
        annotation("h1", "http://sahel-daily.example/2024/08/envoy?utm_source=twitter#top", "48 hours to leave Niamey",
                   prefix="French envoy ", suffix=", the foreign", start=5120, end=5144,
                   text="Check the deadline with the ministry", tags=["deadline", "expulsion"]),
        # quote with a typo fixed since: still placed (fuzzy), the note kept
        annotation("h2", "https://sahel-daily.example/2024/08/envoy", "the military authoritys had no legitimacy",
                   text="France's position"),
        # an address not in the archive, but a quote that is: matched by quote
        annotation("h3", "https://mirror.example/copy/uranium", "halted exports after the border with Benin",
                   tags=["uranium"]),
        # a page nobody archived
        annotation("h4", "https://elsewhere.example/story", "a sentence of another story entirely"),
        # a reply and a page note: not highlights
        annotation("h5", "https://sahel-daily.example/2024/08/envoy", None, text="Agreed", references=["h1"]),
        annotation("h6", "https://sahel-daily.example/2024/08/envoy", None, text="Whole page: follow up"),
        # the quote is nowhere in the matched article: kept as an orphan for review
        annotation("h7", "https://sahel-daily.example/2024/08/envoy", "the president resigned on Tuesday evening"),
    )
    before = archive.undo_status()
    report = import_annotations(archive, path)
    status = {r.hypothesis_id: r for r in report.results}
    assert status["h1"].status == "placed" and status["h1"].article_id == envoy
    assert status["h2"].status == "placed" and status["h2"].article_id == envoy
    assert status["h3"].status == "placed" and status["h3"].article_id == mine
    assert "matched by quote" in status["h3"].reason
    assert status["h4"].status == "no matching article" and "elsewhere.example" in status["h4"].reason
    assert status["h5"].status == status["h6"].status == "not a highlight"
    assert status["h7"].status == "needs review" and "orphan" in status["h7"].reason
    assert report.summary() == "hypothesis.json: 3 placed, 1 needs review, 1 no matching article, 2 not a highlight"

    text = archive.get_article(envoy).text
    first = archive.annotations.annotation(annotation_id_for("h1"))
    assert text[first.start:first.end] == "48 hours to leave Niamey"
    assert first.note == "Check the deadline with the ministry"
    assert set(first.tags) == {"deadline", "expulsion"}
    assert first.author == "amina@hypothes.is"
    second = archive.annotations.annotation(annotation_id_for("h2"))
    assert text[second.start:second.end] == "the military authorities had no legitimacy"
    orphan = archive.annotations.annotation(annotation_id_for("h7"))
    assert orphan.anchor_status == "orphan" and orphan.exact == "the president resigned on Tuesday evening"

    # one undo step takes the whole file back
    assert archive.undo_status() != before
    assert "Import 4 Hypothesis annotations from hypothesis.json" in str(archive.undo_label())
    archive.undo()
    assert archive.annotations.find(envoy) == [] and archive.annotations.find(mine) == []


def test_importing_the_same_export_again_adds_nothing(filled, tmp_path):
    archive, envoy, _ = filled
    path = write(tmp_path, annotation("h1", "https://sahel-daily.example/2024/08/envoy", "48 hours to leave Niamey"))
    assert import_annotations(archive, path).count("placed") == 1
    again = import_annotations(archive, path)
    assert [r.status for r in again.results] == ["already imported"]
    assert len(archive.annotations.find(envoy)) == 1


def test_the_canonical_address_in_the_document_links_matches(filled, tmp_path):
    archive, envoy, _ = filled
    path = write(tmp_path, annotation("c1", "https://amp.reader.example/xyz", "called the order unlawful",
                                      links=["https://www.sahel-daily.example/2024/08/envoy/", "urn:x-pdf:abc"]))
    (result,) = import_annotations(archive, path).results
    assert (result.status, result.article_id) == ("placed", envoy)
    assert "matched by address" in result.reason


def test_an_api_search_answer_and_a_bare_list_are_read_too(filled, tmp_path):
    archive, envoy, _ = filled
    one = annotation("a1", "https://sahel-daily.example/2024/08/envoy", "48 hours to leave Niamey")
    two = annotation("a2", "https://sahel-daily.example/2024/08/envoy", "crowds gathered outside")
    (tmp_path / "api.json").write_text(json.dumps({"total": 1, "rows": [one]}), encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps([two]), encoding="utf-8")
    assert import_annotations(archive, tmp_path / "api.json").count("placed") == 1
    assert import_annotations(archive, tmp_path / "list.json").count("placed") == 1


@pytest.mark.parametrize("content", [b"not json", b'{"something": "else"}', b"\xff\xfe\x00garbage"])
def test_a_file_that_is_not_an_export_is_refused_and_changes_nothing(filled, tmp_path, content):
    archive, envoy, _ = filled
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match="not a Hypothesis export"):
        import_annotations(archive, path)
    assert archive.annotations.find(envoy) == []


def test_malformed_entries_are_reported_without_stopping_the_file(filled, tmp_path):
    archive, envoy, _ = filled
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"annotations": [
        "not an object", {"id": "x1", "target": "nonsense", "tags": 5},
        annotation("ok", "https://sahel-daily.example/2024/08/envoy", "48 hours to leave Niamey",
                   start="12", end=None, tags=["  ", "x" * 300])]}), encoding="utf-8")
    report = import_annotations(archive, path)
    assert [r.status for r in report.results] == ["not a highlight", "not a highlight", "placed"]
    placed = archive.annotations.annotation(annotation_id_for("ok"))
    assert placed.tags == ["x" * 100]


def test_browser_positions_count_utf16_units():
    text = "a🇳🇪b"  # two characters beyond U+FFFF: four UTF-16 units
    assert code_points_from_utf16(text, 0) == 0
    assert code_points_from_utf16(text, 1) == 1
    assert code_points_from_utf16(text, 5) == 3
    assert code_points_from_utf16(text, 6) == 4
    assert code_points_from_utf16(text, 99) == 4


def test_the_command_line_imports_an_export_and_reports_each_annotation(filled, tmp_path, archive_dir, capsys):
    archive, envoy, _ = filled
    archive.close()
    path = write(tmp_path, annotation("h1", "https://sahel-daily.example/2024/08/envoy", "48 hours to leave Niamey"),
                 annotation("h4", "https://elsewhere.example/story", "a sentence of another story entirely"))
    assert main(["--archive", str(archive_dir), "import-annotations", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"placed               h1 article {envoy} “48 hours to leave Niamey”" in out
    assert "no matching article  h4" in out
    assert out.strip().endswith("hypothesis.json: 1 placed, 1 no matching article")
    assert main(["--archive", str(archive_dir), "--json", "import-annotations", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["already imported"] == 1


class _Window:
    """The little of a window the import command uses: the archive, its undo stack, the status line."""

    def __init__(self, archive):
        self.archive = archive
        self.messages = []

    def push_steps(self, label, steps):
        return self.archive.apply_steps(label, steps)[1]

    def message(self, text, *, error=False):
        self.messages.append((text, error))


def test_the_window_command_asks_for_the_export_and_says_what_it_placed(filled, tmp_path):
    from niger_archive.commands import REGISTRY, PathQuestion, run_with_answers

    archive, envoy, _ = filled
    path = write(tmp_path, annotation("w1", "https://sahel-daily.example/2024/08/envoy", "48 hours to leave Niamey",
                                      tags=["deadline"]))
    window = _Window(archive)
    asked = run_with_answers(REGISTRY.get("file.import_annotations"), window, [[str(path)]])
    assert isinstance(asked[0], PathQuestion) and "*.json" in asked[0].filters
    assert window.messages == [("hypothesis.json: 1 placed", False)]
    assert [a.tags for a in archive.annotations.find(envoy)] == [["deadline"]]
    archive.undo()
    assert archive.annotations.find(envoy) == []
