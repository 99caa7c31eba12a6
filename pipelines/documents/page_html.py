"""The HTML page a document becomes: <title>, an <h1> title, <p> paragraphs in reading order and
<table> elements with rowspan/colspan, the page the HTML pipeline reads for any report."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml.html import builder as E

from pipelines.documents.cell_grid import CellGrid


@dataclass
class Block:
    """A paragraph (`text`) or a table (`grid`), in reading order."""

    text: str = ""
    grid: CellGrid | None = None


def render_page(title: str | None, blocks: list[Block], kind: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree: the title as <title> and <h1>, then the blocks."""
    body = E.BODY(E.CLASS("document"), **{"data-source-format": kind})
    if title:
        body.append(E.H1(title))
    for block in blocks:
        if block.grid is not None:
            if block.grid.rows:
                body.append(_table(block.grid))
        elif block.text:
            body.append(E.P(block.text))
    return E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title or "")), body)


def serialise(root: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _table(grid: CellGrid) -> lxml.html.HtmlElement:
    table = E.TABLE(border="1")
    for starts in grid.spans():
        tr = E.TR()
        for cell, rowspan, colspan in starts:
            td = E.TD(cell.text)
            if rowspan > 1:
                td.set("rowspan", str(rowspan))
            if colspan > 1:
                td.set("colspan", str(colspan))
            tr.append(td)
        table.append(tr)
    return table
