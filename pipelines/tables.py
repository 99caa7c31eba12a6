"""The statistics tables of an annual report as tidy cells {table, scope, row, col, value}.

Rows and columns are official label paths joined with "/" (vocabulary: pipelines/table_labels.py);
主动公开 rows put the block first: 第二十条第（一）项/规章. Pure: lxml only, no Scrapy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from pipelines import table_labels as labels
from pipelines.table_checks import check_table_arithmetic

Number = int | float
Row = tuple[str, str, Number, str | None]  # row path, column path, value, scope named by a column


@dataclass
class ReportTables:
    template: str = "other"  # "2019" (2019 trial and 2021 formats), "2008" (统计表) or "other"
    cells: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_report_tables(html: str) -> ReportTables:
    """Find the statistics tables anywhere in a page or report body and return them as cells."""
    root = _parse_html(html)
    if root is None:
        return ReportTables()
    warnings: list[str] = []
    state = _ReportState()
    parsed = [
        table
        for element, heading in _data_tables(root)
        if (table := _parse_table(element, heading, state, warnings)) is not None
    ]
    cells = _scoped_cells(parsed, warnings)
    # A province's own statistics table (before 2014) yields cells but is no standard table.
    standard = {t.kind for t in parsed if t.rows and t.standard}
    if not cells:
        cells, flat_warnings = _parse_flattened(_text(root))
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
    return _parse_flattened(text)[0]


# --- values ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_UNIT_SUFFIX = re.compile(r"(?:\((?:单位:)?(?:{0})\)|(?:{0}))$".format("|".join(labels.UNITS)))
_PLACEHOLDER = re.compile(r"[-—–―/\\]*|无|空")


def parse_value(text: str) -> tuple[Number | None, bool]:
    """(number, blank) of a cell: commas, units and full-width digits go; "—" or "" is blank."""
    if not text:
        return None, True
    if text.isdecimal():  # the common case; full-width digits are decimal too
        return int(text), False
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    text = re.sub(r"\s+", "", text)
    if _PLACEHOLDER.fullmatch(text):
        return None, True
    text = _UNIT_SUFFIX.sub("", text.replace(",", ""))
    if _NUMBER.fullmatch(text):
        return (float(text) if "." in text else int(text)), False
    return None, False


# --- HTML to grids -----------------------------------------------------------------------------

# Plain lxml elements: lxml.html's element classes cost a lookup per node on large Word pages.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "td", "th", "li", "table", "caption", "section", "article", "dd", "dt"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "select", "textarea"})


def _parse_html(html: str) -> etree._Element | None:
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

    def visit(element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in _SKIP_TAGS:
            if tables is not None and tag == "table" and element.find(".//table") is None:
                tables.append((element, _last_lines("".join(pieces))))
                pieces.clear()
            else:
                block = tag in _BLOCK_TAGS
                pieces.append("\n" if block else "")
                pieces.append(element.text or "")
                for child in element:
                    visit(child)
                pieces.append("\n" if block else "")
        pieces.append(element.tail or "")

    visit(root)
    return "".join(pieces) if tables is None else ""


def _data_tables(root: etree._Element) -> list[tuple[etree._Element, str]]:
    tables: list[tuple[etree._Element, str]] = []
    _walk(root, tables)
    return tables


def _text(root: etree._Element) -> str:
    return _walk(root, None)


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-count:])


@dataclass(eq=False, slots=True)
class _Cell:
    text: str
    key: str
    value: Number | None
    blank: bool
    col: int
    width: int

    def overlap(self, start: int, end: int) -> int:
        return max(0, min(self.col + self.width, end) - max(self.col, start))


Grid = list[list[_Cell | None]]
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


def _grid(table: etree._Element) -> Grid:
    """The table as a grid where a spanned cell sits in every position it covers."""
    rows = list(table.iter("tr"))
    occupied: list[dict[int, _Cell]] = [{} for _ in rows]
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
            # Text nodes joined with spaces: <br>, <p> and Word's runs inside a cell; labels and
            # numbers ignore the spaces, two numbered labels in one cell are told apart by them.
            text = _SPACES.sub(" ", " ".join(td.itertext())).strip()
            value, blank = parse_value(text)
            key = labels.label_key(text) if value is None and len(text) <= 200 else ""
            cell = _Cell(text, key, value, blank, c, colspan)
            for below in occupied[r : r + rowspan]:
                for dc in range(colspan):
                    below[c + dc] = cell
            c += colspan
    width = 1 + max((max(row, default=-1) for row in occupied), default=-1)
    return [[row.get(c) for c in range(width)] for row in occupied]


def _label_parts(text: str) -> list[str]:
    """A cell holding two numbered labels (（三）不予公开 1.属于国家秘密) as its labels."""
    parts = text.split(" ")
    if len(parts) > 1 and all(labels.label_level(part) is not None for part in parts):
        return parts
    return [text]


def _span(value: str | None, limit: int) -> int:
    if value is None:
        return 1
    digits = re.match(r"\s*(\d+)", value)
    return min(max(int(digits.group(1)), 1), limit) if digits else 1


def _distinct(cells: Iterable[_Cell | None]) -> list[_Cell]:
    """Each cell once, in order (a spanned cell fills several grid positions)."""
    seen: dict[int, _Cell] = {}
    for cell in cells:
        if cell is not None and id(cell) not in seen:
            seen[id(cell)] = cell
    return list(seen.values())


# --- which table is it -------------------------------------------------------------------------

_BLOCK = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_REQUEST_KEYS = (
    labels.REQUESTS_ROW_VOCABULARY.leaf_keys()
    | labels.REQUESTS_COLUMN_VOCABULARY.leaf_keys()
    | {"申请人情况", labels.label_key(labels.LEGAL_PERSONS)}
)
_REVIEW_KEYS = frozenset(
    labels.label_key(part)
    for column in labels.REVIEW_LITIGATION_COLUMNS
    for part in column.split("/")
) - {"总计"}
_PROACTIVE_KEYS = labels.PROACTIVE_ITEM_VOCABULARY.leaf_keys()
_PROACTIVE_HEADER_KEYS = labels.PROACTIVE_COLUMN_VOCABULARY.leaf_keys() | {
    labels.label_key(labels.PROACTIVE_HEADER_LABEL)
}
_STATS_KEYS = labels.STATS2008_ROW_VOCABULARY.leaf_keys()
# Least number of distinct known labels that makes a table one of ours (page chrome has none).
_THRESHOLDS = {
    labels.REQUESTS: 5,
    labels.REVIEW_LITIGATION: 4,
    labels.PROACTIVE: 2,
    labels.STATS2008: 4,
}


def _block_of(text: str) -> str | None:
    if "二十" not in text:
        return None
    match = _BLOCK.search(unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)))
    return labels.block_heading(match.group(1)) if match else None


def _scores(grid: Grid) -> dict[str, int]:
    """How many distinct labels of each table the grid holds."""
    cells = _distinct(cell for row in grid for cell in row)
    keys = {labels.LABEL_VARIANTS.get(cell.key, cell.key) for cell in cells if cell.key}
    # Item names alone (行政许可, 行政处罚 …) are also the links of a portal's menu: the 主动公开
    # table needs a 第二十条 heading, a 信息内容 header or one of its column labels as well.
    headed = len(keys & _PROACTIVE_HEADER_KEYS) + 2 * any(
        _block_of(cell.text) for cell in cells if len(cell.text) < 40
    )
    return {
        labels.REQUESTS: len(keys & _REQUEST_KEYS),
        labels.REVIEW_LITIGATION: len(keys & _REVIEW_KEYS),
        labels.PROACTIVE: headed + len(keys & _PROACTIVE_KEYS) if headed else 0,
        labels.STATS2008: len(keys & _STATS_KEYS),
    }


def _classify(grid: Grid) -> tuple[str | None, bool]:
    """(table id or None, whether it is the national 统计表 rather than a province's own)."""
    scores = _scores(grid)
    national = scores[labels.STATS2008] >= _THRESHOLDS[labels.STATS2008]
    kind, score = max(scores.items(), key=lambda item: item[1])
    if score >= _THRESHOLDS[kind]:
        return kind, national
    cells = _distinct(cell for row in grid for cell in row)
    return (labels.STATS2008 if _is_other_statistics_table(grid, cells) else None), False


def _is_other_statistics_table(grid: Grid, cells: list[_Cell]) -> bool:
    """A statistics table of a province's own (before 2014): a 单位 or 统计数 header and rows
    about 公开 and 申请."""
    header_keys = labels.STATS2008_UNIT_HEADERS | labels.STATS2008_VALUE_HEADERS
    if not any(c and c.key in header_keys for row in grid[:6] for c in row):
        return False
    return sum(("公开" in c.key or "申请" in c.key) for c in cells) >= 3


# --- one table ---------------------------------------------------------------------------------


class _Group(NamedTuple):
    """A run of grid columns under the same header cells, with its official label (or None)."""

    label: str | None
    start: int
    end: int
    scope: str | None = None  # a 统计表 value column headed 本级, 全市, …


@dataclass
class _ReportState:
    """What one table of a report tells the parsing of the next."""

    columns: dict[str, tuple[int, list[_Group]]] = field(default_factory=dict)  # kind -> width
    proactive_format: str | None = None


@dataclass
class _ParsedTable:
    kind: str
    scope: str | None  # named in the caption or the lines before the table
    rows: list[Row]
    continued: bool  # no header of its own: the rest of the table before it
    standard: bool = True  # a national format, not a province's own table


def _parse_table(
    element: etree._Element, heading: str, state: _ReportState, warnings: list[str]
) -> _ParsedTable | None:
    grid = _grid(element)
    kind, national = _classify(grid) if grid else (None, False)
    if kind is None:
        return None
    caption = element.find("caption")
    titles = ["".join(caption.itertext()) if caption is not None else ""]
    titles += [cells[0].text for row in grid[:2] if len(cells := _distinct(row)) == 1]
    scope = _scope_in([heading, *titles])
    continued = False
    if kind == labels.PROACTIVE:
        rows = _proactive_rows(grid, state, warnings)
    elif kind == labels.STATS2008:
        rows = _stats2008_rows(grid, national, warnings)
    else:
        rows, continued = _header_grid_rows(kind, grid, state, warnings)
    standard = kind != labels.STATS2008 or national
    return _ParsedTable(kind, scope, rows, continued, standard)


def _scope_in(texts: Iterable[str]) -> str | None:
    """The scope named nearest to the table; its title rows win over the lines just before it."""
    found = None
    for text in texts:
        for line in text.splitlines():
            # The last one in a line: 全市政府信息公开情况统计表（市本级） is 市本级's.
            found = [found, *labels.SCOPE_PATTERN.findall(re.sub(r"\s+", "", line))][-1]
    return found


def _match(cells: Sequence[_Cell], groups: Sequence[_Group]) -> list[tuple[_Cell, _Group]]:
    """Value cells to their columns: in order when the counts agree (Word often misaligns the
    spans of header and body rows), else by the grid columns they cover."""
    if len(cells) == len(groups):
        return list(zip(cells, groups, strict=True))
    pairs: list[tuple[_Cell, _Group]] = []
    used: set[int] = set()
    for cell in cells:
        best = max(groups, key=lambda g: cell.overlap(g.start, g.end), default=None)
        if best is not None and cell.overlap(best.start, best.end) and id(best) not in used:
            used.add(id(best))
            pairs.append((cell, best))
    return pairs


def _emit(
    kind: str, row: str, pairs: Iterable[tuple[_Cell, _Group]], warnings: list[str]
) -> list[Row]:
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


def _header_grid_rows(
    kind: str, grid: Grid, state: _ReportState, warnings: list[str]
) -> tuple[list[Row], bool]:
    """收到和处理申请 and 行政复议、行政诉讼: a header block above, labelled rows below."""
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
        cells = _distinct(grid_row)
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
        out += _emit(kind, row, _match(values, value_groups), warnings)
    return out, continued


def _header_groups(header: Grid, vocabulary: labels.PathVocabulary) -> list[_Group]:
    """Runs of columns under the same header cells, each resolved to an official column."""
    if not header:
        return []
    width = len(header[0])
    stacks = [_distinct([row[c] for row in header]) for c in range(width)]
    groups: list[_Group] = []
    taken: list[tuple[str, ...]] = []
    start = 0
    for c in range(1, width + 1):
        if c < width and _same_cells(stacks[c], stacks[start]):
            continue
        texts = [cell.text for cell in stacks[start] if cell.key]
        path = vocabulary.resolve(texts, taken=taken) if texts else None
        if path is not None:
            taken.append(path)
        groups.append(_Group("/".join(path) if path else None, start, c))
        start = c
    return groups


def _same_cells(a: list[_Cell], b: list[_Cell]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _groups_from_right(width: int, vocabulary: labels.PathVocabulary) -> list[_Group]:
    """Without any header: the official columns, in order, are the rightmost columns."""
    count = len(vocabulary.paths)
    if width <= count:
        return []
    return [
        _Group("/".join(path), width - count + i, width - count + i + 1)
        for i, path in enumerate(vocabulary.paths)
    ]


def _proactive_format(columns: Iterable[str | None]) -> str | None:
    found = set(columns)
    for name, blocks in labels.PROACTIVE_FORMATS.items():
        others = {c for fmt, b in labels.PROACTIVE_FORMATS.items() if fmt != name for c in _cols(b)}
        if found & (_cols(blocks) - others):
            return name
    return None


def _cols(blocks: dict[str, labels.ProactiveBlock]) -> set[str]:
    return {column for block in blocks.values() for column in block.columns}


def _proactive_item(label: str, fmt: str | None) -> tuple[str, str] | None:
    """(block heading, item) of a 主动公开 row in the labels of its format."""
    path = labels.PROACTIVE_ITEM_VOCABULARY.resolve([label], strict=True)
    if path is None:
        return None
    heading, item = path
    return heading, labels.PROACTIVE_ITEM_VARIANTS[fmt or "2021"].get(item, item)


def _default_groups(heading: str, fmt: str | None) -> list[_Group]:
    block = labels.PROACTIVE_FORMATS[fmt or "2021"].get(heading)
    return [_Group(column, -1, -1) for column in (block.columns if block else ())]


def _proactive_rows(grid: Grid, state: _ReportState, warnings: list[str]) -> list[Row]:
    """主动公开: blocks headed 第二十条第（X）项, each with its own 信息内容 header row."""
    out: list[Row] = []
    block: str | None = None
    groups: list[_Group] = []
    groups_block: str | None = None  # the block the header row above belongs to
    for grid_row in grid:
        cells = []
        for cell in _distinct(grid_row):
            heading = _block_of(cell.text) if len(cell.text) < 40 else None
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
            found = _proactive_format(g.label for g in groups)
            state.proactive_format = found or state.proactive_format
            continue
        item = _proactive_item(head.text, state.proactive_format) if head.key else None
        if item is None:
            if not (block and head.key and any(cell.value is not None for cell in rest)):
                continue
            item = (block, labels.display_label(head.text))
            warnings.append(f"table-label:proactive: unknown row {'/'.join(item)!r}")
        if groups and groups_block is None:
            groups_block = item[0]
        # A header of another block (one header row for the whole table) does not fit this row.
        fits = groups and groups_block == item[0]
        columns = groups if fits else _default_groups(item[0], state.proactive_format)
        out += _emit(labels.PROACTIVE, "/".join(item), _match(rest, columns), warnings)
    return out


def _is_proactive_header(head: _Cell, rest: list[_Cell]) -> bool:
    if head.key == labels.label_key(labels.PROACTIVE_HEADER_LABEL):
        return True
    return all(c.value is None for c in (head, *rest)) and any(
        labels.PROACTIVE_COLUMN_VOCABULARY.lookup(c.key, strict=True) for c in rest
    )


def _proactive_group(cell: _Cell) -> _Group:
    path = labels.PROACTIVE_COLUMN_VOCABULARY.resolve([cell.text]) if cell.key else None
    return _Group(path[0] if path else None, cell.col, cell.col + cell.width)


def _stats2008_rows(grid: Grid, national: bool, warnings: list[str]) -> list[Row]:
    """统计表: label, 单位 and 统计数 columns (sometimes 序号, or one value column per scope).
    Rows of the national form get its label paths; other tables keep their own labels."""
    header_at, groups, skip = _stats2008_header(grid)
    out: list[Row] = []
    previous: tuple[str, ...] | None = None
    unknown: list[str] = []
    first_value = min((g.start for g in groups), default=None)
    for grid_row in grid[(header_at + 1 if header_at is not None else 0) :]:
        cells = [cell for cell in _distinct(grid_row) if cell.col not in skip]
        if first_value is not None:
            texts = [c.text for c in cells if c.col < first_value and c.key and c.value is None]
            values, row_groups = [c for c in cells if c.col >= first_value], groups
        else:
            texts, values = _split_stats_row(cells)
            values, row_groups = values[:1], [_Group(labels.STATS2008_COLUMN, -1, -1)]
        texts = [text for text in texts if text not in labels.UNITS]
        if not texts:
            continue
        path = labels.STATS2008_ROW_VOCABULARY.resolve(texts, previous) if national else None
        if path is None:
            path = _numbered_path(texts[-1], previous)
            unknown.append(path[-1])
        previous = path
        out += _emit(labels.STATS2008, "/".join(path), _match(values, row_groups), warnings)
    if unknown and national:
        warnings.append(
            f"table-label:stats2008: {len(unknown)} rows outside the national form, "
            f"e.g. {unknown[0]!r}"
        )
    return out


def _stats2008_header(grid: Grid) -> tuple[int | None, list[_Group], set[int]]:
    """(header row, value columns, grid columns to skip: 单位 and 序号) of a 统计表."""
    for r, grid_row in enumerate(grid[:6]):
        cells = _distinct(grid_row)
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
            groups.append(_Group(label, *span, scope.group(0) if scope else None))
        return r, groups, skip
    return None, [], set()


def _split_stats_row(cells: list[_Cell]) -> tuple[list[str], list[_Cell]]:
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
            cells.append(
                {"table": table.kind, "scope": cell_scope, "row": row, "col": col, "value": value}
            )
    return cells


# --- tables flattened into text ----------------------------------------------------------------

_REVIEW_HEADER_KEYS = _REVIEW_KEYS | {"总计"}
_REQUEST_HEADER_KEYS = labels.REQUESTS_COLUMN_VOCABULARY.leaf_keys() | {
    "申请人情况",
    labels.label_key(labels.LEGAL_PERSONS),
}
_SECTIONS = (
    ("收到和处理政府信息公开申请情况", labels.REQUESTS),
    ("主动公开政府信息情况", labels.PROACTIVE),
    ("政府信息公开情况统计表", labels.STATS2008),
)


@dataclass
class _Pending:
    kind: str
    row: str
    columns: Sequence[str | None]
    values: list[Number | None] = field(default_factory=list)


_LABEL_VALUE = re.compile(r"(.+?)[：:]([-+－]?[\d０-９][\d０-９,，.]*\D{0,2})")


def _split_line(line: str) -> tuple[str, list[Number | None]]:
    """A text line as (label, trailing values); units alone are dropped, "—" is a blank value."""
    if "\t" in line.strip(" \u00a0\u3000"):
        # Tab-separated cells keep their blanks as empty fields ("5\t\t0").
        tokens = [token.strip() for token in line.strip(" \u00a0\u3000").split("\t")]
    else:
        tokens = [token for token in re.split(r"[\s\u00a0\u3000]+", line) if token]
    values: list[Number | None] = []
    while tokens:
        token = unicodedata.normalize("NFKC", tokens[-1])
        value, blank = parse_value(token)
        if value is None and not blank and token not in labels.UNITS:
            break
        tokens.pop()
        if token not in labels.UNITS:
            values.append(value)
    label = "".join(tokens)
    if label and all(value is None for value in values):
        values = []  # a label with only blanks after it: its numbers may follow on the next line
    if not values and (pair := _LABEL_VALUE.fullmatch(label)):
        value, _ = parse_value(pair.group(2))
        if value is not None:
            return pair.group(1), [value]
    return label, values[::-1]


def _parse_flattened(text: str) -> tuple[list[dict], list[str]]:
    cells: list[dict] = []
    warnings: list[str] = []
    kind: str | None = None
    fmt: str | None = None
    block_columns: list[str] | None = None  # while reading a 信息内容 header
    rows_seen = False
    previous: tuple[str, ...] | None = None
    pending: _Pending | None = None

    def finish() -> None:
        nonlocal pending
        if pending is not None and pending.values:
            if len(pending.values) < len(pending.columns):
                warnings.append(
                    f"table-shape:{pending.kind}:row={pending.row}: {len(pending.values)} values "
                    f"for {len(pending.columns)} columns"
                )
            else:
                for column, value in zip(pending.columns, pending.values, strict=False):
                    if column is not None and value is not None:
                        cell = {"table": pending.kind, "scope": "", "row": pending.row}
                        cells.append({**cell, "col": column, "value": value})
        pending = None

    for line in text.splitlines():
        label, values = _split_line(line)
        if label:
            finish()
            key = labels.label_key(label)
            heading = _block_of(label) if len(label) < 40 else None
            section = next(
                (k for title, k in _SECTIONS if title in label and len(label) < 40), None
            )
            if "行政复议" in label and "行政诉讼" in label and len(label) < 40:
                section = labels.REVIEW_LITIGATION
            if heading or section:
                kind, block_columns, rows_seen = section or labels.PROACTIVE, None, False
                continue
            if kind == labels.PROACTIVE and key == labels.label_key(labels.PROACTIVE_HEADER_LABEL):
                block_columns = []
                continue
            column = labels.PROACTIVE_COLUMN_VOCABULARY.resolve([label], strict=True)
            if kind == labels.PROACTIVE and block_columns is not None and column and not values:
                block_columns.append(column[0])
                fmt = _proactive_format(block_columns) or fmt
                continue
            if kind == labels.REVIEW_LITIGATION and key in _REVIEW_HEADER_KEYS:
                continue
            if kind == labels.REQUESTS and not rows_seen and key in _REQUEST_HEADER_KEYS:
                continue
            pending = _flat_row(label, kind, fmt, block_columns, previous)
            if pending is not None:
                kind, rows_seen = pending.kind, True
                previous = tuple(pending.row.split("/"))
        if values:
            if pending is None and kind == labels.REVIEW_LITIGATION:
                pending = _Pending(kind, "", labels.REVIEW_LITIGATION_COLUMNS)
            if pending is not None:
                pending.values.extend(values)
                if len(pending.values) >= len(pending.columns):
                    finish()
    finish()
    return cells, warnings


def _flat_row(
    label: str,
    kind: str | None,
    fmt: str | None,
    block_columns: list[str] | None,
    previous: tuple[str, ...] | None,
) -> _Pending | None:
    """The row a label line starts, in the table the label belongs to (the current one first)."""
    if len(label) > 60:
        return None
    order = [labels.REQUESTS, labels.PROACTIVE, labels.STATS2008]
    order.sort(key=lambda k: k != kind)
    for candidate in order:
        if candidate == labels.PROACTIVE:
            item = _proactive_item(label, fmt)
            if item is not None:
                columns = block_columns or [g.label for g in _default_groups(item[0], fmt)]
                return _Pending(candidate, "/".join(item), columns)
            continue
        if candidate == labels.REQUESTS:
            vocabulary, columns = labels.REQUESTS_ROW_VOCABULARY, labels.REQUESTS_COLUMNS
        else:
            vocabulary, columns = labels.STATS2008_ROW_VOCABULARY, (labels.STATS2008_COLUMN,)
        path = vocabulary.resolve([label], previous, strict=True)
        if path is not None:
            return _Pending(candidate, "/".join(path), columns)
    return None
