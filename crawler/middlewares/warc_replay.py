"""Downloader middleware that answers requests from WARC records instead of the network.

Enabled by ``scrapy reparse``: a request carrying ``meta["warc_replay"]`` (a
:class:`archive.reader.ResponseLocation`) gets the archived response, payload still
content-encoded, so every later middleware (decompression, encoding decision) runs exactly as in
the live crawl. A request without it is refused: replay never touches the network.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from archive.reader import load_response
from crawler.archived_response import response_from_record


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
        request.meta["warc"] = archived.pointer
        request.meta["warc_date"] = archived.date
        self.stats.inc_value("replay/responses")
        return response_from_record(archived, request, archived.url, protocol="HTTP/1.1")
