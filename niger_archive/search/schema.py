"""Owns the index schema: which article fields are indexed, with which analyzers, and how to fill them.

Three analyzers cover every field:

* ``STEMMED`` (title, body, keywords, notes, claims): words, lower-cased, accent-folded
  ("États" -> "etats"), then Porter-stemmed ("withdrawal" -> "withdraw").
* ``FOLDED`` (outlet, author, dateline, entities): the same without stemming, so names stay whole.
* ``EXACT`` (tags, verdicts, language): each whole value is one term, folded, so ``verdict:false``
  never matches "mostly false".

No stop words are removed: "US", "will" and "may" carry meaning in news text (nor in French, where
a phrase such as "coup d'État" must match the same way whatever the article's language).

Articles in French (issue 17): ``document_fields`` starts each stemmed field but the title of an
article whose language is French with ``LANGUAGE_MARK`` + "fr"; the analyzers then stem the words
after it with ``french_stem`` (a light stemmer: plurals, feminines, "-aux" -> "-al", past
participles), the title and every other article with Porter's. Elided articles and pronouns
("l'accord", "d'Agadez", "qu'il") are separate words already (the apostrophe splits words), so
"accord" finds "l'accord"; in a query, an elided word outside quotes is searched without its
elision ("d'Agadez" finds "Agadez" in any article; ``drop_elisions`` in querying). A query word on
a stemmed field is looked up in both languages' stems (``expand_languages`` in querying). The mark
takes one word position and gives no term.

Word terms (``word_terms``, shared by the chain and the fast path):

* Acronyms are one term with and without dots, and are never stemmed: "U.S.", "US" and "u.s." are
  all ``u.s`` (so ``US`` no longer finds "use", "used" or "us"); "U.N." and "UN" are ``u.n``. A word in
  capitals of two to four letters is an acronym; one of three or four letters ("THE" in a headline
  in capitals) is also indexed as the ordinary word, so a lower-case query still finds it.
* A hyphenated compound is indexed as its parts and, when every part is a word of letters, also as
  the closed compound at the last part's position: "pull-out" gives ``pull``, ``out`` and ``pullout``,
  so "pullout" and "pull-out" find each other while "pull" still finds "pull-out". In a query a
  compound of letters is just the closed form.

Multi-valued fields (keywords, entities, tags, ...) are joined with ``VALUE_SEPARATOR``; the
``ValueGapFilter`` turns each separator into a wide position gap so that a phrase never matches
across two values ("Kurt Campbell" + "Antony Blinken" does not contain "Campbell Antony").

The schema (including these analyzer objects) is pickled into the index's table of contents;
``ValueGapFilter`` is therefore referenced there by its import path. Bump ``SCHEMA_VERSION``
whenever anything here changes; an index with another version is rebuilt on open.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pickle import loads

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    StripFilter,
    SubstitutionFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import _INT_SIZE

SCHEMA_VERSION = 6

VALUE_SEPARATOR = "\x1e"  # ASCII record separator; stripped from values before joining
VALUE_GAP = 100  # positions inserted between two values of a multi-valued field
LANGUAGE_MARK = "\x1d"  # ASCII group separator + a language code: the words after it are in that language
QUERY_STEM_SEPARATOR = "\x1f"  # joins a query word's English and French stems until querying splits them

_WORD_OR_SEPARATOR = r"\w+(?:[.\-\u2010\u2011]\w+)*|" + VALUE_SEPARATOR + "|" + LANGUAGE_MARK + "[a-z]{2}"
_WORDS = re.compile(_WORD_OR_SEPARATOR)  # the same, for findall
_HYPHENS = re.compile(r"[\-\u2010\u2011]")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_CAPITALS_ACRONYM = re.compile(r"[A-Z]{2,4}")


def french_stem(term: str) -> str:
    """A light French stemmer on a folded, lower-case word (after Savoy's, as Lucene's
    FrenchMinimalStemmer, plus past participles): "soldats" -> "soldat", "généraux" -> "general",
    "nationales" -> "national", "déployés" -> "deploy". The plural goes first, so that a word and its
    plural always stem alike ("armée" and "armées" -> "arme"); a singular under five letters stays whole
    ("pays", "mois"), and no ending is taken that would leave fewer letters than that (``_FRENCH_MIN_STEM``):
    "armé", "armée", "armés" and "armées" all stem to "arme" (not "arm", the English stem of "arms" and
    "armed"), and "Niger" to "nige" (not "nig")."""
    if len(term) <= _FRENCH_MIN_STEM or not term.isalpha():
        return term
    if term.endswith("x"):
        return term[:-3] + "al" if term.endswith("aux") else term[:-1]
    if term.endswith("s") and not term.endswith("ss"):
        term = term[:-1]
    for ending in ("r", "e", "e"):  # "déployée" -> "deploy"
        if len(term) > _FRENCH_MIN_STEM and term.endswith(ending):
            term = term[:-1]
    if len(term) > _FRENCH_MIN_STEM and term[-1] == term[-2] and term[-1].isalpha():
        term = term[:-1]
    return term


# The shortest French stem: the length of the words left whole, so that a word and its longer forms stem
# alike ("tiré" stays "tire", and "tirer" and "tirée" stem to "tire" too).
_FRENCH_MIN_STEM = 4


def _plain_term(word: str, stemmed: bool, lang: str = "en") -> str:
    term = word.lower().translate(accent_map)
    if not stemmed:
        return term
    return french_stem(term) if lang == "fr" else stem(term)


def _word_terms(word: str, stemmed: bool, lang: str = "en") -> list[str]:
    """The terms of one word without hyphens: an acronym's dotted form (and the ordinary word for
    capitals of three or four letters), else the folded (and stemmed) word."""
    if _DOTTED_ACRONYM.fullmatch(word):
        return [word.lower().translate(accent_map)]
    if _CAPITALS_ACRONYM.fullmatch(word):
        acronym = ".".join(word.lower())
        return [acronym] if len(word) == 2 else [acronym, _plain_term(word, stemmed, lang)]
    return [_plain_term(word, stemmed, lang)]


def word_terms(word: str, stemmed: bool, query: bool = False, lang: str = "en") -> list[tuple[str, int]]:
    """(term, position offset) of everything one tokenizer word is indexed as (see the module doc);
    ``query`` gives what the word is looked up as: one term unless it is a compound with digits or dots.
    A stemmed query term that French stems otherwise than English is both stems joined by
    ``QUERY_STEM_SEPARATOR`` (querying looks both up)."""
    if query and stemmed:
        english = _terms_in(word, True, True, "en")
        french = _terms_in(word, True, True, "fr")
        return [(e if e == f else e + QUERY_STEM_SEPARATOR + f, offset)
                for (e, offset), (f, _) in zip(english, french)]
    return _terms_in(word, stemmed, query, lang)


def _terms_in(word: str, stemmed: bool, query: bool, lang: str) -> list[tuple[str, int]]:
    parts = _HYPHENS.split(word)
    if len(parts) == 1:
        terms = _word_terms(word, stemmed, lang)
        return [(terms[0], 0)] if query else [(t, 0) for t in terms]
    joinable = all(p.isalpha() for p in parts)
    if query and joinable:
        return [(_plain_term("".join(parts), stemmed, lang), 0)]
    out = [(t, i) for i, part in enumerate(parts) for t in (_word_terms(part, stemmed, lang)[:1] if query
                                                            else _word_terms(part, stemmed, lang))]
    if joinable:
        out.append((_plain_term("".join(parts), stemmed, lang), len(parts) - 1))
    return out


class WordTermFilter(Filter):
    """Turns each tokenizer word into its terms (``word_terms``), shifting later positions past the
    extra parts of hyphenated compounds."""

    def __init__(self, stemmed: bool) -> None:
        self.stemmed = stemmed

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stemmed == self.stemmed

    def __call__(self, tokens):
        shift = 0
        stemmed = self.stemmed
        lang = "en"
        for token in tokens:
            if token.text.startswith(LANGUAGE_MARK):
                lang = token.text[1:]  # the words after the mark are in this language
                continue
            query = getattr(token, "mode", "") == "query"
            pieces = word_terms(token.text, stemmed, query, lang)
            has_positions = getattr(token, "positions", False)
            base = token.pos + shift if has_positions else 0
            last = 0
            for term, offset in pieces:
                token.text = term
                if has_positions:
                    token.pos = base + offset
                last = max(last, offset)
                yield token
            shift += last


class ValueGapFilter(Filter):
    """Drops value separators and shifts later positions so phrases cannot span two values."""

    def __call__(self, tokens):
        gap = 0
        for token in tokens:
            if token.text == VALUE_SEPARATOR:
                gap += VALUE_GAP
                continue
            if gap and getattr(token, "positions", False):
                token.pos += gap
            yield token


class WordAnalyzer(CompositeAnalyzer):
    """The word analyzers (``STEMMED``, ``FOLDED``): a Whoosh analyzer chain, plus a fast path for indexing.

    Searching and snippets run the ordinary chain (tokenizer, value gaps, lower-case, accent folding,
    stemming). Indexing asks ``term_positions`` instead, which computes the same terms at the same
    positions without a Token object per word: the words are found with one ``findall`` and each
    distinct spelling is folded and stemmed once (cached). A test holds the two paths equal.
    """

    CACHE_LIMIT = 200_000  # distinct spellings remembered before the cache starts over

    def __init__(self, *, stemmed: bool) -> None:
        chain = RegexTokenizer(_WORD_OR_SEPARATOR) | ValueGapFilter() | WordTermFilter(stemmed)
        super().__init__(*chain.items)
        self.stemmed = stemmed
        self._cache: dict[str, Any] = {}
        self._caches: dict[str, dict[str, Any]] = {}  # spellings of words after a language mark

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_cache", "_caches")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cache = {}
        self._caches = {}

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Every term of value with its positions, exactly as the chain would index them."""
        cache = self._cache
        if len(cache) > self.CACHE_LIMIT:
            cache.clear()
        stemmed = self.stemmed
        positions: defaultdict[str, list[int]] = defaultdict(list)
        gap = 0
        lang = "en"
        for pos, word in enumerate(_WORDS.findall(value)):
            if word == VALUE_SEPARATOR:
                gap += VALUE_GAP
                continue
            if word[0] == LANGUAGE_MARK:
                lang = word[1:]  # the words after the mark are in this language
                cache = self._cache if lang == "en" else self._caches.setdefault(lang, {})
                if len(cache) > self.CACHE_LIMIT:
                    cache.clear()
                continue
            known = cache.get(word)
            if known is None:  # the word's terms, and how many positions past its own they reach
                pieces = word_terms(word, stemmed, lang=lang)
                known = cache[word] = (pieces, max(offset for _, offset in pieces))
            pieces, reach = known
            for term, offset in pieces:
                positions[term].append(pos + gap + offset)
            gap += reach
        return positions


_SPELLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # word -> (folded terms, stemmed terms)


def word_spans(value: str) -> Iterator[tuple[int, int, frozenset[str], frozenset[str]]]:
    """(start, end, folded terms, stemmed terms) of every word of value, in order: every term the
    FOLDED and STEMMED analyzers index the word as (stemmed in English and in French), and its
    character span."""
    if len(_SPELLINGS) > WordAnalyzer.CACHE_LIMIT:
        _SPELLINGS.clear()
    for match in _WORDS.finditer(value):
        word = match.group()
        if word == VALUE_SEPARATOR or word[0] == LANGUAGE_MARK:
            continue
        terms = _SPELLINGS.get(word)
        if terms is None:
            terms = _SPELLINGS[word] = (frozenset(t for t, _ in word_terms(word, False)),
                                        frozenset(t for lang in ("en", "fr")
                                                  for t, _ in word_terms(word, True, lang=lang)))
        yield match.start(), match.end(), terms[0], terms[1]


class WordPositions(Positions):
    """Whoosh's Positions format (same bytes on disk) that indexes through ``WordAnalyzer.term_positions``
    and decodes positions with ``itertools.accumulate`` (phrase queries decode many)."""

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if not valuestring.endswith(b"."):
            valuestring += b"."
        return list(accumulate(loads(valuestring[_INT_SIZE:])))

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterable[tuple[str, int, float, bytes]]:
        if not isinstance(analyzer, WordAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for term, positions in analyzer.term_positions(value).items():
            yield term, len(positions), len(positions) * boost, encode(positions)


class WordText(TEXT):
    """A TEXT field indexed with ``WordPositions``."""

    def __init__(self, analyzer: WordAnalyzer, **kwargs: Any) -> None:
        super().__init__(analyzer=analyzer, **kwargs)
        self.format = WordPositions(field_boost=self.format.field_boost)


STEMMED = WordAnalyzer(stemmed=True)
FOLDED = WordAnalyzer(stemmed=False)
EXACT = (
    RegexTokenizer("[^" + VALUE_SEPARATOR + "]+")
    | StripFilter()
    | SubstitutionFilter(r"\s+", " ")
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter(stoplist=(), minsize=1)
)


def build_schema() -> Schema:
    """The Whoosh schema; only ``id`` and ``title`` are stored (snippets come from the caller)."""
    return Schema(
        id=ID(stored=True, unique=True),
        title=WordText(STEMMED, stored=True),
        body=WordText(STEMMED),
        keyword=WordText(STEMMED),
        note=WordText(STEMMED),
        claim=WordText(STEMMED),
        entity=WordText(FOLDED),
        outlet=WordText(FOLDED),
        author=WordText(FOLDED),
        dateline=WordText(FOLDED),
        tag=TEXT(analyzer=EXACT, phrase=False),
        verdict=TEXT(analyzer=EXACT, phrase=False),
        lang=TEXT(analyzer=EXACT, phrase=False),
        published=DATETIME(),
        updated=DATETIME(),
    )


# Fields searched by plain words, and how much a hit in each counts (BM25F per-field boost).
DEFAULT_FIELDS: tuple[str, ...] = ("title", "body", "keyword", "note", "claim", "entity")
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "keyword": 1.5, "entity": 1.5, "claim": 1.2}

# Other names a user may type before the colon (schema name -> aliases).
FIELD_ALIASES: dict[str, list[str]] = {
    "keyword": ["keywords"],
    "note": ["notes"],
    "claim": ["claims"],
    "entity": ["entities"],
    "tag": ["tags"],
    "verdict": ["verdicts"],
    "lang": ["language"],
    "published": ["date"],
}

# Fields analyzed with STEMMED / FOLDED: their query terms are highlighted in snippets.
STEMMED_FIELDS = frozenset({"title", "body", "keyword", "note", "claim"})
FOLDED_FIELDS = frozenset({"entity", "outlet", "author", "dateline"})


def parse_date(value: Any) -> datetime | None:
    """ISO 8601 date or date-time -> naive datetime in the source's own wall-clock time.

    The offset is dropped on purpose: "published 2024-05-20T01:00+02:00" is an article of
    20 May for its readers, and a day query should find it there. Unreadable values give None.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1]
    # Python 3.11 reads "+02:00" but not "+0200": insert the colon.
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace(VALUE_SEPARATOR, " ")


def _values(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = [value]
    return VALUE_SEPARATOR.join(_text(v) for v in value if v is not None and str(v).strip())


def _languages(value: Any) -> str:
    """'en-US' is findable as lang:en-us and lang:en."""
    codes: list[str] = []
    for code in [value] if isinstance(value, str) else (value or []):
        code = _text(code).strip().lower().replace("_", "-")
        if code:
            codes.append(code)
            primary = code.split("-", 1)[0]
            if primary not in codes:
                codes.append(primary)
    return VALUE_SEPARATOR.join(codes)


def _language_mark(value: Any) -> str:
    """The mark that makes the analyzers stem a field in the article's language: French only (every
    other language is stemmed as English); the title, stored for display, stays unmarked."""
    code = value if isinstance(value, str) else (value[0] if value else "")
    primary = _text(code).strip().lower().replace("_", "-").split("-", 1)[0]
    return LANGUAGE_MARK + "fr " if primary == "fr" else ""


def _marked(mark: str, text: str) -> str:
    return mark + text if text and mark else text


def document_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """An archive document dict -> the keyword arguments of Whoosh's add/update_document."""
    try:
        doc_id = int(doc["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"search document needs an integer 'id', got {doc.get('id')!r}") from exc
    mark = _language_mark(doc.get("language"))
    fields: dict[str, Any] = {
        "id": str(doc_id),
        "title": _text(doc.get("title")),
        "body": _marked(mark, _text(doc.get("body"))),
        "keyword": _marked(mark, _values(doc.get("keywords"))),
        "note": _marked(mark, _values(doc.get("notes"))),
        "claim": _marked(mark, _values(doc.get("claims"))),
        "entity": _values(doc.get("entities")),
        "outlet": _text(doc.get("outlet")),
        "author": _text(doc.get("author")),
        "dateline": _text(doc.get("dateline")),
        "tag": _values(doc.get("tags")),
        "verdict": _values(doc.get("verdicts")),
        "lang": _languages(doc.get("language")),
    }
    for name in ("published", "updated"):
        when = parse_date(doc.get(name))
        if when is not None:
            fields[name] = when
    return {name: value for name, value in fields.items() if value != ""} | {"id": str(doc_id)}
