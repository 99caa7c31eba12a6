"""Value cells of one table matched to the column groups under its header and emitted as rows
(row path, column path, value, scope); shared by the per-table parsers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pipelines.tables.cells import Number
from pipelines.tables.grid import Cell

Row = tuple[str, str, Number, str | None]  # row path, column path, value, scope named by a column


class ColumnGroup(NamedTuple):
    """A run of grid columns under the same header cells, with its official label (or None)."""

    label: str | None
    start: int
    end: int
    scope: str | None = None  # a 统计表 value column headed 本级, 全市, …


@dataclass
class ReportState:
    """What one table of a report tells the parsing of the next."""

    columns: dict[str, tuple[int, list[ColumnGroup]]] = field(default_factory=dict)  # kind -> width
    proactive_format: str | None = None


def match_columns(
    cells: Sequence[Cell], groups: Sequence[ColumnGroup]
) -> list[tuple[Cell, ColumnGroup]]:
    """Value cells to their columns: in order when the counts agree (Word often misaligns the
    spans of header and body rows), else by the grid columns they cover."""
    if len(cells) == len(groups):
        return list(zip(cells, groups, strict=True))
    pairs: list[tuple[Cell, ColumnGroup]] = []
    used: set[int] = set()
    for cell in cells:
        best = max(groups, key=lambda g: cell.overlap(g.start, g.end), default=None)
        if best is not None and cell.overlap(best.start, best.end) and id(best) not in used:
            used.add(id(best))
            pairs.append((cell, best))
    return pairs


def emit_rows(
    kind: str, row: str, pairs: Iterable[tuple[Cell, ColumnGroup]], warnings: list[str]
) -> list[Row]:
    """The numbers of a table row under labelled columns; a cell that is neither a number nor
    blank is a warning."""
    out: list[Row] = []
    for cell, group in pairs:
        if group.label is None:
            continue
        if cell.value is not None:
            out.append((row, group.label, cell.value, group.scope))
        elif not cell.blank:
            warnings.append(
                f"table-value:{kind}:row={row}:col={group.label}: not a number {cell.text!r}"
            )
    return out
