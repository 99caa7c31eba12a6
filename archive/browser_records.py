"""WARC records of pages rendered in a browser: the heads of each exchange made consistent with
the decoded body the browser hands over, and resource records (DOM, screenshot) beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from scrapy.http import Request
from scrapy.statscollectors import StatsCollector

from archive import records
from archive.signals import BrowserExchange

# Hop-by-hop headers meant for our proxy, never seen by the origin server.
_PROXY_HEADERS = (b"proxy-authorization", b"proxy-connection")


def browser_response_head(exchange: BrowserExchange) -> records.HttpHead:
    """The head of a browser-captured response, made consistent with the decoded body we store.

    The browser hands over the body with its content coding removed, so ``Content-Encoding`` and
    ``Transfer-Encoding`` are dropped and ``Content-Length`` states the stored length; the
    original values stay in ``X-Archive-Orig-Content-Encoding``, ``X-Archive-Orig-Transfer-
    Encoding`` and ``X-Archive-Orig-Content-Length`` (pywb's prefix for headers it rewrote).
    """
    head = records.HttpHead(exchange.status_line, list(exchange.response_headers))
    original = [
        (name, head.get(name))
        for name in (b"Content-Encoding", b"Transfer-Encoding", b"Content-Length")
        if head.get(name) is not None
    ]
    head = head.without(b"Content-Encoding", b"Transfer-Encoding")
    length = str(len(exchange.body)).encode("ascii")
    kept = []
    for name, value in original:
        if name == b"Content-Length" and value.strip() == length:
            continue
        if name == b"Content-Encoding" and value.strip().lower() == b"identity":
            continue
        kept.append((b"X-Archive-Orig-" + name, value))
    head = head.with_header(b"Content-Length", length)
    return records.HttpHead(head.first_line, head.headers + kept)


def browser_request_head(exchange: BrowserExchange) -> records.HttpHead:
    """The request head a browser sent: origin-form target, Host first, body length stated."""
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    first = f"{exchange.method} {target} HTTP/1.1".encode("latin-1", "replace")
    headers = [(b"Host", parts.netloc.encode("ascii"))]
    for name, value in exchange.request_headers:
        if name.lower() in (b"host", *_PROXY_HEADERS):
            continue
        headers.append((name, value))
    head = records.HttpHead(first, headers)
    if exchange.request_body and head.get(b"Content-Length") is None:
        length = str(len(exchange.request_body)).encode("ascii")
        head = head.with_header(b"Content-Length", length)
    return head


class BrowserRecordsMixin:
    """The ``browser_exchange`` and ``browser_resource`` handlers of
    :class:`archive.capture.WarcCaptureExtension`: records are submitted to the extension's one
    writer thread, in arrival order, like those of plain fetches."""

    stats: StatsCollector
    _executor: ThreadPoolExecutor
    _write_exchange: Callable[..., dict | None]
    _write_record: Callable[..., None]

    def browser_exchange(
        self, request: Request, exchange: BrowserExchange, truncated: str | None = None
    ) -> None:
        """Archive one exchange of a rendered page like a plain fetch: response, then request.
        ``truncated``: why the body is incomplete (``length``: cut at DOWNLOAD_MAXSIZE)."""
        if not exchange.url.startswith(("http://", "https://")):
            return
        date = exchange.date or records.warc_date()
        record_id = records.make_record_id()
        extra_headers = []
        if truncated:
            extra_headers.append(("WARC-Truncated", truncated))
            self.stats.inc_value("warc/truncated")
        future = self._executor.submit(
            self._write_exchange,
            exchange.url,
            browser_response_head(exchange),
            exchange.body,
            exchange.status,
            browser_request_head(exchange),
            exchange.request_body,
            record_id,
            date,
            extra_headers,
        )
        self.stats.inc_value("warc/browser_exchanges")
        if exchange.document:
            # the rendered page's metadata, DOM, screenshot and items point at this record
            request.meta["warc_record_id"] = record_id
            request.meta["warc_date"] = date
            request.meta["warc_future"] = future

    def browser_resource(self, request: Request, uri: str, content_type: str, block: bytes) -> None:
        """A ``resource`` record (DOM, screenshot) concurrent to the page's document record."""
        warc_headers = [("WARC-Date", records.warc_date())]
        document_id = request.meta.get("warc_record_id")
        if document_id:
            warc_headers.append(("WARC-Concurrent-To", document_id))
        self._executor.submit(self._write_resource, uri, block, content_type, warc_headers)

    def _write_resource(
        self, uri: str, block: bytes, content_type: str, warc_headers: list[tuple[str, str]]
    ) -> None:
        # built here, on the writer thread: a screenshot's digest is not the reactor's work
        record = records.resource_record(uri, block, content_type, warc_headers)
        self._write_record(record, "warc/resource")
