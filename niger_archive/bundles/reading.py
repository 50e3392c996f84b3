"""Owns turning a bundle file into verified records: members, bag checksums, version, JSON shape, references.

:func:`read_bundle` either returns a :class:`BundleContent` in which every reference resolves
inside the bundle, or raises :class:`BundleRejected` with a message a user can act on. It reads
the ZIP into memory only (see :mod:`members`) and touches no archive.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from ..core.errors import BundleRejected
from . import layout, strict_json
from .bagging import verify_bundle_bag
from .layout import Limits
from .members import read_members
from .records import (
    AnnotationRecord,
    ArticleRecord,
    BundleContent,
    ClaimRecord,
    ClusterRecord,
    EntityRecord,
    PaletteRecord,
    RelationRecord,
    CopyRecord,
    TombstoneRecord,
    VersionInfo,
    copy_key,
    correction_key,
    member_key,
)
from .webannotation import parse_item


def _json(payload: dict[str, bytes], name: str, limits: Limits) -> Any:
    if name not in payload:
        raise BundleRejected(f"not a complete bundle: data/{name} is missing")
    return strict_json.parse(payload[name], f"data/{name}", max_bytes=limits.max_json_bytes,
                             max_depth=limits.max_json_depth)


def _check_version(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != layout.FORMAT_NAME:
        raise BundleRejected(f"data/{layout.MANIFEST_JSON}: not a {layout.FORMAT_NAME} (wrong format name)")
    version = manifest.get("format_version")
    if type(version) is not int or version not in layout.SUPPORTED_VERSIONS:
        shown = repr(version)[:20]
        raise BundleRejected(
            f"bundle format version {shown} is not supported; this program reads version "
            f"{', '.join(map(str, sorted(layout.SUPPORTED_VERSIONS)))} (a newer program may read it)"
        )


def _unique(ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise BundleRejected(f"the bundle lists {what} {i} twice")
        seen.add(i)
    return seen


def _articles(payload: dict[str, bytes], manifest: dict[str, Any], limits: Limits) -> list[ArticleRecord]:
    from . import shapes

    listed = {a["sha256"]: a["original"] for a in manifest["articles"]}
    _unique([a["sha256"] for a in manifest["articles"]], "article")
    present: dict[str, set[str]] = {}
    for name in payload:
        found = layout.article_member(layout.PAYLOAD + name)
        if found:
            present.setdefault(found[0], set()).add(found[1])
    for sha in present:
        if sha not in listed:
            raise BundleRejected(f"data/articles/{sha}/ is not listed in data/{layout.MANIFEST_JSON}")
    articles = []
    for sha, original_name in listed.items():
        expected = {original_name, layout.TEXT_TXT, layout.METADATA_JSON}
        files = present.get(sha, set())
        if files != expected:
            missing = sorted(expected - files) or sorted(files - expected)
            raise BundleRejected(f"article {sha[:12]}…: unexpected or missing files {', '.join(missing)}")
        folder = layout.article_dir(sha)
        original = payload[f"{folder}/{original_name}"]
        if hashlib.sha256(original).hexdigest() != sha:
            raise BundleRejected(f"article {sha[:12]}…: the original's SHA-256 does not match its folder name")
        meta = _json(payload, f"{folder}/{layout.METADATA_JSON}", limits)
        shapes.check(meta, shapes.METADATA, f"data/{folder}/{layout.METADATA_JSON}")
        if meta["sha256"] != sha:
            raise BundleRejected(f"article {sha[:12]}…: metadata.json names another article")
        if f"{layout.ORIGINAL_STEM}.{meta['source_format']}" != original_name:
            raise BundleRejected(f"article {sha[:12]}…: source_format does not match the original's file name")
        raw_text = payload[f"{folder}/{layout.TEXT_TXT}"]
        try:
            text = raw_text.decode("utf-8")
        except UnicodeDecodeError:
            raise BundleRejected(f"article {sha[:12]}…: text.txt is not valid UTF-8") from None
        if hashlib.sha256(raw_text).hexdigest() != meta["text_sha256"] or len(text) != meta["text_length"]:
            raise BundleRejected(f"article {sha[:12]}…: text.txt does not match its metadata")
        if meta["size_bytes"] != len(original):
            raise BundleRejected(f"article {sha[:12]}…: size_bytes does not match the original")
        articles.append(ArticleRecord(
            sha256=sha, original_name=original_name, original=original, text=text,
            metadata=dict(meta["metadata"]), corrections=dict(meta["corrections"]),
            source_name=meta["source_name"], source_format=meta["source_format"], encoding=meta["encoding"],
        ))
    return articles


def _palette(manifest: dict[str, Any]) -> tuple[list[PaletteRecord], dict[str, str]]:
    _unique([p["name"] for p in manifest["palette"]], "palette colour")
    _unique([p["style_class"] for p in manifest["palette"]], "style class")
    palette = [PaletteRecord(p["name"], p["color"].lower(), p["description"]) for p in manifest["palette"]]
    return palette, {p["style_class"]: p["name"] for p in manifest["palette"]}


def _annotations(
    doc: dict[str, Any], texts: dict[str, str], class_to_color: dict[str, str]
) -> tuple[list[AnnotationRecord], dict[str, str]]:
    items = doc["first"]["items"]
    if doc["total"] != len(items):
        raise BundleRejected(
            f"data/{layout.ANNOTATIONS_JSONLD}: total says {doc['total']}, the page holds {len(items)}")
    records, assessed = [], {}
    for item in items:
        short = item["id"][9:17]
        style = item["target"].get("styleClass")
        if style is not None and style not in class_to_color:
            raise BundleRejected(f"annotation {short}…: colour class {style!r} is not in the bundle's palette")
        if (style is None) != ("stylesheet" not in item):
            raise BundleRejected(f"annotation {short}…: a colour class needs a stylesheet and the other way round")
        selectors = item["target"]["selector"]
        if selectors[0]["type"] != "TextQuoteSelector":
            raise BundleRejected(f"annotation {short}…: the first selector must be a TextQuoteSelector")
        record, claim = parse_item(item, class_to_color)
        text = texts.get(record.article)
        if text is None:
            raise BundleRejected(
                f"annotation {short}… points to article {record.article[:12]}…, which is not in the bundle")
        if record.start is not None and not (record.start < record.end <= len(text)):
            raise BundleRejected(
                f"annotation {short}…: position {record.start}–{record.end} is outside its article's text "
                f"(0–{len(text)})"
            )
        if len(set(record.entity_ids)) != len(record.entity_ids):
            raise BundleRejected(f"annotation {short}… links the same entity twice")
        if sum(1 for b in item.get("body", []) if b["purpose"] == "commenting") > 1:
            raise BundleRejected(f"annotation {short}… has more than one note")
        if sum(1 for b in item.get("body", []) if b["purpose"] == "assessing") > 1:
            raise BundleRejected(f"annotation {short}… has more than one assessment")
        record.tags = list(dict.fromkeys(record.tags))
        records.append(record)
        if claim is not None:
            assessed[record.id] = claim
    _unique([r.id for r in records], "annotation")
    return records, assessed


def _entities(doc: dict[str, Any]) -> list[EntityRecord]:
    out = [EntityRecord(e["id"], e["type"], e["name"], list(e["aliases"]), e["description"], dict(e["identifiers"]),
                        e["created"], e["modified"]) for e in doc["entities"]]
    _unique([e.id for e in out], "entity")
    return out


def _claims(doc: dict[str, Any]) -> tuple[list[ClaimRecord], list[ClusterRecord], list[RelationRecord]]:
    claims = [ClaimRecord(c["id"], c["annotation_id"], c["statement"], c["attribution_entity_id"],
                          c["attribution_text"], c["kind"], c["quantities"], c["dates"], c["verdict"],
                          c["explanation"], c["created"], c["modified"]) for c in doc["claims"]]
    clusters = [ClusterRecord(c["id"], c["label"], c["note"], c["created"], c["modified"],
                              [(m["claim_id"], m["added"]) for m in c["members"]]) for c in doc["clusters"]]
    relations = [RelationRecord(r["id"], r["source_claim_id"], r["target_claim_id"], r["relation"], r["created"])
                 for r in doc["relations"]]
    _unique([c.id for c in claims], "claim")
    _unique([c.id for c in clusters], "cluster")
    _unique([r.id for r in relations], "claim relation")
    return claims, clusters, relations


def _cross_check(content: BundleContent, assessed: dict[str, str]) -> None:
    entity_ids = {e.id for e in content.entities}
    annotation_ids = {a.id for a in content.annotations}
    for a in content.annotations:
        for entity_id in a.entity_ids:
            if entity_id not in entity_ids:
                raise BundleRejected(
                    f"annotation {a.id[:8]}… links entity {entity_id[:8]}…, which is not in the bundle")
    claim_ids: set[str] = set()
    claimed: dict[str, str] = {}
    for c in content.claims:
        if c.annotation_id not in annotation_ids:
            raise BundleRejected(
                f"claim {c.id[:8]}… is on annotation {c.annotation_id[:8]}…, which is not in the bundle")
        if c.annotation_id in claimed:
            raise BundleRejected(f"annotation {c.annotation_id[:8]}… carries two claims")
        claimed[c.annotation_id] = c.id
        if c.attribution_entity_id is not None and c.attribution_entity_id not in entity_ids:
            raise BundleRejected(f"claim {c.id[:8]}… is attributed to an entity that is not in the bundle")
        if assessed.get(c.annotation_id) != c.verdict:
            raise BundleRejected(
                f"claim {c.id[:8]}…: its verdict in {layout.ANNOTATIONS_JSONLD} does not match {layout.CLAIMS_JSON}"
            )
        claim_ids.add(c.id)
    for annotation_id in assessed:
        if annotation_id not in claimed:
            raise BundleRejected(f"annotation {annotation_id[:8]}… assesses a claim missing from {layout.CLAIMS_JSON}")
    for cluster in content.clusters:
        _unique([m[0] for m in cluster.members], f"member of cluster {cluster.id[:8]}…:")
        for claim_id, _ in cluster.members:
            if claim_id not in claim_ids:
                raise BundleRejected(
                    f"cluster {cluster.id[:8]}… holds claim {claim_id[:8]}…, which is not in the bundle")
    for r in content.relations:
        if r.source_claim_id not in claim_ids or r.target_claim_id not in claim_ids:
            raise BundleRejected(f"claim relation {r.id[:8]}… refers to a claim that is not in the bundle")
        if r.source_claim_id == r.target_claim_id:
            raise BundleRejected(f"claim relation {r.id[:8]}… relates a claim to itself")


VERSION_KINDS = ("annotation", "claim", "entity", "cluster", "member", "relation", "correction", "copy")
_SHA = re.compile(r"^[0-9a-f]{64}$")


def _copies(payload: dict[str, bytes], manifest: dict[str, Any], limits: Limits) -> list[CopyRecord]:
    """The user's copy decisions (format 2, optional)."""
    if manifest["format_version"] < 2 or layout.COPIES_JSON not in payload:
        return []
    doc = _json(payload, layout.COPIES_JSON, limits)
    if not isinstance(doc, dict) or not isinstance(doc.get("copies"), list):
        raise BundleRejected(f"data/{layout.COPIES_JSON}: not a list of copy decisions")
    out = []
    for c in doc["copies"]:
        if not isinstance(c, dict) or not all(isinstance(c.get(k), str) and _SHA.match(c[k])
                                              for k in ("article", "copy_of")) or c["article"] == c["copy_of"]:
            raise BundleRejected(f"data/{layout.COPIES_JSON}: a copy decision does not name two articles")
        if c.get("status") not in ("accepted", "rejected"):
            raise BundleRejected(f"data/{layout.COPIES_JSON}: a copy decision is neither accepted nor rejected")
        similarity = c.get("similarity", 0.0)
        if type(similarity) not in (int, float) or not 0 <= similarity <= 1:
            raise BundleRejected(f"data/{layout.COPIES_JSON}: a copy decision's similarity is not between 0 and 1")
        out.append(CopyRecord(c["article"], c["copy_of"], c["status"], float(similarity),
                              _text(c.get("reason", ""), "a copy decision's reason", 500) or "",
                              _text(c.get("created", ""), "a copy decision's date", 40) or ""))
    _unique([copy_key(c.article, c.copy_of) for c in out], "copy decision")
    return out
_MAX_REPLICAS = 1000


def _text(value: Any, where: str, max_length: int = 200, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise BundleRejected(f"data/{layout.VERSIONS_JSON}: {where} must be text of at most {max_length} characters")
    return value


def _vector(value: Any, where: str, replicas: list[str]) -> dict[str, int]:
    """[[replica index, number], ...] -> {replica id: number}."""
    if not isinstance(value, list) or not value or len(value) > _MAX_REPLICAS:
        raise BundleRejected(f"data/{layout.VERSIONS_JSON}: the version of {where} is not a version vector")
    out: dict[str, int] = {}
    for entry in value:
        if not (isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int and type(entry[1]) is int
                and 0 <= entry[0] < len(replicas) and 0 < entry[1] < 2**53) or replicas[entry[0]] in out:
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: the version of {where} has a bad entry")
        out[replicas[entry[0]]] = entry[1]
    return out


def _versions(payload: dict[str, bytes], manifest: dict[str, Any], limits: Limits) -> VersionInfo:
    """The history part of a format-2 bundle (a format-1 bundle has none: vectors stay None)."""
    if manifest["format_version"] < 2:
        return VersionInfo()
    doc = _json(payload, layout.VERSIONS_JSON, limits)
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), dict) \
            or not isinstance(doc.get("tombstones"), list):
        raise BundleRejected(f"data/{layout.VERSIONS_JSON}: not a version list (records and tombstones)")
    info = VersionInfo(
        replica=_text(doc.get("replica"), "replica", 64) or "",
        bundle_id=_text(doc.get("bundle_id"), "bundle_id", 64) or "",
        author=_text(doc.get("author", ""), "author") or "",
        since=_text(doc.get("since"), "since", 64, optional=True),
        vectors={},
    )
    assert info.vectors is not None
    replicas = doc.get("replicas")
    if not isinstance(replicas, list) or len(replicas) > _MAX_REPLICAS or len(set(map(str, replicas))) != len(replicas) \
            or not all(isinstance(r, str) and 0 < len(r) <= 64 for r in replicas):
        raise BundleRejected(f"data/{layout.VERSIONS_JSON}: the list of replicas is not a list of distinct ids")
    for kind, records in doc["records"].items():
        if kind not in VERSION_KINDS or not isinstance(records, dict):
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: unknown record kind {str(kind)[:40]!r}")
        info.vectors[kind] = {str(_text(i, f"a {kind} id", 200)): _vector(v, f"{kind} {str(i)[:8]}…", replicas)
                              for i, v in records.items()}
    seen: set[tuple[str, str]] = set()
    for t in doc["tombstones"]:
        if not isinstance(t, dict) or t.get("kind") not in VERSION_KINDS:
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: a tombstone of an unknown kind")
        record_id = str(_text(t.get("id"), "a tombstone id", 200))
        if (t["kind"], record_id) in seen:
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: {t['kind']} {record_id[:8]}… is deleted twice")
        seen.add((t["kind"], record_id))
        info.tombstones.append(TombstoneRecord(t["kind"], record_id,
                                               _vector(t.get("vv"), f"deleted {t['kind']}", replicas)))
    return info


def _check_versions(content: BundleContent) -> None:
    """In a format-2 bundle every record has a version, and no record is both present and deleted."""
    info = content.versions
    if info.vectors is None:
        return
    keys: list[tuple[str, str]] = []
    keys += [("annotation", a.id) for a in content.annotations]
    keys += [("claim", c.id) for c in content.claims]
    keys += [("entity", e.id) for e in content.entities]
    keys += [("relation", r.id) for r in content.relations]
    for cluster in content.clusters:
        keys.append(("cluster", cluster.id))
        keys += [("member", member_key(cluster.id, claim_id)) for claim_id, _ in cluster.members]
    for article in content.articles:
        keys += [("correction", correction_key(article.sha256, name)) for name in article.corrections]
    keys += [("copy", copy_key(c.article, c.copy_of)) for c in content.copies]
    for kind, record_id in keys:
        if info.vector(kind, record_id) is None:
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: {kind} {record_id[:8]}… has no version")
    present = set(keys)
    for t in info.tombstones:
        if (t.kind, t.id) in present:
            raise BundleRejected(f"data/{layout.VERSIONS_JSON}: {t.kind} {t.id[:8]}… is both in the bundle and deleted")


def bundle_id_of(path: str | os.PathLike[str], limits: Limits = layout.DEFAULT_LIMITS) -> str | None:
    """The id a format-2 bundle file carries (None for a format-1 bundle); the file is verified first."""
    return read_bundle(path, limits).versions.bundle_id or None


def read_bundle(path: str | os.PathLike[str], limits: Limits = layout.DEFAULT_LIMITS) -> BundleContent:
    """Verify the bundle at ``path`` completely and return its records (nothing is written anywhere)."""
    from . import shapes  # loaded on first use: the schemas and their validator library take a while

    payload = verify_bundle_bag(read_members(path, limits))
    manifest = _json(payload, layout.MANIFEST_JSON, limits)
    _check_version(manifest)
    shapes.check(manifest, shapes.MANIFEST, f"data/{layout.MANIFEST_JSON}")
    for name in layout.REQUIRED_PAYLOAD:
        if name not in payload:
            raise BundleRejected(f"not a complete bundle: data/{name} is missing")
    palette, class_to_color = _palette(manifest)
    articles = _articles(payload, manifest, limits)
    entities_doc = _json(payload, layout.ENTITIES_JSON, limits)
    shapes.check(entities_doc, shapes.ENTITIES, f"data/{layout.ENTITIES_JSON}")
    claims_doc = _json(payload, layout.CLAIMS_JSON, limits)
    shapes.check(claims_doc, shapes.CLAIMS, f"data/{layout.CLAIMS_JSON}")
    annotations_doc = _json(payload, layout.ANNOTATIONS_JSONLD, limits)
    shapes.check(annotations_doc, shapes.ANNOTATIONS, f"data/{layout.ANNOTATIONS_JSONLD}")

    texts = {a.sha256: a.text for a in articles}
    annotations, assessed = _annotations(annotations_doc, texts, class_to_color)
    claims, clusters, relations = _claims(claims_doc)
    content = BundleContent(
        articles=articles, annotations=annotations, claims=claims, entities=_entities(entities_doc),
        clusters=clusters, relations=relations, palette=palette, created=manifest["created"],
        generator_version=manifest["generator"]["version"], title=manifest["title"],
        versions=_versions(payload, manifest, limits), copies=_copies(payload, manifest, limits),
    )
    _cross_check(content, assessed)
    _check_versions(content)
    if content.counts() != manifest["counts"]:
        raise BundleRejected(f"data/{layout.MANIFEST_JSON}: the counts do not match the bundle's contents")
    return content
