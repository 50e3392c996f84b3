"""A child process for the crash tests: imports or edits, printing one flushed line per committed step.

Usage: ``crash_child.py import ARCHIVE FOLDER`` or ``crash_child.py edit ARCHIVE SEED``. It prints
``ready`` once the archive is open; the parent kills it with SIGKILL at a random moment after that.
One line is printed per step (per undo step for edits), only after the step's transaction has
committed, so every printed step must survive the kill.
"""

from __future__ import annotations

import random
import sys

from niger_archive.core.errors import InvalidEdit
from niger_archive.core.models import ImportOutcome
from niger_archive.services.archive import Archive


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_import(archive: Archive, folder: str) -> None:
    for event in archive.import_paths([folder]):
        if isinstance(event, ImportOutcome) and event.article_id is not None:
            say(f"article {event.article_id} {event.path}")
    say("done")


def run_edits(archive: Archive, seed: int) -> None:
    r = random.Random(seed)
    articles = archive.current_ids()
    for k in range(100_000):
        op = r.random()
        mine = [a.id for a in archive.annotations.find(r.choice(articles))]
        try:
            if op < 0.4 or not mine:
                article = r.choice(articles)
                text = archive.articles.text(article)
                start = r.randrange(0, len(text) - 40)
                note = f"note-{seed}-{k}"
                edit = archive.editor.create_annotation(article, start, start + r.randrange(5, 40), note=note)
                archive.apply(edit)
                say(f"annotation {edit.target} {note}")
            elif op < 0.7:
                tag = f"tag-{seed}-{k}"
                target = r.choice(mine)
                archive.apply(archive.editor.add_tag(target, tag))
                say(f"tag {target} {tag}")
            elif op < 0.85:
                target = r.choice(mine)
                archive.apply(archive.editor.mark_claim(target, attribution_text=f"source-{seed}-{k}"))
                say(f"claim {target} source-{seed}-{k}")
            else:  # a compound step: highlight + claim as one transaction and one undo step
                article = r.choice(articles)
                text = archive.articles.text(article)
                start = r.randrange(0, len(text) - 40)
                note = f"note-{seed}-{k}"
                made: list[str] = []

                def highlight(editor, article=article, start=start, note=note):
                    edit = editor.create_annotation(article, start, start + 20, note=note)
                    made.append(edit.target)  # noqa: B023 - called within this iteration
                    return edit

                archive.apply_steps("Highlight and claim", [
                    highlight, lambda editor: editor.mark_claim(made[0], attribution_text=f"source-{seed}-{k}")])  # noqa: B023
                say(f"compound {made[0]} {note} source-{seed}-{k}")
        except InvalidEdit:
            continue  # e.g. a claim on a highlight that already is one, or white space only
        if k % 7 == 6:
            archive.search("niger")  # searching flushes the index queue: kills also land in index writes


def main() -> None:
    mode, root, arg = sys.argv[1:4]
    archive = Archive.open(root)
    say("ready")
    if mode == "import":
        run_import(archive, arg)
    else:
        run_edits(archive, int(arg))
    archive.close()
    say("closed")


if __name__ == "__main__":
    main()
