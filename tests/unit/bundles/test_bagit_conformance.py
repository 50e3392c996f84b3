"""The bag layer follows RFC 8493: it accepts exactly the bags the standard accepts and names the rule a
refused bag breaks.

The cases are modelled on the Library of Congress BagIt conformance suite (valid / invalid bags for
versions 0.97 and 1.0) and built here in code: each is a dict of ZIP member name -> bytes, as a bundle
reader holds them. The valid ones are also written to a folder and checked with the ``bagit`` library,
so the two agree on what is valid.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from niger_archive.bundles.bagging import verify_bag, verify_bundle_bag
from niger_archive.core.errors import BundleRejected

from bundle_tools import make_bundle, members_of, write_zip

TEXT = b"This is a test file.\n"
OTHER = b"bare\n"


def _hex(alg: str, data: bytes) -> str:
    return hashlib.new(alg, data).hexdigest()


def _escaped(path: str) -> str:
    """A path as RFC 8493 §2.1.3 writes it in a manifest: %, CR and LF percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def bag(*, version: str = "1.0", algs: tuple[str, ...] = ("sha512",), tag_algs: tuple[str, ...] | None = None,
        info: str | None = "Payload-Oxum: {oxum}\nBagging-Date: 2024-05-20\n", prefix: str = "",
        payload: dict[str, bytes] | None = None, encoding: str = "UTF-8") -> dict[str, bytes]:
    """A valid bag: ``data/text-file.txt`` and ``data/bare-filename`` listed in one manifest per algorithm."""
    payload = dict(payload if payload is not None else {"data/text-file.txt": TEXT, "data/bare-filename": OTHER})
    files: dict[str, bytes] = dict(payload)
    files["bagit.txt"] = f"BagIt-Version: {version}\nTag-File-Character-Encoding: {encoding}\n".encode()
    codec = codecs.lookup(encoding).name
    for alg in algs:
        files[f"manifest-{alg}.txt"] = "".join(
            f"{_hex(alg, data)}  {prefix}{_escaped(name)}\n" for name, data in sorted(payload.items())).encode(codec)
    if info is not None:
        oxum = f"{sum(len(d) for d in payload.values())}.{len(payload)}"
        files["bag-info.txt"] = info.format(oxum=oxum).encode(codec)
    for alg in (algs if tag_algs is None else tag_algs):
        tags = sorted(n for n in files if not n.startswith(("data/", "tagmanifest-")))
        files[f"tagmanifest-{alg}.txt"] = "".join(f"{_hex(alg, files[n])} {n}\n" for n in tags).encode(codec)
    return files


def retag(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute the tag manifests after a tag file was changed on purpose."""
    out = dict(files)
    for name in [n for n in out if n.startswith("tagmanifest-")]:
        alg = name[len("tagmanifest-"):-len(".txt")]
        tags = sorted(n for n in out if not n.startswith(("data/", "tagmanifest-")))
        out[name] = "".join(f"{_hex(alg, out[n])} {n}\n" for n in tags).encode()
    return out


VALID = {
    "basic-bag-sha512": bag(),
    "basic-bag-sha256": bag(algs=("sha256",)),
    "basic-bag-sha1": bag(algs=("sha1",)),
    "basic-bag-md5": bag(algs=("md5",)),
    "two-payload-manifests": bag(algs=("sha256", "sha512")),
    "no-bag-info (bag-info.txt is optional)": bag(info=None),
    "no-tag-manifest (tag manifests are optional)": bag(tag_algs=()),
    "leading-dot-slash-in-manifest": bag(prefix="./"),
    "version-0.97": bag(version="0.97"),
    "duplicate-metadata-entries": bag(info="Contact-Name: A\nContact-Name: B\nPayload-Oxum: {oxum}\n"),
    "folded-metadata-value": bag(info="External-Description: a long\n  description, folded\nPayload-Oxum: {oxum}\n"),
    "label-with-inner-space": bag(info="Internal Sender Description: x\n"),
    "no-payload-oxum": bag(info="Bagging-Date: 2024-05-20\n"),
    "space-in-path": bag(payload={"data/a file with spaces.txt": TEXT}),
    "escaped-characters-in-path": bag(payload={"data/100% sure.txt": TEXT}),
    "empty-payload": bag(payload={}),
    "crlf-line-endings": {**bag(tag_algs=()), "bagit.txt": b"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n"},
    "UTF-16-encoded-tag-files": bag(version="0.97", encoding="UTF-16", tag_algs=()),
    "extra-tag-file": retag({**bag(), "custom-tags/notes.txt": b"free text\n"}),
}


def _broken_checksum() -> dict[str, bytes]:
    files = bag()
    files["data/text-file.txt"] = b"This is a changed file.\n"
    return files


def _tag_manifest_lists_missing_file() -> dict[str, bytes]:
    files = bag()
    files["tagmanifest-sha512.txt"] += f"{_hex('sha512', b'')} missing-tag.txt\n".encode()
    return files


INVALID = {
    # name: (files, words the refusal must contain: the rule it breaks)
    "bagit-with-invalid-whitespace": (
        retag({**bag(), "bagit.txt": b"BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n"}),
        "bagit.txt"),
    "missing-bagit.txt": ({k: v for k, v in bag().items() if k != "bagit.txt"}, "bagit.txt"),
    "bagit.txt-with-byte-order-mark": (
        retag({**bag(), "bagit.txt": codecs.BOM_UTF8 + b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"}),
        "byte-order mark"),
    "bagit.txt-lines-out-of-order": (
        retag({**bag(), "bagit.txt": b"Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n"}), "bagit.txt"),
    "bagit.txt-extra-line": (
        retag({**bag(), "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nX: y\n"}),
        "bagit.txt"),
    "unsupported-version": (bag(version="2.0"), "version"),
    "unknown-encoding": (bag(tag_algs=()) | {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: NOPE\n"},
                         "encoding"),
    "missing-manifest": ({k: v for k, v in bag(tag_algs=()).items() if not k.startswith("manifest-")},
                         "payload manifest"),
    "unknown-checksum-algorithm": (
        {**{k: v for k, v in bag(tag_algs=()).items() if not k.startswith("manifest-")},
         "manifest-rot13.txt": b"abc  data/text-file.txt\n"}, "rot13"),
    "missing-from-manifest": (bag(tag_algs=()) | {"data/extra.txt": b"x"}, "data/extra.txt"),
    "file-listed-in-manifest-is-missing": (
        {k: v for k, v in bag(tag_algs=(), info=None).items() if k != "data/bare-filename"}, "data/bare-filename"),
    "payload-file-missing-from-one-of-two-manifests": (
        bag(algs=("sha256", "sha512"), tag_algs=()) | {"manifest-sha256.txt": (
            f"{_hex('sha256', TEXT)}  data/text-file.txt\n").encode()}, "data/bare-filename"),
    "checksum-mismatch": (_broken_checksum(), "data/text-file.txt"),
    "out-of-scope-file-paths-using-dot-notation": (
        bag(tag_algs=()) | {"manifest-sha512.txt": bag(tag_algs=())["manifest-sha512.txt"]
                            + f"{_hex('sha512', b'')}  ../../../README.md\n".encode()}, "../../../README.md"),
    "manifest-path-outside-payload": (
        bag(tag_algs=()) | {"manifest-sha512.txt": bag(tag_algs=())["manifest-sha512.txt"]
                            + f"{_hex('sha512', OTHER)}  bag-info.txt\n".encode()}, "data/"),
    "absolute-path-in-manifest": (
        bag(tag_algs=()) | {"manifest-sha512.txt": bag(tag_algs=())["manifest-sha512.txt"]
                            + f"{_hex('sha512', b'')}  /etc/passwd\n".encode()}, "/etc/passwd"),
    "same-file-listed-twice": (
        bag(tag_algs=()) | {"manifest-sha512.txt": bag(tag_algs=())["manifest-sha512.txt"] * 2}, "twice"),
    "malformed-manifest-line": (
        bag(tag_algs=()) | {"manifest-sha512.txt": b"data/text-file.txt\n"}, "manifest-sha512.txt"),
    "checksum-of-wrong-length": (
        bag(tag_algs=()) | {"manifest-sha512.txt": f"{_hex('sha256', TEXT)}  data/text-file.txt\n"
                            f"{_hex('sha512', OTHER)}  data/bare-filename\n".encode()}, "manifest-sha512.txt"),
    "bad-payload-oxum": (retag(bag() | {"bag-info.txt": b"Payload-Oxum: 1.1\n"}), "Payload-Oxum"),
    "bag-info-label-ending-with-whitespace": (retag(bag() | {"bag-info.txt": b"Contact-Name : A\n"}), "bag-info.txt"),
    "bag-info-line-without-colon": (retag(bag() | {"bag-info.txt": b"Contact-Name A\n"}), "bag-info.txt"),
    "tag-manifest-checksum-mismatch": (bag() | {"bag-info.txt": b"Contact-Name: changed\n"}, "bag-info.txt"),
    "tag-manifest-lists-missing-file": (_tag_manifest_lists_missing_file(), "missing-tag.txt"),
    "tag-manifest-lists-payload-file": (
        bag() | {"tagmanifest-sha512.txt": bag()["tagmanifest-sha512.txt"]
                 + f"{_hex('sha512', TEXT)} data/text-file.txt\n".encode()}, "payload"),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_valid_bag_is_accepted(name):
    files = VALID[name]
    payload = verify_bag(files)
    assert set(payload) == {n[len("data/"):] for n in files if n.startswith("data/")}


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_bagit_library_agrees_the_bag_is_valid(name, tmp_path):
    import bagit

    if any("%" in member for member in VALID[name]):
        pytest.skip("bagit-python 1.9 decodes only %0D and %0A in manifest paths, not %25")
    folder = tmp_path / "bag"
    (folder / "data").mkdir(parents=True)
    for member, data in VALID[name].items():
        target = folder / member
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    assert bagit.Bag(str(folder)).validate()


@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_bag_is_refused_naming_the_rule_it_breaks(name):
    files, words = INVALID[name]
    with pytest.raises(BundleRejected) as caught:
        verify_bag(files)
    message = str(caught.value)
    assert words.lower() in message.lower(), message
    assert "RFC 8493" in message, message


def test_whitespace_before_the_colon_in_bagit_txt_is_refused():
    files, _ = INVALID["bagit-with-invalid-whitespace"]
    with pytest.raises(BundleRejected, match=r"bagit\.txt.*'BagIt-Version : 1\.0'.*RFC 8493 §2\.1\.1"):
        verify_bag(files)


# --- the .nabundle on top of the bag: SHA-256 and its own layout ------------------------------------------


def _rebagged_bundle(tmp_path: Path, change) -> Path:
    from niger_archive.bundles import read_bundle

    members = members_of(make_bundle(tmp_path / "a.nabundle"))
    changed = change(members)
    path = write_zip(changed, tmp_path / "b.nabundle")
    read_bundle(path)  # must not raise
    return path


def test_a_bundle_without_bag_info_or_tag_manifest_imports(tmp_path):
    _rebagged_bundle(tmp_path, lambda m: {k: v for k, v in m.items()
                                          if k not in ("bag-info.txt", "tagmanifest-sha256.txt")})


def test_a_bundle_with_an_extra_sha512_manifest_and_dot_slash_paths_imports(tmp_path):
    def change(members):
        payload = {n: d for n, d in members.items() if n.startswith("data/")}
        out = dict(members)
        out["manifest-sha256.txt"] = "".join(
            f"{_hex('sha256', d)}  ./{n}\n" for n, d in sorted(payload.items())).encode()
        out["manifest-sha512.txt"] = "".join(f"{_hex('sha512', d)}  {n}\n" for n, d in sorted(payload.items())).encode()
        return retag(out)
    _rebagged_bundle(tmp_path, change)


def test_a_bundle_whose_only_manifest_is_sha512_is_refused_naming_sha256(tmp_path):
    from niger_archive.bundles import read_bundle

    members = members_of(make_bundle(tmp_path / "a.nabundle"))
    payload = {n: d for n, d in members.items() if n.startswith("data/")}
    out = {k: v for k, v in members.items() if k not in ("manifest-sha256.txt", "tagmanifest-sha256.txt")}
    out["manifest-sha512.txt"] = "".join(f"{_hex('sha512', d)}  {n}\n" for n, d in sorted(payload.items())).encode()
    path = write_zip(out, tmp_path / "b.nabundle")
    with pytest.raises(BundleRejected, match="manifest-sha256.txt"):
        read_bundle(path)
    with pytest.raises(BundleRejected, match="SHA-256"):
        verify_bundle_bag(out)
