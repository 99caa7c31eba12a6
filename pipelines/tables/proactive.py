"""The 主动公开 table: blocks headed 第二十条第（X）项, each with its 信息内容 header row, in the
2021 or the 2019 trial format (their columns and item names differ)."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.tables import labels
from pipelines.tables.cells import block_of
from pipelines.tables.columns import ColumnGroup, ReportState, Row, emit_rows, match_columns
from pipelines.tables.grid import Cell, Grid, distinct_cells


def proactive_rows(grid: Grid, state: ReportState, warnings: list[str]) -> list[Row]:
    """主动公开: blocks headed 第二十条第（X）项, each with its own 信息内容 header row."""
    out: list[Row] = []
    block: str | None = None
    groups: list[ColumnGroup] = []
    groups_block: str | None = None  # the block the header row above belongs to
    for grid_row in grid:
        cells = []
        for cell in distinct_cells(grid_row):
            heading = block_of(cell.text) if len(cell.text) < 40 else None
            if heading is None:
                cells.append(cell)
            elif heading != block:  # a heading spanning rows shows up in each of them
                block, groups, groups_block = heading, [], None
        if not cells:
            continue
        head, rest = cells[0], cells[1:]
        if _is_proactive_header(head, rest):
            groups = [_proactive_group(cell) for cell in rest]
            groups_block = block
            found = proactive_format(g.label for g in groups)
            state.proactive_format = found or state.proactive_format
            continue
        item = proactive_item(head.text, state.proactive_format) if head.key else None
        if item is None:
            if not (block and head.key and any(cell.value is not None for cell in rest)):
                continue
            item = (block, labels.display_label(head.text))
            warnings.append(f"table-label:proactive: unknown row {'/'.join(item)!r}")
        if groups and groups_block is None:
            groups_block = item[0]
        # A header of another block (one header row for the whole table) does not fit this row.
        fits = groups and groups_block == item[0]
        columns = groups if fits else default_groups(item[0], state.proactive_format)
        out += emit_rows(labels.PROACTIVE, "/".join(item), match_columns(rest, columns), warnings)
    return out


def proactive_format(columns: Iterable[str | None]) -> str | None:
    """The format ("2021", "2019") whose own column labels are among ``columns``, or None."""
    found = set(columns)
    for name, blocks in labels.PROACTIVE_FORMATS.items():
        others = {c for fmt, b in labels.PROACTIVE_FORMATS.items() if fmt != name for c in _cols(b)}
        if found & (_cols(blocks) - others):
            return name
    return None


def _cols(blocks: dict[str, labels.ProactiveBlock]) -> set[str]:
    return {column for block in blocks.values() for column in block.columns}


def proactive_item(label: str, fmt: str | None) -> tuple[str, str] | None:
    """(block heading, item) of a 主动公开 row in the labels of its format."""
    path = labels.PROACTIVE_ITEM_VOCABULARY.resolve([label], strict=True)
    if path is None:
        return None
    heading, item = path
    return heading, labels.PROACTIVE_ITEM_VARIANTS[fmt or "2021"].get(item, item)


def default_groups(heading: str, fmt: str | None) -> list[ColumnGroup]:
    """The official columns of a block, for rows without a header of their own."""
    block = labels.PROACTIVE_FORMATS[fmt or "2021"].get(heading)
    return [ColumnGroup(column, -1, -1) for column in (block.columns if block else ())]


def _is_proactive_header(head: Cell, rest: list[Cell]) -> bool:
    if head.key == labels.label_key(labels.PROACTIVE_HEADER_LABEL):
        return True
    return all(c.value is None for c in (head, *rest)) and any(
        labels.PROACTIVE_COLUMN_VOCABULARY.lookup(c.key, strict=True) for c in rest
    )


def _proactive_group(cell: Cell) -> ColumnGroup:
    path = labels.PROACTIVE_COLUMN_VOCABULARY.resolve([cell.text]) if cell.key else None
    return ColumnGroup(path[0] if path else None, cell.col, cell.col + cell.width)
