"""Scrapy extension that archives every HTTP exchange into WARC files, as received.

It listens to ``response_downloaded``, which fires before ``HttpCompressionMiddleware`` decodes the
body, so the payload is stored content-encoded, exactly as the server sent it (de-chunked). Head
and body are snapshot synchronously because later middlewares mutate the header object. The
records are compressed and written on a writer thread; ``request.meta["warc_future"]`` resolves to
the response record's location (file, offset, length, id) for the items to point at.

Pages rendered in a browser arrive through the ``browser_exchange`` and ``browser_resource``
signals instead (see :mod:`archive.signals`, records built in :mod:`archive.browser_records`):
every exchange the page made, its DOM and its screenshot.
"""

from __future__ import annotations

import atexit
import logging
import platform
import socket
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive import records
from archive.browser_records import BrowserRecordsMixin
from archive.index import index_in_background, per_file_indexes, write_cdxj
from archive.reader import UnreadableRecord, read_record_at
from archive.signals import browser_exchange, browser_resource, page_parsed
from archive.writer import RecordLocation, RotatingWarcWriter, recover_open_files
from crawler.state.history import Capture, RecordPointer, history_for

logger = logging.getLogger(__name__)

# Settings that shape what a capture contains, recorded in every warcinfo record.
CAPTURE_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "ROBOTSTXT_USER_AGENT",
    "DOWNLOAD_DELAY",
    "POLITE_DELAY_JITTER",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "RETRY_AFTER_MAX",
    "DEPTH_LIMIT",
    "PORTAL_MAX_PAGES",
    "PORTAL_MAX_SECONDS",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_TIMEOUT",
    "FETCH_ATTACHMENTS",
    "ALLOWED_PRIVATE_HOSTS",
    "BROWSER_BLOCK_RESOURCE_TYPES",
    "LIST_API_DISCOVERY",
)


def response_head(response: Response) -> records.HttpHead:
    """The response head as archived: real status and headers, body framing made consistent.

    Scrapy hands us the de-chunked body, so ``Transfer-Encoding`` is dropped and
    ``Content-Length`` states the length of the payload we store.
    """
    protocol = (response.protocol or "HTTP/1.1").encode("ascii")
    try:
        reason = HTTPStatus(response.status).phrase.encode("ascii")
    except ValueError:
        reason = b""
    first = (
        protocol + b" " + str(response.status).encode("ascii") + (b" " + reason if reason else b"")
    )
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    head = records.HttpHead(first, headers).without(b"Transfer-Encoding")
    length = str(len(response.body)).encode("ascii")
    if head.get(b"Content-Length") != length:
        head = head.with_header(b"Content-Length", length)
    return head


def request_head(request: Request) -> records.HttpHead:
    """The request head as the origin server received it: origin-form target and Host first."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    first = f"{request.method} {target} HTTP/1.1".encode("ascii")
    headers = [(b"Host", parts.netloc.encode("ascii"))]
    for name, values in request.headers.items():
        if name.lower() in (b"proxy-authorization", b"host"):
            continue  # credentials for our proxy are not part of the exchange with the site
        headers.extend((name, value) for value in values)
    if request.body:
        headers.append((b"Content-Length", str(len(request.body)).encode("ascii")))
    return records.HttpHead(first, headers)


def _header(head: records.HttpHead, name: bytes) -> str | None:
    value = head.get(name)
    return value.decode("latin-1").strip() or None if value else None


class WarcCaptureExtension(BrowserRecordsMixin):
    """Writes response + request (or revisit) records for every download, and page metadata;
    pages rendered in a browser through :class:`archive.browser_records.BrowserRecordsMixin`."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.directory = Path(settings.get("OUTPUT_DIR")) / "warc"
        self.directory.mkdir(parents=True, exist_ok=True)
        self._absolute_directory = self.directory.resolve()  # captures name files absolutely
        for path in recover_open_files(self.directory):
            logger.warning("closed WARC file %s left open by a dead crawl", path.name)
        self.writer = RotatingWarcWriter(
            self.directory,
            prefix=settings.get("WARC_PREFIX"),
            max_size=settings.getint("WARC_MAX_SIZE"),
            warcinfo_fields=self._warcinfo_fields,
            on_closed=self._index_closed_file,
        )
        self.by_warc = per_file_indexes(self.directory.parent)
        self._indexing: list[subprocess.Popen] = []  # files closed by a rollover, being indexed
        self.started = datetime.now(UTC)
        # Captures and payload digests live in the crawl-state store, not in memory: revisits
        # refer to earlier records of this crawl and of earlier ones, and memory stays flat.
        self.history = history_for(crawler)
        self._history_failed = False
        # One writer thread: compressing and digesting a large body would stall the reactor
        # (~40 MB/s for incompressible bytes); one thread keeps records in arrival order.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")
        atexit.register(self.writer.close)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self.page_parsed, signal=page_parsed)
        crawler.signals.connect(self.browser_exchange, signal=browser_exchange)
        crawler.signals.connect(self.browser_resource, signal=browser_resource)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureExtension:
        return cls(crawler)

    def _warcinfo_fields(self) -> list[tuple[str, str]]:
        settings = self.crawler.settings
        spider = self.crawler.spider
        fields = [
            ("software", f"nianbao/{version('nianbao')}"),
            ("software", f"Scrapy/{version('scrapy')} warcio/{version('warcio')}"),
            ("software", f"Python/{platform.python_version()} ({platform.platform()})"),
            ("format", "WARC File Format 1.1"),
            (
                "conformsTo",
                "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            ),
            ("hostname", socket.gethostname()),
            ("operator", settings.get("OPERATOR") or settings.get("CONTACT_URL")),
            ("http-header-user-agent", settings.get("USER_AGENT")),
            ("robots", "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"),
            ("isPartOf", f"{settings.get('BOT_NAME')}-{self.started:%Y%m%dT%H%M%SZ}"),
            ("crawl-started", records.warc_date(self.started)),
        ]
        registry = getattr(spider, "registry_path", None)
        if registry:
            fields.append(("portal-registry", str(registry)))
            fields.append(("portal-registry-digest", getattr(spider, "registry_digest", "")))
        fields.extend((f"setting-{name}", str(settings.get(name))) for name in CAPTURE_SETTINGS)
        return fields

    def response_downloaded(self, response: Response, request: Request, spider) -> None:
        if request.meta.get("playwright"):
            return  # the browser's own network traffic is archived by the rendering stage
        # Snapshot now, on the reactor thread: later middlewares mutate the header object.
        head = response_head(response)
        request_line = request_head(request)
        date = records.warc_date()
        record_id = records.make_record_id()
        extra_headers = []
        if response.ip_address is not None and not request.meta.get("proxy"):
            extra_headers.append(("WARC-IP-Address", str(response.ip_address)))
        truncated = request.meta.get("warc_truncated") or (
            "disconnect" if "dataloss" in response.flags else None
        )
        if truncated:
            extra_headers.append(("WARC-Truncated", truncated))
            self.stats.inc_value("warc/truncated")
        request.meta["warc_record_id"] = record_id
        request.meta["warc_date"] = date
        # a 304 to our conditional request confirms the earlier capture the middleware named
        confirmed = request.meta.get("earlier_capture") if response.status == 304 else None
        # the earlier record of this URL could not be read: archive the payload in full
        in_full = bool(request.meta.get("conditional_refused"))
        request.meta["warc_future"] = self._executor.submit(
            self._write_exchange,
            request.url,
            head,
            response.body,
            response.status,
            request_line,
            request.body or b"",
            record_id,
            date,
            extra_headers,
            confirmed,
            in_full,
        )

    def _write_exchange(
        self,
        uri: str,
        head: records.HttpHead,
        body: bytes,
        status: int,
        request_line: records.HttpHead,
        request_body: bytes,
        record_id: str,
        date: str,
        extra_headers: Sequence[tuple[str, str]] = (),
        confirmed: dict | None = None,
        in_full: bool = False,
    ) -> dict | None:
        """Digest, compress and write one exchange; runs on the writer thread, in order.

        ``confirmed``: the earlier capture a 304 answer confirms (``meta["earlier_capture"]``);
        ``in_full``: never a revisit (the earlier record of this URL is unreadable).
        """
        warc_headers = [("WARC-Record-ID", record_id), ("WARC-Date", date), *extra_headers]
        truncated = any(name == "WARC-Truncated" for name, _ in extra_headers)
        payload: RecordPointer | None = None
        try:
            digest = records.payload_digest(body)
            if confirmed is not None:
                payload = RecordPointer(**confirmed["payload"])
                digest = confirmed.get("digest") or digest
                record = records.not_modified_record(
                    uri, head, payload.uri, payload.date, warc_headers, payload.record_id
                )
            else:
                dedupe = bool(body) and status == 200 and not truncated and not in_full
                payload = self._earlier_payload(digest, uri) if dedupe else None
                if payload is not None:
                    record = records.revisit_record(
                        uri,
                        head,
                        digest,
                        payload.uri,
                        payload.date,
                        warc_headers,
                        payload.record_id,
                    )
                else:
                    record = records.response_record(
                        uri, head, body, [*warc_headers, ("WARC-Payload-Digest", digest)]
                    )
            request_record = records.request_record(
                uri,
                request_line,
                request_body,
                warc_headers=[("WARC-Date", date), ("WARC-Concurrent-To", record_id)],
            )
            location, _ = self.writer.write(record, request_record)
        except Exception:
            logger.exception("could not archive %s", uri)
            self.stats.inc_value("warc/errors")
            return None
        self.stats.inc_value("warc/records", 2)
        self.stats.inc_value(f"warc/{record.rec_type}")
        if confirmed is not None:
            self.stats.inc_value("warc/revisit/server-not-modified")
        method = request_line.first_line.split(b" ", 1)[0]
        if method in (b"GET", b"HEAD") and not (status >= 500 or status in (408, 429)):
            # transient failures do not replace what we know of a URL
            if payload is None and status == 200 and body and not truncated:
                payload = self._pointer(location, uri, date)  # this response holds it
            self._remember(uri, status, record.rec_type, head, location, date, payload, digest)
        return location.as_pointer()

    def _pointer(self, location: RecordLocation, uri: str, date: str) -> RecordPointer:
        path = str(self._absolute_directory / location.filename)
        return RecordPointer(path, location.offset, location.length, location.record_id, uri, date)

    def _earlier_payload(self, digest: str, uri: str) -> RecordPointer | None:
        """The record already holding this payload (this crawl or an earlier one), if any. One
        of an earlier crawl is read back first: a revisit of a record that is not there (file
        moved, cut, overwritten) would lose the payload."""
        try:
            earlier = self.history.payload_record(digest, uri)
        except Exception:
            self._history_error("could not look up payload digests in the crawl state")
            return None
        if earlier is None or Path(earlier.path).parent == self._absolute_directory:
            return earlier  # this crawl's own record, written by this thread
        try:
            archived = read_record_at(earlier.path, earlier.offset, earlier.record_id)
        except UnreadableRecord:
            archived = None
        if archived is None or records.payload_digest(archived.payload) != digest:
            self.stats.inc_value("warc/earlier_payload_unreadable")
            return None
        return earlier

    def _remember(
        self,
        uri: str,
        status: int,
        record_type: str,
        head: records.HttpHead,
        location: RecordLocation,
        date: str,
        payload: RecordPointer | None,
        digest: str,
    ) -> None:
        """Record this capture as the latest of ``uri``, with the validators a later crawl
        sends back (If-None-Match / If-Modified-Since) when it holds the payload."""
        etag = _header(head, b"ETag") if payload is not None else None
        modified = _header(head, b"Last-Modified") if payload is not None else None
        try:
            if status == 304 and not (etag and modified):
                earlier = self.history.capture(uri)  # a 304 need not repeat the validators
                if earlier is not None:
                    etag, modified = etag or earlier.etag, modified or earlier.last_modified
            self.history.record_capture(
                Capture(
                    url=uri,
                    crawl_id=self.history.crawl_id,
                    status=status,
                    record_type=record_type,
                    record=self._pointer(location, uri, date),
                    payload=payload,
                    etag=etag,
                    last_modified=modified,
                    payload_digest=digest if payload is not None else None,
                )
            )
        except Exception:
            self._history_error(f"could not record the capture of {uri} in the crawl state")

    def _history_error(self, message: str) -> None:
        self.stats.inc_value("history/errors")
        if not self._history_failed:  # once: a broken store would otherwise flood the log
            self._history_failed = True
            logger.exception("%s (further errors are only counted: history/errors)", message)

    def page_parsed(self, response: Response, outlinks: list[str], **fields: str) -> None:
        """Write a metadata record about a parsed page, concurrent to its response record."""
        record_id = response.meta.get("warc_record_id")
        if not record_id:
            return
        meta_fields: list[tuple[str, str]] = []
        evidence = response.meta.get("encoding_evidence") or {}
        meta_fields.extend(
            (f"encoding-{key}", str(value)) for key, value in evidence.items() if value is not None
        )
        meta_fields.extend(
            (key.replace("_", "-"), str(value))
            for key, value in fields.items()
            if key not in ("signal", "sender")  # the dispatcher's own arguments, not page facts
        )
        meta_fields.extend(("outlink", link) for link in outlinks)
        record = records.metadata_record(
            response.url, meta_fields, warc_headers=[("WARC-Concurrent-To", record_id)]
        )
        self._executor.submit(self._write_record, record, "warc/metadata")

    def _write_record(self, record, stat: str) -> None:
        """Write one record on the writer thread; count it under ``stat``."""
        try:
            self.writer.write(record)
            self.stats.inc_value(stat)
        except Exception:
            logger.exception("could not write a %s record", record.rec_type)
            self.stats.inc_value("warc/errors")

    def _index_closed_file(self, path: Path) -> None:
        """A file the writer rolled over from is indexed now, beside the crawl, not at its end."""
        try:
            self._indexing.append(index_in_background(path, self.by_warc))
        except OSError:  # no process to spare: the crawl's end indexes it
            logger.warning("could not index %s as it closed", path.name, exc_info=True)

    def spider_closed(self, spider) -> None:
        self._executor.shutdown(wait=True)
        self.writer.close()
        for path in self.writer.closed_files:
            logger.info("WARC written: %s", path)
        indexed = sum(process.wait() == 0 for process in self._indexing)
        warcs = sorted(self.directory.glob("*.warc.gz"))
        if warcs:
            # earlier crawls' files into this folder are indexed once, not at every crawl's end,
            # and this crawl's files but the last as they closed
            index_path = self.by_warc.parent / "index.cdxj"
            index = write_cdxj(warcs, index_path, cache_dir=self.by_warc)
            logger.info(
                "CDXJ index of %d WARC files (%d of them indexed as they closed): %s",
                len(warcs),
                indexed,
                index,
            )
