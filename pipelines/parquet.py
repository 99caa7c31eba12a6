"""Parquet feed exporters: the report items, and their table cells as one long table.

Registered as FEED_EXPORTERS ``parquet`` and ``table_cells``. Columns and types are fixed here
(the dataset's contract, see docs/schema.md); rows are written in row groups as they come, so a
long crawl never holds all items in memory.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from scrapy.exporters import BaseItemExporter

if TYPE_CHECKING:
    import pyarrow as pa

# pyarrow is imported when a Parquet file is written, not when this module is: every crawl loads
# the exporters (pipelines.item_log), and pyarrow costs ~0.4 s of CPU and ~45 MB to import.

ATTACHMENT_FIELDS = (
    "url",
    "name",
    "kind",
    "media_type",
    "size",
    "sha1",
    "warc_file",
    "warc_offset",
    "warc_record_id",
    "error",
)


@cache
def attachment_type() -> pa.DataType:
    import pyarrow as pa

    return pa.struct(
        [
            (name, pa.int64() if name in ("size", "warc_offset") else pa.string())
            for name in ATTACHMENT_FIELDS
        ]
    )


@cache
def report_schema() -> pa.Schema:
    """The columns of reports.parquet (docs/schema.md)."""
    import pyarrow as pa

    _str = pa.string()
    _strs = pa.list_(pa.string())
    return pa.schema(
        [
            ("schema_version", _str),
            ("url", _str),
            ("portal", _str),
            ("portal_name", _str),
            ("title", _str),
            ("agency", _str),
            ("publisher", _str),
            ("region", _str),
            ("year", pa.int32()),
            ("published", pa.date32()),
            ("index_no", _str),
            ("doc_no", _str),
            ("template", _str),
            ("encoding", _str),
            ("encoding_declared", _str),
            ("encoding_confidence", pa.float64()),
            ("encoding_rule", _str),
            ("text", _str),
            ("text_simplified", _str),
            ("sections", pa.list_(pa.struct([("heading", _str), ("text", _str)]))),
            ("table_cell_count", pa.int32()),
            ("source_format", _str),
            ("pages", _strs),
            ("attachments", pa.list_(attachment_type())),
            ("change", _str),
            ("changed_parts", _strs),
            ("content_hash", _str),
            ("warc_file", _str),
            ("warc_offset", pa.int64()),
            ("warc_record_id", _str),
            ("fetched", _str),
            ("flags", _strs),
            ("warnings", _strs),
            ("errors", _strs),
        ]
    )


@cache
def cell_schema() -> pa.Schema:
    """The columns of table_cells.parquet (docs/schema.md)."""
    import pyarrow as pa

    _str = pa.string()
    return pa.schema(
        [
            ("report_url", _str),
            ("warc_record_id", _str),
            ("portal", _str),
            ("agency", _str),
            ("year", pa.int32()),
            ("template", _str),
            ("table", _str),
            ("scope", _str),
            ("row", _str),
            ("col", _str),
            ("value", pa.float64()),
            ("unit", _str),
        ]
    )


def _date(value: str | None):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_row(item: dict) -> dict:
    """One Parquet row of the reports table from an item."""
    warc = item.get("warc") or {}
    row = {name: item.get(name) for name in report_schema().names}
    row["published"] = _date(item.get("published"))
    row["table_cell_count"] = len(item.get("tables") or [])
    row["warc_file"] = warc.get("file")
    row["warc_offset"] = warc.get("offset")
    row["warc_record_id"] = warc.get("record_id")
    row["pages"] = [page["url"] for page in item.get("pages") or []]
    row["attachments"] = [_attachment_row(a) for a in item.get("attachments") or []]
    for name in ("changed_parts", "flags", "warnings", "errors", "sections"):
        row[name] = row[name] or []
    return row


def _attachment_row(attachment: dict) -> dict:
    warc = attachment.get("warc") or {}
    row = {name: attachment.get(name) for name in ATTACHMENT_FIELDS}
    row.update(
        warc_file=warc.get("file"),
        warc_offset=warc.get("offset"),
        warc_record_id=warc.get("record_id"),
    )
    return row


def cell_rows(item: dict) -> list[dict]:
    """The item's table cells, each keyed by its report."""
    warc = item.get("warc") or {}
    key = {
        "report_url": item.get("url"),
        "warc_record_id": warc.get("record_id"),
        "portal": item.get("portal"),
        "agency": item.get("agency"),
        "year": item.get("year"),
        "template": item.get("template"),
    }
    return [
        {**key, **{k: cell.get(k) for k in ("table", "scope", "row", "col", "value", "unit")}}
        for cell in item.get("tables") or []
    ]


def _text_size(row: dict) -> int:
    """Characters of a row's strings, lists of strings included: what its batch holds."""
    size = 0
    for value in row.values():
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, list):
            size += sum(len(v) for v in value if isinstance(v, str))
    return size


class _ParquetExporter(BaseItemExporter):
    """Rows written a row group at a time: ``batch_size`` rows, or fewer when they hold
    ``batch_chars`` characters. What a batch holds until written (decoded items, rows, their
    Arrow copy) is the crawl's peak memory at its end."""

    batch_size = 256
    batch_chars: int | None = None

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.rows: list[dict] = []
        self.chars = 0
        self.writer: Any = None  # a pyarrow.parquet.ParquetWriter once exporting started

    @property
    def schema(self) -> pa.Schema:
        raise NotImplementedError

    def rows_for(self, item: dict) -> list[dict]:
        raise NotImplementedError

    def start_exporting(self) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(self.file, self.schema, compression="zstd")

    def export_item(self, item: Any) -> None:
        rows = self.rows_for(dict(item))
        self.rows.extend(rows)
        full = False
        if self.batch_chars is not None:  # not the cells' exporter: ~90 rows a report
            self.chars += sum(map(_text_size, rows))
            full = self.chars >= self.batch_chars
        if full or len(self.rows) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if self.rows and self.writer is not None:
            import pyarrow as pa

            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []
        self.chars = 0

    def finish_exporting(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()


class ReportsParquetExporter(_ParquetExporter):
    # ~0.13 MB a report row until written (the wide benchmark world): 256 rows a group made the
    # Parquet step the crawl's peak; reports read from long PDFs are capped by their text
    batch_size = 64
    batch_chars = 1_000_000

    @property
    def schema(self) -> pa.Schema:
        return report_schema().with_metadata({"nianbao": json.dumps({"table": "reports"})})

    def rows_for(self, item: dict) -> list[dict]:
        return [report_row(item)]


class TableCellsParquetExporter(_ParquetExporter):
    batch_size = 4096

    @property
    def schema(self) -> pa.Schema:
        return cell_schema().with_metadata({"nianbao": json.dumps({"table": "table_cells"})})

    def rows_for(self, item: dict) -> list[dict]:
        return cell_rows(item)
