"""Test helpers for bundles: a small synthetic bundle, and rewriting a bundle's members with fresh checksums."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any, Callable

from niger_archive.bundles import write_bundle
from niger_archive.bundles.records import (
    AnnotationRecord,
    ArticleRecord,
    BundleContent,
    ClaimRecord,
    ClusterRecord,
    EntityRecord,
    PaletteRecord,
    RelationRecord,
)

T0 = "2024-05-20T10:00:00+00:00"
ENTITY = "11111111-1111-4111-8111-111111111111"
ANN_A = "22222222-2222-4222-8222-222222222222"
ANN_B = "33333333-3333-4333-8333-333333333333"
CLAIM_A = "44444444-4444-4444-8444-444444444444"
CLAIM_B = "55555555-5555-4555-8555-555555555555"
CLUSTER = "66666666-6666-4666-8666-666666666666"
RELATION = "77777777-7777-4777-8777-777777777777"

TEXT_A = "Officials said there are fewer than 900 soldiers in the country.\n\nThe base will close."
TEXT_B = "A spokesperson said that about 1,100 soldiers remain at the base near Agadez."


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article(text: str, title: str, outlet: str) -> ArticleRecord:
    original = (title + "\n\n" + text + "\n").encode("utf-8")
    return ArticleRecord(
        sha256=_sha(original), original_name="original.txt", original=original, text=text,
        metadata={"title": title, "url": None, "outlet": outlet, "author": None, "published": None,
                  "updated": None, "dateline": None, "keywords": [], "language": "en", "title_derived": False},
        corrections={"outlet": outlet}, source_name="story.txt", source_format="txt", encoding="utf-8",
    )


def span(text: str, quote: str) -> tuple[int, int, str, str]:
    start = text.index(quote)
    end = start + len(quote)
    return start, end, text[max(0, start - 32):start], text[end:end + 32]


def sample_content(title: str = "Two reports") -> BundleContent:
    """Two articles, two claims in one cluster (disagreeing figures), one entity, one relation."""
    a = article(TEXT_A, "Fewer than 900 soldiers", "Daily One")
    b = article(TEXT_B, "About 1,100 soldiers remain", "Weekly Two")
    sa, ea, pa, xa = span(TEXT_A, "fewer than 900 soldiers")
    sb, eb, pb, xb = span(TEXT_B, "about 1,100 soldiers")
    ann_a = AnnotationRecord(ANN_A, a.sha256, TEXT_A[sa:ea], pa, xa, sa, ea, "number", "check the figure",
                             ["troops"], [ENTITY], "tester", T0, T0)
    ann_b = AnnotationRecord(ANN_B, b.sha256, TEXT_B[sb:eb], pb, xb, sb, eb, "disputed", "", ["troops", "figures"],
                             [], "tester", T0, T0)
    q900 = [{"value": 900.0, "unit": "troops", "qualifier": "less than", "text": "fewer than 900 soldiers"}]
    q1100 = [{"value": 1100.0, "unit": "troops", "qualifier": "about", "text": "about 1,100 soldiers"}]
    return BundleContent(
        articles=[a, b],
        annotations=[ann_a, ann_b],
        claims=[ClaimRecord(CLAIM_A, ANN_A, "fewer than 900 soldiers", ENTITY, "", "quantity", q900, [], "disputed",
                            "two other outlets give more", T0, T0),
                ClaimRecord(CLAIM_B, ANN_B, "about 1,100 soldiers", None, "a spokesperson", "quantity", q1100, [],
                            "supported", "", T0, T0)],
        entities=[EntityRecord(ENTITY, "organisation", "Ministry of Defence", ["MoD"], "", {}, T0, T0)],
        clusters=[ClusterRecord(CLUSTER, "Soldiers in the country", "", T0, T0, [(CLAIM_A, T0), (CLAIM_B, T0)])],
        relations=[RelationRecord(RELATION, CLAIM_A, CLAIM_B, "contradicts", T0)],
        palette=[PaletteRecord("number", "#ffb74d", "a figure"), PaletteRecord("disputed", "#e57373", "")],
        created=T0, generator_version="test", title=title,
    )


def make_bundle(path: Path, content: BundleContent | None = None, report: str = "<!DOCTYPE html><p>report</p>") -> Path:
    write_bundle(content or sample_content(), path, report, "test")
    return path


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(members: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def rebag(members: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute the manifests and Payload-Oxum so that only the content changes, not the checksums."""
    out = dict(members)
    payload = sorted(n for n in out if n.startswith("data/"))
    out["manifest-sha256.txt"] = "".join(f"{_sha(out[n])}  {n}\n" for n in payload).encode()
    info_lines = [line for line in out["bag-info.txt"].decode().splitlines() if not line.startswith("Payload-Oxum")]
    info_lines.append(f"Payload-Oxum: {sum(len(out[n]) for n in payload)}.{len(payload)}")
    out["bag-info.txt"] = ("\n".join(info_lines) + "\n").encode()
    out["tagmanifest-sha256.txt"] = "".join(
        f"{_sha(out[n])} {n}\n" for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    ).encode()
    return out


def with_json(src: Path, dst: Path, member: str, change: Callable[[Any], Any]) -> Path:
    """Copy bundle ``src`` to ``dst`` with ``change`` applied to the parsed JSON of ``member`` (re-bagged)."""
    members = members_of(src)
    doc = json.loads(members[member])
    result = change(doc)
    members[member] = json.dumps(doc if result is None else result, ensure_ascii=False).encode()
    return write_zip(rebag(members), dst)


def with_bytes(src: Path, dst: Path, member: str, data: bytes, *, keep_checksums: bool = False) -> Path:
    members = members_of(src)
    members[member] = data
    return write_zip(members if keep_checksums else rebag(members), dst)
