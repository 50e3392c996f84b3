"""A page saved with "Save page as… (complete)": the page is imported, its folder of images, styles,
scripts and frames (``page_files``) is not turned into articles nor listed file by file."""

from __future__ import annotations

from pathlib import Path

PAGE = ("<html><head><title>Junta expels envoy | Sahel Daily</title><link rel='stylesheet' href='envoy_files/site.css'>"
        "<script src='envoy_files/app.js'></script></head><body><nav>Home World Africa</nav><article>"
        "<h1>Junta expels envoy</h1><img src='envoy_files/photo.jpg'>"
        "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday, a "
        "step the embassy called unlawful and without precedent in the relations of the two countries.</p>"
        "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
        "</article><iframe src='envoy_files/ad.html'></iframe></body></html>")
AD = ("<html><body><p>Win a holiday in the sun! Click here to claim your prize before midnight, only today, "
      "terms and conditions apply to this exclusive offer for new subscribers.</p></body></html>")


def saved_page(folder: Path, stem: str = "envoy", suffix: str = "_files") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{stem}.html"
    page.write_text(PAGE.replace("Friday", f"Friday ({stem})"), encoding="utf-8")
    resources = folder / f"{stem}{suffix}"
    resources.mkdir()
    (resources / "site.css").write_text("body { color: black }")
    (resources / "app.js").write_text("console.log('hi')")
    (resources / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    (resources / "ad.html").write_text(AD, encoding="utf-8")
    (resources / "frame.htm").write_text(AD.replace("holiday", "car"), encoding="utf-8")
    return page, resources


def test_a_folder_holding_a_saved_page_imports_the_page_and_not_its_resources(archive, tmp_path):
    inbox = tmp_path / "inbox"
    saved_page(inbox)
    outcomes = archive.import_files([inbox])
    assert [(Path(o.path).name, o.status) for o in outcomes] == [("envoy.html", "imported")]
    (article,) = archive.list_articles()
    assert article.title == "Junta expels envoy"


def test_a_saved_page_dropped_with_its_folder_is_one_article_and_the_folder_is_named(archive, tmp_path):
    page, resources = saved_page(tmp_path)
    outcomes = archive.import_files([page, resources])
    imported = [o for o in outcomes if o.status == "imported"]
    assert [Path(o.path).name for o in imported] == ["envoy.html"]
    (skipped,) = [o for o in outcomes if o.status == "skipped"]
    assert Path(skipped.path).name == "envoy_files"
    assert "saved page envoy.html" in skipped.reason and "not articles" in skipped.reason
    assert len(archive.list_articles()) == 1


def test_localised_resource_folders_are_recognised(archive, tmp_path):
    saved_page(tmp_path / "inbox" / "de", "bericht", "-Dateien")
    saved_page(tmp_path / "inbox" / "fr", "article", "_fichiers")
    outcomes = archive.import_files([tmp_path / "inbox"])
    assert sorted(Path(o.path).name for o in outcomes) == ["article.html", "bericht.html"]
    assert {o.status for o in outcomes} == {"imported"}


def test_a_folder_named_like_resources_but_without_its_page_is_imported(archive, tmp_path):
    folder = tmp_path / "inbox" / "press_files"
    folder.mkdir(parents=True)
    (folder / "release.txt").write_text(
        "Title: Press release\n\nThe ministry of mines announced on Tuesday that the uranium export licence of "
        "the Arlit operator had been suspended pending an audit of its accounts.\n", encoding="utf-8")
    outcomes = archive.import_files([tmp_path / "inbox"])
    assert [(Path(o.path).name, o.status) for o in outcomes] == [("release.txt", "imported")]
