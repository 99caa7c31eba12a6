"""Politeness across workers: what one worker learns about a host reaches the others."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.utils.httpobj import urlparse_cached

from crawler.extensions.throttle import HostThrottle
from crawler.host_signals import (
    crawl_delay_found,
    give_up_host,
    host_given_up,
    host_pause_requested,
)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.distributed.cluster import Cluster

logger = logging.getLogger(__name__)

# How the pauses of crawler.middlewares.challenge and .circuit_breaker begin their reason.
CHALLENGE, BREAKER = "anti-bot challenge", "circuit breaker"


class HostSync:
    """Per-host knowledge of one worker, kept in step with the cluster's.

    Published to Redis: a robots.txt Crawl-delay (``crawl_delay_found``), a host given up
    (``host_given_up``), pauses (``host_pause_requested``), and through :meth:`ack_terms` the
    host's next-allowed time: its last answer under the lease plus the delay this worker keeps
    for it (slot delay: floor, AutoThrottle, jitter, margin), or the end of a pause (Retry-After,
    backoff, challenge, circuit breaker) if later. Applied from Redis: when a request is taken,
    the Crawl-delay and give-up other workers published are re-sent here as the same signals
    (:meth:`adopt`), so HostThrottle and the circuit breaker act on them; pauses need no
    re-sending, the queue hands out nothing of a paused host before its time. Challenges and
    circuit-breaker pauses are counted across workers: a host is given up at the same count as
    in an embedded crawl.
    """

    def __init__(self, crawler: Crawler, cluster: Cluster) -> None:
        self.crawler = crawler
        self.cluster = cluster
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.margin = max(0.0, crawler.settings.getfloat("POLITE_DELAY_MARGIN"))
        self.contacts: dict[str, float] = {}  # host -> monotonic time of its last answer
        self.slot_keys: dict[str, str] = {}
        self.delays: dict[str, float] = {}  # host -> largest Crawl-delay known here
        self.given_up: set[str] = set()
        self.pause_reasons: dict[str, str] = {}
        settings = crawler.settings
        self.strike_limits = {
            CHALLENGE: settings.getint("CHALLENGE_MAX_PER_HOST"),
            BREAKER: settings.getint("HOST_MAX_PAUSES") + 1,
        }
        self._relaying = False
        connect = crawler.signals.connect
        connect(self._response_downloaded, signal=signals.response_downloaded)
        connect(self._request_left_downloader, signal=signals.request_left_downloader)
        connect(self._crawl_delay_found, signal=crawl_delay_found)
        connect(self._host_given_up, signal=host_given_up)
        connect(self._host_pause_requested, signal=host_pause_requested)

    # --- what this worker did -----------------------------------------------------------------

    # The host's next request, whichever worker sends it, waits its delay from when this one's
    # answer arrived (HostThrottle counts this worker's own slot from there too): a request can
    # reach a busy host late, and only the answer proves it has. Measured on a loaded machine,
    # counting from the send let two starts come 0.72 s apart at a server asking for 1 s.

    def _answered(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        self.contacts[host] = time.monotonic()
        key = request.meta.get("download_slot")
        if key is not None:
            self.slot_keys[host] = key

    def _response_downloaded(self, response: Response, request: Request, spider) -> None:
        self._answered(request)

    def _request_left_downloader(self, request: Request, spider) -> None:
        if "download_latency" not in request.meta:
            # failed before an answer (timeout, refused, reset): it may have reached the host
            self._answered(request)

    def ack_terms(self, host: str, taken: float) -> tuple[int, int, int, str]:
        """(ms since the host was last contacted, -1 if not since ``taken``; delay ms;
        pause ms still to run; its reason) for acknowledging a request of ``host``."""
        now = time.monotonic()
        contact = self.contacts.get(host)
        since = -1 if contact is None or contact < taken else int((now - contact) * 1000)
        delay = max(self.default_delay, self.delays.get(host, 0.0)) + self.margin
        throttle = self._throttle()
        slot = None
        engine = self.crawler.engine
        if engine is not None:
            slot = engine.downloader.slots.get(self.slot_keys.get(host, host))
        if slot is not None:
            delay = max(delay, slot.delay)
        pause = 0
        if throttle is not None:
            state = throttle.hosts.get(host)
            if state is not None:
                delay = max(delay, throttle.floor(host) + self.margin)
                if state.paused_until > now:
                    pause = int((state.paused_until - now) * 1000) + 1
        reason = self.pause_reasons.get(host, "Retry-After or backoff") if pause else ""
        return since, int(delay * 1000), pause, reason

    def _throttle(self) -> HostThrottle | None:
        extensions = getattr(self.crawler, "extensions", None)
        for extension in getattr(extensions, "middlewares", ()):
            if isinstance(extension, HostThrottle):
                return extension
        return None

    # --- publishing ---------------------------------------------------------------------------

    def _crawl_delay_found(self, host: str, delay: float) -> None:
        if delay > self.delays.get(host, 0.0):
            self.delays[host] = delay
        if not self._relaying:
            self.cluster.write(self.cluster.script, "PUBLISH_DELAY", host, repr(float(delay)))

    def _host_given_up(self, host: str, reason: str) -> None:
        self.given_up.add(host)
        if not self._relaying:
            self.cluster.write(self.cluster.server.hsetnx, self.cluster.keys.givenup, host, reason)

    def _host_pause_requested(self, host: str, seconds: float, reason: str) -> None:
        self.pause_reasons[host] = reason
        # now, not with the answer: a challenge or the breaker may pause a host already freed
        self.cluster.write(self.cluster.script, "PAUSE_HOST", host, int(seconds * 1000), reason)
        self._count_strike(host, reason)

    def _count_strike(self, host: str, reason: str) -> None:
        """Challenges and circuit-breaker pauses count across workers: the one that reaches
        the threshold (CHALLENGE_MAX_PER_HOST challenges; a pause beyond HOST_MAX_PAUSES) gives
        the host up, as one worker alone would have."""
        kind = next((k for k in self.strike_limits if reason.startswith(k)), None)
        if kind is None:
            return
        limit = self.strike_limits[kind]
        count = self.cluster.read(
            self.cluster.server.hincrby, self.cluster.keys.strikes, f"{kind}:{host}", 1
        )
        if count is not None and limit > 0 and count >= limit:
            give_up_host(
                self.crawler,
                host,
                "challenge" if kind == CHALLENGE else "failures",
                f"giving up host {host}: {count} times '{kind}' across the workers",
            )

    # --- applying -----------------------------------------------------------------------------

    def adopt(self, host: str, delay: float, given_up: str) -> None:
        """Re-send here what other workers published about ``host`` (called as a request of
        ``host`` is taken from the queue, before it reaches the downloader)."""
        send = self.crawler.signals.send_catch_log
        self._relaying = True
        try:
            if delay > self.delays.get(host, 0.0):
                send(crawl_delay_found, host=host, delay=delay)
            if given_up and host not in self.given_up:
                logger.info("host %s was given up by another worker: %s", host, given_up)
                send(host_given_up, host=host, reason=given_up)
        finally:
            self._relaying = False
