"""Ranks a query of words by reading Whoosh's posting lists a block at a time into arrays.

Whoosh finds and scores matches one posting at a time through a tree of Python matcher objects (a
word typed in the search box is an OR over six fields, two words an AND of two such trees), which is
what makes conjunctions of common words slow at 100,000 articles. For the queries it can read — words,
their stems, field queries, AND, OR, NOT, prefixes and date ranges — this module reads the same posting
lists from the same index, decodes each block with NumPy instead of stepping through it, and applies
the same BM25F sums with array operations: the same hits in the same order (a property test holds the
page equal to Whoosh's own ranking), and every match counted, so the total is exact at any size.

Queries it cannot read (phrases, and any node type not listed in ``_evaluate``) raise ``Unsupported``
and are left to Whoosh's matchers (``SearchIndex.search_results``).

It reads Whoosh's on-disk structures through their private attributes (the whoosh3 codec's posting
blocks and field-length columns); the Whoosh distribution is pinned for that reason
(``docs/decisions.md``, "Ranking words with arrays").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pickle import loads
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.mcore import ListMatcher
from whoosh.query import wrappers as wwrappers
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from .phrases import WordPhrase

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


class Unsupported(Exception):
    """The query holds a node this module does not evaluate (a phrase, a fuzzy term...)."""


@dataclass(frozen=True)
class Ranked:
    """The best ``limit`` matches (global document numbers and scores, best first) and their number
    (``exact``, or a lower bound)."""

    docnums: list[int]
    scores: list[float]
    total: int
    exact: bool = True


_Matches = tuple[np.ndarray, np.ndarray]  # sorted unique document numbers in a segment, their scores


def rank(q: Any, searcher: Any, limit: int, exact_up_to: int | None = None) -> Ranked:
    """The top ``limit`` matches of ``q`` and the number of matches, as Whoosh's top collector would
    rank them (higher score first, then lower document number). Raises Unsupported.

    The number is exact, except for a query of phrases alone with ``exact_up_to``: their positions are
    checked best candidate first (``_rank_phrases``) and the checking stops once the page is settled
    and ``exact_up_to`` matches are found; the number is then a lower bound (``exact`` False)."""
    _check(q)
    phrases = _phrases_only(q, 1.0)
    if phrases is not None and exact_up_to is not None and limit > 0:
        return _rank_phrases(phrases, searcher, limit, exact_up_to)
    parts_ids: list[np.ndarray] = []
    parts_scores: list[np.ndarray] = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        ids, scores = _evaluate(q, sub, reader, True)
        if len(ids) and reader.has_deletions():
            keep = ~np.isin(ids, _deleted(reader))
            ids, scores = ids[keep], scores[keep]
        parts_ids.append(ids + offset)
        parts_scores.append(scores)
    ids = np.concatenate(parts_ids) if parts_ids else _EMPTY_IDS
    scores = np.concatenate(parts_scores) if parts_scores else _EMPTY_SCORES
    total = len(ids)
    if limit <= 0:
        return Ranked([], [], total)
    if total > limit:
        # The limit-th best score; everything strictly better, then the ties in document order.
        cut = np.partition(scores, total - limit)[total - limit]
        chosen = np.flatnonzero(scores >= cut)
        ids, scores = ids[chosen], scores[chosen]
    order = np.lexsort((ids, -scores))[:limit]
    return Ranked([int(i) for i in ids[order]], [float(s) for s in scores[order]], total)


def _deleted(reader: Any) -> np.ndarray:
    """The segment's superseded documents (Whoosh keeps their postings until the segment is rewritten)."""
    return np.fromiter(reader.deleted_docs_set, dtype=np.int64)


def _phrases_only(q: Any, boost: float) -> list[tuple[Any, float]] | None:
    """The phrases of a query made of phrases joined by OR alone (a phrase typed in the search box is one
    per field), each with the product of the boosts of the ORs above it; None for any other query."""
    if type(q) is WordPhrase:
        return [(q, boost)]
    if type(q) is wq.Or:
        found: list[tuple[Any, float]] = []
        for sub in q.subqueries:
            more = _phrases_only(sub, boost * q.boost)
            if more is None:
                return None
            found.extend(more)
        return found
    return None


def _rank_phrases(phrases: list[tuple[Any, float]], searcher: Any, limit: int, exact_up_to: int) -> Ranked:
    """``rank`` for a query of phrases alone, checking positions best candidate first.

    Every candidate (an article holding all the words of one of the phrases in its field) has a score
    it reaches if its phrases occur: the sum of those phrases' scores, an upper bound of its real
    score. Candidates are checked in batches, in decreasing order of that bound; the page is settled
    when its last hit scores more than the bound of every candidate not yet checked. Checking goes on
    until it is settled and ``exact_up_to`` matches are found (a lower bound of the total), or every
    candidate is checked (the exact total)."""
    parts: list[_PhraseCandidates] = []
    gids, bounds, owners, places = [], [], [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        deleted = _deleted(reader) if reader.has_deletions() else None
        for phrase, boost in phrases:
            found = _PhraseCandidates.of(phrase, sub, reader)
            if found is None:
                continue
            if boost != 1.0:
                found.scores = found.scores * boost
            index = np.arange(len(found.candidates))
            if deleted is not None:
                index = index[~np.isin(found.candidates, deleted)]
            parts.append(found)
            gids.append(found.candidates[index] + offset)
            bounds.append(found.scores[index])
            owners.append(np.full(len(index), len(parts) - 1))
            places.append(index)
    gid = np.concatenate(gids) if gids else _EMPTY_IDS
    if not len(gid):  # no candidate, or only superseded copies
        return Ranked([], [], 0)
    order = np.argsort(gid, kind="stable")
    gid, bound = gid[order], np.concatenate(bounds)[order]
    owner, place = np.concatenate(owners)[order], np.concatenate(places)[order]
    firsts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])  # each document's first entry
    doc_gid, doc_bound = gid[firsts], np.add.reduceat(bound, firsts)
    doc_of_entry = np.repeat(np.arange(len(firsts)), np.diff(np.r_[firsts, len(gid)]))
    queue = np.lexsort((doc_gid, -doc_bound))  # documents, best bound first
    matched_gid: list[np.ndarray] = []
    matched_score: list[np.ndarray] = []
    done, batch, found_count = 0, max(4 * limit, 256), 0
    while done < len(queue):
        docs = queue[done:done + batch]
        done += len(docs)
        batch *= 2
        in_batch = np.zeros(len(firsts), dtype=bool)
        in_batch[docs] = True
        entries = np.flatnonzero(in_batch[doc_of_entry])
        occurs = np.zeros(len(entries), dtype=bool)
        entry_owner = owner[entries]
        for number in np.unique(entry_owner).tolist():
            at = np.flatnonzero(entry_owner == number)
            alive = parts[number].verify(np.sort(place[entries[at]]))
            occurs[at[np.isin(place[entries[at]], alive)]] = True
        score = np.zeros(len(firsts))
        np.add.at(score, doc_of_entry[entries[occurs]], bound[entries[occurs]])
        hit = np.zeros(len(firsts), dtype=bool)
        hit[doc_of_entry[entries[occurs]]] = True
        hits = docs[hit[docs]]
        matched_gid.append(doc_gid[hits])
        matched_score.append(score[hits])
        found_count += len(hits)
        if done < len(queue) and found_count >= max(limit, exact_up_to):
            scores = np.concatenate(matched_score)
            page_floor = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            if page_floor > doc_bound[queue[done]]:
                break
    ids, scores = np.concatenate(matched_gid), np.concatenate(matched_score)
    top = np.lexsort((ids, -scores))[:limit]
    return Ranked([int(i) for i in ids[top]], [float(x) for x in scores[top]], len(ids), done >= len(queue))


def _check(q: Any) -> None:
    """Raises Unsupported unless every node of q is one _evaluate reads."""
    if type(q) not in _KINDS:  # exact types: a subclass (FuzzyTerm of Term) may match otherwise
        raise Unsupported(type(q).__name__)
    if isinstance(q, wq.Or) and (q.minmatch or q.scale):
        raise Unsupported("Or with minmatch or scale")
    if isinstance(q, wq.And):
        positive = [s for s in q.subqueries if not isinstance(s, wq.Not)]
        if not positive:
            raise Unsupported("And of negations only")
        for s in q.subqueries:
            _check(s.query if isinstance(s, wq.Not) else s)
        return
    for s in _children(q):
        _check(s)


def _children(q: Any) -> list[Any]:
    if isinstance(q, wq.CompoundQuery):
        return list(q.subqueries)
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        return [q.a, q.b]
    return []


def _evaluate(q: Any, searcher: Any, reader: Any, scored: bool) -> _Matches:
    kind = type(q)
    if kind is wq.Term:
        return _term(searcher, reader, q.fieldname, q.text, q.boost, scored)
    if kind is WordPhrase:
        return _phrase(q, searcher, reader, scored)
    if kind is wq.Or:
        return _boosted(_union([_evaluate(s, searcher, reader, scored) for s in q.subqueries]), q.boost)
    if kind is wq.And:
        positive = [_evaluate(s, searcher, reader, scored) for s in q.subqueries if not isinstance(s, wq.Not)]
        ids, scores = _intersection(positive)
        for s in q.subqueries:
            if isinstance(s, wq.Not):
                # Whoosh intersects with an inverse matcher, whose score (1.0) joins the sum.
                ids, scores = _minus((ids, scores + 1.0), _evaluate(s.query, searcher, reader, False)[0])
        return _boosted((ids, scores), q.boost)
    if kind is wq.AndNot:
        return _minus(_evaluate(q.a, searcher, reader, scored), _evaluate(q.b, searcher, reader, False)[0])
    if kind is wq.AndMaybe:
        return _maybe(_evaluate(q.a, searcher, reader, scored), _evaluate(q.b, searcher, reader, scored))
    if kind in (wq.Prefix, wq.Wildcard, wq.TermRange):
        return _expanded(q, searcher, reader, scored)
    if kind in (wq.NumericRange, wq.DateRange):
        return _evaluate(q._compile_query(reader), searcher, reader, scored)
    if kind is wwrappers.ConstantScoreQuery:
        ids, _scores = _evaluate(q.child, searcher, reader, False)
        return ids, np.full(len(ids), float(q.score), dtype=np.float64)
    if q is wq.NullQuery:
        return _EMPTY_IDS, _EMPTY_SCORES
    raise Unsupported(kind.__name__)


def _expanded(q: Any, searcher: Any, reader: Any, scored: bool) -> _Matches:
    """A prefix, wildcard or range of words, expanded in this segment as Whoosh expands it: one word is
    that word's term; several are an OR which, for a constant-score query, Whoosh scores by BM25 when it
    builds a tree of union matchers (two words, or a segment of more than 5,000 documents) and as 1.0
    per match when it preloads the matches into an array (more words in a smaller segment)."""
    terms = [wq.Term(q.fieldname, word, boost=q.boost) for word in q._btexts(reader) if word]
    if len(terms) == 1:
        return _evaluate(terms[0], searcher, reader, scored)
    preloaded = len(terms) >= wq.Or.TOO_MANY_CLAUSES or (len(terms) > 2 and searcher.doc_count_all() <= 5000)
    if q.constantscore and preloaded:
        ids = _union([_evaluate(t, searcher, reader, False) for t in terms])[0]
        return ids, np.ones(len(ids))
    return _union([_evaluate(t, searcher, reader, scored) for t in terms])


# What _evaluate reads (a NOT only as a part of an AND, which _check looks into).
_KINDS = {WordPhrase, wq.Term, wq.Or, wq.And, wq.AndNot, wq.AndMaybe, wq.Prefix, wq.Wildcard, wq.TermRange,
          wq.NumericRange, wq.DateRange, wwrappers.ConstantScoreQuery, type(wq.NullQuery)}


def _boosted(matches: _Matches, boost: float) -> _Matches:
    ids, scores = matches
    return (ids, scores * boost) if boost != 1.0 else (ids, scores)


def _union(parts: list[_Matches]) -> _Matches:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY_IDS, _EMPTY_SCORES
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    order = np.argsort(ids, kind="stable")
    ids, scores = ids[order], scores[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return ids[starts], np.add.reduceat(scores, starts)


def _intersection(parts: list[_Matches]) -> _Matches:
    ids, scores = parts[0]
    for other_ids, other_scores in parts[1:]:
        common, mine, theirs = np.intersect1d(ids, other_ids, assume_unique=True, return_indices=True)
        ids, scores = common, scores[mine] + other_scores[theirs]
    return ids, scores


def _minus(matches: _Matches, excluded: np.ndarray) -> _Matches:
    ids, scores = matches
    if not len(excluded) or not len(ids):
        return ids, scores
    keep = ~np.isin(ids, excluded, assume_unique=True)
    return ids[keep], scores[keep]


def _maybe(required: _Matches, optional: _Matches) -> _Matches:
    ids, scores = required
    if not len(optional[0]) or not len(ids):
        return ids, scores
    _common, mine, theirs = np.intersect1d(ids, optional[0], assume_unique=True, return_indices=True)
    scores = scores.copy()
    scores[mine] += optional[1][theirs]
    return ids, scores


def _term(searcher: Any, reader: Any, fieldname: str, text: Any, boost: float, scored: bool) -> _Matches:
    schema = searcher.schema
    if fieldname not in schema:
        return _EMPTY_IDS, _EMPTY_SCORES
    field = schema[fieldname]
    try:
        btext = field.to_bytes(text)
    except ValueError:
        return _EMPTY_IDS, _EMPTY_SCORES
    if (fieldname, btext) not in reader:
        return _EMPTY_IDS, _EMPTY_SCORES
    ids, weights = _postings(reader, fieldname, btext, field.format)
    if not scored:
        return ids, weights
    return _boosted((ids, _term_scores(searcher, reader, fieldname, btext, weights, ids)), boost)


def _term_scores(searcher: Any, reader: Any, fieldname: str, btext: bytes, weights: np.ndarray,
                 ids: np.ndarray) -> np.ndarray:
    """The term's scores in documents ``ids`` of the segment, where its weights are ``weights``: BM25F
    with the whole index's statistics, as Whoosh's scorer computes it for one posting."""
    scorer = searcher.weighting.scorer(searcher, fieldname, btext)
    if isinstance(scorer, BM25FScorer):
        lengths = _BYTE_TO_LENGTH[_field_lengths(reader, fieldname)[ids]]
        k1: float = scorer.K1
        b: float = scorer.B
        avgfl: float = scorer.avgfl
        idf: float = scorer.idf
        scores: np.ndarray = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        return scores
    if isinstance(scorer, WeightScorer):
        return weights
    raise Unsupported(type(scorer).__name__)


def _phrase(q: Any, searcher: Any, reader: Any, scored: bool) -> _Matches:
    """The documents where the phrase's words stand at consecutive positions, scored as Whoosh's phrase
    matcher (``phrases.WordPhrase``) scores them: the sum of the words' scores in the field, times the
    phrase's boost."""
    found = _PhraseCandidates.of(q, searcher, reader)
    if found is None:
        return _EMPTY_IDS, _EMPTY_SCORES
    alive = found.verify(np.arange(len(found.candidates)))
    return found.candidates[alive], (found.scores[alive] if scored else np.zeros(len(alive)))


@dataclass
class _PhraseCandidates:
    """The documents of a segment holding every word of a phrase (``candidates``) with the phrase's
    score in each if it occurs there (``scores``); ``verify`` says in which it does. Positions are
    checked for many candidates at once: each word's positions, shifted back by its place in the
    phrase and tagged with its candidate, are matched as sorted arrays, rarest word first, and only the
    candidates still in the running have their next word's positions read."""

    candidates: np.ndarray
    scores: np.ndarray
    postings: list[tuple[np.ndarray, np.ndarray, list[bytes]]]
    where: list[np.ndarray]  # per word: where each candidate's posting is in the word's postings

    @classmethod
    def of(cls, q: Any, searcher: Any, reader: Any) -> _PhraseCandidates | None:
        fieldname = q.fieldname
        words = [w for w in q.words if w is not None]
        schema = searcher.schema
        if (q.slop != 1 or len(words) < 2 or fieldname not in schema or not schema[fieldname].format
                or not schema[fieldname].format.supports("positions")):
            raise Unsupported("phrase Whoosh matches itself")
        field = schema[fieldname]
        keys = []
        for word in words:
            try:
                key = field.to_bytes(word)
            except ValueError:
                return None
            if (fieldname, key) not in reader:
                return None
            keys.append(key)
        postings = []
        for key in keys:
            values: list[bytes] = []
            ids, weights = _postings(reader, fieldname, key, field.format, values)
            postings.append((ids, weights, values))
        candidates = postings[0][0]
        for ids, _weights, _values in postings[1:]:
            candidates = np.intersect1d(candidates, ids, assume_unique=True)
            if not len(candidates):
                return None
        where = [np.searchsorted(ids, candidates) for ids, _weights, _values in postings]
        scores = np.zeros(len(candidates))
        for key, (_ids, weights, _values), at in zip(keys, postings, where):
            scores = scores + _term_scores(searcher, reader, fieldname, key, weights[at], candidates)
        return cls(candidates, scores * q.boost if q.boost != 1.0 else scores, postings, where)

    def verify(self, alive: np.ndarray) -> np.ndarray:
        """The candidates (indexes into ``candidates``, in increasing order) among ``alive`` where the
        phrase occurs."""
        starts: np.ndarray | None = None  # candidate << 32 | start position, where all words so far fit
        for i in sorted(range(len(self.postings)), key=lambda i: len(self.postings[i][0])):
            if not len(alive):
                break
            values = self.postings[i][2]
            positions, lengths = _positions([values[j] for j in self.where[i][alive].tolist()])
            # Sorted and distinct: candidates in order, each posting's positions in order.
            tagged = (np.repeat(alive, lengths) << 32) + (positions - i + _SHIFT)
            if starts is None:
                starts = tagged
            elif len(tagged):
                at = np.minimum(np.searchsorted(tagged, starts), len(tagged) - 1)
                starts = starts[tagged[at] == starts]
            else:
                starts = tagged
            owners = starts >> 32
            alive = owners[np.r_[True, owners[1:] != owners[:-1]]] if len(owners) else owners
        return alive


_SHIFT = 1 << 16  # keeps a start position (a position less the word's place in the phrase) positive


def _positions(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The positions in Whoosh's encoded position values (a count, then the pickled gaps), all in one
    array, and how many each value holds."""
    gaps = _gap_lists(encoded)
    lengths = np.fromiter((len(g) for g in gaps), dtype=np.int64, count=len(gaps))
    flat = np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(lengths.sum()))
    running = np.cumsum(flat)
    ends = np.cumsum(lengths)
    before = np.concatenate(([0], running[ends[:-1] - 1])) if len(ends) else np.zeros(0, dtype=np.int64)
    return running - np.repeat(before, lengths), lengths


def _gap_lists(encoded: list[bytes]) -> list[list[int]]:
    """Each value's list of position gaps. Each value holds a protocol-2 pickle of one list (its
    opening ``\\x80\\x02``, then the list, then ``.``, which Whoosh may leave off); the lists are
    unpickled in one call, as the items of a list made of their bodies, instead of one call each."""
    head = _INT_SIZE + len(_PICKLE_2)
    bodies = []
    for v in encoded:
        if v[_INT_SIZE:head] != _PICKLE_2:
            return [loads(v[_INT_SIZE:] if v.endswith(b".") else v[_INT_SIZE:] + b".") for v in encoded]
        bodies.append(v[head:-1] if v.endswith(b".") else v[head:])
    gaps: list[list[int]] = loads(_PICKLE_2 + b"(" + b"".join(bodies) + b"l.")
    return gaps


_PICKLE_2 = b"\x80\x02"


def _postings(reader: Any, fieldname: str, btext: bytes, format_: Any,
              values: list[bytes] | None = None) -> _Matches:
    """A term's document numbers and weights in one segment, deleted documents included; with
    ``values``, its postings' encoded values (positions) are appended to that list, in the same order."""
    m = reader._terms.matcher(fieldname, btext, format_)
    if isinstance(m, ListMatcher):
        ids = np.asarray(m._ids, dtype=np.int64)
        if m._all_weights:
            weights = np.full(len(ids), float(m._all_weights))
        elif m._weights:
            weights = np.asarray(m._weights, dtype=np.float64)
        else:
            weights = np.ones(len(ids))
        if values is not None:
            if m._values is None:
                raise Unsupported("postings without values")
            values.extend(m._values)
        return ids, weights
    if not isinstance(m, W3LeafMatcher) or m._byteids:
        raise Unsupported(type(m).__name__)
    if values is not None and m._fixedsize is not None and m._fixedsize >= 0:
        raise Unsupported("fixed-size values")
    id_blocks, weight_blocks = [], []
    while not m._atend:
        m._read_data()  # type: ignore[no-untyped-call]
        deltas, raw_weights = m._data[0], m._data[1]
        if values is not None:
            values.extend(m._data[2])
        count = m._blocklength
        id_blocks.append(np.asarray(deltas, dtype=np.int64))
        if raw_weights is None:
            weight_blocks.append(np.ones(count))
        elif isinstance(raw_weights, float):
            weight_blocks.append(np.full(count, raw_weights))
        else:
            weight_blocks.append(np.asarray(raw_weights, dtype=np.float64))
        m._next_block()  # type: ignore[no-untyped-call]
    # Each block's ids are deltas from 0 (the first is the block's first id), so each block is summed apart.
    ids = np.concatenate([np.cumsum(block) for block in id_blocks])
    return ids, np.concatenate(weight_blocks)


def warm(searcher: Any, fieldnames: Iterable[str]) -> None:
    """Read what every search of ``fieldnames`` needs first (each segment's field lengths and
    deletions), so that the first search after opening does not (see ``SearchIndex.warm``)."""
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for fieldname in fieldnames:
            if fieldname in reader.schema and reader.schema[fieldname].scorable:
                _field_lengths(reader, fieldname)
        if reader.has_deletions():
            _deleted(reader)


def _field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Every document's length of ``fieldname`` in the segment, as Whoosh's scorers read it (the one-byte
    rounded length). The one-byte codes are kept per segment, which never changes once written (its
    deletions are kept apart), so that a new searcher after an edit reads them again only for new
    segments."""
    segment = reader.segment()
    key = (str(getattr(reader.storage(), "folder", "")), segment.segment_id(), fieldname)
    codes = _LENGTH_CODES.get(key)
    if codes is None:
        doccount = reader.doc_count_all()
        codes = np.zeros(doccount, dtype=np.uint8)
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # type: ignore[no-untyped-call]
        if column is not None:
            if column._fixedlen != 1:
                raise Unsupported("field length column")
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            codes[: min(len(raw), doccount)] = raw[:doccount]
        if len(_LENGTH_CODES) >= _LENGTH_CODES_KEPT:
            _LENGTH_CODES.clear()
        _LENGTH_CODES[key] = codes
    return codes


_LENGTH_CODES: dict[tuple[str, str, str], np.ndarray] = {}
_LENGTH_CODES_KEPT = 256  # (segment, field) pairs: 15 fields of 16 segments, about 1 byte per document each
