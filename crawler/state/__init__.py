"""Crawl state that outlives a process: which crawl this run belongs to, in the shared store.

:func:`crawl_state_for` opens the store (``CRAWL_STATE``) once per crawler and names the crawl: a
new id for every run, or with ``JOBDIR`` the id kept in ``JOBDIR/crawl-id``, so the run resumes it.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals

from crawler.state.db import StateDB, is_postgres

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

CRAWL_ID_FILE = "crawl-id"
_CRAWL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS crawls (
        crawl_id TEXT PRIMARY KEY,
        started TEXT NOT NULL,
        output_dir TEXT NOT NULL,
        jobdir TEXT,
        runs INTEGER NOT NULL,
        last_run TEXT NOT NULL,
        finished TEXT,
        finish_reason TEXT
    )""",
)


class CrawlIdError(ValueError):
    """``JOBDIR/crawl-id`` holds something that is not a crawl id (edited by hand?)."""


@dataclass
class CrawlState:
    """The crawl this run belongs to, and the store its components keep state in."""

    db: StateDB
    crawl_id: str
    resumed: bool  # True: this run goes on with a crawl an earlier run began (JOBDIR)
    started: datetime  # when the crawl's first run began (UTC)
    output_dir: Path
    jobdir: Path | None

    finish_reason: str | None = None

    def spider_closed(self, spider, reason: str) -> None:
        self.finish_reason = reason

    def engine_stopped(self) -> None:
        """Record the finish last, once every component closed its files: a run killed before
        this resumes the crawl, one killed after finds nothing left to do."""
        if self.finish_reason is not None:
            self.db.execute(
                "UPDATE crawls SET finished = ?, finish_reason = ? WHERE crawl_id = ?",
                (_now().isoformat(timespec="seconds"), self.finish_reason, self.crawl_id),
            )


def state_url(settings: BaseSettings) -> str:
    """``CRAWL_STATE`` (a SQLite path or a ``postgresql://`` URL); empty means
    ``OUTPUT_DIR/crawl-state.sqlite``."""
    url = settings.get("CRAWL_STATE") or ""
    if url:
        return url if is_postgres(url) else str(Path(url).expanduser().resolve())
    return str((Path(settings.get("OUTPUT_DIR")) / "crawl-state.sqlite").resolve())


def new_crawl_id() -> str:
    """A crawl id that sorts by start time: ``20261101T020000Z-3f9a1c``."""
    return f"{_now():%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def read_crawl_id(jobdir: Path) -> str | None:
    """The crawl id kept in ``jobdir``, or None when there is none yet."""
    try:
        text = (jobdir / CRAWL_ID_FILE).read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return None
    if not _CRAWL_ID.match(text):
        raise CrawlIdError(f"{jobdir / CRAWL_ID_FILE} does not hold a crawl id: {text[:40]!r}")
    return text


def write_crawl_id(jobdir: Path, crawl_id: str) -> None:
    """Write ``JOBDIR/crawl-id`` so that a SIGKILL at any moment leaves the old file or the new
    one, never a torn one: temporary file, fsync, rename, fsync of the directory."""
    jobdir.mkdir(parents=True, exist_ok=True)
    final = jobdir / CRAWL_ID_FILE
    temporary = jobdir / f".{CRAWL_ID_FILE}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(crawl_id + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    directory = os.open(jobdir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _now() -> datetime:
    return datetime.now(UTC)


def open_crawl_state(settings: BaseSettings) -> CrawlState:
    """Open the store and register this run: a new crawl, or the JOBDIR's crawl resumed."""
    db = StateDB(state_url(settings))
    db.ensure_schema(SCHEMA)
    output_dir = Path(settings.get("OUTPUT_DIR")).resolve()
    jobdir = Path(settings.get("JOBDIR")).resolve() if settings.get("JOBDIR") else None
    crawl_id = read_crawl_id(jobdir) if jobdir else None
    if crawl_id is None and settings.get("REDIS_URL") and settings.get("CRAWL_ID"):
        # one crawl across the workers of a distributed crawl: item claims (written once) and
        # the history in a shared state cover the whole cluster
        crawl_id = settings.get("CRAWL_ID")
    row = None
    if crawl_id:
        row = db.query_one("SELECT started FROM crawls WHERE crawl_id = ?", (crawl_id,))
        if row is None:
            logger.warning(
                "JOBDIR %s names crawl %s, which the crawl state %s does not know: "
                "starting it afresh",
                jobdir,
                crawl_id,
                db.url,
            )
    now = _now().isoformat(timespec="seconds")
    if row is not None:
        db.execute(
            "UPDATE crawls SET runs = runs + 1, last_run = ?, finished = NULL, "
            "finish_reason = NULL WHERE crawl_id = ?",
            (now, crawl_id),
        )
        started = datetime.fromisoformat(row[0])
        return CrawlState(db, crawl_id, True, started, output_dir, jobdir)
    crawl_id = crawl_id or new_crawl_id()
    db.execute(
        "INSERT INTO crawls (crawl_id, started, output_dir, jobdir, runs, last_run) "
        "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (crawl_id) DO NOTHING",
        (crawl_id, now, str(output_dir), str(jobdir) if jobdir else None, now),
    )
    if jobdir:
        write_crawl_id(jobdir, crawl_id)  # after the row: a resumed id is always a known one
    return CrawlState(db, crawl_id, False, datetime.fromisoformat(now), output_dir, jobdir)


def finished_crawl(settings: BaseSettings) -> tuple[str, str] | None:
    """(crawl id, when) of the crawl ``JOBDIR`` names if it ran to its end, else None."""
    jobdir = settings.get("JOBDIR")
    crawl_id = read_crawl_id(Path(jobdir)) if jobdir else None
    if crawl_id is None:
        return None
    db = StateDB(state_url(settings))
    db.ensure_schema(SCHEMA)
    try:
        row = db.query_one(
            "SELECT finished FROM crawls WHERE crawl_id = ? AND finish_reason = 'finished'",
            (crawl_id,),
        )
    finally:
        db.close()
    return (crawl_id, row[0]) if row else None


_states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def crawl_state_for(crawler: Crawler) -> CrawlState:
    """The one :class:`CrawlState` of ``crawler``, opened on first use (any component may ask
    first, from its ``from_crawler``), then shared."""
    state = _states.get(crawler)
    if state is None:
        state = _states[crawler] = open_crawl_state(crawler.settings)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.engine_stopped, signal=signals.engine_stopped)
        logger.info(
            "%s crawl %s (state: %s)",
            "resuming" if state.resumed else "starting",
            state.crawl_id,
            state.db.url,
        )
    return state
