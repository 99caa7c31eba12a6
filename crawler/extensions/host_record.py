"""Record per host what politeness looked like from inside the crawler, for the crawl report:
requests, answers and failures, start-to-start gaps against the delay floor, pauses kept or not,
the robots.txt delay and why a host was given up.

A request's start is read when its response head arrives: ``time.monotonic()`` minus Scrapy's
``download_latency`` is the moment the HTTP client was handed the request, the same clock and
the same instant HostThrottle's pauses and Scrapy's slot delays are measured against.
``request_reached_downloader`` would be too early (the request then still waits in its slot).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TypeVar

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.extensions.throttle import HostThrottle
from crawler.host_signals import crawl_delay_found, host_given_up, host_pause_requested
from crawler.reporting.host_timeline import HostTimeline
from crawler.reporting.progress import live_wanted

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

T = TypeVar("T")


class HostRecord:
    """Extension: one :class:`HostTimeline` per host, summarised into ``crawl_report.json``."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        progress = settings.getfloat("PROGRESS_INTERVAL") or live_wanted(
            settings.get("PROGRESS_LIVE")
        )
        if not (settings.getbool("CRAWL_REPORT_ENABLED") or progress):
            raise NotConfigured
        self.crawler = crawler
        self.default_floor = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.hosts: dict[str, HostTimeline] = {}
        # per portal: the pages answered or failed (a retried page once), as URL hashes
        self._pages_done: dict[str, set[int]] = {}
        self._started: set[Request] = set()
        self._answered: set[Request] = set()
        self._known_pause: dict[str, float] = {}
        self._throttle: HostThrottle | bool | None = False  # False: not looked up yet
        connect = crawler.signals.connect
        connect(self._reached, signal=signals.request_reached_downloader)
        connect(self._headers_received, signal=signals.headers_received)
        connect(self._response_downloaded, signal=signals.response_downloaded)
        connect(self._left, signal=signals.request_left_downloader)
        connect(self._pause_requested, signal=host_pause_requested)
        connect(self._given_up, signal=host_given_up)
        connect(self._crawl_delay_found, signal=crawl_delay_found)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostRecord:
        return cls(crawler)

    # --- lookups ------------------------------------------------------------------------------

    @property
    def throttle(self) -> HostThrottle | None:
        """The crawl's HostThrottle (its floors and pauses), once extensions are all built."""
        if self._throttle is False:
            self._throttle = find_extension(self.crawler, HostThrottle)
        return self._throttle or None

    def floor(self, host: str) -> float:
        throttle = self.throttle
        return throttle.floor(host) if throttle is not None else self.default_floor

    def timeline(self, host: str) -> HostTimeline:
        return self.hosts.setdefault(host, HostTimeline())

    def _host(self, request: Request) -> str:
        return urlparse_cached(request).hostname or ""

    # --- signals ------------------------------------------------------------------------------

    def _reached(self, request: Request, spider) -> None:
        timeline = self.timeline(self._host(request))
        if not timeline.portal:
            timeline.portal = request.meta.get("portal") or _portal_covering(spider, request.url)

    def _record_start(self, request: Request) -> None:
        latency = request.meta.get("download_latency")
        if latency is None or request in self._started:
            return
        self._started.add(request)
        host = self._host(request)
        self.timeline(host).record_start(time.monotonic() - latency, self.floor(host))

    def _headers_received(self, headers, body_length, request: Request, spider) -> None:
        self._record_start(request)

    def _response_downloaded(self, response: Response, request: Request, spider) -> None:
        # handlers that send no headers_received (the browser's) are timed here, if at all
        self._record_start(request)
        self._answered.add(request)
        host = self._host(request)
        timeline = self.timeline(host)
        timeline.record_answer(time.monotonic())
        timeline.statuses[str(response.status)] += 1
        if response.status >= 400:
            timeline.errors[f"HTTP {response.status}"] += 1
        retry_after = response.headers.get(b"Retry-After")
        if retry_after is not None:
            reason = f"HTTP {response.status}, Retry-After {retry_after.decode('latin-1')}"
        else:
            reason = f"HTTP {response.status}, backoff"
        self._observe_pause(host, reason, seconds=None)  # HostThrottle acted on it just before

    def _left(self, request: Request, spider) -> None:
        timeline = self.timeline(self._host(request))
        timeline.requests += 1
        if request.meta.get("portal"):
            self._pages_done.setdefault(request.meta["portal"], set()).add(hash(request.url))
        if request not in self._answered:
            # Scrapy sends this signal from the ``finally`` of the download that raised, so the
            # exception being handled is the download's own failure
            failure = sys.exc_info()[1]
            timeline.errors[type(failure).__name__ if failure else "no response"] += 1
        self._started.discard(request)
        self._answered.discard(request)

    def _pause_requested(self, host: str, seconds: float, reason: str) -> None:
        self._observe_pause(host, reason, seconds)

    def _observe_pause(self, host: str, reason: str, seconds: float | None) -> None:
        """Record a pause that began now: as HostThrottle set it, or as asked without one."""
        now = time.monotonic()
        throttle = self.throttle
        if throttle is not None:
            state = throttle.hosts.get(host)
            until = state.paused_until if state is not None else 0.0
        else:
            until = now + seconds if seconds else 0.0
        if until > now and until > self._known_pause.get(host, 0.0):
            self._known_pause[host] = until
            self.timeline(host).record_pause(reason, now, until)

    def _given_up(self, host: str, reason: str) -> None:
        timeline = self.timeline(host)
        timeline.given_up = timeline.given_up or reason

    def _crawl_delay_found(self, host: str, delay: float) -> None:
        timeline = self.timeline(host)
        timeline.robots_delay = max(delay, timeline.robots_delay or 0.0)

    def pages_done(self, portal: str) -> int:
        """How many of ``portal``'s pages were answered or failed for good or for now."""
        return len(self._pages_done.get(portal, ()))

    # --- the report ---------------------------------------------------------------------------

    def summary(self) -> dict[str, dict]:
        """Every host's line of ``crawl_report.json``, by host name."""
        return {host: self.hosts[host].summary() for host in sorted(self.hosts) if host}


def find_extension(crawler: Crawler, kind: type[T]) -> T | None:
    """The crawl's running extension of class ``kind`` (call once all extensions are built)."""
    return next((m for m in crawler.extensions.middlewares if isinstance(m, kind)), None)


def _portal_covering(spider, url: str) -> str:
    for portal in (getattr(spider, "portals", None) or {}).values():
        if portal.covers(url):
            return portal.id
    return ""
