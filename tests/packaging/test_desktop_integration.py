"""Desktop integration: the .desktop entry, AppStream metainfo and bundle MIME type validate, install for the
user into $XDG_DATA_HOME and uninstall cleanly; the packaging files agree with the package."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from niger_archive import __version__
from niger_archive.cli import main
from niger_archive.ui import desktop_entry
from niger_archive.ui.desktop_entry import APP_ID, HICOLOR_SIZES, MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_file_validates():
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_metainfo_validates():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_files_agree_with_each_other_and_the_package():
    desktop = entry(DESKTOP)
    assert MIME_TYPE in desktop["MimeType"].split(";")
    assert desktop["Icon"] == APP_ID and desktop["Exec"].endswith("%F")
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"
    assert component.find("provides/mediatype").text == MIME_TYPE
    assert component.find("releases/release").get("version") == __version__  # bump both together
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(MIME).getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE and mime.find("m:glob", ns).get("pattern") == "*.nabundle"
    spec = (ROOT / "packaging" / "niger-archive.spec").read_text(encoding="utf-8")
    assert "from niger_archive import __version__" in spec and "bundle_identifier=APP_ID" in spec
    assert re.search(r'"resources"\), \(str\(ROOT / "samples"\), "samples"\)', spec)


def test_exec_lines_quote_paths_as_the_specification_says():
    assert desktop_entry.exec_value(["/opt/na/niger-archive"]) == "/opt/na/niger-archive %F"
    assert desktop_entry.exec_value(["/home/a b/bin/niger-archive"]) == '"/home/a b/bin/niger-archive" %F'
    assert desktop_entry.exec_value(["/x/100%/na"]) == "/x/100%%/na %F"
    assert desktop_entry.exec_value(['/x/"q"$']) == '"/x/\\\\"q\\\\"\\\\$" %F'


def test_install_and_uninstall_for_the_user(tmp_path, monkeypatch, capsys):
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert main(["--install-desktop-entry"]) == 0
    printed = capsys.readouterr().out
    assert f"in {home}" in printed
    installed = home / "applications" / f"{APP_ID}.desktop"
    desktop = entry(installed)
    launcher = desktop["TryExec"]
    assert Path(launcher).is_absolute() and desktop["Exec"].endswith(" %F")
    assert (home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (home / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in HICOLOR_SIZES:
        png = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout
    if shutil.which("update-mime-database"):
        assert f"{MIME_TYPE}:*.nabundle" in (home / "mime" / "globs2").read_text(encoding="utf-8")
    if shutil.which("update-desktop-database"):
        cache = (home / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"{MIME_TYPE}={APP_ID}.desktop;" in cache

    assert main(["--uninstall-desktop-entry"]) == 0
    assert not installed.exists()
    assert not (home / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").exists()
    if shutil.which("update-mime-database"):
        assert "nabundle" not in (home / "mime" / "globs2").read_text(encoding="utf-8")
