"""Near-duplicate detection: re-scrapes share bands and score high; different articles do not."""

from niger_archive.core import shingles as sh

BASE = " ".join(f"word{i} in sentence number {i // 7} about troops" for i in range(120))


def test_small_changes_stay_above_the_version_threshold():
    changed = BASE.replace("word5 ", "term5 ").replace("word90 ", "term90 ") + " An added closing line."
    a, b = sh.shingles(BASE), sh.shingles(changed)
    assert sh.jaccard(a, b) >= sh.VERSION_THRESHOLD
    assert set(sh.bands(a)) & set(sh.bands(b))


def test_unrelated_texts_score_low_and_bands_are_stable():
    other = " ".join(f"entirely different text {i} on fisheries" for i in range(100))
    assert sh.jaccard(sh.shingles(BASE), sh.shingles(other)) < 0.1
    assert sh.bands(sh.shingles(BASE)) == sh.bands(sh.shingles(BASE))
    assert all(0 <= b < 2**63 for b in sh.bands(sh.shingles(BASE)))
