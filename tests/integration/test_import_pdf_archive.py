"""A PDF dropped into an import alongside broken ones: the good one becomes an article with its bytes
kept, the broken ones are refused with a reason, the batch goes on; importing it again is a duplicate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from niger_archive.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "importers"))
from pdf_maker import make_pdf  # noqa: E402

PAGES = [["Niger's junta reopens the border with Benin", "",
          "NIAMEY - The military government said on Sunday that the border with Benin would reopen",
          "on Monday after a year of closure, a decision welcomed by traders in the capital."]]


def run_json(capsys, *argv: str):
    code = main([*argv, "--json"])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def test_pdfs_in_a_batch(capsys, tmp_path):
    good = tmp_path / "border.pdf"
    good.write_bytes(make_pdf(PAGES, {"Author": "Amina Moussa"}))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]], numbered=False))
    arch = str(tmp_path / "A")
    code, outcomes = run_json(capsys, "import", str(good), str(tmp_path / "broken.pdf"), str(tmp_path / "scan.pdf"),
                              "--archive", arch)
    assert code == 1
    status = {Path(o["path"]).name: o for o in outcomes}
    assert status["border.pdf"]["status"] == "imported"
    assert "not a readable PDF" in status["broken.pdf"]["reason"]
    assert "no text layer" in status["scan.pdf"]["reason"]
    article = status["border.pdf"]["article_id"]
    _, shown = run_json(capsys, "show", str(article), "--archive", arch)
    assert shown["author"] == "Amina Moussa"
    assert "would reopen on Monday" in shown["text"]
    main(["show", str(article), "--raw", "--archive", arch])
    raw = capsys.readouterr().out  # the text read from the PDF (what the offsets point into), not its bytes
    assert not raw.startswith("%PDF") and "would reopen" in raw
    _, again = run_json(capsys, "import", str(good), "--archive", arch)
    assert again[0]["status"] == "duplicate"
