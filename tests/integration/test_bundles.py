"""Samples -> annotate -> export a bundle -> import into an empty archive -> export again, and the ways a
bundle is refused without touching the archive; the report renders the troop-count comparison."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import bagit
import pytest

from niger_archive.cli import bundle_subcommands
from niger_archive.core.errors import BundleRejected, NigerArchiveError
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import export_bundle, import_bundle, run_export

ROOT = Path(__file__).resolve().parents[2]
W3C_DIR = Path(os.environ.get("W3C_ANNO_DIR", "/work/shared/w3c-anno"))
HOSTILE = "<script>alert(1)</script>"
TROOP_PASSAGES = [  # sample prefix, passage, verdict
    ("000", "less than 1,000 US troops", "disputed"),
    ("002", "nearly 1,000 U.S. military personnel", "supported"),
    ("003", "more than 1,000 troops", "false"),
    ("004", "approximately 1,000 U.S. military personnel", "supported"),
]


def annotate_samples(archive, ids, *, hostile: bool = True) -> dict[str, str]:
    """Highlights with colours, tags and notes; the four troop counts as claims in one cluster; entities.

    With ``hostile``, a title, a note and an entity name hold ``<script>alert(1)</script>``."""
    bad = HOSTILE if hostile else ""
    claim_ids = []
    for prefix, passage, verdict in TROOP_PASSAGES:
        aid, cid = str(uuid.uuid4()), str(uuid.uuid4())
        archive.apply_steps("Troop count claim", [
            lambda ed, p=prefix, q=passage, a=aid: ed.annotate_quote(ids[p], q, occurrence=1, color="number",
                                                                     tags=["troops", "figures"],
                                                                     note=f"figure given by {p}", annotation_id=a),
            lambda ed, a=aid, c=cid, v=verdict: ed.mark_claim(a, verdict=v, claim_id=c,
                                                              explanation="compare the outlets"),
        ])
        claim_ids.append(cid)
    cluster = archive.editor.create_cluster("US troops in Niger")
    archive.apply(cluster)
    archive.apply(archive.editor.add_to_cluster(cluster.target, claim_ids))
    campbell = archive.editor.create_entity("Kurt Campbell", "person", aliases=["Kurt M. Campbell"],
                                            description="US Deputy Secretary of State")
    archive.apply(campbell)
    niger = archive.editor.create_entity(bad or "Niger", "place", aliases=["Niger"] if bad else ["Republic of Niger"])
    archive.apply(niger)
    for prefix, quote, entity in (("004", "Kurt Campbell", campbell.target), ("003", "Kurt Campbell", campbell.target),
                                  ("000", "Niger", niger.target)):
        highlight = archive.editor.annotate_quote(ids[prefix], quote, occurrence=1, color="person",
                                                  note=bad if prefix == "000" else "")
        archive.apply(highlight)
        archive.apply(archive.editor.link_mention(highlight.target, entity))
    quote = archive.editor.annotate_quote(ids["002"], "mutual agreement to withdraw American troops", occurrence=1,
                                          color="important", tags=["withdrawal"])
    archive.apply(quote)
    overlapping = archive.editor.annotate_quote(ids["000"], "1,000 US troops in the country", color="question",
                                                note="in the country, or in the region?")
    archive.apply(overlapping)
    title = f"U.S. to end military presence in Niger {bad}".strip()
    archive.apply(archive.editor.correct_metadata(ids["003"], "title", title))
    archive.apply(archive.editor.correct_metadata(ids["002"], "outlet", "VOA"))
    return {"cluster": cluster.target, "campbell": campbell.target}


@pytest.fixture
def annotated(sample_archive, sample_ids):
    annotate_samples(sample_archive, sample_ids)
    return sample_archive


def payload(path: Path) -> dict[str, object]:
    """The bundle's data files, JSON parsed; the bundle's creation time and the report left out."""
    out: dict[str, object] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.startswith("data/") or name == "data/report.html":
                continue
            data = zf.read(name)
            if name.endswith((".json", ".jsonld")):
                doc = json.loads(data)
                if name == "data/manifest.json":
                    doc.pop("created")
                if name == "data/versions.json":  # who wrote it and the bundle's own id differ; the vectors not
                    for key in ("replica", "bundle_id", "author"):
                        doc.pop(key)
                out[name] = doc
            else:
                out[name] = data
    return out


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_round_trip_keeps_articles_annotations_claims_clusters_and_entities(annotated, tmp_path):
    first = run_export(annotated, tmp_path / "first.nabundle")
    assert first.counts == {"articles": 5, "annotations": 9, "claims": 4, "entities": 2, "clusters": 1,
                            "relations": 0}
    target = Archive.open(tmp_path / "empty")
    try:
        report = import_bundle(target, tmp_path / "first.nabundle")
        assert report.counts["article"]["added"] == 5 and report.counts["annotation"]["added"] == 9
        assert report.reanchored == {"exact": 9}
        run_export(target, tmp_path / "second.nabundle")
    finally:
        target.close()
    one, two = payload(tmp_path / "first.nabundle"), payload(tmp_path / "second.nabundle")
    assert sorted(one) == sorted(two)
    for name in one:
        assert one[name] == two[name], name
    claims = one["data/claims.json"]
    assert sorted(c["verdict"] for c in claims["claims"]) == ["disputed", "false", "supported", "supported"]
    assert len(claims["clusters"]) == 1 and len(claims["clusters"][0]["members"]) == 4
    items = one["data/annotations.jsonld"]["first"]["items"]
    exacts = {s["exact"] for i in items for s in i["target"]["selector"] if s["type"] == "TextQuoteSelector"}
    assert {p for _, p, _ in TROOP_PASSAGES} <= exacts
    assert {i["target"].get("styleClass") for i in items} == {"na-number", "na-person", "na-important",
                                                                 "na-question"}


def test_importing_the_same_bundle_twice_reports_zero_changes(annotated, tmp_path):
    run_export(annotated, tmp_path / "b.nabundle")
    target = Archive.open(tmp_path / "t")
    try:
        assert import_bundle(target, tmp_path / "b.nabundle").changes > 0
        second = import_bundle(target, tmp_path / "b.nabundle")
        assert second.changes == 0 and not second.conflicts and not second.proposals
    finally:
        target.close()


def test_the_bundle_is_a_valid_bagit_bag(annotated, tmp_path):
    run_export(annotated, tmp_path / "b.nabundle")
    folder = tmp_path / "extracted"
    with zipfile.ZipFile(tmp_path / "b.nabundle") as zf:
        zf.extractall(folder)
    bag = bagit.Bag(str(folder))
    bag.validate()
    assert bag.algorithms == ["sha256"] and bag.version_info == (1, 0)


def test_every_exported_annotation_validates_against_the_w3c_schemas(annotated, tmp_path):
    if not (W3C_DIR / "validate.py").exists():
        pytest.skip(f"W3C Web Annotation schemas not found in {W3C_DIR} (set W3C_ANNO_DIR)")
    pytest.importorskip("rfc3987", reason="without rfc3987 the uri format is silently not checked")
    pytest.importorskip("rfc3339_validator", reason="without it the date-time format is silently not checked")
    spec = importlib.util.spec_from_file_location("w3c_validate", W3C_DIR / "validate.py")
    validator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(validator)
    registry = validator.build_registry(W3C_DIR)
    run_export(annotated, tmp_path / "anno.jsonld", fmt="w3c")
    doc = json.loads((tmp_path / "anno.jsonld").read_text(encoding="utf-8"))
    assert len(doc["first"]["items"]) == 9
    for item in doc["first"]["items"]:
        for test_file in ("annotations/annotationMusts.test", "annotations/annotationOptionals.test"):
            failed = [(f, m) for kind, ok, f, m in validator.run(W3C_DIR, item, test_file, registry)
                      if not ok and kind == "must"]
            assert failed == [], item["id"]


def _refuses_without_change(archive_root: Path, bundle: Path, fragment: str) -> None:
    before = snapshot(archive_root)
    archive = Archive.open(archive_root)
    try:
        with pytest.raises(BundleRejected) as info:
            import_bundle(archive, bundle)
    finally:
        archive.close()
    assert fragment in str(info.value), str(info.value)
    assert snapshot(archive_root) == before


@pytest.fixture
def target_root(annotated, tmp_path):
    """A closed archive that already holds an imported bundle (so there is something to damage)."""
    run_export(annotated, tmp_path / "good.nabundle")
    root = tmp_path / "target"
    archive = Archive.open(root)
    import_bundle(archive, tmp_path / "good.nabundle")
    archive.close()
    return root


def test_a_member_climbing_out_with_dotdot_is_refused(target_root, tmp_path):
    bad = tmp_path / "dotdot.nabundle"
    shutil.copy(tmp_path / "good.nabundle", bad)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr("../evil.txt", "pwned")
    _refuses_without_change(target_root, bad, "'..'")


def test_a_flipped_byte_is_refused(target_root, tmp_path):
    data = bytearray((tmp_path / "good.nabundle").read_bytes())
    with zipfile.ZipFile(tmp_path / "good.nabundle") as zf:
        info = zf.getinfo("data/claims.json")
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0x01
    bad = tmp_path / "flipped.nabundle"
    bad.write_bytes(bytes(data))
    _refuses_without_change(target_root, bad, "data/claims.json")


def test_a_changed_file_with_stale_checksums_is_refused(target_root, tmp_path):
    bad = tmp_path / "stale.nabundle"
    with zipfile.ZipFile(tmp_path / "good.nabundle") as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "data/claims.json":
                data = data.replace(b'"false"', b'"supported"')
            dst.writestr(name, data)
    _refuses_without_change(target_root, bad, "checksum mismatch for 'data/claims.json'")


def test_a_bundle_that_inflates_past_the_limit_is_refused(target_root, tmp_path):
    bad = tmp_path / "bomb.nabundle"
    with zipfile.ZipFile(tmp_path / "good.nabundle") as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, b"\0" * (64 * 1024 * 1024) if name == "data/report.html" else src.read(name))
    _refuses_without_change(target_root, bad, "zip bomb")


def test_a_dry_run_says_what_would_change_and_changes_nothing(annotated, tmp_path):
    run_export(annotated, tmp_path / "b.nabundle")
    root = tmp_path / "fresh"
    Archive.open(root).close()
    before = snapshot(root)
    archive = Archive.open(root)
    try:
        report = import_bundle(archive, tmp_path / "b.nabundle", dry_run=True)
    finally:
        archive.close()
    assert report.counts["article"]["added"] == 5 and report.counts["claim"]["added"] == 4
    assert snapshot(root) == before


def test_export_scopes_and_standalone_formats(annotated, sample_ids, tmp_path):
    cluster = annotated.annotations.clusters()[0].id
    by_cluster = run_export(annotated, tmp_path / "c.nabundle", cluster_id=cluster[:8])
    assert by_cluster.counts["articles"] == 4 and by_cluster.counts["claims"] == 4
    one = run_export(annotated, tmp_path / "a.nabundle", article_ids=[sample_ids["004"]])
    assert one.counts["articles"] == 1 and one.counts["clusters"] == 1 and one.counts["entities"] == 1
    by_query = run_export(annotated, tmp_path / "q.nabundle", query="Campbell")
    assert by_query.scope == "query: Campbell" and 1 <= by_query.counts["articles"] < 5
    events = list(export_bundle(annotated, tmp_path / "claims.csv", fmt="csv"))
    assert events[0].__class__.__name__ == "Progress" and events[-1].format == "csv"
    csv_text = (tmp_path / "claims.csv").read_bytes().decode("utf-8")
    assert csv_text.count("\r\n") == 5
    run_export(annotated, tmp_path / "cr.jsonld", fmt="claimreview")
    reviews = json.loads((tmp_path / "cr.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert sorted(r["reviewRating"]["alternateName"] for r in reviews) == ["disputed", "false", "supported",
                                                                           "supported"]
    run_export(annotated, tmp_path / "r.html", fmt="html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(NigerArchiveError, match="unknown export format"):
        run_export(annotated, tmp_path / "x", fmt="pdf")


def test_the_report_shows_the_troop_count_comparison_escaped(annotated, tmp_path):
    run_export(annotated, tmp_path / "report.html", fmt="html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    comparison = html.split('id="comparisons"', 1)[1].split('id="claims"', 1)[0]
    for qualifier in ("less than", "nearly", "more than", "about"):
        assert f"<td>{qualifier}</td>" in comparison
    assert 'class="disagree"' in comparison and "disagreement(s) between outlets" in comparison
    assert '<mark class="overlap"' in html


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="no Chromium to render the report (apt-get install chromium)")
def test_the_report_renders_in_a_headless_browser(annotated, tmp_path):
    run_export(annotated, tmp_path / "report.html", fmt="html")
    png = tmp_path / "report.png"
    subprocess.run([sys.executable, str(ROOT / "bench" / "report_screenshot.py"), "--html",
                    str(tmp_path / "report.html"), "--out", str(png)], check=True, timeout=180)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000


# --- the command line --------------------------------------------------------------------------------


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run the bundle commands the way niger_archive.cli.main runs commands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--archive")
    common.add_argument("--json", action="store_true")
    parser = argparse.ArgumentParser(prog="niger-archive", parents=[common])
    sub = parser.add_subparsers(dest="command")

    def add(name, func, help_text, group=None):
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(func=func)
        return p

    bundle_subcommands.register(add)
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except NigerArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_export_and_import(annotated, tmp_path, capsys):
    annotated.close()
    source, target = str(annotated.root), str(tmp_path / "cli-target")
    bundle = str(tmp_path / "cli.nabundle")
    code, out, _ = run_cli(["export", bundle, "--archive", source], capsys)
    assert code == 0 and "5 articles, 9 highlights, 4 claims" in out
    code, out, _ = run_cli(["import-bundle", bundle, "--archive", target, "--dry-run"], capsys)
    assert code == 0 and "would be made" in out
    code, out, _ = run_cli(["import-bundle", bundle, "--archive", target, "--json"], capsys)
    assert code == 0 and json.loads(out)["counts"]["claim"] == {"added": 4}
    code, out, _ = run_cli(["import-bundle", bundle, "--archive", target], capsys)
    assert code == 0 and "nothing new in this bundle" in out
    code, out, _ = run_cli(["conflicts", "--archive", target], capsys)
    assert code == 0 and "no open conflicts" in out


def test_cli_refuses_a_hostile_bundle_with_a_message(tmp_path, capsys):
    bad = tmp_path / "bad.nabundle"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("/etc/passwd", "x")
    code, out, err = run_cli(["import-bundle", str(bad), "--archive", str(tmp_path / "a")], capsys)
    assert code == 1 and err.startswith("error: member '/etc/passwd' has an absolute path")
    assert "Traceback" not in out + err
