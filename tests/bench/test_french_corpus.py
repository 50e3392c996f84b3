"""The benchmark corpus carries French reports (issue 17): about one in seven, from French outlets, in
French words, numbers and attribution, detected as French by the importer, so that the benchmark's
French query mix measures French stemming and elision beside the English reports."""

from __future__ import annotations

from bench.corpus import FRENCH_OUTLETS, CorpusGenerator
from niger_archive.importers.language import detect_language


def test_about_one_report_in_seven_is_french_and_reads_as_french():
    corpus = CorpusGenerator(400)
    articles = [corpus.article(i) for i in range(400)]
    french = [a for a in articles if a.language == "fr"]
    assert 0.08 * 400 <= len(french) <= 0.22 * 400
    texts = [a.data.decode("utf-8") for a in french]
    hosts = {host for _, host in FRENCH_OUTLETS}
    assert all(any(h in t for h in hosts) for t in texts if "https://" in t)  # a French outlet's address
    detected = [detect_language(t) for t in texts]
    assert detected.count("fr") >= 0.8 * len(french)
    joined = "\n".join(texts)
    for french_form in ("a déclaré", "l'", "d'", "Selon le", "\u202f000"):
        assert french_form in joined
    english = [a.data.decode("utf-8") for a in articles if a.language == "en"]
    assert not any("a déclaré" in t for t in english)


def test_a_copy_or_rescrape_of_a_french_report_is_french():
    corpus = CorpusGenerator(2000)
    for i in range(2000):
        article = corpus.article(i)
        original = article.duplicate_of if article.duplicate_of is not None else article.rescrape_of
        if original is not None:
            assert article.language == ("fr" if corpus.is_french(original) else "en")
