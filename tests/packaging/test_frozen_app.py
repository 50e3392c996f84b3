"""The frozen app: packaging/build.py builds it from this tree, and the built app passes its --self-test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 1800


@pytest.mark.slow
def test_the_built_app_passes_its_self_test():
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], cwd=ROOT, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "built " in done.stdout and " MB " in done.stdout
    name = "niger-archive" + (".exe" if sys.platform == "win32" else "")
    app = ROOT / "dist" / "niger-archive" / name
    if sys.platform == "darwin":
        app = ROOT / "dist" / "Niger Archive.app" / "Contents" / "MacOS" / "niger-archive"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    test = subprocess.run([str(app), "--self-test"], capture_output=True, text=True, timeout=300, env=env,
                          cwd=Path.home())
    assert test.returncode == 0, test.stdout + test.stderr
    assert "packaged app" in test.stdout and "self-test passed" in test.stdout
    version = subprocess.run([str(app), "--version"], capture_output=True, text=True, timeout=120, env=env)
    from niger_archive import __version__

    assert version.stdout.strip().endswith(__version__)
