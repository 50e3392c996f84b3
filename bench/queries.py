"""Owns the fixed search query mix and its hand-written SQLite FTS5 equivalents.

Every query is written twice: in the archive's query language (what a user types) and as the
closest FTS5 MATCH expression plus an optional date filter on the baseline's ``meta`` table.
Plain words search the same columns in both (title, body, keyword, note, claim, entity).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COLUMNS = "{title body keyword note claim entity}"


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # term | phrase | field | boolean | prefix | date | french
    ours: str
    fts: str | None  # FTS5 MATCH expression; None when the query is only a date filter
    dates: tuple[str, str] | None = None  # published >= first AND published < second (ISO, wall clock)


def _words(expr: str) -> str:
    return f"{DEFAULT_COLUMNS} : ({expr})"


QUERY_MIX: tuple[BenchQuery, ...] = (
    # single words: common, mid-frequency, rare, stemmed, accented, names
    BenchQuery("term", "troops", _words("troops")),
    BenchQuery("term", "withdrawals", _words("withdrawals")),
    BenchQuery("term", "uranium", _words("uranium")),
    BenchQuery("term", "hostage", _words("hostage")),
    BenchQuery("term", "sécurité", _words("sécurité")),
    BenchQuery("term", "Campbell", _words("campbell")),
    BenchQuery("term", "niamey referendum", _words("niamey AND referendum")),
    # phrases
    BenchQuery("phrase", '"military personnel"', _words('"military personnel"')),
    BenchQuery("phrase", '"deputy secretary of state"', _words('"deputy secretary of state"')),
    BenchQuery("phrase", '"united states africa command"', _words('"united states africa command"')),
    BenchQuery("phrase", '"more than 1,000"', _words('"more than 1 000"')),
    BenchQuery("phrase", '"told reporters that"', _words('"told reporters that"')),
    # fields
    BenchQuery("field", "outlet:reuters", "outlet : reuters"),
    BenchQuery("field", 'outlet:"al jazeera"', 'outlet : "al jazeera"'),
    BenchQuery("field", "author:diallo", "author : diallo"),
    BenchQuery("field", "title:niamey", "title : niamey"),
    BenchQuery("field", "keyword:ecowas", "keyword : ecowas"),
    BenchQuery("field", "tag:casualties", "tag : casualties"),
    BenchQuery("field", "verdict:false", "verdict : false"),
    BenchQuery("field", "entity:campbell", "entity : campbell"),
    BenchQuery("field", "note:source", "note : source"),
    BenchQuery("field", "lang:en troops", "lang : en AND " + _words("troops")),
    # booleans
    BenchQuery("boolean", "troops AND niger", _words("troops AND niger")),
    BenchQuery("boolean", "troops NOT russia", _words("troops NOT russia")),
    BenchQuery("boolean", "(uranium OR gold) AND mining", _words("(uranium OR gold) AND mining")),
    BenchQuery("boolean", "+ecowas -sanctions", _words("ecowas NOT sanctions")),
    # "US" as the acronym: since index schema 3 the lower-case pronoun "us" is another word (FTS5 folds case)
    BenchQuery("boolean", '"military personnel" OR "US troops"', _words('"military personnel" OR "us troops"')),
    # prefixes
    BenchQuery("prefix", "withdr*", _words("withdr*")),
    BenchQuery("prefix", "counterterror*", _words("counterterror*")),
    BenchQuery("prefix", "nigeri*", _words("nigeri*")),
    BenchQuery("prefix", "sanct* niger", _words("sanct* AND niger")),
    # dates, alone and with words
    BenchQuery("date", "published:2024-05", None, ("2024-05-01", "2024-06-01")),
    BenchQuery("date", "published:[2024-01-01 TO 2024-03-31]", None, ("2024-01-01", "2024-04-01")),
    BenchQuery("date", "troops published:>2024-06-01", _words("troops"), ("2024-06-01", "9999")),
    BenchQuery("date", "niamey published:2023", _words("niamey"), ("2023-01-01", "2024-01-01")),
    # French: stems, elision, accents, phrases and fields over the corpus's French reports (FTS5's
    # porter/unicode61 tokenizer splits "l'armée" at the apostrophe and folds the accents; it has no
    # French stemmer, so the plural is spelt out where ours stems)
    BenchQuery("french", "soldat", _words("soldat OR soldats")),
    BenchQuery("french", "militaires américains", _words("militaires AND américains")),
    BenchQuery("french", "l'armée", _words("armée")),
    BenchQuery("french", "d'Agadez", _words("agadez")),
    BenchQuery("french", "frontières sécurité", _words("(frontière OR frontières) AND sécurité")),
    BenchQuery("french", '"a déclaré"', _words('"a déclaré"')),
    BenchQuery("french", "nigérien*", _words("nigérien*")),
    BenchQuery("french", "lang:fr retrait", "lang : fr AND " + _words("retrait")),
    BenchQuery("french", "outlet:rfi négociations", "outlet : rfi AND " + _words("négociations OR négociation")),
)

KINDS = ("term", "phrase", "field", "boolean", "prefix", "date", "french")
