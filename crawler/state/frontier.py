"""A crawl's frontier in the crawl-state store: its request queue and its seen-set, by crawl id.

A request is *queued*, then *leased* (handed to the downloader), then *done*: its queue row is
deleted, its fingerprint stays in the seen-set. Every change commits before the call returns, so
a SIGKILL loses nothing; at the next start a resumed crawl puts its leased requests back.
Plain SQL over :class:`StateDB`, no Scrapy: :mod:`crawler.scheduler` adapts it.
"""

from __future__ import annotations

from collections.abc import Iterator

from crawler.state.db import StateDB

QUEUED, LEASED = 0, 1

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS frontier_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        crawl_id TEXT NOT NULL,
        host TEXT NOT NULL,
        priority INTEGER NOT NULL,
        state INTEGER NOT NULL,
        request TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS frontier_queue_next "
    "ON frontier_queue (crawl_id, host, state, priority DESC, id)",
    """CREATE TABLE IF NOT EXISTS frontier_seen (
        crawl_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        portal TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (crawl_id, fingerprint)
    )""",
)


class Frontier:
    """The queue and seen-set of crawl ``crawl_id``."""

    def __init__(self, db: StateDB, crawl_id: str) -> None:
        self.db = db
        self.crawl_id = crawl_id
        db.ensure_schema(SCHEMA)
        # PostgreSQL: workers sharing one store never lease the same row
        self._skip_locked = " FOR UPDATE SKIP LOCKED" if db.postgres else ""

    def add(
        self,
        request: str,
        host: str,
        priority: int,
        fingerprint: str | None,
        portal: str = "",
        url: str = "",
    ) -> int | None:
        """Queue a request (its stored JSON); None when ``fingerprint`` was seen already.

        Without a fingerprint (``dont_filter``) the request is queued unchecked and unrecorded.
        """
        with self.db.transaction():
            if fingerprint is not None:
                added = self.db.execute(
                    "INSERT INTO frontier_seen (crawl_id, fingerprint, portal, url) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (self.crawl_id, fingerprint, portal, url),
                )
                if not added:
                    return None
            rows = self.db.query(
                "INSERT INTO frontier_queue (crawl_id, host, priority, state, request) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (self.crawl_id, host, priority, QUEUED, request),
            )
        return int(rows[0][0])

    def lease(self, host: str) -> tuple[int, str] | None:
        """Lease the first queued request of ``host`` (highest priority, then oldest)."""
        rows = self.db.query(
            "UPDATE frontier_queue SET state = ? WHERE id = ("
            "SELECT id FROM frontier_queue WHERE crawl_id = ? AND host = ? AND state = ? "
            f"ORDER BY priority DESC, id LIMIT 1{self._skip_locked}) RETURNING id, request",
            (LEASED, self.crawl_id, host, QUEUED),
        )
        return (int(rows[0][0]), rows[0][1]) if rows else None

    def done(self, request_id: int) -> bool:
        """Forget a leased request: everything it led to is safe. False if it was not there."""
        return bool(self.db.execute("DELETE FROM frontier_queue WHERE id = ?", (request_id,)))

    def requeue_leased(self) -> int:
        """Put the requests an earlier run leased but never finished back in the queue."""
        return self.db.execute(
            "UPDATE frontier_queue SET state = ? WHERE crawl_id = ? AND state = ?",
            (QUEUED, self.crawl_id, LEASED),
        )

    def queued_by_host(self) -> dict[str, int]:
        rows = self.db.query(
            "SELECT host, COUNT(*) FROM frontier_queue WHERE crawl_id = ? AND state = ? "
            "GROUP BY host",
            (self.crawl_id, QUEUED),
        )
        return {host: int(count) for host, count in rows}

    def count(self, state: int) -> int:
        row = self.db.query_one(
            "SELECT COUNT(*) FROM frontier_queue WHERE crawl_id = ? AND state = ?",
            (self.crawl_id, state),
        )
        return int(row[0]) if row else 0

    def seen_count(self) -> int:
        row = self.db.query_one(
            "SELECT COUNT(*) FROM frontier_seen WHERE crawl_id = ?", (self.crawl_id,)
        )
        return int(row[0]) if row else 0

    def seen_urls(self) -> Iterator[tuple[str, str]]:
        """(portal, url) of every request the crawl has queued, for a resumed spider's budgets."""
        rows = self.db.query(
            "SELECT portal, url FROM frontier_seen WHERE crawl_id = ?", (self.crawl_id,)
        )
        yield from rows

    def forget(self) -> None:
        """Drop the crawl's queue and seen-set (a crawl that cannot be resumed)."""
        with self.db.transaction():
            self.db.execute("DELETE FROM frontier_queue WHERE crawl_id = ?", (self.crawl_id,))
            self.db.execute("DELETE FROM frontier_seen WHERE crawl_id = ?", (self.crawl_id,))
