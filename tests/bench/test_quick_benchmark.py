"""The benchmark command keeps working: quick mode (1k articles) runs end to end and reports every figure.

No timing is asserted here (the machine running CI is not the one the targets are for); the
figures and their targets are in docs/performance.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import render_table
from bench.run import REQUIRED_FIGURES, missing_figures

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_mode_writes_every_figure(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--results", str(tmp_path / "results"),
         "--work", str(tmp_path / "work")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((tmp_path / "results" / "quick.json").read_text())
    assert missing_figures(result) == []
    assert result["import"]["statuses"].get("failed", 0) == 0
    assert result["import"]["files"] == result["articles"] == 1000
    # Both engines found the same articles for every query of the mix (the comparison is fair).
    assert all(m["ours"] == m["fts5"] for m in result["search"]["matches"].values()), result["search"]["matches"]
    assert "| Import + index, articles/s |" in render_table({"1k": result})
    assert not (tmp_path / "work").exists()  # corpora and archives are removed afterwards


def test_missing_figures_are_reported():
    assert set(missing_figures({})) == set(REQUIRED_FIGURES)
    assert missing_figures({"import": {"articles_per_s": "fast"}})[0] == "import.articles_per_s"
