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
    _workers_start_from_the_frozen_app(app, env)


def _workers_start_from_the_frozen_app(app: Path, env: dict[str, str]) -> None:
    """Large imports start the frozen app itself as a parse worker and as the search index writer."""
    import tempfile

    from niger_archive.platform.processes import read_message, write_message

    sample = next((ROOT / "samples").glob("*.txt"))
    parser = subprocess.Popen([str(app), "--parse-worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    write_message(parser.stdin, (sample.read_bytes(), sample.name))
    kind, prepared = read_message(parser.stdout)
    parser.stdin.close()
    assert parser.wait(timeout=60) == 0
    assert kind == "ok" and "Niger" in prepared.draft.text

    with tempfile.TemporaryDirectory() as folder:
        writer = subprocess.Popen([str(app), "--index-writer", str(Path(folder) / "index"), "100"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert read_message(writer.stdout) == ("ready", None)
        write_message(writer.stdin, ("add", [{"id": 1, "title": "Troops leave Niger", "body": prepared.draft.text}]))
        write_message(writer.stdin, ("close", None))
        assert read_message(writer.stdout) == ("ok", None)
        assert writer.wait(timeout=60) == 0
        from niger_archive.search import SearchIndex

        index = SearchIndex.open(Path(folder) / "index")
        try:
            assert [hit.id for hit in index.search("troops")] == [1]
        finally:
            index.close()
