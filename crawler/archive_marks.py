"""Mark an archived response that no spider will parse (an anti-bot challenge, a broken body):
a WARC metadata record concurrent to its response record, through the archive's ``page_parsed``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.signals import page_parsed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def mark_archived(crawler: Crawler, request: Request, response: Response, **fields: str) -> None:
    """Write ``fields`` (with the portal and role) about ``response`` into the archive."""
    if response.request is None:
        response.request = request  # the engine sets it later; the archive reads meta now
    crawler.signals.send_catch_log(
        page_parsed,
        response=response,
        outlinks=[],
        portal=request.meta.get("portal", ""),
        role=request.meta.get("role", ""),
        **fields,
    )
