"""Hostile ZIP members are refused from the central directory or by byte counters, before anything is used."""

from __future__ import annotations

import stat
import struct
import zipfile

import pytest
from bundle_tools import make_bundle, members_of, rebag, write_zip

from niger_archive.bundles import Limits, read_bundle
from niger_archive.bundles.members import read_members
from niger_archive.core.errors import BundleRejected


@pytest.fixture
def members(tmp_path):
    return members_of(make_bundle(tmp_path / "good.nabundle"))


def _zip(path, entries):
    """entries: (ZipInfo or name, bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o100644 << 16
                info.create_system = 3
                info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def _refused(path, fragment, limits=None):
    with pytest.raises(BundleRejected) as info:
        read_bundle(path, limits) if limits else read_bundle(path)
    assert fragment in str(info.value), str(info.value)


def _plus(members, name, data=b"x", info=None):
    return [*members.items(), (info or name, data)]


@pytest.mark.parametrize("name, fragment", [
    ("/etc/passwd", "absolute path"),
    ("C:/evil.txt", "absolute path"),
    ("\\evil.txt", "absolute path"),
    ("data/../../evil.txt", "'..'"),
    ("../evil.txt", "'..'"),
    ("data\\evil.txt", "backslash"),
    ("data//x.json", "empty or '.'"),
    ("data/./x.json", "empty or '.'"),
    ("data/evil\x01.txt", "control characters"),
    ("data/extra.json", "outside the bundle layout"),
    ("archive.db", "database or index file"),
    ("data/index/_MAIN_1.toc", "database or index file"),
    ("data/inner.zip", "nested archive"),
    ("data/articles/x.nabundle", "nested archive"),
])
def test_unsafe_or_unexpected_names_are_refused(tmp_path, members, name, fragment):
    _refused(_zip(tmp_path / "x.nabundle", _plus(members, name)), fragment)


def test_a_symlink_member_is_refused(tmp_path, members):
    info = zipfile.ZipInfo("data/report.html", date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = [(n, d) for n, d in members.items() if n != "data/report.html"] + [(info, b"/etc/passwd")]
    _refused(_zip(tmp_path / "x.nabundle", entries), "symbolic link")


def test_a_device_member_is_refused(tmp_path, members):
    info = zipfile.ZipInfo("data/report.html", date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o666) << 16
    entries = [(n, d) for n, d in members.items() if n != "data/report.html"] + [(info, b"")]
    _refused(_zip(tmp_path / "x.nabundle", entries), "device")


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("duplicate", ["data/claims.json", "DATA/claims.json", "data/Claims.JSON"])
def test_duplicate_names_even_by_case_are_refused(tmp_path, members, duplicate):
    _refused(_zip(tmp_path / "x.nabundle", _plus(members, duplicate, b"{}")), "twice")


def test_names_equal_after_nfc_normalisation_are_refused(tmp_path, members):
    entries = _plus(members, "data/caf\u00e9.json")
    entries.append(("data/cafe\u0301.json", b"x"))
    _refused(_zip(tmp_path / "x.nabundle", entries), "twice")


def _headers(data: bytes, name: str):
    """Offsets of the local and central headers of member ``name``."""
    out = []
    for signature, name_at, name_len_at in ((b"PK\x03\x04", 30, 26), (b"PK\x01\x02", 46, 28)):
        pos = 0
        while (pos := data.find(signature, pos)) >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if data[pos + name_at: pos + name_at + n] == name.encode():
                out.append((signature, pos))
            pos += 4
    return out


def test_an_encrypted_member_is_refused(tmp_path, members):
    path = write_zip(members, tmp_path / "x.nabundle")
    data = bytearray(path.read_bytes())
    for signature, pos in _headers(bytes(data), "data/report.html"):
        data[pos + (6 if signature == b"PK\x03\x04" else 8)] |= 0x1  # general purpose flag: encrypted
    path.write_bytes(bytes(data))
    _refused(path, "encrypted")


def test_an_unusual_compression_method_is_refused(tmp_path, members):
    info = zipfile.ZipInfo("data/report.html", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_BZIP2
    entries = [(n, d) for n, d in members.items() if n != "data/report.html"] + [(info, b"<p>x</p>")]
    _refused(_zip(tmp_path / "x.nabundle", entries), "compression method")


def test_a_member_holding_an_archive_is_refused(tmp_path, members):
    members["data/report.html"] = b"PK\x03\x04" + b"\0" * 40
    _refused(write_zip(rebag(members), tmp_path / "x.nabundle"), "archive or database")


def test_a_member_holding_a_database_is_refused(tmp_path, members):
    members["data/report.html"] = b"SQLite format 3\x00" + b"\0" * 100
    _refused(write_zip(rebag(members), tmp_path / "x.nabundle"), "archive or database")


def test_a_zip_bomb_is_refused_from_its_declared_ratio(tmp_path, members):
    members["data/report.html"] = b"\0" * (20 * 1024 * 1024)
    _refused(write_zip(members, tmp_path / "bomb.nabundle"), "zip bomb")


def test_members_past_the_total_limit_are_refused(tmp_path, members):
    limits = Limits(max_total_bytes=10_000)
    _refused(write_zip(members, tmp_path / "x.nabundle"), "in total", limits)


def test_too_many_members_are_refused(tmp_path, members):
    _refused(write_zip(members, tmp_path / "x.nabundle"), "more than the limit of 5", Limits(max_members=5))


def _patch_sizes(path, name, declared):
    """Make the headers of ``name`` declare ``declared`` uncompressed bytes (a lying header)."""
    data = bytearray(path.read_bytes())
    for signature, pos in _headers(bytes(data), name):
        struct.pack_into("<I", data, pos + (22 if signature == b"PK\x03\x04" else 24), declared)
    path.write_bytes(bytes(data))


def test_a_member_inflating_past_its_declared_size_is_stopped(tmp_path, members):
    members["data/report.html"] = b"<p>" + b"a" * 200_000 + b"</p>"
    path = write_zip(rebag(members), tmp_path / "liar.nabundle")
    _patch_sizes(path, "data/report.html", 1000)
    with pytest.raises(BundleRejected) as info:
        read_members(path)
    message = str(info.value)
    # zipfile stops at the declared size, so the CRC no longer matches; our counter is the second guard
    assert "is damaged" in message or "more bytes than its header declares" in message, message


def test_a_member_inflating_past_the_member_limit_is_stopped_while_reading(tmp_path, members):
    members["data/report.html"] = b"<p>" + bytes(range(256)) * 4000 + b"</p>"
    path = write_zip(rebag(members), tmp_path / "big.nabundle")
    _patch_sizes(path, "data/report.html", 100)
    with pytest.raises(BundleRejected):
        read_members(path, Limits(max_member_bytes=50_000))


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "x.nabundle"
    path.write_bytes(b"hello, I am not a zip")
    _refused(path, "not a readable ZIP")


def test_a_missing_file_is_refused(tmp_path):
    _refused(tmp_path / "missing.nabundle", "is not a file")


def test_a_truncated_bundle_is_refused(tmp_path):
    good = make_bundle(tmp_path / "good.nabundle")
    data = good.read_bytes()
    cut = tmp_path / "cut.nabundle"
    cut.write_bytes(data[: len(data) // 2])
    _refused(cut, "not a readable ZIP")


def test_a_corrupt_deflate_stream_is_refused(tmp_path):
    good = make_bundle(tmp_path / "good.nabundle")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("data/claims.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0x5A
    bad = tmp_path / "bad.nabundle"
    bad.write_bytes(bytes(data))
    with pytest.raises(BundleRejected):
        read_bundle(bad)
