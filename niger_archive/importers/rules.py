"""Owns the clean-up rules for scraped news text, as data: what page furniture looks like and what to do.

Each rule names the furniture it removes, how it is recognised (a regular expression, matched
against one whole line unless the action says otherwise, or a predicate) and the action the
engine in ``cleanup.py`` takes. ``examples`` are (input, expected output) pairs checked by the
tests, input lines separated by newlines and an empty output meaning "all removed"; ``keeps``
are lines the rule must leave alone.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Set
from dataclasses import dataclass

from .dates import is_date_only, parse_date
from .sentences import comparison_key, ends_sentence, iter_sentences, words


class Action(enum.Enum):
    DROP_SECTION = "drop a heading and the list of short lines after it"
    DROP_LINE = "drop a whole line"
    DROP_NEIGHBOURS = "drop short name-like lines next to a matching line"
    DROP_RUN = "drop a run of adjacent matching lines that together form a widget"
    TRIM_END = "cut the match off the end of a line"
    TRIM_START = "cut the match off the start of a line"
    DROP_PARAGRAPH = "drop a paragraph for which the predicate holds"


@dataclass(frozen=True)
class ParagraphContext:
    """What a paragraph rule may look at: keys of earlier paragraphs and of the whole document."""

    index: int
    earlier_keys: Set[str]
    document_key: str
    after: int  # where the text after this paragraph starts in ``document_key``
    key: str  # this paragraph's comparison key


@dataclass(frozen=True)
class Rule:
    name: str
    description: str  # what was removed, as the import report says it
    action: Action
    pattern: re.Pattern[str] | None = None
    accept: Callable[[re.Match[str]], bool] | None = None  # extra check on a match
    neighbour: Callable[[str], bool] | None = None  # DROP_NEIGHBOURS: which neighbours go
    predicate: Callable[[str, ParagraphContext], bool] | None = None  # DROP_PARAGRAPH
    run_accept: Callable[[list[str]], bool] | None = None  # DROP_RUN: whether a run of matching lines goes
    captures: tuple[str, ...] = ()  # named groups kept as metadata candidates
    # Lower-case text of which every match contains one (case-insensitively): the engine skips the
    # pattern for text that contains none of them, a far cheaper test than a pattern that has to try
    # every position. Empty when the pattern has no such text (or is cheap anyway).
    needs: tuple[str, ...] = ()
    max_chars: int = 400  # longer lines are running text, never furniture
    to_end: bool = False  # DROP_SECTION: after running text, the section runs to the end of the text
    examples: tuple[tuple[str, str], ...] = ()
    keeps: tuple[str, ...] = ()


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# ---------------------------------------------------------------------------------------------
# Building blocks

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"\+\d[\d\s().-]{6,20}\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"
_CONTACT = (
    rf"(?:(?:e-?mail|contact|tel(?:ephone)?|phone|fax|mobile|whatsapp)\s*[.:]?\s*)?"
    rf"(?:{_EMAIL}|{_PHONE})(?:\s*[,;/|]\s*(?:{_EMAIL}|{_PHONE}))*"
)
_SOCIAL = (
    r"(?:share|shares|sharing|tweet|retweet|facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail"
    r"|print|pinterest|reddit|copy\s+link|link\s+copied|messenger|flipboard|vk|viber|tumblr"
    r"|threads|bluesky|partager|imprimer)"
)
_SOCIAL_FILLER = r"(?:this|on|via|with|the|article|story|post|page|link|to|by|sur|cet|cette|copied|copié)"
# A line of social words is a widget by itself when it says "share" (or tweet, copy the link…) or names
# two platforms; a platform's name alone on a line is a widget only in a run of such lines (share_block).
_SHARE_VERB = re.compile(r"\b(?:share|shares|sharing|tweet|retweet|copy\s+link|link\s+copied|partager|"
                         r"partagez|copier\s+le\s+lien|lien\s+copié|click\s+to)\b", re.IGNORECASE)
_PLATFORM = re.compile(r"\b(?:facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail|print|pinterest|reddit|"
                       r"messenger|flipboard|vk|viber|tumblr|threads|bluesky|imprimer)\b", re.IGNORECASE)
_NUMERIC_STAMP = r"\d{1,2}:\d{2}\s+\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}[./]\d{1,2}[./]\d{4}(?:\s*,?\s*\d{1,2}:\d{2})?"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:de|da|van|von|al|el|ben|bin|le|la|du|dos)\s+)?{_NAME_WORD}){{1,3}}"
_AFTER_SENTENCE = r"(?<=[.!?\"”’)\]])"


def _dates_parse(*groups: str) -> Callable[[re.Match[str]], bool]:
    """Accept a match only when its named date groups that are present parse as dates."""

    def accept(match: re.Match[str]) -> bool:
        present = [match.group(g) for g in groups if match.group(g)]
        return bool(present) and all(parse_date(value) for value in present)

    return accept


def _short_named_items(match: re.Match[str]) -> bool:
    items = re.split(r"\s*[|•›»>]\s*|\s/\s", match.group(0))
    return all(item and any(ch.isalpha() for ch in item) and len(words(item)) <= 4 for item in items)


def _name_like(text: str) -> bool:
    """A short line that names someone or something: an agency, a desk, a person."""
    count = len(words(text))
    return 1 <= count <= 5 and not text[:1].islower() and not ends_sentence(text) and "://" not in text


def _widget_by_itself(match: re.Match[str]) -> bool:
    text = match.group(0)
    return bool(_SHARE_VERB.search(text)) or len(_PLATFORM.findall(text)) >= 2


def _share_run(lines: list[str]) -> bool:
    """Platform names on lines of their own are a share widget when three or more stand together, or
    two with a line that is a widget by itself ("Share", "Copy Link copied"): never one or two names
    alone, which may be a list in the article ("Which networks were blocked? / Facebook / TikTok")."""
    return len(lines) >= 3 or (len(lines) == 2 and any(
        _SHARE_VERB.search(line) or len(_PLATFORM.findall(line)) >= 2 for line in lines))


def _date_line(match: re.Match[str]) -> bool:
    return is_date_only(match.group("date"))


# ---------------------------------------------------------------------------------------------
# Paragraph predicates

SUMMARY_ZONE = 8  # a summary that repeats the body sits among the first paragraphs
_SUMMARY_MAX_CHARS = 10_000
_SUMMARY_MAX_SENTENCES = 40
_SUMMARY_WINDOW = 200_000  # its sentences reappear within this many characters after it
_MIN_SENTENCE_WORDS = 4


def is_repeated_summary(text: str, document_key: str, after: int) -> bool:
    """True when every sentence of ``text`` (4+ words) reappears in the document key after ``after``.

    A sentence cut short with an ellipsis ("...troops from...") counts up to the ellipsis.
    """
    if len(text) > _SUMMARY_MAX_CHARS or after >= len(document_key):
        return False
    # Sentences are taken one at a time: most texts are no summary, and fail on their first sentence.
    sentences = 0
    checked = 0
    total_words = 0
    for sentence in iter_sentences(text):
        sentences += 1
        sentence = sentence.rstrip().removesuffix("...").removesuffix("…")
        key = comparison_key(sentence).rstrip(".!?;:,")
        count = len(key.split())
        if count < _MIN_SENTENCE_WORDS:
            continue
        if document_key.find(key, after, after + _SUMMARY_WINDOW) < 0:
            return False
        checked += 1
        total_words += count
    return sentences <= _SUMMARY_MAX_SENTENCES and checked > 0 and total_words >= 8


def _repeated_summary(text: str, context: ParagraphContext) -> bool:
    return context.index < SUMMARY_ZONE and is_repeated_summary(text, context.document_key, context.after)


def _repeated_paragraph(text: str, context: ParagraphContext) -> bool:
    # an item of a list repeats by nature (a meal plan, a timetable): it is the article, not a repeat
    return bool(context.key) and context.key in context.earlier_keys and not _LIST_ITEM.match(text)


_LIST_ITEM = re.compile(r"\s*(?:[-*•–]|\d{1,3}[.)])\s")


# ---------------------------------------------------------------------------------------------
# The rule table

RULES: tuple[Rule, ...] = (
    # Sections: a heading and the list (headlines, dates, short lines) under it.
    Rule(
        "related_list",
        "related-article lists",
        Action.DROP_SECTION,
        _rx(
            r"(?:(?:related|more|other|latest|similar|recommended|popular|featured)"
            r"(?:\s+(?:news|stories|articles|posts|reads|content|coverage|links|topics|videos))?"
            r"|most\s+(?:read|popular|viewed|shared|commented)|top\s+(?:stories|news)"
            r"|trending(?:\s+(?:now|stories|news))?|(?:read|see)\s+(?:more|also|next)|also\s+read"
            r"|more\s+(?:on|from|about)\s+.{2,40}|you\s+(?:may|might)\s+(?:also\s+)?like"
            r"|recommended\s+for\s+you|editor['’]?s\s+picks?|don['’]?t\s+miss"
            r"|(?:à\s+)?lire\s+(?:aussi|également)|sur\s+le\s+même\s+sujet|les\s+plus\s+lus)"
            r"\s*[:»›>…]*"
        ),
        examples=(
            ("Related News\nU.S. Troop Withdrawal from Niger Kicks off\nJun 11, 2024\n"
             "UNHCR Warns of Crisis\nMay 30, 2024", ""),
            ("Top Stories\n\nbottom of page", ""),
            ("Most read\nNiger junta names new cabinet\nMali closes border", ""),
            ("Read more:\nNiger expels French envoy\n"
             "The ministry said on Tuesday that the talks would resume next week in the capital Niamey.",
             "The ministry said on Tuesday that the talks would resume next week in the capital Niamey."),
        ),
        keeps=("Related reports suggest the base will close.", "More than 1,000 troops remain."),
    ),
    Rule(
        "comment_section",
        "comment sections",
        Action.DROP_SECTION,
        _rx(
            r"(?:leave\s+a\s+(?:reply|comment)|(?:\d+\s+)?(?:comments?|responses?)|post\s+a\s+comment"
            r"|add\s+(?:a\s+)?comment|join\s+the\s+(?:conversation|discussion)|show\s+comments"
            r"|laissez?\s+un\s+commentaire|(?:\d+\s+)?commentaires?)\s*[:.]?"
        ),
        to_end=True,
        examples=(
            ("Leave A Reply\nYour email address will not be published.", ""),
            ("3 Comments\nJohn\nMay 3, 2024", ""),
            ("The talks will resume next week in Niamey, the ministry said in a statement on Monday.\n"
             "2 Comments\nAli\nThis is good news for the country and for the region, I hope the talks go on.\nReply",
             "The talks will resume next week in Niamey, the ministry said in a statement on Monday."),
        ),
        keeps=("Comments from the ministry were not available.",),
    ),
    # Whole lines.
    Rule(
        "navigation",
        "navigation links",
        Action.DROP_LINE,
        _rx(
            r"[«‹<←\s]*(?:top\s+of\s+(?:the\s+)?page|bottom\s+of\s+(?:the\s+)?page"
            r"|skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|menu|search)"
            r"|(?:back|go|scroll)\s+to\s+(?:the\s+)?top|(?:main\s+|mobile\s+|open\s+|close\s+)?menu"
            r"|toggle\s+(?:navigation|menu)|navigation|search(?:\s+for)?|home(?:\s*page)?|close"
            r"|(?:previous|next|prev)\s+(?:article|post|story|page)|sign\s+in|log\s*(?:in|out)"
            r"|my\s+account|aller\s+au\s+contenu|retour\s+en\s+haut)[»›>→↑\s.:]*"
        ),
        examples=(("top of page", ""), ("bottom of page", ""), ("Skip to content", ""), ("Menu", ""),
                  ("« Previous Post", ""), ("Back to top ↑", "")),
        keeps=("Home to 1,000 US troops, the base was closed.", "Search teams found the wreckage."),
    ),
    Rule(
        "read_more_link",
        "links to other articles",
        Action.DROP_LINE,
        _rx(
            r"(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related|more\s+on\s+this"
            r"|(?:à\s+)?lire\s+(?:aussi|également)|voir\s+aussi)\s*[:»›|–—-]\s*[^\n]{3,200}"
        ),
        max_chars=220,
        examples=(("Read more: Niger junta expels French ambassador", ""),
                  ("À lire aussi : Le Niger ferme sa frontière", "")),
        keeps=("Read more about the agreement in the ministry's statement.",),
    ),
    Rule(
        "menu_row",
        "menus and breadcrumbs",
        Action.DROP_LINE,
        _rx(r"(?:[^|•›»>/\n]{1,30}?(?:\s*[|•›»>]\s*|\s/\s)){2,}[^|•›»>/\n]{1,30}"),
        accept=_short_named_items,
        needs=("|", "•", "›", "»", ">", "/"),
        examples=(("Home > World > Africa", ""), ("News | Politics | Sahel | Opinion", "")),
        keeps=("Niger's junta | a year on: what changed for the people of Niamey and the rest",),
    ),
    Rule(
        "exit_mobile",
        "mobile/desktop version switches",
        Action.DROP_LINE,
        _rx(
            r"exit\s+mobile\s+version|view\s+(?:the\s+)?(?:desktop|mobile|full)\s+(?:version|site)"
            r"|switch\s+to\s+(?:the\s+)?(?:desktop|mobile)\s+(?:version|site)|amp\s+version"
        ),
        examples=(("Exit mobile version", ""), ("View desktop version", "")),
    ),
    Rule(
        "share_widget",
        "share and social-media buttons",
        Action.DROP_LINE,
        _rx(
            rf"(?:(?:click\s+to\s+)?{_SOCIAL}(?:\s+{_SOCIAL_FILLER}){{0,4}}"
            r"(?:\s*\(opens\s+in\s+(?:a\s+)?new\s+window\))?[\s.,:;|•·/!]*)+"
        ),
        accept=_widget_by_itself,
        examples=(("Share.", ""), ("Share this article", ""), ("Tweet", ""), ("Copy Link copied", ""),
                  ("Facebook Twitter WhatsApp Email", ""), ("Click to share on Telegram (Opens in new window)", ""),
                  ("Partager", "")),
        keeps=("Share prices fell sharply on Monday.", "Facebook said it removed the posts.", "Facebook", "X",
               "Email"),
    ),
    Rule(
        "share_block",
        "share and social-media buttons",
        Action.DROP_RUN,
        _rx(
            rf"(?:(?:click\s+to\s+)?(?:{_SOCIAL}|link|lien)(?:\s+{_SOCIAL_FILLER}){{0,4}}"
            r"(?:\s*\(opens\s+in\s+(?:a\s+)?new\s+window\))?[\s.,:;|•·/!]*)+"
        ),
        run_accept=_share_run,
        max_chars=80,
        examples=(("Email\nFacebook\nX\nReddit\nLinkedIn", ""), ("Share\nFacebook", ""),
                  ("WhatsApp\nFacebook\nX\nE-mail", ""), ("X\nFacebook\nLinkedIn\nEmail\nLink", "")),
        keeps=("Facebook", "Facebook\nTikTok", "Facebook\nX", "Email\nThe ministry said nothing.",
               "Facebook said it removed the posts.\nX said nothing.\nReddit users shared the video."),
    ),
    Rule(
        "advertisement",
        "advertisement markers",
        Action.DROP_LINE,
        _rx(
            r"(?:advertisements?|advertising|ads?|sponsored(?:\s+(?:content|links?|stories))?"
            r"|paid\s+(?:content|post)|publicité|anzeige"
            r"|story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?"
            r"|continue\s+reading\s+(?:below|the\s+main\s+story)"
            r"|(?:advertisement\s*[-–—:]\s*)?scroll\s+(?:down\s+)?to\s+continue(?:\s+(?:reading|with\s+content))?)"
            r"\s*[.:]*"
        ),
        examples=(("Advertisement", ""), ("ADVERTISEMENT", ""), ("Story continues below advertisement", "")),
        keeps=("Advertisement spending in Niger rose in 2023.",),
    ),
    Rule(
        "newsletter",
        "newsletter sign-ups",
        Action.DROP_LINE,
        _rx(
            r".{0,150}\b(?:sign\s+up|subscribe|register|inscrivez-vous|abonnez-vous)\b.{0,100}\bnewsletters?\b.{0,150}"
            r"|.{0,100}\bnewsletters?\b.{0,60}\b(?:sign\s+up|subscribe)\b.{0,100}"
            r"|(?:get|receive)\s+(?:the\s+latest|our|daily|weekly|breaking|the\s+best)\b.{0,100}\b(?:inbox|e-?mail)\b.{0,80}"
            r"|enter\s+your\s+e-?mail(?:\s+address)?.{0,60}|subscribe(?:\s+(?:now|today|here))?[.!]?|newsletters?"
        ),
        max_chars=250,
        needs=("newsletter", "mail", "inbox", "subscribe"),
        examples=(("Sign up for our newsletter to get the Sahel briefing every morning.", ""),
                  ("Get the latest news delivered to your inbox", ""), ("Subscribe", "")),
        keeps=("The junta subscribes to a different view of sovereignty, the minister said.",),
    ),
    Rule(
        "cookie_notice",
        "cookie notices",
        Action.DROP_LINE,
        _rx(
            r".{0,200}\b(?:we|this\s+(?:web)?site|our\s+(?:web)?site|this\s+page)\s+uses?\s+cookies\b.{0,300}"
            r"|(?:accept|reject|refuse|decline|manage|allow|customi[sz]e)(?:\s+all)?\s+cookies.{0,40}"
            r"|cookie\s+(?:policy|settings|preferences|consent|notice)"
            r"|.{0,100}\bby\s+(?:continuing|using)\s+(?:to\s+(?:browse|use)\s+)?(?:this|our)\s+(?:web)?site\b.{0,200}"
            r"|(?:nous\s+utilisons|ce\s+site\s+utilise)\s+des\s+cookies.{0,300}"
        ),
        max_chars=600,
        needs=("cookie", "site"),
        examples=(("We use cookies to improve your experience. By continuing to browse you accept our cookies.", ""),
                  ("Accept all cookies", ""), ("Cookie settings", "")),
        keeps=("Cookies and tea were served at the ceremony in Niamey.",),
    ),
    Rule(
        "copyright",
        "copyright lines",
        Action.DROP_LINE,
        _rx(
            r"(?:©|\(c\)|copyright\b|&copy;).{0,200}|.{0,200}\ball\s+rights\s+reserved\b.{0,80}"
            r"|.{0,100}\btous\s+droits\s+réservés\b.{0,80}"
            r"|our\s+standards\s*:\s*the\s+thomson\s+reuters\s+trust\s+principles\.?"
        ),
        max_chars=300,
        needs=("©", "(c)", "copyright", "&copy;", "rights", "droits", "principles"),
        examples=(("© 2024 The Sahel Observer. All rights reserved.", ""),
                  ("Our Standards: The Thomson Reuters Trust Principles.", ""),
                  ("Copyright 2024 The Associated Press. All Rights Reserved.", ""),
                  ("All rights reserved", "")),
        keeps=("Copyrighted material was seized, the police said.",),
    ),
    Rule(
        "comment_prompt",
        "comment-form prompts",
        Action.DROP_LINE,
        _rx(
            r"your\s+e-?mail\s+address\s+will\s+not\s+be\s+published\.?.{0,80}|required\s+fields\s+are\s+marked.{0,10}"
            r"|save\s+my\s+name,?\s+e-?mail,?\s+and\s+website.{0,100}|(?:post|submit)\s+(?:a\s+)?comment"
            r"|cancel\s+reply|reply|(?:name|e-?mail|website|comment)\s*\*|you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?"
            r"|votre\s+adresse\s+(?:e-?mail|de\s+messagerie)\s+ne\s+sera\s+pas\s+publiée\.?.{0,80}"
        ),
        examples=(("Your email address will not be published.", ""), ("Required fields are marked *", ""),
                  ("Post Comment", "")),
    ),
    Rule(
        "writer_picture",
        "author-picture widgets",
        Action.DROP_LINE,
        _rx(r"(?:writer|author)['’]?s?\s+picture\s*(?P<author>[^\W\d_][^\n]{1,80})"),
        captures=("author",),
        examples=(("Writer's pictureOlga Nesterova", ""), ("Writer's picture Jane Doe", "")),
    ),
    Rule(
        "byline",
        "bylines",
        Action.DROP_LINE,
        re.compile(
            rf"(?i:by|par|written\s+by|reporting\s+by)\s*:?\s+(?P<author>{_NAME}(?:\s+(?i:and|&|et)\s+{_NAME})*)"
            r"(?:\s*(?:,|\||–|—|-|/)\s*(?P<affiliation>[^\n]{2,60}))?"
        ),
        max_chars=160,
        captures=("author", "affiliation"),
        examples=(("By Jane Doe", ""), ("By JEAN DUPONT, Associated Press", ""), ("Par Moussa Aksar", "")),
        keeps=("By contrast, the army said nothing.", "By Monday", "By the end of the year troops will leave."),
    ),
    Rule(
        "published_updated",
        "publication timestamps",
        Action.DROP_LINE,
        _rx(
            r"(?:(?:first\s+)?(?:published|posted|publié(?:\s+le)?)(?:\s+on)?\s*:?\s*(?P<published>[^|•·\n]{6,60}?))?"
            r"\s*[|•·,;–—-]?\s*"
            r"(?:(?:last\s+)?(?:updated|modified|mis\s+à\s+jour(?:\s+le)?)(?:\s+on)?\s*:?\s*(?P<updated>[^|•·\n]{6,60}?))?\s*"
        ),
        accept=_dates_parse("published", "updated"),
        captures=("published", "updated"),
        max_chars=160,
        examples=(("Published 10:14 AM EDT, May 3, 2024", ""), ("Updated 11:20 AM EDT, May 3, 2024", ""),
                  ("Published: May 3, 2024 | Updated: May 4, 2024", "")),
        keeps=("Published reports say the base will close.",),
    ),
    Rule(
        "wire_timestamp",
        "publication timestamps",
        Action.DROP_LINE,
        _rx(
            r"(?P<published>[^|•·\n]{6,60}?)\s*[|•·,;]?\s+(?:updated|mis\s+à\s+jour)\s+"
            r"(?:(?:\d+|an?|one)\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago|il\s+y\s+a\s+\d+\s+\w+"
            r"|(?P<updated>[^|•·\n]{6,60}?))\s*"
        ),
        accept=_dates_parse("published", "updated"),
        captures=("published", "updated"),
        max_chars=160,
        needs=("updated", "jour"),
        examples=(("December 22, 2023 6:11 PM GMT+1 Updated 2 hours ago", ""),
                  ("August 5, 2024 4:05 PM GMT+1 Updated August 6, 2024", "")),
        keeps=("The army said updated figures would follow.", "Officials updated 2 hours ago their count."),
    ),
    Rule(
        "date_line",
        "timestamp lines",
        Action.DROP_LINE,
        _rx(r"(?P<date>.{4,80})"),
        accept=_date_line,
        captures=("date",),
        max_chars=80,
        examples=(("2024-05-20T09:14+0200", ""), ("May 30, 2024", ""), ("20.05.2024", "")),
        keeps=("2024", "May 2024 was hot."),
    ),
    Rule(
        "keyword_label",
        "tag lists",
        Action.DROP_LINE,
        _rx(r"(?:tags?|keywords?|topics?|mots[-\s]clés|thèmes?)\s*:\s*(?P<keywords>.{2,300})"),
        captures=("keywords",),
        examples=(("Tags: Niger, Sahel, US military", ""),),
    ),
    Rule(
        "lone_label",
        "labels left without their content",
        Action.DROP_LINE,
        _rx(
            r"(?:sources?|tags?|topics?|categories|category|filed\s+under|keywords|related\s+topics|credits?"
            r"|share\s+this|follow\s+us(?:\s+on)?|posted\s+in|photo|video|listen|audio)\s*:?"
        ),
        examples=(("Source", ""), ("Tags:", ""), ("Follow us on", "")),
        keeps=("Source: U.S. Department Of State, April 24, 2024",),
    ),
    Rule(
        "contact_line",
        "contact details",
        Action.DROP_LINE,
        _rx(_CONTACT),
        examples=(("feedback@sputniknews.com", ""), ("+74956456601", ""), ("Tel: (202) 555-0100", "")),
        keeps=("2024-05-20",),
    ),
    Rule(
        "counter",
        "stray counters",
        Action.DROP_LINE,
        _rx(
            r"[+\-]?\d[\d\s.,]{0,12}[km]?"
            r"(?:\s+(?:views?|shares?|comments?|likes?|reads?|reactions?|vues|partages))?"
        ),
        examples=(("0", ""), ("2024", ""), ("1.2K", ""), ("15 shares", "")),
        keeps=("1,000 troops will leave.",),
    ),
    Rule(
        "locale_code",
        "page locale codes",
        Action.DROP_LINE,
        re.compile(r"[a-z]{2,3}[_-][A-Z]{2}"),
        examples=(("en_EN", ""), ("fr-FR", "")),
        keeps=("re-do",),
    ),
    Rule(
        "image_url",
        "image addresses",
        Action.DROP_LINE,
        _rx(r"(?:https?:)?//\S+?\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#]\S*)?(?:\s*[^\s/][^\n]{0,60})?"),
        examples=(("https://cdn1.img.example.africa/img/07e8/05/10/1066564994_0:160:3072:1888_1920x0.jpg", ""),
                  ("https://cdn.example.com/a/b.jpgSputnik Africa", "")),
    ),
    Rule(
        "bare_url",
        "bare web addresses",
        Action.DROP_LINE,
        _rx(r"<?(?:https?://|www\.)\S+>?"),
        max_chars=2000,
        examples=(("https://en.example.africa/20240519/us-troop-withdrawal-1066624462.html", ""),),
        keeps=("See https://example.org for the full statement.",),
    ),
    Rule(
        "image_credit",
        "image captions' credits",
        Action.DROP_LINE,
        _rx(
            r"\(?(?:photo|photograph|picture|image|illustration|file\s+photo|photo\s+credit|image\s+credit"
            r"|credit|crédit\s+photo|crédits?|foto)s?(?:\s+by\s+|\s*[:©|/]\s*|\s+©\s*)[^\n]{2,120}?\)?"
            r"|\(?[^\n]{2,80}/\s*(?:AFP|Reuters|AP|EPA(?:-EFE)?|Getty\s+Images|Anadolu(?:\s+Agency)?|Xinhua"
            r"|Shutterstock|AFP\s+via\s+Getty\s+Images)\)?"
        ),
        max_chars=160,
        examples=(("Photo by Issifou Djibo/EPA-EFE", ""), ("Photo: Reuters", ""), ("(Credit: AFP)", ""),
                  ("Boureima Hama/AFP", "")),
        keeps=("Photographs show the base.",),
    ),
    # Neighbours of contact details: the agency or desk name printed with them.
    Rule(
        "contact_block",
        "agency names printed with contact details",
        Action.DROP_NEIGHBOURS,
        _rx(_CONTACT),
        neighbour=_name_like,
        examples=(
            ("Sputnik Africa\nfeedback@sputniknews.com\nMIA „Rossiya Segodnya“\n"
             "The talks will continue next week in Niamey, a senior official told reporters on Monday.",
             "feedback@sputniknews.com\n"
             "The talks will continue next week in Niamey, a senior official told reporters on Monday."),
        ),
    ),
    # Pieces glued onto running text.
    Rule(
        "advertisement_tail",
        "advertisement markers glued to paragraphs",
        Action.TRIM_END,
        _rx(rf"{_AFTER_SENTENCE}\s*(?:advertisement|advertising|publicité)\s*\Z"),
        needs=("advertis", "publicit"),
        examples=(("Campbell met Zeine on Friday to formalize the end of the presence in the country. Advertisement",
                   "Campbell met Zeine on Friday to formalize the end of the presence in the country."),),
        keeps=("The ministry banned the advertisement",),
    ),
    Rule(
        "photo_credit_tail",
        "photo credits glued to captions",
        Action.TRIM_END,
        _rx(
            rf"{_AFTER_SENTENCE}\s+\(?(?:photo|photograph|picture|image|file\s+photo|credit)(?:\s+by\s+|\s*:\s*)"
            r"[^.!?\n]{2,80}\)?\s*\Z"
        ),
        needs=("photo", "picture", "image", "credit"),
        examples=(("Supporters of the junta protest in Niamey. Photo by Issifou Djibo/EPA-EFE",
                   "Supporters of the junta protest in Niamey."),),
    ),
    Rule(
        "copyright_tail",
        "copyright notices glued to paragraphs",
        Action.TRIM_END,
        _rx(rf"{_AFTER_SENTENCE}\s*(?:©|copyright\s+©?\s*\d{{4}})[^\n]{{0,120}}\Z"),
        needs=("©", "copyright"),
        examples=(("The talks resume on Monday. © 2024 AP", "The talks resume on Monday."),),
    ),
    Rule(
        "share_tail",
        "share buttons glued to paragraphs",
        Action.TRIM_END,
        _rx(
            rf"{_AFTER_SENTENCE}\s*(?:share\s+this\s+(?:article|story|post)|share\s+on\s+(?:facebook|twitter|x|whatsapp))"
            r"\s*[.:]?\s*\Z"
        ),
        needs=("share",),
        examples=(("The talks resume on Monday. Share this article", "The talks resume on Monday."),),
    ),
    Rule(
        "timestamp_prefix",
        "timestamps glued before the text",
        Action.TRIM_START,
        _rx(
            rf"(?P<published>{_NUMERIC_STAMP})\s*"
            rf"(?:\((?:updated|mis\s+à\s+jour)\s*:?\s*(?P<updated>{_NUMERIC_STAMP})\)\s*)?(?=\S)"
        ),
        accept=_dates_parse("published", "updated"),
        captures=("published", "updated"),
        examples=(("09:14 20.05.2024 (Updated: 09:34 20.05.2024) WASHINGTON (Sputnik) - Earlier, talks began.",
                   "WASHINGTON (Sputnik) - Earlier, talks began."),),
        keeps=("12.5 percent of the budget went to defence.",),
    ),
    # Whole paragraphs, once lines are paragraphs.
    Rule(
        "repeated_paragraph",
        "repeated headlines and paragraphs",
        Action.DROP_PARAGRAPH,
        predicate=_repeated_paragraph,
    ),
    Rule(
        "repeated_summary",
        "summaries repeated by the article body",
        Action.DROP_PARAGRAPH,
        predicate=_repeated_summary,
    ),
)


def rules_for(action: Action, rules: tuple[Rule, ...] = RULES) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules if rule.action is action)

