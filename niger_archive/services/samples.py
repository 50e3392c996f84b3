"""Owns finding the bundled sample articles (source tree, installed data, or a frozen app)."""

from __future__ import annotations

import sys
from pathlib import Path


def samples_dir() -> Path | None:
    """The folder holding the five sample articles, or None when this installation has none."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "samples")
    candidates.append(Path(__file__).resolve().parents[2] / "samples")
    candidates.append(Path(sys.prefix) / "share" / "niger-archive" / "samples")
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None
