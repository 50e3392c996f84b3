"""Owns measuring the worst case of bundle anchoring: a dry run of a bundle whose one highlight quotes
about a million characters, slightly edited, with no position selector (the audit's 2.4 MB bundle).

    .venv/bin/python -m bench.long_quote --chars 1000000 --work /tmp/long-quote
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "bundles"))
from bundle_tools import with_json  # noqa: E402


def _text(chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    words = ["troops", "Niger", "withdrawal", "base", "Agadez", "Niamey", "officials", "said", "the", "of",
             "Pentagon", "junta", "drone", "September", "agreement", "statement", "forces", "American"]
    out, size = [], 0
    while size < chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def run(work: Path, chars: int) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    body = _text(chars)
    (work / "long.txt").write_text("A very long report\n\n" + body + "\n", encoding="utf-8")
    with Archive.open(work / "source") as source:
        (outcome,) = source.import_files([work / "long.txt"])
        text = source.articles.text(outcome.article_id) or ""
        start = text.index(body[:50])
        source.apply(source.editor.create_annotation(outcome.article_id, start, start + chars))
        run_export(source, work / "long.nabundle")

    def edit(doc: dict) -> dict:  # a slightly edited quote, and no position: the fuzzy path, whole length
        for item in doc["first"]["items"]:
            selectors = item["target"]["selector"]
            quote = selectors[0]
            exact = quote["exact"]
            quote["exact"] = exact[:1000] + "X" + exact[1001:len(exact) // 2] + "YZ" + exact[len(exact) // 2 + 2:]
            item["target"]["selector"] = [quote]
        return doc

    edited = with_json(work / "long.nabundle", work / "edited.nabundle", "data/annotations.jsonld", edit)
    with Archive.open(work / "target") as target:
        started = time.perf_counter()
        report = import_bundle(target, edited, dry_run=True)
        seconds = time.perf_counter() - started
    return {"quote_chars": chars, "bundle_bytes": edited.stat().st_size, "dry_run_seconds": round(seconds, 2),
            "anchored": report.reanchored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/niger-archive-long-quote"))
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()
    print(json.dumps(run(args.work, args.chars), indent=2))


if __name__ == "__main__":
    main()
