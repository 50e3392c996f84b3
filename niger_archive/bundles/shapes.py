"""Owns the structure every JSON file of a bundle must have: JSON Schemas (draft 2020-12) and checking.

The schemas are closed (no unknown keys), bound every string and list, and pin identifiers to
their forms (``urn:uuid:`` + lower-case UUID, 64 hex digits for SHA-256), so that after
:func:`check` the reader may index into a document without further type tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.annotations import CLAIM_KINDS, ENTITY_TYPES, RELATIONS, VERDICTS
from ..core.errors import BundleRejected
from ..core.messages import Message
from ..core.models import METADATA_FIELDS
from ..core.quantities import QUALIFIERS
from . import layout

if TYPE_CHECKING:  # the validator library is loaded on the first check
    from jsonschema import Draft202012Validator

_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
UUID = {"type": "string", "pattern": f"^{_UUID}$"}
URN_UUID = {"type": "string", "pattern": f"^urn:uuid:{_UUID}$"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
DATETIME = {"type": "string", "maxLength": 40,
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$"}
COLOR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
BIG_TEXT = 2_000_000
LINE = 10_000
LIST_MAX = 1_000_000
SCALAR = {"anyOf": [{"type": "string", "maxLength": 10_000}, {"type": ["number", "boolean", "null"]}]}


def _s(max_length: int = LINE, min_length: int = 0) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length, "minLength": min_length}


def _opt(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties) if required is None else required,
            "additionalProperties": False}


def _list(items: dict[str, Any], max_items: int = LIST_MAX) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": max_items}


COUNTS = _obj({k: {"type": "integer", "minimum": 0} for k in
               ("articles", "annotations", "claims", "entities", "clusters", "relations")})

MANIFEST = _obj({
    "format": {"const": layout.FORMAT_NAME},
    "format_version": {"type": "integer"},
    "generator": _obj({"name": _s(200), "version": _s(100)}),
    "created": DATETIME,
    "title": _s(1000),
    "counts": COUNTS,
    "palette": _list(_obj({"name": _s(200, 1), "color": COLOR, "description": _s(2000),
                           "style_class": {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,250}$"}}), 1000),
    "articles": _list(_obj({"sha256": SHA256, "original": {"enum": [f"{layout.ORIGINAL_STEM}.{s}" for s in
                                                                        layout.ORIGINAL_SUFFIXES]}})),
})

_META_VALUE = {"anyOf": [_s(100_000), {"type": "null"}, _list(_s(10_000), 10_000), {"type": "boolean"}]}

METADATA = _obj({
    "sha256": SHA256,
    "source_name": _opt(_s(1000)),
    "source_format": {"enum": list(layout.ORIGINAL_SUFFIXES)},
    "encoding": _opt(_s(100)),
    "size_bytes": {"type": "integer", "minimum": 0},
    "text_sha256": SHA256,
    "text_length": {"type": "integer", "minimum": 0},
    "metadata": {"type": "object", "propertyNames": {"enum": [*METADATA_FIELDS, "title_derived", "captured"]},
                 "additionalProperties": _META_VALUE},
    "corrections": {"type": "object", "propertyNames": {"enum": list(METADATA_FIELDS)},
                    "additionalProperties": _META_VALUE},
})

ENTITY = _obj({
    "id": UUID, "type": {"enum": list(ENTITY_TYPES)}, "name": _s(1000, 1), "aliases": _list(_s(1000), 1000),
    "description": _s(BIG_TEXT), "identifiers": {"type": "object", "maxProperties": 100,
                                                 "additionalProperties": SCALAR},
    "created": DATETIME, "modified": DATETIME,
})
ENTITIES = _obj({"entities": _list(ENTITY)})

QUANTITY = _obj({"value": {"type": "number"}, "unit": _opt(_s(200)), "qualifier": {"enum": list(QUALIFIERS)},
                 "text": _s(1000)})
DATE = _obj({"text": _s(1000), "date": _opt(_s(100)), "precision": _s(20)})
CLAIM = _obj({
    "id": UUID, "annotation_id": UUID, "statement": _s(BIG_TEXT, 1), "attribution_entity_id": _opt(UUID),
    "attribution_text": _s(LINE), "kind": {"enum": list(CLAIM_KINDS)}, "quantities": _list(QUANTITY, 1000),
    "dates": _list(DATE, 1000), "verdict": {"enum": list(VERDICTS)}, "explanation": _s(BIG_TEXT),
    "created": DATETIME, "modified": DATETIME,
})
CLUSTER = _obj({
    "id": UUID, "label": _s(1000, 1), "note": _s(BIG_TEXT), "created": DATETIME, "modified": DATETIME,
    "members": _list(_obj({"claim_id": UUID, "added": DATETIME})),
})
RELATION = _obj({
    "id": UUID, "source_claim_id": UUID, "target_claim_id": UUID, "relation": {"enum": list(RELATIONS)},
    "created": DATETIME,
})
CLAIMS = _obj({"claims": _list(CLAIM), "clusters": _list(CLUSTER), "relations": _list(RELATION)})

_QUOTE_SELECTOR = _obj({"type": {"const": "TextQuoteSelector"}, "exact": _s(BIG_TEXT, 1), "prefix": _s(LINE),
                        "suffix": _s(LINE)}, required=["type", "exact"])
_POSITION_SELECTOR = _obj({"type": {"const": "TextPositionSelector"}, "start": {"type": "integer", "minimum": 0},
                           "end": {"type": "integer", "minimum": 1}})
_BODIES = {  # by purpose; "if purpose is X then the X shape" checks one shape per body, not all of them
    "tagging": _obj({"type": {"const": "TextualBody"}, "purpose": {"const": "tagging"}, "value": _s(100, 1)}),
    "commenting": _obj({"type": {"const": "TextualBody"}, "purpose": {"const": "commenting"},
                        "value": _s(BIG_TEXT), "format": {"const": "text/plain"}},
                       required=["type", "purpose", "value"]),
    "identifying": _obj({"type": {"const": "SpecificResource"}, "purpose": {"const": "identifying"},
                         "source": URN_UUID}),
    "assessing": _obj({"type": {"const": "TextualBody"}, "purpose": {"const": "assessing"},
                       "value": {"enum": list(VERDICTS)}}),
}
_BODY = {
    "type": "object", "required": ["purpose"], "properties": {"purpose": {"enum": list(_BODIES)}},
    "allOf": [{"if": {"properties": {"purpose": {"const": purpose}}}, "then": shape}
              for purpose, shape in _BODIES.items()],
}
ANNOTATION = _obj({
    "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
    "id": URN_UUID,
    "type": {"const": "Annotation"},
    "motivation": {"enum": ["highlighting", "commenting", "tagging", "identifying", "assessing"]},
    "created": DATETIME,
    "modified": DATETIME,
    "creator": _obj({"type": {"const": "Person"}, "name": _s(1000)}),
    "stylesheet": _obj({"type": {"const": "CssStylesheet"}, "value": _s(2000)}),
    "body": _list(_BODY, 10_000),
    "target": _obj({
        "type": {"const": "SpecificResource"},
        "source": {"type": "string", "pattern": "^urn:sha256:[0-9a-f]{64}$"},
        "styleClass": {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,250}$"},
        "selector": {"type": "array", "minItems": 1, "maxItems": 2,
                     "prefixItems": [_QUOTE_SELECTOR, _POSITION_SELECTOR], "items": False},
    }, required=["type", "source", "selector"]),
}, required=["@context", "id", "type", "motivation", "created", "modified", "target"])
ANNOTATIONS = _obj({
    "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
    "id": URN_UUID,
    "type": {"const": "AnnotationCollection"},
    "label": _s(1000),
    "total": {"type": "integer", "minimum": 0},
    "first": _obj({"id": {"type": "string", "pattern": f"^urn:uuid:{_UUID}#page1$"},
                   "type": {"const": "AnnotationPage"}, "startIndex": {"const": 0},
                   "items": _list(ANNOTATION)}),
})

_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    key = id(schema)
    if key not in _VALIDATORS:
        Draft202012Validator.check_schema(schema)
        _VALIDATORS[key] = Draft202012Validator(schema)
    return _VALIDATORS[key]


def _where(path: list[Any]) -> str:
    return "/".join(str(p) for p in path) or "(top level)"


def check(document: Any, schema: dict[str, Any], name: str) -> None:
    """Raise BundleRejected naming the first place where ``document`` does not fit ``schema``."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(schema).iter_errors(document))
    if error is None:
        return
    message = error.message
    if len(message) > 200:
        message = message[:200] + "…"
    raise BundleRejected(Message("{name}: unexpected structure at {value}: {message}",
                                 name=name, value=_where(list(error.absolute_path)), message=message))
