"""Turn a report page found by the spider into the published item: metadata, text, tables.

A thin adapter over the pure cores of this package (body, text, metadata, tables, table checks)
and the mojibake check: it feeds them the decoded page and records their findings. A page a core
cannot parse still becomes an item, with the failure in ``errors``, logged once and counted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scrapy.crawler import Crawler

from archive.payload import decode_content
from archive.reader import ArchivedResponse, read_record_at, read_response_at
from crawler.state.history import history_for
from pipelines.documents import DocumentLimits
from pipelines.metadata.agency import full_region
from pipelines.metadata.fields import extract_metadata
from pipelines.report_source import report_source
from pipelines.tables.checks import check_table_arithmetic
from pipelines.tables.report_tables import parse_flattened_tables, parse_report_tables
from pipelines.text.mojibake import find_mojibake
from pipelines.text.report_text import report_text_from_page

logger = logging.getLogger(__name__)

METADATA_FIELDS = (
    "title",
    "agency",
    "publisher",
    "region",
    "year",
    "published",
    "index_no",
    "doc_no",
)


def _encoding_fields(evidence: dict) -> dict:
    return {
        "encoding": evidence.get("encoding"),
        "encoding_declared": evidence.get("declared_header") or evidence.get("declared_meta"),
        "encoding_confidence": evidence.get("confidence"),
        "encoding_rule": evidence.get("rule"),
    }


def _no_documents(part: dict) -> bytes:
    raise LookupError("no archive to read documents from")


def report_fields(
    item: dict,
    read_document: Callable[[dict], bytes] = _no_documents,
    limits: DocumentLimits | None = None,
) -> dict:
    """The published fields of one report (pure: the spider's item in, fields out).

    The item carries the page the spider parsed (``page``) or its decoded ``html``, or the
    ``parts`` of a report in several responses (spiders.report_parts), whose documents
    ``read_document(part)`` reads back from the archive.
    """
    source = report_source(item, read_document, limits)
    page = source.page
    fields: dict = {"flags": list(source.flags), "warnings": list(source.warnings), "errors": []}
    fields.update(_encoding_fields(item.get("encoding_evidence") or {}))
    report_text = report_text_from_page(page)
    fields["text"] = report_text.text
    fields["text_simplified"] = report_text.text_simplified
    fields["sections"] = list(report_text.sections)
    fields["flags"].extend(report_text.flags)
    fields["warnings"].extend(report_text.warnings)
    fields["warnings"].extend(find_mojibake(report_text.text or ""))
    metadata = extract_metadata(
        page,
        report_text.text or "",
        item["url"],
        portal_name=item.get("portal_name") or None,
        link_text=item.get("link_text") or None,
    )
    if source.landing is not None:  # what the document does not say, its landing page may
        landing = extract_metadata(source.landing, "", item["url"], item.get("portal_name"))
        for name in METADATA_FIELDS:
            if getattr(metadata, name) is None:
                setattr(metadata, name, getattr(landing, name))
    fields.update({name: getattr(metadata, name) for name in METADATA_FIELDS})
    fields["region"] = full_region(metadata.region, item.get("portal_region") or "")
    fields["warnings"].extend(metadata.warnings)
    # parse_report_tables checks the arithmetic of what it parses; the text fallback does not
    tables = parse_report_tables(page.body.element)
    cells, template = tables.cells, tables.template
    fields["warnings"].extend(tables.warnings)
    if not cells and report_text.text:
        cells = parse_flattened_tables(report_text.text)
        if cells:
            template = "2008" if any(c["table"] == "stats2008" for c in cells) else "2019"
            fields["warnings"].extend(check_table_arithmetic(cells))
    fields["tables"] = cells
    fields["template"] = template
    fields["source_format"] = source.source_format
    fields["attachments"] = source.attachments
    fields["pages"] = source.pages
    return fields


class ReportFieldsPipeline:
    """Parses each report on a worker thread, so that a large page never stalls the reactor (the
    thread yields the interpreter every few milliseconds, and downloads keep their timing); a
    page still parsing after ``REPORT_PARSE_TIMEOUT`` seconds becomes an item with the error."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.timeout = crawler.settings.getfloat("REPORT_PARSE_TIMEOUT")
        # where revisits' payloads are (none in a reparse, which writes no archive)
        self.history = history_for(crawler) if crawler.settings.getbool("WARC_ENABLED") else None
        self.executor = self._new_executor()
        # where documents of reports are read back from: this crawl's archive, and for
        # `scrapy reparse` the folders of the WARC files it reads
        settings = crawler.settings
        self.warc_dirs = [Path(settings.get("OUTPUT_DIR") or ".") / "warc"]
        self.warc_dirs += [Path(d) for d in settings.getlist("WARC_READ_DIRS")]
        self.document_limits = DocumentLimits(
            max_bytes=settings.getint("DOCUMENT_MAX_BYTES"),
            max_pages=settings.getint("DOCUMENT_MAX_PAGES"),
            max_seconds=settings.getfloat("DOCUMENT_MAX_SECONDS"),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportFieldsPipeline:
        return cls(crawler)

    @staticmethod
    def _new_executor() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-parse")

    async def _parse(self, item: dict) -> dict:
        loop = asyncio.get_running_loop()
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
            fields.update(_encoding_fields(item.get("encoding_evidence") or {}))
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

    def close_spider(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
