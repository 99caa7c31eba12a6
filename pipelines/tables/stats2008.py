"""The 政府信息公开情况统计表 (2014-2018, and provinces' own before): label, 单位 and value columns
(统计数, or one per scope, or the year's and 历年累计); rows of the national form get its label
paths, other rows are placed by numbering; each row keeps the unit it prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pipelines.tables import labels
from pipelines.tables.cells import parse_value
from pipelines.tables.columns import ColumnGroup, Row, emit_rows, match_columns
from pipelines.tables.grid import Cell, Grid, distinct_cells


@dataclass
class StatsTable:
    """The rows of one 统计表, the unit each row prints, and whether it is the national form."""

    rows: list[Row] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # row path -> unit (条, 件, 万元 …)
    national: bool = True


def stats2008_rows(grid: Grid, national: bool, warnings: list[str]) -> StatsTable:
    """统计表: label, 单位 and value columns (sometimes 序号 or 代码). Rows of the national form
    get its label paths, each within its own section; other tables keep their own labels."""
    lines = _label_lines(grid)
    if national and not _mostly_national(lines):
        national = False  # a province's own form that shares some of the national labels
    table = StatsTable(national=national)
    previous: tuple[str, ...] | None = None
    unknown: list[str] = []
    # A table whose first line has no number has unnumbered top-level lines (申请总数).
    unnumbered_top = bool(lines) and labels.label_level(lines[0].texts[-1]) is None
    for line in lines:
        path = resolve_stats2008_row(line.texts, previous) if national else None
        if path is None:
            path = _numbered_path(line.texts[-1], previous, unnumbered_top)
            unknown.append(path[-1])
        previous = path
        row = "/".join(path)
        emitted = emit_rows(labels.STATS2008, row, line.pairs, warnings)
        if emitted and line.unit:
            table.units[row] = line.unit
        table.rows += emitted
    if unknown and national:
        warnings.append(
            f"table-label:stats2008: {len(unknown)} rows outside the national form, "
            f"e.g. {unknown[0]!r}"
        )
    return table


def resolve_stats2008_row(
    texts: Sequence[str], previous: tuple[str, ...] | None, strict: bool = False
) -> tuple[str, ...] | None:
    """The national form's path of a row: （一）（二）（三） repeat under 四、五、六, so a row stays
    in the section of the row above it and never moves back to an earlier one."""
    return labels.STATS2008_ROW_VOCABULARY.resolve(texts, previous, strict=strict, sectioned=True)


def stats2008_column(header: str, lone: bool) -> tuple[str, str | None]:
    """(column label, scope) of a 统计表 value column: a column headed by a scope is that scope's
    统计数; the year's own column (统计数, 本年度, 2012年度, 本年累计) or a lone one is the 统计数;
    历年累计 keeps its own column; any other header its printed label."""
    key = labels.label_key(header)
    scope = labels.SCOPE_PATTERN.search(header.replace(" ", ""))
    if scope:
        return labels.STATS2008_COLUMN, scope.group(0)
    if key in labels.STATS2008_VALUE_HEADERS or labels.STATS2008_YEAR_HEADER.fullmatch(key):
        return labels.STATS2008_COLUMN, None
    if labels.STATS2008_CUMULATIVE_HEADER.fullmatch(key):
        return labels.STATS2008_CUMULATIVE_COLUMN, None
    return (labels.STATS2008_COLUMN if lone else labels.display_label(header)), None


def stats2008_columns(headers: Sequence[str]) -> list[tuple[str, str | None]]:
    """(label, scope) of each value column under these headers; columns that would share a name
    (统计数 | 数量) keep their printed headers, so that no column is dropped as a duplicate."""
    named = [stats2008_column(header, lone=len(headers) == 1) for header in headers]
    names = Counter(named)
    return [
        column if names[column] == 1 else (labels.display_label(header), column[1])
        for header, column in zip(headers, named, strict=True)
    ]


def is_stats2008_value_header(key: str) -> bool:
    """A header cell that names a value column of a 统计表 (统计数, 2012年度, 历年累计 …)."""
    return (
        key in labels.STATS2008_VALUE_HEADERS
        or bool(labels.STATS2008_YEAR_HEADER.fullmatch(key))
        or bool(labels.STATS2008_CUMULATIVE_HEADER.fullmatch(key))
    )


@lru_cache(maxsize=256)  # a handful of units, printed on every row
def stats2008_unit(text: str) -> str | None:
    """The unit a 单位 cell prints, or None for a blank or placeholder (——) cell."""
    value, blank = parse_value(text)
    return None if blank or value is not None else labels.display_label(text)


# --- the grid ---------------------------------------------------------------------------------


class _Header(NamedTuple):
    at: int | None  # the header row
    groups: list[ColumnGroup]  # value columns
    skip: set[int]  # grid columns that hold neither labels nor values: 单位, 序号, 代码
    units: set[int]  # of those, the 单位 columns


class _Line(NamedTuple):
    texts: list[str]  # label cells, outermost first
    pairs: list[tuple[Cell, ColumnGroup]]  # value cells and their columns
    unit: str | None


def _label_lines(grid: Grid) -> list[_Line]:
    """The rows of the table that have a label, with their value cells and unit."""
    header = _stats2008_header(grid)
    first_value = min((g.start for g in header.groups), default=None)
    out: list[_Line] = []
    for grid_row in grid[(header.at + 1 if header.at is not None else 0) :]:
        cells = distinct_cells(grid_row)
        # The 单位 column's cell; without one, a unit standing in a cell of its own (| 件 | 86 |).
        units = [
            stats2008_unit(c.text)
            for c in cells
            if (c.col in header.units if header.units else c.key in labels.UNITS)
        ]
        cells = [cell for cell in cells if cell.col not in header.skip]
        if first_value is not None:
            texts = [c.text for c in cells if c.col < first_value and c.key and c.value is None]
            values, groups = [c for c in cells if c.col >= first_value], header.groups
        else:
            texts, values = _split_stats_row(cells)
            values, groups = values[:1], [ColumnGroup(labels.STATS2008_COLUMN, -1, -1)]
        texts = [text for text in texts if text not in labels.UNITS]
        if not texts or all(text in labels.STATS2008_COLUMN_CODES for text in texts):
            continue  # no label, or the row of column codes (甲 乙 丙 | 1 2) under the header
        unit = next((u for u in units if u), None)
        out.append(_Line(texts, match_columns(values, groups), unit))
    return out


def _mostly_national(lines: list[_Line]) -> bool:
    """Whether most labelled rows are lines of the national form (a province's own table before
    2014 shares some of its labels: 当面申请数, 同意公开答复数 …)."""
    known = sum(labels.STATS2008_ROW_VOCABULARY.resolve(line.texts) is not None for line in lines)
    return 2 * known > len(lines)


def _stats2008_header(grid: Grid) -> _Header:
    for r, grid_row in enumerate(grid[:6]):
        cells = distinct_cells(grid_row)
        keys = {cell.key for cell in cells}
        if not keys & (labels.STATS2008_UNIT_HEADERS | labels.STATS2008_VALUE_HEADERS) and (
            # 2012年度 | 历年累计 head a table only beside other header cells (not a title row)
            len(cells) < 2 or not any(map(is_stats2008_value_header, keys))
        ):
            continue
        skip: set[int] = set()
        units: set[int] = set()
        values = []
        for cell in cells:
            span = range(cell.col, cell.col + cell.width)
            if cell.key in labels.STATS2008_UNIT_HEADERS:
                units.update(span)
                skip.update(span)
            elif cell.key in labels.STATS2008_INDEX_HEADERS:
                skip.update(span)
            elif cell.key and cell.key not in labels.STATS2008_LABEL_HEADERS:
                values.append(cell)
        return _Header(r, _value_groups(values), skip, units)
    return _Header(None, [], set(), set())


def _value_groups(cells: list[Cell]) -> list[ColumnGroup]:
    """One column group per value header cell."""
    columns = stats2008_columns([cell.text for cell in cells])
    return [
        ColumnGroup(label, cell.col, cell.col + cell.width, scope)
        for cell, (label, scope) in zip(cells, columns, strict=True)
    ]


def _split_stats_row(cells: list[Cell]) -> tuple[list[str], list[Cell]]:
    """Without a header: label cells, then the value cells after the last label (units skipped)."""
    last_label = max(
        (i for i, c in enumerate(cells) if c.key and c.key not in labels.UNITS), default=-1
    )
    texts = [c.text for c in cells[: last_label + 1] if c.key and c.value is None]
    values = [c for c in cells[last_label + 1 :] if c.key not in labels.UNITS]
    return texts, values


def _numbered_path(
    label: str, previous: tuple[str, ...] | None, unnumbered_top: bool = False
) -> tuple[str, ...]:
    """A row outside the national form, placed by its numbering (一、 > （一） > 1. > （1））:
    an unnumbered row (其中…) hangs under the nearest numbered row above it, except in a table
    whose top-level lines are unnumbered, where only a 其中 line does."""
    parents = list(previous or ())
    level = labels.label_level(label)
    if level is None and unnumbered_top and not labels.display_label(label).startswith("其中"):
        return (labels.display_label(label),)
    if level is None:
        while parents and labels.label_level(parents[-1]) is None:
            parents.pop()
    else:
        while parents and (labels.label_level(parents[-1]) or 0) >= level:
            parents.pop()
        while parents and labels.label_level(parents[-1]) is None:
            parents.pop()
    return (*parents, labels.display_label(label))
