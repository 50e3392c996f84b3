"""First start on a fresh machine: when the window cannot open (no display, Qt's system libraries missing) the
app says why and what to do, and exits 1 — never Qt's abort (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from niger_archive.ui import preflight

ROOT = Path(__file__).resolve().parents[2]


def _start_app(tmp_path, **env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"NIGER_ARCHIVE_CONFIG": str(tmp_path / "settings.json"), **env_changes})
    return subprocess.run([sys.executable, "-m", "niger_archive", "--archive", str(tmp_path / "A")],
                          env=env, capture_output=True, text=True, timeout=120)


def test_without_a_display_the_app_says_so_and_exits_1_instead_of_aborting(tmp_path):
    done = _start_app(tmp_path, QT_QPA_PLATFORM="xcb")
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "no display" in lines[0] and "xvfb-run" in lines[0]
    assert "Aborted" not in done.stderr and "qt.qpa" not in done.stderr


def test_missing_qt_libraries_are_named_with_the_command_that_installs_them(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(preflight, "missing_libraries", lambda plugin: ["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    monkeypatch.setattr(preflight.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    problem = preflight.gui_problem()
    assert problem is not None
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in problem
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4" in problem


def test_ldd_output_gives_the_missing_libraries_once_each():
    out = ("\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x1)\n"
           "\tlibxcb-icccm.so.4 => not found\n\tlibxcb-keysyms.so.1 => not found\n"
           "\tlibxcb-icccm.so.4 => not found\n\t/lib64/ld-linux-x86-64.so.2 (0x2)\n")
    assert preflight.parse_ldd(out) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert preflight.packages_for(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"], "debian") == [
        "libxcb-icccm4", "libxcb-keysyms1"]
    assert preflight.packages_for(["libxcb-icccm.so.4"], "fedora") == ["xcb-util-wm"]


def test_every_library_the_xcb_plugin_links_is_known_to_the_installer():
    """The map from library to package covers what this Qt's xcb plugin really links from the system."""
    path = preflight.plugin_path("xcb")
    if path is None or not sys.platform.startswith("linux"):
        pytest.skip("no xcb platform plugin here")
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
    names = [line.split("=>")[0].strip() for line in out.splitlines() if "=>" in line]
    system = [n for n in names if n.startswith(("libxcb", "libxkb", "libX11", "libGL.", "libEGL", "libfontconfig",
                                                "libdbus"))]
    assert system and all(n in preflight.SYSTEM_LIBRARIES for n in system), set(system) - set(
        preflight.SYSTEM_LIBRARIES)


def test_the_run_script_sets_up_and_opens_the_app():
    script = (ROOT / "run").read_text()
    assert os.access(ROOT / "run", os.X_OK)
    assert "niger_archive.ui.preflight --install-command" in script
    assert "exec .venv/bin/niger-archive" in script
    readme_first = (ROOT / "README.md").read_text().split("```sh\n")[1].splitlines()[0]
    assert readme_first.startswith("./run")
