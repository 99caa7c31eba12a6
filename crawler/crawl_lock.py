"""One run at a time per collection: ``flock`` on lock files beside what a crawl writes.

A scheduled run that finds the previous one still going exits at once instead of crawling the same
portals twice into the same files. ``flock`` belongs to the open file, so the kernel releases it
when the process dies, SIGKILL included: there is never a stale lock to clean up.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.state import state_url
from crawler.state.db import is_postgres

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

LOCK_NAME = "crawl.lock"


class CrawlLocked(Exception):
    """Another process holds one of the crawl's locks."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"another crawl holds {path} ({holder or 'holder unknown'})")


def lock_paths(settings: BaseSettings) -> list[Path]:
    """The locks a crawl takes: its OUTPUT_DIR, its SQLite crawl state, its JOBDIR.

    Scheduled re-crawls into dated folders share one ``CRAWL_STATE``: its lock keeps two of them
    from overlapping. A PostgreSQL store is shared by design (several workers), so not locked.
    """
    paths = [Path(settings.get("OUTPUT_DIR")).resolve() / LOCK_NAME]
    url = state_url(settings)
    if not is_postgres(url):
        paths.append(Path(url + ".lock"))
    if settings.get("JOBDIR"):
        paths.append(Path(settings.get("JOBDIR")).resolve() / LOCK_NAME)
    return sorted(set(paths))


class CrawlLock:
    """Holds every lock of a crawl until :meth:`release` or the end of the process."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._files: list = []

    def acquire(self) -> CrawlLock:
        """Take every lock without waiting; :class:`CrawlLocked` if one is held."""
        try:
            for path in self.paths:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the crawl)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.seek(0)
                    holder = handle.read().strip()
                    handle.close()
                    raise CrawlLocked(path, holder) from None
                self._files.append(handle)
                # who holds it, for the message the next run prints
                handle.seek(0)
                handle.truncate()
                handle.write(f"pid {os.getpid()}\n")
                handle.flush()
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        for handle in self._files:
            handle.close()  # closing the last descriptor of the file releases its flock
        self._files = []
