"""Owns what every importer finishes alike: derived titles, datelines, dates, outlet fallback, the draft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tld import get_fld

from ..core.errors import ImportRejected
from ..core.messages import N_
from ..core.models import ArticleDraft
from .cleanup import Removals, assemble_paragraphs, clean_lines, clean_paragraphs
from .dates import parse_date
from .language import detect_language
from .lines import Line, build_text
from .sentences import comparison_key, ends_with_abbreviation, first_sentence

_TITLE_MAX = 110
_TITLE_CLAUSE_MAX = 140
_TITLE_MIN = 40
_KEYWORD_MAX = 80
_JOINERS = frozenset({"and", "et", "y", "und", "e"})

_DATELINE = re.compile(
    r"(?P<city>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+(?:[ ][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+){0,3})"
    r"(?:\s*,\s*[A-ZÀ-ÖØ-Þ][\w.'’\-]+(?:[ ][A-ZÀ-ÖØ-Þ][\w.'’\-]+){0,2})?"
    r"(?:\s*,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-zéû]{3,9}\.?)(?:,?\s+\d{4})?)?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?"
    r"\s*(?:[—–]|-{1,2})\s*(?=\S)"
)
# All-caps openers that are labels, not places.
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH ANALYSIS OPINION EDITORIAL NOTE LIVE VIDEO PHOTOS "
    "FACT CHECK FACTCHECK COMMENT INTERVIEW REVIEW URGENT FLASH CORRECTION".split()
)
_CLAUSE_BREAKS = (", ", "; ", " — ", " – ", ": ", " - ")


@dataclass
class Metadata:
    """Metadata candidates an importer found; ``finish_draft`` picks and normalises them."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None  # stated by the file's author: used as is when valid
    declared_language: str | None = None  # a page template's claim: used when detection fails
    dates: list[tuple[str, str]] = field(default_factory=list)  # (role, ISO string) in text order
    # a library's guess (trafilatura/htmldate), used only when neither the file's metadata nor its
    # dated lines give a publication date
    fallback_dates: list[tuple[str, str]] = field(default_factory=list)

    # the texts behind ``dates``, read again in the article's language once it is known
    date_texts: list[tuple[str, str]] = field(default_factory=list)

    def add_date(self, role: str, value: str | None) -> None:
        iso = parse_date(value, day_first=is_day_first(self.declared_language)) if value else None
        if iso and value:
            self.dates.append((role, iso))
            self.date_texts.append((role, value))

    def dates_in(self, language: str | None) -> list[tuple[str, str]]:
        """``dates`` read in ``language``'s numeric order ("12/03/2024" is 12 March in French, 3 December
        in English); as read on adding them when the language is unknown."""
        if language is None:
            return self.dates
        day_first = is_day_first(language)
        read = ((role, parse_date(value, day_first=day_first)) for role, value in self.date_texts)
        return [(role, iso) for role, iso in read if iso]


def is_day_first(language: str | None) -> bool:
    """True when numeric dates in ``language`` put the day first: every language but English, whose
    month-first order (the United States') is kept; a day above 12 decides in any language."""
    return language is not None and language.lower() != "en"


def finish_draft(
    *,
    raw: str,
    encoding: str,
    source_format: str,
    paragraphs: list[Line],
    metadata: Metadata,
    notes: list[str],
) -> ArticleDraft:
    """Build the clean text and offset map, fill derived fields, and make the draft."""
    text, offsets = build_text(raw, paragraphs)
    if not text.strip():
        raise ImportRejected(N_("no article text is left after removing page furniture"))
    title = _one_line(metadata.title)
    title_key = comparison_key(title) if title else None
    lead = next((p.text for p in paragraphs if comparison_key(p.text) != title_key), "")
    dateline_match = find_dateline(lead)
    title_derived = False
    if not title:
        title = derive_title(lead[dateline_match.end():] if dateline_match else lead)
        title_derived = title is not None
    if _is_language_code(metadata.language):
        language = metadata.language
    else:
        language = detect_language(text)
        if language is None and _is_language_code(metadata.declared_language):
            language = metadata.declared_language
    # a numeric date is written in the page template's language when the page declares one (a French
    # site's "Publié le 12/06/2024" above an English text), else in the article's
    declared = metadata.declared_language if _is_language_code(metadata.declared_language) else None
    published, updated = choose_dates(metadata.dates_in(
        metadata.language if _is_language_code(metadata.language) else declared or language))
    return ArticleDraft(
        raw_text=raw,
        text=text,
        offsets=offsets,
        source_format=source_format,
        encoding=encoding,
        title=title,
        title_derived=title_derived,
        url=_one_line(metadata.url),
        outlet=_with_agency(_outlet(metadata, text, notes), dateline_match, notes),
        author=clean_author(metadata.author),
        published=published,
        updated=updated,
        dateline=dateline_match.group("city") if dateline_match else None,
        keywords=clean_keywords(metadata.keywords),
        language=language.lower() if language else None,
        notes=list(notes),
    )


_CREDIT_LINE = re.compile(
    r"^[ \t]*\(?(?:sources?|photos?|photograph|picture|image|credit|credits|via|courtesy(?:\s+of)?)"
    r"(?:\s*[:|©]\s*|\s+by\s+|\s+)(?P<name>[^\n]{2,120})$", re.IGNORECASE | re.MULTILINE)


def is_credit_line_name(name: str, text: str) -> bool:
    """True when ``name`` is what a credit line of ``text`` names ("Source: U.S. Department Of
    State, April 24, 2024", "Photo: AFP", "Via Reuters"): where words or pictures came from, not
    the outlet that published the page."""
    key = comparison_key(name)
    if not key:
        return False
    for match in _CREDIT_LINE.finditer(text):
        credited = comparison_key(re.split(r"\s*[,;/|)]\s*", match.group("name"))[0])
        if credited == key:
            return True
    return False


def _outlet(metadata: "Metadata", text: str, notes: list[str]) -> str | None:
    """The outlet as found, unless it is only the name a credit line gives; else the web host."""
    outlet = _one_line(metadata.outlet)
    if outlet and is_credit_line_name(outlet, text):
        notes.append(f"“{outlet}” is named by a credit line (Source/Photo/Via), not as the outlet")
        outlet = None
    return outlet or outlet_from_url(metadata.url)


def dateline_agency(match: re.Match[str] | None) -> str | None:
    """The news agency a dateline credits ("NIAMEY, Niger (AP) —" → "AP"), by the agencies
    ``core.syndication`` knows; None for a place in parentheses ("MARADI (Niger) -") or no dateline."""
    from ..core.syndication import agency_in

    credited = match.group("agency") if match is not None else None
    return agency_in(f"({credited.strip()})") if credited and credited.strip() else None


def _with_agency(outlet: str | None, dateline_match: re.Match[str] | None, notes: list[str]) -> str | None:
    """The agency a dateline credits is the text's source: the outlet when the text names none (wire
    copy saved as it came), else said in the notes (a page carrying the dispatch keeps its own outlet)."""
    agency = dateline_agency(dateline_match)
    if agency is None:
        return outlet
    if outlet is None:
        notes.append(f"the outlet is {agency}, the agency its dateline credits (the text names no outlet)")
        return agency
    if agency.casefold() != outlet.casefold():
        notes.append(f"the dateline credits {agency} as the source of the text")
    return outlet


def find_dateline(paragraph: str) -> re.Match[str] | None:
    """The dateline opening a news text ("NIAMEY, Niger —", "PARIS (AP) —"), or None."""
    match = _DATELINE.match(paragraph[:200])
    if match is None:
        return None
    city = match.group("city")
    letters = sum(1 for ch in city if ch.isalpha())
    if letters < 3 or city.split()[0].strip(".") in _NOT_PLACES:
        return None
    return match


def derive_title(text: str) -> str | None:
    """A title made from the first sentence of ``text``, shortened at a clause or word boundary."""
    sentence = " ".join(first_sentence(text).split())
    if not sentence:
        return None
    if sentence.endswith(".") and not ends_with_abbreviation(sentence):
        sentence = sentence[:-1].rstrip()
    if len(sentence) <= _TITLE_MAX:
        return sentence
    window = sentence[:_TITLE_CLAUSE_MAX]
    cut = max(window.rfind(mark) for mark in _CLAUSE_BREAKS)
    if cut >= _TITLE_MIN:
        return window[:cut].rstrip(" ,;:—–-")
    window = sentence[:_TITLE_MAX]
    cut = window.rfind(" ")
    return (window[:cut] if cut >= _TITLE_MIN else window).rstrip(" ,;:—–-") + "…"


def choose_dates(dates: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """Published = the first publication date; updated = the last later, different date.

    Of several spellings of the same moment, the most precise (with an offset) is kept.
    """
    primary = [(role, iso) for role, iso in dates if role != "source_date"]
    if not primary:
        primary = dates
    published = next((iso for role, iso in primary if role in ("published", "date", "source_date")), None)
    if published is not None:
        published = _most_precise(published, primary)
    updated = None
    for role, iso in primary:
        if role in ("updated", "date") and (published is None or _wall_clock(iso) > _wall_clock(published)):
            updated = iso
    if updated is not None:
        updated = _most_precise(updated, primary)
    return published, updated


def _wall_clock(iso: str) -> str:
    return iso[:19] if "T" in iso else iso[:10]


def _most_precise(chosen: str, dates: list[tuple[str, str]]) -> str:
    same = [iso for _, iso in dates if _wall_clock(iso) == _wall_clock(chosen)]
    return max(same, key=lambda iso: (len(iso) > 19, "T" in iso), default=chosen)


def outlet_from_url(url: str | None) -> str | None:
    """The registrable domain of ``url`` ("sputniknews.africa"), else its host: a neutral stand-in."""
    if not url:
        return None
    domain = get_fld(url, fail_silently=True)
    if domain:
        return domain
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return host.removeprefix("www.") or None


def clean_author(author: str | None) -> str | None:
    author = _one_line(author)
    if not author:
        return None
    names = [
        part for part in author.split()
        if sum(ch.isalpha() for ch in part) > 1 and part.casefold() not in _JOINERS
    ]
    if names and all(part.isupper() for part in names):
        author = " ".join(part.capitalize() if part in names else part for part in author.split())
    elif any(part.isupper() and len(part) >= _CAPS_SURNAME for part in names):
        # wire style "Moussa DIALLO": a surname in capitals (short all-caps words may be agencies)
        author = " ".join(part.capitalize() if part in names and part.isupper() and len(part) >= _CAPS_SURNAME
                          else part for part in author.split())
    return author


_CAPS_SURNAME = 4


def clean_keywords(keywords: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for keyword in keywords:
        keyword = " ".join(keyword.split()).strip(" ,;.#")
        key = keyword.casefold()
        if keyword and len(keyword) <= _KEYWORD_MAX and key not in seen:
            seen.add(key)
            result.append(keyword)
    return result


def _one_line(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(str(value).split())
    return value or None


def _is_language_code(value: str | None) -> bool:
    return bool(value) and len(value) == 2 and value.isalpha() and value.isascii()


def finish_structured(raw: str, encoding: str, lines: list[Line], metadata: "Metadata", *, source_format: str,
                      removals: Removals, notes: list[str]) -> ArticleDraft:
    """The shared end of the structured formats (HTML, Markdown): clean the text blocks, take the byline
    and dates the clean-up recognised where the page's own metadata gave none, build the draft."""
    cleaned = clean_lines(lines, removals)
    if metadata.author is None:
        metadata.author = next((v for n, v in cleaned.captures if n == "author"), None)
    for name, value in cleaned.captures:
        if name in ("published", "updated", "date"):
            metadata.add_date(name, value)
    if not any(role in ("published", "date") for role, _ in metadata.dates):
        for role, value in metadata.fallback_dates:
            metadata.add_date(role, value)
    paragraphs = clean_paragraphs(assemble_paragraphs(cleaned.lines, join_wrapped=False), removals)
    return finish_draft(raw=raw, encoding=encoding, source_format=source_format, paragraphs=paragraphs,
                        metadata=metadata, notes=[*notes, *removals.notes()])
