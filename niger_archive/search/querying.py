"""Owns the query language: parsing user queries and the limits that keep every query cheap.

Syntax (Whoosh's query language, configured here): plain words search title, body, keywords,
notes, claims and entities (all must match); ``"a phrase"``; ``field:word`` and
``field:"a phrase"`` (see ``schema.FIELD_ALIASES`` for the field names); ``AND``, ``OR``,
``NOT``, parentheses, ``+required`` and ``-excluded``; ``withdr*`` prefixes (``*`` is the only
wildcard: a ``?`` is punctuation, as in "who said it?"); and dates:
``published:2024-05``, ``published:2024-05-20``, ``published:[2024-05-01 TO 2024-05-31]``,
``published:>2024-05-01`` / ``published:<2024-05-31`` (both include the given day).

Everything a user may type either parses, or raises ``QueryError`` with a message saying what to
change. Expensive shapes are refused before they run: queries over ``MAX_QUERY_CHARS``, more
than ``MAX_CLAUSES`` words, nesting deeper than ``MAX_DEPTH``, wildcards with fewer than
``MIN_WILDCARD_PREFIX`` literal characters in front (``*``, ``w*``, ``*tion``), open or wide
word ranges (``[a TO z]``), and prefixes that expand to more than ``MAX_EXPANSIONS`` words.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterator

from whoosh import query as wq
from whoosh.qparser import (
    EveryPlugin,
    FieldAliasPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.dateparse import DateParserPlugin

from ..core.errors import QueryError
from ..core.messages import N_, Message
from .phrases import WordPhrase
from .schema import DEFAULT_FIELDS, FIELD_ALIASES, FIELD_BOOSTS, QUERY_STEM_SEPARATOR

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64
MAX_DEPTH = 16
MIN_WILDCARD_PREFIX = 2
MAX_EXPANSIONS = 500

_BINARY_OPERATORS = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
# '+' and '-' are operators only at the start of a word, so "2024-05" and "needs-check" survive.
_PLUS = r"(?<![^\s(])\+(?=\S)"
_MINUS = r"(?<![^\s(])-(?=\S)"
# A French elided article or pronoun at the start of a query word ("l'accord", "d'Agadez", "qu'il",
# "jusqu'à"): outside quotes the word is searched alone, as Lucene's ElisionFilter does, so that it is
# found wherever it is written, with or without the elision. Never after a field name ("outlet:l'Express")
# and never inside a quoted phrase, which stays exact.
_ELISION = re.compile(r"(?<![\w:'’\-])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=[^\W\d_])",
                      re.IGNORECASE)


def drop_elisions(text: str) -> str:
    """The query with elided articles and pronouns dropped from the words outside quotes."""
    parts = text.split('"')
    return '"'.join(_ELISION.sub("", part) if n % 2 == 0 else part for n, part in enumerate(parts))


_DATE_HELP = N_(
    "Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. published:2024-05 or "
    "published:[2024-05-01 TO 2024-05-31]."
)


def check_syntax(text: str) -> None:
    """Refuses unbalanced quotes/brackets, deep nesting and dangling operators, with a clear message."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(Message("The query is too long ({n} characters; the limit is {limit}).",
                                 n=len(text), limit=MAX_QUERY_CHARS))
    parens: list[int] = []
    range_open: int | None = None
    quote_open: int | None = None
    tokens: list[str] = []
    word = ""
    for pos, ch in enumerate(text):
        if quote_open is not None:
            if ch == '"':
                quote_open = None
                tokens.append("<phrase>")
            continue
        if ch == '"':
            quote_open = pos
        elif ch == "(" and range_open is None:
            parens.append(pos)
            if len(parens) > MAX_DEPTH:
                raise QueryError(Message("The query nests parentheses more than {n} levels deep.", n=MAX_DEPTH))
        elif ch == ")" and range_open is None:
            if not parens:
                raise QueryError(Message('Unbalanced parentheses: ")" at position {at} has no matching "(".', at=pos + 1))
            parens.pop()
        elif ch in "[{":
            if range_open is not None:
                raise QueryError(Message('Unbalanced brackets: "{ch}" at position {at} is inside another range.', ch=ch,
                                         at=pos + 1))
            range_open = pos
        elif ch in "]}":
            if range_open is None:
                raise QueryError(Message('Unbalanced brackets: "{ch}" at position {at} has no opening "[".', ch=ch,
                                         at=pos + 1))
            range_open = None
        if ch.isspace() or ch in '()"':
            if word:
                tokens.append(word)
                word = ""
            if ch in "()":
                tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    if quote_open is not None:
        raise QueryError(Message("Unbalanced quotes: the phrase opened at position {at} is never closed.",
                                 at=quote_open + 1))
    if parens:
        raise QueryError(Message('Unbalanced parentheses: "(" at position {at} is never closed.', at=parens[-1] + 1))
    if range_open is not None:
        raise QueryError(Message("Unbalanced brackets: the range opened at position {at} is never closed.",
                                 at=range_open + 1))
    _check_operators(tokens)


def _check_operators(tokens: list[str]) -> None:
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _BINARY_OPERATORS:
            if prev is None or prev == "(" or prev in _BINARY_OPERATORS or prev == "NOT":
                raise QueryError(Message("{operator} needs a word or group before it.", operator=tok))
            if nxt is None or nxt == ")" or nxt in _BINARY_OPERATORS:
                raise QueryError(Message("{operator} needs a word or group after it.", operator=tok))
        elif tok == "NOT" and (nxt is None or nxt == ")" or nxt in _BINARY_OPERATORS):
            raise QueryError(Message("{operator} needs a word or group after it.", operator="NOT"))


class StarWildcardPlugin(WildcardPlugin):
    """Only * is a wildcard: "who said it?" is a question, not a one-letter pattern."""

    qmarks = ""
    expr = r"(?P<text>[*])"


def _make_parser(schema, date_errors: list[str]) -> MultifieldParser:
    parser = MultifieldParser(
        list(DEFAULT_FIELDS), schema, fieldboosts=dict(FIELD_BOOSTS), phraseclass=WordPhrase
    )
    parser.remove_plugin_class(EveryPlugin)
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(StarWildcardPlugin())
    parser.add_plugin(PlusMinusPlugin(_PLUS, _MINUS))
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(DateParserPlugin(callback=lambda message: date_errors.append(str(message))))
    parser.add_plugin(FieldAliasPlugin({name: list(aliases) for name, aliases in FIELD_ALIASES.items()}))
    return parser


def _count_clauses(node) -> int:
    """The words the user typed: a word searched in every default field is one word, not one per field
    (an ordinary 11-word sentence must not count as 66); the fields multiply what ``_check_shapes``
    limits, the leaves of the query."""
    words: dict[object, int] = {}

    def walk(node) -> None:
        if isinstance(node, syntax.GroupNode):
            for child in node:
                walk(child)
            return
        if isinstance(node, syntax.MarkerNode):
            return
        text = getattr(node, "text", None)
        n = max(1, len(text.split())) if isinstance(text, str) and text.strip() else 1
        start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
        words[(start, end) if start is not None else id(node)] = n

    walk(node)
    return sum(words.values())


def parse_query(text: str, schema) -> wq.Query | None:
    """User text -> a checked Whoosh query, or None when there is nothing to search for."""
    text = text.strip()
    if not text:
        return None
    check_syntax(text)
    text = drop_elisions(text)
    _check_dates(text, schema)
    date_errors: list[str] = []
    parser = _make_parser(schema, date_errors)
    try:
        nodes = parser.process(text)
        clauses = _count_clauses(nodes)
        if clauses > MAX_CLAUSES:
            raise QueryError(Message("The query has too many words ({n}; the limit is {limit}).", n=clauses,
                                     limit=MAX_CLAUSES))
        q = nodes.query(parser)
        q = q.normalize() if q else None
    except QueryError:
        raise
    except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
        message = str(exc) or type(exc).__name__
        if date_errors or "int()" in message:
            raise QueryError(Message("Cannot read a date in the query. {help}", help=_DATE_HELP)) from exc
        raise QueryError(Message("Cannot understand the query ({detail}).", detail=message)) from exc
    if date_errors:
        raise QueryError(Message("Cannot read the date {date}. {help}", date=repr(date_errors[0]), help=_DATE_HELP))
    if q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return None
    q = expand_languages(q)
    _check_shapes(q)
    _use_union_trees(q)
    return q


def expand_languages(q: wq.Query) -> wq.Query:
    """Each query word on a stemmed field looked up in English and in French (issue 17).

    The analyzer gives a word that the two languages stem apart as both stems joined by
    ``QUERY_STEM_SEPARATOR`` ("généraux" -> ``generaux`` + ``general``): a word becomes an OR of
    its stems; a phrase becomes an OR of the phrase in English stems and the phrase in French
    stems (an article is indexed in one language, so its words are all stemmed the same way)."""
    sep = QUERY_STEM_SEPARATOR
    if isinstance(q, wq.Term) and isinstance(q.text, str) and sep in q.text:
        return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in q.text.split(sep)])
    if isinstance(q, wq.Phrase) and any(isinstance(w, str) and sep in w for w in q.words):
        variants = []
        for side in (0, 1):
            words = [w.split(sep)[side] if isinstance(w, str) and sep in w else w for w in q.words]
            variants.append(type(q)(q.fieldname, words, slop=q.slop, boost=q.boost))
        return wq.Or(variants)
    if q.is_leaf():
        text = getattr(q, "text", None)
        if isinstance(text, str) and sep in text:
            q = q.copy()
            q.text = text.split(sep)[0]
        return q
    return q.apply(expand_languages)


_FIELD_VALUE = re.compile(r"(?<![\w-])(?P<field>\w+):\s*(?P<value>\[[^\]]*\]?|\{[^}]*\}?|\S+)")
_DATE_SHAPE = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?![\d-])")


def _date_fields(schema) -> set[str]:
    from whoosh.fields import DATETIME

    names = {name for name, field in schema.items() if isinstance(field, DATETIME)}
    return names | {alias for name in names for alias in FIELD_ALIASES.get(name, ())}


def _check_dates(text: str, schema) -> None:
    """Refuse an impossible date given to a date field (``2024-13``, ``2024-02-30``), in a range too.

    Whoosh's date parser reads what it can of a date in a range and widens the rest (``[2024-13-45 TO
    2024-99-99]`` became all of 2024), so dates are checked here first, with the reason.
    """
    fields = _date_fields(schema)
    for match in _FIELD_VALUE.finditer(text):
        if match["field"].lower() not in fields:
            continue
        for date in _DATE_SHAPE.finditer(match["value"]):
            year, month = int(date["year"]), int(date["month"])
            if not 1 <= month <= 12:
                raise QueryError(Message("There is no such date as {date}: a month is 01 to 12. {help}", date=date.group(),
                                         help=_DATE_HELP))
            if date["day"] is not None:
                last = calendar.monthrange(year, month)[1]
                if not 1 <= int(date["day"]) <= last:
                    raise QueryError(Message("There is no such date as {date}: {month} {year} has days 01 to {last}. "
                                             "{help}", date=date.group(), month=N_(calendar.month_name[month]),
                                             year=year, last=f"{last:02}", help=_DATE_HELP))


def _use_union_trees(q: wq.Query) -> None:
    """Every OR walks its clauses' postings side by side (a tree of union matchers).

    Left to itself, Whoosh pre-loads an OR of more than two clauses into an array of scores sized to
    the segment whenever a segment holds 5,000 documents or fewer, which every search does once per
    such segment (0.6 ms each): the small segments that edits and catch-ups add made every search
    slower than the large segment that held most of the matches.
    """
    if isinstance(q, wq.Or):
        q.matcher_type = wq.Or.DEFAULT_MATCHER
    for child in q.children():
        _use_union_trees(child)


def _leaves(q: wq.Query) -> Iterator[wq.Query]:
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)


def _literal_prefix(pattern: str) -> str:
    match = re.match(r"[^*?]*", pattern)
    return match.group(0) if match else ""


def _check_shapes(q: wq.Query) -> None:
    leaves = list(_leaves(q))
    if len(leaves) > MAX_CLAUSES * len(DEFAULT_FIELDS):
        raise QueryError(Message("The query has too many clauses (the limit is {limit} words).", limit=MAX_CLAUSES))
    for leaf in leaves:
        if isinstance(leaf, wq.Every):
            raise QueryError(Message("A lone * would match everything; type at least {n} letters before it.",
                                     n=MIN_WILDCARD_PREFIX))
        if isinstance(leaf, wq.Prefix):
            if len(leaf.text) < MIN_WILDCARD_PREFIX:
                raise QueryError(Message("'{word}*' is too short: type at least {n} letters before *.",
                                         word=leaf.text, n=MIN_WILDCARD_PREFIX))
        elif isinstance(leaf, (wq.Wildcard, wq.Regex, wq.FuzzyTerm)):
            if len(_literal_prefix(leaf.text)) < MIN_WILDCARD_PREFIX:
                raise QueryError(Message("'{word}' needs at least {n} letters before the first * or ?.",
                                         word=leaf.text, n=MIN_WILDCARD_PREFIX))
        elif isinstance(leaf, wq.TermRange):
            if leaf.start is None or leaf.end is None:
                raise QueryError(N_(
                    "Open-ended word ranges are not allowed; ranges are meant for dates, "
                    "e.g. published:[2024-05-01 TO 2024-05-31]."
                ))
            common = len(_common_prefix(str(leaf.start), str(leaf.end)))
            if common < MIN_WILDCARD_PREFIX:
                raise QueryError(Message(
                    "The word range [{start} TO {end}] is too wide; ranges are meant for dates, "
                    "e.g. published:[2024-05-01 TO 2024-05-31].", start=str(leaf.start), end=str(leaf.end)))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def _describe(leaf: wq.Query) -> str:
    if isinstance(leaf, wq.Prefix):
        return f"{leaf.text}*"
    if isinstance(leaf, wq.TermRange):
        return f"[{leaf.start} TO {leaf.end}]"
    return str(getattr(leaf, "text", leaf))


def check_expansions(q: wq.Query, reader) -> None:
    """Refuses wildcards and word ranges that would expand to more than MAX_EXPANSIONS words."""
    for leaf in _leaves(q):
        if isinstance(leaf, wq.MultiTerm) and not isinstance(leaf, wq.NumericRange):
            n = sum(1 for _ in itertools.islice(leaf.expanded_terms(reader), MAX_EXPANSIONS + 1))
            if n > MAX_EXPANSIONS:
                raise QueryError(Message("'{word}' matches more than {n} different words; type more letters.",
                                         word=_describe(leaf), n=MAX_EXPANSIONS))


def positive_terms(q: wq.Query, reader) -> dict[str, set]:
    """Index terms the query looks for (not those it excludes), by field: what snippets mark. A
    phrase is one tuple of its words."""
    found: dict[str, set[str]] = {}

    def add(fieldname: str | None, text) -> None:
        if fieldname is None:
            return
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                return
        if isinstance(text, str):
            found.setdefault(fieldname, set()).add(text)

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)
            return
        if isinstance(node, wq.NumericRange):
            return
        if isinstance(node, wq.MultiTerm):
            for fieldname, text in itertools.islice(node.expanded_terms(reader), MAX_EXPANSIONS):
                add(fieldname, text)
            return
        if isinstance(node, wq.Phrase) and len(node.words) > 1:
            # a phrase is marked in snippets where its words stand together, not word by word
            found.setdefault(node.fieldname, set()).add(tuple(node.words))
            return
        for fieldname, text in node.terms(phrases=True):
            add(fieldname, text)

    walk(q)
    return found
