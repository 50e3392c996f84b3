"""Owns moving around: selecting sentences and paragraphs, stepping through highlights and articles, focus."""

from __future__ import annotations

from ..core.messages import N_, Message
from ..core.sentences import paragraph_at, sentence_at
from .context import CommandContext, Unavailable
from .registry import command
from .targets import require_article

READER = "reader"


def _next_start(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _select_unit(ctx: CommandContext, unit_at, name: str) -> None:
    require_article(ctx)
    text = ctx.text()
    if not text.strip():
        raise Unavailable("This article has no text")
    selection = ctx.selection()
    if selection is not None:
        # pressing again extends the selection by the next unit
        start, end = selection
        following = _next_start(text, end)
        if following >= len(text):
            raise Unavailable(Message("No {unit} after the selection", unit=N_(name)))
        span = unit_at(text, following)
        if span is None or span[1] <= end:
            raise Unavailable(Message("No {unit} after the selection", unit=N_(name)))
        ctx.select(start, span[1])
        return
    caret = ctx.caret() or 0
    span = unit_at(text, min(caret, max(0, len(text) - 1)))
    if span is None:
        raise Unavailable(Message("No {unit} at the caret", unit=N_(name)))
    ctx.select(*span)


@command("reader.select_sentence", "Select sentence", keys=("S",), context=READER, menu="Go", section="select",
         description="Select the sentence at the caret; press again to add the next sentence")
def select_sentence(ctx: CommandContext) -> None:
    _select_unit(ctx, sentence_at, "sentence")


@command("reader.select_paragraph", "Select paragraph", keys=("P",), context=READER, menu="Go", section="select",
         description="Select the paragraph at the caret; press again to add the next paragraph")
def select_paragraph(ctx: CommandContext) -> None:
    _select_unit(ctx, paragraph_at, "paragraph")


def _step_annotation(ctx: CommandContext, forward: bool) -> None:
    article_id = require_article(ctx)
    placed = [a for a in ctx.archive.annotations.find(article_id) if not a.is_orphan]
    if not placed:
        raise Unavailable("This article has no highlights yet")
    ids = [a.id for a in placed]
    if ctx.annotation_id in ids and ctx.selection() is None:
        i = ids.index(ctx.annotation_id) + (1 if forward else -1)
    else:
        caret = ctx.caret() or 0
        if forward:
            i = next((n for n, a in enumerate(placed) if a.start > caret), len(placed))
        else:
            i = max((n for n, a in enumerate(placed) if a.start < caret), default=-1)
    if not 0 <= i < len(placed):
        raise Unavailable("No more highlights in this article" if forward else "No earlier highlight in this article")
    ctx.go_to_annotation(placed[i].id)


@command("reader.next_annotation", "Next highlight", keys=("J",), context=READER, menu="Go", section="highlights",
         description="Move to the next highlight in the article")
def next_annotation(ctx: CommandContext) -> None:
    _step_annotation(ctx, True)


@command("reader.previous_annotation", "Previous highlight", keys=("K",), context=READER, menu="Go",
         section="highlights", description="Move to the previous highlight in the article")
def previous_annotation(ctx: CommandContext) -> None:
    _step_annotation(ctx, False)


def _step_article(ctx: CommandContext, step: int) -> None:
    ids = ctx.library_ids()
    if not ids:
        raise Unavailable("The library shows no articles")
    if ctx.article_id in ids:
        i = ids.index(ctx.article_id) + step
    else:
        i = 0 if step > 0 else len(ids) - 1
    if not 0 <= i < len(ids):
        raise Unavailable("This is the last article in the library" if step > 0
                          else "This is the first article in the library")
    ctx.open_article(ids[i])


@command("reader.next_article", "Next article", keys=("]",), context=READER, menu="Go", section="articles",
         description="Open the next article in the library's order")
def next_article(ctx: CommandContext) -> None:
    _step_article(ctx, 1)


@command("reader.previous_article", "Previous article", keys=("[",), context=READER, menu="Go",
         section="articles", description="Open the previous article in the library's order")
def previous_article(ctx: CommandContext) -> None:
    _step_article(ctx, -1)


@command("reader.toggle_raw", "Show original text", keys=("O",), context=READER, menu="View", section="reader",
         description="Switch the reader between the clean text and the original file as imported")
def toggle_raw(ctx: CommandContext) -> None:
    if ctx.article_id is None:
        raise Unavailable("Open an article first")
    ctx.show("raw")


@command("reader.inspector", "Go to inspector", keys=("I",), context=READER, menu="Go", section="focus",
         description="Move the focus to the inspector of the current highlight")
def focus_inspector(ctx: CommandContext) -> None:
    ctx.focus("inspector")


@command("reader.metadata", "Edit article details", keys=("M",), context=READER, menu="Annotate",
         section="article", description="Correct the title, outlet, author, dates or URL of the article")
def edit_metadata(ctx: CommandContext) -> None:
    if ctx.article_id is None:
        raise Unavailable("Open an article first")
    ctx.focus("metadata")


@command("view.reader", "Return to reader", keys=("Esc",), context="global", menu="Go", section="focus",
         description="Give the keyboard focus back to the reader")
def focus_reader(ctx: CommandContext) -> None:
    ctx.focus("reader")


@command("go.search", "Search", keys=("/",), context="global", menu="Go", section="focus",
         description="Search the archive (words, \"phrases\", outlet:, tag:, verdict:, date ranges)")
def focus_search(ctx: CommandContext) -> None:
    ctx.focus("search")


@command("reader.find", "Find in this article", keys=("Ctrl+F",), context="global", menu="Go", section="focus",
         description="Find words in the open article: Enter goes to the next match, Shift+Enter to the previous, "
                     "Esc closes the find bar")
def find_in_article(ctx: CommandContext) -> None:
    if ctx.article_id is None:
        raise Unavailable("Open an article first")
    ctx.focus("find")


for _n, (_pane, _title) in enumerate((("library", "Library"), ("claims", "Claims"), ("entities", "Entities"),
                                      ("compare", "Compare"), ("review", "Review"), ("annotations", "Annotations")),
                                     start=1):
    command(f"view.{_pane}", f"Go to {_title} pane", keys=(f"Ctrl+{_n}",), context="global", menu="View",
            section="panes", description=f"Show the {_title} pane and move the focus there")(
        lambda ctx, p=_pane: ctx.focus(p))


@command("library.open", "Open article", keys=("Return",), context="library", menu="Go", section="panes",
         description="Open the article chosen in the library")
def open_article(ctx: CommandContext) -> None:
    article_id = ctx.pane_item("article")
    if article_id is None:
        raise Unavailable("Choose an article in the library first")
    ctx.open_article(article_id)
    ctx.focus("reader")


@command("review.open", "Open highlight to review", keys=("Return",), context="review", menu="Go",
         section="panes", description="Show the chosen highlight (or where it used to be) in the reader")
def open_review_item(ctx: CommandContext) -> None:
    annotation_id = ctx.pane_item("annotation")
    if annotation_id is None:
        raise Unavailable("Choose a highlight in the review list first")
    ctx.go_to_annotation(annotation_id)
    ctx.focus("reader")


@command("annotations.open", "Show annotation in reader", keys=("Return",), context="annotations", menu="Go",
         section="panes", description="Show the highlight, claim or mention chosen in the annotations list in the reader")
def open_listed_annotation(ctx: CommandContext) -> None:
    annotation_id = ctx.pane_item("annotation")
    if annotation_id is None:
        raise Unavailable("Choose an annotation in the list first")
    ctx.go_to_annotation(annotation_id)
    ctx.focus("reader")


@command("review.delete", "Delete reviewed highlight", keys=("Del",), context="review", menu="Annotate",
         section="delete", description="Delete the highlight chosen in the review list")
def delete_review_item(ctx: CommandContext) -> None:
    annotation_id = ctx.pane_item("annotation")
    if annotation_id is None:
        raise Unavailable("Choose a highlight in the review list first")
    ctx.push(ctx.archive.editor.delete_annotation(annotation_id))


@command("compare.open", "Open compared passage", keys=("Return",), context="compare", menu="Go",
         section="panes", description="Show the chosen outlet's passage in the reader")
def open_compared(ctx: CommandContext) -> None:
    claim_id = ctx.pane_item("claim")
    if claim_id is None:
        raise Unavailable("Choose an outlet's column first")
    ctx.go_to_annotation(ctx.archive.annotations.claim(claim_id).annotation_id)
    ctx.focus("reader")
