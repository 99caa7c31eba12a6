"""What earlier crawls captured and which report versions they saw, kept in the crawl-state store.

Per URL the latest capture (validators, payload digest, where its record and its payload are); per
payload digest the record holding it; per report one row per version (content hash, change,
first/last seen, record pointers, gone). Portable SQL for SQLite and PostgreSQL (:class:`StateDB`).
The catalogue is the report versions as one Parquet table.
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.state import crawl_state_for, state_url
from crawler.state.db import StateDB, is_postgres

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS history_captures (
        url TEXT PRIMARY KEY,
        crawl_id TEXT NOT NULL,
        status INTEGER NOT NULL,
        record_type TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        payload_digest TEXT,
        record_path TEXT NOT NULL,
        record_offset BIGINT NOT NULL,
        record_length BIGINT NOT NULL,
        record_id TEXT NOT NULL,
        record_date TEXT NOT NULL,
        payload_uri TEXT,
        payload_path TEXT,
        payload_offset BIGINT,
        payload_length BIGINT,
        payload_record_id TEXT,
        payload_date TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS history_payloads (
        digest TEXT PRIMARY KEY,
        uri TEXT NOT NULL,
        record_path TEXT NOT NULL,
        record_offset BIGINT NOT NULL,
        record_length BIGINT NOT NULL,
        record_id TEXT NOT NULL,
        record_date TEXT NOT NULL,
        crawl_id TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS history_reports (
        url TEXT NOT NULL,
        first_crawl TEXT NOT NULL,
        portal TEXT NOT NULL,
        year INTEGER,
        title TEXT,
        agency TEXT,
        content_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        tables_hash TEXT NOT NULL,
        metadata_hash TEXT NOT NULL,
        change TEXT NOT NULL,
        changed_parts TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        last_crawl TEXT NOT NULL,
        record_path TEXT,
        record_offset BIGINT,
        record_length BIGINT,
        record_id TEXT,
        gone_at TEXT,
        gone_crawl TEXT,
        PRIMARY KEY (url, first_crawl)
    )""",
    "CREATE INDEX IF NOT EXISTS history_reports_portal ON history_reports (portal, last_crawl)",
    """CREATE TABLE IF NOT EXISTS history_gone_checks (
        crawl_id TEXT NOT NULL,
        portal TEXT NOT NULL,
        checked INTEGER NOT NULL,
        candidates INTEGER NOT NULL,
        reason TEXT,
        PRIMARY KEY (crawl_id, portal)
    )""",
)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class RecordPointer:
    """Where one WARC record is: absolute file path, offset and length of its gzip member."""

    path: str
    offset: int
    length: int
    record_id: str
    uri: str = ""
    date: str = ""  # its WARC-Date

    def as_item_pointer(self) -> dict:
        """The pointer as items carry it (``warc``): file name, offset, length, id, and path."""
        return {
            "file": Path(self.path).name,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
            "path": self.path,
        }


@dataclass(frozen=True)
class Capture:
    """The latest capture of one URL: its record, and the response record holding its payload
    (the same record, or the one a revisit refers to; None when there is no payload)."""

    url: str
    crawl_id: str
    status: int
    record_type: str
    record: RecordPointer
    payload: RecordPointer | None = None
    etag: str | None = None
    last_modified: str | None = None
    payload_digest: str | None = None


@dataclass
class ReportVersion:
    """One version of one report: what it said (hashes), when it was seen, where it is archived."""

    url: str
    first_crawl: str
    portal: str
    content_hash: str
    text_hash: str
    tables_hash: str
    metadata_hash: str
    change: str  # how this version arrived: new | changed (docs/state.md)
    first_seen: str
    last_seen: str
    last_crawl: str
    year: int | None = None
    title: str | None = None
    agency: str | None = None
    changed_parts: list[str] = field(default_factory=list)
    record: RecordPointer | None = None
    gone_at: str | None = None
    gone_crawl: str | None = None


_CAPTURE_COLUMNS = (
    "url, crawl_id, status, record_type, etag, last_modified, payload_digest, record_path, "
    "record_offset, record_length, record_id, record_date, payload_uri, payload_path, "
    "payload_offset, payload_length, payload_record_id, payload_date"
)
_VERSION_COLUMNS = (
    "url, first_crawl, portal, year, title, agency, content_hash, text_hash, tables_hash, "
    "metadata_hash, change, changed_parts, first_seen, last_seen, last_crawl, record_path, "
    "record_offset, record_length, record_id, gone_at, gone_crawl"
)


_POINTER_FIELDS = ("path", "offset", "length", "record_id")


def _placeholders(columns: str) -> str:
    return ", ".join("?" for _ in columns.split(","))


def _fields(pointer: RecordPointer | None, names: Sequence[str] = _POINTER_FIELDS) -> tuple:
    """``names`` of ``pointer`` as column values (all None without a pointer)."""
    return tuple(getattr(pointer, name) if pointer else None for name in names)


def _capture_from_row(row: Sequence) -> Capture:
    (url, crawl_id, status, record_type, etag, last_modified, digest) = row[:7]
    record = RecordPointer(row[7], int(row[8]), int(row[9]), row[10], url, row[11])
    payload = None
    if row[13]:
        payload = RecordPointer(row[13], int(row[14]), int(row[15]), row[16], row[12], row[17])
    return Capture(
        url, crawl_id, int(status), record_type, record, payload, etag, last_modified, digest
    )


def _version_from_row(row: Sequence) -> ReportVersion:
    record = None
    if row[15]:
        record = RecordPointer(row[15], int(row[16]), int(row[17]), row[18], row[0])
    return ReportVersion(
        url=row[0],
        first_crawl=row[1],
        portal=row[2],
        year=row[3],
        title=row[4],
        agency=row[5],
        content_hash=row[6],
        text_hash=row[7],
        tables_hash=row[8],
        metadata_hash=row[9],
        change=row[10],
        changed_parts=json.loads(row[11]) if row[11] else [],
        first_seen=row[12],
        last_seen=row[13],
        last_crawl=row[14],
        record=record,
        gone_at=row[19],
        gone_crawl=row[20],
    )


class CrawlHistory:
    """The history tables of one crawl-state store, seen from crawl ``crawl_id``.

    Thread-safe as :class:`StateDB` is: the WARC writer thread records captures while the reactor
    thread reads them and records report versions.
    """

    def __init__(self, db: StateDB, crawl_id: str) -> None:
        self.db = db
        self.crawl_id = crawl_id
        db.ensure_schema(SCHEMA)

    # --- captures -----------------------------------------------------------------------------

    def capture(self, url: str) -> Capture | None:
        """The latest capture of ``url`` by any crawl, or None."""
        row = self.db.query_one(
            f"SELECT {_CAPTURE_COLUMNS} FROM history_captures WHERE url = ?", (url,)
        )
        return _capture_from_row(row) if row else None

    def record_capture(self, capture: Capture) -> None:
        """Make ``capture`` the latest of its URL; a response record with a payload is also
        remembered as the record holding that payload. (A payload is archived in full again
        only when its earlier record cannot be read: the new record replaces it.)"""
        record, payload = capture.record, capture.payload
        values = (
            capture.url,
            capture.crawl_id,
            capture.status,
            capture.record_type,
            capture.etag,
            capture.last_modified,
            capture.payload_digest,
            *_fields(record, (*_POINTER_FIELDS, "date")),
            *_fields(payload, ("uri", *_POINTER_FIELDS, "date")),
        )
        updates = ", ".join(
            f"{name.strip()} = excluded.{name.strip()}" for name in _CAPTURE_COLUMNS.split(",")[1:]
        )
        with self.db.transaction():
            self.db.execute(
                f"INSERT INTO history_captures ({_CAPTURE_COLUMNS}) "
                f"VALUES ({_placeholders(_CAPTURE_COLUMNS)}) "
                f"ON CONFLICT (url) DO UPDATE SET {updates}",
                values,
            )
            if payload is not None and payload.record_id == record.record_id:
                self.db.execute(
                    "INSERT INTO history_payloads (digest, uri, record_path, record_offset, "
                    "record_length, record_id, record_date, crawl_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET "
                    "uri = excluded.uri, record_path = excluded.record_path, "
                    "record_offset = excluded.record_offset, "
                    "record_length = excluded.record_length, record_id = excluded.record_id, "
                    "record_date = excluded.record_date, crawl_id = excluded.crawl_id",
                    (
                        capture.payload_digest,
                        capture.url,
                        record.path,
                        record.offset,
                        record.length,
                        record.record_id,
                        record.date,
                        capture.crawl_id,
                    ),
                )

    def payload_record(self, digest: str, url: str) -> RecordPointer | None:
        """The response record already holding a payload with ``digest``: this URL's own earlier
        capture when it had the same payload, else the first record of it for any URL."""
        own = self.capture(url)
        if own is not None and own.payload is not None and own.payload_digest == digest:
            return own.payload
        row = self.db.query_one(
            "SELECT record_path, record_offset, record_length, record_id, uri, record_date "
            "FROM history_payloads WHERE digest = ?",
            (digest,),
        )
        if row is None:
            return None
        return RecordPointer(row[0], int(row[1]), int(row[2]), row[3], row[4], row[5])

    # --- report versions ----------------------------------------------------------------------

    def latest_version(self, url: str) -> ReportVersion | None:
        row = self.db.query_one(
            f"SELECT {_VERSION_COLUMNS} FROM history_reports WHERE url = ? "
            "ORDER BY first_seen DESC LIMIT 1",
            (url,),
        )
        return _version_from_row(row) if row else None

    def versions_of(self, url: str) -> list[ReportVersion]:
        """Every version of the report at ``url``, newest first."""
        rows = self.db.query(
            f"SELECT {_VERSION_COLUMNS} FROM history_reports WHERE url = ? "
            "ORDER BY first_seen DESC",
            (url,),
        )
        return [_version_from_row(row) for row in rows]

    def add_version(self, version: ReportVersion) -> None:
        record = version.record
        self.db.execute(
            f"INSERT INTO history_reports ({_VERSION_COLUMNS}) "
            f"VALUES ({_placeholders(_VERSION_COLUMNS)})",
            (
                version.url,
                version.first_crawl,
                version.portal,
                version.year,
                version.title,
                version.agency,
                version.content_hash,
                version.text_hash,
                version.tables_hash,
                version.metadata_hash,
                version.change,
                json.dumps(version.changed_parts) if version.changed_parts else None,
                version.first_seen,
                version.last_seen,
                version.last_crawl,
                *_fields(record),
                version.gone_at,
                version.gone_crawl,
            ),
        )

    def saw_version(self, version: ReportVersion, seen: str, record: RecordPointer | None) -> None:
        """``version`` was seen again, unchanged, in this crawl: in ``record`` at ``seen``."""
        record = record or version.record
        self.db.execute(
            "UPDATE history_reports SET last_seen = ?, last_crawl = ?, record_path = ?, "
            "record_offset = ?, record_length = ?, record_id = ? WHERE url = ? AND first_crawl = ?",
            (
                seen,
                self.crawl_id,
                *_fields(record),
                version.url,
                version.first_crawl,
            ),
        )

    def mark_gone(self, version: ReportVersion, when: str) -> None:
        self.db.execute(
            "UPDATE history_reports SET gone_at = ?, gone_crawl = ? "
            "WHERE url = ? AND first_crawl = ?",
            (when, self.crawl_id, version.url, version.first_crawl),
        )

    def unseen_reports(self, portal: str) -> list[ReportVersion]:
        """Live reports of ``portal`` (latest version not gone) that this crawl has not seen."""
        rows = self.db.query(
            f"SELECT {_VERSION_COLUMNS} FROM history_reports r WHERE portal = ? "
            "AND last_crawl <> ? AND gone_at IS NULL AND NOT EXISTS ("
            "SELECT 1 FROM history_reports n WHERE n.url = r.url AND n.first_seen > r.first_seen)"
            " ORDER BY url",
            (portal, self.crawl_id),
        )
        return [_version_from_row(row) for row in rows]

    def record_gone_check(self, portal: str, checked: bool, candidates: int, reason: str) -> None:
        """Whether this crawl looked for withdrawn reports of ``portal``, and why not."""
        self.db.execute(
            "INSERT INTO history_gone_checks (crawl_id, portal, checked, candidates, reason) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (crawl_id, portal) DO UPDATE SET "
            "checked = excluded.checked, candidates = excluded.candidates, "
            "reason = excluded.reason",
            (self.crawl_id, portal, int(checked), candidates, reason),
        )

    def gone_checks(self) -> list[tuple[str, bool, int, str]]:
        rows = self.db.query(
            "SELECT portal, checked, candidates, reason FROM history_gone_checks "
            "WHERE crawl_id = ? ORDER BY portal",
            (self.crawl_id,),
        )
        return [(r[0], bool(r[1]), int(r[2]), r[3] or "") for r in rows]

    def versions(self) -> Iterator[ReportVersion]:
        """Every report version, by URL then first seen."""
        rows = self.db.query(
            f"SELECT {_VERSION_COLUMNS} FROM history_reports ORDER BY url, first_seen"
        )
        for row in rows:
            yield _version_from_row(row)


# --- the catalogue ------------------------------------------------------------------------------


def catalogue_rows(history: CrawlHistory) -> Iterator[dict]:
    """One row per report version, in the catalogue's columns (docs/state.md)."""
    for version in history.versions():
        record = version.record
        row = asdict(version)
        del row["record"], row["text_hash"], row["tables_hash"], row["metadata_hash"]
        row["warc_path"] = record.path if record else None
        row["warc_file"] = Path(record.path).name if record else None
        row["warc_offset"] = record.offset if record else None
        row["warc_length"] = record.length if record else None
        row["warc_record_id"] = record.record_id if record else None
        yield row


def write_catalogue(history: CrawlHistory, path: str | Path) -> Path:
    """Write the catalogue as Parquet to ``path``, replacing it atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, ts = pa.string(), pa.timestamp("us", tz="UTC")
    schema = pa.schema(
        [
            ("url", text),
            ("portal", text),
            ("year", pa.int32()),
            ("title", text),
            ("agency", text),
            ("content_hash", text),
            ("change", text),
            ("changed_parts", pa.list_(text)),
            ("first_seen", ts),
            ("last_seen", ts),
            ("first_crawl", text),
            ("last_crawl", text),
            ("warc_path", text),
            ("warc_file", text),
            ("warc_offset", pa.int64()),
            ("warc_length", pa.int64()),
            ("warc_record_id", text),
            ("gone_at", ts),
            ("gone_crawl", text),
        ]
    )
    rows = []
    for row in catalogue_rows(history):
        for name in ("first_seen", "last_seen", "gone_at"):
            row[name] = _timestamp(row[name])
        rows.append({name: row.get(name) for name in schema.names})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def _timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


# --- the crawl's history -----------------------------------------------------------------------


def catalogue_path(settings: BaseSettings) -> Path:
    """``CATALOGUE_PATH``, or ``catalogue.parquet`` beside the SQLite state file (in
    ``OUTPUT_DIR`` when the state is in PostgreSQL)."""
    if settings.get("CATALOGUE_PATH"):
        return Path(settings.get("CATALOGUE_PATH")).expanduser().resolve()
    url = state_url(settings)
    base = Path(settings.get("OUTPUT_DIR")).resolve() if is_postgres(url) else Path(url).parent
    return base / "catalogue.parquet"


_histories: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def history_for(crawler: Crawler) -> CrawlHistory:
    """The one :class:`CrawlHistory` of ``crawler``, in its crawl state (made on first use)."""
    history = _histories.get(crawler)
    if history is None:
        state = crawl_state_for(crawler)
        history = _histories[crawler] = CrawlHistory(state.db, state.crawl_id)
    return history
