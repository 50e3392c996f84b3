"""Helpers shared by the reliability tests (imported by name; test folders are not packages)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CHILD = Path(__file__).with_name("crash_child.py")

HOLDER = """
import sys
from niger_archive.services.archive import Archive
archive = Archive.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
archive.close()
"""


def folder_state(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under root (relative path -> SHA-256), to show that nothing was written."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(str(p.relative_to(root)).startswith(s) for s in skip)
    }


@contextlib.contextmanager
def held_by_other_process(root: Path):
    """Another process with the archive open for writing until the block ends; yields its pid."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "ready", proc.stderr.read()
        yield proc.pid
    finally:
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(timeout=30)


def open_then_kill(root: Path) -> None:
    """A process opens the archive for writing and is killed (SIGKILL) without closing it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    finally:
        proc.kill()
        proc.wait(timeout=30)


class KilledChild:
    """Runs crash_child.py, waits for "ready", kills it after ``delay`` seconds; collects whole lines."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=ROOT)
        self.chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for chunk in iter(lambda: self.proc.stdout.read1(65536), b""):
            self.chunks.append(chunk)

    def lines(self) -> list[str]:
        # only lines ending in a newline: a line cut by the kill was never fully written
        return b"".join(self.chunks).decode("utf-8").split("\n")[:-1]

    def run(self, delay: float) -> list[str]:
        deadline = time.monotonic() + 60
        while "ready" not in self.lines():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"child did not start: {self.proc.stderr.read().decode()}")
            time.sleep(0.005)
        time.sleep(delay)
        self.proc.kill()
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        return self.lines()


def make_distinct_articles(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` small plain-text articles with unrelated wording (none is a version of another)."""
    r = random.Random(seed)
    vocab = ["".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 10))) for _ in range(3000)]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        words = [r.choice(vocab) for _ in range(r.randint(80, 200))]
        body = []
        for j in range(0, len(words), 20):
            sentence = " ".join(words[j:j + 20])
            body.append(sentence[0].upper() + sentence[1:] + ".")
        path = folder / f"article{i:03d}.txt"
        path.write_text(f"Report {i}: {' '.join(words[:6]).title()}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def small_mount(path: Path, size: str):
    """A tmpfs of ``size`` mounted at ``path`` (root only); skips the test when it cannot be mounted."""
    if not is_root() or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs (a full or read-only disk cannot be made otherwise)")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_readonly(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)
