"""Set attribution offers the speaker the passage names, in French as in English (issue 17)."""

from __future__ import annotations

from pathlib import Path

from test_commands import FakeContext, run

from niger_archive.commands.context import NewText

FRENCH = Path(__file__).resolve().parents[1] / "fixtures" / "french"


def test_set_attribution_offers_the_speaker_a_french_passage_names(archive):
    archive.import_files([FRENCH / "rfi_retrait.txt"])
    article_id = archive.current_ids()[0]
    ctx = FakeContext(archive, article_id)
    passage = "le retrait sera achevé d'ici au 15 septembre"
    start = ctx.text().index(passage)
    ctx.select(start, start + len(passage))
    asked = run(ctx, "claim.attribution", NewText("haut responsable américain"))
    assert asked[0].initial == "haut responsable américain"  # "Selon un haut responsable américain, …"
    claim = next(c for c in archive.annotations.claims() if c.quote == passage)
    assert claim.attribution == "haut responsable américain"


def test_set_attribution_offers_the_speaker_an_english_passage_names(sample_archive, sample_ids):
    ctx = FakeContext(sample_archive, sample_ids["000"])
    passage = "there are currently less than 1,000 US troops in the country"
    start = ctx.text().index(passage)
    ctx.select(start, start + len(passage))
    asked = run(ctx, "claim.attribution")
    assert asked[0].initial == "officials"  # "…, according to the officials."
