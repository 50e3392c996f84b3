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
from ..core.messages import Message
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
        raise BundleRejected(Message("not a complete bundle: data/{name} is missing", name=name))
    return strict_json.parse(payload[name], f"data/{name}", max_bytes=limits.max_json_bytes,
                             max_depth=limits.max_json_depth)


def _check_version(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != layout.FORMAT_NAME:
        raise BundleRejected(Message("data/{manifest_json}: not a {format_name} (wrong format name)",
                                     manifest_json=layout.MANIFEST_JSON, format_name=layout.FORMAT_NAME))
    version = manifest.get("format_version")
    if type(version) is not int or version not in layout.SUPPORTED_VERSIONS:
        shown = repr(version)[:20]
        raise BundleRejected(
            Message("bundle format version {shown} is not supported; this program reads version {names} (a newer program may "
                    "read it)",
                    shown=shown, names=', '.join(map(str, sorted(layout.SUPPORTED_VERSIONS))))
        )


def _unique(ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise BundleRejected(Message("the bundle lists {what} {i} twice", what=what, i=i))
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
            raise BundleRejected(Message("data/articles/{sha}/ is not listed in data/{manifest_json}",
                                         sha=sha, manifest_json=layout.MANIFEST_JSON))
    articles = []
    for sha, original_name in listed.items():
        expected = {original_name, layout.TEXT_TXT, layout.METADATA_JSON}
        files = present.get(sha, set())
        if files != expected:
            missing = sorted(expected - files) or sorted(files - expected)
            raise BundleRejected(Message("article {sha}…: unexpected or missing files {names}",
                                         sha=sha[:12], names=', '.join(missing)))
        folder = layout.article_dir(sha)
        original = payload[f"{folder}/{original_name}"]
        if hashlib.sha256(original).hexdigest() != sha:
            raise BundleRejected(Message("article {sha}…: the original's SHA-256 does not match its folder name", sha=sha[:12]))
        meta = _json(payload, f"{folder}/{layout.METADATA_JSON}", limits)
        shapes.check(meta, shapes.METADATA, f"data/{folder}/{layout.METADATA_JSON}")
        if meta["sha256"] != sha:
            raise BundleRejected(Message("article {sha}…: metadata.json names another article", sha=sha[:12]))
        if f"{layout.ORIGINAL_STEM}.{meta['source_format']}" != original_name:
            raise BundleRejected(Message("article {sha}…: source_format does not match the original's file name", sha=sha[:12]))
        raw_text = payload[f"{folder}/{layout.TEXT_TXT}"]
        try:
            text = raw_text.decode("utf-8")
        except UnicodeDecodeError:
            raise BundleRejected(Message("article {sha}…: text.txt is not valid UTF-8", sha=sha[:12])) from None
        if hashlib.sha256(raw_text).hexdigest() != meta["text_sha256"] or len(text) != meta["text_length"]:
            raise BundleRejected(Message("article {sha}…: text.txt does not match its metadata", sha=sha[:12]))
        if meta["size_bytes"] != len(original):
            raise BundleRejected(Message("article {sha}…: size_bytes does not match the original", sha=sha[:12]))
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
            Message("data/{annotations_jsonld}: total says {total}, the page holds {count_items}",
                    annotations_jsonld=layout.ANNOTATIONS_JSONLD, total=doc['total'], count_items=len(items)))
    records, assessed = [], {}
    for item in items:
        short = item["id"][9:17]
        style = item["target"].get("styleClass")
        if style is not None and style not in class_to_color:
            raise BundleRejected(Message("annotation {short}…: colour class {style} is not in the bundle's palette",
                                         short=short, style=repr(style)))
        if (style is None) != ("stylesheet" not in item):
            raise BundleRejected(Message("annotation {short}…: a colour class needs a stylesheet and the other way round",
                                         short=short))
        selectors = item["target"]["selector"]
        if selectors[0]["type"] != "TextQuoteSelector":
            raise BundleRejected(Message("annotation {short}…: the first selector must be a TextQuoteSelector", short=short))
        record, claim = parse_item(item, class_to_color)
        text = texts.get(record.article)
        if text is None:
            raise BundleRejected(
                Message("annotation {short}… points to article {article}…, which is not in the bundle",
                        short=short, article=record.article[:12]))
        if record.start is not None and not (record.start < record.end <= len(text)):
            raise BundleRejected(
                Message("annotation {short}…: position {start}–{end} is outside its article's text (0–{count_text})",
                        short=short, start=record.start, end=record.end, count_text=len(text))
            )
        if len(set(record.entity_ids)) != len(record.entity_ids):
            raise BundleRejected(Message("annotation {short}… links the same entity twice", short=short))
        if sum(1 for b in item.get("body", []) if b["purpose"] == "commenting") > 1:
            raise BundleRejected(Message("annotation {short}… has more than one note", short=short))
        if sum(1 for b in item.get("body", []) if b["purpose"] == "assessing") > 1:
            raise BundleRejected(Message("annotation {short}… has more than one assessment", short=short))
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
                    Message("annotation {id_}… links entity {entity_id}…, which is not in the bundle",
                            id_=a.id[:8], entity_id=entity_id[:8]))
    claim_ids: set[str] = set()
    claimed: dict[str, str] = {}
    for c in content.claims:
        if c.annotation_id not in annotation_ids:
            raise BundleRejected(
                Message("claim {id_}… is on annotation {annotation_id}…, which is not in the bundle",
                        id_=c.id[:8], annotation_id=c.annotation_id[:8]))
        if c.annotation_id in claimed:
            raise BundleRejected(Message("annotation {annotation_id}… carries two claims", annotation_id=c.annotation_id[:8]))
        claimed[c.annotation_id] = c.id
        if c.attribution_entity_id is not None and c.attribution_entity_id not in entity_ids:
            raise BundleRejected(Message("claim {id_}… is attributed to an entity that is not in the bundle", id_=c.id[:8]))
        if assessed.get(c.annotation_id) != c.verdict:
            raise BundleRejected(
                Message("claim {id_}…: its verdict in {annotations_jsonld} does not match {claims_json}",
                        id_=c.id[:8], annotations_jsonld=layout.ANNOTATIONS_JSONLD, claims_json=layout.CLAIMS_JSON)
            )
        claim_ids.add(c.id)
    for annotation_id in assessed:
        if annotation_id not in claimed:
            raise BundleRejected(Message("annotation {annotation_id}… assesses a claim missing from {claims_json}",
                                         annotation_id=annotation_id[:8], claims_json=layout.CLAIMS_JSON))
    for cluster in content.clusters:
        _unique([m[0] for m in cluster.members], f"member of cluster {cluster.id[:8]}…:")
        for claim_id, _ in cluster.members:
            if claim_id not in claim_ids:
                raise BundleRejected(
                    Message("cluster {id_}… holds claim {claim_id}…, which is not in the bundle",
                            id_=cluster.id[:8], claim_id=claim_id[:8]))
    for r in content.relations:
        if r.source_claim_id not in claim_ids or r.target_claim_id not in claim_ids:
            raise BundleRejected(Message("claim relation {id_}… refers to a claim that is not in the bundle", id_=r.id[:8]))
        if r.source_claim_id == r.target_claim_id:
            raise BundleRejected(Message("claim relation {id_}… relates a claim to itself", id_=r.id[:8]))


VERSION_KINDS = ("annotation", "claim", "entity", "cluster", "member", "relation", "correction", "copy")
_SHA = re.compile(r"^[0-9a-f]{64}$")


def _copies(payload: dict[str, bytes], manifest: dict[str, Any], limits: Limits) -> list[CopyRecord]:
    """The user's copy decisions (format 2, optional)."""
    if manifest["format_version"] < 2 or layout.COPIES_JSON not in payload:
        return []
    doc = _json(payload, layout.COPIES_JSON, limits)
    if not isinstance(doc, dict) or not isinstance(doc.get("copies"), list):
        raise BundleRejected(Message("data/{copies_json}: not a list of copy decisions", copies_json=layout.COPIES_JSON))
    out = []
    for c in doc["copies"]:
        if not isinstance(c, dict) or not all(isinstance(c.get(k), str) and _SHA.match(c[k])
                                              for k in ("article", "copy_of")) or c["article"] == c["copy_of"]:
            raise BundleRejected(Message("data/{copies_json}: a copy decision does not name two articles",
                                         copies_json=layout.COPIES_JSON))
        if c.get("status") not in ("accepted", "rejected"):
            raise BundleRejected(Message("data/{copies_json}: a copy decision is neither accepted nor rejected",
                                         copies_json=layout.COPIES_JSON))
        similarity = c.get("similarity", 0.0)
        if type(similarity) not in (int, float) or not 0 <= similarity <= 1:
            raise BundleRejected(Message("data/{copies_json}: a copy decision's similarity is not between 0 and 1",
                                         copies_json=layout.COPIES_JSON))
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
        raise BundleRejected(Message("data/{versions_json}: {where} must be text of at most {max_length} characters",
                                     versions_json=layout.VERSIONS_JSON, where=where, max_length=max_length))
    return value


def _vector(value: Any, where: str, replicas: list[str]) -> dict[str, int]:
    """[[replica index, number], ...] -> {replica id: number}."""
    if not isinstance(value, list) or not value or len(value) > _MAX_REPLICAS:
        raise BundleRejected(Message("data/{versions_json}: the version of {where} is not a version vector",
                                     versions_json=layout.VERSIONS_JSON, where=where))
    out: dict[str, int] = {}
    for entry in value:
        if not (isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int and type(entry[1]) is int
                and 0 <= entry[0] < len(replicas) and 0 < entry[1] < 2**53) or replicas[entry[0]] in out:
            raise BundleRejected(Message("data/{versions_json}: the version of {where} has a bad entry",
                                         versions_json=layout.VERSIONS_JSON, where=where))
        out[replicas[entry[0]]] = entry[1]
    return out


def _versions(payload: dict[str, bytes], manifest: dict[str, Any], limits: Limits) -> VersionInfo:
    """The history part of a format-2 bundle (a format-1 bundle has none: vectors stay None)."""
    if manifest["format_version"] < 2:
        return VersionInfo()
    doc = _json(payload, layout.VERSIONS_JSON, limits)
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), dict) \
            or not isinstance(doc.get("tombstones"), list):
        raise BundleRejected(Message("data/{versions_json}: not a version list (records and tombstones)",
                                     versions_json=layout.VERSIONS_JSON))
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
        raise BundleRejected(Message("data/{versions_json}: the list of replicas is not a list of distinct ids",
                                     versions_json=layout.VERSIONS_JSON))
    for kind, records in doc["records"].items():
        if kind not in VERSION_KINDS or not isinstance(records, dict):
            raise BundleRejected(Message("data/{versions_json}: unknown record kind {kind}",
                                         versions_json=layout.VERSIONS_JSON, kind=repr(str(kind)[:40])))
        info.vectors[kind] = {str(_text(i, f"a {kind} id", 200)): _vector(v, f"{kind} {str(i)[:8]}…", replicas)
                              for i, v in records.items()}
    seen: set[tuple[str, str]] = set()
    for t in doc["tombstones"]:
        if not isinstance(t, dict) or t.get("kind") not in VERSION_KINDS:
            raise BundleRejected(Message("data/{versions_json}: a tombstone of an unknown kind",
                                         versions_json=layout.VERSIONS_JSON))
        record_id = str(_text(t.get("id"), "a tombstone id", 200))
        if (t["kind"], record_id) in seen:
            raise BundleRejected(Message("data/{versions_json}: {kind} {record_id}… is deleted twice",
                                         versions_json=layout.VERSIONS_JSON, kind=t['kind'], record_id=record_id[:8]))
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
            raise BundleRejected(Message("data/{versions_json}: {kind} {record_id}… has no version",
                                         versions_json=layout.VERSIONS_JSON, kind=kind, record_id=record_id[:8]))
    present = set(keys)
    for t in info.tombstones:
        if (t.kind, t.id) in present:
            raise BundleRejected(Message("data/{versions_json}: {kind} {id_}… is both in the bundle and deleted",
                                         versions_json=layout.VERSIONS_JSON, kind=t.kind, id_=t.id[:8]))


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
            raise BundleRejected(Message("not a complete bundle: data/{name} is missing", name=name))
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
        raise BundleRejected(Message("data/{manifest_json}: the counts do not match the bundle's contents",
                                     manifest_json=layout.MANIFEST_JSON))
    return content
