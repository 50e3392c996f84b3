"""Owns phrase matching: exact phrases checked with set arithmetic on word positions.

Whoosh answers a phrase with ``SpanNear2``, which builds span objects for every position of every
word in every document that holds all the words: for phrases of common words ("more than 1,000",
"told reporters that") that is most of the archive. ``WordPhrase`` matches the same documents
(the words at consecutive positions, in order) with cheaper arithmetic: the documents holding
all words come from Whoosh's own intersection of the word postings, rarest word first; in each,
the positions of word *i* shifted back by *i* are intersected as sets, stopping at the first
empty result. Scores are those of the word intersection, as with Whoosh's phrase matcher.

Phrases with slop (``"a b"~3``) and fields without positions keep Whoosh's own behaviour.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.matching import wrappers
from whoosh.util import make_binary_tree


class WordPhrase(wq.Phrase):
    """A phrase query (what the query parser makes for ``"..."``) with a faster matcher."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        words = [w for w in self.words if w is not None]
        schema = searcher.schema
        if (
            self.slop != 1
            or len(words) < 2
            or fieldname not in schema
            or not schema[fieldname].format
            or not schema[fieldname].format.supports("positions")
        ):
            return super().matcher(searcher, context)
        field = schema[fieldname]
        reader = searcher.reader()
        keys = []
        for word in words:
            try:
                key = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, key) not in reader:
                return matching.NullMatcher()  # a word the field never holds: nothing matches
            keys.append(key)
        leaves = [wq.Term(fieldname, key).matcher(searcher, context) for key in keys]
        if any(not leaf.is_active() for leaf in leaves):
            return matching.NullMatcher()
        # Rarest word first: the intersection then skips through the shortest posting list.
        order = sorted(range(len(leaves)), key=lambda i: reader.doc_frequency(fieldname, keys[i]))
        child = make_binary_tree(matching.IntersectionMatcher, [leaves[i] for i in order])
        m = PhraseMatcher(child, leaves)
        if self.boost != 1.0:
            m = wrappers.WrappingMatcher(m, boost=self.boost)
        return m


class PhraseMatcher(wrappers.WrappingMatcher):
    """Matches the documents of ``child`` (the intersection of ``leaves``, word i of the phrase in
    ``leaves[i]``) where the words stand at consecutive positions."""

    def __init__(self, child, leaves: list[Any]) -> None:
        super().__init__(child)
        self._leaves = leaves
        self._find_next()

    def copy(self):
        return PhraseMatcher(self.child.copy(), self._leaves)

    def _replacement(self, newchild):
        return PhraseMatcher(newchild, self._leaves)

    def replace(self, minquality=0):
        # The leaves are read directly: the tree they sit in must not be swapped for another.
        if not self.is_active():
            return matching.NullMatcher()
        return self

    def supports_block_quality(self) -> bool:
        return False

    def _here(self) -> bool:
        """Whether the phrase occurs in the current document."""
        starts: set[int] | None = None
        for offset, leaf in sorted(
            enumerate(self._leaves), key=lambda item: item[1].value_as("frequency")
        ):
            shifted = {p - offset for p in leaf.value_as("positions")}
            starts = shifted if starts is None else starts & shifted
            if not starts:
                return False
        return True

    def _find_next(self) -> None:
        child = self.child
        while child.is_active() and not self._here():
            child.next()

    def next(self):
        self.child.next()
        self._find_next()

    def skip_to(self, id):
        self.child.skip_to(id)
        self._find_next()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()
