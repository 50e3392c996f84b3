"""Reading a bundle: a written bundle reads back as the same records; every kind of damage is refused clearly."""

from __future__ import annotations

import json

import pytest
from bundle_tools import (
    ANN_A,
    CLAIM_A,
    ENTITY,
    make_bundle,
    members_of,
    rebag,
    sample_content,
    with_bytes,
    with_json,
    write_zip,
)

from niger_archive.bundles import read_bundle
from niger_archive.core.errors import BundleRejected


@pytest.fixture
def bundle(tmp_path):
    return make_bundle(tmp_path / "good.nabundle")


def test_a_written_bundle_reads_back_as_the_same_records(bundle):
    content = sample_content()
    back = read_bundle(bundle)
    assert [a.sha256 for a in back.articles] == [a.sha256 for a in content.articles]
    assert [a.original for a in back.articles] == [a.original for a in content.articles]
    assert [a.text for a in back.articles] == [a.text for a in content.articles]
    assert back.annotations == content.annotations
    assert back.claims == content.claims
    assert back.entities == content.entities
    assert back.clusters == content.clusters
    assert back.relations == content.relations
    assert back.palette == content.palette
    assert back.articles[0].corrections == {"outlet": "Daily One"}


def test_the_bag_lists_every_file_with_its_sha256(bundle):
    members = members_of(bundle)
    assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"} <= set(members)
    listed = {line.split()[1] for line in members["manifest-sha256.txt"].decode().splitlines()}
    assert listed == {n for n in members if n.startswith("data/")}
    assert b"BagIt-Version: 1.0" in members["bagit.txt"]


def refused(path, *fragments):
    with pytest.raises(BundleRejected) as info:
        read_bundle(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_unknown_format_version_is_refused(bundle, tmp_path):
    bad = with_json(bundle, tmp_path / "v3.nabundle", "data/manifest.json",
                    lambda d: d.update(format_version=3))
    refused(bad, "format version 3 is not supported")


def test_wrong_format_name_is_refused(bundle, tmp_path):
    bad = with_json(bundle, tmp_path / "x.nabundle", "data/manifest.json", lambda d: d.update(format="other"))
    refused(bad, "wrong format name")


def test_a_changed_file_with_old_checksums_is_refused(bundle, tmp_path):
    members = members_of(bundle)
    data = members["data/claims.json"].replace(b"disputed", b"supported")
    bad = with_bytes(bundle, tmp_path / "x.nabundle", "data/claims.json", data, keep_checksums=True)
    refused(bad, "checksum mismatch", "data/claims.json")


def test_a_changed_tag_file_is_refused(bundle, tmp_path):
    members = members_of(bundle)
    members["bag-info.txt"] += b"Extra: yes\n"
    refused(write_zip(members, tmp_path / "x.nabundle"), "checksum mismatch", "bag-info.txt")


def test_an_unlisted_payload_file_is_refused(bundle, tmp_path):
    members = members_of(bundle)
    lines = members["manifest-sha256.txt"].decode().splitlines()
    members["manifest-sha256.txt"] = ("\n".join(x for x in lines if "claims.csv" not in x) + "\n").encode()
    members = rebag(members)
    members["manifest-sha256.txt"] = ("\n".join(x for x in lines if "claims.csv" not in x) + "\n").encode()
    refused(write_zip(members, tmp_path / "x.nabundle"), "not listed")


def test_malformed_json_is_refused(bundle, tmp_path):
    bad = with_bytes(bundle, tmp_path / "x.nabundle", "data/entities.json", b'{"entities": [')
    refused(bad, "data/entities.json", "malformed JSON")


def test_duplicate_json_keys_are_refused(bundle, tmp_path):
    bad = with_bytes(bundle, tmp_path / "x.nabundle", "data/entities.json", b'{"entities": [], "entities": []}')
    refused(bad, "duplicate key 'entities'")


def test_nan_is_refused(bundle, tmp_path):
    def change(doc):
        return json.dumps(doc).replace("900.0", "NaN")

    members = members_of(bundle)
    members["data/claims.json"] = change(json.loads(members["data/claims.json"])).encode()
    refused(write_zip(rebag(members), tmp_path / "x.nabundle"), "NaN is not allowed")


def test_deeply_nested_json_is_refused_before_parsing(bundle, tmp_path):
    deep = b'{"entities": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    refused(with_bytes(bundle, tmp_path / "x.nabundle", "data/entities.json", deep), "nested", "levels deep")


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d["claims"][0].update(verdict=3), "claims/0/verdict"),
    (lambda d: d["claims"][0].update(verdict="maybe"), "claims/0/verdict"),
    (lambda d: d["claims"][0].update(id="not-a-uuid"), "claims/0/id"),
    (lambda d: d["claims"][0].update(surprise=True), "surprise"),
    (lambda d: d.update(claims={}), "claims"),
    (lambda d: d["clusters"][0]["members"].append({"claim_id": "99999999-9999-4999-8999-999999999999",
                                                   "added": "2024-05-20T10:00:00+00:00"}), "not in the bundle"),
    (lambda d: d["relations"][0].update(target_claim_id=CLAIM_A), "relates a claim to itself"),
    (lambda d: d["claims"][0].update(verdict="false"), "does not match"),
    (lambda d: d["claims"].append(dict(d["claims"][0])), "twice"),
])
def test_wrong_claims_are_refused(bundle, tmp_path, change, fragment):
    refused(with_json(bundle, tmp_path / "x.nabundle", "data/claims.json", change), fragment)


def _first_item(doc):
    return doc["first"]["items"][0]


@pytest.mark.parametrize("change, fragment", [
    (lambda d: _first_item(d)["target"].update(source="urn:sha256:" + "0" * 64), "not in the bundle"),
    (lambda d: _first_item(d)["target"]["selector"][1].update(end=10**6), "outside its article's text"),
    (lambda d: _first_item(d)["target"]["selector"][1].update(start="5"), "selector"),
    (lambda d: _first_item(d)["target"].update(styleClass="na-unknown"), "not in the bundle's palette"),
    (lambda d: _first_item(d).update(id="urn:uuid:" + ANN_A.replace("2", "A")), "items/0/id"),
    (lambda d: _first_item(d)["body"].append({"type": "SpecificResource", "purpose": "identifying",
                                              "source": "urn:uuid:99999999-9999-4999-8999-999999999999"}),
     "not in the bundle"),
    (lambda d: d.update(total=7), "total says 7"),
    (lambda d: _first_item(d).update(type="Note"), "type"),
])
def test_wrong_annotations_are_refused(bundle, tmp_path, change, fragment):
    refused(with_json(bundle, tmp_path / "x.nabundle", "data/annotations.jsonld", change), fragment)


def test_an_entity_of_unknown_type_is_refused(bundle, tmp_path):
    bad = with_json(bundle, tmp_path / "x.nabundle", "data/entities.json",
                    lambda d: d["entities"][0].update(type="alien"))
    refused(bad, "entities/0/type")


def test_a_lone_surrogate_is_refused(bundle, tmp_path):
    members = members_of(bundle)
    doc = members["data/entities.json"].replace(b"Ministry of Defence", b"Ministry \\ud800")
    refused(write_zip(rebag({**members, "data/entities.json": doc}), tmp_path / "x.nabundle"), "lone surrogate")


def test_an_original_that_does_not_match_its_folder_is_refused(bundle, tmp_path):
    content = sample_content()
    sha = content.articles[0].sha256
    bad = with_bytes(bundle, tmp_path / "x.nabundle", f"data/articles/{sha}/original.txt", b"something else\n")
    refused(bad, "SHA-256 does not match")


def test_a_text_that_does_not_match_its_metadata_is_refused(bundle, tmp_path):
    sha = sample_content().articles[0].sha256
    bad = with_bytes(bundle, tmp_path / "x.nabundle", f"data/articles/{sha}/text.txt", b"other text")
    refused(bad, "text.txt does not match")


def test_a_missing_required_file_is_refused(bundle, tmp_path):
    members = members_of(bundle)
    del members["data/entities.json"]
    refused(write_zip(rebag(members), tmp_path / "x.nabundle"), "entities.json is missing")


def test_an_entity_referenced_by_a_claim_must_be_in_the_bundle(bundle, tmp_path):
    bad = with_json(bundle, tmp_path / "x.nabundle", "data/claims.json",
                    lambda d: d["claims"][0].update(attribution_entity_id="99999999-9999-4999-8999-999999999999"))
    refused(bad, "attributed to an entity that is not in the bundle")
    assert ENTITY


def test_counts_must_match(bundle, tmp_path):
    bad = with_json(bundle, tmp_path / "x.nabundle", "data/manifest.json",
                    lambda d: d["counts"].update(claims=9))
    refused(bad, "counts do not match")


# --- format 2: the record history (data/versions.json) --------------------------------------------


@pytest.fixture
def versioned(tmp_path):
    from niger_archive.bundles.records import TombstoneRecord, VersionInfo, member_key

    content = sample_content()
    vectors: dict = {"annotation": {a.id: {"r1": 1} for a in content.annotations},
                     "claim": {c.id: {"r1": 1} for c in content.claims},
                     "entity": {e.id: {"r1": 1} for e in content.entities},
                     "relation": {r.id: {"r1": 1} for r in content.relations},
                     "cluster": {c.id: {"r1": 1} for c in content.clusters},
                     "member": {member_key(c.id, m[0]): {"r1": 2} for c in content.clusters for m in c.members},
                     "correction": {f"{a.sha256}/{k}": {"r1": 1} for a in content.articles for k in a.corrections}}
    content.versions = VersionInfo("r1", "b1", "tester", None, vectors,
                                   [TombstoneRecord("annotation", "gone", {"r1": 3, "r2": 1})])
    return make_bundle(tmp_path / "v2.nabundle", content)


def test_a_versioned_bundle_reads_back_its_vectors_and_tombstones(versioned):
    content = read_bundle(versioned)
    assert content.versions.replica == "r1" and content.versions.vector("annotation", ANN_A) == {"r1": 1}
    assert [(t.id, t.vv) for t in content.versions.tombstones] == [("gone", {"r1": 3, "r2": 1})]


@pytest.mark.parametrize("change, message", [
    (lambda d: d["records"]["annotation"].pop(next(iter(d["records"]["annotation"]))), "has no version"),
    (lambda d: d["records"]["annotation"].update({k: [[5, 1]] for k in d["records"]["annotation"]}), "bad entry"),
    (lambda d: d["records"]["annotation"].update({k: [[0, 0]] for k in d["records"]["annotation"]}), "bad entry"),
    (lambda d: d["records"]["annotation"].update({k: [] for k in d["records"]["annotation"]}), "not a version vector"),
    (lambda d: d.update(replicas=["r1", "r1"]), "distinct ids"),
    (lambda d: d["records"].update(secret={}), "unknown record kind"),
    (lambda d: d["tombstones"].append({"kind": "annotation", "id": ANN_A, "vv": [[0, 9]]}), "both in the bundle and deleted"),
    (lambda d: d["tombstones"].append(dict(d["tombstones"][0])), "deleted twice"),
    (lambda d: d.update(tombstones="none"), "not a version list"),
])
def test_a_damaged_version_list_is_refused_with_the_reason(versioned, tmp_path, change, message):
    bad = with_json(versioned, tmp_path / "bad.nabundle", "data/versions.json", lambda d: (change(d), d)[1])
    refused(bad, "data/versions.json", message)
