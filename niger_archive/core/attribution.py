"""Owns reading who a passage says makes a claim ("according to officials", "a déclaré Kurt
Campbell", "selon le Pentagone"), in English and in French, to offer as the claim's attribution."""

from __future__ import annotations

import re

# Who: a run of words up to a clause break (punctuation, "that"/"que", a verb of saying or a quote).
_WHO = r"(?P<who>[^\W\d_][\w’'.-]*(?:[ \u00a0](?!(?:that|que|qu['’]|and|et|on|le\s+\d|in|en|to|à)\b)[\w’'.-]+){0,7}?)"
_BREAK_WORDS = ("that|que|qu['’]|on|in|en|to|à|lors|during|when|quand|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
                "dimanche|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
_END = rf"(?=\s*(?:[,.;:!?»”\"()]|\s(?:{_BREAK_WORDS})\b|$))"
_SAY_FR = (r"(?:a|ont|avait|avaient)\s+(?:déclaré|indiqué|affirmé|annoncé|précisé|expliqué|ajouté|souligné|"
           r"assuré|estimé|confirmé|dit|fait\s+savoir|rapporté|reconnu)")
_SAY_EN = r"(?:said|says|told|stated|announced|added|confirmed|noted|explained|acknowledged|reported)"
_PATTERNS = (
    # "selon le Pentagone", "d'après l'agence de presse officielle", "according to officials"
    re.compile(rf"\b(?:selon|d['’]après|according\s+to)\s+{_WHO}{_END}", re.I),
    # inverted after the words: "…, a déclaré Kurt Campbell", "…, said the official"
    re.compile(rf"[,»”\"]\s*{_SAY_FR}\s+{_WHO}{_END}", re.I),
    re.compile(rf"[,»”\"]\s*{_SAY_EN}\s+{_WHO}{_END}", re.I),
    # the speaker first: "Kurt Campbell a déclaré", "a senior US official said"
    re.compile(rf"(?:^|[.;:!?]\s+|,\s+|\b(?:et|and|but|mais)\s+){_WHO}\s+{_SAY_FR}\b", re.I),
    re.compile(rf"(?:^|[.;:!?]\s+|,\s+|\b(?:and|but)\s+){_WHO}\s+{_SAY_EN}\b", re.I),
)
_LEADING = re.compile(r"^(?:the|a|an|le|la|les|l['’]|un|une|des)\s*", re.I)
_NOT_SPEAKERS = frozenset("it this that il elle ils elles on we nous i je he she they".split())


def find_attribution(text: str) -> str | None:
    """Who the passage says speaks, as written ("Kurt Campbell", "Pentagone", "senior US official"),
    or None. The first cue in the text wins; leading articles are dropped."""
    best: tuple[int, str] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            who = _LEADING.sub("", m.group("who").strip(" ,’'"))
            if who.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", who):
                who = who[:-1]  # the sentence's full stop, not the dot of "U.S."
            if not who or who.lower() in _NOT_SPEAKERS:
                continue
            if best is None or m.start("who") < best[0]:
                best = (m.start("who"), who)
            break
    return best[1] if best else None
