"""HTML pages: main text only, metadata from OpenGraph, article:* tags and JSON-LD, nothing executed."""

from __future__ import annotations

import pytest
from importer_checks import FIXTURES, assert_offsets_consistent, parse_path

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import parse_file


@pytest.fixture(scope="module")
def page():
    return parse_path(FIXTURES / "opengraph_jsonld.html")


def test_metadata(page):
    assert page.source_format == "html"
    assert page.title == "Sahel drone base handed over to Niger's army"
    assert page.outlet == "The Sahel Observer"
    assert page.url == "https://www.sahelobserver.example/2024/08/05/drone-base-handed-over"
    assert page.author == "Amina Moussa"
    assert page.published == "2024-08-05T07:30:00+01:00"
    assert page.updated == "2024-08-05T11:02:00+01:00"
    assert page.keywords == ["Agadez", "drone base", "US withdrawal"]
    assert page.language == "en"
    assert page.dateline == "AGADEZ"


def test_only_the_article_text(page):
    assert "handed over its drone base near Agadez" in page.text
    assert "officers from both countries & by representatives" in page.text  # entity decoded
    for junk in ("cookies", "tracking", "trackingQueue", "font-family", "Subscribe", "Politics",
                 "Share this article", "WhatsApp", "newsletter", "All rights reserved", "By Amina Moussa"):
        assert junk not in page.text
    assert page.text.count("Sahel drone base handed over to Niger's army") == 1


def test_offsets_point_into_the_html(page):
    assert_offsets_consistent(page)
    start = page.text.index("The base, built for about $110 million")
    raw_start = page.offsets.to_raw(start)
    assert page.raw_text[raw_start:].startswith("The base, built for about $110 million")


def test_title_from_title_tag_without_site_suffix():
    html = (
        "<html><head><title>Junta expels envoy | Sahel Daily</title>"
        "<meta property='og:site_name' content='Sahel Daily'></head><body><article>"
        "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday.</p>"
        "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
        "</article></body></html>"
    )
    draft = parse_file(html.encode(), "page.htm")
    assert draft.title == "Junta expels envoy"
    assert draft.outlet == "Sahel Daily"


def test_json_ld_graph_and_string_author():
    html = (
        "<html><head><script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebSite\", \"name\": \"x\"},"
        "{\"@type\": \"NewsArticle\", \"headline\": \"Graph headline\", \"author\": \"Ali Idrissa\","
        "\"datePublished\": \"2024-06-01\", \"publisher\": \"Niger Daily\", \"keywords\": \"niger, sahel\"}]}"
        "</script><script type='application/ld+json'>{not json</script></head><body><article>"
        "<p>The army said on Saturday that the last US troops would leave Agadez before the end of August.</p>"
        "<p>The handover ceremony was attended by officers of both countries and by local officials.</p>"
        "</article></body></html>"
    )
    draft = parse_file(html.encode(), "page.html")
    assert draft.title == "Graph headline"
    assert draft.author == "Ali Idrissa"
    assert draft.published == "2024-06-01"
    assert draft.outlet == "Niger Daily"
    assert draft.keywords == ["niger", "sahel"]


@pytest.mark.parametrize("html", [b"<html></html>", b"<html><body><script>alert(1)</script></body></html>",
                                  b"<<<>>>", b"<p></p>"])
def test_pages_without_text_are_refused(html):
    with pytest.raises(ImportRejected):
        parse_file(html, "empty.html")


def test_xhtml_with_xml_declaration_keeps_its_metadata():
    html = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="fr"><head>'
        '<meta property="og:title" content="Titre XHTML"/></head><body><article>'
        "<p>Le ministère nigérien de la Défense a annoncé lundi le départ des derniers soldats américains.</p>"
        "<p>La cérémonie s’est déroulée en présence d’officiers des deux pays et de responsables locaux.</p>"
        "</article></body></html>"
    )
    draft = parse_file(html.encode(), "page.xhtml.html")
    assert draft.title == "Titre XHTML"
    assert draft.language == "fr"


def _deep_page(depth: int) -> bytes:
    para = "<p>The minister said the budget for the coming year would rise by ten percent in Niamey, {}.</p>"
    body = "".join(para.format(word) for word in ("first", "second", "third", "fourth"))
    return ("<html><head><title>Deep page</title></head><body>" + "<div>" * depth
            + f"<article><h1>Deep page</h1>{body}</article>" + "</div>" * depth + "</body></html>").encode()


@pytest.mark.parametrize("depth", [300, 3000, 20000])
def test_a_page_nested_deeper_than_the_parser_limit_keeps_its_article_text(depth):
    draft = parse_file(_deep_page(depth), "deep.html")
    for word in ("first", "second", "third", "fourth"):
        assert f"ten percent in Niamey, {word}." in draft.text
    assert draft.title == "Deep page"
    assert any("nested" in note for note in draft.notes)  # and says what it did
    assert_offsets_consistent(draft)


def test_og_title_loses_the_site_name_it_carries():
    html = ("<html><head><title>Studenten in Halle – Du bist Halle</title>"
            "<meta property='og:title' content='Studenten in Halle – Du bist Halle'>"
            "<link rel='canonical' href='https://dubisthalle.de/studenten-in-halle'></head><body><article>"
            "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday.</p>"
            "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
            "</article></body></html>")
    assert parse_file(html.encode(), "page.html").title == "Studenten in Halle"


def test_title_suffix_dropped_when_the_rest_is_the_heading():
    html = ("<html><head><title>Junta expels envoy · World news</title></head><body><article><h1>Junta expels envoy</h1>"
            "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday.</p>"
            "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
            "</article></body></html>")
    assert parse_file(html.encode(), "page.html").title == "Junta expels envoy"


def test_title_with_a_dash_of_its_own_is_kept():
    html = ("<html><head><title>Niger - one year on</title></head><body><article>"
            "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday.</p>"
            "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
            "</article></body></html>")
    assert parse_file(html.encode(), "page.html").title == "Niger - one year on"


def test_double_escaped_entity_in_a_title_reads_as_the_character():
    html = ("<html><head><meta property='og:title' content='Niamey &amp;#8211; Agadez road reopens'></head><body>"
            "<article><p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said.</p>"
            "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
            "</article></body></html>")
    assert parse_file(html.encode(), "page.html").title == "Niamey – Agadez road reopens"


def test_wire_byline_names_in_links_and_agency_timestamp():
    html = ("<html><body><article><h1>Troops leave</h1><div>By <a href='/a'>AMINA MOUSSA</a> and "
            "<a href='/b'>Moussa DIALLO</a></div><p>Published 4:05 PM GMT+1, August 5, 2024</p>"
            "<p>NIAMEY, Niger (AP) — The last US troops left the drone base near Agadez on Monday, the army said.</p>"
            "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
            "</article></body></html>")
    draft = parse_file(html.encode(), "page.html")
    assert draft.author == "Amina Moussa, Moussa Diallo"
    assert draft.published == "2024-08-05T16:05:00+01:00"
    assert "Published 4:05" not in draft.text
