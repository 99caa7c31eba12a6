"""Make redirect loops and over-long redirect chains visible: one WARNING and a stat each.

Scrapy's RedirectMiddleware ends both quietly (the duplicate filter swallows a loop; too many hops
is a DEBUG line). This middleware sits just above it, sees the 3xx first, and stops a chain that
comes back to a URL it already visited, or that reached REDIRECT_MAX_TIMES.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import canonicalize_url, safe_url_string

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class RedirectLoopMiddleware:
    """Downloader middleware; needs RedirectMiddleware's ``redirect_urls`` meta."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured
        self.stats = crawler.stats
        self.max_times = settings.getint("REDIRECT_MAX_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        if request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, safe_url_string(location))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        visited = {canonicalize_url(url) for url in chain}
        if canonicalize_url(target) in visited:
            self.stats.inc_value("redirect/loop")
            logger.warning("redirect loop: %s -> %s; giving up", " -> ".join(chain), target)
            raise IgnoreRequest(f"redirect loop at {request.url}")
        if request.meta.get("redirect_times", 0) >= self.max_times:
            self.stats.inc_value("redirect/max_reached")
            logger.warning(
                "more than %d redirects from %s (last %s -> %s); giving up",
                self.max_times,
                chain[0],
                request.url,
                target,
            )
            raise IgnoreRequest(f"too many redirects from {chain[0]}")
        return response
