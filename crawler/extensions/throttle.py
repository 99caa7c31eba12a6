"""Per-host politeness in the downloader's own terms: each host's slot delay and start time.

Replaces Scrapy's AutoThrottle. The floor of a host's delay is the largest of DOWNLOAD_DELAY, the
portal's ``download_delay`` and the robots.txt Crawl-delay; AutoThrottle-style adjustment only goes
above it; jitter and a small margin (latency must not bring two starts closer at the server) only
add to it. A 429/503 pauses that host alone, for its Retry-After or an exponential backoff; a
Retry-After on any other 3xx-5xx is obeyed too. Other components pause or give up a host through
``crawler.host_signals``.

Scrapy's downloader starts a slot's next request once ``now >= slot.lastseen + slot.delay``, so a
pause moves ``slot.lastseen`` forward, and the floor is applied when a request reaches the
downloader and when a response arrives, both right before the slot queue is processed. A response
moves ``slot.lastseen`` to its arrival: the delay counts from the end of an exchange, which keeps
two starts a delay apart at the server whatever the latency of either.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import call_later
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

from crawler.host_signals import (
    crawl_delay_found,
    give_up_host,
    host_given_up,
    host_pause_requested,
)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# The downloader skips its delay check entirely for a zero delay, which would skip pauses too.
MIN_DELAY = 0.001
# lastseen of a host given up: its slot never starts anything again.
_NEVER = 10 * 365 * 24 * 3600.0
BACKOFF_STATUSES = (429, 503)


def parse_retry_after(value: str | bytes | None, now: float) -> float | None:
    """Seconds to wait from ``now`` (epoch) for a Retry-After value: delta-seconds or HTTP-date.

    None when the header is missing or unreadable; a date in the past gives 0.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def _server_now(response: Response) -> float:
    """The server's clock from its Date header (Retry-After dates are on that clock)."""
    date = response.headers.get(b"Date")
    if date:
        try:
            return parsedate_to_datetime(date.decode("latin-1")).timestamp()
        except (TypeError, ValueError, IndexError):
            pass
    return time.time()


@dataclass
class HostState:
    """What the throttle knows about one host."""

    crawl_delay: float = 0.0
    portal_delay: float = 0.0
    base: float = 0.0  # the adjusted delay before jitter
    paused_until: float = 0.0  # time.monotonic()
    backoffs: int = 0  # consecutive 429/503 answers without a usable Retry-After
    given_up: bool = False
    slot_id: int = 0  # the slot object last configured (slots are garbage-collected when idle)


class HostThrottle:
    """Extension: keeps every host's slot delay at or above its floor and applies host pauses."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.default_floor = max(settings.getfloat("DOWNLOAD_DELAY"), MIN_DELAY)
        self.jitter = max(0.0, settings.getfloat("POLITE_DELAY_JITTER"))
        self.margin = max(0.0, settings.getfloat("POLITE_DELAY_MARGIN"))
        self.adjust = settings.getbool("AUTOTHROTTLE_ENABLED")
        self.target_concurrency = max(settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY"), 0.01)
        self.start_delay = settings.getfloat("AUTOTHROTTLE_START_DELAY") if self.adjust else 0.0
        self.max_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")
        self.hosts: dict[str, HostState] = {}
        self.slot_keys: dict[str, str] = {}
        connect = crawler.signals.connect
        connect(self._request_reached_downloader, signal=signals.request_reached_downloader)
        connect(self._response_downloaded, signal=signals.response_downloaded)
        connect(self._crawl_delay_found, signal=crawl_delay_found)
        connect(self._host_pause_requested, signal=host_pause_requested)
        connect(self._host_given_up, signal=host_given_up)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostThrottle:
        return cls(crawler)

    # --- the floor ----------------------------------------------------------------------------

    def floor(self, host: str) -> float:
        """The least interval between request starts to ``host`` that this crawl allows."""
        state = self.hosts.get(host) or HostState()
        return max(self.default_floor, state.portal_delay, state.crawl_delay)

    def _state(self, host: str) -> HostState:
        return self.hosts.setdefault(host, HostState())

    def _slot(self, key: str | None) -> Slot | None:
        engine = self.crawler.engine
        if key is None or engine is None:
            return None
        return engine.downloader.slots.get(key)

    def _host_slot(self, host: str) -> Slot | None:
        """The slot of ``host``'s requests (keyed by IP with CONCURRENT_REQUESTS_PER_IP)."""
        return self._slot(self.slot_keys.get(host, host))

    def _configure(self, slot: Slot, host: str, reroll: bool) -> None:
        """Delay at or above the floor, with positive jitter; pauses carried into lastseen."""
        state = self._state(host)
        floor = self.floor(host)
        if not state.base:
            state.base = max(floor, self.start_delay)  # AutoThrottle's start, then adjusted
        state.base = max(state.base, floor)
        if reroll or slot.delay < floor + self.margin or state.slot_id != id(slot):
            slot.delay = state.base * (1.0 + random.uniform(0.0, self.jitter)) + self.margin
            slot.jitter = 0.0  # Scrapy's symmetric jitter would undercut the floor
            state.slot_id = id(slot)
        if state.given_up:
            slot.lastseen = time.monotonic() + _NEVER
        elif state.paused_until > slot.lastseen:
            slot.lastseen = state.paused_until

    def _request_reached_downloader(self, request: Request, spider) -> None:
        host = urlparse_cached(request).hostname or ""
        state = self._state(host)
        portal_delay = request.meta.get("download_delay")
        if portal_delay is not None:
            state.portal_delay = max(state.portal_delay, float(portal_delay))
        key = request.meta.get("download_slot")
        slot = self._slot(key)
        if slot is None:
            return
        self.slot_keys[host] = key
        self._configure(slot, host, reroll=False)
        if state.given_up:
            # queued right after this signal; refuse it on the next turn of the loop
            call_later(0, self._drain, slot, host)

    def _crawl_delay_found(self, host: str, delay: float) -> None:
        state = self._state(host)
        if delay > state.crawl_delay:
            state.crawl_delay = delay
            self.stats.max_value("throttle/crawl_delay_max", delay)
            slot = self._host_slot(host)
            if slot is not None:
                self._configure(slot, host, reroll=False)

    # --- responses ----------------------------------------------------------------------------

    def _response_downloaded(self, response: Response, request: Request, spider) -> None:
        host = urlparse_cached(request).hostname or ""
        state = self._state(host)
        slot = self._slot(request.meta.get("download_slot"))
        if response.status in BACKOFF_STATUSES or (
            response.status >= 300 and b"Retry-After" in response.headers
        ):
            self._back_off(host, response)
        else:
            state.backoffs = 0
            latency = request.meta.get("download_latency")
            adjustable = not request.meta.get("autothrottle_dont_adjust_delay")
            if self.adjust and adjustable and latency is not None:
                self._adjust(state, host, latency, response.status)
        if slot is not None:
            self._configure(slot, host, reroll=True)
            # The delay runs from the end of this exchange, not only from its start: the server
            # finished before we read its answer, so however late this request reached it, the
            # next one reaches it at least a delay after (no margin to guess network skew).
            slot.lastseen = max(slot.lastseen, time.monotonic())

    def _adjust(self, state: HostState, host: str, latency: float, status: int) -> None:
        """AutoThrottle's rule, applied to the host's base delay and clamped to its floor."""
        target = latency / self.target_concurrency
        new = max(target, (state.base + target) / 2.0)
        floor = self.floor(host)
        new = min(max(floor, new), max(self.max_delay, floor))
        if status != 200 and new <= state.base:
            return  # small error pages would otherwise talk the delay down
        state.base = new

    def _back_off(self, host: str, response: Response) -> None:
        state = self._state(host)
        header = response.headers.get(b"Retry-After")
        seconds = parse_retry_after(header, _server_now(response))
        if seconds is not None and seconds > self.retry_after_max:
            give_up_host(
                self.crawler,
                host,
                "retry_after",
                f"giving up host {host}: it answered {response.status} with Retry-After "
                f"{header.decode('latin-1') if header else ''!s}, beyond RETRY_AFTER_MAX "
                f"({self.retry_after_max:g} s)",
            )
            return
        if seconds is None and response.status not in BACKOFF_STATUSES:
            return  # an unreadable Retry-After on a redirect or an error: nothing to obey
        if seconds is None:
            state.backoffs += 1
            seconds = min(self.backoff_base * 2 ** (state.backoffs - 1), self.backoff_max)
            how = f"no Retry-After, backoff #{state.backoffs}"
            self.stats.inc_value("throttle/backoff")
        else:
            how = "Retry-After"
            self.stats.inc_value("throttle/retry_after")
        self._pause(host, seconds, f"{response.status} ({how})")

    # --- pauses and give-ups ------------------------------------------------------------------

    def _host_pause_requested(self, host: str, seconds: float, reason: str) -> None:
        self._pause(host, seconds, reason)

    def _pause(self, host: str, seconds: float, reason: str) -> None:
        state = self._state(host)
        until = time.monotonic() + seconds
        if until <= state.paused_until:
            return
        state.paused_until = until
        logger.info("pausing host %s for %.1f s: %s", host, seconds, reason)
        self.stats.inc_value("throttle/pauses")
        slot = self._host_slot(host)
        if slot is not None:
            slot.delay = max(slot.delay, MIN_DELAY)
            slot.lastseen = max(slot.lastseen, until)

    def _host_given_up(self, host: str, reason: str) -> None:
        state = self._state(host)
        state.given_up = True
        slot = self._host_slot(host)
        if slot is not None:
            slot.delay = max(slot.delay, MIN_DELAY)
            slot.lastseen = time.monotonic() + _NEVER
            self._drain(slot, host)

    def _drain(self, slot: Slot, host: str) -> None:
        """Fail every request waiting in a given-up host's slot; none of them will be sent."""
        while slot.queue:
            _, deferred = slot.queue.popleft()
            deferred.errback(Failure(IgnoreRequest(f"host {host} given up")))
            self.stats.inc_value("throttle/dropped_given_up")
