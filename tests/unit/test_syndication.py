"""Issue 18: which news agency a text credits, and story groups that keep a user's split."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from niger_archive.core.publications import ACCEPTED, LINKED, REJECTED, CopyLink
from niger_archive.core.syndication import Member, agency_in, groups, source_summary


def test_the_agency_named_in_a_dateline_or_credit_line_is_found():
    assert agency_in("NIAMEY, Niger (AP) — The United States on Monday ...") == "AP"
    assert agency_in("NIAMEY (AFP) - Niger's junta said ...") == "AFP"
    assert agency_in("NIAMEY (Reuters) - The last U.S. troops ...") == "Reuters"
    assert agency_in("The base was handed over on Monday.\n\n— Xinhua") == "Xinhua"
    assert agency_in("Body text.\n\nCopyright 2024 The Associated Press. All rights reserved.") == "AP"


def test_an_agency_quoted_in_the_middle_of_a_story_is_not_its_origin():
    body = "AGADEZ — Officers raised their flag. " + "Local traders spoke of their jobs. " * 20
    text = body + "Reuters reported last week that talks had stalled. " + "Residents waited. " * 30
    assert agency_in(text) is None
    assert agency_in(text, "Reuters") == "Reuters"  # the outlet is the agency itself
    assert agency_in(text, "Sahel Monitor") is None


def members(n: int) -> list[Member]:
    return [Member(i, f"outlet {i}", f"2024-08-0{1 + i % 9}T00:00:00+00:00") for i in range(1, n + 1)]


def test_a_rejected_pair_is_never_joined_through_a_third_copy():
    links = [CopyLink(2, 1, LINKED, 0.9, ""), CopyLink(3, 1, REJECTED, 0.8, ""), CopyLink(3, 2, REJECTED, 0.8, ""),
             CopyLink(4, 1, LINKED, 0.9, ""), CopyLink(4, 3, LINKED, 0.95, "")]
    found = {tuple(g.articles) for g in groups(members(4), links)}
    assert not any({1, 3} <= set(g) for g in found)
    assert (1, 2, 4) in found or (3, 4) in found


def test_the_summary_counts_outlets_and_independent_sources():
    grouped = groups(members(4), [CopyLink(2, 1, LINKED, 0.9, ""), CopyLink(3, 1, ACCEPTED, 0.5, "")])
    ap = next(g for g in grouped if len(g.articles) == 3)
    ap.agency = "AP"
    assert source_summary(4, grouped, {ap.group: 3}) == "4 outlets, 2 independent sources (AP carried by 3)"


@given(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6), st.sampled_from([LINKED, ACCEPTED, REJECTED]),
                          st.floats(0.35, 1.0)), max_size=20))
def test_no_group_holds_two_articles_the_user_said_are_not_one_story(raw):
    links, seen = [], set()
    for a, b, status, sim in raw:
        if a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            links.append(CopyLink(max(a, b), min(a, b), status, sim, ""))
    found = groups(members(6), links)
    assert sorted(i for g in found for i in g.articles) == list(range(1, 7))
    for link in links:
        together = any({link.article_id, link.copy_of} <= set(g.articles) for g in found)
        if link.status == REJECTED:
            assert not together
        if link.status == ACCEPTED and not any(lk.status == REJECTED for lk in links):
            assert together
