"""Owns ``niger-archive --self-test``: proves an installation (also a frozen one) works end to end, offscreen.

It imports the sample articles into a temporary archive, builds the main window offscreen, searches
through the library pane, opens the best hit in the reader, exports a bundle and reads it back with
a dry-run import into a second temporary archive. Nothing of the user's (archive, settings, window
layout) is read or written. The summary goes to standard output; a failure names the step and the
reason and makes the exit status 1.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from .. import __version__
from ..services.settings import CONFIG_ENV

log = logging.getLogger(__name__)
QUERY = "troops"
WAIT_SECONDS = 60.0


class SelfTestFailed(Exception):
    pass


def _wait(app, done: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SelfTestFailed(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


class Steps:
    """Remembers the step in progress, so a failure can say what was being done."""

    def __init__(self) -> None:
        self.current = "starting"

    def __call__(self, step: str) -> None:
        self.current = step
        log.info("self-test: %s", step)


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run the self-test; 0 when every step passed, else 1 after printing the step and the reason."""
    from .crash import setup_logging

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log_path = setup_logging()  # the details of a failure go to the log, the summary to the terminal
    started = time.monotonic()
    steps = Steps()
    config = os.environ.get(CONFIG_ENV)
    try:
        with tempfile.TemporaryDirectory(prefix="niger-archive-self-test-") as tmp:
            folder = Path(tmp)
            os.environ[CONFIG_ENV] = str(folder / "settings.json")  # never the user's settings
            try:
                lines = _run(folder, steps)
            finally:
                if config is None:
                    os.environ.pop(CONFIG_ENV, None)
                else:
                    os.environ[CONFIG_ENV] = config
    except Exception as exc:  # any failure is a result to report, with its step
        log.exception("self-test failed while %s", steps.current)
        reason = str(exc) if isinstance(exc, SelfTestFailed) else f"{type(exc).__name__}: {exc}"
        out(f"self-test FAILED while {steps.current}: {reason} (details in {log_path})")
        return 1
    for line in lines:
        out(line)
    out(f"self-test passed in {time.monotonic() - started:.1f} s")
    return 0


def _run(folder: Path, at: Steps) -> list[str]:
    from ..services import bundle_exchange
    from ..services.archive import Archive
    from ..platform.resources import samples_dir
    from .about import library_versions

    lines = [f"Niger Archive {__version__} self-test ({'packaged app' if getattr(sys, 'frozen', False) else 'source'}, "
             f"{platform.system()} {platform.machine()})"]
    lines += [f"  {name}: {version}" for name, version in library_versions()]

    at("finding the sample articles")
    samples = samples_dir()
    if samples is None:
        raise SelfTestFailed("this installation has no sample articles")

    at("importing the sample articles")
    with Archive.open(folder / "archive") as archive:
        outcomes = archive.import_files([samples])
    imported = [o for o in outcomes if o.status == "imported"]
    failed = [o for o in outcomes if o.status == "failed"]
    if failed or not imported:
        raise SelfTestFailed(f"{len(failed)} of {len(outcomes)} sample files failed"
                             + (f" ({failed[0].reason})" if failed else ""))
    lines.append(f"  imported {len(imported)} sample articles")

    at("building the main window offscreen")
    from PySide6.QtWidgets import QApplication

    from .app import build_window, ensure_application

    app = ensure_application()
    window = build_window(folder / "archive", remember=False)
    try:
        window.show()
        app.processEvents()
        if window.library.model.rowCount() != len(imported):
            raise SelfTestFailed(f"the library lists {window.library.model.rowCount()} articles, "
                                 f"expected {len(imported)}")

        at(f"searching for {QUERY!r}")
        window.library.search.setText(QUERY)
        window.library.run_query()
        _wait(app, lambda: not window.search_queries.pending, "the search")
        hits = window.library.model.rowCount()
        if not hits:
            raise SelfTestFailed(f"no article matches {QUERY!r}")
        lines.append(f"  search {QUERY!r}: {hits} matching articles")

        at("opening the best hit in the reader")
        window.library.open_current()
        if window.reader.article is None or not window.reader.article.text:
            raise SelfTestFailed("the reader shows no article")
        if not window.grab().save(str(folder / "window.png"), "PNG"):
            raise SelfTestFailed("the window could not be drawn")
        lines.append(f"  reader: “{window.reader.article.title}” ({len(window.reader.article.text)} characters)")

        at("exporting a bundle")
        bundle = folder / "self-test.nabundle"
        summary = bundle_exchange.run_export(window.archive, bundle)
        lines.append(f"  exported {summary.counts['articles']} articles to a bundle of "
                     f"{summary.size_bytes / 1024:,.0f} KB")
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()

    at("reading the bundle back (dry run)")
    with Archive.open(folder / "check") as other:
        report = bundle_exchange.import_bundle(other, bundle, dry_run=True)
    would_add = report.counts["article"]["added"]
    if would_add != len(imported):
        raise SelfTestFailed(f"the bundle would add {would_add} articles, expected {len(imported)}")
    lines.append(f"  bundle verified: it would add {would_add} articles to an empty archive")
    return lines
