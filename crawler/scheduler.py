"""Scrapy scheduler over the durable frontier: requests wait in the crawl-state store, not memory.

``next_request`` hands out a request of a host with nothing in the downloader (no request active
or queued in its slot), the host that has been ready longest first (ready: the slot's
``lastseen + delay``); it returns None when every host with queued work is busy, since a second
request for a busy host would only wait in its slot and hold one of ``CONCURRENT_REQUESTS``.
Priority orders the requests of one host. In memory: per-host counts only.
A request leaves the store when ``request_done`` says so (:mod:`crawler.request_tracking`).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import TYPE_CHECKING

from scrapy.core.scheduler import BaseScheduler
from scrapy.utils.httpobj import urlparse_cached

from crawler.host_signals import host_given_up
from crawler.request_codec import (
    UnserializableRequest,
    decode_request,
    dumps,
    request_fields,
)
from crawler.request_signals import request_done
from crawler.request_tracking import FRONTIER_ID
from crawler.state import crawl_state_for
from crawler.state.frontier import LEASED, Frontier

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Meta one download attempt leaves on a request (a retry or redirect copies it): never stored.
# Keys starting with "_" are a middleware's private bookkeeping: never stored either.
ATTEMPT_META = frozenset(
    {
        FRONTIER_ID,
        "download_slot",
        "download_latency",
        "warc_future",
        "warc_record_id",
        "warc_date",
        "warc_truncated",
    }
)
# The engine asks for requests at least this often (its heartbeat, 5 s): a host ready within
# this long gets its request now rather than a heartbeat too late. A host paused for longer
# gets none, so its request does not hold a unit of CONCURRENT_REQUESTS while it waits.
READY_AHEAD = 5.0
_GIVEN_UP = float("-inf")  # given-up hosts first: their requests are refused at once


class FrontierScheduler(BaseScheduler):
    """``SCHEDULER``: the crawl's queue and seen-set in ``CRAWL_STATE`` (docs/state.md)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = crawl_state_for(crawler)
        self.frontier = Frontier(self.state.db, self.state.crawl_id)
        self.fingerprinter = crawler.request_fingerprinter
        self.spider: Spider | None = None
        self.queued: dict[str, int] = {}  # host -> queued requests
        self.total = 0
        self.handed: dict[str, Request] = {}  # host -> its last request handed out
        self.given_up: set[str] = set()
        # requests that could not be stored as data (logged, counted): memory only
        self.unstored: deque[Request] = deque()
        crawler.signals.connect(self._request_done, signal=request_done)
        crawler.signals.connect(self._host_given_up, signal=host_given_up)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        return cls(crawler)

    # --- life -----------------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        back = self.frontier.requeue_leased() if self.state.resumed else 0
        self.queued = self.frontier.queued_by_host()
        self.total = sum(self.queued.values())
        if self.state.resumed:
            logger.info(
                "Resuming crawl %s (%d requests queued, %d of them in flight when it stopped; "
                "%d URLs seen)",
                self.state.crawl_id,
                self.total,
                back,
                self.frontier.seen_count(),
            )
            self.stats.set_value("frontier/requeued_in_flight", back)

    def close(self, reason: str) -> None:
        leased = self.frontier.count(LEASED)
        if leased:
            self.stats.set_value("frontier/leased_at_close", leased)
        if self.state.jobdir is None:
            # without JOBDIR nothing can resume this crawl: its queue and seen-set are garbage
            self.frontier.forget()

    def has_pending_requests(self) -> bool:
        return self.total > 0 or bool(self.unstored)

    def __len__(self) -> int:
        return self.total + len(self.unstored)

    # --- in -------------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        try:
            stored = self._encode(request)
        except (UnserializableRequest, ValueError) as exc:  # ValueError: a callback not ours
            self.stats.inc_value("frontier/unserializable")
            logger.warning(
                "%s cannot be stored as data (%s): kept in memory, lost if the crawl is killed",
                request,
                exc,
            )
            self.unstored.append(request)
            self.stats.inc_value("scheduler/enqueued")
            return True
        fingerprint = None if request.dont_filter else self.fingerprinter.fingerprint(request).hex()
        host = urlparse_cached(request).hostname or ""
        added = self.frontier.add(
            stored,
            host,
            request.priority,
            fingerprint,
            portal=str(request.meta.get("portal") or ""),
            url=request.url,
        )
        if added is None:
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.queued[host] = self.queued.get(host, 0) + 1
        self.total += 1
        self.stats.inc_value("scheduler/enqueued")
        self.stats.inc_value("scheduler/enqueued/frontier")
        return True

    def _encode(self, request: Request) -> str:
        fields = request_fields(request, self.spider)
        fields["meta"] = {
            key: value
            for key, value in (fields.get("meta") or {}).items()
            if key not in ATTEMPT_META and not key.startswith("_")
        }
        return dumps(fields).decode("utf-8")

    # --- out ------------------------------------------------------------------------------------

    def next_request(self) -> Request | None:
        if self.unstored:
            self.stats.inc_value("scheduler/dequeued")
            return self.unstored.popleft()
        while True:
            host = self._idle_host()
            if host is None:
                return None
            leased = self.frontier.lease(host)
            if leased is None:  # the count was stale (another worker took it)
                self._forget_host(host, self.queued.pop(host, 0))
                continue
            self._forget_host(host, 1)
            request = self._decode(*leased)
            if request is not None:
                self.handed[host] = request
                self.stats.inc_value("scheduler/dequeued")
                self.stats.inc_value("scheduler/dequeued/frontier")
                return request

    def _idle_host(self) -> str | None:
        """The host with queued work, nothing in the downloader, ready longest ago."""
        downloader = self.crawler.engine.downloader
        slots, active = downloader.slots, downloader.active
        horizon = time.monotonic() + READY_AHEAD
        best, best_ready = None, horizon
        for host in self.queued:
            if host in self.given_up:
                return host
            slot = slots.get(host)
            if slot is not None:
                if slot.active:
                    continue
                ready = slot.lastseen + slot.delay
            else:
                ready = 0.0
            handed = self.handed.get(host)
            if handed is not None:
                if handed in active:  # still in the middlewares (robots.txt, DNS): busy
                    continue
                del self.handed[host]
            if ready < best_ready:
                best, best_ready = host, ready
        return best

    def _forget_host(self, host: str, taken: int) -> None:
        left = self.queued.get(host, 0) - taken
        if left > 0:
            self.queued[host] = left
        else:
            self.queued.pop(host, None)
        self.total = max(0, self.total - taken)

    def _decode(self, request_id: int, stored: str) -> Request | None:
        try:
            request = decode_request(stored, spider=self.spider)
        except (UnserializableRequest, ValueError) as exc:
            # stored by another version of the spider (a callback renamed): nothing can run it
            logger.error(
                "dropped a stored request that cannot be rebuilt (%s): %.200s", exc, stored
            )
            self.stats.inc_value("frontier/undecodable")
            self.frontier.done(request_id)
            return None
        request.meta[FRONTIER_ID] = request_id
        return request

    # --- signals --------------------------------------------------------------------------------

    def _request_done(self, request: Request) -> None:
        request_id = request.meta.get(FRONTIER_ID)
        if request_id is not None and self.frontier.done(request_id):
            self.stats.inc_value("frontier/done")

    def _host_given_up(self, host: str, reason: str) -> None:
        self.given_up.add(host)
