"""Owns the benchmark corpus: deterministic, realistic scraped news articles and an annotation plan.

Every article is a pure function of (seed, index): the same command writes the same bytes on any
machine, and article ``i`` does not depend on how many others are made. What the files look like
(taken from the shapes of real scrapes, see ``samples/``):

* 80 % plain text in five scraper layouts: a metadata header (URL line, headline sometimes twice,
  outlet, summary, ISO 8601 dates, one keyword per line, image URL) and a related/contact footer;
  a site-builder page (``top of page``, writer's picture, ``Source: …`` line); a dateline story
  with a ``Related News`` list; a wire story with photo caption and inline ``Advertisement``;
  a bare body with ``Share.`` furniture. About a third have lines hard-wrapped mid-sentence.
* 12 % HTML pages (meta tags, JSON-LD, nav, share bar, footer) and 8 % Markdown with front matter.
* 300–1,500 words of body: Zipf-distributed news vocabulary with a long synthetic tail, each
  article on one of many *stories* (its own topical words, people, organisations, places, date);
  people with titles, organisations with acronyms, quantities with qualifiers, dates, quotations.
* About 1 % exact duplicate files and 2 % re-scrapes of an earlier article with small changes.
* About 15 % of the reports are in French (French outlets, words, numbers, dates and attribution; see
  ``FRENCH_SHARE``), so the search measures French stemming and elision beside English.

``annotation_plan`` says, per article, how a user annotated it (70 % untouched, the rest 1–20
highlights with colours, notes, tags, claims with verdicts and entity links), as character spans
chosen on the imported clean text, so the plan fits whatever the importer kept.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

SEED = 20240520

# --- vocabulary -------------------------------------------------------------------------------------

FUNCTION_WORDS = (
    "the of and to in a that for on is was with said by as at from it an be have has are not this "
    "but which were their its had they been also after who more would over will than some into about "
    "could other there his her we our when while since during before under between against"
).split()
NEWS_WORDS = (
    "government military troops forces withdrawal security officials defence defense country president "
    "junta agreement base drone operations partnership talks minister relations region cooperation "
    "personnel soldiers army coup national council election sovereignty embassy department spokesperson "
    "statement week announced negotiations bilateral future presence foreign trade diplomatic meetings "
    "senior official deputy secretary state ambassador aid humanitarian economic sanctions uranium oil "
    "migration route desert population villagers reporters journalists media press independent sources "
    "reported claimed denied confirmed according analysts experts strategy influence competition "
    "instructors equipment aircraft airbase camp intelligence surveillance counterterrorism mission "
    "mandate timeline deadline months orderly responsible protest protesters police arrested court "
    "judge ruling parliament vote opposition party leader capital border attack attacks killed wounded "
    "villages refugees displaced camps food prices inflation budget loan bank investment mining gold "
    "contract company companies workers strike union schools hospital health vaccine outbreak drought "
    "floods rainfall harvest farmers livestock herders conflict militants jihadist insurgents fighters "
    "convoy ambush patrol operation commander general colonel captain battalion troop withdrawal "
    "transition constitution referendum decree ministry cabinet prime sanctions blockade tariffs exports "
    "imports currency debt summit delegation visit envoy mediation ceasefire peace accord treaty "
    "investigation report documents evidence witnesses allegations rights abuses detained released "
    "hostage kidnapping ransom smuggling trafficking pipeline refinery electricity power grid fuel "
    "shortage water supply roads bridge railway port airport flights airline tourism telecom internet "
    "broadcast radio television newspaper website social network campaign rally supporters critics"
).split()
FRENCH_WORDS = (
    "États sécurité armée coopération accord président ministre défense retrait militaires français "
    "américains nigériens capitale région frontière élection gouvernement conseil souveraineté"
).split()
SYLLABLES = ("ba", "ka", "ma", "ri", "to", "lo", "ne", "sa", "di", "gu", "ou", "ré", "ze", "fa", "ni",
             "mo", "ta", "ki", "la", "do", "be", "su", "ra", "ye", "wa", "ti", "so", "ga", "mi", "ku")

FIRST_NAMES = (
    "Amina Jean Moussa Sarah Ibrahim Claire David Fatima Élodie Omar Kurt Kathleen Ali Mohamed Aïcha "
    "Pierre Hassan Mariam Abdoulaye Julie Michael Olga Christopher Dag Ken Issa Salif Hadiza Boubacar "
    "Antony Lloyd Emmanuel Assimi Ibrahim Abdourahamane Seydou Rahila Adama Oumar Zainab Thomas Anne "
    "Robert Linda Mahamadou Halima Youssouf Nana Kofi Ama Yaw Chinedu Ngozi Tunde Bola Sani Bello"
).split()
LAST_NAMES = (
    "Diallo Martin Issoufou Johnson Traoré Dupont Smith Maïga Lefèvre Campbell FitzGibbon Zeine Bazoum "
    "Tiani Maier Anderson Ekman Nesterova Blinken Austin Macron Goïta Touré Keïta Sow Ba Cissé Koné "
    "Ouédraogo Sawadogo Kaboré Mahamane Garba Abdou Hama Oumarou Boubé Yacouba Mensah Owusu Okafor "
    "Adeyemi Balogun Danjuma Sule Musa Yusuf Ndiaye Faye Diop Sarr Gueye Fall Camara Condé Barry Bah"
).split()
TITLES = (
    "Deputy Secretary of State", "Prime Minister", "President", "Defence Minister", "Foreign Minister",
    "Major General", "Lieutenant General", "Colonel", "Ambassador", "spokesperson",
    "Assistant Secretary of Defense", "Interior Minister", "Senator", "Mayor of", "Governor",
    "Chief of Staff", "Director", "Commissioner", "Professor", "analyst",
)
ORGANISATIONS = (
    ("National Council for the Safeguard of the Homeland", "CNSP"),
    ("Economic Community of West African States", "ECOWAS"),
    ("United States Africa Command", "AFRICOM"),
    ("United Nations High Commissioner for Refugees", "UNHCR"),
    ("Alliance of Sahel States", "AES"),
    ("International Monetary Fund", "IMF"),
    ("World Food Programme", "WFP"),
    ("African Union", "AU"),
    ("European Union", "EU"),
    ("U.S. Department of Defense", "DoD"),
    ("U.S. Department of State", "DoS"),
    ("Islamic State in the Greater Sahara", "ISGS"),
    ("Group for the Support of Islam and Muslims", "JNIM"),
    ("Agence Niger Presse", "ANP"),
    ("Médecins Sans Frontières", "MSF"),
    ("International Committee of the Red Cross", "ICRC"),
)
ORG_ADJECTIVES = ("National", "Regional", "Joint", "Independent", "Sahel", "West African", "Civil",
                  "Patriotic", "Democratic", "United", "Provisional", "Federal", "Permanent")
ORG_NOUNS = ("Council", "Committee", "Commission", "Front", "Movement", "Authority", "Agency",
             "Coalition", "Union", "Forum", "Office", "Mission", "Institute", "Alliance", "Network")
ORG_TOPICS = ("Security", "Development", "Peace", "Reconciliation", "Elections", "Human Rights",
              "Food Security", "Mining", "Energy", "Transparency", "Press Freedom", "Refugees",
              "Public Health", "Water", "Infrastructure", "Defence", "Justice", "Youth")
PLACES = (
    "Niamey", "Agadez", "Zinder", "Maradi", "Tahoua", "Dosso", "Tillabéri", "Diffa", "Arlit", "Bamako",
    "Ouagadougou", "Abuja", "Lagos", "Kano", "Dakar", "N'Djamena", "Tripoli", "Algiers", "Paris",
    "Washington", "Moscow", "Brussels", "Addis Ababa", "Accra", "Cotonou", "Lomé", "Nouakchott",
    "Niger", "Mali", "Burkina Faso", "Nigeria", "Chad", "Libya", "Algeria", "Benin", "Senegal", "Ghana",
)
OUTLETS = (
    ("Sputnik Africa", "en.sputniknews.africa"), ("Reuters", "www.reuters.com"),
    ("Associated Press", "apnews.com"), ("Al Jazeera", "www.aljazeera.com"), ("BBC News", "www.bbc.com"),
    ("Le Monde", "www.lemonde.fr"), ("RFI", "www.rfi.fr"), ("Voice of America", "www.voanews.com"),
    ("Africanews", "www.africanews.com"), ("France 24", "www.france24.com"),
    ("The Washington Post", "www.washingtonpost.com"), ("Agence Niger Presse", "www.anp.ne"),
    ("UPI", "www.upi.com"), ("CBS News", "www.cbsnews.com"), ("Premium Times", "www.premiumtimesng.com"),
    ("The Guardian", "www.theguardian.com"), ("Deutsche Welle", "www.dw.com"), ("ActuNiger", "www.actuniger.com"),
    ("Sahel Intelligence", "sahel-intelligence.com"), ("News Central", "newscentral.africa"),
)
QUALIFIERS = ("nearly", "about", "approximately", "more than", "less than", "at least", "up to",
              "some", "almost", "over", "fewer than", "roughly", "an estimated", "as many as")
UNITS = ("troops", "soldiers", "people", "civilians", "refugees", "US troops", "military personnel",
         "tonnes of grain", "kilometres", "vehicles", "villages", "schools", "workers", "barrels a day",
         "megawatts", "households", "fighters", "children", "cases", "doses")
MONEY = ("dollars", "euros", "CFA francs", "naira")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
COLOURS = ("important", "disputed", "confirmed", "needs source", "quote", "number", "background",
           "person", "question", None)
TAGS = ("withdrawal", "needs source", "casualties", "disputed figure", "official", "propaganda",
        "primary source", "follow up", "timeline", "economy")
VERDICTS = ("unverified", "supported", "disputed", "false", "misleading")
NOTES = ("Check against the ministry's statement.", "Other outlets give a different figure.",
         "Who is the source?", "Compare with the AFP wire.", "Date does not match the readout.",
         "Quote appears in three outlets word for word.", "Ask the correspondent in Niamey.")


# --- French articles ------------------------------------------------------------------------------------
# About FRENCH_SHARE of the reports are written in French (the Nigerien press, RFI, AFP's French wire):
# French function words, inflected news words (singular and plural, accents), elided articles
# ("l'accord", "d'Agadez"), French number formats ("1 000" with a narrow no-break space, "2,5 millions")
# and French qualifiers, titles, dates and attribution. Whether article i is French is drawn from its
# own generator, so the English articles are byte for byte those of a corpus without French ones.

FRENCH_SHARE = 0.15
FRENCH_FUNCTION_WORDS = (
    "de la le les des et à en du un une que qui pour dans sur par au aux avec ne pas plus a été est sont "
    "ont son sa ses leur leurs cette ce ces il elle ils elles selon mais ou depuis lors après avant entre "
    "contre sous comme aussi dont où nous était avait sera"
).split()
FRENCH_NEWS_WORDS = (
    "soldats soldat militaires militaire troupes retrait armée armées gouvernement junte accord accords "
    "base drones opérations partenariat négociations ministre ministres relations région coopération "
    "personnels conseil national élection élections souveraineté ambassade porte-parole déclaration "
    "semaine annoncé annonce sécurité défense américains américaine américaines nigériens nigérienne "
    "français française frontière frontières attaque attaques réfugiés réfugié villageois journalistes "
    "autorités responsables officiels calendrier échéance mois mission mandat présence étrangère "
    "ministère capitale président présidente uranium pétrole migration désert population manifestants "
    "manifestation police tribunal opposition parti dirigeant villages camps prix inflation budget "
    "banque investissement gisements contrat entreprises travailleurs écoles hôpital santé sécheresse "
    "inondations récoltes agriculteurs éleveurs conflit djihadistes insurgés combattants convoi "
    "embuscade patrouille commandant général colonel bataillon transition constitution référendum décret "
    "cabinet sanctions blocus exportations importations dette sommet délégation visite envoyé médiation "
    "cessez-le-feu paix traité enquête rapport documents témoins allégations droits détenus libérés otage "
    "enlèvement rançon contrebande trafic oléoduc raffinerie électricité carburant pénurie eau routes "
    "pont aéroport vols télévision radio journal campagne partisans critiques"
).split()
FRENCH_ELIDED = ("l'", "d'")  # before a vowel: "l'armée", "d'Agadez"
FRENCH_TITLES = (
    "secrétaire d'État adjoint", "Premier ministre", "président", "ministre de la Défense",
    "ministre des Affaires étrangères", "général de division", "colonel", "ambassadeur", "porte-parole",
    "ministre de l'Intérieur", "sénateur", "gouverneur", "chef d'état-major", "directeur", "analyste",
)
FRENCH_QUALIFIERS = ("environ", "près de", "quelque", "plus de", "moins de", "au moins", "jusqu'à",
                     "presque", "quelque", "un peu plus de", "pas moins de", "autour de", "au total",
                     "jusqu'à")
FRENCH_UNITS = {
    "troops": "soldats", "soldiers": "soldats", "people": "personnes", "civilians": "civils",
    "refugees": "réfugiés", "US troops": "soldats américains", "military personnel": "militaires",
    "tonnes of grain": "tonnes de céréales", "kilometres": "kilomètres", "vehicles": "véhicules",
    "villages": "villages", "schools": "écoles", "workers": "travailleurs", "barrels a day": "barils par jour",
    "megawatts": "mégawatts", "households": "ménages", "fighters": "combattants", "children": "enfants",
    "cases": "cas", "doses": "doses",
}
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")
FRENCH_OUTLETS = (
    ("Le Monde", "www.lemonde.fr"), ("RFI", "www.rfi.fr"), ("France 24", "www.france24.com"),
    ("Agence Niger Presse", "www.anp.ne"), ("ActuNiger", "www.actuniger.com"),
    ("Jeune Afrique", "www.jeuneafrique.com"), ("Le Sahel", "www.lesahel.org"), ("Aïr Info", "www.airinfo.ne"),
    ("AFP", "www.afp.com"), ("Niger Inter", "www.nigerinter.com"),
)
VOWELS = tuple("aeiouyéèêàâîôûAEIOUYÉÈÊÀÂÎÔÛ")

def _zipf_cumulative(n: int, s: float = 1.07) -> list[float]:
    total, out = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 1) ** s
        out.append(total)
    return out


class Vocabulary:
    """Words by Zipf rank: function words first, news words spread over the head, a synthetic tail."""

    def __init__(self, size: int = 60_000, seed: int = SEED, function_words: list[str] = FUNCTION_WORDS,
                 topical: list[str] = NEWS_WORDS + FRENCH_WORDS) -> None:
        rng = random.Random(seed)
        seen = set(function_words) | set(topical)
        tail: list[str] = []
        while len(tail) < size - len(seen):
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))
            if word not in seen:
                seen.add(word)
                tail.append(word)
        words = list(function_words) + tail
        news = list(dict.fromkeys(topical))
        for i, word in enumerate(news):  # topical words at ranks 60 .. ~6,000
            words.insert(60 + i * 6000 // len(news), word)
        self.words = words
        self.cumulative = _zipf_cumulative(len(words))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


# --- stories ------------------------------------------------------------------------------------------


@dataclass
class Story:
    """What several outlets report on: topical words, named people and organisations, a place, a date."""

    topic: list[str]
    people: list[tuple[str, str]]  # (title, name)
    organisations: list[tuple[str, str]]  # (name, acronym)
    places: list[str]
    date: datetime
    keywords: list[str]
    figures: list[tuple[str, int, str]]  # (qualifier, number, unit) as outlets report it


def _organisation(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        return rng.choice(ORGANISATIONS)
    name = f"{rng.choice(ORG_ADJECTIVES)} {rng.choice(ORG_NOUNS)} for {rng.choice(ORG_TOPICS)}"
    acronym = "".join(w[0] for w in re.findall(r"[A-Z][\w'-]*", name))
    return name, acronym


def _story(vocab: Vocabulary, seed: int, number: int) -> Story:
    rng = random.Random(seed * 7919 + number)
    start = datetime(2023, 7, 26)
    topic = rng.sample(vocab.words[60:8000], 24)
    people = [(rng.choice(TITLES), f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}") for _ in range(4)]
    organisations = [_organisation(rng) for _ in range(3)]
    places = rng.sample(PLACES, 3)
    date = start + timedelta(days=rng.randrange(0, 700), minutes=rng.randrange(0, 1440))
    keywords = list(dict.fromkeys([places[0].lower(), *rng.sample(topic, 4), *rng.sample(NEWS_WORDS, 3),
                                   f"{organisations[0][0].lower()} ({organisations[0][1].lower()})"]))
    figures = [(rng.choice(QUALIFIERS), rng.choice((1000, 1100, 300, 45, 12, 2500, 60, 800, 150_000)),
                rng.choice(UNITS)) for _ in range(3)]
    return Story(topic, people, organisations, places, date, keywords, figures)


# --- text --------------------------------------------------------------------------------------------


def _number(rng: random.Random, n: int | None = None) -> str:
    n = n if n is not None else rng.choice((3, 12, 45, 60, 150, 300, 800, 1000, 1200, 2500, 10_000, 150_000))
    return f"{n:,}"


def _sentence(rng: random.Random, vocab: Vocabulary, story: Story) -> str:
    kind = rng.random()
    words = vocab.sample(rng, rng.randint(8, 26))
    for i in range(len(words)):
        if rng.random() < 0.12:
            words[i] = rng.choice(story.topic)
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    if rng.random() < 0.1:
        words[rng.randrange(len(words))] += ","
    body = " ".join(words)
    title, person = rng.choice(story.people)
    org, acronym = rng.choice(story.organisations)
    if kind < 0.14:
        return f"“{body.capitalize()},” said {title} {person}."
    if kind < 0.24:
        qualifier, n, unit = rng.choice(story.figures)
        return f"There are {qualifier} {_number(rng, n)} {unit} in {rng.choice(story.places)}, {body}."
    if kind < 0.32:
        return f"The {org} ({acronym}) {body}."
    if kind < 0.38:
        day = story.date - timedelta(days=rng.randrange(0, 60))
        return f"On {day.day} {MONTHS[day.month - 1]} {day.year}, {body}."
    if kind < 0.43:
        amount = rng.choice(("$100 million", f"{_number(rng)} {rng.choice(MONEY)}", "€2.5 billion"))
        return f"{body.capitalize()} worth {amount}, according to the {acronym}."
    if kind < 0.48:
        return f"{person}, the {title.lower()}, told reporters that {body}."
    return body.capitalize() + "."


def _french_number(rng: random.Random, n: int) -> str:
    """n as French prints it: "1 000" with a narrow no-break, no-break or plain space, or "2,5 millions"."""
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:.1f}".replace(".", ",").replace(",0", "") + " millions"
    return f"{n:,}".replace(",", rng.choice(("\u202f", "\u00a0", " ", ".")))


def _elide(words: list[str]) -> list[str]:
    """French elision: "le accord" -> "l'accord", "de Agadez" -> "d'Agadez"."""
    out: list[str] = []
    for word in words:
        if out and word.startswith(VOWELS):
            if out[-1] in ("le", "la"):
                out[-1] = "l'" + word
                continue
            if out[-1] == "de":
                out[-1] = "d'" + word
                continue
        out.append(word)
    return out


def _french_sentence(rng: random.Random, vocab: Vocabulary, story: Story) -> str:
    kind = rng.random()
    words = vocab.sample(rng, rng.randint(8, 26))
    for i in range(len(words)):
        roll = rng.random()
        if roll < 0.12:
            words[i] = rng.choice(story.topic)
        elif roll < 0.32:  # French news prose is denser in common words than the synthetic tail alone
            words[i] = rng.choice(FRENCH_NEWS_WORDS)
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(("de", "à")))
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    body = " ".join(_elide(words))
    title, person = rng.choice(story.people)
    title = FRENCH_TITLES[TITLES.index(title) % len(FRENCH_TITLES)] if title in TITLES else title
    org, acronym = rng.choice(story.organisations)
    if kind < 0.14:
        return f"« {body.capitalize()} », a déclaré le {title} {person}."
    if kind < 0.24:
        qualifier, n, unit = rng.choice(story.figures)
        qualifier = FRENCH_QUALIFIERS[QUALIFIERS.index(qualifier)]
        return (f"Selon le {acronym}, {qualifier} {_french_number(rng, n)} {FRENCH_UNITS[unit]} "
                f"se trouvent à {rng.choice(story.places)}, {body}.")
    if kind < 0.32:
        return f"D'après le {acronym}, {body}."
    if kind < 0.38:
        day = story.date - timedelta(days=rng.randrange(0, 60))
        return f"Le {day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}, {body}."
    if kind < 0.43:
        amount = rng.choice(("100 millions de dollars", f"{_french_number(rng, 2_500_000)} d'euros",
                             f"{_french_number(rng, rng.choice((150_000, 10_000)))} francs CFA"))
        return f"{body.capitalize()} pour un montant de {amount}, a indiqué le {acronym}."
    if kind < 0.48:
        return f"{person}, {title}, a affirmé à la presse que {body}."
    return body.capitalize() + "."


def _french_headline(rng: random.Random, vocab: Vocabulary, story: Story) -> str:
    subject = rng.choice((story.places[0], story.organisations[0][1], story.people[0][1].split()[-1]))
    words = rng.sample(story.topic, 3) + vocab.sample(rng, rng.randint(2, 5))
    verb = rng.choice(("annonce", "dément", "confirme", "rejette", "met en garde contre", "entame", "exige"))
    return f"{subject} {verb} {' '.join(_elide(words))}"

def _paragraphs(rng: random.Random, vocab: Vocabulary, story: Story, words: int, french: bool = False) -> list[str]:
    sentence = _french_sentence if french else _sentence
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng, vocab, story) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        count += paragraph.count(" ") + 1
    return paragraphs


def _wrap(paragraph: str, width: int) -> list[str]:
    """Hard-wrap at ``width`` columns: the line breaks fall mid-sentence, as some scrapers leave them."""
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _headline(rng: random.Random, vocab: Vocabulary, story: Story) -> str:
    subject = rng.choice((story.places[0], story.organisations[0][1], story.people[0][1].split()[-1]))
    words = [w.capitalize() for w in rng.sample(story.topic, 3) + vocab.sample(rng, rng.randint(2, 5))]
    verb = rng.choice(("Says", "Denies", "Confirms", "Announces", "to End", "Begins", "Rejects", "Warns of"))
    return f"{subject} {verb} {' '.join(words)}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:90]


@dataclass
class Article:
    """One generated file: its name, bytes, and what the generator knows about it."""

    name: str
    data: bytes
    story: int
    kind: str  # txt | html | md
    duplicate_of: int | None = None
    rescrape_of: int | None = None
    people: list[str] = field(default_factory=list)
    language: str = "en"


class CorpusGenerator:
    """Makes article ``i`` of a corpus (``article(i)``) or writes ``n`` of them (``write``)."""

    def __init__(self, n: int, seed: int = SEED) -> None:
        self.n = n
        self.seed = seed
        self.vocab = Vocabulary(seed=seed)
        self.french_vocab = Vocabulary(seed=seed, function_words=FRENCH_FUNCTION_WORDS,
                                       topical=FRENCH_NEWS_WORDS + FRENCH_WORDS)
        self.stories = max(20, n // 40)  # ~40 reports per story on average
        self._story_cache: dict[int, Story] = {}

    def story(self, number: int) -> Story:
        cached = self._story_cache.get(number)
        if cached is None:
            if len(self._story_cache) > 4096:
                self._story_cache.clear()
            cached = self._story_cache[number] = _story(self.vocab, self.seed, number)
        return cached

    def _rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    def is_french(self, i: int) -> bool:
        """Whether article i (or the report it re-scrapes or duplicates) is written in French."""
        return random.Random(f"french:{self.seed}:{i}").random() < FRENCH_SHARE

    def _is_fresh(self, i: int) -> bool:
        return i <= 10 or self._rng(i).random() >= 0.03

    def _earlier_fresh(self, rng: random.Random, i: int) -> int:
        while True:
            earlier = rng.randrange(0, i)
            if self._is_fresh(earlier):
                return earlier

    def article(self, i: int) -> Article:
        rng = self._rng(i)
        roll = rng.random()
        if i > 10 and roll < 0.01:
            earlier = self._earlier_fresh(rng, i)
            original = self._fresh(earlier)
            return Article(f"{i:06d}_{original.name[7:]}", original.data, original.story, original.kind,
                           duplicate_of=earlier, people=original.people, language=original.language)
        if i > 10 and roll < 0.03:
            earlier = self._earlier_fresh(rng, i)
            return self._fresh(earlier, rescrape=(i, rng))
        return self._fresh(i)

    def _fresh(self, i: int, rescrape: tuple[int, random.Random] | None = None) -> Article:
        rng = self._rng(i)
        rng.random()  # the duplicate / re-scrape roll
        story_number = min(self.stories - 1, int(rng.paretovariate(1.2) - 1) % self.stories)
        story = self.story(story_number)
        french = self.is_french(i)
        vocab = self.french_vocab if french else self.vocab
        outlet, host = rng.choice(FRENCH_OUTLETS if french else OUTLETS)
        headline = (_french_headline if french else _headline)(rng, vocab, story)
        paragraphs = _paragraphs(rng, vocab, story, rng.randint(300, 1500), french)
        published = story.date + timedelta(hours=rng.randrange(0, 96), minutes=rng.randrange(0, 60))
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        kind_roll = rng.random()
        layout = rng.randrange(5)
        wrap = rng.random() < 0.33
        number = i
        if rescrape is not None:  # the same report fetched again later: an edited paragraph, new furniture
            number, edit_rng = rescrape
            at = edit_rng.randrange(len(paragraphs))
            paragraphs[at] = paragraphs[at] + " " + (_french_sentence if french else _sentence)(edit_rng, vocab, story)
            if len(paragraphs) > 3 and edit_rng.random() < 0.5:
                del paragraphs[edit_rng.randrange(1, len(paragraphs))]
            layout = edit_rng.randrange(5)
        url = f"https://{host}/{published:%Y%m%d}/{_slug(headline)}-{rng.randrange(10**9, 10**10)}.html"
        meta = {"url": url, "headline": headline, "outlet": outlet, "author": author, "published": published,
                "language": "fr" if french else "en",
                "keywords": story.keywords, "story": story, "paragraphs": paragraphs}
        if kind_roll < 0.12:
            kind, text = "html", _html_page(rng, meta)
        elif kind_roll < 0.20:
            kind, text = "md", _markdown(rng, meta)
        else:
            kind, text = "txt", _plain(rng, meta, layout, wrap)
        name = f"{number:06d}_{_slug(outlet)}_{_slug(headline)[:40]}.{kind}"
        return Article(name, text.encode("utf-8"), story_number, kind,
                       rescrape_of=i if rescrape is not None else None,
                       people=[p for _, p in story.people], language="fr" if french else "en")

    def articles(self) -> Iterator[Article]:
        for i in range(self.n):
            yield self.article(i)

    def write(self, folder: Path, per_folder: int = 1000) -> tuple[int, int]:
        """Write the corpus under ``folder`` (sub-folders of ``per_folder`` files); (files, bytes)."""
        folder = Path(folder)
        total = 0
        for i, article in enumerate(self.articles()):
            sub = folder / f"batch{i // per_folder:04d}"
            if i % per_folder == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / article.name).write_bytes(article.data)
            total += len(article.data)
        return self.n, total


# --- layouts -----------------------------------------------------------------------------------------


def _iso(moment: datetime, offset: str = "+0200") -> str:
    return f"{moment:%Y-%m-%dT%H:%M}{offset}"


def _body_lines(paragraphs: list[str], wrap: bool, rng: random.Random, blank: bool = True) -> list[str]:
    out: list[str] = []
    width = rng.choice((64, 72, 76, 80))
    for paragraph in paragraphs:
        out.extend(_wrap(paragraph, width) if wrap else [paragraph])
        if blank:
            out.append("")
    return out


def _footer_contacts(rng: random.Random, outlet: str, host: str) -> list[str]:
    domain = host.split(".", 1)[-1] if host.count(".") > 1 else host
    return [outlet, f"feedback@{domain}", f"+{rng.randrange(10**10, 10**11)}",
            rng.choice(("MIA „Rossiya Segodnya“", "All rights reserved", f"© {outlet}")), "2024"]


def _plain(rng: random.Random, meta: dict, layout: int, wrap: bool) -> str:
    story: Story = meta["story"]
    paragraphs: list[str] = meta["paragraphs"]
    published: datetime = meta["published"]
    headline, outlet = meta["headline"], meta["outlet"]
    host = meta["url"].split("/")[2]
    lines: list[str] = []
    if layout == 0:  # metadata header, body, related links and contacts (like a Sputnik scrape)
        lines += [meta["url"], headline]
        if rng.random() < 0.5:
            lines.append(headline)
        lines += [outlet, f"{story.places[0].upper()} ({outlet}) - {paragraphs[0][:150]}... "
                          f"{published:%d.%m.%Y}, {outlet}"]
        lines += [_iso(published), _iso(published)] + ([_iso(published + timedelta(minutes=20))]
                                                          if rng.random() < 0.6 else [])
        lines += story.keywords
        lines.append(f"https://cdn1.img.{host}/img/{rng.randrange(10**9, 10**10)}_0:160:3072:1888_1920x0_80_0_0.jpg")
        lines += _body_lines(paragraphs, wrap, rng, blank=False)
        lines.append(f"https://{host}/{published:%Y%m%d}/related-{rng.randrange(10**9, 10**10)}.html")
        lines += story.keywords[:4]
        lines += _footer_contacts(rng, outlet, host)
    elif layout == 1:  # a site-builder page
        lines += ["top of page", f"  • Writer's picture{meta['author']}", "", headline, "", ""]
        lines += _body_lines(paragraphs, wrap, rng)
        org = story.organisations[0][0]
        lines += ["", f"Source: {org}, {MONTHS[published.month - 1]} {published.day}, {published.year}", "",
                  "Top Stories", "", "bottom of page"]
    elif layout == 2:  # dateline story with related news
        first = f"{story.places[0].upper()},{story.places[1].upper()} — {paragraphs[0]}"
        lines += _body_lines([first] + paragraphs[1:], wrap, rng, blank=False)
        lines.append("Related News")
        for _ in range(3):
            when = published - timedelta(days=rng.randrange(1, 60))
            lines += [" ".join(w.capitalize() for w in rng.sample(story.topic, 6)),
                      f"{MONTHS[when.month - 1][:3]} {when.day:02d}, {when.year}"]
    elif layout == 3:  # wire story: headline, counter, caption, inline advertisements
        lines += [headline, "", str(rng.randrange(0, 40)), "", headline, ""]
        lines += [f"{paragraphs[0][:200]} Photo by {meta['author']}/EPA-EFE", ""]
        body = [p + (" Advertisement" if rng.random() < 0.2 else "") for p in paragraphs]
        lines += _body_lines(body, wrap, rng)
    else:  # bare body with share furniture
        lines += _body_lines(paragraphs, wrap, rng)
        lines += ["Share.", "Exit mobile version"]
        if rng.random() < 0.5:
            lines += ["", "Advertisement", "", "Contact us", f"newsroom@{host}", "Privacy policy"]
    return "\n".join(lines)


def _html_page(rng: random.Random, meta: dict) -> str:
    e = html.escape
    published: datetime = meta["published"]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": meta["headline"],
          "datePublished": published.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
          "author": {"@type": "Person", "name": meta["author"]},
          "publisher": {"@type": "Organization", "name": meta["outlet"]}, "keywords": meta["keywords"]}
    body = "\n".join(f"<p>{e(p)}</p>" for p in meta["paragraphs"])
    nav = "".join(f'<li><a href="/{w}">{e(w.capitalize())}</a></li>' for w in ("world", "africa", "politics",
                                                                                "business", "sport"))
    return f"""<!DOCTYPE html>
<html lang="{meta.get('language', 'en')}"><head><meta charset="utf-8">
<title>{e(meta['headline'])} | {e(meta['outlet'])}</title>
<meta property="og:title" content="{e(meta['headline'])}">
<meta property="og:site_name" content="{e(meta['outlet'])}">
<meta property="article:published_time" content="{published:%Y-%m-%dT%H:%M:%SZ}">
<meta name="author" content="{e(meta['author'])}">
<meta name="keywords" content="{e(', '.join(meta['keywords']))}">
<link rel="canonical" href="{e(meta['url'])}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style>body{{font-family:sans-serif}}</style>
</head><body>
<header><nav><ul>{nav}</ul></nav><div class="banner">Subscribe to our newsletter</div></header>
<main><article>
<h1>{e(meta['headline'])}</h1>
<div class="byline">By {e(meta['author'])} · {published:%d %B %Y}</div>
{body}
<div class="share">Share on Facebook Share on X Copy link</div>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">{e(' '.join(meta['keywords'][:3]))}</a></li></ul></aside>
</main>
<footer><p>© {published.year} {e(meta['outlet'])}. All rights reserved.</p><a href="/contact">Contact</a></footer>
</body></html>
"""


def _markdown(rng: random.Random, meta: dict) -> str:
    published: datetime = meta["published"]
    front = [
        "---",
        f"title: {json.dumps(meta['headline'], ensure_ascii=False)}",
        f"date: {published:%Y-%m-%dT%H:%M:%S}+00:00",
        f"author: {json.dumps(meta['author'], ensure_ascii=False)}",
        f"source: {json.dumps(meta['outlet'], ensure_ascii=False)}",
        f"url: {meta['url']}",
        "tags: [" + ", ".join(json.dumps(k, ensure_ascii=False) for k in meta["keywords"]) + "]",
        "---",
        "",
        f"# {meta['headline']}",
        "",
    ]
    body = []
    for n, paragraph in enumerate(meta["paragraphs"]):
        if n and n % 4 == 0:
            body += [f"## {' '.join(w.capitalize() for w in rng.sample(meta['story'].topic, 3))}", ""]
        body += [paragraph, ""]
    return "\n".join(front + body)


# --- annotations -------------------------------------------------------------------------------------

ANNOTATED_SHARE = 0.3


@dataclass
class PlannedAnnotation:
    start: int
    end: int
    color: str | None
    note: str
    tags: list[str]
    claim_verdict: str | None  # None: not a claim
    entity: str | None  # a person's name to link, or None


_WORD_SPAN = re.compile(r"\S+")


def annotation_plan(article_number: int, text: str, people: list[str], seed: int = SEED) -> list[PlannedAnnotation]:
    """How a user annotated this article: 70 % none, else 1–20 highlights over whole words."""
    rng = random.Random(seed * 31 + article_number)
    if rng.random() >= ANNOTATED_SHARE or len(text) < 200:
        return []
    words = [m.span() for m in _WORD_SPAN.finditer(text)]
    plan = []
    for _ in range(rng.randint(1, 20)):
        first = rng.randrange(0, max(1, len(words) - 30))
        last = min(len(words) - 1, first + rng.randint(0, 25))
        start, end = words[first][0], words[last][1]
        plan.append(PlannedAnnotation(
            start=start,
            end=end,
            color=rng.choice(COLOURS),
            note=rng.choice(NOTES) if rng.random() < 0.2 else "",
            tags=rng.sample(TAGS, rng.randint(1, 2)) if rng.random() < 0.2 else [],
            claim_verdict=rng.choice(VERDICTS) if rng.random() < 0.15 else None,
            entity=rng.choice(people) if people and rng.random() < 0.1 else None,
        ))
    return plan
