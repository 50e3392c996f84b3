"""A French interface (issue 17): the menus, the toolbar's tips and the command palette speak French
when the settings (or the system locale) choose it; the palette still finds a command by its English
name; keys stay the same."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from niger_archive.commands import REGISTRY
from niger_archive.commands.registry import CONTEXT_TITLES, MENUS
from niger_archive.platform import i18n
from niger_archive.services.settings import Settings, settings_path


@pytest.fixture
def french(make_window, tmp_path):
    settings = Settings.load()
    settings.interface_language = "fr"
    settings.save()
    yield
    i18n.set_language("en")
    settings_path().unlink(missing_ok=True)


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        texts.append(action.text())
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def english_words() -> set[str]:
    """Every English string the French catalogue or the registry knows (less those spelt alike)."""
    names = {c.title for c in REGISTRY} | set(MENUS) | set(CONTEXT_TITLES.values()) | {"Colour"}
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    return (names | set(catalogue)) - {english for english, french in catalogue.items() if english == french}


def test_the_menus_speak_french_and_keep_their_keys(qtbot, make_window, french, tmp_path):
    window = make_window(tmp_path / "archive")
    bar = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert bar[:8] == ["Fichier", "Édition", "Annoter", "Affirmation", "Aller", "Affichage", "Entités", "Aide"]
    english = english_words()
    untranslated = []
    for action in window.menuBar().actions():
        for text in menu_texts(action.menu()):
            if text.replace("&", "") in english:
                untranslated.append(text)
    assert not untranslated, f"menu entries left in English: {untranslated}"
    actions = window.command_actions.actions
    assert actions["claim.mark"].text() == "Marquer comme affirmation"
    assert actions["claim.mark"].shortcut() == QKeySequence("C")
    assert actions["edit.undo"].text() == "Annuler"


def test_the_palette_finds_commands_by_their_french_and_english_names(qtbot, make_window, french, tmp_path):
    window = make_window(tmp_path / "archive")
    for typed in ("raccourcis clavier", "keyboard shortcuts"):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        question = window.prompt.question
        assert question.prompt == "Lancer une commande"
        assert window.prompt.title.text() == "Lancer une commande"
        assert window.prompt.hint.text() == "Tapez pour filtrer · ↑↓ choisissent · Entrée confirme · Échap annule"
        labels = {o.value: o.label for o in question.options}
        assert labels["help.keys"] == "Raccourcis clavier"
        assert not {label for label in labels.values()} & english_words()
        qtbot.keyClicks(window.prompt.edit, typed)
        qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
        assert window._help is not None and window._help.isVisible()
        window._help.close()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_the_interface_follows_the_system_language_unless_the_setting_says_otherwise():
    assert i18n.choose_language("system", {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert i18n.choose_language("system", {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}) == "fr"
    assert i18n.choose_language("en", {"LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.choose_language("fr", {"LANG": "en_GB.UTF-8"}) == "fr"
    assert i18n.choose_language("system", {"LANG": "de_DE.UTF-8"}) == "en"  # no German catalogue
    assert i18n.choose_language("system", {"LANG": "C"}) == "en"


def test_every_command_title_menu_and_pane_name_has_a_french_translation():
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    missing = sorted(english_words() - set(catalogue))
    assert not missing, f"no French for: {missing}"


# Strings not yet routed through the translation (none in the panes of an empty window today); any
# other English caption that appears fails the test below.
NOT_YET_TRANSLATED: set[str] = set()


def visible_strings(window) -> dict[str, str]:
    from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QDockWidget, QGroupBox, QLabel,
                                   QLineEdit, QPlainTextEdit, QTabBar, QTextEdit, QWidget)

    seen: dict[str, str] = {}

    def add(kind: str, text) -> None:
        text = str(text or "").strip()
        if text:
            seen.setdefault(text, kind)

    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel):
            add("label", widget.text())
        if isinstance(widget, QAbstractButton):
            add("button", widget.text())
        if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            add("placeholder", widget.placeholderText())
        if isinstance(widget, QDockWidget):
            add("pane", widget.windowTitle())
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add("tab", widget.tabText(i))
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add("choice", widget.itemText(i))
        if isinstance(widget, QGroupBox):
            add("group", widget.title())
        add("tooltip", widget.toolTip())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model
                columns = 1
            for column in range(columns):
                add("column", model.headerData(column, Qt.Orientation.Horizontal))
    return seen


def test_the_panes_of_a_french_window_show_no_english_caption(qtbot, make_window, french, tmp_path):
    window = make_window(tmp_path / "archive")
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    english = english_words() | NOT_YET_TRANSLATED
    french_texts = set(catalogue.values())
    shown = visible_strings(window)
    left_in_english = {text: kind for text, kind in shown.items()
                       if text in english and text not in french_texts and text not in NOT_YET_TRANSLATED}
    assert not left_in_english, left_in_english
    assert "Cette archive est vide" in shown and "Désaccords" in shown and "Titre" in shown
    assert {"Bibliothèque", "Inspecteur", "Entités", "Révision"} <= set(shown)


def test_the_keyboard_reference_speaks_french(qtbot, make_window, french, tmp_path):
    window = make_window(tmp_path / "archive")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    help_window = window._help
    assert help_window is not None and help_window.windowTitle() == "Raccourcis clavier"
    model = help_window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Où", "Touches", "Commande", "Ce qu'elle fait"]
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    english = set(catalogue) - set(catalogue.values())
    cells = {model.index(r, c).data() for r in range(model.rowCount()) for c in (0, 2, 3)}
    assert not cells & english, sorted(cells & english)[:10]
    missing = sorted({row.description for row in help_window.rows if row.command_id} - set(catalogue))
    assert not missing, f"descriptions with no French: {missing}"
    help_window.close()


def test_a_command_asks_its_question_in_french_and_the_choice_is_kept(qtbot, make_window, french, tmp_path):
    window = make_window(tmp_path / "archive")
    window.commands.run("view.language")
    assert window.prompt.title.text() == "Langue de l'interface"
    qtbot.keyClicks(window.prompt.edit, "English")
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    assert Settings.load().interface_language == "en"
    assert "windows opened from now on" not in window.statusBar().currentMessage()
    assert "Langue de l'interface : English" in window.statusBar().currentMessage()


def test_compare_in_french_flags_a_disagreement_between_a_french_and_an_english_claim(qtbot, make_window, french,
                                                                                          tmp_path):
    from pathlib import Path

    from niger_archive.services.archive import Archive

    root = Path(__file__).resolve().parents[2]
    archive = Archive.open(tmp_path / "bilingual")
    archive.import_files([root / "samples", root / "tests" / "fixtures" / "french"])
    ed = archive.editor
    cluster = ed.create_cluster("Soldats américains au Niger")
    archive.apply(cluster)
    claims = []
    for passage in ("more than 1,000 troops from Niger", "Près d'un millier de militaires américains"):
        article_id = next(i for i in archive.current_ids() if passage in (archive.articles.text(i) or ""))
        start = (archive.articles.text(article_id) or "").index(passage)
        highlight = ed.create_annotation(article_id, start, start + len(passage))
        archive.apply(highlight)
        claim = ed.mark_claim(highlight.target)
        archive.apply(claim)
        claims.append(claim.target)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.close()

    window = make_window(tmp_path / "bilingual")
    window.focus_target("compare")
    window.compare.show_cluster(cluster.target)
    model = window.compare.model
    assert model.headerData(0, Qt.Orientation.Vertical) == "Chiffre"
    assert window.compare.summary.text().startswith("2 affirmations de 2 articles")
    assert window.compare.summary.text().endswith("1 désaccord")
    passages = {model.index(1, c).data() for c in range(model.columnCount())}
    assert {"more than 1,000 troops from Niger", "Près d'un millier de militaires américains"} <= passages
    # each figure said in French, whichever language its passage is in
    figures = {model.index(0, c).data() for c in range(model.columnCount())}
    assert figures == {"plus de 1\u202f000 soldats", "près de 1\u202f000 soldats"}


def test_counts_are_written_the_french_way():
    from niger_archive.ui.library import count_label

    try:
        i18n.set_language("fr")
        assert count_label(7751, None, True, False) == "7\u202f751 articles"
        assert count_label(500, 7751, True, True) == "500 sur 7\u202f751 résultats"
    finally:
        i18n.set_language("en")
    assert count_label(7751, None, True, False) == "7,751 articles"


# --- a whole French session (issue 17): nothing the user reads is left in English ---------------------------

ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|is|are|not|from|this|first|choose|open|imported|failed|skipped|"
                           r"cancelled|none|found|Import|Export|Check|Nothing|already|no)\b")


def left_in_english(texts, catalogue) -> list[str]:
    """The texts a French user would read in English: one that is an English string of the catalogue
    (and not also its French), or one that reads as English (its function words)."""
    english = english_words()
    french = set(catalogue.values())
    out = []
    for text in texts:
        plain_text = str(text or "").replace("&", "").strip()
        if not plain_text or plain_text in french:
            continue
        words = " ".join(w for w in plain_text.split() if "/" not in w and "\\" not in w)  # paths are the user's
        if plain_text in english or ENGLISH_WORDS.search(words):
            out.append(plain_text)
    return out


def _import_folder(tmp_path):
    folder = tmp_path / "to-import"
    folder.mkdir()
    root = Path(__file__).resolve().parents[2]
    shutil.copy(root / "tests" / "fixtures" / "french" / "rfi_retrait.txt", folder)
    (folder / "broken.pdf").write_bytes(b"this is not a PDF")
    return folder


def test_a_french_session_reads_french_in_the_status_bar_prompts_and_dialogs(qtbot, make_window, french, tmp_path):
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    window = make_window(tmp_path / "archive")
    window.commands.run("file.import", [str(_import_folder(tmp_path))])
    qtbot.waitUntil(lambda: not window.tasks.busy and window.import_report is not None, timeout=20000)
    status = window.statusBar().currentMessage()
    # the summary of the import, said in French with its parts (the reason itself comes from the PDF reader)
    assert status.startswith("1 article importé ; 1 en échec : broken.pdf (")
    assert not left_in_english([status.split(" (", 1)[0]], catalogue), status
    report = window.import_report
    assert report.windowTitle() == "Rapport d'import"
    lines = report.text.toPlainText().splitlines()
    assert lines[0].startswith("1 article importé") and "En échec (1) :" in lines
    assert not left_in_english([report.copy_button.text(), lines[0].split(" (", 1)[0], lines[2]], catalogue)
    report.close()

    # a confirmation in the prompt bar: its question, its explanation and its choices
    window.commands.run("file.resume_import", [str(tmp_path / "to-import")], 1, 3)
    prompt = window.prompt
    shown = [prompt.title.text(), prompt.message.text(), prompt.hint.text(),
             *(prompt.list.item(i).text() for i in range(prompt.list.count()))]
    assert prompt.title.text() == "Importation arrêtée : 1 sur 3 fichiers — la reprendre ?"
    assert {"Reprendre l'importation", "Pas maintenant"} <= set(shown)
    assert not left_in_english(shown, catalogue), shown
    qtbot.keyClicks(prompt.edit, "pas maintenant")  # a French answer picks the French choice
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    assert not prompt.isVisible()

    # a command that cannot run says why in French
    window.commands.run("annotate.untag")
    assert window.statusBar().currentMessage().startswith(("Sélectionnez d'abord un passage : s sélectionne la phrase",
                                                           "Ouvrez d'abord un article : Entrée dans la bibliothèque"))

    # the About window (its body stays English on purpose: it is pasted into bug reports) and the help
    window.commands.run("help.about")
    assert window._about.windowTitle() == "À propos de Niger Archive"
    window._about.close()
    window.commands.run("help.keys")
    assert not left_in_english([window._help.windowTitle(), window._help.filter.placeholderText()], catalogue)
    window._help.close()

    # the library: its counts, dates and columns
    shown = visible_strings(window)
    assert not left_in_english(shown, catalogue), {t: k for t, k in shown.items()
                                                   if t in left_in_english([t], catalogue)}
    model = window.library.table.model()
    dates = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert dates and all(re.fullmatch(r"\d{1,2} \w+\.? \d{4}|", d or "") for d in dates), dates
    assert window.library.count.text() == "1 article"


def test_compare_and_the_edit_menu_in_french_leave_no_english_reasoning(qtbot, make_window, french, tmp_path):
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    from niger_archive.services.archive import Archive

    root = Path(__file__).resolve().parents[2]
    archive = Archive.open(tmp_path / "bilingual")
    archive.import_files([root / "samples", root / "tests" / "fixtures" / "french"])
    ed = archive.editor
    cluster = ed.create_cluster("Soldats américains au Niger")
    archive.apply(cluster)
    claims = []
    for passage in ("more than 1,000 troops from Niger", "Près d'un millier de militaires américains"):
        article_id = next(i for i in archive.current_ids() if passage in (archive.articles.text(i) or ""))
        start = (archive.articles.text(article_id) or "").index(passage)
        highlight = ed.create_annotation(article_id, start, start + len(passage))
        archive.apply(highlight)
        claim = ed.mark_claim(highlight.target)
        archive.apply(claim)
        claims.append(claim.target)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.apply(ed.set_claim(claims[0], verdict="false"))
    archive.close()

    window = make_window(tmp_path / "bilingual")
    undo_text = window.command_actions.actions["edit.undo"].text()
    assert undo_text.startswith("Annuler Verdict : fausse"), undo_text
    window.focus_target("compare")
    window.compare.show_cluster(cluster.target)
    items = [window.compare.disagreements.item(i).text() for i in range(window.compare.disagreements.count())]
    assert items and any(" contre " in item for item in items), items
    reasoning = [part for item in items for part in re.split(r"[:;()—]", item)]
    # the figures and passages are the articles' own words; everything the program says about them is French
    assert not left_in_english([p for p in reasoning if "troops" not in p and "Niger" not in p], catalogue), items
    model = window.compare.model
    verdicts = {model.index(4, c).data() for c in range(model.columnCount())}
    assert verdicts == {"fausse", "non vérifiée"}


def test_the_html_report_and_the_export_summary_speak_french(tmp_path):
    from niger_archive.commands.bundle_actions import summarize_export
    from niger_archive.services.archive import Archive
    from niger_archive.services.bundle_exchange import export_bundle

    root = Path(__file__).resolve().parents[2]
    archive = Archive.open(tmp_path / "archive")
    archive.import_files([root / "tests" / "fixtures" / "french"])
    try:
        i18n.set_language("fr")
        results = list(export_bundle(archive, str(tmp_path / "report.html"), fmt="html"))
        summary = i18n.tr(summarize_export(results))
        html = (tmp_path / "report.html").read_text(encoding="utf-8")
    finally:
        i18n.set_language("en")
        archive.close()
    assert summary.startswith("Exporté : toute l'archive vers ")
    assert summary.endswith(": 2 articles, 0 surlignage, 0 affirmation, 0 groupe, 0 entité")
    assert '<html lang="fr">' in html and "<h1>Rapport Niger Archive</h1>" in html
    assert "Niger Archive report" not in html


# --- what goes wrong, said in French: an import failure, a bad query, a refused undo, a bundle conflict ------

ARTICLE_QUOTE = re.compile(r"[«“][^»”]*[»”]")  # quoted article words and names stay as the article has them


def _program_words(text: str) -> str:
    """``text`` without what the user or an article wrote (quoted passages)."""
    return ARTICLE_QUOTE.sub("«»", str(text or ""))


def _conflict_in_french(sample_archive, tmp_path):
    """A bundle changing a highlight's note that this archive changed too since it exported it (the notes
    are the users' own words, in French)."""
    from niger_archive.services import bundle_exchange
    from niger_archive.services.archive import Archive
    from niger_archive.services.editing import new_id

    article_id = sample_archive.current_ids()[0]
    annotation_id = new_id()
    sample_archive.apply(sample_archive.editor.create_annotation(article_id, 10, 50, note="première",
                                                                 annotation_id=annotation_id))
    first = tmp_path / "premier.nabundle"
    bundle_exchange.run_export(sample_archive, first)
    with Archive.open(tmp_path / "collegue") as colleague:
        bundle_exchange.import_bundle(colleague, first)
        colleague.apply(colleague.editor.set_note(annotation_id, "sa note"))
        second = tmp_path / "second.nabundle"
        bundle_exchange.run_export(colleague, second)
    sample_archive.apply(sample_archive.editor.set_note(annotation_id, "ma note"))
    return second, annotation_id


def test_a_french_session_meets_failures_bad_queries_refusals_and_conflicts_in_french(qtbot, make_window, french,
                                                                                      sample_archive, tmp_path):
    catalogue = i18n.read_catalogue(i18n.locale_dir() / "fr.po")
    bundle, annotation_id = _conflict_in_french(sample_archive, tmp_path)
    needs_review = sample_archive.annotations.annotation(annotation_id)
    with sample_archive.writing():  # a new version of its article moved this highlight: it needs review
        sample_archive.db.execute("UPDATE annotations SET anchor_status = 'needs_review', anchor_score = 0.8 "
                                  "WHERE id = ?", [needs_review.id])
    sample_archive.close()
    folder = tmp_path / "a-importer"
    folder.mkdir()
    (folder / "vide.txt").write_bytes(b"")
    (folder / "binaire.txt").write_bytes(b"\x00\x01\x02 pas du texte \x00" * 20)
    (folder / "tableau.xlsx").write_bytes(b"PK\x03\x04")
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(folder / "chiffre.pdf", "wb") as fh:
        writer.write(fh)

    window = make_window(sample_archive.root)

    # an import with files it cannot take: the status bar and the report say why, in French
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.prompt.isVisible()
    qtbot.keyClicks(window.prompt.edit, str(folder))
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy and window.import_report is not None, timeout=30000)
    status = window.statusBar().currentMessage()
    assert "en échec" in status and not left_in_english([status], catalogue), status
    report = window.import_report.text.toPlainText()
    assert "le fichier est vide" in report
    assert "le fichier semble binaire" in report
    assert "un fichier .xlsx n'est pas un type d'article que ce programme importe" in report
    assert "le PDF est chiffré (il demande un mot de passe)" in report
    assert not left_in_english(report.splitlines(), catalogue), report
    window.import_report.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)

    # a search query the program refuses says why in French
    for query, expected in (('"retrait des troupes', "Guillemets déséquilibrés"),
                            ("AND niger", "AND demande un mot ou un groupe avant lui."),
                            ("published:2024-13", "La date 2024-13 n'existe pas"),
                            ("a*", "« a* » est trop court")):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Slash)
        search = window.library.search
        assert QApplication.focusWidget() is search
        search.clear()
        qtbot.keyClicks(search, query)
        qtbot.keyClick(search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda expected=expected: expected in window.library.count.text(), timeout=10000)
        shown = window.library.count.text()
        assert not left_in_english([_program_words(shown)], catalogue), shown
        qtbot.keyClick(search, Qt.Key.Key_Escape)
    window.library.search.clear()

    # an undo the archive refuses (another program changed the highlight meanwhile) says why in French
    window.focus_target("reader")
    window.push_edit(window.archive.editor.set_note(annotation_id, "ma note corrigée"))
    with window.archive.writing():
        window.archive.db.execute("UPDATE annotations SET note = 'changée ailleurs' WHERE id = ?", [annotation_id])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    refusal = window.statusBar().currentMessage()
    assert refusal.startswith("impossible d'annuler « "), refusal
    assert "a changé entre-temps (note) ; rien n'a été modifié" in refusal, refusal
    assert not left_in_english([_program_words(refusal)], catalogue), refusal

    # a bundle whose record changed on both sides: the Review pane describes the conflict in French
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.prompt.edit, str(bundle))
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.prompt.isVisible() and window.prompt.title.text().startswith("Importer second"),
                    timeout=30000)
    assert not left_in_english([_program_words(window.prompt.message.text())], catalogue), window.prompt.message.text()
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    review = window.review
    assert review.conflict_model.rowCount() == 1 and review.model.rowCount() >= 1
    cells = []
    for model, skip in ((review.conflict_model, {1}), (review.model, {1, 3})):  # the quote, the title: article words
        cells += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                if c not in skip:
                    cells += [model.index(r, c).data(), model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)]
    cells = [_program_words(c) for c in cells if c]
    assert "surlignage" in cells and "à vérifier" in cells, cells
    matches = [review.model.index(r, 2).data() for r in range(review.model.rowCount())]
    assert "80\u00a0%" in matches, matches  # the Match column writes a percentage the French way
    assert any(c.startswith("note : ") for c in cells), cells
    assert not left_in_english(cells, catalogue), cells
    assert not left_in_english([review.conflict_count.text(), review.count.text()], catalogue)


def test_a_french_session_importing_a_damaged_bundle_reads_why_in_french(qtbot, make_window, french, sample_archive,
                                                                         tmp_path):
    """A bundle whose article text changed after it was made (a bad copy): the import refuses it and says which
    file and why, in French."""
    import zipfile

    from niger_archive.services import bundle_exchange

    made = tmp_path / "collegue.nabundle"
    bundle_exchange.run_export(sample_archive, made)
    damaged = tmp_path / "abime.nabundle"
    changed = None
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/text.txt") and b"Niger" in data and changed is None:
                data = data.replace(b"Niger", b"Nigeria", 1)  # one word changed: the checksums no longer match
                changed = info.filename
            copy.writestr(info, data)
    sample_archive.close()
    window = make_window(sample_archive.root)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.prompt.edit, str(damaged))
    qtbot.keyClick(window.prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy and "somme de contrôle" in window.statusBar().currentMessage(),
                    timeout=30000)
    said = window.statusBar().currentMessage()
    assert said.startswith("Vérification de abime.nabundle a échoué : "), said
    assert f"somme de contrôle différente pour '{changed}' dans manifest-sha256.txt : le sac est endommagé ou a été " \
           "modifié (RFC 8493 §" in said, said
    assert "checksum" not in said and "damaged" not in said, said
