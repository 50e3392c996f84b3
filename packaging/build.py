"""Owns building the frozen desktop app with one command:

    .venv/bin/python packaging/build.py            (Windows: .venv\\Scripts\\python packaging\\build.py)

It first makes this Python's environment match ``packaging/constraints.txt`` (the exact versions of
every package the app and the build use; pip installs the project with its ``build`` extra against it
when anything differs), so a release build is reproducible. It installs PyInstaller and Pillow when
they are missing, draws the
app icon from resources/icons/niger-archive.svg (Qt renders the PNGs; Pillow writes the Windows .ico
and the macOS .icns from them) into build/icons, runs PyInstaller on packaging/niger-archive.spec,
and prints where the app is and how big its folder is. ``--clean`` starts from an empty cache;
``--self-test`` runs the built app's self-test at the end. ``--freeze`` rewrites the constraints
from this environment (after upgrading a dependency on purpose) and builds nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "niger-archive.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
ICONS = WORK / "icons"
SVG = ROOT / "resources" / "icons" / "niger-archive.svg"
NAME = "niger-archive"
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
REQUIREMENTS = {"PyInstaller": "pyinstaller>=6.10,<7", "PIL": "pillow>=10.4,<14"}
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def ensure_tools() -> None:
    missing = [spec for module, spec in REQUIREMENTS.items() if importlib.util.find_spec(module) is None]
    if missing:
        print(f"installing {', '.join(missing)} into {sys.prefix}", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", *missing], check=True)
        importlib.invalidate_caches()


def _closure() -> dict[str, str]:
    """Every installed distribution that niger-archive with its ``build`` extra needs, by name: version."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: dict[str, str] = {}
    todo = [("niger-archive", {"build"})]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if key != "niger-archive":
            if key in found:
                continue
            found[key] = dist.version
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in (extras or {""})):
                todo.append((req.name, set(req.extras)))
    return dict(sorted(found.items()))


def pinned() -> dict[str, str]:
    """The constraints file as name: version."""
    from packaging.utils import canonicalize_name

    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name)] = version.strip()
    return pins


def freeze() -> Path:
    """Writes the constraints from the packages installed now (the closure of niger-archive[build])."""
    lines = [f"{name}=={version}" for name, version in _closure().items()]
    CONSTRAINTS.write_text(
        "# The exact versions a release build uses: niger-archive, its build extra and everything they need.\n"
        f"# Made by `python packaging/build.py --freeze` on Python {sys.version_info.major}.{sys.version_info.minor}; "
        "regenerate it the same way after changing a dependency.\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return CONSTRAINTS


def ensure_pinned() -> None:
    """Installs the project against the constraints when an installed version differs from them."""
    from importlib import metadata

    differs = []
    for name, version in pinned().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differs.append(f"{name} {installed or 'missing'} -> {version}")
    if differs:
        print(f"matching the constraints: {', '.join(differs)}", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--constraint", str(CONSTRAINTS),
                        "-e", f"{ROOT}[build]"], check=True)
        importlib.invalidate_caches()


def draw_icons(folder: Path = ICONS) -> dict[str, Path]:
    """PNGs of every size from the one SVG (Qt), then the .ico and .icns from them (Pillow)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    from niger_archive.ui.icons import write_png

    pngs = {size: write_png(SVG, size, folder / "png" / f"{size}.png") for size in PNG_SIZES}
    largest = Image.open(pngs[max(PNG_SIZES)]).convert("RGBA")
    ico = folder / f"{NAME}.ico"
    Image.open(pngs[256]).convert("RGBA").save(
        ico, sizes=[(s, s) for s in ICO_SIZES],
        append_images=[Image.open(pngs[s]).convert("RGBA") for s in ICO_SIZES if s != 256])
    icns = folder / f"{NAME}.icns"
    largest.save(icns, append_images=[Image.open(pngs[s]).convert("RGBA") for s in (16, 32, 64, 128, 256, 512)])
    return {"ico": ico, "icns": icns, "png": folder / "png"}


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def built_app() -> Path:
    """The folder to ship (the .app on macOS)."""
    if sys.platform == "darwin" and (DIST / "Niger Archive.app").is_dir():
        return DIST / "Niger Archive.app"
    return DIST / NAME


def executable() -> Path:
    if sys.platform == "darwin" and (DIST / "Niger Archive.app").is_dir():
        return DIST / "Niger Archive.app" / "Contents" / "MacOS" / NAME
    return DIST / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))


def build(*, clean: bool = False) -> Path:
    ensure_tools()
    ensure_pinned()
    started = time.monotonic()
    icons = draw_icons()
    print(f"icons drawn from {SVG.relative_to(ROOT)}: {icons['ico'].name}, {icons['icns'].name}", flush=True)
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller")]
    if clean:
        command.append("--clean")
    env = {**os.environ, "NIGER_ARCHIVE_ICONS": str(ICONS)}
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    app = built_app()
    size = folder_size(app)
    print(f"built {app} in {time.monotonic() - started:.0f} s: {size / 1_000_000:.0f} MB "
          f"({sum(1 for p in app.rglob('*') if p.is_file())} files)")
    print(f"run it: {executable()}")
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the Niger Archive desktop app (one folder) into dist/.")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--self-test", action="store_true", help="run the built app's --self-test afterwards")
    parser.add_argument("--freeze", action="store_true", help="write packaging/constraints.txt from this environment")
    args = parser.parse_args()
    if args.freeze:
        ensure_tools()
        print(f"wrote {freeze()}")
        return 0
    build(clean=args.clean)
    if args.self_test:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        return subprocess.run([str(executable()), "--self-test"], env=env).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
