"""French forms of the story's names match the English entity, and a French claim gets its kind as
an English one does (issue 17)."""

from __future__ import annotations

from niger_archive.core.names import find_mentions, other_language_forms
from niger_archive.services.editing import guess_kind


def test_english_names_have_their_french_forms_and_back():
    assert "États-Unis" in other_language_forms(["United States"])
    assert "Pentagon" in other_language_forms(["le Pentagone"[3:]])
    assert "United States" in other_language_forms(["Etats-Unis"])
    assert other_language_forms(["Kurt Campbell"]) == []


def test_a_french_form_is_found_in_french_text_with_its_article():
    text = "Les États-Unis et le Pentagone ont confirmé, selon Kurt Campbell, secrétaire d'État adjoint."
    names = ["United States", "Pentagon", "Deputy Secretary of State"]
    found = [text[s:e] for s, e, _ in find_mentions(text, names + other_language_forms(names))]
    assert found == ["États-Unis", "Pentagone", "secrétaire d'État adjoint"]


def test_a_french_claim_gets_its_kind():
    assert guess_kind("« Nous partirons »", [], []) == "quotation"
    assert guess_kind("les soldats quitteront le pays", [], []) == "forecast"
    assert guess_kind("le retrait sera achevé", [], []) == "forecast"
    assert guess_kind("environ 1 000 soldats", [{"value": 1000}], []) == "quantity"
    assert guess_kind("la junte a dénoncé l'accord", [], []) == "statement"
