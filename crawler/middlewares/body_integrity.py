"""Bodies that did not arrive whole: archived as far as received, logged once, counted, and kept
away from the spider so no truncated page is parsed as if it were complete.

* Over DOWNLOAD_MAXSIZE: Scrapy would drop the body and fail; instead the download is stopped at
  the cap (``bytes_received`` + StopDownload) and the first bytes kept, archived with
  ``WARC-Truncated: length``.
* Still arriving at 90 % of DOWNLOAD_TIMEOUT: stopped and kept the same way, ``WARC-Truncated:
  time`` (a plain timeout would throw the received bytes away). The host is then left alone for
  ABANDONED_DOWNLOAD_PAUSE, as after a timeout, until the server has noticed we hung up.
* Connection lost mid-body (DOWNLOAD_FAIL_ON_DATALOSS off): the capture marks it ``WARC-Truncated:
  disconnect``; here it is retried like the error Scrapy would otherwise have raised.
* A gzip/deflate/br/zstd stream that ends early, is corrupt, is not compressed at all, or inflates
  beyond DOWNLOAD_MAXSIZE (a decompression bomb), checked before HttpCompressionMiddleware decodes
  it. A stream that ends early is marked in the archive and retried like a dropped connection.
Requests with ``meta["truncated_ok"]`` (robots.txt) get their truncated body anyway.
"""

from __future__ import annotations

import logging
import sys
import time
import zlib
from typing import TYPE_CHECKING

import brotli
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest, StopDownload
from scrapy.utils.httpobj import urlparse_cached

from crawler.archive_marks import mark_archived
from crawler.host_signals import host_pause_requested

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # Scrapy's own dependency on older Pythons
    from backports import zstd

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response

logger = logging.getLogger(__name__)

_CHUNK = 65536
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Share of DOWNLOAD_TIMEOUT after which a still-arriving body is cut and kept.
SLOW_BODY_SHARE = 0.9


def compression_problem(body: bytes, encoding: bytes, max_size: int) -> str | None:
    """What is wrong with a gzip/deflate/br/zstd body: ``truncated``, ``corrupt``,
    ``not-compressed`` or ``too-large`` (inflates beyond ``max_size``; 0 = no limit), or None when
    it decodes whole (or the coding is one we do not check).

    Streams through the data without keeping the output, so a bomb costs no memory.
    """
    encoding = encoding.strip().lower()
    if encoding in (b"gzip", b"x-gzip"):
        if not body.startswith(b"\x1f\x8b"):
            return "not-compressed"
        problem = _zlib_problem(zlib.decompressobj(wbits=31), body, max_size)
    elif encoding == b"deflate":
        zlib_header = (
            len(body) >= 2 and (body[0] & 0x0F) == 8 and int.from_bytes(body[:2]) % 31 == 0
        )
        inflater = zlib.decompressobj(wbits=15 if zlib_header else -15)
        problem = _zlib_problem(inflater, body, max_size)
    elif encoding == b"br":
        problem = _brotli_problem(body, max_size)
    elif encoding == b"zstd":
        if not body.startswith(_ZSTD_MAGIC):
            return "not-compressed"
        problem = _zstd_problem(body, max_size)
    else:
        return None
    if problem in ("corrupt", "truncated") and _looks_like_text(body):
        return "not-compressed"  # markup labelled deflate or br (which have no magic number)
    return problem


def _looks_like_text(body: bytes) -> bool:
    """Whether a body starts like HTML, XML or JSON rather than compressed bytes."""
    head = body.lstrip()[:64]
    if head[:1] not in (b"<", b"{", b"["):
        return False
    text = head.decode("utf-8", "ignore")  # a character cut at the end is dropped, no more
    return len(text.encode("utf-8")) >= len(head) - 3 and all(
        c.isprintable() or c.isspace() for c in text
    )


def _zlib_problem(inflater, body: bytes, max_size: int) -> str | None:
    size = 0
    data = body
    try:
        while not inflater.eof:
            out = inflater.decompress(data, _CHUNK)
            size += len(out)
            if max_size and size > max_size:
                return "too-large"
            data = inflater.unconsumed_tail
            if not out and not data:
                break
    except zlib.error:
        return "corrupt"
    return None if inflater.eof else "truncated"


def _brotli_problem(body: bytes, max_size: int) -> str | None:
    decoder = brotli.Decompressor()
    try:
        out = decoder.process(body, output_buffer_limit=_CHUNK)
        size = len(out)
        while out and not decoder.is_finished():
            if max_size and size > max_size:
                return "too-large"
            out = decoder.process(b"", output_buffer_limit=_CHUNK)
            size += len(out)
    except brotli.error:
        return "corrupt"
    if max_size and size > max_size:
        return "too-large"
    return None if decoder.is_finished() else "truncated"


def _zstd_problem(body: bytes, max_size: int) -> str | None:
    decoder = zstd.ZstdDecompressor()
    try:
        out = decoder.decompress(body, _CHUNK)
        size = len(out)
        while not decoder.eof and not decoder.needs_input:
            if max_size and size > max_size:
                return "too-large"
            out = decoder.decompress(b"", _CHUNK)
            size += len(out)
    except zstd.ZstdError:
        return "corrupt"
    if max_size and size > max_size:
        return "too-large"
    return None if decoder.eof else "truncated"


def _encodings(headers: Headers) -> list[bytes]:
    return [
        part.strip().lower()
        for value in headers.getlist(b"Content-Encoding")
        for part in value.split(b",")
        if part.strip() and part.strip().lower() != b"identity"
    ]


class BodyIntegrityMiddleware:
    """Downloader middleware placed just above HttpCompressionMiddleware (sees bodies encoded)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.abandoned_pause = settings.getfloat("ABANDONED_DOWNLOAD_PAUSE")
        self.check_compression = settings.getbool("COMPRESSION_ENABLED")
        self.retry_enabled = settings.getbool("RETRY_ENABLED")
        crawler.signals.connect(self._headers_received, signal=signals.headers_received)
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyIntegrityMiddleware:
        return cls(crawler)

    # --- while the body arrives ---------------------------------------------------------------

    def _cap(self, request: Request) -> int:
        cap = request.meta.get("_body_cap")
        return cap if cap is not None else request.meta.get("download_maxsize", self.maxsize)

    def _headers_received(self, headers, body_length, request: Request, spider) -> None:
        cap = self._cap(request)
        request.meta["_body_cap"] = cap
        request.meta["_body_received"] = 0
        # The body clock starts with the request: the latency so far was spent on the head.
        started = time.monotonic() - request.meta.get("download_latency", 0.0)
        request.meta["_body_deadline"] = started + SLOW_BODY_SHARE * request.meta.get(
            "download_timeout", self.timeout
        )
        if cap:
            # Scrapy would abort at the cap and keep nothing; we stop there and keep the bytes.
            request.meta["download_maxsize"] = 0

    def _bytes_received(self, data: bytes, request: Request, spider) -> None:
        received = request.meta.get("_body_received", 0) + len(data)
        request.meta["_body_received"] = received
        cap = request.meta.get("_body_cap", 0)
        if cap and received > cap:
            request.meta["warc_truncated"] = "length"
            raise StopDownload(fail=False)
        if time.monotonic() > request.meta.get("_body_deadline", float("inf")):
            request.meta["warc_truncated"] = "time"
            self._leave_host_alone(request, "cut a download still arriving near DOWNLOAD_TIMEOUT")
            raise StopDownload(fail=False)

    # --- once it is in ------------------------------------------------------------------------

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._restore_maxsize(request)
        if isinstance(exception, DownloadTimeoutError):
            # Best effort: the downloader may already have started the host's next request.
            self._leave_host_alone(request, "a download timed out")

    def _leave_host_alone(self, request: Request, why: str) -> None:
        """A server keeps serving an abandoned download until it notices the connection is gone;
        a pause keeps our next request from overlapping it in the server's eyes."""
        if self.abandoned_pause > 0:
            self.crawler.signals.send_catch_log(
                host_pause_requested,
                host=urlparse_cached(request).hostname or "",
                seconds=self.abandoned_pause,
                reason=why,
            )

    def _restore_maxsize(self, request: Request) -> None:
        if "_body_cap" in request.meta:
            request.meta["download_maxsize"] = request.meta["_body_cap"]

    def process_response(self, request: Request, response: Response) -> Response | Request:
        self._restore_maxsize(request)
        truncated = request.meta.get("warc_truncated")
        if "download_stopped" in response.flags and truncated in ("length", "time"):
            return self._truncated(request, response, truncated)
        if "dataloss" in response.flags:
            return self._lost(request, response)
        if self.check_compression and request.method != "HEAD":
            return self._check_compression(request, response)
        return response

    def _truncated(self, request: Request, response: Response, why: str) -> Response:
        self.stats.inc_value(f"download/truncated/{why}")
        if why == "length":
            logger.warning(
                "kept the first %d bytes of %s: its body exceeds DOWNLOAD_MAXSIZE (%d); "
                "archived as WARC-Truncated: length",
                len(response.body),
                request.url,
                request.meta.get("_body_cap", self.maxsize),
            )
        else:
            logger.warning(
                "kept the first %d bytes of %s: the body was still arriving after %.0f%% of "
                "DOWNLOAD_TIMEOUT; archived as WARC-Truncated: time",
                len(response.body),
                request.url,
                SLOW_BODY_SHARE * 100,
            )
        return self._drop_unless_ok(request, response, f"truncated ({why})")

    def _lost(self, request: Request, response: Response) -> Response | Request:
        announced = response.headers.get(b"Content-Length", b"?").decode("latin-1")
        logger.warning(
            "connection lost after %d of %s bytes of %s; archived as WARC-Truncated: disconnect",
            len(response.body),
            announced,
            request.url,
        )
        self.stats.inc_value("download/truncated/disconnect")
        if request.meta.get("truncated_ok"):
            return response
        retry = self._retry_request(request, "connection lost mid-body")
        if retry is not None:
            return retry
        raise IgnoreRequest(f"truncated (disconnect): {request.url}")

    def _retry_request(self, request: Request, reason: str) -> Request | None:
        """The same request again, within the retry budget (its delay is the host's, as for any
        request), or None when retries are off or spent (RetryMiddleware logs giving up)."""
        if not self.retry_enabled or request.meta.get("dont_retry"):
            return None
        return get_retry_request(request, spider=self.crawler.spider, reason=reason)

    def _drop_unless_ok(self, request: Request, response: Response, why: str) -> Response:
        if request.meta.get("truncated_ok"):
            return response
        raise IgnoreRequest(f"{why}: {request.url}")

    def _check_compression(self, request: Request, response: Response) -> Response | Request:
        encodings = _encodings(response.headers)
        if len(encodings) != 1 or not response.body:
            return response  # stacked encodings are rare; HttpCompressionMiddleware copes
        cap = request.meta.get("_body_cap", self.maxsize)
        problem = compression_problem(response.body, encodings[0], cap)
        if problem is None:
            return response
        encoding = encodings[0].decode("latin-1")
        self.stats.inc_value(f"download/bad_encoding/{problem}")
        if problem == "truncated":
            return self._stream_ended_early(request, response, encoding)
        mark_archived(self.crawler, request, response, body_problem=f"{encoding} body {problem}")
        if problem == "not-compressed":
            logger.warning(
                "%s claims Content-Encoding %s but is not compressed; reading it as is",
                request.url,
                encoding,
            )
            headers = response.headers.copy()
            del headers[b"Content-Encoding"]
            return response.replace(headers=headers)
        if problem == "corrupt":
            logger.warning("%s: %s body is corrupt; keeping what decodes", request.url, encoding)
            return response
        logger.warning(
            "dropped %s: its %s body inflates beyond DOWNLOAD_MAXSIZE (%d bytes): "
            "a decompression bomb or a huge file",
            request.url,
            encoding,
            cap,
        )
        raise IgnoreRequest(f"decompression too large: {request.url}")

    def _stream_ended_early(
        self, request: Request, response: Response, encoding: str
    ) -> Response | Request:
        """A stream the server cut short: marked in the archive (the record holds what came),
        then asked again like a body cut by a dropped connection; the next answer may be whole."""
        if request.meta.get("truncated_ok"):
            mark_archived(
                self.crawler, request, response, body_problem=f"{encoding} body truncated"
            )
            return response
        retry = self._retry_request(request, f"{encoding} stream truncated")
        mark_archived(
            self.crawler,
            request,
            response,
            body_problem=f"{encoding} body truncated",
            body_action="retried" if retry is not None else "dropped",
        )
        if retry is not None:
            logger.warning(
                "%s: %s stream ends early (cut by the server); archived as received, retrying",
                request.url,
                encoding,
            )
            return retry
        logger.warning(
            "%s: %s stream ends early (cut by the server); archived as received, not parsed",
            request.url,
            encoding,
        )
        raise IgnoreRequest(f"{encoding} stream truncated: {request.url}")
