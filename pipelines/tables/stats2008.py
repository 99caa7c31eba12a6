"""The 政府信息公开情况统计表 (2014-2018, and provinces' own before): label, 单位 and 统计数
columns; rows of the national form get its label paths, other rows are placed by numbering."""

from __future__ import annotations

from pipelines.tables import labels
from pipelines.tables.columns import ColumnGroup, Row, emit_rows, match_columns
from pipelines.tables.grid import Cell, Grid, distinct_cells


def stats2008_rows(grid: Grid, national: bool, warnings: list[str]) -> list[Row]:
    """统计表: label, 单位 and 统计数 columns (sometimes 序号, or one value column per scope).
    Rows of the national form get its label paths; other tables keep their own labels."""
    header_at, groups, skip = _stats2008_header(grid)
    out: list[Row] = []
    previous: tuple[str, ...] | None = None
    unknown: list[str] = []
    first_value = min((g.start for g in groups), default=None)
    for grid_row in grid[(header_at + 1 if header_at is not None else 0) :]:
        cells = [cell for cell in distinct_cells(grid_row) if cell.col not in skip]
        if first_value is not None:
            texts = [c.text for c in cells if c.col < first_value and c.key and c.value is None]
            values, row_groups = [c for c in cells if c.col >= first_value], groups
        else:
            texts, values = _split_stats_row(cells)
            values, row_groups = values[:1], [ColumnGroup(labels.STATS2008_COLUMN, -1, -1)]
        texts = [text for text in texts if text not in labels.UNITS]
        if not texts:
            continue
        path = labels.STATS2008_ROW_VOCABULARY.resolve(texts, previous) if national else None
        if path is None:
            path = _numbered_path(texts[-1], previous)
            unknown.append(path[-1])
        previous = path
        out += emit_rows(
            labels.STATS2008, "/".join(path), match_columns(values, row_groups), warnings
        )
    if unknown and national:
        warnings.append(
            f"table-label:stats2008: {len(unknown)} rows outside the national form, "
            f"e.g. {unknown[0]!r}"
        )
    return out


def _stats2008_header(grid: Grid) -> tuple[int | None, list[ColumnGroup], set[int]]:
    """(header row, value columns, grid columns to skip: 单位 and 序号) of a 统计表."""
    for r, grid_row in enumerate(grid[:6]):
        cells = distinct_cells(grid_row)
        keys = {cell.key for cell in cells}
        if not keys & (labels.STATS2008_UNIT_HEADERS | labels.STATS2008_VALUE_HEADERS):
            continue
        skip: set[int] = set()
        values = []
        for cell in cells:
            if cell.key in labels.STATS2008_UNIT_HEADERS | labels.STATS2008_INDEX_HEADERS:
                skip.update(range(cell.col, cell.col + cell.width))
            elif cell.key and cell.key not in labels.STATS2008_LABEL_HEADERS:
                values.append(cell)
        groups = []
        for cell in values:
            # A column headed 本级 or 全市 holds that scope's 统计数; a lone column is the 统计数.
            scope = labels.SCOPE_PATTERN.search(cell.text.replace(" ", ""))
            named = cell.key in labels.STATS2008_VALUE_HEADERS or scope or len(values) == 1
            label = labels.STATS2008_COLUMN if named else labels.display_label(cell.text)
            span = (cell.col, cell.col + cell.width)
            groups.append(ColumnGroup(label, *span, scope.group(0) if scope else None))
        return r, groups, skip
    return None, [], set()


def _split_stats_row(cells: list[Cell]) -> tuple[list[str], list[Cell]]:
    """Without a header: label cells, then the value cells after the last label (units skipped)."""
    last_label = max(
        (i for i, c in enumerate(cells) if c.key and c.key not in labels.UNITS), default=-1
    )
    texts = [c.text for c in cells[: last_label + 1] if c.key and c.value is None]
    values = [c for c in cells[last_label + 1 :] if c.key not in labels.UNITS]
    return texts, values


def _numbered_path(label: str, previous: tuple[str, ...] | None) -> tuple[str, ...]:
    """A row outside the national form, placed by its numbering (一、 > （一） > 1. > （1））:
    an unnumbered row (其中…) hangs under the nearest numbered row above it."""
    parents = list(previous or ())
    level = labels.label_level(label)
    if level is None:
        while parents and labels.label_level(parents[-1]) is None:
            parents.pop()
    else:
        while parents and (labels.label_level(parents[-1]) or 0) >= level:
            parents.pop()
        while parents and labels.label_level(parents[-1]) is None:
            parents.pop()
    return (*parents, labels.display_label(label))
