"""The standard formats: W3C Web Annotation JSON-LD (validated against the W3C schemas), ClaimReview,
CSV safe for spreadsheets, and the self-contained HTML report with everything escaped."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
from pathlib import Path

import pytest
from bundle_tools import ANN_A, CLAIM_A, CLAIM_B, sample_content

from niger_archive.bundles import writing
from niger_archive.bundles.claimreview import claim_reviews
from niger_archive.bundles.csvtable import cell, claims_csv
from niger_archive.bundles.report import CSP, render_report, segments

W3C_DIR = Path(os.environ.get("W3C_ANNO_DIR", "/work/shared/w3c-anno"))
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def w3c():
    if not (W3C_DIR / "validate.py").exists():
        pytest.skip(f"W3C Web Annotation schemas not found in {W3C_DIR} (set W3C_ANNO_DIR)")
    pytest.importorskip("rfc3987", reason="rfc3987 enforces the schemas' uri format")
    pytest.importorskip("rfc3339_validator", reason="rfc3339-validator enforces the date-time format")
    spec = importlib.util.spec_from_file_location("w3c_validate", W3C_DIR / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    registry = module.build_registry(W3C_DIR)

    def failures(doc, test_file="annotations/annotationMusts.test"):
        return [(f, msg) for kind, ok, f, msg in module.run(W3C_DIR, doc, test_file, registry)
                if not ok and kind == "must"]

    return failures


def test_format_checks_are_really_enforced(w3c):
    doc = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "not a uri", "type": "Annotation",
           "target": "http://example.org/page1"}
    assert w3c(doc), "the uri format is not checked: install rfc3987"


def test_every_annotation_validates_against_the_w3c_schemas(w3c):
    doc = writing.annotations_jsonld(sample_content())
    items = doc["first"]["items"]
    assert len(items) == 2
    for item in items:
        assert w3c(item) == []
        assert w3c(item, "annotations/annotationOptionals.test") == []
    assert w3c(doc, "collections/collectionMusts.test") == []
    assert w3c({**doc["first"], "@context": doc["@context"]}, "collections/pages/pageMusts.test") == []


def test_annotations_carry_the_standard_selectors_and_bodies():
    item = writing.annotations_jsonld(sample_content())["first"]["items"][0]
    assert item["id"] == f"urn:uuid:{ANN_A}"
    target = item["target"]
    assert target["source"].startswith("urn:sha256:")
    types = [s["type"] for s in target["selector"]]
    assert types == ["TextQuoteSelector", "TextPositionSelector"]
    assert target["styleClass"] == "na-number"
    assert item["stylesheet"] == {"type": "CssStylesheet", "value": ".na-number { background-color: #ffb74d; }"}
    purposes = {b["purpose"]: b for b in item["body"]}
    assert purposes["tagging"]["value"] == "troops"
    assert purposes["commenting"]["value"] == "check the figure"
    assert purposes["identifying"]["source"].startswith("urn:uuid:")
    assert purposes["assessing"]["value"] == "disputed"
    assert item["creator"] == {"type": "Person", "name": "tester"}


def test_claimreview_covers_claims_with_a_verdict():
    content = sample_content()
    content.claims[1].verdict = "unverified"
    graph = claim_reviews(content)["@graph"]
    assert [r["@id"] for r in graph] == [f"urn:uuid:{CLAIM_A}"]
    review = graph[0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "fewer than 900 soldiers"
    assert review["reviewRating"]["alternateName"] == "disputed"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry of Defence"}
    assert review["itemReviewed"]["appearance"]["headline"] == "Fewer than 900 soldiers"
    assert review["itemReviewed"]["appearance"]["publisher"]["name"] == "Daily One"


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (None, ""), ("a=b", "a=b"),
])
def test_csv_cells_cannot_start_a_formula(value, shown):
    assert cell(value) == shown


def test_claims_csv_is_rfc4180():
    content = sample_content()
    content.claims[0].statement = '=cmd|"/c calc"!A1'
    content.claims[1].explanation = 'line one\nline "two", with comma'
    text = claims_csv(content)
    assert text.count("\r\n") >= 3 and "\n" not in text.replace("\r\n", "").replace("line one\nline", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["claim_id"] for r in rows] == [CLAIM_A, CLAIM_B]
    assert rows[0]["statement"] == "'=cmd|\"/c calc\"!A1"
    assert rows[1]["explanation"] == 'line one\nline "two", with comma'
    assert rows[0]["figures"] == "less than 900 troops"
    assert rows[0]["clusters"] == "Soldiers in the country"


def test_overlapping_spans_are_split_into_segments():
    assert segments(10, [(2, 6, 1), (4, 8, 2)]) == [
        (0, 2, []), (2, 4, [1]), (4, 6, [1, 2]), (6, 8, [2]), (8, 10, [])]
    assert segments(10, [(0, 10, 1), (3, 5, 2)]) == [(0, 3, [1]), (3, 5, [2, 1]), (5, 10, [1])]
    assert segments(5, []) == [(0, 5, [])]


def _comparison(content):
    return [{
        "cluster": {"id": content.clusters[0].id, "label": HOSTILE, "note": HOSTILE},
        "rows": [
            {"claim_id": CLAIM_A, "outlet": HOSTILE, "title": "t", "published": "2024-05-20", "quote": HOSTILE,
             "qualifier": "less than", "value": 900.0, "unit": "troops", "attribution": HOSTILE,
             "verdict": "disputed"},
            {"claim_id": CLAIM_B, "outlet": None, "title": "About 1,100 soldiers remain", "published": None,
             "quote": "about 1,100 soldiers", "qualifier": "about", "value": 1100.0, "unit": "troops",
             "attribution": "", "verdict": "supported"},
        ],
        "disagreements": [{"kind": "quantity", "claims": [CLAIM_A, CLAIM_B], "outlets": [HOSTILE, None],
                           "detail": "ignored"}],
    }]


def test_the_report_escapes_all_text_and_has_no_scripts():
    content = sample_content()
    content.articles[0].metadata["title"] = HOSTILE
    content.annotations[0].note = HOSTILE
    content.annotations[0].tags = [HOSTILE]
    content.entities[0].name = HOSTILE
    content.claims[0].statement = HOSTILE
    content.palette[0].color = "red;background:url(http://evil)"
    html = render_report(content, _comparison(content), title=HOSTILE, generated="now")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "url(" not in html.split("</style>", 1)[1]
    assert "http://evil" not in html


def test_the_report_marks_highlights_and_flags_disagreements():
    content = sample_content()
    html = render_report(content, _comparison(content), title="Report", generated="now")
    assert re.search(r'<mark style="background:#ffb74d"[^>]*>fewer than 900 soldiers</mark>', html)
    assert 'class="disagree"' in html and "⚠" in html
    assert "less than 900 troops (&lt;script&gt;" in html
    assert "about 1,100 troops (About 1,100 soldiers remain)" in html
    assert html.count('class="badge"') >= 4
    assert 'id="entities"' in html and "Ministry of Defence" in html


def test_the_report_splits_overlapping_highlights():
    content = sample_content()
    first = content.annotations[0]
    inner = json.loads(json.dumps(first.__dict__))
    inner.update(id="88888888-8888-4888-8888-888888888888", start=first.start + 11, end=first.start + 14,
                 color="disputed", tags=[], entity_ids=[], note="")
    content.annotations.append(type(first)(**inner))
    html = render_report(content, [], title="Report", generated="now")
    assert '<mark class="overlap" style="background:#e57373;box-shadow:inset 0 -0.3em 0 #ffb74d"' in html
    assert '>fewer than </mark><mark class="overlap"' in html and ">900</mark>" in html
    assert "> soldiers</mark>" in html
