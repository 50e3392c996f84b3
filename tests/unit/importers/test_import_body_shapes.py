"""Body text failure shapes: what the article is must survive the extraction and the clean-up."""

from __future__ import annotations

from niger_archive.importers import parse_file

FIRST = "".join(f"<p>Paragraph {i} of the first part: the army said on Sunday that the troops would leave the "
                f"base near Agadez by September, officials in Niamey confirmed to reporters.</p>" for i in range(6))
SECOND = "".join(f"<p>Paragraph {i} of the second part: residents said the convoys left at night and the "
                 f"airfield had been quiet since Monday, while talks continued.</p>" for i in range(5))


def test_an_article_split_by_an_ad_block_keeps_its_second_part():
    html = (f"<html><body><main><h1>Troops leave Agadez</h1><div class='article-body'>{FIRST}</div>"
            f"<aside class='ad'>ADVERTISEMENT</aside><div class='article-body-continued'>{SECOND}</div>"
            f"</main></body></html>")
    draft = parse_file(html.encode(), "split.html")
    assert "Paragraph 0 of the first part" in draft.text
    assert "Paragraph 4 of the second part" in draft.text
    assert "ADVERTISEMENT" not in draft.text


def test_a_page_read_well_by_precision_keeps_its_menus_out():
    html = (f"<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li>"
            f"<li><a href='/a'>Africa</a></li></ul></nav><article><h1>Troops leave Agadez</h1>{FIRST}{SECOND}"
            f"</article><footer><p>About us</p><p>Contact</p></footer></body></html>")
    draft = parse_file(html.encode(), "menus.html")
    assert "Paragraph 4 of the second part" in draft.text
    for junk in ("Home", "Africa", "About us", "Contact"):
        assert junk not in draft.text


def test_repeated_lines_of_a_list_are_the_article():
    plan = "".join(f"<li>Day {d}: rice and beans</li>" if d % 2 else "<li>Rice and beans</li>" for d in range(1, 5))
    html = (f"<html><body><article><h1>A week of school meals in Zinder</h1>{FIRST}"
            f"<p>The canteen's plan for the week reads:</p><ul>{plan}<li>Rice and beans</li></ul>{SECOND}"
            f"</article></body></html>")
    draft = parse_file(html.encode(), "meals.html")
    assert draft.text.count("Rice and beans") == 3


def test_an_address_in_the_text_is_kept():
    html = (f"<html><body><article><h1>Registering for the aid programme</h1>{FIRST}"
            f"<p>Families can register at https://aid.example.ne/register before the end of the month, the "
            f"ministry said, or at the town hall.</p>{SECOND}</article></body></html>")
    draft = parse_file(html.encode(), "aid.html")
    assert "https://aid.example.ne/register" in draft.text


def _shapes() -> list[tuple[str, str, list[str]]]:
    """Each failure shape as (file name, page, the article's own lines that must come out)."""
    paragraphs = [f"Paragraph {i} of the first part" for i in range(6)] + \
        [f"Paragraph {i} of the second part" for i in range(5)]
    plan = "".join(f"<li>Day {d}: rice and beans</li>" if d % 2 else "<li>Rice and beans</li>" for d in range(1, 5))
    return [
        ("split.html", f"<html><body><main><h1>Troops leave Agadez</h1><div class='article-body'>{FIRST}</div>"
                       f"<aside class='ad'>ADVERTISEMENT</aside><div class='article-body-continued'>{SECOND}</div>"
                       f"</main></body></html>", paragraphs),
        ("meals.html", f"<html><body><article><h1>A week of school meals in Zinder</h1>{FIRST}"
                       f"<p>The canteen's plan for the week reads:</p><ul>{plan}<li>Rice and beans</li></ul>{SECOND}"
                       f"</article></body></html>", [*paragraphs, "Day 1: rice and beans", "Day 3: rice and beans"]),
        ("aid.html", f"<html><body><article><h1>Registering for the aid programme</h1>{FIRST}"
                     f"<p>Families can register at https://aid.example.ne/register before the end of the month, "
                     f"the ministry said, or at the town hall.</p>{SECOND}</article></body></html>",
         [*paragraphs, "https://aid.example.ne/register"]),
    ]


def test_the_importer_keeps_more_of_each_article_than_trafilatura_alone():
    """The measurable aim: on every failure shape the importer finds at least the article lines
    trafilatura's own extraction finds, and more of them over all."""
    import trafilatura

    ours_total = theirs_total = 0
    for name, page, lines in _shapes():
        ours = parse_file(page.encode(), name).text
        theirs = trafilatura.extract(page) or ""
        ours_found = sum(line in ours for line in lines)
        theirs_found = sum(line in theirs for line in lines)
        assert ours_found >= theirs_found, name
        assert ours_found == len(lines), (name, [line for line in lines if line not in ours])
        ours_total += ours_found
        theirs_total += theirs_found
    assert ours_total > theirs_total
