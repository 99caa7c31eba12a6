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
            item = proactive_item(label, fmt)
            if item is not None:
                columns = block_columns or [g.label for g in default_groups(item[0], fmt)]
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
