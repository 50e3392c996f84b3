"""Owns the BagIt side of a bundle: making the bag (bagit library) and zipping it; verifying it in memory.

Writing: the payload files go into a temporary folder, ``bagit.make_bag`` (SHA-256 only) turns it
into a bag (declared as BagIt 1.0, RFC 8493), and the bag is zipped (sorted members, regular-file
modes) into a temporary file that replaces the target atomically. ``bagit.make_bag`` and
``Bag.save`` change the process's working directory while they run, so every path used here is
absolute (and callers on other threads must not rely on the working directory meanwhile).

Reading: a bundle is never extracted, so the bag is verified from the in-memory members against
RFC 8493 (``verify_bag``: the declaration, every payload manifest listing every payload file and the
other way round, the tag manifests, every checksum and the Payload-Oxum), then against what a bundle
adds (``verify_bundle_bag``: a SHA-256 payload manifest).
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Mapping

from ..core.errors import BundleRejected
from ..core.messages import N_, Message
from . import layout
from .members import Streamed

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
#
# The bag layer (``verify_bag``) follows RFC 8493 and accepts exactly what it accepts: bag-info.txt and
# tag manifests are optional, any registered checksum algorithm may be used (a bag may carry several
# payload manifests), manifest paths may start with ``./`` and percent-encode %, CR and LF. A refused
# bag is refused naming the section of the RFC it breaks. The ``bagit`` library validates bags in a
# folder only (it opens every file by path), and a bundle is never extracted, so the rules are applied
# here to the members held in memory (decision: docs/decisions.md, "BagIt verification in memory").
# The bundle layer (``verify_bundle_bag``) adds what a ``.nabundle`` requires on top: a SHA-256
# payload manifest.

_RFC = "RFC 8493"
# Algorithms a manifest may name (RFC 8493 §2.4 and the IANA registry it points to), with the length
# of their hex digests. hashlib provides them all.
ALGORITHMS = {alg: hashlib.new(alg).digest_size * 2 for alg in layout.CHECKSUM_ALGORITHMS}
_DECLARATION = re.compile(r"^BagIt-Version: ([0-9]+)\.([0-9]+)(?:\r\n|\r|\n)"
                          r"Tag-File-Character-Encoding: ([^\r\n]+)(?:\r\n|\r|\n)?$")
_MANIFEST_NAME = re.compile(r"^(tag)?manifest-([A-Za-z0-9]+)\.txt$")
_LINES = re.compile(r"\r\n|\r|\n")


def _refuse(message: str, section: str) -> BundleRejected:
    return BundleRejected(Message("{message} ({rfc} §{section})", message=message, rfc=_RFC, section=section))


def _digest(value: "bytes | Streamed", alg: str) -> str:
    if isinstance(value, Streamed):
        digest = value.digests.get(alg)
        if digest is None:  # the reader streams every algorithm the bag's manifests name
            raise BundleRejected(Message("no {alg} digest was computed for a streamed member", alg=alg))
        return digest
    return hashlib.new(alg, value).hexdigest()


def _size(value: "bytes | Streamed") -> int:
    return value.size if isinstance(value, Streamed) else len(value)


def _tag_text(files: Mapping[str, "bytes | Streamed"], name: str, encoding: str) -> str:
    value = files[name]
    if isinstance(value, Streamed):
        raise BundleRejected(Message("{name} is not a tag file", name=name))
    try:
        text = value.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _refuse(Message("{name} is not valid {encoding}", name=name, encoding=encoding), "2.2.4") from None
    return text[1:] if text.startswith("\ufeff") else text


def _declaration(files: Mapping[str, "bytes | Streamed"]) -> tuple[tuple[int, int], str]:
    """(version, encoding) from ``bagit.txt``: exactly two lines, in order, ``Label: value`` each."""
    name = layout.BAGIT_TXT
    if name not in files:
        raise _refuse(Message("not a bag: {name} is missing", name=name), "2.1.1")
    raw = files[name]
    if isinstance(raw, Streamed):
        raise BundleRejected(Message("{name} is not a tag file", name=name))
    if raw.startswith(codecs.BOM_UTF8):
        raise _refuse(Message("{name} must not start with a byte-order mark", name=name), "2.1.1")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(Message("{name} is not valid UTF-8", name=name), "2.1.1") from None
    match = _DECLARATION.match(text)
    if match is None:
        lines = _LINES.split(text[:-1] if text.endswith(("\n", "\r")) else text)
        wanted = (r"BagIt-Version: [0-9]+\.[0-9]+", r"Tag-File-Character-Encoding: \S.*")
        wrong = next((line for line, rule in zip(lines, wanted) if not re.fullmatch(rule, line)), None)
        found = f"found {wrong[:60]!r}" if wrong is not None else f"found {len(lines)} lines"
        raise _refuse(Message("{name} must be exactly the two lines 'BagIt-Version: M.N' and 'Tag-File-Character-Encoding: "
                              "ENCODING', in that order ({found})",
                              name=name, found=found), "2.1.1")
    version = (int(match.group(1)), int(match.group(2)))
    if version not in ((0, 97), (1, 0)):
        raise _refuse(Message("{name}: unsupported BagIt version {value}.{value2} (0.97 and 1.0 are read)",
                              name=name, value=match.group(1), value2=match.group(2)), "2.1.1")
    encoding = match.group(3)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise _refuse(Message("{name}: unknown tag file character encoding {encoding}",
                              name=name, encoding=repr(encoding[:40])), "2.1.1") from None
    return version, encoding


def _metadata(text: str, name: str) -> dict[str, list[str]]:
    """``Label: value`` elements of a tag file like bag-info.txt (a value may be folded onto lines that
    start with white space); a label must not start or end with white space nor contain a colon."""
    out: dict[str, list[str]] = {}
    last: str | None = None
    for line in _LINES.split(text):
        if not line:
            continue
        if line[0] in " \t":
            if last is None:
                raise _refuse(Message("{name}: a continuation line comes first: {line}",
                                      name=name, line=repr(line[:80])), "2.2.2")
            out[last][-1] += " " + line.strip()
            continue
        label, sep, value = line.partition(":")
        if not sep or not label or label != label.strip() or not value[:1].isspace():
            raise _refuse(Message("{name}: malformed metadata element {line}; it must be a label, a colon, a space and a "
                                  "value, the label without leading or trailing white space",
                                  name=name, line=repr(line[:80])), "2.2.2")
        last = label
        out.setdefault(label, []).append(value.strip())
    return out


def _manifest_path(raw: str, name: str) -> str:
    path = raw.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n")
    path = path.replace("%25", "%")
    while path.startswith("./"):
        path = path[2:]
    parts = path.split("/")
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":") or "\\" in path \
            or any(p in ("..", ".", "") for p in parts):
        raise _refuse(Message("{name} lists {raw}, a path outside the bag or not normalised",
                              name=name, raw=repr(raw[:120])), "2.1.3")
    return path


def _manifest(text: str, name: str, alg: str) -> dict[str, str]:
    """path -> hex digest from a manifest: ``checksum`` white space ``filepath`` on each line."""
    out: dict[str, str] = {}
    width = ALGORITHMS[alg]
    for line in _LINES.split(text):
        if not line:
            continue
        checksum, sep, rest = line.partition(" ")
        if not sep:
            checksum, sep, rest = line.partition("\t")
        path = rest.lstrip(" \t")
        if not sep or not path or len(checksum) != width or any(c not in "0123456789abcdefABCDEF" for c in checksum):
            raise _refuse(Message("{name}: malformed line {line}; it must be a {alg} checksum, white space and a file path",
                                  name=name, line=repr(line[:100]), alg=alg), "2.1.3")
        path = _manifest_path(path, name)
        if path in out:
            raise _refuse(Message("{name} lists {path} twice", name=name, path=repr(path[:120])), "2.1.3")
        out[path] = checksum.lower()
    return out


def manifest_algorithms(names) -> tuple[list[str], list[str]]:
    """(payload manifest algorithms, tag manifest algorithms) of the manifests among ``names``."""
    payload: list[str] = []
    tag: list[str] = []
    for name in names:
        match = _MANIFEST_NAME.match(name)
        if match:
            (tag if match.group(1) else payload).append(match.group(2))
    return sorted(payload), sorted(tag)


def verify_bag(files: Mapping[str, "bytes | Streamed"]) -> dict[str, "bytes | Streamed"]:
    """Check the bag held in ``files`` (ZIP member -> bytes, or a ``Streamed`` digest) against RFC 8493;
    return the payload (``data/`` stripped). A refusal names the rule broken."""
    _, encoding = _declaration(files)
    payload_algs, tag_algs = manifest_algorithms(files)
    for alg in payload_algs + tag_algs:
        if alg not in ALGORITHMS:
            prefix = "tag" if alg in tag_algs else ""
            raise _refuse(Message("{prefix}manifest-{alg}.txt names checksum algorithm {alg2}, which is not one of {names}",
                                  prefix=prefix, alg=alg, alg2=repr(alg[:20]), names=', '.join(ALGORITHMS)), "2.4")
    if not payload_algs:
        raise _refuse(N_("not a complete bag: there is no payload manifest (manifest-<algorithm>.txt)"), "2.1.3")

    payload_names = {n for n in files if n.startswith(layout.PAYLOAD)}
    for alg in payload_algs:
        name = f"manifest-{alg}.txt"
        listed = _manifest(_tag_text(files, name, encoding), name, alg)
        for path in listed:
            if not path.startswith(layout.PAYLOAD):
                raise _refuse(Message("{name} lists {path}, which is not in the payload directory data/",
                                      name=name, path=repr(path[:120])), "2.1.3")
            if path not in payload_names:
                raise _refuse(Message("not a complete bag: {name} lists {path}, which the bag does not hold",
                                      name=name, path=repr(path[:120])), "3")
        for path in sorted(payload_names):
            if path not in listed:
                raise _refuse(Message("not a complete bag: payload file {path} is not listed in {name}",
                                      path=repr(path[:120]), name=name), "3")
            if _digest(files[path], alg) != listed[path]:
                raise _refuse(Message("checksum mismatch for {path} in {name}: the bag is damaged or was altered",
                                      path=repr(path[:120]), name=name),
                              "3")

    for alg in tag_algs:
        name = f"tagmanifest-{alg}.txt"
        for path, digest in _manifest(_tag_text(files, name, encoding), name, alg).items():
            if path.startswith(layout.PAYLOAD):
                raise _refuse(Message("{name} lists payload file {path}; a tag manifest lists tag files only",
                                      name=name, path=repr(path[:120])),
                              "2.2.1")
            if path not in files:
                raise _refuse(Message("not a complete bag: {name} lists {path}, which the bag does not hold",
                                      name=name, path=repr(path[:120])), "3")
            if _digest(files[path], alg) != digest:
                raise _refuse(Message("checksum mismatch for {path} in {name}: the bag is damaged or was altered",
                                      path=repr(path[:120]), name=name),
                              "3")

    if layout.BAG_INFO in files:
        info = _metadata(_tag_text(files, layout.BAG_INFO, encoding), layout.BAG_INFO)
        oxum = (info.get("Payload-Oxum") or [None])[0]
        if oxum is not None:
            octets, _, count = oxum.partition(".")
            actual = (sum(_size(files[n]) for n in payload_names), len(payload_names))
            if not (octets.isdigit() and count.isdigit()) or (int(octets), int(count)) != actual:
                raise _refuse(Message("{bag_info}: Payload-Oxum {oxum} does not match the payload ({actual} octets in "
                                      "{actual2} files)",
                                      bag_info=layout.BAG_INFO, oxum=repr(oxum[:40]), actual=actual[0],
                                      actual2=actual[1]), "2.2.2")
    if "fetch.txt" in files:  # a fetched file must be present (and listed) for the bag to be complete
        for line in _LINES.split(_tag_text(files, "fetch.txt", encoding)):
            fields = line.split(None, 2)
            if line and (len(fields) != 3 or not (fields[1].isdigit() or fields[1] == "-")):
                raise _refuse(Message("fetch.txt: malformed line {line}; it must be a URL, a length and a file path",
                                      line=repr(line[:100])), "2.2.3")
            if line and _manifest_path(fields[2], "fetch.txt") not in payload_names:
                raise _refuse(Message("not a complete bag: {fields} listed in fetch.txt has not been fetched",
                                      fields=repr(fields[2][:120])),
                              "3")
    return {name[len(layout.PAYLOAD):]: files[name] for name in payload_names}


def verify_bundle_bag(files: Mapping[str, "bytes | Streamed"]) -> dict[str, "bytes | Streamed"]:
    """A bundle's bag: a valid RFC 8493 bag whose payload is listed in a SHA-256 manifest."""
    if layout.BAGIT_TXT in files and layout.MANIFEST not in files:
        raise BundleRejected(Message("not a bundle: {manifest} is missing; a bundle's payload manifest is SHA-256 (other "
                                     "manifests may be added beside it)",
                                     manifest=layout.MANIFEST))
    return verify_bag(files)
