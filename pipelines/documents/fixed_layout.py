"""Reading a fixed-layout document (PDF, OFD) as a report page: the title, clean paragraphs and one
table per logical table, in reading order.

Running headers, footers and page numbers go; lines join into paragraphs within and across pages
(a paragraph ends at a short line, an indented or differently sized next line, a wide gap or a
table); the largest lines at the top of the first page are the title; a table cut by a page break
is stitched back together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from pipelines.documents.cjk_spacing import join_lines
from pipelines.documents.glyphs import LayoutPage, TextLine, text_lines
from pipelines.documents.page_html import Block
from pipelines.documents.ruled_tables import PlacedTable, continues, page_tables, stitch

FURNITURE_BAND = 0.12  # headers and footers live in the top and bottom eighth of a page
_PAGE_NUMBER = re.compile(
    r"[-—–－‐_·•\s]*(第\s*)?[\d０-９]+(\s*页)?(\s*(共|/|／)\s*[\d０-９]+\s*页?)?[-—–－‐_·•\s]*"
    r"|[-—–－\s]*[IVXLCivxlc]+[-—–－\s]*"
)


@dataclass
class LaidOutDocument:
    title: str | None
    blocks: list[Block]
    text_glyphs: int  # glyphs on all pages (0: no text layer)


def read_pages(pages: list[LayoutPage]) -> LaidOutDocument:
    """The document's title and its blocks in reading order."""
    furniture = _furniture_keys(pages)
    items: list[TextLine | PlacedTable] = []
    opening: set[int] = set()  # ids of the items that open a page
    for page in pages:
        tables = page_tables(page)
        taken = set().union(*(t.glyph_ids for t in tables)) if tables else set()
        free = [g for g in page.glyphs if id(g) not in taken]
        lines = [line for line in text_lines(free) if not _is_furniture(line, page, furniture)]
        content: list[TextLine | PlacedTable] = sorted([*lines, *tables], key=lambda i: i.top)
        if content:
            opening.add(id(content[0]))
        items.extend(content)
    items = _stitched(items, opening)
    glyph_count = sum(len(p.glyphs) for p in pages)
    title, items = _title(items)
    return LaidOutDocument(title, _blocks(items, opening), glyph_count)


# --- running headers, footers, page numbers ------------------------------------------------------


def _in_band(line: TextLine, page: LayoutPage) -> bool:
    band = page.height * FURNITURE_BAND
    return line.bottom < band or line.top > page.height - band


def _key(line: TextLine) -> str:
    return re.sub(r"[\d０-９]+", "#", re.sub(r"\s+", "", line.text))


def _furniture_keys(pages: list[LayoutPage]) -> set[str]:
    """Lines in the header or footer band that recur on several pages (page numbers as #)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(line) for line in text_lines(page.glyphs) if _in_band(line, page)})
    return {key for key, count in seen.items() if count >= 2}


def _is_furniture(line: TextLine, page: LayoutPage, recurring: set[str]) -> bool:
    if not _in_band(line, page):
        return False
    return _key(line) in recurring or bool(_PAGE_NUMBER.fullmatch(line.text))


# --- tables across pages ------------------------------------------------------------------------


def _stitched(
    items: list[TextLine | PlacedTable], opening: set[int]
) -> list[TextLine | PlacedTable]:
    out: list[TextLine | PlacedTable] = []
    for item in items:
        previous = out[-1] if out else None
        if (
            id(item) in opening
            and isinstance(item, PlacedTable)
            and isinstance(previous, PlacedTable)
            and continues(previous, item)
        ):
            out[-1] = stitch(previous, item)
        else:
            out.append(item)
    return out


# --- title and paragraphs -------------------------------------------------------------------------


def _body_size(lines: list[TextLine]) -> float:
    sizes = [line.size for line in lines for _ in line.glyphs]
    return median(sizes) if sizes else 0.0


def _title(items: list[TextLine | PlacedTable]) -> tuple[str | None, list[TextLine | PlacedTable]]:
    """The lines at the top of the first page set larger than the body, joined."""
    lines = [item for item in items if isinstance(item, TextLine)]
    body = _body_size(lines)
    count = 0
    for item in items:
        if not isinstance(item, TextLine) or item.size < body * 1.15:
            break
        count += 1
    if count == 0 or count > 4:
        return None, items
    title = join_lines([line.text for line in items[:count]])  # type: ignore[union-attr]
    return title, items[count:]


def _blocks(items: list[TextLine | PlacedTable], opening: set[int]) -> list[Block]:
    lines = [item for item in items if isinstance(item, TextLine)]
    size = _body_size(lines)
    left = _quantile([line.x0 for line in lines], 0.1)
    right = _quantile([line.x1 for line in lines], 0.9)
    steps = [b.top - a.top for a, b in pairwise(lines)]
    pitch = median([step for step in steps if 0 < step < 3 * size] or [2 * size])
    blocks: list[Block] = []
    paragraph: list[TextLine] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block(text=join_lines([line.text for line in paragraph])))
            paragraph.clear()

    for item in items:
        if isinstance(item, PlacedTable):
            close()
            blocks.append(Block(grid=item.grid))
            continue
        if paragraph and _starts_paragraph(
            paragraph[-1], item, id(item) in opening, size, left, right, pitch
        ):
            close()
        paragraph.append(item)
    close()
    return blocks


def _starts_paragraph(
    before: TextLine,
    line: TextLine,
    new_page: bool,
    size: float,
    left: float,
    right: float,
    pitch: float,
) -> bool:
    unit = max(size, 1.0)
    # Sizes where the lines meet: a run-in heading (（四）… in 楷体) does not break its paragraph.
    end, start = _edge_size(before.glyphs[-3:]), _edge_size(line.glyphs[:3])
    if abs(end - start) > 0.2 * max(end, start):
        return True  # a heading or a note set in another size
    if line.x0 > left + 0.9 * unit:
        return True  # first-line indent, a centred or right-aligned line
    if before.x1 + _first_word_width(line) < right - 0.5 * unit:
        return True  # the line before stopped short though the next line's first word fit
    return not new_page and line.top - before.top > 1.45 * pitch  # space before a paragraph


def _first_word_width(line: TextLine) -> float:
    """Width of what a line breaker could not have split: one CJK character, or a Latin word
    (an e-mail address, a number) up to the first space or CJK character."""
    glyphs = line.glyphs
    end = 0
    if glyphs[0].text < "\u2e80":
        while (
            end + 1 < len(glyphs)
            and glyphs[end + 1].text < "\u2e80"
            and glyphs[end + 1].x0 - glyphs[end].x1 <= 0.2 * glyphs[end].size
        ):
            end += 1
    return glyphs[end].x1 - glyphs[0].x0


def _edge_size(glyphs: list) -> float:
    wide = [g.size for g in glyphs if g.text >= "\u2e80"]
    return median(wide or [g.size for g in glyphs])


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
