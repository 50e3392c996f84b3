"""Owns the BagIt side of a bundle: making the bag (bagit library) and zipping it; verifying it in memory.

Writing: the payload files go into a temporary folder, ``bagit.make_bag`` (SHA-256 only) turns it
into a bag (declared as BagIt 1.0, RFC 8493), and the bag is zipped (sorted members, regular-file
modes) into a temporary file that replaces the target atomically. ``bagit.make_bag`` and
``Bag.save`` change the process's working directory while they run, so every path used here is
absolute (and callers on other threads must not rely on the working directory meanwhile).

Reading: a bundle is never extracted, so the bag is verified from the in-memory members: the
declaration, every payload file listed in ``manifest-sha256.txt`` and the other way round, every
tag file in ``tagmanifest-sha256.txt``, all SHA-256 sums and the Payload-Oxum.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Mapping

from ..core.errors import BundleRejected
from . import layout
from .members import Streamed

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_VERSIONS = ("0.97", "1.0")
BAGIT_DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def make_bundle_zip(files: Mapping[str, bytes], out_path: Path, bag_info: Mapping[str, str]) -> None:
    """Write ``files`` (payload-relative names -> bytes) as a bagged ZIP at ``out_path`` (atomically)."""
    out_path = Path(out_path).resolve()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nabundle-") as tmp:
        bag_dir = Path(tmp).resolve() / "bag"
        bag_dir.mkdir()
        for name, data in files.items():
            target = bag_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        import bagit  # only writing uses the library (verifying reads the bag in memory): loaded then

        logging.getLogger("bagit").setLevel(logging.WARNING)
        bagit.make_bag(str(bag_dir), dict(bag_info), checksums=["sha256"])
        # bagit-python declares version 0.97; the bag is also a valid RFC 8493 (1.0) bag, so declare
        # that and let the library recompute the tag manifest.
        (bag_dir / layout.BAGIT_TXT).write_text(BAGIT_DECLARATION, encoding="utf-8")
        bagit.Bag(str(bag_dir)).save()
        members = sorted(
            p.relative_to(bag_dir).as_posix() for p in bag_dir.rglob("*") if p.is_file()
        )
        fd, tmp_zip = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                for name in members:
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.create_system = 3
                    info.external_attr = 0o100644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, (bag_dir / name).read_bytes())
            os.replace(tmp_zip, out_path)
        except BaseException:
            Path(tmp_zip).unlink(missing_ok=True)
            raise


def write_file_atomically(data: bytes, out_path: Path) -> None:
    out_path = Path(out_path).resolve()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- verification ---------------------------------------------------------------------------------


def _digest(value: "bytes | Streamed") -> str:
    return value.sha256 if isinstance(value, Streamed) else hashlib.sha256(value).hexdigest()


def _size(value: "bytes | Streamed") -> int:
    return value.size if isinstance(value, Streamed) else len(value)


def _text(files: Mapping[str, "bytes | Streamed"], name: str) -> str:
    if name not in files:
        raise BundleRejected(f"not a bundle: {name} is missing")
    if isinstance(files[name], Streamed):
        raise BundleRejected(f"{name} is not a tag file")
    try:
        return files[name].decode("utf-8")
    except UnicodeDecodeError:
        raise BundleRejected(f"{name} is not valid UTF-8") from None


def _tags(text: str, name: str) -> dict[str, list[str]]:
    """``Label: value`` lines (continuation lines start with white space)."""
    out: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in " \t" and last is not None:
            out[last][-1] += " " + line.strip()
            continue
        label, sep, value = line.partition(":")
        if not sep or not label.strip():
            raise BundleRejected(f"{name}: malformed line {line[:80]!r}")
        last = label.strip()
        out.setdefault(last, []).append(value.strip())
    return out


def _manifest(text: str, name: str) -> dict[str, str]:
    """path -> hex digest from a manifest, refusing malformed lines and paths listed twice."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not _HEX64.match(parts[0].lower()):
            raise BundleRejected(f"{name}: malformed line {line[:100]!r}")
        path = parts[1].strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
        if path in out:
            raise BundleRejected(f"{name} lists {path[:120]!r} twice")
        out[path] = parts[0].lower()
    return out


def verify_bag(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Check the bag held in ``files`` (ZIP member -> bytes); return the payload (``data/`` stripped)."""
    for name in layout.TAG_FILES:
        if name not in files:
            raise BundleRejected(f"not a bundle: the BagIt file {name} is missing")
    declaration = _tags(_text(files, layout.BAGIT_TXT), layout.BAGIT_TXT)
    version = (declaration.get("BagIt-Version") or [""])[0]
    if version not in _VERSIONS:
        raise BundleRejected(f"{layout.BAGIT_TXT}: unsupported BagIt version {version[:20]!r}")
    encoding = (declaration.get("Tag-File-Character-Encoding") or [""])[0]
    if encoding.upper().replace("_", "-") != "UTF-8":
        raise BundleRejected(f"{layout.BAGIT_TXT}: tag files must be UTF-8, not {encoding[:20]!r}")

    payload_manifest = _manifest(_text(files, layout.MANIFEST), layout.MANIFEST)
    payload_names = {n for n in files if n.startswith(layout.PAYLOAD)}
    for path in payload_manifest:
        if path not in payload_names:
            raise BundleRejected(f"{layout.MANIFEST} lists {path[:120]!r}, which the bundle does not hold")
    for name in sorted(payload_names):
        if name not in payload_manifest:
            raise BundleRejected(f"payload file {name[:120]!r} is not listed in {layout.MANIFEST}")
        if _digest(files[name]) != payload_manifest[name]:
            raise BundleRejected(f"checksum mismatch for {name[:120]!r}: the bundle is damaged or was altered")

    tag_manifest = _manifest(_text(files, layout.TAG_MANIFEST), layout.TAG_MANIFEST)
    for name in (layout.BAGIT_TXT, layout.BAG_INFO, layout.MANIFEST):
        if name not in tag_manifest:
            raise BundleRejected(f"{layout.TAG_MANIFEST} does not list {name}")
    for path, digest in tag_manifest.items():
        if path not in files or path.startswith(layout.PAYLOAD) or path == layout.TAG_MANIFEST:
            raise BundleRejected(f"{layout.TAG_MANIFEST} lists {path[:120]!r}, which is not a tag file of the bundle")
        if _digest(files[path]) != digest:
            raise BundleRejected(f"checksum mismatch for {path[:120]!r}: the bundle is damaged or was altered")

    info = _tags(_text(files, layout.BAG_INFO), layout.BAG_INFO)
    oxum = (info.get("Payload-Oxum") or [None])[0]
    if oxum is not None:
        octets, _, count = oxum.partition(".")
        actual = (sum(_size(files[n]) for n in payload_names), len(payload_names))
        if not (octets.isdigit() and count.isdigit()) or (int(octets), int(count)) != actual:
            raise BundleRejected(f"{layout.BAG_INFO}: Payload-Oxum {oxum[:40]!r} does not match the payload")
    return {name[len(layout.PAYLOAD):]: files[name] for name in payload_names}
