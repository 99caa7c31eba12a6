"""Last item pipeline: each item once in ``OUTPUT_DIR/reports.jsonl``, however often the crawl is
killed and resumed; ``reports.parquet`` and ``table_cells.parquet`` written from it at the end.

An item is appended as one JSON line and flushed to the OS; in the same store transaction its key
(the report URL) is claimed for the crawl and the file's committed length recorded. At open the
file is cut back to its committed length (a torn or uncommitted tail left by a kill), and an item
whose key the crawl already claimed is dropped (``items/duplicates_dropped``). Claims are per crawl,
not per file, so several workers sharing one PostgreSQL store, each with its own OUTPUT_DIR, write
a report once between them.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.serialize import ScrapyJSONEncoder

from crawler.state import crawl_state_for
from crawler.state.db import StateDB
from pipelines.parquet import ReportsParquetExporter, TableCellsParquetExporter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ITEM_LOG_NAME = "reports.jsonl"
PARQUET_FILES = (
    ("reports.parquet", ReportsParquetExporter),
    ("table_cells.parquet", TableCellsParquetExporter),
)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS item_log_files (
        crawl_id TEXT NOT NULL,
        path TEXT NOT NULL,
        committed BIGINT NOT NULL,
        PRIMARY KEY (crawl_id, path)
    )""",
    """CREATE TABLE IF NOT EXISTS item_log_keys (
        crawl_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        path TEXT NOT NULL,
        portal TEXT NOT NULL,
        line_offset BIGINT NOT NULL,
        PRIMARY KEY (crawl_id, item_key)
    )""",
)


def items_per_portal(db: StateDB, crawl_id: str) -> dict[str, int]:
    """How many items the crawl has written so far, per portal (a resumed spider's counters)."""
    db.ensure_schema(SCHEMA)
    rows = db.query(
        "SELECT portal, COUNT(*) FROM item_log_keys WHERE crawl_id = ? GROUP BY portal",
        (crawl_id,),
    )
    return {portal: int(count) for portal, count in rows}


class ItemLogPipeline:
    """``ITEM_PIPELINES``, after every other stage (``ITEM_LOG_ENABLED``)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ITEM_LOG_ENABLED"):
            raise NotConfigured
        self.stats = crawler.stats
        state = crawl_state_for(crawler)
        self.db, self.crawl_id = state.db, state.crawl_id
        self.output_dir = Path(settings.get("OUTPUT_DIR")).resolve()
        self.path = self.output_dir / ITEM_LOG_NAME
        self.parquet = settings.getbool("OUTPUT_PARQUET")
        self.encoder = ScrapyJSONEncoder(ensure_ascii=False)
        self.committed = 0
        self.file = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemLogPipeline:
        return cls(crawler)

    # --- open -----------------------------------------------------------------------------------

    def open_spider(self) -> None:
        self.db.ensure_schema(SCHEMA)
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.db.execute(
            "INSERT INTO item_log_files (crawl_id, path, committed) VALUES (?, ?, 0) "
            "ON CONFLICT DO NOTHING",
            (self.crawl_id, str(self.path)),
        )
        row = self.db.query_one(
            "SELECT committed FROM item_log_files WHERE crawl_id = ? AND path = ?",
            (self.crawl_id, str(self.path)),
        )
        self.committed = int(row[0]) if row else 0
        self.path.touch()
        size = self.path.stat().st_size
        if size > self.committed and self.committed:  # (committed 0: a new crawl overwrites)
            logger.warning(
                "%s: dropped %d bytes written after the last committed item (a killed run)",
                self.path,
                size - self.committed,
            )
            self.stats.set_value("items/log_bytes_dropped", size - self.committed)
        elif size < self.committed:
            self._file_lost_lines(size)
        self.file = open(self.path, "r+b")  # noqa: SIM115 (open for the crawl's whole life)
        self.file.truncate(self.committed)
        self.file.seek(self.committed)
        for name, _ in PARQUET_FILES:  # written again at close, from the whole file
            (self.output_dir / name).unlink(missing_ok=True)

    def _file_lost_lines(self, size: int) -> None:
        """The file is shorter than what was committed (replaced, or lost by a power cut): the
        claims of lines no longer in it are released, so a later run may write them again."""
        with self.db.transaction():
            lost = self.db.execute(
                "DELETE FROM item_log_keys WHERE crawl_id = ? AND path = ? AND line_offset >= ?",
                (self.crawl_id, str(self.path), size),
            )
            self.db.execute(
                "UPDATE item_log_files SET committed = ? WHERE crawl_id = ? AND path = ?",
                (size, self.crawl_id, str(self.path)),
            )
        logger.error(
            "%s is shorter than its committed length (%d < %d bytes): %d items are gone from it",
            self.path,
            size,
            self.committed,
            lost,
        )
        self.committed = size

    # --- items ----------------------------------------------------------------------------------

    def process_item(self, item: Any) -> Any:
        line = (self.encoder.encode(dict(item)) + "\n").encode("utf-8")
        key = str(item.get("url") or "") or "sha1:" + hashlib.sha1(line).hexdigest()
        start = self.committed
        try:
            with self.db.transaction():
                claimed = self.db.execute(
                    "INSERT INTO item_log_keys (crawl_id, item_key, path, portal, line_offset) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (self.crawl_id, key, str(self.path), str(item.get("portal") or ""), start),
                )
                if claimed:
                    self.file.write(line)
                    self.file.flush()  # in the OS's hands: a killed process cannot lose it
                    self.db.execute(
                        "UPDATE item_log_files SET committed = ? WHERE crawl_id = ? AND path = ?",
                        (start + len(line), self.crawl_id, str(self.path)),
                    )
        except BaseException:
            self.file.seek(start)
            self.file.truncate(start)
            raise
        if not claimed:
            self.stats.inc_value("items/duplicates_dropped")
            raise DropItem(f"already written by this crawl: {key}")
        self.committed = start + len(line)
        return item

    # --- close ----------------------------------------------------------------------------------

    def close_spider(self) -> None:
        if self.file is None:
            return
        self.file.close()
        self.file = None
        if self.parquet:
            return_freed_memory()
            write_parquet_files(self.path, self.output_dir)
            return_freed_memory()  # what the Parquet step freed, before the crawl's other outputs


def return_freed_memory() -> None:
    """Give the memory the crawl freed back to the OS: pyarrow's pool (when pyarrow is loaded),
    then glibc's heap (``malloc_trim``; a no-op where the C library has no such call).

    The crawl's end is its memory peak (pyarrow loads for the Parquet files): without this, the
    allocators keep what the crawl and the Parquet step no longer use beneath the outputs still
    to write (50 × 20 benchmark world: the tree's peak 204-208 MB → 181-186 MB).
    """
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return
    trim(0)


def _lines(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def write_parquet_files(item_log: Path, output_dir: Path) -> None:
    """``reports.parquet`` and ``table_cells.parquet`` from every item in ``item_log``, in one
    read of it (each item decoded once, row groups written as they fill), each file written
    beside its final name and renamed into place. A file that cannot be filled is left out,
    loudly; the other is still written (reports.jsonl is the record)."""
    exporters = {}
    for name, exporter_class in PARQUET_FILES:
        temporary = output_dir / f".{name}.{os.getpid()}.tmp"
        exporter = exporter_class(str(temporary))
        if _try(exporter.start_exporting, name, item_log):
            exporters[name] = (exporter, temporary)
        else:
            _discard(exporter, temporary)
    try:
        for item in _lines(item_log):
            for name, (exporter, temporary) in list(exporters.items()):
                if not _try(partial(exporter.export_item, item), name, item_log):
                    _discard(exporter, temporary)
                    del exporters[name]
    except (OSError, ValueError):  # reports.jsonl itself unreadable: no Parquet file is true
        logger.exception("could not read %s for its Parquet files", item_log)
        for exporter, temporary in exporters.values():
            _discard(exporter, temporary)
        return
    for name, (exporter, temporary) in exporters.items():
        if not _try(exporter.finish_exporting, name, item_log):
            _discard(exporter, temporary)
            continue
        final = output_dir / name
        os.replace(temporary, final)
        logger.info("written %s", final)


def _try(step: Callable[[], object], name: str, item_log: Path) -> bool:
    try:
        step()
    except Exception:
        logger.exception("could not write %s from %s", name, item_log)
        return False
    return True


def _discard(exporter: Any, temporary: Path) -> None:
    if exporter.writer is not None:
        with contextlib.suppress(Exception):
            exporter.writer.close()
    temporary.unlink(missing_ok=True)
