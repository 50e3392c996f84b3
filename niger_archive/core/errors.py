"""Owns the error hierarchy: every error a user may see is a NigerArchiveError with a clear message."""


class NigerArchiveError(Exception):
    """Base of every error the program reports to a user (never a traceback).

    Its message is usually a ``core.messages.Message`` (English that keeps its template and values):
    :attr:`message` gives it back as raised, so the interface shows it in its language; ``str(error)``
    is the English text (logs, the CLI's per-file lines, JSON)."""

    @property
    def message(self) -> str:
        """The message as raised (a translatable ``Message`` when it is one), else the English text."""
        return message_of(self)


def message_of(exc: BaseException) -> str:
    """What to tell a user about ``exc``: its message as raised (a translatable ``Message`` when it is one,
    as a command's ``Unavailable`` or a program error holds), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


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
