"""Owns what a command handler may ask of its surroundings: the context protocol and the questions.

The desktop window implements :class:`CommandContext`; tests implement it with a plain object. A
handler that needs input is a generator: it yields a question (:class:`TextQuestion`,
:class:`ChoiceQuestion`, :class:`PathQuestion`) and receives the answer, so no handler ever blocks
in a modal dialog and every flow can be driven by keys alone. A handler may also yield
:class:`Work` (a job to run off the interface thread) and receive the job's results when it ends,
so a flow can look at something slow (a bundle's dry run) before asking. All offsets are Unicode
code points over the article's stored clean text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

if TYPE_CHECKING:
    from ..core.edits import Edit
    from ..core.models import Change
    from ..services.archive import Archive
    from ..services.editing import Editor

Step = Callable[["Editor"], "Edit"]
BackgroundJob = Callable[["Archive"], Iterator[Any]]
Summary = Callable[[list[Any], bool], str]


class Unavailable(Exception):
    """The command cannot run now; the message tells the user what to do instead."""


@dataclass(frozen=True)
class TextQuestion:
    prompt: str
    initial: str = ""
    completions: tuple[str, ...] = ()
    placeholder: str = ""


@dataclass(frozen=True)
class ChoiceOption:
    value: str
    label: str
    terms: tuple[str, ...] = ()  # other words that pick this option when typed exactly (aliases)
    detail: str = ""  # shown beside the label (e.g. a command's keys)


@dataclass(frozen=True)
class ChoiceQuestion:
    """Pick one option; with ``allow_new`` a typed text matching no option is answered as NewText."""

    prompt: str
    options: tuple[ChoiceOption, ...]
    current: str | None = None
    allow_new: bool = False
    initial: str = ""
    placeholder: str = ""
    message: str = ""  # shown above the options (e.g. what confirming would do)

    def exact_match(self, text: str) -> str | None:
        """The value of the option whose label or a term equals ``text`` (ignoring case and spacing)."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        for option in self.options:
            names = (option.label, option.value, *option.terms)
            if any(" ".join(n.split()).casefold() == wanted for n in names):
                return option.value
        return None


@dataclass(frozen=True)
class NewText:
    text: str


@dataclass(frozen=True)
class PathQuestion:
    """A file or folder path; ``mode`` is "open" (files or folders, answered as a list), "directory" or
    "save" (answered as one path)."""

    prompt: str
    mode: str = "open"
    initial: str = ""
    filters: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Work:
    """Not a question: ``job(archive)`` runs off the interface thread (with progress and Cancel), and
    the handler receives the list of what it yielded (Progress left out). A failed or cancelled job
    ends the command with a message."""

    title: str
    job: "BackgroundJob"


Question = TextQuestion | ChoiceQuestion | PathQuestion


class CommandContext(Protocol):
    """What the window offers a command handler (the UI implements it; tests fake it)."""

    @property
    def archive(self) -> "Archive": ...

    @property
    def article_id(self) -> int | None:
        """The article in the reader, if any."""

    @property
    def annotation_id(self) -> str | None:
        """The current annotation (under the caret, or chosen in a pane)."""

    @property
    def raw_mode(self) -> bool:
        """True while the reader shows the raw original instead of the clean text."""

    def text(self) -> str:
        """The clean text of the current article ("" when none is open)."""

    def selection(self) -> tuple[int, int] | None:
        """The reader's non-empty selection as code points [start, end), or None."""

    def caret(self) -> int | None:
        """The reader's caret as a code point offset, or None when no article is open."""

    def select(self, start: int, end: int) -> None:
        """Select [start, end) in the reader (code points) and make it visible."""

    def pane_item(self, kind: str) -> Any:
        """The current row of a pane: "claim" or "annotation" id, "entity" id, "suggestion" dict,
        "cluster" id, "article" id (library); None when there is none."""

    def library_ids(self) -> list[int]:
        """Article ids in the order the library shows them (sorted and filtered)."""

    def search_query(self) -> str:
        """The library's search with its filters, as a query ("" when the library lists everything)."""

    def push(self, edit: "Edit") -> "Change":
        """Apply an edit as one undo step."""

    def push_steps(self, label: str, steps: Iterable[Step]) -> "Change":
        """Apply several edits as ONE undo step; each step sees the effect of the ones before."""

    def changed(self, change: "Change") -> None:
        """Bring the views up to date after a service changed the archive directly (not through
        :meth:`push`, e.g. settling a bundle conflict)."""

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def message(self, text: str, *, error: bool = False) -> None: ...

    def focus(self, target: str) -> None:
        """Move the keyboard focus: reader, search, find (the reader's find bar), library, claims,
        entities, compare, review, inspector, note, metadata."""

    def show(self, view: str) -> None:
        """Show a view: help (the keyboard reference), about, raw (toggle the original text), versions
        (the diff with the article's earlier versions, beside the reader, with the focus in it)."""

    def open_article(self, article_id: int, start: int | None = None, end: int | None = None) -> None: ...

    def go_to_annotation(self, annotation_id: str) -> None:
        """Open the annotation's article, put the caret on it and make it current."""

    def set_annotation(self, annotation_id: str | None) -> None:
        """Make an annotation of the open article current (after creating it)."""

    def run_background(self, title: str, job: BackgroundJob, summarize: Summary | None = None) -> None:
        """Run ``job(archive)`` (a generator yielding Progress and results) off the interface thread,
        on its own Archive opened on the same folder, with a progress bar and Cancel; at the end
        ``summarize(results, cancelled)`` gives the message shown to the user."""

    def cancel_background(self) -> bool:
        """Cancel the running background job; False when none runs."""

    def open_archive(self, path: str) -> None: ...

    def run_command(self, command_id: str) -> None:
        """Run another command (the palette does this)."""

    def quit(self) -> None: ...
