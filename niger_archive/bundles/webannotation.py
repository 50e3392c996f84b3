"""Owns the W3C Web Annotation mapping: annotations to and from a JSON-LD AnnotationCollection.

Each annotation targets a SpecificResource whose ``source`` is ``urn:sha256:<hex>`` (the SHA-256 of
the article's original bytes) with a TextQuoteSelector and, when placed, a TextPositionSelector
(code points of the clean text in ``text.txt``). The colour is the target's ``styleClass`` plus an
embedded ``CssStylesheet`` (model §4.4); bodies carry tags (``tagging``), the note
(``commenting``), entity links (``identifying``, a SpecificResource whose source is the entity's
``urn:uuid:``) and the claim's verdict (``assessing``; claims.json ties the claim to the annotation).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from .records import AnnotationRecord, ClaimRecord, PaletteRecord

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SHA_PREFIX = "urn:sha256:"
UUID_PREFIX = "urn:uuid:"
_BUNDLE_NAMESPACE = uuid.UUID("4f1f6a2e-58a4-4c57-9f0f-2b1d2f0a7c11")


def urn_uuid(value: str) -> str:
    return UUID_PREFIX + value


def from_urn_uuid(value: str) -> str:
    return value[len(UUID_PREFIX):]


def style_class(name: str, taken: set[str]) -> str:
    """A CSS class name for a palette name ("needs source" -> "na-needs-source"), unique in ``taken``."""
    base = "na-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "colour")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def palette_classes(palette: list[PaletteRecord]) -> dict[str, str]:
    taken: set[str] = set()
    return {p.name: style_class(p.name, taken) for p in palette}


def _motivation(a: AnnotationRecord, claim: ClaimRecord | None) -> str:
    if claim is not None:
        return "assessing"
    if a.note:
        return "commenting"
    if a.tags:
        return "tagging"
    if a.entity_ids:
        return "identifying"
    return "highlighting"


def annotation_to_jsonld(
    a: AnnotationRecord, claim: ClaimRecord | None, classes: dict[str, str], colors: dict[str, str]
) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix}
    ]
    if a.start is not None and a.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    target: dict[str, Any] = {"type": "SpecificResource", "source": SHA_PREFIX + a.article, "selector": selectors}
    doc: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": urn_uuid(a.id),
        "type": "Annotation",
        "motivation": _motivation(a, claim),
        "created": a.created,
        "modified": a.modified,
    }
    if a.author:
        doc["creator"] = {"type": "Person", "name": a.author}
    if a.color is not None:
        cls = classes[a.color]
        target["styleClass"] = cls
        doc["stylesheet"] = {"type": "CssStylesheet", "value": f".{cls} {{ background-color: {colors[a.color]}; }}"}
    bodies: list[dict[str, Any]] = []
    for tag in a.tags:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": tag})
    if a.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain"})
    for entity_id in a.entity_ids:
        bodies.append({"type": "SpecificResource", "purpose": "identifying", "source": urn_uuid(entity_id)})
    if claim is not None:
        # No "id" on this body: the W3C test suite takes any body with an id for an external resource.
        # claims.json ties the claim to this annotation.
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": claim.verdict})
    if bodies:
        doc["body"] = bodies
    doc["target"] = target
    return doc


def collection_id(annotation_ids: list[str]) -> str:
    """A stable id for a collection: the same annotations give the same collection id."""
    return urn_uuid(str(uuid.uuid5(_BUNDLE_NAMESPACE, "\n".join(sorted(annotation_ids)))))


def collection(
    annotations: list[AnnotationRecord], claims_by_annotation: dict[str, ClaimRecord],
    palette: list[PaletteRecord], label: str,
) -> dict[str, Any]:
    classes = palette_classes(palette)
    colors = {p.name: p.color for p in palette}
    items = [annotation_to_jsonld(a, claims_by_annotation.get(a.id), classes, colors) for a in annotations]
    cid = collection_id([a.id for a in annotations])
    return {
        "@context": ANNO_CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": cid + "#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def parse_item(item: dict[str, Any], class_to_color: dict[str, str]) -> tuple[AnnotationRecord, str | None]:
    """One annotation (already shape-checked) -> record and the verdict of its assessing body.

    Raises KeyError for a style class missing from the palette (the caller reports it)."""
    target = item["target"]
    quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
    position = next((s for s in target["selector"] if s["type"] == "TextPositionSelector"), None)
    tags, entity_ids, note, assessed = [], [], "", None
    for body in item.get("body", []):
        purpose = body["purpose"]
        if purpose == "tagging":
            tags.append(body["value"])
        elif purpose == "commenting":
            note = body["value"]
        elif purpose == "identifying":
            entity_ids.append(from_urn_uuid(body["source"]))
        elif purpose == "assessing":
            assessed = body["value"]
    color = class_to_color[target["styleClass"]] if "styleClass" in target else None
    record = AnnotationRecord(
        id=from_urn_uuid(item["id"]),
        article=target["source"][len(SHA_PREFIX):],
        exact=quote["exact"],
        prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""),
        start=position["start"] if position else None,
        end=position["end"] if position else None,
        color=color,
        note=note,
        tags=tags,
        entity_ids=entity_ids,
        author=(item.get("creator") or {}).get("name", ""),
        created=item["created"],
        modified=item["modified"],
        anchor_status="exact" if position else "orphan",
    )
    return record, assessed
