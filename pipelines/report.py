"""Turn a report page found by the spider into the published item: metadata, text, tables.

A thin shell over the pure ``report_fields``: it runs it in worker processes (or on a thread),
reads the report's documents back from the archive for it, and records its findings. A page it
cannot parse still becomes an item, with the failure in ``errors``, logged once and counted.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

from archive.payload import decode_content
from archive.reader import ArchivedResponse, read_record_at, read_response_at
from crawler.state.history import history_for
from pipelines.documents import DocumentLimits
from pipelines.report_fields import METADATA_FIELDS, encoding_fields, report_fields
from pipelines.report_source import DOCUMENT_KINDS
from pipelines.report_workers import ReportParseWorkers, WorkersUnavailable

logger = logging.getLogger(__name__)


class ReportFieldsPipeline:
    """Parses each report in a worker process (``REPORT_PARSE_PROCESSES``), or with 0 on a thread
    of the crawl process (it yields the interpreter every few milliseconds, so downloads keep
    their timing, but parsing then shares the crawl's core); a page still parsing after
    ``REPORT_PARSE_TIMEOUT`` seconds becomes an item with the error."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        settings = crawler.settings
        self.timeout = settings.getfloat("REPORT_PARSE_TIMEOUT")
        # where revisits' payloads are (none in a reparse, which writes no archive)
        self.history = history_for(crawler) if settings.getbool("WARC_ENABLED") else None
        # the thread parses when there are no worker processes, and reads documents for them
        self.executor = self._new_executor()
        # where documents of reports are read back from: this crawl's archive, and for
        # `scrapy reparse` the folders of the WARC files it reads
        self.warc_dirs = [Path(settings.get("OUTPUT_DIR") or ".") / "warc"]
        self.warc_dirs += [Path(d) for d in settings.getlist("WARC_READ_DIRS")]
        self.document_limits = DocumentLimits(
            max_bytes=settings.getint("DOCUMENT_MAX_BYTES"),
            max_pages=settings.getint("DOCUMENT_MAX_PAGES"),
            max_seconds=settings.getfloat("DOCUMENT_MAX_SECONDS"),
        )
        processes = settings.getint("REPORT_PARSE_PROCESSES")
        self.workers = (
            ReportParseWorkers(processes, self.document_limits, settings.get("LOG_LEVEL"))
            if processes
            else None
        )
        crawler.signals.connect(self.stop_workers, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportFieldsPipeline:
        return cls(crawler)

    @staticmethod
    def _new_executor() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-parse")

    async def _parse(self, item: dict) -> dict:
        loop = asyncio.get_running_loop()
        if self.workers is not None:

            async def read_documents() -> dict[str, bytes | str]:
                return await loop.run_in_executor(self.executor, self._read_documents, item)

            workers = self.workers
            try:
                return await workers.parse(item, read_documents, self.timeout or None)
            except WorkersUnavailable as exc:
                if self.workers is workers:  # said once; every report parses on the thread now
                    logger.error(
                        "could not start a report parse worker (%s): reports are parsed on a "
                        "thread of the crawl process",
                        exc,
                    )
                    self.stats.set_value("report_parse/workers_unavailable", 1)
                    self.workers = None
            finally:
                self.stats.set_value("report_parse/cpu_seconds", round(workers.cpu_seconds, 3))
                self.stats.set_value("report_parse/worker_restarts", workers.restarts)
                self.stats.set_value("report_parse/documents_sent", workers.documents_sent)
                self.stats.set_value("report_parse/worker_starts", workers.pools_started)
        work = loop.run_in_executor(
            self.executor, report_fields, item, self.read_document, self.document_limits
        )
        try:
            return await asyncio.wait_for(work, self.timeout or None)
        except TimeoutError:
            # the thread cannot be stopped: leave it to finish on its own, parse on a new one
            self.executor.shutdown(wait=False)
            self.executor = self._new_executor()
            raise TimeoutError(f"still parsing after {self.timeout:g} s") from None

    def _read_documents(self, item: dict) -> dict[str, bytes | str]:
        """The bytes of the item's documents for a worker process, or why each is unreadable."""
        found: dict[str, bytes | str] = {}
        for part in item["parts"]:
            if part["kind"] in DOCUMENT_KINDS:
                try:
                    found[part["url"]] = self.read_document(part)
                except Exception as exc:
                    found[part["url"]] = str(exc)
        return found

    async def process_item(self, item: dict) -> dict:
        try:
            fields = await self._parse(item)
        except Exception as exc:
            if isinstance(exc, TimeoutError):
                logger.error("gave up parsing report page %s: %s", item.get("url"), exc)
            else:
                logger.exception("could not parse report page %s", item.get("url"))
            self.stats.inc_value("items/parse_errors")
            fields = {name: None for name in (*METADATA_FIELDS, "template", "text")}
            fields.update(encoding_fields(item.get("encoding_evidence") or {}))
            fields.update(flags=[], warnings=[], tables=[], sections=[])
            fields["errors"] = [f"parse:{type(exc).__name__}: {exc}"]
        for key in ("flags", "warnings", "errors"):
            fields[key] = [*item.get(key, []), *fields.get(key, [])]
        item.update(fields)
        for warning in fields["warnings"]:
            self.stats.inc_value(f"items/warnings/{warning.split(':', 1)[0]}")
        return item

    def read_document(self, part: dict) -> bytes:
        """A document part's bytes, read back from its response record (worker thread)."""
        pointer = part.get("warc") or {}
        if not pointer.get("file"):
            raise LookupError("its response record is not known")
        candidates = [Path(pointer["path"])] if pointer.get("path") else []
        for folder in self.warc_dirs:  # a file still being written ends in .open
            candidates += [folder / pointer["file"], folder / f"{pointer['file']}.open"]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{pointer['file']} is not in {self.warc_dirs[0]}")
        archived = read_response_at(path, pointer["offset"])
        if archived.record_id != pointer.get("record_id"):
            raise LookupError(f"{path.name}@{pointer['offset']} holds another record")
        if archived.record_type == "revisit":  # unchanged since an earlier capture: read that one
            archived = self._revisited(part, archived)
        return decode_content(archived.payload, archived.header("Content-Encoding"))

    def _revisited(self, part: dict, revisit: ArchivedResponse) -> ArchivedResponse:
        """The response record holding a revisit's payload (this crawl's or an earlier one's),
        as the crawl state recorded it when the revisit was written."""
        capture = self.history.capture(part["url"]) if self.history is not None else None
        if capture is None or capture.payload is None:
            raise LookupError(f"no record holds the payload {revisit.record_id} refers to")
        payload = capture.payload
        return read_record_at(payload.path, payload.offset, payload.record_id)

    def stop_workers(self) -> None:
        """The crawl is idle (no report in flight): the workers end until a report comes again,
        so what runs at the crawl's end (Parquet files, indexes) runs without them beside it."""
        if self.workers is not None:
            self.workers.close()

    def close_spider(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.stop_workers()
