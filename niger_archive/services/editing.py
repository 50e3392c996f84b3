"""Owns building edits: each user action becomes an Edit of whole-row changes, ready to apply or undo."""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any, Iterable

from ..core.annotations import CLAIM_KINDS, ENTITY_TYPES, RELATIONS, VERDICTS
from ..core.edits import Edit, RowChange
from ..core.errors import InvalidEdit, NotFound
from ..core.messages import N_, Message
from ..core.models import METADATA_FIELDS, Change
from ..store import dependents
from ..store.articles import now_iso
from ..store.rows import SqliteRows

if TYPE_CHECKING:
    from .ports import ArchiveStore

_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def new_id() -> str:
    return str(uuid.uuid4())


def _clean_tag(tag: str) -> str:
    tag = " ".join(tag.split()).strip()
    if not tag:
        raise InvalidEdit(N_("a tag cannot be empty"))
    if len(tag) > 100:
        raise InvalidEdit(N_("a tag is at most 100 characters"))
    return tag


def _quantity_dicts(text: str) -> list[dict[str, Any]]:
    from ..core.quantities import parse_quantities  # on first use: compiling its patterns takes a while

    return [
        {"value": q.value, "unit": q.unit, "qualifier": q.qualifier, "text": q.text}
        for q in parse_quantities(text)
    ]


def _date_dicts(text: str, published: str | None) -> list[dict[str, Any]]:
    from ..core.temporal import find_dates

    return [{"text": d.text, "date": d.date, "precision": d.precision} for d in find_dates(text, published)]


def guess_kind(quote: str, quantities: list[dict[str, Any]], dates: list[dict[str, Any]]) -> str:
    stripped = quote.strip()
    if stripped[:1] in "\"“«'‘" and stripped[-1:] in "\"”»'’":
        return "quotation"
    if quantities:
        return "quantity"
    if re.search(r"\b(will|expected to|is set to|are set to|plans? to|is slated to)\b", quote):
        return "forecast"
    # French: "va retirer", "devrait", "prévoit de", "quitteront", "sera achevé"
    if re.search(r"(?<![\w])(va|vont|devrait|devraient|doit|doivent|prévoit\s+de|prévoient\s+de|sera|seront|"
                 r"\w{3,}(?:era|eront|iront))(?![\w])", quote):
        return "forecast"
    if dates:
        return "date"
    return "statement"


def superseded_note(archive: "ArchiveStore", article_id: int) -> str | None:
    """"article 1 was superseded by 2 (imported 2026-05-04 10:12)" when ``article_id`` is not the
    current version of its article, else None."""
    current = archive.latest_version(article_id)
    if current == article_id:
        return None
    imported = archive.articles.imported_at(current)
    if not imported:
        return Message("article {article_id} was superseded by {current_id} (imported at an unknown time)",
                       article_id=article_id, current_id=current)
    return Message("article {article_id} was superseded by {current_id} (imported {when})", article_id=article_id,
                   current_id=current, when=str(imported)[:16].replace("T", " "))


# why a missing row is not found, by table (the English as it has always been said; the last two were "entitie"
# and "palett")
_MISSING_ROW = {
    "annotations": N_("no annotation {key}"), "claims": N_("no claim {key}"), "clusters": N_("no cluster {key}"),
    "entities": N_("no entity {key}"), "palette": N_("no palette colour {key}"), "mentions": N_("no mention {key}"),
    "claim_relations": N_("no claim relation {key}"),
}
# a superseded version is refused, with what to do instead (by what was being done)
_USE_CURRENT = {
    "highlight": N_("{note}: highlight article {current_id}, the current version, instead "
                    "(`niger-archive show {article_id}` shows the old text)"),
    "mark claims on": N_("{note}: mark claims on article {current_id}, the current version, instead "
                         "(`niger-archive show {article_id}` shows the old text)"),
    "correct": N_("{note}: correct article {current_id}, the current version, instead "
                  "(`niger-archive show {article_id}` shows the old text)"),
}


class Editor:
    """Builds edits against the current state of one archive (reads only; Archive.apply writes)."""

    def __init__(self, archive: "ArchiveStore") -> None:
        self.archive = archive
        self.rows = SqliteRows(archive.db)

    # --- helpers -------------------------------------------------------------------------------
    def _row(self, table: str, key: tuple) -> dict[str, Any]:
        row = self.rows.get_row(table, key)
        if row is None:
            template = _MISSING_ROW.get(table)
            if template is None:
                raise NotFound(Message("no {table} row {key}", table=table, key=repr(key[0])))
            raise NotFound(Message(template, key=repr(key[0])))
        return row

    def _complete(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        missing = set(self.rows.columns(table)) - set(row)
        if missing:
            raise InvalidEdit(f"internal: {table} row lacks {', '.join(sorted(missing))}")
        return row

    def _modify(self, table: str, key: tuple, **fields: Any) -> RowChange:
        before = self._row(table, key)
        after = dict(before)
        after.update(fields)
        if "modified" in after and any(before.get(k) != v for k, v in fields.items() if k != "modified"):
            after["modified"] = now_iso()
        elif "modified" in after:
            after["modified"] = before["modified"]
        return RowChange(table, key, before, after)

    def _delete(self, table: str, key: tuple) -> RowChange:
        return RowChange(table, key, self._row(table, key), None)

    def _require_current(self, article_id: int, doing: str) -> None:
        """Refuse work on a superseded version: it would sit on a text nobody sees (the reader, the
        search and the exports show the current version)."""
        note = superseded_note(self.archive, article_id)
        if note:
            current = self.archive.latest_version(article_id)
            raise InvalidEdit(Message(_USE_CURRENT[doing], note=note, current_id=current, article_id=article_id))

    def _article_of(self, annotation_id: str) -> int:
        return self._row("annotations", (annotation_id,))["article_id"]

    def _annotation_dependents(self, annotation_id: str) -> list[RowChange]:
        """Deletions of everything hanging off an annotation, children first."""
        changes: list[RowChange] = []
        claim_id = self.archive.annotations.claim_id_for_annotation(annotation_id)
        if claim_id:
            changes += self._claim_dependents(claim_id)
            changes.append(self._delete("claims", (claim_id,)))
        for entity_id in dependents.mention_entities(self.archive.db, annotation_id):
            changes.append(self._delete("mentions", (annotation_id, entity_id)))
        for tag in dependents.annotation_tags(self.archive.db, annotation_id):
            changes.append(self._delete("annotation_tags", (annotation_id, tag)))
        return changes

    def _claim_dependents(self, claim_id: str) -> list[RowChange]:
        changes = []
        for cluster_id in dependents.claim_clusters(self.archive.db, claim_id):
            changes.append(self._delete("cluster_members", (cluster_id, claim_id)))
        for rel_id in dependents.claim_relations(self.archive.db, claim_id):
            changes.append(self._delete("claim_relations", (rel_id,)))
        return changes

    def _color(self, color: str | None) -> str | None:
        if color is None:
            return None
        names = {p.name for p in self.archive.annotations.palette()}
        if color not in names:
            raise InvalidEdit(Message("unknown colour {colour}; the palette has: {names}", colour=repr(color),
                                        names=", ".join(sorted(names))))
        return color

    def palette_name_at(self, position: int) -> str:
        for entry in self.archive.annotations.palette():
            if entry.position == position:
                return entry.name
        raise InvalidEdit(Message("the palette has no colour {n}", n=position))

    # --- annotations ---------------------------------------------------------------------------
    def create_annotation(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        color: str | None = None,
        tags: Iterable[str] = (),
        note: str = "",
        annotation_id: str | None = None,
    ) -> Edit:
        text = self.archive.articles.text(article_id)
        if text is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        self._require_current(article_id, "highlight")
        if not (0 <= start < end <= len(text)):
            raise InvalidEdit(Message("selection {start}–{end} is outside the article text (0–{length})", start=start,
                                       end=end, length=len(text)))
        # trim surrounding whitespace so the anchor is the passage itself
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            raise InvalidEdit(N_("the selection holds only white space"))
        from ..core.anchoring import make_selectors

        quote, position = make_selectors(text, start, end)
        aid = annotation_id or new_id()
        now = now_iso()
        row = self._complete("annotations", {
            "id": aid, "article_id": article_id, "start": position.start, "end": position.end,
            "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
            "color": self._color(color), "note": note, "author": self.archive.settings.author,
            "created": now, "modified": now, "anchor_status": "exact", "anchor_score": 1.0,
        })
        changes = [RowChange("annotations", (aid,), None, row)]
        for tag in dict.fromkeys(_clean_tag(t) for t in tags):
            changes.append(RowChange("annotation_tags", (aid, tag), None, {"annotation_id": aid, "tag": tag}))
        snippet = quote.exact if len(quote.exact) <= 40 else quote.exact[:39] + "…"
        return Edit(f"Highlight “{snippet}”", changes, "annotation.create", aid, (article_id,))

    def annotate_quote(self, article_id: int, quote: str, occurrence: int | None = None, **kwargs: Any) -> Edit:
        text = self.archive.articles.text(article_id)
        if text is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        self._require_current(article_id, "highlight")
        from ..core.anchoring import find_quote

        start, end = find_quote(text, quote, occurrence)
        return self.create_annotation(article_id, start, end, **kwargs)

    def import_annotation(self, article_id: int, at: dict[str, Any], *, annotation_id: str, note: str = "",
                          tags: Iterable[str] = (), author: str = "", created: str | None = None,
                          modified: str | None = None) -> Edit:
        """An annotation made elsewhere (a Hypothesis export), placed on ``article_id`` where ``at`` says
        (the columns ``reanchoring.placed`` gives: position, quote, anchor status and score; an orphan is
        kept with its quote for review)."""
        if self.archive.articles.text(article_id) is None:
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        self._require_current(article_id, "highlight")
        now = now_iso()
        row = self._complete("annotations", {
            "id": annotation_id, "article_id": article_id, "start": at["start"], "end": at["end"],
            "exact": at["exact"], "prefix": at["prefix"], "suffix": at["suffix"], "color": self._color(None),
            "note": note, "author": author or self.archive.settings.author, "created": created or now,
            "modified": modified or created or now, "anchor_status": at["anchor_status"],
            "anchor_score": at["anchor_score"],
        })
        changes = [RowChange("annotations", (annotation_id,), None, row)]
        for tag in dict.fromkeys(_clean_tag(t) for t in tags):
            if tag:
                changes.append(RowChange("annotation_tags", (annotation_id, tag), None,
                                         {"annotation_id": annotation_id, "tag": tag}))
        snippet = at["exact"] if len(at["exact"]) <= 40 else at["exact"][:39] + "…"
        return Edit(f"Highlight “{snippet}”", changes, "annotation.create", annotation_id, (article_id,))

    def delete_annotation(self, annotation_id: str) -> Edit:
        article_id = self._article_of(annotation_id)
        changes = self._annotation_dependents(annotation_id)
        changes.append(self._delete("annotations", (annotation_id,)))
        return Edit("Delete highlight", changes, "annotation.delete", annotation_id, (article_id,))

    def set_color(self, annotation_id: str, color: str | None) -> Edit:
        change = self._modify("annotations", (annotation_id,), color=self._color(color))
        return Edit(f"Set colour to {color or 'none'}", [change], "annotation.color", annotation_id,
                    (change.before["article_id"],))

    def set_note(self, annotation_id: str, note: str) -> Edit:
        change = self._modify("annotations", (annotation_id,), note=note)
        return Edit("Edit note", [change], "annotation.note", annotation_id, (change.before["article_id"],))

    def add_tag(self, annotation_id: str, tag: str) -> Edit:
        tag = _clean_tag(tag)
        article_id = self._article_of(annotation_id)
        changes = []
        if self.rows.get_row("annotation_tags", (annotation_id, tag)) is None:
            changes.append(RowChange("annotation_tags", (annotation_id, tag), None,
                                     {"annotation_id": annotation_id, "tag": tag}))
        return Edit(f"Tag “{tag}”", changes, "annotation.tag", annotation_id, (article_id,))

    def remove_tag(self, annotation_id: str, tag: str) -> Edit:
        article_id = self._article_of(annotation_id)
        return Edit(f"Remove tag “{tag}”", [self._delete("annotation_tags", (annotation_id, tag))],
                    "annotation.untag", annotation_id, (article_id,))

    def rename_tag(self, old: str, new: str) -> Edit:
        """Rename a tag across the archive; renaming onto an existing tag merges the two."""
        new = _clean_tag(new)
        rows = dependents.tagged(self.archive.db, old)
        if not rows:
            raise NotFound(Message("no annotation has the tag {tag}", tag=repr(old)))
        changes, articles = [], set()
        for annotation_id, article_id in rows:
            articles.add(article_id)
            changes.append(self._delete("annotation_tags", (annotation_id, old)))
            if self.rows.get_row("annotation_tags", (annotation_id, new)) is None:
                changes.append(RowChange("annotation_tags", (annotation_id, new), None,
                                         {"annotation_id": annotation_id, "tag": new}))
        existing = dependents.tag_exists(self.archive.db, new)
        verb = "Merge" if existing else "Rename"
        edit = Edit(f"{verb} tag “{old}” into “{new}”", changes, "tag.rename", old, tuple(sorted(articles)))
        edit.extra.tags.update({old, new})
        return edit

    # --- claims --------------------------------------------------------------------------------
    def mark_claim(
        self,
        annotation_id: str,
        *,
        statement: str | None = None,
        kind: str | None = None,
        attribution_text: str = "",
        attribution_entity_id: str | None = None,
        verdict: str = "unverified",
        explanation: str = "",
        claim_id: str | None = None,
    ) -> Edit:
        ann = self._row("annotations", (annotation_id,))
        if self.archive.annotations.claim_id_for_annotation(annotation_id):
            raise InvalidEdit(N_("this highlight is already a claim"))
        self._require_current(ann["article_id"], "mark claims on")
        self._check_verdict(verdict)
        article = self.archive.articles.get(ann["article_id"])
        quantities = _quantity_dicts(ann["exact"])
        dates = _date_dicts(ann["exact"], article.published)
        kind = kind or guess_kind(ann["exact"], quantities, dates)
        self._check_kind(kind)
        if attribution_entity_id is not None:
            self._row("entities", (attribution_entity_id,))
        cid = claim_id or new_id()
        now = now_iso()
        row = self._complete("claims", {
            "id": cid, "annotation_id": annotation_id, "statement": statement or ann["exact"],
            "attribution_entity_id": attribution_entity_id, "attribution_text": attribution_text or "",
            "kind": kind, "quantities": json.dumps(quantities), "dates": json.dumps(dates),
            "verdict": verdict, "explanation": explanation, "created": now, "modified": now,
        })
        return Edit("Mark as claim", [RowChange("claims", (cid,), None, row)], "claim.create", cid,
                    (ann["article_id"],))

    def _check_verdict(self, verdict: str) -> None:
        if verdict not in VERDICTS:
            raise InvalidEdit(Message("unknown verdict {verdict}; verdicts are {names}", verdict=repr(verdict),
                                      names=", ".join(VERDICTS)))

    def _check_kind(self, kind: str) -> None:
        if kind not in CLAIM_KINDS:
            raise InvalidEdit(Message("unknown claim kind {kind}; kinds are {names}", kind=repr(kind),
                                      names=", ".join(CLAIM_KINDS)))

    def set_claim(self, claim_id: str, **fields: Any) -> Edit:
        """Edit claim fields: statement, attribution_text, attribution_entity_id, kind, quantities,
        dates, verdict, explanation."""
        allowed = {"statement", "attribution_text", "attribution_entity_id", "kind", "quantities", "dates",
                   "verdict", "explanation"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidEdit(Message("claims have no field {names}", names=", ".join(sorted(unknown))))
        if "verdict" in fields:
            self._check_verdict(fields["verdict"])
        if "kind" in fields:
            self._check_kind(fields["kind"])
        if fields.get("attribution_entity_id"):
            self._row("entities", (fields["attribution_entity_id"],))
        if "statement" in fields and not str(fields["statement"]).strip():
            raise InvalidEdit(N_("a claim's statement cannot be empty"))
        for name in ("quantities", "dates"):
            if name in fields:
                value = fields[name]
                if name == "quantities":
                    from ..core.quantities import QUALIFIERS

                    for q in value:
                        if q.get("qualifier") not in QUALIFIERS:
                            raise InvalidEdit(Message("unknown qualifier {qualifier}; use {names}",
                                                                  qualifier=repr(q.get("qualifier")),
                                                                  names=", ".join(QUALIFIERS)))
                        float(q.get("value"))
                fields[name] = json.dumps(value)
        change = self._modify("claims", (claim_id,), **fields)
        article_id = self._article_of(change.before["annotation_id"])
        if list(fields) == ["verdict"]:
            label, kind = f"Set verdict to {fields['verdict']}", "claim.verdict"
        elif list(fields) == ["statement"]:
            label, kind = "Edit claim wording", "claim.statement"
        elif list(fields) == ["explanation"]:
            label, kind = "Edit verdict explanation", "claim.explanation"
        elif set(fields) <= {"attribution_text", "attribution_entity_id"}:
            label, kind = "Edit attribution", "claim.attribution"
        else:
            label, kind = "Edit claim", "claim.edit"
        return Edit(label, [change], kind, claim_id, (article_id,))

    def unmark_claim(self, claim_id: str) -> Edit:
        before = self._row("claims", (claim_id,))
        changes = self._claim_dependents(claim_id) + [self._delete("claims", (claim_id,))]
        return Edit("Unmark claim", changes, "claim.delete", claim_id, (self._article_of(before["annotation_id"]),))

    # --- clusters and relations ----------------------------------------------------------------
    def create_cluster(self, label: str, note: str = "", cluster_id: str | None = None) -> Edit:
        label = " ".join(label.split())
        if not label:
            raise InvalidEdit(N_("a cluster needs a label"))
        cid = cluster_id or new_id()
        now = now_iso()
        row = {"id": cid, "label": label, "note": note, "created": now, "modified": now}
        return Edit(f"New cluster “{label}”", [RowChange("clusters", (cid,), None, row)], "cluster.create", cid)

    def add_to_cluster(self, cluster_id: str, claim_ids: Iterable[str]) -> Edit:
        self._row("clusters", (cluster_id,))
        changes, articles = [], set()
        now = now_iso()
        for claim_id in claim_ids:
            claim = self._row("claims", (claim_id,))
            articles.add(self._article_of(claim["annotation_id"]))
            if self.rows.get_row("cluster_members", (cluster_id, claim_id)) is None:
                changes.append(RowChange("cluster_members", (cluster_id, claim_id), None,
                                         {"cluster_id": cluster_id, "claim_id": claim_id, "added": now}))
        return Edit(f"Add {len(changes)} claim(s) to cluster", changes, "cluster.add", cluster_id,
                    tuple(sorted(articles)))

    def remove_from_cluster(self, cluster_id: str, claim_id: str) -> Edit:
        return Edit("Remove claim from cluster", [self._delete("cluster_members", (cluster_id, claim_id))],
                    "cluster.remove", cluster_id)

    def rename_cluster(self, cluster_id: str, label: str) -> Edit:
        if not label.strip():
            raise InvalidEdit(N_("a cluster needs a label"))
        return Edit("Rename cluster", [self._modify("clusters", (cluster_id,), label=label.strip())],
                    "cluster.rename", cluster_id)

    def delete_cluster(self, cluster_id: str) -> Edit:
        changes = [self._delete("cluster_members", (cluster_id, c))
                   for c in self.archive.annotations.cluster(cluster_id).claim_ids]
        changes.append(self._delete("clusters", (cluster_id,)))
        return Edit("Delete cluster", changes, "cluster.delete", cluster_id)

    def relate_claims(self, source: str, target: str, relation: str) -> Edit:
        if relation not in RELATIONS:
            raise InvalidEdit(Message("unknown relation {relation}; relations are {names}", relation=repr(relation),
                                      names=", ".join(RELATIONS)))
        if source == target:
            raise InvalidEdit(N_("a claim cannot be related to itself"))
        self._row("claims", (source,))
        self._row("claims", (target,))
        rid = new_id()
        row = {"id": rid, "source_claim_id": source, "target_claim_id": target, "relation": relation,
               "created": now_iso()}
        return Edit(f"Mark claims as {relation}", [RowChange("claim_relations", (rid,), None, row)],
                    "claim.relate", rid)

    def unrelate(self, relation_id: str) -> Edit:
        return Edit("Remove claim relation", [self._delete("claim_relations", (relation_id,))],
                    "claim.unrelate", relation_id)

    # --- entities ------------------------------------------------------------------------------
    def find_entity(self, name: str, entity_type: str | None = None) -> str | None:
        """An entity whose name or alias normalises like ``name`` (and of ``entity_type`` if given)."""
        from ..core.names import normalise_name

        wanted = normalise_name(name)
        for entity in self.archive.annotations.entities():
            if entity_type and entity.type != entity_type:
                continue
            if any(normalise_name(n) == wanted for n in entity.names()):
                return entity.id
        return None

    def create_entity(self, name: str, entity_type: str = "other", *, aliases: Iterable[str] = (),
                      description: str = "", identifiers: dict[str, str] | None = None,
                      entity_id: str | None = None) -> Edit:
        name = " ".join(name.split())
        if not name:
            raise InvalidEdit(N_("an entity needs a name"))
        if entity_type not in ENTITY_TYPES:
            raise InvalidEdit(Message("unknown entity type {type}; types are {names}", type=repr(entity_type),
                                      names=", ".join(ENTITY_TYPES)))
        eid = entity_id or new_id()
        now = now_iso()
        clean_aliases = [a for a in dict.fromkeys(" ".join(x.split()) for x in aliases) if a and a != name]
        row = {"id": eid, "type": entity_type, "name": name, "aliases": json.dumps(clean_aliases, ensure_ascii=False),
               "description": description, "identifiers": json.dumps(identifiers or {}, ensure_ascii=False),
               "created": now, "modified": now}
        return Edit(f"New {entity_type} “{name}”", [RowChange("entities", (eid,), None, row)], "entity.create", eid)

    def _entity_articles(self, entity_id: str) -> tuple[int, ...]:
        return dependents.entity_articles(self.archive.db, entity_id)

    def edit_entity(self, entity_id: str, **fields: Any) -> Edit:
        allowed = {"name", "type", "aliases", "description", "identifiers"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidEdit(Message("entities have no field {names}", names=", ".join(sorted(unknown))))
        if "type" in fields and fields["type"] not in ENTITY_TYPES:
            raise InvalidEdit(Message("unknown entity type {type}; types are {names}", type=repr(fields["type"]),
                                      names=", ".join(ENTITY_TYPES)))
        if "name" in fields and not str(fields["name"]).strip():
            raise InvalidEdit(N_("an entity needs a name"))
        if "aliases" in fields:
            fields["aliases"] = json.dumps(list(dict.fromkeys(fields["aliases"])), ensure_ascii=False)
        if "identifiers" in fields:
            fields["identifiers"] = json.dumps(fields["identifiers"], ensure_ascii=False)
        kind = "entity.description" if list(fields) == ["description"] else "entity.edit"
        return Edit("Edit entity", [self._modify("entities", (entity_id,), **fields)], kind, entity_id,
                    self._entity_articles(entity_id))

    def delete_entity(self, entity_id: str) -> Edit:
        """Delete an entity: its mention links go (the highlights stay); claims attributed to it keep
        the entity's name as free-text attribution."""
        entity = self._row("entities", (entity_id,))
        changes = [self._delete("mentions", (a, entity_id))
                   for a in self.archive.annotations.mention_annotation_ids(entity_id)]
        for claim_id in dependents.attributed_claims(self.archive.db, entity_id):
            claim = self._row("claims", (claim_id,))
            changes.append(self._modify("claims", (claim_id,), attribution_entity_id=None,
                                        attribution_text=claim["attribution_text"] or entity["name"]))
        for key in dependents.suggestion_rejections(self.archive.db, entity_id):
            changes.append(self._delete("suggestion_rejections", tuple(key)))
        articles = self._entity_articles(entity_id)
        changes.append(self._delete("entities", (entity_id,)))
        return Edit(f"Delete entity “{entity['name']}”", changes, "entity.delete", entity_id, articles)

    def merge_entities(self, keep: str, other: str) -> Edit:
        """Merge ``other`` into ``keep``: mentions, attributions and names (as aliases) follow."""
        if keep == other:
            raise InvalidEdit(N_("cannot merge an entity with itself"))
        kept = self._row("entities", (keep,))
        gone = self._row("entities", (other,))
        articles = set(self._entity_articles(keep)) | set(self._entity_articles(other))
        changes = []
        for annotation_id in self.archive.annotations.mention_annotation_ids(other):
            changes.append(self._delete("mentions", (annotation_id, other)))
            if self.rows.get_row("mentions", (annotation_id, keep)) is None:
                changes.append(RowChange("mentions", (annotation_id, keep), None,
                                         {"annotation_id": annotation_id, "entity_id": keep}))
        for claim_id in dependents.attributed_claims(self.archive.db, other):
            changes.append(self._modify("claims", (claim_id,), attribution_entity_id=keep))
        for key in dependents.suggestion_rejections(self.archive.db, other):
            changes.append(self._delete("suggestion_rejections", tuple(key)))
            new_key = (keep, *tuple(key)[1:])
            if self.rows.get_row("suggestion_rejections", new_key) is None:
                changes.append(RowChange("suggestion_rejections", new_key, None, dict(zip(
                    ("entity_id", "article_id", "start", "end"), new_key))))
        aliases = json.loads(kept["aliases"])
        for name in [gone["name"], *json.loads(gone["aliases"])]:
            if name != kept["name"] and name not in aliases:
                aliases.append(name)
        identifiers = {**json.loads(gone["identifiers"]), **json.loads(kept["identifiers"])}
        description = kept["description"] or gone["description"]
        changes.append(self._modify("entities", (keep,), aliases=json.dumps(aliases, ensure_ascii=False),
                                    identifiers=json.dumps(identifiers, ensure_ascii=False),
                                    description=description))
        changes.append(self._delete("entities", (other,)))
        return Edit(f"Merge “{gone['name']}” into “{kept['name']}”", changes, "entity.merge", keep,
                    tuple(sorted(articles)))

    def link_mention(self, annotation_id: str, entity_id: str) -> Edit:
        article_id = self._article_of(annotation_id)
        entity = self._row("entities", (entity_id,))
        changes = []
        if self.rows.get_row("mentions", (annotation_id, entity_id)) is None:
            changes.append(RowChange("mentions", (annotation_id, entity_id), None,
                                     {"annotation_id": annotation_id, "entity_id": entity_id}))
        return Edit(f"Link “{entity['name']}”", changes, "mention.link", annotation_id, (article_id,))

    def unlink_mention(self, annotation_id: str, entity_id: str) -> Edit:
        return Edit("Unlink entity", [self._delete("mentions", (annotation_id, entity_id))], "mention.unlink",
                    annotation_id, (self._article_of(annotation_id),))

    def accept_suggestion(self, entity_id: str, article_id: int, start: int, end: int) -> Edit:
        """Accept a suggested mention: a highlight on the passage (or the existing one) linked to the entity."""
        existing = dependents.annotation_at(self.archive.db, article_id, start, end)
        if existing:
            edit = self.link_mention(existing, entity_id)
        else:
            create = self.create_annotation(article_id, start, end)
            aid = create.target
            create.changes.append(RowChange("mentions", (aid, entity_id), None,
                                            {"annotation_id": aid, "entity_id": entity_id}))
            edit = create
        entity = self._row("entities", (entity_id,))
        edit.label = f"Accept mention of “{entity['name']}”"
        edit.kind = "suggestion.accept"
        edit.extra.entities.add(entity_id)
        return edit

    def accept_suggestions(self, entity_id: str, suggestions: Iterable[tuple[int, int, int]]) -> Edit:
        """Accept many suggestions (article_id, start, end) as one undoable step."""
        changes: list[RowChange] = []
        articles: set[int] = set()
        for article_id, start, end in suggestions:
            part = self.accept_suggestion(entity_id, article_id, start, end)
            changes += part.changes
            articles.update(part.articles)
        entity = self._row("entities", (entity_id,))
        edit = Edit(f"Accept {len(articles)} article(s) of mentions of “{entity['name']}”", changes,
                    "suggestion.accept_all", entity_id, tuple(sorted(articles)))
        edit.extra.entities.add(entity_id)
        return edit

    def reject_suggestion(self, entity_id: str, article_id: int, start: int, end: int) -> Edit:
        self._row("entities", (entity_id,))
        key = (entity_id, article_id, start, end)
        changes = []
        if self.rows.get_row("suggestion_rejections", key) is None:
            changes.append(RowChange("suggestion_rejections", key, None, dict(zip(
                ("entity_id", "article_id", "start", "end"), key))))
        return Edit("Reject suggested mention", changes, "suggestion.reject", entity_id)

    # --- metadata and palette -------------------------------------------------------------------
    def correct_metadata(self, article_id: int, field: str, value: Any) -> Edit:
        if field not in METADATA_FIELDS:
            raise InvalidEdit(Message("unknown metadata field {field}; fields are {names}", field=repr(field),
                                      names=", ".join(METADATA_FIELDS)))
        self.archive.articles.get(article_id)
        self._require_current(article_id, "correct")
        if field == "keywords" and isinstance(value, str):
            value = [k.strip() for k in value.split(",") if k.strip()]
        key = (article_id, field)
        before = self.rows.get_row("article_corrections", key)
        after = {"article_id": article_id, "field": field, "value": json.dumps(value, ensure_ascii=False),
                 "corrected_at": now_iso()}
        edit = Edit(f"Correct {field}", [RowChange("article_corrections", key, before, after)],
                    "article.correct", f"{article_id}:{field}", (article_id,))
        return edit

    def set_palette_color(self, name: str, color: str) -> Edit:
        if not _COLOR_RE.match(color):
            raise InvalidEdit(Message("colour {colour} is not of the form #rrggbb", colour=repr(color)))
        return Edit(f"Set colour of “{name}”", [self._modify("palette", (name,), color=color.lower())],
                    "palette.color", name, extra=Change())

    def add_palette_entry(self, name: str, color: str, description: str = "") -> Edit:
        name = " ".join(name.split())
        if not name:
            raise InvalidEdit(N_("a palette colour needs a name"))
        if not _COLOR_RE.match(color):
            raise InvalidEdit(Message("colour {colour} is not of the form #rrggbb", colour=repr(color)))
        if self.rows.get_row("palette", (name,)) is not None:
            raise InvalidEdit(Message("the palette already has {name}", name=repr(name)))
        position = max((p.position for p in self.archive.annotations.palette()), default=0) + 1
        row = {"name": name, "color": color.lower(), "position": position, "description": description}
        return Edit(f"Add colour “{name}”", [RowChange("palette", (name,), None, row)], "palette.add", name)
