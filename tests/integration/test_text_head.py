"""The head of an article's text, as a snippet reads it (at most its first characters, never the whole
value): exactly the start of the clean text, whatever characters it is made of."""

from __future__ import annotations

from niger_archive.services.archive import Archive


def test_the_head_of_an_article_is_the_start_of_its_text_in_any_script(tmp_path):
    texts = [
        "Niamey — les États-Unis retirent leurs troupes. " * 500,
        "Agadez 🛰️ drones 𝔑 — 𠜎𠜱 خبر نيامي " * 300,  # 2-, 3- and 4-byte UTF-8 characters
        "short",
    ]
    files = []
    for n, text in enumerate(texts):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(f"Title {n}\n\n{text}\n", encoding="utf-8")
        files.append(path)
    with Archive.open(tmp_path / "archive") as archive:
        list(archive.import_paths(files))
        for article_id in archive.current_ids():
            text = archive.articles.text(article_id)
            for chars in (0, 1, 2, 3, 5, 17, 1_000, len(text) - 1, len(text), len(text) + 5):
                assert archive.articles.text_head(article_id, chars) == text[:chars]
        assert archive.articles.text_head(10_000, 10) is None  # no such article
