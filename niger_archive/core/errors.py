"""Owns the error hierarchy: every error a user may see is a NigerArchiveError with a clear message."""


class NigerArchiveError(Exception):
    """Base of every error the program reports to a user (never a traceback)."""


class ImportRejected(NigerArchiveError):
    """A file cannot be imported (empty, binary, undecodable, too large, unreadable)."""


class QueryError(NigerArchiveError):
    """A search query is malformed or too expensive to run."""


class NotFound(NigerArchiveError):
    """An article, annotation, claim, entity or cluster id does not exist."""


class ArchiveError(NigerArchiveError):
    """The archive folder cannot be opened or written (in use, read-only, corrupt)."""


class ArchiveLocked(ArchiveError):
    """Another process holds the archive open for writing."""


class InvalidEdit(NigerArchiveError):
    """An edit cannot be applied (ambiguous quote, unknown colour, bad value)."""


class BundleRejected(NigerArchiveError):
    """A bundle failed verification and was not imported."""
