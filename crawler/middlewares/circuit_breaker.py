"""A per-host circuit breaker: a host that keeps failing is paused, probed, and finally given up.

Failures are 5xx answers, bodies cut by a dropped connection, and the download errors Scrapy
retries (timeouts, refused or reset connections, DNS). HOST_FAILURE_THRESHOLD consecutive failures
pause the host for HOST_PAUSE seconds; the first request after a pause is the probe (one request
per host is in flight at a time): a success closes the breaker, a failure pauses again, and after
HOST_MAX_PAUSES pauses the host is given up. This middleware also refuses every request to a host
given up by anyone (robots.txt, challenges, Retry-After).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object

from crawler.host_signals import give_up_host, host_given_up, host_pause_requested

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


@dataclass
class BreakerState:
    failures: int = 0  # consecutive
    total_failures: int = 0
    pauses: int = 0
    half_open: bool = False  # paused at least once since the last success


class HostCircuitBreakerMiddleware:
    """Downloader middleware; sits above RetryMiddleware so it sees every failed attempt."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = settings.getint("HOST_FAILURE_THRESHOLD")
        self.pause = settings.getfloat("HOST_PAUSE")
        self.max_pauses = settings.getint("HOST_MAX_PAUSES")
        self.failure_exceptions = tuple(
            load_object(x) if isinstance(x, str) else x
            for x in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.hosts: dict[str, BreakerState] = {}
        self.given_up: set[str] = set()
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self._host_given_up, signal=host_given_up)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostCircuitBreakerMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self.given_up:
            self.stats.inc_value("hosts/requests_refused")
            raise IgnoreRequest(f"host {host} given up")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, self.failure_exceptions):
            self._failure(urlparse_cached(request).hostname or "", type(exception).__name__)

    def _response_downloaded(self, response: Response, request: Request, spider) -> None:
        # Judged here, before the downloader picks the host's next request, not in
        # process_response, which RetryMiddleware may never let a 5xx reach.
        host = urlparse_cached(request).hostname or ""
        if response.status >= 500:
            self._failure(host, f"HTTP {response.status}")
        elif "dataloss" in response.flags:
            self._failure(host, "connection lost mid-body")
        elif response.status < 400:
            state = self.hosts.get(host)
            if state is not None and (state.failures or state.half_open):
                if state.half_open:
                    logger.info("host %s answers again; circuit closed", host)
                self.hosts[host] = BreakerState(total_failures=state.total_failures)

    def _failure(self, host: str, what: str) -> None:
        if self.threshold <= 0 or host in self.given_up:
            return
        state = self.hosts.setdefault(host, BreakerState())
        state.failures += 1
        state.total_failures += 1
        self.stats.inc_value("hosts/failures")
        if not state.half_open and state.failures < self.threshold:
            return
        if state.pauses >= self.max_pauses:
            give_up_host(
                self.crawler,
                host,
                "failures",
                f"giving up host {host} after {state.total_failures} failures "
                f"({state.pauses} pauses of {self.pause:g} s; last: {what})",
            )
            return
        in_a_row, state.failures = state.failures, 0
        state.pauses += 1
        state.half_open = True
        self.stats.inc_value("hosts/paused")
        logger.warning(
            "host %s failed %d times in a row (last: %s): pausing it %g s (pause %d/%d)",
            host,
            in_a_row,
            what,
            self.pause,
            state.pauses,
            self.max_pauses,
        )
        self.crawler.signals.send_catch_log(
            host_pause_requested, host=host, seconds=self.pause, reason="circuit breaker open"
        )

    def _host_given_up(self, host: str, reason: str) -> None:
        self.given_up.add(host)
