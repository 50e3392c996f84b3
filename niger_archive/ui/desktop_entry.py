"""Owns the Linux desktop integration: installing the .desktop entry, AppStream metainfo, bundle MIME type and
icons for the current user (``$XDG_DATA_HOME``), and removing them again.

The files live in ``resources/linux`` (source tree, installed data, or a frozen app); the entry's
``Exec`` is rewritten to the absolute path of this installation's launcher, so a double-clicked
``.nabundle`` opens this app. The hicolor PNGs are drawn from the one SVG icon at install time.
Afterwards ``update-mime-database`` and ``update-desktop-database`` run when they are installed (they
refresh caches; without them the files still work after the next login).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..platform.resources import APP_ID
from ..platform.resources import desktop_resources_dir as resources_dir

MIME_TYPE = "application/x-niger-archive-bundle"
LAUNCHER = "niger-archive"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SVG_ICON = "niger-archive.svg"
REFRESH_TIMEOUT = 60  # seconds for each cache tool


def data_home() -> Path:
    """``$XDG_DATA_HOME``, else ``~/.local/share`` (the XDG base directory rule)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this installation: the frozen executable, the ``niger-archive``
    script beside this Python, the one on PATH, or ``python -m niger_archive``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    beside = Path(sys.executable).with_name(LAUNCHER + (".exe" if os.name == "nt" else ""))
    if beside.is_file():
        return [str(beside)]
    found = shutil.which(LAUNCHER)
    if found:
        return [found]
    return [sys.executable, "-m", "niger_archive"]


def exec_value(command: list[str]) -> str:
    """``command`` quoted as the Desktop Entry specification wants for ``Exec``, then ``%F``."""
    reserved = set(' \t\n"\'\\><~|&;$*?#()`')
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if any(c in reserved for c in arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        parts.append(arg.replace("\\", "\\\\"))  # the file format escapes backslashes once more
    return " ".join(parts + ["%F"])


def desktop_text(template: str, command: list[str]) -> str:
    """The entry with ``Exec`` and ``TryExec`` pointing at ``command``."""
    out = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        out.append(line)
    return "\n".join(out) + "\n"


def targets(home: Path) -> dict[str, Path]:
    """Where each installed file goes under the data home."""
    out = {
        "desktop": home / "applications" / f"{APP_ID}.desktop",
        "metainfo": home / "metainfo" / f"{APP_ID}.metainfo.xml",
        "mime": home / "mime" / "packages" / f"{APP_ID}.xml",
        "svg": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    for size in HICOLOR_SIZES:
        out[f"png{size}"] = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    return out


@dataclass
class DesktopReport:
    """What installing or removing the entry did."""

    data_home: Path
    files: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)  # cache tools that ran
    missing_tools: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _refresh(home: Path, report: DesktopReport) -> None:
    commands = (
        ("update-mime-database", [str(home / "mime")]),
        ("update-desktop-database", ["-q", str(home / "applications")]),
    )  # no gtk-update-icon-cache: a cache in the user's icon folder would hide icons other apps add later
    for tool, args in commands:
        path = shutil.which(tool)
        if path is None:
            report.missing_tools.append(tool)
            continue
        try:
            done = subprocess.run([path, *args], capture_output=True, text=True, timeout=REFRESH_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            report.problems.append(f"{tool}: {exc}")
            continue
        if done.returncode == 0:
            report.refreshed.append(tool)
        else:
            report.problems.append(f"{tool} failed: {(done.stderr or done.stdout).strip()[:300]}")


def install(home: Path | None = None, command: list[str] | None = None) -> DesktopReport:
    """Install the entry, metainfo, MIME type and icons for the current user."""
    from .icons import write_png  # Qt draws the PNGs; imported here so the rest stays Qt-free

    resources = resources_dir()
    if resources is None:
        raise FileNotFoundError("this installation has no desktop files (resources/linux is missing)")
    home = home or data_home()
    report = DesktopReport(home)
    linux = resources / "linux"
    where = targets(home)
    for path in where.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    template = (linux / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    where["desktop"].write_text(desktop_text(template, command or launcher()), encoding="utf-8")
    shutil.copyfile(linux / f"{APP_ID}.metainfo.xml", where["metainfo"])
    shutil.copyfile(linux / f"{APP_ID}.mime.xml", where["mime"])
    svg = resources / "icons" / SVG_ICON
    shutil.copyfile(svg, where["svg"])
    for size in HICOLOR_SIZES:
        write_png(svg, size, where[f"png{size}"])
    report.files = list(where.values())
    _refresh(home, report)
    return report


def uninstall(home: Path | None = None) -> DesktopReport:
    """Remove what :func:`install` put in the data home (other files are left alone)."""
    home = home or data_home()
    report = DesktopReport(home)
    for path in targets(home).values():
        if path.is_file():
            path.unlink()
            report.files.append(path)
    _refresh(home, report)
    return report
