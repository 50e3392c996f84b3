"""Big and hostile inputs stay fast (no quadratic regexes or joins)."""

from __future__ import annotations

import random
import time

import pytest

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import parse_file
from niger_archive.importers.rules import RULES, Action

BUDGET_SECONDS = 5.0  # measured ~0.3 s (1 MB) and ~0.9 s (10 MB single line) on a 2-core machine


def timed(data: bytes, name: str):
    start = time.perf_counter()
    draft = parse_file(data, name)
    return draft, time.perf_counter() - start


def words(seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = ("the army said on Sunday that troops would leave Niger by September while talks "
                  "continue in Niamey and Washington over aid trade and security").split()
    return [rng.choice(vocabulary) for _ in range(2_000_000)]


def article(size: int) -> str:
    rng = random.Random(7)
    vocabulary = ("the army said on Sunday that troops would leave Niger by September while talks "
                  "continue in Niamey and Washington over aid trade and security").split()
    paragraphs, total = [], 0
    while total < size:
        sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 30))).capitalize() + "."
                     for _ in range(rng.randint(2, 6))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "Headline of a very long article\n\n" + "\n\n".join(paragraphs)


@pytest.fixture(autouse=True, scope="module")
def warm_up():
    parse_file(b"NIAMEY - The army said on Sunday that troops would leave by September.", "w.txt")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_ten_megabyte_single_line(suffix):
    data = " ".join(words(1)).encode()[:10_000_000]
    draft, seconds = timed(data, "big" + suffix)
    assert len(draft.text) > 9_000_000
    assert seconds < BUDGET_SECONDS


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_one_megabyte_article(suffix):
    text = article(1_000_000)
    draft, seconds = timed(text.encode(), "article" + suffix)
    assert len(draft.text) > 990_000
    assert seconds < BUDGET_SECONDS


@pytest.mark.slow
def test_one_megabyte_html_article():
    text = article(1_000_000)
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</article></body></html>"
    draft, seconds = timed(html.encode(), "article.html")
    assert len(draft.text) > 990_000
    assert seconds < BUDGET_SECONDS


@pytest.mark.slow
def test_many_short_lines_stay_within_budget():
    rng = random.Random(3)
    text = "\n".join(f"{rng.choice(['army', 'talks', 'Niger'])} {i}" for i in range(49_000))
    _, seconds = timed(text.encode(), "lines.txt")
    assert seconds < BUDGET_SECONDS


def test_too_many_lines_is_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(ImportRejected, match="lines"):
        parse_file(b"a\n" * 60_000, "lines.txt")
    assert time.perf_counter() - start < 1.0


ADVERSARIAL = [
    "a" * 2000, "a." * 1000, " " * 1999 + "a", "http://" + "a.jpg" * 400, "©" + " a" * 999,
    "By " + "Aa " * 660, "share " * 330, "1" * 2000, "1:11 " * 400, "(" * 2000, "Photo by " + "a/" * 990,
    "a | " * 500, "Published " + "1 " * 990, "we use cookies " * 130, "sign up newsletter " * 100,
    "a@b." * 500, "+1 " * 660, "Home > " * 280, "20.05.2024 " * 180, "Aaa Bbb, " * 220,
]


@pytest.mark.parametrize("rule", [r for r in RULES if r.pattern is not None], ids=lambda r: r.name)
def test_rule_patterns_do_not_backtrack_on_hostile_lines(rule):
    start = time.perf_counter()
    for text in ADVERSARIAL:
        text = text[: rule.max_chars]
        if rule.action is Action.TRIM_END:
            rule.pattern.search(text, max(0, len(text) - 300))
        elif rule.action is Action.TRIM_START:
            rule.pattern.match(text, 0, 300)
        else:
            match = rule.pattern.fullmatch(text)
            if match and rule.accept:
                rule.accept(match)
    assert time.perf_counter() - start < 0.5


def test_many_section_headings_stay_linear():
    start = time.perf_counter()
    with pytest.raises(ImportRejected):
        parse_file(b"Comments\n" * 49_000, "comments.txt")
    assert time.perf_counter() - start < BUDGET_SECONDS


@pytest.mark.slow
def test_summary_check_is_bounded_on_hostile_repeats():
    top = "\n".join(" ".join(f"Sentence number {i} {j} is here." for j in range(40)) for i in range(80))
    tail = " ".join(f"Sentence number {i} {j} is here." for i in range(80) for j in range(40))
    data = (top + "\n" + "filler words here and there. " * 300_000 + tail).encode()
    _, seconds = timed(data, "hostile.txt")
    assert seconds < BUDGET_SECONDS
