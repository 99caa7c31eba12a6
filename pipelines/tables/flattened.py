"""Statistics tables flattened into text (pasted, exported or OCRed without table markup): a label
line, then its value line(s), read into the same tidy cells as the HTML tables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.tables import labels
from pipelines.tables.cells import Number, block_of, parse_value
from pipelines.tables.kinds import REQUEST_HEADER_KEYS, REVIEW_HEADER_KEYS
from pipelines.tables.proactive import default_groups, proactive_format, proactive_item
from pipelines.tables.stats2008 import (
    is_stats2008_value_header,
    resolve_stats2008_row,
    stats2008_columns,
    stats2008_unit,
)

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
    scopes: Sequence[str] = ()  # per column, where a 统计表 column names a scope
    unit: str | None = None  # the unit a 统计表 row prints


# A 统计表's header cells that are neither its label column nor a value column.
_STATS_OTHER_HEADERS = labels.STATS2008_UNIT_HEADERS | labels.STATS2008_INDEX_HEADERS
_STATS_COLUMNS = [(labels.STATS2008_COLUMN, None)]
_STATS_LABEL_HEADER_STARTS = frozenset(header[0] for header in labels.STATS2008_LABEL_HEADERS)


_LABEL_VALUE = re.compile(r"(.+?)[：:]([-+－]?[\d０-９][\d０-９,，.]*\D{0,2})")


def parse_flattened(text: str) -> tuple[list[dict], list[str]]:
    """(cells, warnings) of the tables flattened into ``text``."""
    cells: list[dict] = []
    warnings: list[str] = []
    kind: str | None = None
    fmt: str | None = None
    block_columns: list[str] | None = None  # while reading a 信息内容 header
    rows_seen = False
    previous: tuple[str, ...] | None = None
    pending: _Pending | None = None
    stats_headers: list[str] = []  # value column headers of the 统计表 being read
    stats_header_open = False  # its header cells come one per line

    def finish() -> None:
        nonlocal pending
        if pending is not None and pending.values:
            if len(pending.values) < len(pending.columns):
                warnings.append(
                    f"table-shape:{pending.kind}:row={pending.row}: {len(pending.values)} values "
                    f"for {len(pending.columns)} columns"
                )
            else:
                scopes = pending.scopes or [""] * len(pending.columns)
                for column, scope, value in zip(
                    pending.columns, scopes, pending.values, strict=False
                ):
                    if column is not None and value is not None:
                        cell = {"table": pending.kind, "scope": scope, "row": pending.row}
                        cell |= {"col": column, "value": value}
                        cells.append(cell | ({"unit": pending.unit} if pending.unit else {}))
        pending = None

    for line in text.splitlines():
        header = _stats_header(line, kind == labels.STATS2008)
        if header is not None:
            finish()
            stats_headers, stats_header_open = header, not header
            continue
        if stats_header_open:
            key = labels.label_key(line)
            if key in _STATS_OTHER_HEADERS:
                continue
            if _is_stats_value_header(key):
                stats_headers.append(line.strip())
                continue
            stats_header_open = False
        label, values, unit = _split_line(line)
        if pending is not None and pending.kind == labels.STATS2008 and not label:
            pending.unit = pending.unit or unit  # unit and values on the line after a long label
        if label:
            finish()
            key = labels.label_key(label)
            heading = block_of(label) if len(label) < 40 else None
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
                fmt = proactive_format(block_columns) or fmt
                continue
            if kind == labels.REVIEW_LITIGATION and key in REVIEW_HEADER_KEYS:
                continue
            if kind == labels.REQUESTS and not rows_seen and key in REQUEST_HEADER_KEYS:
                continue
            columns = stats2008_columns(stats_headers) if stats_headers else _STATS_COLUMNS
            pending = _flat_row(label, kind, fmt, block_columns, previous, columns)
            if pending is not None:
                if pending.kind == labels.STATS2008:
                    pending.unit = unit
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


def _stats_header(line: str, in_stats: bool) -> list[str] | None:
    """The value column headers of a 统计表 header line (统计指标 单位 统计数; 指标名称 计量单位
    2012年度 历年累计): [] when only the label header stands on the line (in a 统计表, its
    other header cells follow one per line), None when the line is no such header."""
    if line.lstrip(" \t\u00a0\u3000")[:1] not in _STATS_LABEL_HEADER_STARTS:
        return None  # the common case, decided without splitting the line
    tokens = _tokens(line)
    for i in range(1, min(len(tokens), 6) + 1):
        if labels.label_key("".join(tokens[:i])) in labels.STATS2008_LABEL_HEADERS:
            cells = [t for t in tokens[i:] if t]
            rest = [t for t in cells if labels.label_key(t) not in _STATS_OTHER_HEADERS]
            if len(rest) == len(cells) and not (rest or in_stats):
                return None  # a lone 项目 or 内容 outside a 统计表 is no header
            if all(_is_stats_value_header(labels.label_key(t)) for t in rest):
                return rest
            return None
    return None


def _is_stats_value_header(key: str) -> bool:
    return bool(key) and (
        is_stats2008_value_header(key) or bool(labels.SCOPE_PATTERN.fullmatch(key))
    )


def _tokens(line: str) -> list[str]:
    """The cells of a text line: tab-separated (blanks kept as empty fields: "5\t\t0") or
    space-separated."""
    if "\t" in line.strip(" \u00a0\u3000"):
        return [token.strip() for token in line.strip(" \u00a0\u3000").split("\t")]
    return [token for token in re.split(r"[\s\u00a0\u3000]+", line) if token]


def _split_line(line: str) -> tuple[str, list[Number | None], str | None]:
    """A text line as (label, trailing values, unit): a unit standing alone is not a value,
    "—" is a blank value."""
    tokens = _tokens(line)
    values: list[Number | None] = []
    unit = None
    while tokens:
        token = unicodedata.normalize("NFKC", tokens[-1])
        value, blank = parse_value(token)
        if value is None and not blank and token not in labels.UNITS:
            break
        tokens.pop()
        if token in labels.UNITS:
            unit = stats2008_unit(token)
        else:
            values.append(value)
    label = "".join(tokens)
    if label and all(value is None for value in values):
        values = []  # a label with only blanks after it: its numbers may follow on the next line
    if not values and (pair := _LABEL_VALUE.fullmatch(label)):
        value, _ = parse_value(pair.group(2))
        if value is not None:
            return pair.group(1), [value], unit
    return label, values[::-1], unit


def _flat_row(
    label: str,
    kind: str | None,
    fmt: str | None,
    block_columns: list[str] | None,
    previous: tuple[str, ...] | None,
    stats_columns: Sequence[tuple[str, str | None]] = _STATS_COLUMNS,
) -> _Pending | None:
    """The row a label line starts, in the table the label belongs to (the current one first)."""
    if len(label) > 60:
        return None
    order = [labels.REQUESTS, labels.PROACTIVE, labels.STATS2008]
    order.sort(key=lambda k: k != kind)
    for candidate in order:
        if candidate == labels.PROACTIVE:
            item = proactive_item(label, fmt)
            if item is not None:
                columns = block_columns or [g.label for g in default_groups(item[0], fmt)]
                return _Pending(candidate, "/".join(item), columns)
            continue
        if candidate == labels.REQUESTS:
            path = labels.REQUESTS_ROW_VOCABULARY.resolve([label], previous, strict=True)
            if path is not None:
                return _Pending(candidate, "/".join(path), labels.REQUESTS_COLUMNS)
            continue
        path = resolve_stats2008_row([label], previous, strict=True)
        if path is not None:
            columns = [column for column, _ in stats_columns]
            scopes = [scope or "" for _, scope in stats_columns]
            return _Pending(candidate, "/".join(path), columns, scopes=scopes)
    return None
