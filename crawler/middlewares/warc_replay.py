"""Downloader middleware that answers requests from WARC records instead of the network.

Enabled by ``scrapy reparse``: a request carrying ``meta["warc_replay"]`` (a
:class:`archive.reader.ResponseLocation`) gets the archived response, payload still
content-encoded, so every later middleware (decompression, encoding decision) runs exactly as in
the live crawl. A request without it is refused: replay never touches the network.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from archive.reader import load_response


class WarcReplayMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Response:
        location = request.meta.get("warc_replay")
        if location is None:
            self.stats.inc_value("replay/refused_network")
            raise IgnoreRequest(f"replay only: {request.url} is not from the archive")
        archived = load_response(location)
        headers = Headers()
        for name, value in archived.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=archived.url, body=archived.payload)
        request.meta["warc"] = archived.pointer
        request.meta["warc_date"] = archived.date
        self.stats.inc_value("replay/responses")
        return cls(
            url=archived.url,
            status=archived.status,
            headers=headers,
            body=archived.payload,
            request=request,
            protocol="HTTP/1.1",
        )
