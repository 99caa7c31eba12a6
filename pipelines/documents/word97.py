"""A Word 97-2003 report (DOC, and WPS Office's .wps, the same format) as a page.

Tables come from the file's own structure (cell and row marks, each row's cell boundaries and
vertical merges: word97_binary); antiword, which loses rows of tables with merged cells, only
reads what that cannot (Word 6/95 files, damaged files): text without tables, with a warning.
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from pipelines.documents.cell_grid import Cell, CellGrid
from pipelines.documents.cjk_spacing import join_lines, tidy_spaces
from pipelines.documents.document_page import DocumentPage
from pipelines.documents.limits import DocumentLimits
from pipelines.documents.page_html import Block, render_page
from pipelines.documents.word97_binary import Paragraph, RowCell, Word97Error, read_paragraphs

ANTIWORD = "antiword"
MAX_TITLE_LINES = 3
SNAP_TWIPS = 30  # cell boundaries this close (1.5 pt) are one column boundary


def parse_word97(body: bytes, limits: DocumentLimits, kind: str = "doc") -> DocumentPage:
    warnings: list[str] = []
    try:
        paragraphs = read_paragraphs(body)
    except (Word97Error, ValueError, IndexError, KeyError) as exc:
        try:
            text = antiword_text(body, limits)
        except (OSError, subprocess.SubprocessError) as failed:
            raise Word97Error(f"{exc}; antiword: {type(failed).__name__}") from failed
        warnings.append(f"document-word97-fallback:{exc}"[:200])
        paragraphs = [Paragraph(line) for line in text.split("\n")]
    title, blocks = _blocks(paragraphs)
    root = render_page(title, blocks, kind)
    return DocumentPage.from_tree(root, kind, None, title, [], warnings)


def parse_wps(body: bytes, limits: DocumentLimits) -> DocumentPage:
    return parse_word97(body, limits, "wps")


def antiword_text(body: bytes, limits: DocumentLimits) -> str:
    """The document's text as antiword reads it (UTF-8, lines unwrapped)."""
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(body)
        handle.flush()
        result = subprocess.run(
            [ANTIWORD, "-m", "UTF-8.txt", "-w", "0", handle.name],
            capture_output=True,
            timeout=limits.max_seconds,
            check=True,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    return result.stdout.decode("utf-8", "replace")


def _blocks(paragraphs: list[Paragraph]) -> tuple[str | None, list[Block]]:
    blocks: list[Block] = []
    title_lines: list[str] = []
    in_title = True
    table: list[tuple[list[Cell], list[RowCell]]] = []
    row: list[Cell] = []
    lines: list[str] = []  # of the cell being read
    for paragraph in paragraphs:
        text = tidy_spaces(join_lines(paragraph.text.split("\n")))
        if paragraph.in_table:
            in_title = False
            if text:
                lines.append(text)
            if paragraph.depth > 1:
                continue  # a table inside a cell: its text stays in the cell
            if paragraph.cell_end:
                row.append(Cell(lines))
                lines = []
            elif paragraph.row_end:
                table.append((row, paragraph.row_cells))
                row, lines = [], []
            continue
        if table:
            blocks.append(Block(grid=_grid(table)))
            table = []
        if not text:
            continue
        if in_title and paragraph.centred and len(title_lines) < MAX_TITLE_LINES:
            title_lines.append(text)
            continue
        in_title = False
        blocks.append(Block(text=text))
    if table:
        blocks.append(Block(grid=_grid(table)))
    return join_lines(title_lines) or None, blocks


def _grid(rows: list[tuple[list[Cell], list[RowCell]]]) -> CellGrid:
    """Rows of cells on the columns all rows' cell boundaries make; a cell marked as continuing
    a vertical merge is the cell above it."""
    edges = sorted({edge for _, bounds in rows for b in bounds for edge in (b.left, b.right)})
    columns: list[int] = []
    for edge in edges:
        if not columns or edge - columns[-1] > SNAP_TWIPS:
            columns.append(edge)
    grid: list[list[Cell]] = []
    for cells, bounds in rows:
        if len(bounds) != len(cells) or len(columns) < 2:
            grid.append(list(cells))  # no usable row definition: cells as they come
            continue
        out: list[Cell] = []
        for cell, bound in zip(cells, bounds, strict=True):
            first, last = _column(columns, bound.left), _column(columns, bound.right)
            span = max(1, last - first)
            above = grid[-1] if grid else []
            position = len(out)
            if bound.vertical_merge == 1 and position < len(above):
                merged = above[position]
                merged.lines.extend(cell.lines)
                cell = merged
            out.extend([cell] * span)
        grid.append(out)
    return CellGrid(grid)


def _column(columns: list[int], edge: int) -> int:
    return min(range(len(columns)), key=lambda i: abs(columns[i] - edge))
