"""Owns reading the annotation tables into domain objects: annotations, claims, entities, clusters."""

from __future__ import annotations

import json
from typing import Any, Iterable

from sqlite_utils import Database

from ..core.annotations import Annotation, Claim, Cluster, Entity, PaletteEntry
from ..core.errors import NotFound
from ..core.messages import N_, Message

_ID_TABLES = {"annotation": "annotations", "claim": "claims", "entity": "entities", "cluster": "clusters"}
_MISSING = {"annotation": N_("no annotation with id {id}"), "claim": N_("no claim with id {id}"),
            "entity": N_("no entity with id {id}"), "cluster": N_("no cluster with id {id}")}
_AMBIGUOUS = {"annotation": N_("annotation id {id} is ambiguous: give more characters"),
              "claim": N_("claim id {id} is ambiguous: give more characters"),
              "entity": N_("entity id {id} is ambiguous: give more characters"),
              "cluster": N_("cluster id {id} is ambiguous: give more characters")}


def _marks(n: int) -> str:
    return ",".join("?" * n)


class AnnotationStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, r)) for r in cursor.fetchall()]

    # --- ids -----------------------------------------------------------------------------------
    def resolve_id(self, kind: str, given: str) -> str:
        """A full id from an id or a unique prefix of at least 4 characters (like git)."""
        table = _ID_TABLES[kind]
        given = given.strip()
        if self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [given]).fetchone():
            return given
        if len(given) >= 4:
            rows = self.db.execute(
                f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2", [given, given + "\uffff"]
            ).fetchall()
            if len(rows) == 1:
                return str(rows[0][0])
            if len(rows) > 1:
                raise NotFound(Message(_AMBIGUOUS[kind], id=repr(given)))
        raise NotFound(Message(_MISSING[kind], id=repr(given)))

    # --- annotations ---------------------------------------------------------------------------
    def _decorate(self, rows: list[dict[str, Any]]) -> list[Annotation]:
        ids = [r["id"] for r in rows]
        tags: dict[str, list[str]] = {}
        ents: dict[str, list[str]] = {}
        claims: dict[str, str] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            m = _marks(len(chunk))
            for a, t in self.db.execute(
                f"SELECT annotation_id, tag FROM annotation_tags WHERE annotation_id IN ({m}) ORDER BY tag", chunk
            ).fetchall():
                tags.setdefault(a, []).append(t)
            for a, e in self.db.execute(
                f"SELECT annotation_id, entity_id FROM mentions WHERE annotation_id IN ({m})", chunk
            ).fetchall():
                ents.setdefault(a, []).append(e)
            for a, c in self.db.execute(
                f"SELECT annotation_id, id FROM claims WHERE annotation_id IN ({m})", chunk
            ).fetchall():
                claims[a] = c
        return [
            Annotation(
                **r, tags=tags.get(r["id"], []), entity_ids=ents.get(r["id"], []), claim_id=claims.get(r["id"])
            )
            for r in rows
        ]

    def annotation(self, annotation_id: str) -> Annotation:
        rows = self._rows("SELECT * FROM annotations WHERE id = ?", [annotation_id])
        if not rows:
            raise NotFound(Message(_MISSING["annotation"], id=repr(annotation_id)))
        return self._decorate(rows)[0]

    def find(
        self, article_id: int | None = None, *, statuses: Iterable[str] | None = None
    ) -> list[Annotation]:
        sql, params = "SELECT * FROM annotations WHERE 1=1", list[Any]()
        if article_id is not None:
            sql += " AND article_id = ?"
            params.append(article_id)
        if statuses is not None:
            statuses = list(statuses)
            sql += f" AND anchor_status IN ({_marks(len(statuses))})"
            params += statuses
        sql += " ORDER BY article_id, coalesce(start, -1), \"end\", created, id"
        return self._decorate(self._rows(sql, params))

    def annotation_count(self, article_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM annotations WHERE article_id = ?", [article_id]).fetchone()[0])

    def counts_by_article(self) -> dict[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for article_id, n, c in self.db.execute(
            """SELECT a.article_id, count(*), count(c.id) FROM annotations a
               LEFT JOIN claims c ON c.annotation_id = a.id GROUP BY a.article_id"""
        ).fetchall():
            out[article_id] = (n, c)
        return out

    def tags(self) -> list[tuple[str, int]]:
        return [
            (t, n)
            for t, n in self.db.execute(
                "SELECT tag, count(*) FROM annotation_tags GROUP BY tag ORDER BY tag"
            ).fetchall()
        ]

    def palette(self) -> list[PaletteEntry]:
        return [
            PaletteEntry(*r)
            for r in self.db.execute("SELECT name, color, position, description FROM palette ORDER BY position, name")
        ]

    # --- claims --------------------------------------------------------------------------------
    def _claims(self, where: str = "1=1", params: Iterable[Any] = ()) -> list[Claim]:
        rows = self._rows(
            f"""SELECT c.*, a.article_id AS article_id, a.exact AS quote, e.name AS attribution_name
                FROM claims c JOIN annotations a ON a.id = c.annotation_id
                LEFT JOIN entities e ON e.id = c.attribution_entity_id
                WHERE {where} ORDER BY a.article_id, coalesce(a.start, -1), c.created, c.id""",
            params,
        )
        members: dict[str, list[str]] = {}
        for cluster_id, claim_id in self.db.execute("SELECT cluster_id, claim_id FROM cluster_members").fetchall():
            members.setdefault(claim_id, []).append(cluster_id)
        out = []
        for r in rows:
            r["quantities"] = json.loads(r["quantities"])
            r["dates"] = json.loads(r["dates"])
            out.append(Claim(**r, cluster_ids=sorted(members.get(r["id"], []))))
        return out

    def claim(self, claim_id: str) -> Claim:
        found = self._claims("c.id = ?", [claim_id])
        if not found:
            raise NotFound(Message(_MISSING["claim"], id=repr(claim_id)))
        return found[0]

    def claims(self, *, verdict: str | None = None, article_id: int | None = None,
               cluster_id: str | None = None) -> list[Claim]:
        where, params = ["1=1"], list[Any]()
        if verdict:
            where.append("c.verdict = ?")
            params.append(verdict)
        if article_id is not None:
            where.append("a.article_id = ?")
            params.append(article_id)
        if cluster_id:
            where.append("c.id IN (SELECT claim_id FROM cluster_members WHERE cluster_id = ?)")
            params.append(cluster_id)
        return self._claims(" AND ".join(where), params)

    def claim_id_for_annotation(self, annotation_id: str) -> str | None:
        row = self.db.execute("SELECT id FROM claims WHERE annotation_id = ?", [annotation_id]).fetchone()
        return row[0] if row else None

    def relations(self, claim_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM claim_relations ORDER BY created, id")
        if claim_ids is None:
            return rows
        wanted = set(claim_ids)
        return [r for r in rows if r["source_claim_id"] in wanted or r["target_claim_id"] in wanted]

    def claim_spans(self) -> set[tuple[int, int | None, int | None]]:
        """(article id, start, end) of every claim's passage."""
        return {(a, s, e) for a, s, e in self.db.execute(
            'SELECT a.article_id, a.start, a."end" FROM claims c JOIN annotations a ON a.id = c.annotation_id'
        ).fetchall()}

    # --- entities ------------------------------------------------------------------------------
    def mention_spans(self, entity_id: str) -> list[tuple[int, int, int]]:
        """(article id, start, end) of the anchored highlights linked to the entity."""
        return [(a, s, e) for a, s, e in self.db.execute(
            """SELECT a.article_id, a.start, a."end" FROM mentions m JOIN annotations a ON a.id = m.annotation_id
               WHERE m.entity_id = ? AND a.start IS NOT NULL""", [entity_id]).fetchall()]

    def rejected_suggestions(self, entity_id: str) -> set[tuple[int, int, int]]:
        """(article id, start, end) of the mention suggestions for the entity that the user turned down."""
        return {(a, s, e) for a, s, e in self.db.execute(
            'SELECT article_id, start, "end" FROM suggestion_rejections WHERE entity_id = ?', [entity_id]
        ).fetchall()}

    def _entity(self, r: dict[str, Any]) -> Entity:
        r = dict(r)
        r["aliases"] = json.loads(r["aliases"])
        r["identifiers"] = json.loads(r["identifiers"])
        return Entity(**r)

    def entity(self, entity_id: str) -> Entity:
        rows = self._rows(
            """SELECT e.*, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mention_count
               FROM entities e WHERE e.id = ?""",
            [entity_id],
        )
        if not rows:
            raise NotFound(Message(_MISSING["entity"], id=repr(entity_id)))
        return self._entity(rows[0])

    def entities(self) -> list[Entity]:
        rows = self._rows(
            """SELECT e.*, count(m.annotation_id) AS mention_count FROM entities e
               LEFT JOIN mentions m ON m.entity_id = e.id GROUP BY e.id ORDER BY e.name COLLATE NOCASE, e.id"""
        )
        return [self._entity(r) for r in rows]

    def mention_annotation_ids(self, entity_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT annotation_id FROM mentions WHERE entity_id = ? ORDER BY annotation_id", [entity_id]
        ).fetchall()]

    # --- clusters ------------------------------------------------------------------------------
    def cluster(self, cluster_id: str) -> Cluster:
        rows = self._rows("SELECT * FROM clusters WHERE id = ?", [cluster_id])
        if not rows:
            raise NotFound(Message(_MISSING["cluster"], id=repr(cluster_id)))
        members = [r[0] for r in self.db.execute(
            "SELECT claim_id FROM cluster_members WHERE cluster_id = ? ORDER BY added, claim_id", [cluster_id]
        ).fetchall()]
        return Cluster(**rows[0], claim_ids=members)

    def clusters(self) -> list[Cluster]:
        return [self.cluster(r[0]) for r in self.db.execute("SELECT id FROM clusters ORDER BY label, id").fetchall()]

    def cluster_by_label(self, label: str) -> str | None:
        row = self.db.execute("SELECT id FROM clusters WHERE label = ? ORDER BY created LIMIT 1", [label]).fetchone()
        return row[0] if row else None

    # --- search documents -----------------------------------------------------------------------
    def search_fields(self, article_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Annotation fields of each article's search document: notes, tags, claims, verdicts, entities."""
        out: dict[int, dict[str, Any]] = {
            i: {"notes": [], "tags": set(), "claims": [], "verdicts": set(), "entities": set()} for i in article_ids
        }
        for start in range(0, len(article_ids), 900):
            chunk = article_ids[start : start + 900]
            m = _marks(len(chunk))
            for aid, note in self.db.execute(
                f"SELECT article_id, note FROM annotations WHERE article_id IN ({m}) AND note != ''", chunk
            ):
                out[aid]["notes"].append(note)
            for aid, tag in self.db.execute(
                f"""SELECT a.article_id, t.tag FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id
                    WHERE a.article_id IN ({m})""", chunk
            ):
                out[aid]["tags"].add(tag)
            for aid, statement, attribution, verdict, explanation in self.db.execute(
                f"""SELECT a.article_id, c.statement, c.attribution_text, c.verdict, c.explanation FROM claims c
                    JOIN annotations a ON a.id = c.annotation_id WHERE a.article_id IN ({m})""", chunk
            ):
                out[aid]["claims"].append(" ".join(x for x in (statement, attribution, explanation) if x))
                out[aid]["verdicts"].add(verdict)
            for aid, name, aliases in self.db.execute(
                f"""SELECT DISTINCT a.article_id, e.name, e.aliases FROM mentions mn
                    JOIN annotations a ON a.id = mn.annotation_id JOIN entities e ON e.id = mn.entity_id
                    WHERE a.article_id IN ({m})""", chunk
            ):
                out[aid]["entities"].add(name)
                out[aid]["entities"].update(json.loads(aliases))
        return {
            aid: {
                "notes": "\n".join(v["notes"]),
                "tags": sorted(v["tags"]),
                "claims": "\n".join(v["claims"]),
                "verdicts": sorted(v["verdicts"]),
                "entities": sorted(v["entities"]),
            }
            for aid, v in out.items()
        }
