"""The HTML report of a bundle follows the interface language (issue 17)."""

from __future__ import annotations

from bundle_tools import sample_content
from test_bundle_formats import _comparison

from niger_archive.bundles.report import render_report
from niger_archive.platform import i18n


def test_the_report_speaks_the_interface_language():
    content = sample_content()
    try:
        i18n.set_language("fr")
        html = render_report(content, _comparison(content), title="Rapport", generated="2024-05-21")
    finally:
        i18n.set_language("en")
    assert '<html lang="fr">' in html
    assert "<h2>Comparaisons entre sources</h2>" in html and "<h2>Index des entités</h2>" in html
    assert "<th>Média</th>" in html and "désaccord(s) entre médias" in html
    assert "Produit le 2024-05-21" in html
    for english in ("Cross-source comparisons", "Entity index", "<th>Outlet</th>", "between outlets"):
        assert english not in html
    english_html = render_report(content, _comparison(content), title="Report", generated="now")
    assert '<html lang="en">' in english_html and "Cross-source comparisons" in english_html
