"""The crawl-state database: SQLite (WAL) embedded by default, PostgreSQL for several machines.

``CRAWL_STATE`` is a file path (SQLite) or a ``postgresql://`` URL. SQL is written once with ``?``
placeholders and portable types; :class:`StateDB` adapts the placeholders for psycopg. Each thread
gets its own connection (the WARC writer thread records captures while the reactor thread
schedules), and every write commits before the call returns, so a SIGKILL loses nothing
acknowledged.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SQLITE_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another (worker, writer thread)
_SCHEMA_LOCK = 0x6E69616E62616F  # PostgreSQL advisory lock held while creating tables ("nianbao")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class StateDB:
    """One crawl-state database, shared by the components that keep state in it.

    ``execute``/``executemany``/``query`` commit on their own; ``transaction()`` groups several
    statements into one commit. DDL goes through ``ensure_schema(name, statements)``, once per
    component, in its own transaction.
    """

    def __init__(self, url: str) -> None:
        self.url = str(url)
        self.postgres = is_postgres(self.url)
        self._local = threading.local()
        if not self.postgres:
            Path(self.url).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)

    # --- connections ----------------------------------------------------------------------------

    def _connect(self):
        if self.postgres:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        conn = sqlite3.connect(
            Path(self.url).expanduser(),
            timeout=SQLITE_BUSY_TIMEOUT,
            isolation_level=None,  # autocommit; transaction() issues BEGIN IMMEDIATE itself
            check_same_thread=False,
        )
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a committed transaction survives a process kill (not a power cut).
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @property
    def connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            self._local.depth = 0
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- statements -----------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        cursor = self.connection.execute(self._sql(sql), tuple(params))
        return cursor.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql(sql), [tuple(r) for r in rows])
        else:
            self.connection.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.connection.execute(self._sql(sql), tuple(params)).fetchall())

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self.connection.execute(self._sql(sql), tuple(params)).fetchone()

    @contextmanager
    def transaction(self) -> Iterator[StateDB]:
        """Group statements into one atomic commit (nested calls join the outer one)."""
        conn = self.connection
        if self._local.depth:
            self._local.depth += 1
            try:
                yield self
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        if self.postgres:
            try:
                with conn.transaction():
                    yield self
            finally:
                self._local.depth = 0
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._local.depth = 0

    def ensure_schema(self, statements: Sequence[str]) -> None:
        """Create tables and indexes (``CREATE ... IF NOT EXISTS``) in one transaction.

        Write portable DDL: INTEGER/BIGINT, REAL/DOUBLE PRECISION, TEXT, BLOB (BYTEA on
        PostgreSQL: write ``BLOB`` and it is translated).
        """
        with self.transaction():
            if self.postgres:  # workers starting together would race on the catalog otherwise
                self.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            for statement in statements:
                if self.postgres:
                    statement = statement.replace("BLOB", "BYTEA").replace(
                        "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"
                    )
                self.execute(statement)
