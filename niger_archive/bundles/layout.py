"""Owns the bundle layout: the format's name and version, the member names a bundle may hold, and limits.

A bundle (``.nabundle``) is a ZIP whose root is a BagIt bag (RFC 8493)::

    bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
    (bag-info.txt and the tag manifest are optional, as in RFC 8493; manifests of other registered
    algorithms, e.g. manifest-sha512.txt, may stand beside the SHA-256 ones)
    data/manifest.json            format, version, generator, counts, palette
    data/annotations.jsonld       W3C Web Annotation AnnotationCollection
    data/entities.json            entities
    data/claims.json              claims, clusters (with members), relations
    data/claimreview.jsonld       schema.org ClaimReview (claims with a verdict)
    data/claims.csv               the claims as a spreadsheet (RFC 4180)
    data/report.html              a readable, self-contained report
    data/versions.json            (format 2) the writer's replica id, the bundle's id, every record's
                                  version vector and the tombstones of deleted records
    data/copies.json              (format 2, optional) the user's decisions on which articles are copies
    data/articles/<sha256>/original.<txt|html|htm|md|pdf|mhtml|mht|eml|docx>   the original bytes
    data/articles/<sha256>/text.txt                    the clean text the selectors count in
    data/articles/<sha256>/metadata.json               metadata with the user's corrections; for a page
                                                       from a web archive its capture time (`captured`)

Nothing else is accepted on import: any other member is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT_NAME = "niger-archive-bundle"
FORMAT_VERSION = 2                       # 2: every record carries its version vector (data/versions.json)
SUPPORTED_VERSIONS: frozenset[int] = frozenset({1, FORMAT_VERSION})
SUFFIX = ".nabundle"

BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST, TAG_MANIFEST)
# A bundle is an RFC 8493 bag: beside its SHA-256 manifests it may carry manifests of the other
# registered algorithms (a bag re-saved by BagIt tools), and bag-info.txt and the tag manifest are
# optional; manifest-sha256.txt is required (bagging.verify_bundle_bag).
CHECKSUM_ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
_OTHER_MANIFESTS = frozenset(f"{kind}manifest-{alg}.txt" for kind in ("", "tag") for alg in CHECKSUM_ALGORITHMS)

PAYLOAD = "data/"
MANIFEST_JSON = "manifest.json"
ANNOTATIONS_JSONLD = "annotations.jsonld"
ENTITIES_JSON = "entities.json"
CLAIMS_JSON = "claims.json"
CLAIMREVIEW_JSONLD = "claimreview.jsonld"
CLAIMS_CSV = "claims.csv"
REPORT_HTML = "report.html"
VERSIONS_JSON = "versions.json"
COPIES_JSON = "copies.json"
TOP_PAYLOAD = (MANIFEST_JSON, ANNOTATIONS_JSONLD, ENTITIES_JSON, CLAIMS_JSON, CLAIMREVIEW_JSONLD,
               CLAIMS_CSV, REPORT_HTML, VERSIONS_JSON, COPIES_JSON)
REQUIRED_PAYLOAD = (MANIFEST_JSON, ANNOTATIONS_JSONLD, ENTITIES_JSON, CLAIMS_JSON)

ARTICLES_DIR = "articles"
TEXT_TXT = "text.txt"
METADATA_JSON = "metadata.json"
ORIGINAL_STEM = "original"
ORIGINAL_SUFFIXES = ("txt", "html", "htm", "md", "pdf", "mhtml", "mht", "eml", "docx")  # as imported

_ARTICLE_MEMBER = re.compile(
    r"^data/articles/([0-9a-f]{64})/(text\.txt|metadata\.json|original\.(?:" + "|".join(ORIGINAL_SUFFIXES) + "))$"
)
_ARTICLE_DIR = re.compile(r"^data/articles/([0-9a-f]{64})/$")
_DIRECTORIES = frozenset({"data/", "data/articles/"})


def article_dir(sha256: str) -> str:
    """Payload-relative folder of one article (without the leading ``data/``)."""
    return f"{ARTICLES_DIR}/{sha256}"


def original_name(source_format: str | None) -> str:
    suffix = (source_format or "txt").lower()
    return f"{ORIGINAL_STEM}.{suffix if suffix in ORIGINAL_SUFFIXES else 'txt'}"


def is_directory_entry(name: str) -> bool:
    """A ZIP directory entry that belongs to the layout (some ZIP tools add them)."""
    return name in _DIRECTORIES or _ARTICLE_DIR.match(name) is not None


def is_layout_member(name: str) -> bool:
    """True when ``name`` (a ZIP member name, already checked for safety) is a file the layout allows."""
    if name in TAG_FILES or name in _OTHER_MANIFESTS:
        return True
    if name.startswith(PAYLOAD) and name[len(PAYLOAD):] in TOP_PAYLOAD:
        return True
    return _ARTICLE_MEMBER.match(name) is not None


VERIFIED_ONLY = frozenset(PAYLOAD + name for name in (REPORT_HTML, CLAIMS_CSV, CLAIMREVIEW_JSONLD))


def article_member(name: str) -> tuple[str, str] | None:
    """(sha256, file name) of an article member, or None."""
    m = _ARTICLE_MEMBER.match(name)
    return (m.group(1), m.group(2)) if m else None


@dataclass(frozen=True)
class Limits:
    """What a bundle may cost to read; anything beyond is refused before it is fully read."""

    max_bundle_bytes: int = 2 * 1024**3        # the .nabundle file itself
    max_total_bytes: int = 2 * 1024**3         # all members, uncompressed, as actually read
    max_member_bytes: int = 1024**3            # one member, uncompressed
    # Members the import never uses (the report, the CSV, the ClaimReview copy) are only verified:
    # streamed through SHA-256, never held in memory, and together they may hold at most this much
    # plus ``verified_per_used`` times what the import uses (they are derived from it).
    verified_floor_bytes: int = 16 * 1024**2
    verified_per_used: float = 4.0
    max_members: int = 100_000
    max_json_bytes: int = 512 * 1024**2        # one JSON file
    max_json_depth: int = 64                   # nesting of arrays and objects
    max_tag_file_bytes: int = 64 * 1024**2     # bagit.txt, bag-info.txt, manifests
    chunk_bytes: int = 64 * 1024               # read size


DEFAULT_LIMITS = Limits()
