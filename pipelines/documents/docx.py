"""A DOCX report as a page (python-docx): paragraphs and real tables in document order, merged
cells (gridSpan, vMerge) kept as spans; the centred lines that open the document are its title."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipelines.documents.cell_grid import Cell, CellGrid
from pipelines.documents.cjk_spacing import join_lines, tidy_spaces
from pipelines.documents.document_page import DocumentPage
from pipelines.documents.limits import DocumentLimits
from pipelines.documents.page_html import Block, render_page

_CENTRED = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
MAX_TITLE_LINES = 3


def parse_docx(body: bytes, limits: DocumentLimits) -> DocumentPage:
    document = docx.Document(io.BytesIO(body))
    blocks: list[Block] = []
    title_lines: list[str] = []
    in_title = True
    for item in _body_items(document):
        if isinstance(item, Table):
            in_title = False
            blocks.append(Block(grid=table_grid(item)))
            continue
        text = paragraph_text(item)
        if not text:
            continue
        if in_title and item.alignment in _CENTRED and len(title_lines) < MAX_TITLE_LINES:
            title_lines.append(text)
            continue
        in_title = False
        blocks.append(Block(text=text))
    title = join_lines(title_lines) or (document.core_properties.title or "").strip() or None
    root = render_page(title, blocks, "docx")
    return DocumentPage.from_tree(root, "docx", None, title, [], [])


def _body_items(document) -> list[Paragraph | Table]:
    """Paragraphs and tables of the body in order, content controls (w:sdt) opened."""
    items: list[Paragraph | Table] = []

    def visit(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                items.append(Paragraph(child, document))
            elif child.tag == qn("w:tbl"):
                items.append(Table(child, document))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    visit(content)

    visit(document.element.body)
    return items


def paragraph_text(paragraph: Paragraph) -> str:
    return tidy_spaces(join_lines(paragraph.text.replace("\t", " ").splitlines()))


def table_grid(table: Table) -> CellGrid:
    """The table's cells on its grid: gridSpan widens a cell, vMerge continues the one above."""
    rows: list[list[Cell]] = []
    for tr in table._tbl.tr_lst:
        row: list[Cell] = [Cell() for _ in range(tr.grid_before)]
        for tc in tr.tc_lst:
            column = len(row)
            above = rows[-1][column] if rows and column < len(rows[-1]) else None
            if tc.vMerge == "continue" and above is not None:
                cell = above
                cell.lines.extend(_cell_lines(tc, table))
            else:
                cell = Cell(_cell_lines(tc, table))
            row.extend([cell] * max(1, tc.grid_span))
        rows.append(row)
    return CellGrid(rows)


def _cell_lines(tc, table: Table) -> list[str]:
    lines = []
    for p in tc.iter(qn("w:p")):  # nested tables' paragraphs too, in order
        text = paragraph_text(Paragraph(p, table))
        if text:
            lines.append(text)
    return lines
