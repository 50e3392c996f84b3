"""Wire copy as the agencies publish it (AP, Reuters, AFP in English and in French; the fixtures in
tests/fixtures/wire/ were written for these tests): the dateline's place is the dateline, its agency
the source when the text names no outlet; bylines and timestamps are metadata; share widgets,
advertisement markers and copyright tails go — and what is the article stays, a sentence that
mentions Facebook or X above all."""

from __future__ import annotations

from pathlib import Path

import pytest

from niger_archive.importers import parse_file
from niger_archive.importers.cleanup import Removals, clean_lines
from niger_archive.importers.lines import split_lines
from niger_archive.importers.rules import RULES

WIRE = Path(__file__).resolve().parents[2] / "fixtures" / "wire"


def draft(name: str):
    return parse_file((WIRE / name).read_bytes(), name)


def test_ap_dispatch():
    d = draft("ap_niamey.txt")
    assert d.title == "US troops complete withdrawal from Niger's last base"
    assert d.author == "Amina Moussa and John Carter"
    assert d.updated == "2024-08-05T16:05:00+01:00"
    assert d.dateline == "NIAMEY" and d.outlet == "AP"
    assert d.text.splitlines()[2].startswith("NIAMEY, Niger (AP) — The last U.S. troops")  # the dateline stays
    for furniture in ("Copy Link copied", "\nEmail\n", "\nReddit\n", "ADVERTISEMENT", "Copyright 2024"):
        assert furniture not in d.text
    assert "Facebook and X accounts linked to the junta celebrated the departure" in d.text


def test_reuters_dispatch():
    d = draft("reuters_paris.txt")
    assert d.author == "Elizabeth Pineau and John Irish"
    assert d.published == "2023-12-22T18:11:00+01:00"  # "Updated 2 hours ago" names no moment
    assert d.dateline == "PARIS" and d.outlet == "Reuters"
    assert "6:11 PM" not in d.text
    lines = d.text.splitlines()
    for furniture in ("Share", "X", "Facebook", "LinkedIn", "Email", "Link"):
        assert furniture not in lines
    assert "Our Standards" not in d.text
    assert '"We are unable to carry out our diplomatic work," a ministry spokesperson told Reuters' in d.text
    assert "Reporting by Elizabeth Pineau and John Irish; Editing by Alison Williams" in d.text


@pytest.mark.parametrize("name,language_word", [("afp_en_niamey.txt", "lawyer"), ("afp_fr_niamey.txt", "avocat")])
def test_afp_dispatch_in_english_and_french(name, language_word):
    d = draft(name)
    assert d.dateline == "NIAMEY" and d.outlet == "AFP"
    assert d.published is not None and d.published.startswith("2024-")
    assert language_word in d.text and "NIAMEY (AFP) - " in d.text
    lines = d.text.splitlines()
    for furniture in ("WhatsApp", "Facebook", "X", "Email", "E-mail", "Partager", "© 2024 AFP"):
        assert furniture not in lines
    if name.startswith("afp_fr"):
        assert "Sur Facebook, ses proches ont salué « une bonne nouvelle pour tout le pays »." in d.text


def test_an_outlet_the_text_names_stays_the_outlet():
    text = ("Title: Niger junta frees ex-minister\nOutlet: Sahel Daily\n\n"
            "NIAMEY (AFP) - Niger's military rulers have released a former minister held since the July coup, "
            "his lawyer told AFP on Tuesday.\n")
    d = parse_file(text.encode(), "story.txt")
    assert d.outlet == "Sahel Daily" and d.dateline == "NIAMEY"
    assert any("AFP" in note for note in d.notes)


def test_a_place_in_parentheses_is_not_an_agency():
    text = ("Title: Floods\n\nMARADI (Niger) - Heavy rains destroyed more than two thousand homes this week, the civil "
            "protection service said on Friday.\n")
    d = parse_file(text.encode(), "story.txt")
    assert d.dateline == "MARADI" and d.outlet is None


def _cleaned(text: str) -> list[str]:
    return [line.text for line in clean_lines(split_lines(text), Removals(), rules=RULES).lines]


@pytest.mark.parametrize("kept", [
    "Facebook",  # one platform's name alone on a line is no widget: it may be an answer, a list item
    "Email",
    "X",
    "Facebook said it removed the posts.",
    "Share prices fell sharply on Monday.",
    "The junta's spokesman posted the statement on Facebook and X on Monday night.",
])
def test_a_platform_name_outside_a_share_widget_is_kept(kept):
    assert _cleaned(f"The ministry said it would answer on Monday.\n{kept}\nThe talks resume on Tuesday.") == [
        "The ministry said it would answer on Monday.", kept, "The talks resume on Tuesday."]


def test_a_list_of_two_platforms_in_the_text_is_kept():
    text = "Which networks did the junta block?\nFacebook\nTikTok\nBoth stayed blocked for a week."
    assert _cleaned(text) == text.splitlines()


@pytest.mark.parametrize("block", [
    "Copy Link copied\nEmail\nFacebook\nX\nReddit\nLinkedIn",
    "Share\nX\nFacebook\nLinkedIn\nEmail\nLink",
    "WhatsApp\nFacebook\nX\nEmail",
    "Partager\nFacebook\nX\nWhatsApp\nE-mail",
    "Share\nFacebook",
    "Facebook Twitter WhatsApp Email",
])
def test_a_share_widget_block_goes(block):
    text = f"The ministry said it would answer on Monday.\n{block}\nThe talks resume on Tuesday."
    assert _cleaned(text) == ["The ministry said it would answer on Monday.", "The talks resume on Tuesday."]


@pytest.mark.parametrize(
    "stamp",
    ["Publié le 12/03/2024", "Publié le 12/03/2024 - Mis à jour le 12/03/2024 à 10h12",
     "Publié le 12/03/2024 14:20", "Mis à jour le 12/03/2024 à 10h12"],
)
def test_a_french_wire_numeric_date_is_read_day_first(stamp):
    """"12/03/2024" in French copy is 12 March, never 3 December, whether or not a time follows."""
    text = (WIRE / "afp_fr_agadez.txt").read_text("utf-8").replace(
        "Publié le 12/03/2024 - Mis à jour le 12/03/2024 à 10h12", stamp)
    d = parse_file(text.encode("utf-8"), "agadez.txt")
    assert d.language == "fr"
    assert (d.published or d.updated or "").startswith("2024-03-12")
    assert stamp not in d.text


def test_the_french_wire_copy_shows_its_publication_day_first(tmp_path, capsys):
    """What the user sees: `niger-archive show` gives the AFP French dispatch's date as 12 March 2024."""
    import json

    from niger_archive.cli import main

    arch = str(tmp_path / "A")
    assert main(["import", str(WIRE / "afp_fr_agadez.txt"), "--archive", arch]) == 0
    capsys.readouterr()
    main(["list", "--archive", arch, "--json"])
    (listed,) = json.loads(capsys.readouterr().out)
    main(["show", str(listed["id"]), "--archive", arch, "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["published"].startswith("2024-03-12")
    assert shown["updated"] == "2024-03-12T10:12:00"


@pytest.mark.parametrize(
    ("text", "day_first", "iso"),
    [("12/03/2024", True, "2024-03-12"), ("12/03/2024", False, "2024-12-03"),
     ("03/25/2024", True, "2024-03-25"), ("25/03/2024", False, "2024-03-25"),
     ("12/03/2024 14:20", True, "2024-03-12T14:20:00"), ("12-03-2024", True, "2024-03-12")],
)
def test_numeric_date_order_follows_the_language_unless_the_day_says_otherwise(text, day_first, iso):
    from niger_archive.importers.dates import parse_date

    assert parse_date(text, day_first=day_first) == iso
