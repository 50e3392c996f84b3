"""Owns naming what a figure counts: the unit lexicon (troops and their synonyms in English and French,
currencies, people, time, length, percent), singular head nouns, and whose forces a unit phrase names.

:mod:`niger_archive.core.quantities` reads the numbers and qualifiers and asks this module what they count.
"""

from __future__ import annotations

import re


_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₦": "NGN",
                     "usd": "USD", "eur": "EUR", "gbp": "GBP", "c$": "CAD", "a$": "AUD",
                     "fcfa": "XOF", "f cfa": "XOF", "xof": "XOF"}


_IRREGULAR_PLURALS = {"people": "people", "men": "man", "women": "woman", "children": "child",
                      "personnel": "personnel", "police": "police", "staff": "staff",
                      "feet": "foot", "teeth": "tooth", "mice": "mouse", "data": "data",
                      "media": "media", "criteria": "criterion"}


# The unit lexicon: every wording here counts "troops". Two-word forms are matched as pairs.
_TROOP_WORDS = frozenset("""
    troop troops soldier soldiers personnel servicemen servicewomen servicemembers
    servicemember marine marines trooper troopers serviceman servicewoman forces
    airmen airman sailors paratroopers commandos
    soldat soldats militaire militaires personnels troupe troupes
    """.split())


_TROOP_PAIRS = frozenset({("service", "members"), ("service", "member"), ("military", "personnel"),
                          ("boots", "ground"), ("membres", "forces"), ("éléments", "forces")})


# A unit named as a body of troops: "a 1,000-strong force", "1,000 U.S. military".
_TROOP_BODIES = frozenset("force contingent garrison deployment battalion brigade mission military "
                          "effectif effectifs bataillon brigade".split())


# Whose forces a figure counts, when the phrase says so ("U.S. forces", "French soldiers").
_OWNERS = {"us": "US", "u.s": "US", "u.s.": "US", "american": "US", "americans": "US", "usa": "US",
           "french": "France", "france": "France", "german": "Germany", "italian": "Italy",
           "russian": "Russia", "nigerien": "Niger", "niger": "Niger", "chinese": "China",
           "british": "UK", "uk": "UK", "nigerian": "Nigeria", "malian": "Mali", "chadian": "Chad",
           "burkinabe": "Burkina Faso", "un": "UN", "u.n": "UN", "u.n.": "UN", "wagner": "Wagner",
           "ecowas": "ECOWAS"}
# French forms, which follow the noun: "1 000 soldats américains", "militaires français".
for _stem, _owner in (("américain", "US"), ("americain", "US"), ("français", "France"),
                      ("francais", "France"), ("russe", "Russia"), ("allemand", "Germany"),
                      ("italien", "Italy"), ("nigérien", "Niger"), ("nigerien", "Niger"),
                      ("chinois", "China"), ("britannique", "UK"), ("nigérian", "Nigeria"),
                      ("malien", "Mali"), ("tchadien", "Chad"), ("burkinabè", "Burkina Faso"),
                      ("onusien", "UN"), ("cédéao", "ECOWAS")):
    for _form in (_stem, _stem + "s", _stem + "e", _stem + "es", _stem + "ne", _stem + "nes"):
        _OWNERS.setdefault(_form, _owner)
_OWNERS.update({"états-unis": "US", "etats-unis": "US", "onu": "UN"})


_PEOPLE_WORDS = frozenset("people persons person individuals individual personne personnes".split())


# French head nouns counted as their English families ("hommes" = men, "ans" = years).
_FRENCH_NOUNS = {"homme": "man", "hommes": "man", "femme": "woman", "femmes": "woman",
                 "enfant": "child", "enfants": "child", "an": "year", "ans": "year", "année": "year",
                 "années": "year", "mois": "month", "semaine": "week", "semaines": "week",
                 "jour": "day", "jours": "day", "heure": "hour", "heures": "hour", "drone": "drone",
                 "drones": "drone", "base": "base", "bases": "base", "avion": "aircraft",
                 "avions": "aircraft", "aircraft": "aircraft", "kilomètre": "km", "kilomètres": "km",
                 "mètre": "m", "mètres": "m", "tonne": "tonne", "tonnes": "tonne", "kilos": "kg",
                 "pourcent": "%", "pour cent": "%", "mort": "death", "morts": "death",
                 "victime": "victim", "victimes": "victim", "réfugiés": "refugee",
                 "réfugié": "refugee", "déplacés": "displaced person", "véhicules": "vehicle",
                 "véhicule": "vehicle", "hélicoptères": "helicopter", "hélicoptère": "helicopter"}


# Words after a French noun that still belong to what is counted ("francs CFA", "soldats américains").
_FRENCH_POSTMODIFIERS = frozenset({"cfa"}) | frozenset(_OWNERS)


_TIME_UNITS = {"year": "year", "yr": "year", "month": "month", "week": "week", "day": "day",
               "hour": "hour", "hr": "hour", "minute": "minute", "min": "minute",
               "decade": "decade", "century": "century"}


_LENGTH_UNITS = {"km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile",
                 "metre": "m", "meter": "m", "kg": "kg", "kilogram": "kg", "tonne": "tonne",
                 "ton": "tonne"}


_CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP",
                   "naira": "NGN", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
                   "rouble": "RUB", "ruble": "RUB", "franc": "franc"}


_CURRENCY_COUNTRY = {"canadian": "CAD", "australian": "AUD", "hong kong": "HKD",
                     "cfa": "XOF", "swiss": "CHF"}


_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "percentage point", "percentage points"}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and re.search(r"(ss|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not re.search(r"(ss|us|is)$", word):
        return word[:-1]
    return word


def normalise_unit(unit: str | None) -> str | None:
    """The unit family a noun phrase counts: "U.S. military personnel", "US troops",
    "soldiers" -> "troops"; "dollars"/"$" -> "USD"; "percent" -> "%"; "years" -> "year";
    anything else -> its head noun in the singular ("drone facilities" -> "drone facility"
    loses its modifiers: -> "facility")."""
    if unit is None:
        return None
    phrase = re.sub(r"\s+", " ", unit).strip()
    if not phrase:
        return None
    low = phrase.lower()
    if low in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[low]
    if phrase.isupper() and len(phrase) == 3 and phrase.isalpha() and phrase not in ("USA",):
        return phrase  # an ISO currency code given as such
    if low in _PERCENT_WORDS:
        return "%"
    raw_tokens = re.findall(r"[^\W\d_][\w'’.-]*", phrase)
    if not raw_tokens:
        return low
    tokens = [t.lower().rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", t) else t.lower()
              for t in raw_tokens]
    while len(tokens) > 1 and tokens[-1] in _FRENCH_POSTMODIFIERS:
        tokens.pop()  # "soldats américains", "francs CFA": the French head noun comes first
    words = set(tokens)
    if words & _TROOP_WORDS or any(pair in _TROOP_PAIRS for pair in zip(tokens, tokens[1:])):
        return "troops"
    if tokens[-1] in _TROOP_BODIES and (len(tokens) > 1 or tokens[-1] != "mission"):
        return "troops"
    head = tokens[-1]
    if head in _FRENCH_NOUNS:
        return _FRENCH_NOUNS[head]
    head_singular = _singular(head)
    if head_singular in _CURRENCY_WORDS:
        for country, code in _CURRENCY_COUNTRY.items():
            if country in low:
                return code
        return _CURRENCY_WORDS[head_singular]
    if words & _PEOPLE_WORDS:
        return "people"
    if head_singular in _TIME_UNITS:
        return _TIME_UNITS[head_singular]
    if head_singular in _LENGTH_UNITS:
        return _LENGTH_UNITS[head_singular]
    if low in _PERCENT_WORDS or head in ("percent", "%"):
        return "%"
    return head_singular


def unit_owner(unit: str | None) -> str | None:
    """Whose forces a unit phrase names: "U.S. military personnel" -> "US", "troops" -> None."""
    if not unit:
        return None
    for token in re.findall(r"[^\W\d_][\w'’.-]*", unit):
        owner = _OWNERS.get(token.lower()) or _OWNERS.get(token.lower().rstrip("."))
        if owner:
            return owner
    return None
