"""Owns checking, before Qt starts, that the GUI can start at all: a display to draw on and the system
libraries Qt's platform plugin needs. Qt itself reports either problem with ``qFatal`` — a message and an
abort (exit 134) — which no Python code can catch; checked first, the app says why in one sentence and
what to do, and exits 1.

Imports no Qt at module level: ``python -m niger_archive.ui.preflight --install-command`` is what ``./run``
asks for the line that installs the missing libraries (the map from library to package lives only here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Library file (as ldd names it) -> (Debian/Ubuntu package, Fedora package). The Qt wheel brings Qt itself;
# these come from the system. Keep docs/packaging.md's table in step.
SYSTEM_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
}

_HEADLESS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl", "vkkhrdisplay"}


def platform_plugin() -> str:
    """The platform plugin Qt will load on this system (Linux: wayland or xcb), from the environment as Qt reads it."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if not sys.platform.startswith("linux"):
        return "native"
    if os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def plugin_path(plugin: str) -> Path | None:
    """The platform plugin's library inside the installed PySide6, found without loading Qt's GUI."""
    try:
        import PySide6
    except ImportError:
        return None
    base = Path(PySide6.__file__).parent
    for candidate in (base / "Qt" / "plugins" / "platforms" / f"libq{plugin}.so",
                      base / "plugins" / "platforms" / f"libq{plugin}.so"):
        if candidate.exists():
            return candidate
    return None


def missing_libraries(plugin: str = "xcb") -> list[str]:
    """The system libraries the platform plugin needs and the system lacks (``ldd`` says "not found")."""
    path = plugin_path(plugin)
    ldd = shutil.which("ldd")
    if path is None or ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ldd(out)


def parse_ldd(output: str) -> list[str]:
    """The library names ``ldd`` reports as "not found", each once, in its order."""
    missing: list[str] = []
    for line in output.splitlines():
        name, sep, where = line.strip().partition("=>")
        if sep and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def packages_for(libraries: list[str], family: str) -> list[str]:
    """The packages (``debian`` or ``fedora`` names) that provide the libraries, each once; with a plugin's
    own missing library unknown here, the known set Qt's xcb plugin needs (better one package too many)."""
    index = 0 if family == "debian" else 1
    names: list[str] = []
    for lib in libraries:
        pair = SYSTEM_LIBRARIES.get(lib)
        if pair is None:
            continue
        if pair[index] not in names:
            names.append(pair[index])
    if len(names) < len(libraries):  # an unmapped library: install the whole known set
        for pair in SYSTEM_LIBRARIES.values():
            if pair[index] not in names and "wayland" not in pair[index]:
                names.append(pair[index])
    return names


def install_command(libraries: list[str]) -> str | None:
    """The one line that installs the missing libraries on this system (apt-get or dnf), without sudo."""
    if shutil.which("apt-get"):
        return "apt-get install -y " + " ".join(packages_for(libraries, "debian"))
    if shutil.which("dnf"):
        return "dnf install -y " + " ".join(packages_for(libraries, "fedora"))
    return None


def gui_problem() -> str | None:
    """Why the GUI cannot start here, with what to do — or None when nothing stands in the way."""
    plugin = platform_plugin()
    if plugin in _HEADLESS or plugin == "native":
        return None
    if plugin == "xcb" and not os.environ.get("DISPLAY"):
        return ("cannot open the window: there is no display (DISPLAY is not set). Run it in a desktop session, "
                "or with a virtual display: xvfb-run niger-archive; commands such as "
                "`niger-archive search` need no display.")
    if plugin == "wayland" and not os.environ.get("WAYLAND_DISPLAY"):
        return "cannot open the window: there is no Wayland display (WAYLAND_DISPLAY is not set)."
    missing = missing_libraries(plugin)
    if missing:
        command = install_command(missing)
        how = (f"install them with: sudo {command}" if command else
               "install them with your system's package manager")
        return (f"cannot open the window: Qt's {plugin} platform plugin needs system libraries that are "
                f"missing ({', '.join(missing)}); {how} — or start the app with ./run, which does it.")
    return None


def main(argv: list[str] | None = None) -> int:
    """``--install-command``: print the line that installs the missing libraries (nothing when none are
    missing; exit 2 when they are missing but no known package manager is there)."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["--install-command"]:
        print("usage: python -m niger_archive.ui.preflight --install-command", file=sys.stderr)
        return 2
    plugin = platform_plugin()
    if plugin in _HEADLESS or plugin == "native":
        return 0
    missing = missing_libraries(plugin)
    if not missing:
        return 0
    command = install_command(missing)
    if command is None:
        print(f"missing system libraries: {', '.join(missing)}", file=sys.stderr)
        return 2
    print(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
