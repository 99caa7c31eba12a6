"""The 收到和处理申请 and 行政复议、行政诉讼 tables: a block of header rows naming the columns
above labelled rows; the rest of a table cut in two by a page break reuses the columns before."""

from __future__ import annotations

from pipelines.tables import labels
from pipelines.tables.columns import ColumnGroup, ReportState, Row, emit_rows, match_columns
from pipelines.tables.grid import Cell, Grid, distinct_cells


def header_grid_rows(
    kind: str, grid: Grid, state: ReportState, warnings: list[str]
) -> tuple[list[Row], bool]:
    """收到和处理申请 and 行政复议、行政诉讼: a header block above, labelled rows below.
    Returns the rows and whether the table is the continuation of the one before."""
    if kind == labels.REQUESTS:
        rows_vocabulary = labels.REQUESTS_ROW_VOCABULARY
        columns_vocabulary = labels.REQUESTS_COLUMN_VOCABULARY
        # 其他 and 总计 are column headers as well as row items: they cannot start the body.
        body_keys = rows_vocabulary.leaf_keys() - columns_vocabulary.leaf_keys()
        body = next(
            (
                r
                for r, row in enumerate(grid)
                if any(c and rows_vocabulary.lookup(c.key, strict=True) in body_keys for c in row)
            ),
            None,
        )
    else:
        rows_vocabulary = None
        columns_vocabulary = labels.REVIEW_LITIGATION_COLUMN_VOCABULARY
        body = next(
            (r for r, row in enumerate(grid) if any(c and c.value is not None for c in row)), None
        )
    if body is None:
        return [], False
    groups = _header_groups(grid[:body], columns_vocabulary)
    continued = not any(group.label for group in groups)
    if continued:
        # The rest of a table cut in two (page break): the columns of the part before it.
        width, groups = state.columns.get(kind, (0, []))
        if width != len(grid[0]):
            groups = _groups_from_right(len(grid[0]), columns_vocabulary)
    state.columns[kind] = (len(grid[0]), groups)
    first_value = min((g.start for g in groups if g.label), default=len(grid[0]))
    value_groups = [g for g in groups if g.start >= first_value]
    out: list[Row] = []
    previous: tuple[str, ...] | None = None
    for grid_row in grid[body:]:
        cells = distinct_cells(grid_row)
        values = [cell for cell in cells if cell.col >= first_value]
        row = ""
        if rows_vocabulary is not None:
            texts = [
                part
                for cell in cells
                if cell.col < first_value and cell.key
                for part in _label_parts(cell.text)
            ]
            if not texts:
                continue
            path = rows_vocabulary.resolve(texts, previous)
            if path is None:
                path = tuple(labels.display_label(text) for text in texts)
                if any(cell.value is not None for cell in values):
                    warnings.append(f"table-label:{kind}: unknown row {'/'.join(path)!r}")
            previous = path
            row = "/".join(path)
        out += emit_rows(kind, row, match_columns(values, value_groups), warnings)
    return out, continued


def _label_parts(text: str) -> list[str]:
    """A cell holding two numbered labels (（三）不予公开 1.属于国家秘密) as its labels."""
    parts = text.split(" ")
    if len(parts) > 1 and all(labels.label_level(part) is not None for part in parts):
        return parts
    return [text]


def _header_groups(header: Grid, vocabulary: labels.PathVocabulary) -> list[ColumnGroup]:
    """Runs of columns under the same header cells, each resolved to an official column."""
    if not header:
        return []
    width = len(header[0])
    stacks = [distinct_cells([row[c] for row in header]) for c in range(width)]
    groups: list[ColumnGroup] = []
    taken: list[tuple[str, ...]] = []
    start = 0
    for c in range(1, width + 1):
        if c < width and _same_cells(stacks[c], stacks[start]):
            continue
        texts = [cell.text for cell in stacks[start] if cell.key]
        path = vocabulary.resolve(texts, taken=taken) if texts else None
        if path is not None:
            taken.append(path)
        groups.append(ColumnGroup("/".join(path) if path else None, start, c))
        start = c
    return groups


def _same_cells(a: list[Cell], b: list[Cell]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _groups_from_right(width: int, vocabulary: labels.PathVocabulary) -> list[ColumnGroup]:
    """Without any header: the official columns, in order, are the rightmost columns."""
    count = len(vocabulary.paths)
    if width <= count:
        return []
    return [
        ColumnGroup("/".join(path), width - count + i, width - count + i + 1)
        for i, path in enumerate(vocabulary.paths)
    ]
