"""Tables of a fixed-layout page found from their rules, and a table continued on the next page.

Rules that cross each other form a table; the distinct x and y positions of its rules cut it into
atomic cells, and two neighbouring atomic cells with no rule between them are one (merged) cell.
A table cut by a page break is stitched back: columns unified, header rows the next page repeats
dropped, and the cells the break cut in two (a spanning label, a row allowed to break) joined.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from pipelines.documents.cell_grid import Cell, CellGrid
from pipelines.documents.glyphs import Glyph, LayoutPage, Rule, text_lines

SNAP = 2.5  # points: rules this close are one rule, positions this close one position
MIN_RULE = 3.0  # shorter strokes are dots and glyph parts, not rules


@dataclass
class PlacedTable:
    """A table with where it stands: its rule positions and bounding box on its (first) page."""

    grid: CellGrid
    xs: list[float]  # column boundaries, left to right
    x0: float
    x1: float
    top: float
    bottom: float
    glyph_ids: set[int] = field(default_factory=set)


@dataclass
class _Segment:
    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


def page_tables(page: LayoutPage) -> list[PlacedTable]:
    """The ruled tables of one page, top to bottom, with the glyphs inside their cells."""
    horizontal = _merged([_segment(r) for r in page.rules if r.horizontal])
    vertical = _merged([_segment(r) for r in page.rules if not r.horizontal])
    tables = []
    for hs, vs in _connected(horizontal, vertical):
        if len(hs) >= 2 and len(vs) >= 2:
            table = _table(hs, vs, page.glyphs)
            if table is not None:
                tables.append(table)
    return sorted(tables, key=lambda t: t.top)


def _segment(rule: Rule) -> _Segment:
    if rule.horizontal:
        return _Segment((rule.top + rule.bottom) / 2, rule.x0, rule.x1)
    return _Segment((rule.x0 + rule.x1) / 2, rule.top, rule.bottom)


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of i's group (paths halved on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(parent: list[int], i: int, j: int) -> None:
    parent[_root(parent, i)] = _root(parent, j)


def _merged(segments: list[_Segment]) -> list[_Segment]:
    """Collinear pieces that touch joined into one segment (borders are drawn cell by cell)."""
    lines: list[list[_Segment]] = []
    for s in sorted(segments, key=lambda s: s.at):
        if lines and s.at - lines[-1][0].at <= SNAP / 2:
            lines[-1].append(s)
        else:
            lines.append([s])
    out: list[_Segment] = []
    for line in lines:
        at = sum(s.at for s in line) / len(line)
        merged: list[_Segment] = []
        for s in sorted(line, key=lambda s: s.start):
            if merged and s.start <= merged[-1].end + SNAP:
                merged[-1].end = max(merged[-1].end, s.end)
            else:
                merged.append(_Segment(at, s.start, s.end))
        out.extend(s for s in merged if s.end - s.start >= MIN_RULE)
    return out


def _connected(
    hs: list[_Segment], vs: list[_Segment]
) -> list[tuple[list[_Segment], list[_Segment]]]:
    """Groups of rules that touch or cross: each group is one table."""
    parent = list(range(len(hs) + len(vs)))

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP:
                _join(parent, i, len(hs) + j)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(_root(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(_root(parent, len(hs) + j), ([], []))[1].append(v)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= SNAP:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _covered(segments: list[_Segment], at: float, start: float, end: float) -> bool:
    """Whether rules at `at` draw most of the stretch start…end."""
    drawn = sum(
        max(0.0, min(s.end, end) - max(s.start, start)) for s in segments if abs(s.at - at) <= SNAP
    )
    return drawn >= (end - start) * 0.6


def _table(hs: list[_Segment], vs: list[_Segment], glyphs: list[Glyph]) -> PlacedTable | None:
    # The outermost rules bound the table even when its sides are not drawn.
    xs = _positions([v.at for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
    ys = _positions([h.at for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    parent = list(range(rows * cols))

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                _join(parent, r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                _join(parent, r * cols + c, (r + 1) * cols + c)
    cells: dict[int, Cell] = {}
    grid = CellGrid([[cells.setdefault(_root(parent, r * cols + c), Cell()) for c in range(cols)]
                     for r in range(rows)])  # fmt: skip
    if len(cells) < 2:
        return None  # a box around text is no table
    inside: dict[int, list[Glyph]] = {}
    glyph_ids: set[int] = set()
    for glyph in glyphs:
        cx, cy = glyph.cx, glyph.cy
        if xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]:
            r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
            inside.setdefault(_root(parent, r * cols + c), []).append(glyph)
            glyph_ids.add(id(glyph))
    for root, cell in cells.items():
        cell.lines = [line.text for line in text_lines(inside.get(root, []))]
    return PlacedTable(grid, xs, xs[0], xs[-1], ys[0], ys[-1], glyph_ids)


# --- a table continued on the next page ----------------------------------------------------------

_NUMBER = re.compile(r"[-+－]?[\d０-９][\d０-９,，.．]*\s*[%％件个条人次元万]*")
_NUMBERED = re.compile(r"^[（(]?[一二三四五六七八九十\d０-９]+[、.．)）]")


def continues(above: PlacedTable, below: PlacedTable) -> bool:
    """Whether `below` (first on its page) is the rest of `above` (last on the page before)."""
    return abs(above.x0 - below.x0) <= 2 * SNAP and abs(above.x1 - below.x1) <= 2 * SNAP


def stitch(above: PlacedTable, below: PlacedTable) -> PlacedTable:
    """One table from a table and its continuation on the next page."""
    xs = _positions(above.xs + below.xs)
    upper, lower = _on_columns(above, xs), _on_columns(below, xs)
    lower = lower[_repeated_header(upper, lower) :]
    grid = CellGrid(upper + lower)
    if upper and lower:
        _join_seam(grid, len(upper))
    return PlacedTable(grid, xs, above.x0, above.x1, above.top, above.bottom, above.glyph_ids)


def _on_columns(table: PlacedTable, xs: list[float]) -> list[list[Cell]]:
    """The table's rows on the unified column boundaries `xs`."""
    centres = [(a + b) / 2 for a, b in pairwise(xs)]
    own = table.xs
    columns = [min(max(bisect_right(own, x) - 1, 0), len(own) - 2) for x in centres]
    width = table.grid.width
    return [[row[min(c, width - 1)] for c in columns] for row in table.grid.rows]


def _repeated_header(upper: list[list[Cell]], lower: list[list[Cell]]) -> int:
    """How many of the continuation's first rows repeat the table's header rows."""
    count = 0
    while (
        count < min(len(upper), len(lower)) - 1
        and [c.text for c in upper[count]] == [c.text for c in lower[count]]
        and any(c.text for c in lower[count])
    ):
        count += 1
    return count


def _join_seam(grid: CellGrid, seam: int) -> None:
    """Join the cells a page break cut in two: the last row above it and the first below."""
    above, below = grid.rows[seam - 1], grid.rows[seam]
    pairs: list[tuple[Cell, Cell, int]] = []
    for c, (a, b) in enumerate(zip(above, below, strict=True)):
        if (not pairs or pairs[-1][:2] != (a, b)) and _extent(above, a) == _extent(below, b):
            pairs.append((a, b, c))
    values = [i for i, (a, b, _) in enumerate(pairs) if _number(a.text) or _number(b.text)]
    both = any(_number(a.text) and _number(b.text) for a, b, _ in pairs)
    if not both and not any(_NUMBERED.match(b.text) for _, b, _ in pairs):
        # A row allowed to break across the page: every cell of it goes on below the break.
        for a, b, _ in pairs:
            grid.merge(a, b)
        return
    # Rows apart: only label cells left of the row's own label were cut (a rowspan's text).
    labels = range(min(values, default=len(pairs)))
    innermost = max((i for i in labels if pairs[i][0].text or pairs[i][1].text), default=-1)
    for i in labels:
        a, b, _ = pairs[i]
        if i < innermost and not _NUMBERED.match(b.text):
            grid.merge(a, b)


def _number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def _extent(row: list[Cell], cell: Cell) -> tuple[int, int]:
    columns = [c for c, other in enumerate(row) if other is cell]
    return columns[0], columns[-1]
