"""Report parsing in worker processes beside the crawl, so that parsing never takes the core the
crawl's downloads, archive and politeness run on (``REPORT_PARSE_PROCESSES``, default 1).

A page tree cannot cross processes: a worker parses the page again from its decoded text, about
1 ms of lxml per report against the ~15 ms of report parsing the crawl process no longer spends.
A worker over the time cap is killed (a thread could only be abandoned, still burning CPU), and
a worker that dies (a native parser's crash, the OOM killer) costs a retry, not the crawl.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from pipelines.documents import DocumentLimits
from pipelines.page.page import Page
from pipelines.report_fields import report_fields
from pipelines.report_source import DocumentDeferred

# What report_fields reads of an item, all plain data (the spider's item also holds the parsed
# page and record futures, which stay in the crawl process).
PORTABLE_KEYS = (
    "url",
    "html",
    "portal_name",
    "portal_region",
    "link_text",
    "encoding_evidence",
    "warc",
    "parts",
)
# A job is tried again on a fresh pool when its pool broke under it (another job's crash or
# time-out takes every job in flight down); a job that keeps breaking pools is given up.
MAX_ATTEMPTS = 3
# How long a first worker may take to start (a fresh interpreter importing the parsers).
WORKER_START_TIMEOUT = 60.0


class WorkersUnavailable(RuntimeError):
    """No worker process could be started here (a sandbox without processes, no executable)."""


def portable_item(item: dict) -> dict:
    """The part of ``item`` a worker needs, with the spider's page as its decoded text."""
    portable = {key: item[key] for key in PORTABLE_KEYS if key in item}
    if item.get("page") is not None:
        portable["html"] = item["page"].html
    return portable


class SentDocuments:
    """The bytes of a report's documents, read from the archive by the crawl process (which
    knows where revisits' payloads are), or why one could not be read; ``None`` until the
    worker has asked for them (most reports never need theirs: the page says enough)."""

    def __init__(self, found: dict[str, bytes | str] | None) -> None:
        self.found = found

    def __call__(self, part: dict) -> bytes:
        if self.found is None:
            raise DocumentDeferred(part["url"])
        body = self.found.get(part["url"], "it was not read")
        if isinstance(body, bytes):
            return body
        raise LookupError(body)


class KeptRecords(logging.Handler):
    """Log records of one job, made plain (message formatted, traceback as text) so that they
    cross back to the crawl process, whose handlers (``LOG_FILE``, the console) write them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        plain = logging.makeLogRecord(record.__dict__)
        plain.msg, plain.args = record.getMessage(), None
        if record.exc_info:
            plain.exc_text = logging.Formatter().formatException(record.exc_info)
        plain.exc_info = None
        self.records.append(plain)


def fields_in_worker(
    portable: dict, documents: dict[str, bytes | str] | None, limits: DocumentLimits
) -> tuple[dict | None, float, list[logging.LogRecord]]:
    """report_fields run in a worker (the page parsed once here, cleaned in place), the CPU
    seconds it took, and what it logged; no fields when the report is read from a document
    and ``documents`` were not sent: the crawl process sends them with the next call."""
    started = time.process_time()
    kept = KeptRecords()
    root = logging.getLogger()
    root.addHandler(kept)
    try:
        item = dict(portable)
        if item.get("html") is not None:
            page = Page(item.pop("html"), item["url"])
            page.release_tree()
            item["page"] = page
        fields = report_fields(item, SentDocuments(documents), limits)
    except DocumentDeferred:
        fields = None
    finally:
        root.removeHandler(kept)
    return fields, time.process_time() - started, kept.records


def log_in_crawl(records: list[logging.LogRecord]) -> None:
    """Hand a worker's records to the crawl process's loggers, as if logged here."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Workers started meanwhile do not run the crawl's main script again.

    A spawned process imports its parent's ``__main__`` from the script's path unless it was
    run with ``-m``: the ``scrapy`` console script, which imports scrapy.cmdline (about 25 MB
    and 0.25 s a worker, for nothing: what a worker runs lives in this module)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None or getattr(main.__spec__, "name", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _submit(pool: ProcessPoolExecutor, *job: object) -> Future:
    """``pool.submit(*job)``: a pool starts its workers in submit, so the main script is hidden
    there."""
    with _main_script_hidden():
        return pool.submit(*job)


def _ready() -> bool:
    return True


def _worker_start(log_level: int | str) -> None:
    """A worker's start: it logs at the crawl's level (what it logs is sent back with each
    job; Python warnings too), and it ends when its crawl process does, even by SIGKILL (its
    call queue never reaches end-of-file, since the worker holds both ends of the pipe)."""
    logging.getLogger().setLevel(log_level)
    logging.captureWarnings(True)
    parent = multiprocessing.parent_process()

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    if parent is not None:
        threading.Thread(target=watch, name="crawl-watch", daemon=True).start()


class ReportParseWorkers:
    """``processes`` spawned workers (at the first report, so a crawl that finds none starts
    none), each job under a time cap."""

    def __init__(
        self, processes: int, limits: DocumentLimits, log_level: int | str = logging.DEBUG
    ) -> None:
        self.processes = processes
        self.limits = limits
        self.log_level = log_level  # the crawl's LOG_LEVEL: what it would not write, not sent
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        self.cpu_seconds = 0.0  # spent parsing, summed over the workers
        self.documents_sent = 0  # reports whose documents a worker asked for
        self.pools_started = 0
        self._started = False  # a worker has run a job

    def _running_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self.pools_started += 1
            # spawn, not fork: the crawl process has threads (reactor pool, archive writer)
            # whose locks a forked child would inherit held
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=_worker_start,
                initargs=(self.log_level,),
            )
        return self._pool

    async def parse(
        self,
        item: dict,
        read_documents: Callable[[], Awaitable[dict[str, bytes | str]]],
        timeout: float | None,
    ) -> dict:
        """The report fields of ``item``; its documents are read (``read_documents()``) and sent
        only when the worker finds the page says too little. TimeoutError past ``timeout``
        seconds (for each of the two calls)."""
        portable = portable_item(item)
        fields = await self._call(portable, None, timeout)
        if fields is None:
            self.documents_sent += 1
            fields = await self._call(portable, await read_documents(), timeout)
        if fields is None:
            raise AssertionError("a worker asked for documents it had been sent")
        return fields

    async def _call(
        self, portable: dict, documents: dict[str, bytes | str] | None, timeout: float | None
    ) -> dict | None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if not self._started:
                await self._start()
            pool = self._running_pool()
            job = _submit(pool, fields_in_worker, portable, documents, self.limits)
            try:
                fields, cpu, records = await asyncio.wait_for(asyncio.wrap_future(job), timeout)
            except TimeoutError:
                self._replace(pool, kill=True)
                raise TimeoutError(f"still parsing after {timeout:g} s") from None
            except BrokenProcessPool:
                self._replace(pool, kill=False)
                if attempt == MAX_ATTEMPTS:
                    raise
            else:
                self.cpu_seconds += cpu
                log_in_crawl(records)
                return fields
        raise AssertionError("unreachable")

    async def _start(self) -> None:
        """Prove a worker runs at all (a no-op job) before a report is given to one, so that a
        machine where none can start is told apart from a report that kills its worker."""
        pool = None
        try:
            pool = self._running_pool()
            await asyncio.wait_for(asyncio.wrap_future(_submit(pool, _ready)), WORKER_START_TIMEOUT)
        except (OSError, BrokenProcessPool, TimeoutError) as exc:
            if pool is not None:
                self._replace(pool, kill=True)
            raise WorkersUnavailable(f"{type(exc).__name__}: {exc}") from exc
        self._started = True

    def _replace(self, pool: ProcessPoolExecutor, kill: bool) -> None:
        """Drop ``pool`` (killing its workers when one is stuck); the next job starts another."""
        if self._pool is not pool:
            return  # another job replaced it already
        self._pool = None
        self.restarts += 1
        if kill:
            # ProcessPoolExecutor has no public kill before Python 3.14 (kill_workers)
            for process in list((pool._processes or {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers and reap them (their CPU then counts in the crawl's own usage); the
        next report starts them again."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
