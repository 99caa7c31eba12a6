"""Incremental re-crawls: ask conditionally for what an earlier crawl captured, answer a 304 from
the archive.

A GET for a URL an earlier crawl with the same ``CRAWL_STATE`` captured (robots.txt included: its
fetch goes through this chain too) carries that capture's ``If-None-Match`` / ``If-Modified-Since``.
The 304 is archived by the capture extension as a server-not-modified revisit; here it becomes a
200 with the earlier payload, read back from the earlier WARC record (``flags: from_archive``,
``meta["revisit_of"]``), so discovery and parsing go on. When that record cannot be read (its
file moved or deleted) the URL is asked again without validators, and the log says so once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from archive.reader import UnreadableRecord, existing_warc, read_record_at
from crawler.archived_response import response_from_record
from crawler.state.history import history_for

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")
# Meta keys of one download attempt: a request asked again starts without them.
_ATTEMPT_META = ("earlier_capture", "warc_future", "warc_record_id", "warc_date")


class ConditionalRequestMiddleware:
    """Downloader middleware between Redirect (600) and BodyIntegrity (595): its response from
    the archive is decoded and checked like a downloaded one."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("CONDITIONAL_REQUESTS_ENABLED") or not settings.getbool(
            "WARC_ENABLED"
        ):
            raise NotConfigured  # no archive (reparse): nothing to answer a 304 from
        self.stats = crawler.stats
        self.history = history_for(crawler)
        self._warned_unreadable = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.pop("earlier_capture", None) is not None:
            for name in VALIDATOR_HEADERS:  # ours, from an attempt at another URL (redirect)
                request.headers.pop(name, None)
        if (
            request.method not in ("GET", "HEAD")  # list APIs queried by POST are not cached
            or request.meta.get("playwright")
            or request.meta.get("conditional_refused")
            or any(name in request.headers for name in VALIDATOR_HEADERS)
        ):
            return
        capture = self.history.capture(request.url)
        if (
            capture is None
            or capture.crawl_id == self.history.crawl_id  # only captures of earlier crawls
            or capture.payload is None
        ):
            return
        if not (capture.etag or capture.last_modified):
            self.stats.inc_value("conditional/no_validators")
            return
        if existing_warc(capture.payload.path) is None:  # a 304 could not be answered: ask plainly
            self._refuse(request, f"{capture.payload.path} is not there")
            return
        if capture.etag:
            request.headers[b"If-None-Match"] = capture.etag
        if capture.last_modified:
            request.headers[b"If-Modified-Since"] = capture.last_modified
        request.meta["earlier_capture"] = {
            "payload": asdict(capture.payload),
            "digest": capture.payload_digest,
            "crawl_id": capture.crawl_id,
        }
        self.stats.inc_value("conditional/requests")

    async def process_response(self, request: Request, response: Response) -> Response | Request:
        earlier = request.meta.get("earlier_capture")
        if earlier is None:
            return response
        if response.status != 304:
            self.stats.inc_value(f"conditional/answered/{response.status}")
            return response
        self.stats.inc_value("conditional/not_modified")
        try:
            payload = earlier["payload"]
            archived = await asyncio.to_thread(
                read_record_at, payload["path"], payload["offset"], payload["record_id"]
            )
        except UnreadableRecord as exc:
            return self._ask_again(request, str(exc))
        request.meta["revisit_of"] = earlier["payload"]
        return response_from_record(
            archived,
            request,
            request.url,
            flags=["from_archive"],
            protocol=response.protocol,
            ip_address=response.ip_address,
        )

    def _refuse(self, request: Request, why: str) -> None:
        """Ask for ``request`` without validators: its earlier record cannot be read. The
        capture then archives the payload in full rather than as a revisit of that record."""
        request.meta["conditional_refused"] = True
        self.stats.inc_value("conditional/unreadable_record")
        if not self._warned_unreadable:
            self._warned_unreadable = True
            logger.warning(
                "earlier capture of %s cannot be read (%s): asking without validators "
                "(further cases only counted: conditional/unreadable_record)",
                request.url,
                why,
            )

    def _ask_again(self, request: Request, why: str) -> Request:
        """The 304 cannot be answered: fetch the URL again, without validators."""
        headers = request.headers.copy()
        for name in VALIDATOR_HEADERS:
            headers.pop(name, None)
        meta = {k: v for k, v in request.meta.items() if k not in _ATTEMPT_META}
        again = request.replace(headers=headers, meta=meta, dont_filter=True)
        self._refuse(again, why)
        return again
