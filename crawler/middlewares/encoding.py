"""Decode every HTML response the way crawler.encoding decides, not the way its headers claim,
and leave the evidence in request.meta["encoding_evidence"] for the WARC metadata record and the
item. Runs right after HttpCompressionMiddleware has decompressed the body."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse

from crawler.encoding import charset_from_content_type, detect_encoding

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

EVIDENCE_META_KEY = "encoding_evidence"
# Servers send HTML as application/octet-stream or with no Content-Type at all; Scrapy then
# builds a plain Response, which spiders cannot read as text.
_HTML_START = re.compile(
    rb"\s* (?:<!--.*?-->\s*)* <(?:!doctype\s+html|html|head|meta|body)\b",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_SNIFF_BYTES = 1024


def looks_like_html(body: bytes) -> bool:
    """Whether a body Scrapy could not type starts like an HTML document."""
    head = body[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    return b"\x00" not in head and _HTML_START.match(head) is not None


class EncodingDecisionMiddleware:
    """Downloader middleware: re-decodes text responses with detect_encoding()."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ENCODING_DETECTION_ENABLED", True):
            raise NotConfigured
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.method == "HEAD":
            return response
        if isinstance(response, TextResponse):
            cls: type[Response] = type(response)
        elif type(response) is Response and looks_like_html(response.body):
            cls = HtmlResponse
        else:
            return response
        header = charset_from_content_type(response.headers.get(b"Content-Type"))
        decision = detect_encoding(response.body, header)
        request.meta[EVIDENCE_META_KEY] = decision.as_dict()
        self.stats.inc_value(f"encoding/rule/{decision.rule}")
        self.stats.inc_value(f"encoding/codec/{decision.encoding}")
        if decision.rule != "header" and decision.declared_header not in (None, decision.encoding):
            self.stats.inc_value("encoding/header_overruled")
        return response.replace(cls=cls, encoding=decision.encoding)
