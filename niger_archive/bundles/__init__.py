"""Owns annotated bundles and reports: the ``.nabundle`` format (a zipped BagIt bag), its verified reading,
and the standalone exports (W3C Web Annotation JSON-LD, schema.org ClaimReview, CSV, HTML report).

This package knows nothing of archives: it turns :class:`records.BundleContent` into files and
files back into records. ``services.bundle_exchange`` gathers the records from an archive and merges them in.
"""

from .layout import DEFAULT_LIMITS, FORMAT_NAME, FORMAT_VERSION, SUFFIX, Limits
from .reading import read_bundle
from .records import BundleContent
from .writing import FORMATS, write_bundle, write_single

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SUFFIX",
    "BundleContent",
    "Limits",
    "read_bundle",
    "write_bundle",
    "write_single",
]
