"""Owns the readable report: one self-contained HTML page (no scripts, inline CSS, light and printable).

The page shows each cluster's cross-outlet comparison with disagreements flagged, the claims
table, every article with its highlights marked in their palette colours (overlaps split into
segments), and an entity index. Every piece of text from an archive or bundle goes through
``html.escape``; colours reach CSS only when they are ``#rrggbb``.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Iterable

from ..platform.i18n import current_language, tr
from .records import AnnotationRecord, ArticleRecord, BundleContent, ClaimRecord
from .weblinks import web_link

CSP = "default-src 'none'; style-src 'unsafe-inline'"
DEFAULT_MARK = "#fde68a"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_VERDICT_COLORS = {"supported": "#2e7d32", "disputed": "#e65100", "false": "#c62828", "misleading": "#6a1b9a",
                   "unverified": "#607d8b"}
_QUOTE_SHOWN = 240

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2328; font: 15px/1.55 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 17px; margin: 26px 0 8px; }
.meta { color: #57606a; font-size: 13px; }
nav { margin: 14px 0 0; font-size: 14px; }
nav a { margin-right: 14px; }
a { color: #0b5cad; text-decoration: none; }
a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13.5px; }
th, td { border: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; }
td.date { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.disagree td { background: #fff4f2; }
tr.disagree td:first-child { border-left: 4px solid #d1242f; }
.flag { color: #d1242f; font-weight: 700; }
.quote { font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.chip { display: inline-block; padding: 0 7px; margin: 0 4px 2px 0; border: 1px solid #afb8c1; border-radius: 9px;
  font-size: 12px; color: #374151; background: #f6f8fa; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; border: 1px solid rgba(0,0,0,.25);
  vertical-align: -1px; margin-right: 4px; }
.disagreements { border: 1px solid #d1242f; background: #fff4f2; border-radius: 6px; padding: 8px 14px;
  margin: 10px 0; }
.disagreements h4 { margin: 0 0 4px; color: #d1242f; font-size: 14px; }
.disagreements ul { margin: 0; padding-left: 18px; }
.agree { border: 1px solid #2e7d32; background: #f1f8f1; border-radius: 6px; padding: 8px 14px; color: #1b5e20; }
article { border-top: 1px solid #d0d7de; padding-top: 6px; margin-top: 26px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Noto Serif", "Liberation Serif",
  serif; font-size: 16px; line-height: 1.65; background: #fcfcfd; border: 1px solid #eaeef2; border-radius: 6px;
  padding: 14px 18px; }
mark { color: inherit; padding: 1px 0; border-radius: 2px; }
mark.overlap { outline: 1px solid rgba(0,0,0,.35); }
sup.ref { font-size: 10px; font-family: system-ui, sans-serif; margin: 0 1px; }
ol.notes { padding-left: 28px; font-size: 14px; }
ol.notes li { margin: 6px 0; }
.note { white-space: pre-wrap; background: #f6f8fa; border-left: 3px solid #afb8c1; padding: 2px 8px;
  margin: 3px 0; }
.status { color: #9a6700; font-size: 12px; }
dl.entities dt { font-weight: 600; margin-top: 10px; }
dl.entities dd { margin: 2px 0 0 18px; font-size: 14px; }
.aliases { font-weight: 400; color: #57606a; font-size: 14px; }
.legend span { margin-right: 14px; font-size: 13px; white-space: nowrap; }
@media print {
  nav { display: none; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  h2 { break-after: avoid; }
  tr, li, .disagreements { break-inside: avoid; }
  article { break-before: page; }
}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _color(value: str | None) -> str:
    return value if value and _COLOR.match(value) else DEFAULT_MARK


def _badge(verdict: str) -> str:
    return (f'<span class="badge" style="background:{_VERDICT_COLORS.get(verdict, "#607d8b")}">'
            f'{_e(tr(verdict))}</span>')  # the stored value stays English; the reader sees their language


def _short(text: str, limit: int = _QUOTE_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _anchor_id(annotation_id: str) -> str:
    return "ann-" + re.sub(r"[^0-9a-zA-Z-]", "", annotation_id)


def _number(value: Any) -> str:
    if value is None:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _e(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,}"


def _figure(row: dict[str, Any]) -> str:
    return " ".join(x for x in (row.get("qualifier") or "", _number(row.get("value")), row.get("unit") or "") if x)


def _disagreement_text(d: dict[str, Any], rows: list[dict[str, Any]], labels: dict[str, str]) -> str:
    """One disagreement in words, naming each side by outlet (or title when the outlet is unknown)."""
    by_id = {r["claim_id"]: r for r in rows}
    a, b = (by_id.get(c) for c in d["claims"])
    if a is None or b is None:
        return str(d.get("detail", ""))
    la, lb = labels[a["claim_id"]], labels[b["claim_id"]]
    if d.get("kind") == "quantity":
        return tr("{a} ({source_a}) vs {b} ({source_b}): the ranges do not overlap").format(
            a=_figure(a), source_a=la, b=_figure(b), source_b=lb)
    if d.get("kind") == "marked":
        return tr("{a} and {b} are marked as contradicting each other").format(a=la, b=lb)
    detail = str(d.get("detail", ""))
    for outlet, label in zip(d.get("outlets") or [], (la, lb)):
        detail = detail.replace(f"({outlet})", f"({label})", 1)
    return detail


def segments(length: int, spans: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, list[int]]]:
    """Split ``[0, length)`` at every span boundary: (start, end, ids of the spans covering it).

    ``spans`` are ``(start, end, id)``; ids are listed innermost (shortest span) first."""
    spans = [(max(0, s), min(length, e), i) for s, e, i in spans if s < e and s < length and e > 0]
    bounds = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
    active: list[tuple[int, int, int]] = []
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s[1] > a] + starts.get(a, [])
        covering = sorted(active, key=lambda s: (s[1] - s[0], s[2]))
        out.append((a, b, [s[2] for s in covering]))
    return out


class _ArticleView:
    def __init__(self, article: ArticleRecord, annotations: list[AnnotationRecord]) -> None:
        self.article = article
        placed = [a for a in annotations if a.start is not None and a.end is not None]
        orphans = [a for a in annotations if a.start is None or a.end is None]
        self.ordered = sorted(placed, key=lambda a: (a.start, a.end, a.id)) + orphans
        self.number = {a.id: n for n, a in enumerate(self.ordered, 1)}


class _Report:
    def __init__(self, content: BundleContent, comparisons: list[dict[str, Any]]) -> None:
        self.content = content
        self.comparisons = comparisons
        self.colors = {p.name: _color(p.color) for p in content.palette}
        self.entities = {e.id: e for e in content.entities}
        self.claims_by_annotation: dict[str, ClaimRecord] = {c.annotation_id: c for c in content.claims}
        self.claims_by_id: dict[str, ClaimRecord] = {c.id: c for c in content.claims}
        self.annotations = {a.id: a for a in content.annotations}
        self.articles = {a.sha256: a for a in content.articles}
        by_article: dict[str, list[AnnotationRecord]] = {}
        for a in content.annotations:
            by_article.setdefault(a.article, []).append(a)
        self.views = [_ArticleView(article, by_article.get(article.sha256, [])) for article in content.articles]
        self.view_of = {v.article.sha256: v for v in self.views}
        self.article_anchor = {a.sha256: f"art-{n}" for n, a in enumerate(content.articles, 1)}
        self.cluster_labels: dict[str, list[str]] = {}
        for cluster in content.clusters:
            for claim_id, _ in cluster.members:
                self.cluster_labels.setdefault(claim_id, []).append(cluster.label)

    # --- helpers ---------------------------------------------------------------------------------
    def _mark_color(self, annotation: AnnotationRecord) -> str:
        return self.colors.get(annotation.color or "", DEFAULT_MARK)

    def _ref(self, annotation_id: str) -> str:
        annotation = self.annotations.get(annotation_id)
        if annotation is None:
            return ""
        view = self.view_of.get(annotation.article)
        if view is None:
            return ""
        return f'<a href="#{_anchor_id(annotation_id)}">[{view.number[annotation_id]}]</a>'

    def _source_label(self, row: dict[str, Any]) -> str:
        """The outlet, or (when the outlet is unknown) the article's title, shortened."""
        return row.get("outlet") or _short(row.get("title") or "", 60) or tr("(unknown source)")

    def _source_cell(self, row: dict[str, Any]) -> str:
        if row.get("outlet"):
            return _e(row["outlet"])
        return f'<span class="meta">{_e(self._source_label(row))}</span>'

    def _title(self, sha: str) -> str:
        article = self.articles.get(sha)
        if article is None:
            return ""
        return article.metadata.get("title") or tr("(untitled)")

    # --- sections --------------------------------------------------------------------------------
    def header(self, title: str, generated: str) -> str:
        counts = self.content.counts()
        used = sorted({a.color for a in self.content.annotations if a.color})
        legend = "".join(
            f'<span><span class="swatch" style="background:{self.colors.get(name, DEFAULT_MARK)}"></span>'
            f"{_e(name)}</span>"
            for name in used
        )
        return (
            f"<header><h1>{_e(tr(title))}</h1>"
            '<p class="meta">' + _e(tr("Generated {generated} · {articles} articles · {highlights} highlights · "
                                         "{claims} claims · {clusters} clusters · {entities} entities").format(
                generated=generated, articles=counts["articles"], highlights=counts["annotations"],
                claims=counts["claims"], clusters=counts["clusters"], entities=counts["entities"])) + "</p>"
            + (f'<p class="legend">{legend}</p>' if legend else "")
            + f'<nav><a href="#comparisons">{_e(tr("Comparisons"))}</a><a href="#claims">{_e(tr("Claims"))}</a>'
              f'<a href="#articles">{_e(tr("Articles"))}</a><a href="#entities">{_e(tr("Entities"))}</a></nav></header>'
        )

    def comparisons_section(self) -> str:
        parts = [f'<section id="comparisons"><h2>{_e(tr("Cross-source comparisons"))}</h2>']
        if not self.comparisons:
            parts.append(f'<p class="meta">{_e(tr("No claim clusters."))}</p>')
        for comparison in self.comparisons:
            cluster = comparison["cluster"]
            disagreeing = {c for d in comparison["disagreements"] for c in d["claims"]}
            parts.append(f'<h3>{_e(cluster["label"])}</h3>')
            if cluster.get("note"):
                parts.append(f'<p class="note">{_e(cluster["note"])}</p>')
            parts.append(
                "<table><thead><tr>" + "".join(f"<th>{_e(tr(h))}</th>" for h in (
                    "Outlet", "Published", "Quote", "Qualifier", "Value", "Unit", "Attribution", "Verdict"))
                + "</tr></thead><tbody>"
            )
            labels = {row["claim_id"]: self._source_label(row) for row in comparison["rows"]}
            for row in comparison["rows"]:
                flagged = row["claim_id"] in disagreeing
                claim_ref = ""
                claim = self.claims_by_id.get(row["claim_id"])
                if claim is not None:
                    claim_ref = " " + self._ref(claim.annotation_id)
                row_class = ' class="disagree"' if flagged else ""
                flag = (f'<span class="flag" title="{_e(tr("disagrees with another outlet"))}">⚠ </span>'
                        if flagged else "")
                parts.append(
                    f"<tr{row_class}><td>{flag}{self._source_cell(row)}</td>"
                    f'<td class="date">{_e((row.get("published") or "")[:10])}</td>'
                    f'<td class="quote">“{_e(_short(row.get("quote") or ""))}”{claim_ref}</td>'
                    f'<td>{_e(row.get("qualifier") or "")}</td>'
                    f'<td class="num">{_number(row.get("value"))}</td>'
                    f'<td>{_e(row.get("unit") or "")}</td>'
                    f'<td>{_e(row.get("attribution") or "")}</td>'
                    f'<td>{_badge(row.get("verdict") or "unverified")}</td></tr>'
                )
            parts.append("</tbody></table>")
            summary = _sources_summary(comparison)
            if summary:
                parts.append(f'<p class="meta">{_e(summary)}</p>')
            shown = {row["claim_id"] for row in comparison["rows"]}
            parts.append(timeline_svg([a for a in comparison.get("timeline", []) if a["claim_id"] in shown],
                                      cluster["label"]))
            changes = [c for c in comparison.get("changes", []) if all(x in shown for x in c["claims"])]
            if changes:
                items = "".join(f"<li>{_e(c['detail'])}</li>" for c in changes)
                parts.append(f'<div class="agree"><h4>{_e(tr("Changed in an update"))}</h4><ul>{items}</ul></div>')
            if comparison["disagreements"]:
                items = "".join(f"<li>{_e(_disagreement_text(d, comparison['rows'], labels))}</li>"
                                for d in comparison["disagreements"])
                heading = tr("{n} disagreement(s) between outlets").format(n=len(comparison["disagreements"]))
                parts.append(f'<div class="disagreements"><h4>⚠ {_e(heading)}</h4><ul>{items}</ul></div>')
            elif comparison["rows"]:
                parts.append(f'<p class="agree">{_e(tr("The outlets agree: no conflicting figures or dates."))}</p>')
        parts.append("</section>")
        return "".join(parts)

    def claims_section(self) -> str:
        parts = [f'<section id="claims"><h2>{_e(tr("Claims"))}</h2>']
        if not self.content.claims:
            parts.append(f'<p class="meta">{_e(tr("No claims."))}</p></section>')
            return "".join(parts)
        parts.append("<table><thead><tr>" + "".join(f"<th>{_e(tr(h))}</th>" for h in (
            "Verdict", "Claim", "Attribution", "Kind", "Source", "Clusters")) + "</tr></thead><tbody>")
        for claim in self.content.claims:
            annotation = self.annotations.get(claim.annotation_id)
            article = self.articles.get(annotation.article) if annotation else None
            entity = self.entities.get(claim.attribution_entity_id or "")
            attribution = entity.name if entity else claim.attribution_text
            source = ""
            if article is not None:
                meta = article.metadata
                label = meta.get("outlet") or self._title(article.sha256)
                source = (f'<a href="#{self.article_anchor[article.sha256]}">{_e(label)}</a>'
                          f' {self._ref(claim.annotation_id)}')
            explanation = f'<div class="note">{_e(claim.explanation)}</div>' if claim.explanation else ""
            parts.append(
                f"<tr><td>{_badge(claim.verdict)}</td><td>{_e(claim.statement)}{explanation}</td>"
                f"<td>{_e(attribution)}</td><td>{_e(tr(claim.kind))}</td><td>{source}</td>"
                f"<td>{_e('; '.join(sorted(self.cluster_labels.get(claim.id, []))))}</td></tr>"
            )
        parts.append("</tbody></table></section>")
        return "".join(parts)

    def _marked_text(self, view: _ArticleView) -> str:
        text = view.article.text
        placed = [a for a in view.ordered if a.start is not None and a.end is not None]
        index = {n: a for n, a in enumerate(placed)}
        ends: dict[int, list[AnnotationRecord]] = {}
        for a in placed:
            ends.setdefault(min(a.end, len(text)), []).append(a)
        out = []
        for start, end, covering in segments(len(text), [(a.start, a.end, n) for n, a in index.items()]):
            piece = _e(text[start:end])
            if covering:
                inner = index[covering[0]]
                titles = "; ".join(
                    f"[{view.number[index[i].id]}] {index[i].color or 'highlight'}" for i in covering
                )
                style = f"background:{self._mark_color(inner)}"
                overlap = ""
                if len(covering) > 1:  # the next highlight's colour as a thick underline
                    overlap = ' class="overlap"'
                    style += f";box-shadow:inset 0 -0.3em 0 {self._mark_color(index[covering[1]])}"
                out.append(f'<mark{overlap} style="{style}" '
                           f'title="{_e(titles)}">{piece}</mark>')
            else:
                out.append(piece)
            for a in ends.get(end, []):
                out.append(f'<sup class="ref"><a href="#{_anchor_id(a.id)}">{view.number[a.id]}</a></sup>')
        return "".join(out)

    def _annotation_item(self, view: _ArticleView, a: AnnotationRecord) -> str:
        bits = [f'<li id="{_anchor_id(a.id)}">']
        if a.color:
            bits.append(f'<span class="swatch" style="background:{self._mark_color(a)}"></span>{_e(a.color)} · ')
        bits.append(f'<span class="quote">“{_e(_short(a.exact))}”</span>')
        if a.start is None:
            bits.append(' <span class="status">(could not be placed in the text)</span>')
        elif a.anchor_status in ("needs_review", "fuzzy"):
            bits.append(f' <span class="status">({_e(a.anchor_status.replace("_", " "))})</span>')
        if a.tags:
            bits.append("<br>" + "".join(f'<span class="chip">{_e(t)}</span>' for t in a.tags))
        if a.entity_ids:
            names = [self.entities[e].name for e in a.entity_ids if e in self.entities]
            bits.append("<br>" + _e(tr("Mentions:")) + " " + ", ".join(
                f'<a href="#ent-{_e(re.sub(r"[^0-9a-zA-Z-]", "", e))}">{_e(n)}</a>'
                for e, n in zip(a.entity_ids, names)))
        claim = self.claims_by_annotation.get(a.id)
        if claim is not None:
            bits.append(f"<br>{_e(tr('Claim'))} {_badge(claim.verdict)} {_e(claim.statement)}")
        if a.note:
            bits.append(f'<div class="note">{_e(a.note)}</div>')
        bits.append("</li>")
        return "".join(bits)

    def articles_section(self) -> str:
        parts = [f'<section id="articles"><h2>{_e(tr("Articles"))}</h2>']
        for view in self.views:
            meta = view.article.metadata
            line = " · ".join(_e(x) for x in (meta.get("outlet"), (meta.get("published") or "")[:10],
                                              meta.get("author")) if x)
            url = meta.get("url") or ""
            link = (f'<br><a href="{_e(url)}" rel="noreferrer noopener">{_e(url)}</a>'
                    if web_link(url) else (f"<br>{_e(url)}" if url else ""))
            parts.append(
                f'<article id="{self.article_anchor[view.article.sha256]}">'
                f'<h3>{_e(meta.get("title") or tr("(untitled)"))}</h3>'
                f'<p class="meta">{line}{link}</p><div class="text">{self._marked_text(view)}</div>'
            )
            if view.ordered:
                parts.append('<ol class="notes">' + "".join(self._annotation_item(view, a) for a in view.ordered)
                             + "</ol>")
            parts.append("</article>")
        parts.append("</section>")
        return "".join(parts)

    def entities_section(self) -> str:
        parts = [f'<section id="entities"><h2>{_e(tr("Entity index"))}</h2>']
        if not self.content.entities:
            parts.append(f'<p class="meta">{_e(tr("No entities."))}</p></section>')
            return "".join(parts)
        mentions: dict[str, list[AnnotationRecord]] = {}
        for a in self.content.annotations:
            for e in a.entity_ids:
                mentions.setdefault(e, []).append(a)
        parts.append('<dl class="entities">')
        for entity in sorted(self.content.entities, key=lambda e: (e.name.casefold(), e.id)):
            anchor = "ent-" + re.sub(r"[^0-9a-zA-Z-]", "", entity.id)
            aliases = f' <span class="aliases">also {_e(", ".join(entity.aliases))}</span>' if entity.aliases else ""
            parts.append(f'<dt id="{_e(anchor)}">{_e(entity.name)} <span class="chip">{_e(entity.type)}</span>'
                         f"{aliases}</dt>")
            if entity.description:
                parts.append(f"<dd>{_e(entity.description)}</dd>")
            by_article: dict[str, list[str]] = {}
            for a in mentions.get(entity.id, []):
                by_article.setdefault(a.article, []).append(self._ref(a.id))
            if by_article:
                listed = "; ".join(
                    f'<a href="#{self.article_anchor[sha]}">{_e(self._title(sha))}</a> {" ".join(refs)}'
                    for sha, refs in by_article.items() if sha in self.article_anchor
                )
                parts.append(f"<dd>{_e(tr('Mentioned in:'))} {listed}</dd>")
            else:
                parts.append(f'<dd class="meta">{_e(tr("No mentions in these articles."))}</dd>')
        parts.append("</dl></section>")
        return "".join(parts)


_LANE, _LEFT, _WIDTH, _TOP = 56, 170, 900, 34


def _sources_summary(comparison: dict[str, Any]) -> str:
    """The comparison's "N outlets, M independent sources (AP carried by 2)" over the rows exported."""
    from ..core.syndication import Group, source_summary

    rows = comparison["rows"]
    known = {g["group"]: g for g in (comparison.get("provenance") or {}).get("groups", [])}
    if not rows or not known:
        return ""
    carriers: dict[int, set[str]] = {}
    for row in rows:
        if row.get("group") in known:
            carriers.setdefault(row["group"], set()).add(row["source"])
    groups = [Group(g, known[g]["articles"], known[g]["earliest"], known[g]["agency"], known[g]["outlets"])
              for g in sorted(carriers)]
    return source_summary(len({r["source"] for r in rows}), groups, {g: len(s) for g, s in carriers.items()})


def timeline_svg(appearances: list[dict[str, Any]], label: str) -> str:
    """A cluster's timeline as inline SVG (no script): outlets as lanes, time across, each appearance a
    mark labelled with its figure (a changed figure as "old → new"), the first filled, and the
    appearances of one story group (copies) joined by a dashed line."""
    from ..core.publications import parse_moment

    placed = [(a, parse_moment(a.get("moment") or a.get("published"))) for a in appearances]
    placed = [(a, m) for a, m in placed if m is not None]
    if not placed:
        return ""
    lanes: list[str] = []
    for a, _ in placed:
        outlet = a.get("outlet") or f"article {a['article_id']}"
        if outlet not in lanes:
            lanes.append(outlet)
    start, end = min(m for _, m in placed), max(m for _, m in placed)
    span = (end - start).total_seconds() or 1.0
    height = _TOP + _LANE * len(lanes) + 30

    def x(moment) -> float:
        return round(_LEFT + 20 + (_WIDTH - _LEFT - 60) * (moment - start).total_seconds() / span, 1)

    def y(a: dict[str, Any]) -> int:
        return _TOP + _LANE * lanes.index(a.get("outlet") or f"article {a['article_id']}")

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="timeline" width="{_WIDTH}" '
           f'height="{height}" viewBox="0 0 {_WIDTH} {height}" font-family="system-ui, sans-serif" font-size="12">'
           f"<title>{_e(tr('Timeline of {label}').format(label=label))}</title>"]
    for n, outlet in enumerate(lanes):
        ly = _TOP + _LANE * n
        out.append(f'<line x1="{_LEFT}" y1="{ly}" x2="{_WIDTH - 20}" y2="{ly}" stroke="#d0d7de"/>'
                   f'<text x="{_LEFT - 8}" y="{ly + 4}" text-anchor="end">{_e(_short(outlet, 26))}</text>')
    by_group: dict[Any, list[tuple[float, int]]] = {}
    for a, m in placed:
        by_group.setdefault(a.get("group"), []).append((x(m), y(a)))
    for points in by_group.values():
        if len({p[1] for p in points}) > 1:
            path = " ".join(f"{px},{py}" for px, py in sorted(points))
            out.append(f'<polyline points="{path}" fill="none" stroke="#8c959f" stroke-dasharray="4 3"/>')
    taken: dict[int, float] = {}  # lane y -> right end of the last label above it
    for a, m in sorted(placed, key=lambda t: t[1]):
        mx, my = x(m), y(a)
        figure = a.get("figure") or tr("no figure")
        text = f"{a['changed_from']} → {figure}" if a.get("changed_from") else figure
        fill = "#0b5cad" if a.get("first") else "#fff"
        anchor = "end" if mx > _WIDTH - 160 else "start" if mx < _LEFT + 100 else "middle"
        shown = _short(text, 40) + (tr(" (first)") if a.get("first") else "")
        width = 6.5 * len(shown)
        left = mx - width if anchor == "end" else mx if anchor == "start" else mx - width / 2
        label_y = my - 10
        if left < taken.get(my, -1.0) + 6:  # it would overlap the label before it in this lane: below
            label_y = my + 20
        else:
            taken[my] = left + width
        tip = f"{a.get('outlet') or ''} {(a.get('published') or '')[:16]}: {text}"
        out.append(f'<g><title>{_e(tip)}</title><circle cx="{mx}" cy="{my}" r="6" fill="{fill}" '
                   f'stroke="#0b5cad" stroke-width="2"/>'
                   f'<text x="{mx}" y="{label_y}" text-anchor="{anchor}">{_e(shown)}</text></g>')
    axis = height - 12
    out.append(f'<text x="{_LEFT + 20}" y="{axis}" fill="#57606a">{_e(start.strftime("%Y-%m-%d %H:%M"))} UTC</text>'
               f'<text x="{_WIDTH - 40}" y="{axis}" text-anchor="end" fill="#57606a">'
               f'{_e(end.strftime("%Y-%m-%d %H:%M"))} UTC</text></svg>')
    return "".join(out)


def render_report(content: BundleContent, comparisons: list[dict[str, Any]], *, title: str, generated: str) -> str:
    """The whole report page; ``comparisons`` are cluster comparisons (one dict per cluster)."""
    report = _Report(content, comparisons)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{current_language()}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(tr(title))}</title><style>{CSS}</style></head><body><main>"
        + report.header(title, generated)
        + report.comparisons_section()
        + report.claims_section()
        + report.articles_section()
        + report.entities_section()
        + "</main></body></html>\n"
    )
