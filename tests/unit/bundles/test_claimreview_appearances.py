"""Issue 18: the ClaimReview export names where a claim appeared and, across its cluster, where it appeared first."""

from __future__ import annotations

from bundle_tools import CLAIM_A, CLAIM_B, sample_content

from niger_archive.bundles.claimreview import claim_reviews


def test_first_appearance_is_the_earliest_article_of_the_claims_cluster():
    content = sample_content()
    first, later = content.articles
    first.metadata["published"] = "2024-08-05T15:05:00+00:00"
    later.metadata["published"] = "2024-08-05T12:00:00-05:00"  # 17:00 UTC: later, though its clock reads earlier
    graph = {r["@id"].split(":")[-1]: r["itemReviewed"] for r in claim_reviews(content)["@graph"]}
    assert graph[CLAIM_A]["appearance"]["headline"] == "Fewer than 900 soldiers"
    assert graph[CLAIM_B]["appearance"]["headline"] == "About 1,100 soldiers remain"
    for claim in (CLAIM_A, CLAIM_B):  # both claims of the cluster name the same first appearance
        assert graph[claim]["firstAppearance"]["headline"] == "Fewer than 900 soldiers"
        assert graph[claim]["firstAppearance"]["datePublished"] == "2024-08-05T15:05:00+00:00"
    later.metadata["published"] = "2024-08-05T09:00:00-05:00"  # 14:00 UTC: now the earlier one
    graph = {r["@id"].split(":")[-1]: r["itemReviewed"] for r in claim_reviews(content)["@graph"]}
    assert {graph[c]["firstAppearance"]["headline"] for c in (CLAIM_A, CLAIM_B)} == {"About 1,100 soldiers remain"}


def test_a_claim_outside_any_cluster_appears_once_and_first_where_it_was_published():
    content = sample_content()
    content.clusters = []
    content.articles[0].metadata["published"] = "2024-08-05T15:05:00+00:00"
    review = next(r for r in claim_reviews(content)["@graph"] if r["@id"].endswith(CLAIM_A))
    assert review["itemReviewed"]["appearance"]["headline"] == "Fewer than 900 soldiers"
    assert review["itemReviewed"]["firstAppearance"] == review["itemReviewed"]["appearance"]
