"""A page element rendered as text blocks: paragraphs, and data tables as tab-separated rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from lxml.html import HtmlElement

from pipelines.page.strings import normalise_paragraph, word_list

# --- rendering --------------------------------------------------------------------------------


class Block(NamedTuple):
    """A paragraph, or a table whose rows are lines of tab-separated cells."""

    kind: str  # "p" or "table"
    text: str


_BLOCK_TAGS = frozenset(
    word_list(
        "address article aside blockquote body caption center dd details dialog "
        "dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
        "header hgroup hr html li main menu nav ol p pre section summary table "
        "tbody thead tfoot tr td th ul ucapcontent"
    )
)
_SKIPPED_TAGS = frozenset(
    word_list(
        "script style noscript template head title iframe object embed svg "
        "canvas select option button input textarea map audio video marquee"
    )
)
_CELL_TAGS = ("td", "th")


def is_data_table(table: HtmlElement) -> bool:
    """A table of cells, as opposed to a layout table holding other tables or one column."""
    if table.find(".//table") is not None:
        return False
    return any(sum(1 for c in row if c.tag in _CELL_TAGS) >= 2 for row in table.iter("tr"))


_ENTER, _EXIT, _TEXT = 0, 1, 2


class _Renderer:
    def __init__(self, skip: Callable[[HtmlElement], bool] | None = None) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.skip = skip

    def flush(self) -> None:
        paragraph = normalise_paragraph("".join(self.buffer))
        self.buffer.clear()
        if paragraph:
            self.blocks.append(Block("p", paragraph))

    def walk(self, root: HtmlElement) -> None:
        """Depth-first without recursion: broken pages nest a thousand levels deep."""
        stack: list[tuple[int, HtmlElement | str]] = [(_ENTER, root)]
        push, buffer, flush, skip = stack.append, self.buffer, self.flush, self.skip
        preformatted = 0
        while stack:
            step, item = stack.pop()
            if step == _TEXT:
                if preformatted:
                    self.text(item, True)
                else:
                    buffer.append(item)  # self.text() without the call: most of what is pushed
                continue
            tag = item.tag
            if tag.__class__ is not str:
                tag = ""  # a comment or processing instruction
            if step == _EXIT:
                if tag == "pre":
                    preformatted -= 1
                if tag in _BLOCK_TAGS:
                    flush()
                continue
            if not tag or tag in _SKIPPED_TAGS or (skip is not None and skip(item)):
                continue
            if tag == "br":
                flush()
                continue
            if tag == "table" and is_data_table(item):
                flush()
                self.table(item)
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if tag == "pre":
                preformatted += 1
            push((_EXIT, item))
            for child in reversed(item):
                tail = child.tail
                if tail:
                    push((_TEXT, tail))
                push((_ENTER, child))
            if item.text:
                push((_TEXT, item.text))

    def text(self, s: str, preformatted: bool) -> None:
        if not preformatted:
            self.buffer.append(s)
            return
        lines = s.split("\n")
        for i, line in enumerate(lines):
            if i:
                self.flush()
            self.buffer.append(line)

    def table(self, table: HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.blocks.extend(render_blocks(caption))
        rows = []
        for row in table.iter("tr"):
            cells = [cell_text(c) for c in row if c.tag in _CELL_TAGS]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append("\t".join(cells))
        if rows:
            self.blocks.append(Block("table", "\n".join(rows)))


def cell_text(cell: HtmlElement) -> str:
    """The text of one table cell on one line: 本年新<br>制作数量 reads 本年新制作数量."""
    text = cell.text
    pieces = ([text] if text else []) if len(cell) == 0 else list(cell.itertext())
    if len(pieces) <= 1:
        return normalise_paragraph(pieces[0]) if pieces else ""
    joined = pieces[0]
    for piece in pieces[1:]:
        if (
            joined
            and piece
            and joined[-1].isascii()
            and joined[-1].isalnum()
            and piece[0].isalnum()
        ):
            joined += " "  # keep <p>12</p><p>34</p> apart
        joined += piece
    return normalise_paragraph(joined)


def render_blocks(
    el: HtmlElement, skip: Callable[[HtmlElement], bool] | None = None
) -> list[Block]:
    """Paragraphs and tables of an element, in document order; <br> starts a new paragraph.

    Elements for which ``skip`` is true are left out (their tail text is kept).
    """
    renderer = _Renderer(skip)
    renderer.walk(el)
    renderer.flush()
    return renderer.blocks


def blocks_to_text(blocks: list[Block]) -> str:
    """Paragraphs separated by a blank line; a table's rows on consecutive lines."""
    return "\n\n".join(b.text for b in blocks)
