"""The statistics tables of an annual report as tidy cells {table, scope, row, col, value}.

Rows and columns are official label paths joined with "/" (vocabulary: pipelines/table_labels.py);
主动公开 rows put the block first: 第二十条第（一）项/规章. Pure: lxml only, no Scrapy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from pipelines.tables import labels
from pipelines.tables.cells import Number, parse_value
from pipelines.tables.checks import check_table_arithmetic
from pipelines.tables.columns import ReportState, Row
from pipelines.tables.flattened import parse_flattened
from pipelines.tables.grid import data_tables, distinct_cells, grid_of, page_text, parse_html
from pipelines.tables.kinds import classify_table
from pipelines.tables.proactive import proactive_rows
from pipelines.tables.requests_review import header_grid_rows
from pipelines.tables.stats2008 import stats2008_rows

__all__ = ["ReportTables", "parse_flattened_tables", "parse_report_tables", "parse_value"]


@dataclass
class ReportTables:
    template: str = "other"  # "2019" (2019 trial and 2021 formats), "2008" (统计表) or "other"
    cells: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_report_tables(page: str | etree._Element) -> ReportTables:
    """Find the statistics tables anywhere in a page or report body (its HTML, or its parsed
    element, e.g. ``Page.body.element``) and return them as cells."""
    root = parse_html(page) if isinstance(page, str) else page
    if root is None:
        return ReportTables()
    warnings: list[str] = []
    state = ReportState()
    parsed = [
        table
        for element, heading in data_tables(root)
        if (table := _parse_table(element, heading, state, warnings)) is not None
    ]
    cells = _scoped_cells(parsed, warnings)
    # A province's own statistics table (before 2014) yields cells but is no standard table.
    standard = {t.kind for t in parsed if t.rows and t.standard}
    if not cells:
        cells, flat_warnings = parse_flattened(page_text(root))
        warnings.extend(flat_warnings)
        standard = {cell["table"] for cell in cells}
    warnings.extend(check_table_arithmetic(cells))
    if standard & {labels.PROACTIVE, labels.REQUESTS, labels.REVIEW_LITIGATION}:
        template = "2019"
    else:
        template = "2008" if labels.STATS2008 in standard else "other"
    return ReportTables(template, cells, warnings)


def parse_flattened_tables(text: str) -> list[dict]:
    """Cells of tables flattened into text: a label line, then its value line(s)."""
    return parse_flattened(text)[0]


# --- one table ---------------------------------------------------------------------------------


@dataclass
class _ParsedTable:
    kind: str
    scope: str | None  # named in the caption or the lines before the table
    rows: list[Row]
    continued: bool  # no header of its own: the rest of the table before it
    standard: bool = True  # a national format, not a province's own table
    units: dict[str, str] = field(default_factory=dict)  # row -> unit printed (统计表 only)


def _parse_table(
    element: etree._Element, heading: str, state: ReportState, warnings: list[str]
) -> _ParsedTable | None:
    grid = grid_of(element)
    kind, national = classify_table(grid) if grid else (None, False)
    if kind is None:
        return None
    caption = element.find("caption")
    titles = ["".join(caption.itertext()) if caption is not None else ""]
    titles += [cells[0].text for row in grid[:2] if len(cells := distinct_cells(row)) == 1]
    scope = _scope_in([heading, *titles])
    continued = False
    units: dict[str, str] = {}
    if kind == labels.PROACTIVE:
        rows = proactive_rows(grid, state, warnings)
    elif kind == labels.STATS2008:
        stats = stats2008_rows(grid, national, warnings)
        rows, units, national = stats.rows, stats.units, stats.national
    else:
        rows, continued = header_grid_rows(kind, grid, state, warnings)
    standard = kind != labels.STATS2008 or national
    return _ParsedTable(kind, scope, rows, continued, standard, units)


def _scope_in(texts: Iterable[str]) -> str | None:
    """The scope named nearest to the table; its title rows win over the lines just before it."""
    found = None
    for text in texts:
        for line in text.splitlines():
            # The last one in a line: 全市政府信息公开情况统计表（市本级） is 市本级's.
            found = [found, *labels.SCOPE_PATTERN.findall(re.sub(r"\s+", "", line))][-1]
    return found


# --- the report --------------------------------------------------------------------------------


def _scoped_cells(parsed: list[_ParsedTable], warnings: list[str]) -> list[dict]:
    """Cells of all tables; scope "" unless a report has several sets of the same table."""
    tables: list[_ParsedTable] = []
    for table in parsed:
        if table.continued and tables and tables[-1].kind == table.kind:
            tables[-1].rows.extend(table.rows)
        elif not any(
            (t.kind, t.rows, t.scope) == (table.kind, table.rows, table.scope) for t in tables
        ):
            tables.append(table)  # a second copy of the same table (print view) is dropped
    appearances = Counter(
        (t.kind, row, col, scope)
        for t in tables
        for row, col, scope in {(r, c, s) for r, c, _, s in t.rows}
    )
    several = {kind for (kind, *_), count in appearances.items() if count > 1}
    cells: list[dict] = []
    seen: dict[tuple[str, str, str, str], Number] = {}
    last: dict[str, tuple[_ParsedTable, str]] = {}
    for index, table in enumerate(tables, 1):
        scope = ""
        if table.kind in several:
            before = last.get(table.kind)
            scope = table.scope or ""
            if not scope and before is not None:
                overlap = {r[:2] for r in before[0].rows} & {r[:2] for r in table.rows}
                scope = f"#{index}" if overlap else before[1]
            scope = scope or f"#{index}"
            last[table.kind] = (table, scope)
        for row, col, value, column_scope in table.rows:
            cell_scope = column_scope if column_scope is not None else scope
            key = (table.kind, cell_scope, row, col)
            if key in seen:
                if seen[key] != value:
                    warnings.append(
                        f"table-duplicate:{table.kind}:row={row}:col={col}: {seen[key]} and {value}"
                    )
                continue
            seen[key] = value
            cell = {
                "table": table.kind,
                "scope": cell_scope,
                "row": row,
                "col": col,
                "value": value,
            }
            if row in table.units:
                cell["unit"] = table.units[row]
            cells.append(cell)
    return cells
