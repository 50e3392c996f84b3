"""Every JSON and JSON-LD export can be pasted into a web page's script block without running anything,
and exports link only http(s) URLs.

A fact-check page publishes ClaimReview as ``<script type="application/ld+json">…</script>``; a claim
or a scraped title holding ``</script><script>…`` must stay a JSON string there. The page is parsed
with Python's HTML parser (its script handling follows the HTML rule: the element ends at
``</script``) and, as a second opinion, with lxml's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser

import lxml.html
import pytest
from bundle_tools import sample_content
from hypothesis import given
from hypothesis import strategies as st

from niger_archive.bundles import writing
from niger_archive.bundles.claimreview import claim_reviews
from niger_archive.bundles.report import render_report
from niger_archive.bundles.weblinks import web_link

BREAKOUT = "</script><script>document.title='X'</script>"
PAYLOADS = [BREAKOUT, "<!--<script>", "</SCRIPT >", "<img src=x onerror=alert(1)>", "a & b &amp; <b>c</b>",
            "]]></script>", "\u2028line\u2029separators"]


def hostile_content(url: str = "javascript:alert(document.cookie)"):
    """The sample bundle with markup payloads in every text field an export carries."""
    content = sample_content(title=BREAKOUT)
    for n, art in enumerate(content.articles):
        art.metadata.update(title=f"{PAYLOADS[n]} title", outlet=PAYLOADS[n + 1], author=PAYLOADS[n + 2],
                            url=url, keywords=list(PAYLOADS))
        art.corrections = {"outlet": PAYLOADS[n + 1]}
    for ann in content.annotations:
        ann.note, ann.tags, ann.author = BREAKOUT, list(PAYLOADS[:3]), PAYLOADS[3]
    for claim in content.claims:
        claim.statement, claim.attribution_text, claim.explanation = BREAKOUT, PAYLOADS[1], PAYLOADS[4]
    content.claims[0].attribution_entity_id = None  # the attribution text goes out as a description
    content.entities[0].name, content.entities[0].aliases = BREAKOUT, list(PAYLOADS)
    content.entities[0].description = PAYLOADS[5]
    content.clusters[0].label, content.clusters[0].note = BREAKOUT, PAYLOADS[3]
    content.palette[0].description = BREAKOUT
    return content


class _Page(HTMLParser):
    """Collects every element and attribute of a page, and the text of its script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def embed(export: str) -> str:
    return ("<!DOCTYPE html><html><head><title>Fact check</title>"
            f'<script type="application/ld+json">{export}</script></head>'
            "<body><p>Our verdict.</p></body></html>")


def assert_embeds_safely(export: bytes, expected) -> None:
    text = export.decode("utf-8")
    assert not set("<>&") & set(text), "raw <, > or & would let the text leave the script block"
    page = _Page()
    page.feed(embed(text))
    page.close()
    assert page.tags == ["html", "head", "title", "script", "body", "p"]
    assert page.attributes == [("type", "application/ld+json")]
    assert len(page.scripts) == 1 and json.loads(page.scripts[0]) == expected

    tree = lxml.html.document_fromstring(embed(text))
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("type") == "application/ld+json"
    assert json.loads(scripts[0].text) == expected
    assert [e.tag for e in tree.iter()] == ["html", "head", "title", "script", "body", "p"]


def test_a_claim_with_a_script_end_tag_stays_inside_the_fact_check_pages_script_block(tmp_path):
    content = sample_content()
    content.claims[0].statement = BREAKOUT
    out = tmp_path / "reviews.jsonld"
    writing.write_single("claimreview", content, out)
    data = json.loads(out.read_bytes())
    assert data["@graph"][0]["claimReviewed"] == BREAKOUT  # the text is kept, character for character
    assert b"</script>" not in out.read_bytes()
    assert_embeds_safely(out.read_bytes(), data)


@pytest.mark.parametrize("fmt", ["w3c", "claimreview"])
def test_each_jsonld_export_embeds_in_a_web_page_and_runs_nothing(tmp_path, fmt):
    content = hostile_content()
    out = tmp_path / f"export{writing.FORMAT_SUFFIXES[fmt]}"
    writing.write_single(fmt, content, out)
    expected = writing.annotations_jsonld(content) if fmt == "w3c" else claim_reviews(content)
    assert json.loads(out.read_bytes()) == expected  # escaping changes the bytes, never the data
    assert_embeds_safely(out.read_bytes(), expected)
    serialized = json.dumps(expected, ensure_ascii=False)
    assert BREAKOUT in serialized  # the payloads really are in the export


def test_every_json_file_of_a_bundle_embeds_in_a_web_page_and_runs_nothing():
    files = writing.payload_files(hostile_content(), "<!DOCTYPE html><p>report</p>", "test")
    json_files = {name: data for name, data in files.items() if name.endswith((".json", ".jsonld"))}
    assert len(json_files) >= 6  # manifest, annotations, entities, claims, claimreview, one metadata per article
    for data in json_files.values():
        assert_embeds_safely(data, json.loads(data))
    assert BREAKOUT in json.dumps(json.loads(json_files["entities.json"]), ensure_ascii=False)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium is not installed")
def test_chromium_runs_no_script_from_an_embedded_export(tmp_path):
    content = hostile_content()
    content.claims[0].statement = "</script><script>document.title='X'</script>"
    page = tmp_path / "page.html"
    page.write_text(embed(writing._dump(claim_reviews(content)).decode("utf-8")), encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=60).stdout
    assert "<title>Fact check</title>" in dom and dom.count("<script") == 1


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_any_exported_value_round_trips_and_never_holds_raw_markup_characters(value):
    text = writing.script_safe_json(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:x",
                                 "//evil.example/x", "https://", "http:/x", "https://exa mple.org/",
                                 "https://example.org/\nx", "not a url"])
def test_a_javascript_or_data_url_is_not_exported_as_a_link(url):
    assert web_link(url) is None
    content = hostile_content(url)
    for review in claim_reviews(content)["@graph"]:
        appearance = review["itemReviewed"]["appearance"]
        assert "url" not in appearance
        assert appearance["headline"].endswith(" title")  # the rest of the appearance is kept
    report = render_report(content, [], title="r", generated="now")
    assert 'href="javascript' not in report.lower() and 'href="data' not in report.lower()


@pytest.mark.parametrize("url", ["https://example.org/story?id=1&x=<b>", "http://example.org", "HTTPS://EXAMPLE.ORG/a"])
def test_a_web_url_is_exported_as_the_appearance_link(url, tmp_path):
    content = hostile_content(url)
    assert all(r["itemReviewed"]["appearance"]["url"] == url for r in claim_reviews(content)["@graph"])
    out = tmp_path / "reviews.jsonld"
    writing.write_single("claimreview", content, out)
    assert_embeds_safely(out.read_bytes(), claim_reviews(content))
