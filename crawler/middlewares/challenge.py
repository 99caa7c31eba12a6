"""Anti-bot challenges (瑞数 412, 加速乐 521, script cookie/redirect pages, CAPTCHAs): report them,
never solve them, back off the host, and keep the challenge page away from the spider.

The page is already archived (the capture extension writes at ``response_downloaded``); here it
is marked with a ``challenge`` field in a WARC metadata record (through the archive's
``page_parsed`` signal) and dropped with IgnoreRequest. The first challenge from a host pauses it
CHALLENGE_PAUSE seconds; the CHALLENGE_MAX_PER_HOST-th gives it up.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.utils.httpobj import urlparse_cached

from crawler.archive_marks import mark_archived
from crawler.challenges import CHALLENGE_STATUSES, detect_challenge
from crawler.host_signals import give_up_host, host_pause_requested

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class ChallengeDetected(IgnoreRequest):
    """The answer was an anti-bot challenge; ``kind`` says which."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"anti-bot challenge ({kind}) at {url}")
        self.kind = kind


class ChallengeMiddleware:
    """Downloader middleware: runs on decoded bodies, before redirects by meta refresh."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.pause = settings.getfloat("CHALLENGE_PAUSE")
        self.max_per_host = settings.getint("CHALLENGE_MAX_PER_HOST")
        self.per_host: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.method == "HEAD":
            return response
        is_text = isinstance(response, TextResponse)
        if not is_text and response.status not in CHALLENGE_STATUSES:
            return response  # a PDF or image is no challenge page
        text = response.text if is_text else None
        kind = detect_challenge(response.status, response.body, text)
        if kind is None:
            return response
        host = urlparse_cached(request).hostname or ""
        portal = request.meta.get("portal") or host
        self.per_host[host] += 1
        seen = self.per_host[host]
        self.stats.inc_value(f"challenges/{portal}")
        self.stats.inc_value(f"challenges/kind/{kind}")
        mark_archived(self.crawler, request, response, challenge=kind)
        if seen == 1:
            logger.warning(
                "portal %s is challenged: %s answered %s with an anti-bot challenge (%s); "
                "not trying to pass it, backing off the host %g s",
                portal,
                host,
                request.url,
                kind,
                self.pause,
            )
        if seen >= self.max_per_host:
            give_up_host(
                self.crawler,
                host,
                "challenge",
                f"giving up host {host} (portal {portal}): {seen} anti-bot challenges ({kind})",
            )
        else:
            self.crawler.signals.send_catch_log(
                host_pause_requested,
                host=host,
                seconds=self.pause,
                reason=f"anti-bot challenge ({kind})",
            )
        raise ChallengeDetected(kind, request.url)
