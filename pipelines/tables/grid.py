"""A page's innermost HTML tables (with the text lines just before each) and its text, and a table
as a grid of cells in which a rowspan/colspan cell fills every position it covers. Pure: lxml."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from pipelines.tables import labels
from pipelines.tables.cells import Number, parse_value

# Plain lxml elements: lxml.html's element classes cost a lookup per node on large Word pages.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "td", "th", "li", "table", "caption", "section", "article", "dd", "dt"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "select", "textarea"})


def parse_html(html: str) -> etree._Element | None:
    """The page's root element, or None for an empty or unparseable page."""
    if not html or not html.strip():
        return None
    try:
        root = etree.fromstring(html.encode("utf-8", "ignore"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


def _walk(root: etree._Element, tables: list | None) -> str:
    """Text of the page with line breaks at blocks; with `tables`, collects the innermost tables
    (layout tables of the page chrome hold other tables) with the text lines just before each."""
    pieces: list[str] = []
    # Depth-first without recursion: broken pages nest tens of thousands of levels deep. The
    # stack holds elements to enter and text to emit after an element's children.
    stack: list[etree._Element | str] = [root]
    while stack:
        element = stack.pop()
        if isinstance(element, str):
            pieces.append(element)
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in _SKIP_TAGS:
            if tables is not None and tag == "table" and element.find(".//table") is None:
                tables.append((element, _last_lines("".join(pieces))))
                pieces.clear()
            else:
                block = tag in _BLOCK_TAGS
                pieces.append("\n" if block else "")
                pieces.append(element.text or "")
                stack.append(element.tail or "")
                stack.append("\n" if block else "")
                stack.extend(reversed(element))
                continue
        pieces.append(element.tail or "")
    return "".join(pieces) if tables is None else ""


def data_tables(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """The innermost tables of a page, each with the text lines just before it."""
    tables: list[tuple[etree._Element, str]] = []
    _walk(root, tables)
    return tables


def page_text(root: etree._Element) -> str:
    """Text of the page with line breaks at blocks."""
    return _walk(root, None)


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-count:])


@dataclass(eq=False, slots=True)
class Cell:
    text: str
    key: str
    value: Number | None
    blank: bool
    col: int
    width: int

    def overlap(self, start: int, end: int) -> int:
        return max(0, min(self.col + self.width, end) - max(self.col, start))


Grid = list[list[Cell | None]]
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


def grid_of(table: etree._Element) -> Grid:
    """The table as a grid where a spanned cell sits in every position it covers."""
    rows = list(table.iter("tr"))
    occupied: list[dict[int, Cell]] = [{} for _ in rows]
    for r, tr in enumerate(rows):
        taken = occupied[r]
        c = 0
        for td in tr:
            if td.tag not in ("td", "th", "TD", "TH"):
                continue
            while c in taken:
                c += 1
            rowspan = min(_span(td.get("rowspan"), 500), len(rows) - r)
            colspan = _span(td.get("colspan"), 64)
            text = _cell_text(td)
            value, blank = parse_value(text)
            key = labels.label_key(text) if value is None and len(text) <= 200 else ""
            cell = Cell(text, key, value, blank, c, colspan)
            for below in occupied[r : r + rowspan]:
                for dc in range(colspan):
                    below[c + dc] = cell
            c += colspan
    width = 1 + max((max(row, default=-1) for row in occupied), default=-1)
    return [[row.get(c) for c in range(width)] for row in occupied]


def _cell_text(td: etree._Element) -> str:
    """Text nodes joined with spaces: <br>, <p> and Word's runs inside a cell; labels and numbers
    ignore the spaces, two numbered labels in one cell are told apart by them."""
    # a cell without children has one text node; printable text has no white space but spaces
    joined = (td.text or "") if len(td) == 0 else " ".join(td.itertext())
    if joined.isprintable():
        return " ".join(joined.split()) if "  " in joined else joined.strip()
    return _SPACES.sub(" ", joined).strip()


def _span(value: str | None, limit: int) -> int:
    if value is None:
        return 1
    if value.isdecimal():  # the usual "2", without a regex
        significant = value.lstrip("0") or "0"
        return min(max(int(significant) if len(significant) < 10 else limit, 1), limit)
    digits = re.match(r"\s*(\d+)", value)
    if not digits:
        return 1
    # ten or more digits are past any limit: int() of thousands of digits would raise
    significant = digits.group(1).lstrip("0") or "0"
    return min(max(int(significant) if len(significant) < 10 else limit, 1), limit)


def distinct_cells(cells: Iterable[Cell | None]) -> list[Cell]:
    """Each cell once, in order (a spanned cell fills several grid positions)."""
    seen: dict[int, Cell] = {}
    for cell in cells:
        if cell is not None and id(cell) not in seen:
            seen[id(cell)] = cell
    return list(seen.values())
