"""The French catalogue is complete (issue 17): every English string the program marks for translation
(``tr("…")``, ``N_("…")``, ``Message("…")``, the singular and plural of ``Message.counted``) and every fixed
text a command shows (its questions, its messages, why it cannot run, the title of its work) has a French
translation in ``resources/locale/fr.po`` that keeps the same placeholders; and messages made below the
interface come out in French when the interface is French, in English otherwise."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from niger_archive.core.messages import N_, Message, Recorded, joined
from niger_archive.platform import i18n

PACKAGE = Path(__file__).resolve().parents[2] / "niger_archive"
MARKERS = {"tr", "N_", "Message", "counted"}
SHOWN = {"Unavailable", "message", "show_message", "TextQuestion", "ChoiceQuestion", "PathQuestion", "Work",
         "run_background", "Progress"}
SHOWN_KEYWORDS = {"prompt", "message", "placeholder", "title"}
# fixed words outside commands that the interface shows by value (verdicts, kinds, types, statuses)
VOCABULARY = ("sentence", "paragraph")


def _constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def marked_strings() -> dict[str, str]:
    """English string -> where it is, for every string the code marks or a command shows."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args: list[ast.AST] = []
            if name == "counted" and not isinstance(node.func, ast.Attribute):
                continue  # bundle_actions.counted(n, kind): a kind id, translated through "{n} <kind>"
            if name in MARKERS:
                args = list(node.args[:3] if name == "counted" else node.args[:1])
            elif name in SHOWN and "commands" in path.parts:
                args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            elif name in SHOWN and name != "Progress":
                continue
            elif name == "Progress" and len(node.args) >= 3:
                args = [node.args[2]]
            for arg in args:
                for text in _constants(arg):
                    if any(c.isalpha() for c in text):
                        found.setdefault(text, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def vocabulary() -> set[str]:
    """Values shown through ``N_(value)``: verdicts, claim kinds, entity types, relations, units of text."""
    from niger_archive.commands.bundle_actions import FORMAT_TITLES, KIND_NAMES
    from niger_archive.core.annotations import CLAIM_KINDS, ENTITY_TYPES, RELATIONS, VERDICTS
    from niger_archive.services import annotation_import as ai

    from niger_archive.core import claim_compare, temporal

    words = {*CLAIM_KINDS, *ENTITY_TYPES, *RELATIONS, *VERDICTS, *VOCABULARY, *claim_compare.VERDICTS, *temporal.ROLES,
             "not compared", ": ", " vs ",
             ai.NEEDS_REVIEW, ai.NO_ARTICLE, ai.ALREADY, ai.NOT_HIGHLIGHT}
    words |= {text for pair in FORMAT_TITLES.values() for text in pair}
    words |= {"{n} " + form for pair in KIND_NAMES.values() for form in pair}
    words |= {"{n} " + w for w in ("claim", "claims", "annotation", "annotations", "article", "articles",
                                   "highlight", "highlights", "cluster", "clusters", "entity", "entities")}
    return words


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture
def catalogue() -> dict[str, str]:
    return i18n.read_catalogue(i18n.locale_dir() / "fr.po")


def test_every_marked_string_and_every_command_message_has_french(catalogue):
    wanted = marked_strings()
    missing = sorted(f"{where}: {text!r}" for text, where in wanted.items() if text not in catalogue)
    missing += sorted(f"(vocabulary) {w!r}" for w in vocabulary() if w not in catalogue)
    assert not missing, "no French for:\n" + "\n".join(missing)


def test_every_translation_keeps_the_placeholders_of_its_english(catalogue):
    wrong = {english: french for english, french in catalogue.items() if placeholders(english) != placeholders(french)}
    assert not wrong, wrong


def test_a_message_made_below_the_interface_is_said_in_french_with_its_numbers_the_french_way():
    summary = joined("; ", [Message.counted(1000, "Imported {n} article", "Imported {n} articles"),
                            Message("{n} already in the archive", n=2), N_("cancelled (the files imported so far stay)")])
    assert summary == "Imported 1000 articles; 2 already in the archive; cancelled (the files imported so far stay)"
    try:
        i18n.set_language("fr")
        french = i18n.tr(summary)
        assert french.startswith("1\u202f000 articles importés ; 2 déjà dans l'archive")
        assert i18n.tr(Message.counted(0, "Imported {n} article", "Imported {n} articles")) == "0 article importé"
        # a name inside a message is never translated, even when it is an English word the catalogue knows
        assert i18n.tr(Message("Tag “{tag}”", tag="Claim")) == "Étiquette « Claim »"
        # a label read back from the undo history is translated by the template it matches
        assert i18n.tr(Recorded("Set verdict to false")) == "Verdict : fausse"
    finally:
        i18n.set_language("en")
    assert i18n.tr(summary) == str(summary)
    import pickle  # progress and results cross to the window's thread and, from workers, between processes

    again = pickle.loads(pickle.dumps(summary))
    assert again == summary and again.template == summary.template and again.params.keys() == summary.params.keys()
    assert Message.counted(3, "{n} tag", "{n} tags").count("t") == 1  # still a str: its methods work


def test_dates_and_numbers_follow_the_interface_language():
    try:
        i18n.set_language("fr")
        assert i18n.date("2024-09-16") == "16 sept. 2024"
        assert i18n.date("2024-09-16", long=True) == "16 septembre 2024"
        assert i18n.moment("2024-08-05T19:40:00Z") == "5 août 2024 19:40"
        assert i18n.number(1000) == "1\u202f000"
        assert i18n.decimal(2.5) == "2,5"
    finally:
        i18n.set_language("en")
    assert i18n.date("2024-09-16") == "2024-09-16"
    assert i18n.number(1000) == "1,000"


def test_the_catalogue_has_no_english_left_as_french(catalogue):
    """A msgstr equal to its msgid is allowed only for words French writes alike."""
    alike = {english for english, french in catalogue.items() if english == french}
    looks_english = {w for w in alike if re.search(r"\b(the|and|of|with|is|are|no)\b", w)}
    assert not looks_english, sorted(looks_english)


def test_errors_raised_below_the_interface_keep_their_message_and_are_said_in_french(sample_archive):
    """A refused file, query and edit raise English (logs, the CLI) that the interface says in French."""
    from niger_archive.core.errors import ImportRejected, InvalidEdit, QueryError
    from niger_archive.importers.decoding import decode_bytes
    from niger_archive.search.querying import check_syntax

    refused = []
    for attempt in (lambda: decode_bytes(b""), lambda: check_syntax('"retrait des troupes'),
                    lambda: sample_archive.editor.add_tag(new_annotation(sample_archive), "   ")):
        with pytest.raises((ImportRejected, QueryError, InvalidEdit)) as caught:
            attempt()
        refused.append(caught.value)
    assert [str(e) for e in refused] == ["the file is empty",
                                        "Unbalanced quotes: the phrase opened at position 1 is never closed.",
                                        "a tag cannot be empty"]
    try:
        i18n.set_language("fr")
        assert [i18n.tr(e.message) for e in refused] == [
            "le fichier est vide", "Guillemets déséquilibrés : l'expression ouverte à la position 1 n'est jamais fermée.",
            "une étiquette ne peut pas être vide"]
    finally:
        i18n.set_language("en")


def new_annotation(archive) -> str:
    article_id = archive.current_ids()[0]
    edit = archive.editor.create_annotation(article_id, 0, 20)
    archive.apply(edit)
    return edit.target


def test_less_common_refusals_and_what_is_not_found_are_said_in_french(sample_archive):
    """An unknown verdict, a missing article or claim, a query that is not text: English for the CLI and logs,
    French in a French session."""
    from niger_archive.core.errors import NigerArchiveError

    editor = sample_archive.editor
    refused = []
    for attempt in (lambda: editor.set_claim("c0ffee", verdict="maybe"),
                    lambda: editor.create_annotation(987654, 0, 5),
                    lambda: sample_archive.annotations.resolve_id("claim", "nothing-like-it"),
                    lambda: sample_archive.index.search_results(42, 10)):  # type: ignore[arg-type]
        with pytest.raises(NigerArchiveError) as caught:
            attempt()
        refused.append(caught.value)
    assert [str(e) for e in refused] == [
        "unknown verdict 'maybe'; verdicts are unverified, supported, disputed, false, misleading",
        "no article with id 987654", "no claim with id 'nothing-like-it'", "The query must be text."]
    try:
        i18n.set_language("fr")
        assert [i18n.tr(e.message) for e in refused] == [
            "verdict inconnu 'maybe' ; les verdicts sont unverified, supported, disputed, false, misleading",
            "aucun article avec l'identifiant 987654", "aucune affirmation avec l'identifiant 'nothing-like-it'",
            "La requête doit être du texte."]
    finally:
        i18n.set_language("en")


def test_how_an_imported_copy_was_placed_and_a_binary_original_are_said_in_french(archive, tmp_path):
    """The import's words for a copy of a wire story, and the one line shown for an original that is not text."""
    import shutil

    from niger_archive.importers import original_text

    wire = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
    folder = tmp_path / "wire"
    shutil.copytree(wire, folder)
    outcomes = archive.import_files([folder / "a_ap.txt"]) + archive.import_files([folder / "b_courier.txt"])
    assert outcomes[1].reason == "copy of article 1 (Associated Press): same story on another site"
    binary = original_text(b"%PDF-1.4 this is not a PDF the reader can open", "pdf")
    assert binary.startswith("binary original (PDF, 46 bytes): its text cannot be read again (")
    try:
        i18n.set_language("fr")
        assert i18n.tr(outcomes[1].reason) == "copie de l'article 1 (Associated Press) : même sujet sur un autre site"
        assert i18n.tr(binary).startswith("original binaire (PDF, 46 octets) : son texte ne peut plus être lu (")
    finally:
        i18n.set_language("en")


def test_who_holds_an_archive_and_a_missing_snapshot_are_said_in_french(tmp_path):
    """Words the window shows when an archive cannot be opened for writing or a backup cannot be found."""
    from niger_archive.core.errors import ArchiveError
    from niger_archive.services import backups
    from niger_archive.services.locking import LockOwner

    holder = LockOwner(4242, "portable", "2026-05-04T10:12:00+00:00", "open").describe()
    with pytest.raises(ArchiveError) as missing:
        backups.resolve_snapshot(tmp_path, "2026-05-04")
    assert holder == "process 4242 (portable)"
    assert str(missing.value) == "no snapshot '2026-05-04' (list them with `niger-archive backup --list`)"
    try:
        i18n.set_language("fr")
        assert i18n.tr(holder) == "le processus 4242 (portable)"
        assert i18n.tr(missing.value.message) == ("aucun instantané '2026-05-04' (listez-les avec "
                                                  "`niger-archive backup --list`)")
    finally:
        i18n.set_language("en")
