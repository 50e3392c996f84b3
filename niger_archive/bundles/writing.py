"""Owns turning bundle records into files: the bagged ``.nabundle`` and the standalone formats.

The JSON files are written with sorted keys where order carries no meaning and records in a
stable order, so that exporting the same archive twice gives the same payload except for the
bundle's creation time. Every JSON and JSON-LD file escapes ``<``, ``>`` and ``&`` (``\\u003c`` …), so
any of them can be pasted into a web page's ``<script type="application/ld+json">`` block.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import claimreview, csvtable, layout
from .bagging import make_bundle_zip, write_file_atomically
from .records import BundleContent, ClaimRecord
from .webannotation import collection, palette_classes

FORMATS = ("bundle", "w3c", "claimreview", "csv", "html")
FORMAT_SUFFIXES = {"bundle": layout.SUFFIX, "w3c": ".jsonld", "claimreview": ".jsonld", "csv": ".csv",
                   "html": ".html"}


# "<", ">" and "&" only ever occur inside JSON strings, where their \u escapes mean the same text: with
# them escaped, no export can close or open a tag in the <script type="application/ld+json"> block a
# web page embeds it in (a scraped title holding "</script><script>…" stays a string).
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(data: Any) -> str:
    """JSON text (indented, UTF-8 characters kept) that can be embedded as is in an HTML script block."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)


def _dump(data: Any) -> bytes:
    return (script_safe_json(data) + "\n").encode("utf-8")


def manifest_json(content: BundleContent, generator_version: str) -> dict[str, Any]:
    classes = palette_classes(content.palette)
    return {
        "format": layout.FORMAT_NAME,
        "format_version": layout.FORMAT_VERSION if content.versions.vectors is not None else 1,
        "generator": {"name": "niger-archive", "version": generator_version},
        "created": content.created,
        "title": content.title,
        "counts": content.counts(),
        "palette": [{"name": p.name, "color": p.color, "description": p.description, "style_class": classes[p.name]}
                    for p in content.palette],
        "articles": [{"sha256": a.sha256, "original": a.original_name} for a in content.articles],
    }


def annotations_jsonld(content: BundleContent) -> dict[str, Any]:
    by_annotation: dict[str, ClaimRecord] = {c.annotation_id: c for c in content.claims}
    return collection(content.annotations, by_annotation, content.palette, content.title or "Annotations")


def entities_json(content: BundleContent) -> dict[str, Any]:
    return {"entities": [
        {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "description": e.description,
         "identifiers": dict(e.identifiers), "created": e.created, "modified": e.modified}
        for e in content.entities
    ]}


def claims_json(content: BundleContent) -> dict[str, Any]:
    return {
        "claims": [
            {"id": c.id, "annotation_id": c.annotation_id, "statement": c.statement,
             "attribution_entity_id": c.attribution_entity_id, "attribution_text": c.attribution_text,
             "kind": c.kind, "quantities": c.quantities, "dates": c.dates, "verdict": c.verdict,
             "explanation": c.explanation, "created": c.created, "modified": c.modified}
            for c in content.claims
        ],
        "clusters": [
            {"id": c.id, "label": c.label, "note": c.note, "created": c.created, "modified": c.modified,
             "members": [{"claim_id": claim_id, "added": added} for claim_id, added in c.members]}
            for c in content.clusters
        ],
        "relations": [
            {"id": r.id, "source_claim_id": r.source_claim_id, "target_claim_id": r.target_claim_id,
             "relation": r.relation, "created": r.created}
            for r in content.relations
        ],
    }


def metadata_json(article) -> dict[str, Any]:
    text_bytes = article.text.encode("utf-8")
    return {
        "sha256": article.sha256,
        "source_name": article.source_name,
        "source_format": article.original_name.rsplit(".", 1)[1],
        "encoding": article.encoding,
        "size_bytes": len(article.original),
        "text_sha256": hashlib.sha256(text_bytes).hexdigest(),
        "text_length": len(article.text),
        "metadata": article.metadata,
        "corrections": article.corrections,
    }


def versions_json(content: BundleContent) -> dict[str, Any]:
    """Replica ids once in ``replicas``; each vector as [[replica index, number], ...]."""
    info = content.versions
    replicas: dict[str, int] = {}

    def packed(vv: dict[str, int]) -> list[list[int]]:
        return [[replicas.setdefault(r, len(replicas)), n] for r, n in sorted(vv.items())]

    records = {kind: {i: packed(v) for i, v in sorted(ids.items())}
               for kind, ids in sorted((info.vectors or {}).items())}
    tombstones = [{"kind": t.kind, "id": t.id, "vv": packed(t.vv)}
                  for t in sorted(info.tombstones, key=lambda t: (t.kind, t.id))]
    return {
        "format": "niger-archive-versions",
        "replica": info.replica,
        "bundle_id": info.bundle_id,
        "author": info.author,
        "since": info.since,
        "replicas": list(replicas),
        "records": records,
        "tombstones": tombstones,
    }


def payload_files(content: BundleContent, report_html: str, generator_version: str) -> dict[str, bytes]:
    """Payload-relative name -> bytes of every file of the bundle's ``data/`` folder."""
    files: dict[str, bytes] = {
        layout.MANIFEST_JSON: _dump(manifest_json(content, generator_version)),
        layout.ANNOTATIONS_JSONLD: _dump(annotations_jsonld(content)),
        layout.ENTITIES_JSON: _dump(entities_json(content)),
        layout.CLAIMS_JSON: _dump(claims_json(content)),
        layout.CLAIMREVIEW_JSONLD: _dump(claimreview.claim_reviews(content)),
        layout.CLAIMS_CSV: csvtable.claims_csv(content).encode("utf-8"),
        layout.REPORT_HTML: report_html.encode("utf-8"),
    }
    if content.versions.vectors is not None:  # records without history make a format-1 bundle
        files[layout.VERSIONS_JSON] = _dump(versions_json(content))
        if content.copies:
            files[layout.COPIES_JSON] = _dump({"copies": [
                {"article": c.article, "copy_of": c.copy_of, "status": c.status, "similarity": c.similarity,
                 "reason": c.reason, "created": c.created}
                for c in sorted(content.copies, key=lambda c: (c.article, c.copy_of))]})
    for article in content.articles:
        folder = layout.article_dir(article.sha256)
        files[f"{folder}/{article.original_name}"] = article.original
        files[f"{folder}/{layout.TEXT_TXT}"] = article.text.encode("utf-8")
        files[f"{folder}/{layout.METADATA_JSON}"] = _dump(metadata_json(article))
    return files


def write_bundle(content: BundleContent, out_path: Path, report_html: str, generator_version: str) -> int:
    """Write the bagged bundle; returns its size in bytes."""
    bag_info = {
        "Source-Organization": "Niger Archive",
        "External-Description": f"{layout.FORMAT_NAME} version {layout.FORMAT_VERSION}",
        "External-Identifier": annotations_jsonld(content)["id"],
        "Bag-Software-Agent": f"niger-archive {generator_version} (bagit-python)",
    }
    # make_bag moves the files it is given into data/: it gets the payload only.
    make_bundle_zip(payload_files(content, report_html, generator_version), out_path, bag_info)
    return Path(out_path).stat().st_size


def write_single(fmt: str, content: BundleContent, out_path: Path, report_html: str | None = None) -> int:
    """Write one standalone file (``w3c``, ``claimreview``, ``csv`` or ``html``); returns its size."""
    if fmt == "w3c":
        data = _dump(annotations_jsonld(content))
    elif fmt == "claimreview":
        data = _dump(claimreview.claim_reviews(content))
    elif fmt == "csv":
        data = csvtable.claims_csv(content).encode("utf-8")
    elif fmt == "html":
        data = (report_html or "").encode("utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    write_file_atomically(data, Path(out_path))
    return len(data)
