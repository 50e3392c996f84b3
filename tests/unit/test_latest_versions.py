"""``Archive.latest_versions`` (one query per step along the chains, for the library's copy marks on
every search) and ``latest_version`` answer each article's newest version, cycles and unknown ids too."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_latest_versions_of_many_articles_are_each_ones_latest_version(sample_archive, data):
    ids = [r[0] for r in sample_archive.db.execute("SELECT id FROM articles ORDER BY id")]
    successors = data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(ids), max_size=len(ids)))
    conn = sample_archive.db.conn
    with conn:
        conn.execute("UPDATE articles SET superseded_by = NULL")
        conn.executemany("UPDATE articles SET superseded_by = ? WHERE id = ?",
                         [(new, old) for old, new in successors.items()])
    asked = ids + [max(ids) + 1]  # an unknown id is its own latest version
    assert sample_archive.latest_versions(asked) == {i: newest(i, successors) for i in asked}
    assert all(sample_archive.latest_version(i) == newest(i, successors) for i in asked)


def newest(article_id, successors):
    """Follow "superseded by" from article_id until no newer version, or one already seen (a cycle)."""
    seen, current = {article_id}, article_id
    while successors.get(current) is not None and successors[current] not in seen:
        current = successors[current]
        seen.add(current)
    return current
