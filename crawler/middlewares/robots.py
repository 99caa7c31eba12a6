"""robots.txt per RFC 9309, as the downloader middleware that replaces Scrapy's RobotsTxtMiddleware.

Before any other request to a host (scheme, name and port) its robots.txt is fetched once per
crawl; requests arriving meanwhile wait for that same fetch. 2xx: Allow/Disallow rules for our
product token (ROBOTSTXT_USER_AGENT), wildcards included, read by Protego from the first
ROBOTSTXT_MAX_SIZE bytes. 4xx (or a redirect chain we will not follow): everything allowed.
429, 5xx or an unreachable host: everything disallowed for now, the host's requests held and
robots.txt asked again after ROBOTSTXT_RETRY_DELAY, at most ROBOTSTXT_MAX_RETRIES times, then the
host is given up. Crawl-delay (and Request-rate) is announced with ``crawl_delay_found``.
In a distributed crawl one worker fetches an origin's robots.txt and the others read what it
decided from Redis (:mod:`crawler.distributed.robots_store`); the request that made it fetch goes
back to the shared queue instead of waiting out the host's delay here, holding a download slot.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from protego import Protego
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.distributed.robots_store import shared_robots
from crawler.host_signals import crawl_delay_found, give_up_host

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RobotsPolicy:
    """What one host's robots.txt lets us do: rules, everything, or nothing (host given up)."""

    rules: Protego | None = None
    given_up: bool = False
    text: str | None = None  # the robots.txt parsed into ``rules``

    def record(self) -> dict:
        """What other workers of a distributed crawl need to rebuild this policy."""
        if self.given_up:
            return {"given_up": True}
        return {"text": self.text} if self.rules is not None else {"allow_all": True}

    def allows(self, url: str, user_agent: str) -> bool:
        if self.given_up:
            return False
        return self.rules is None or self.rules.can_fetch(url, user_agent)


ALLOW_ALL = RobotsPolicy()
GIVEN_UP = RobotsPolicy(given_up=True)


def crawl_interval(rules: Protego, user_agent: str) -> float | None:
    """The least interval between requests robots.txt asks for: Crawl-delay or Request-rate."""
    intervals = []
    delay = rules.crawl_delay(user_agent)
    if delay is not None:
        intervals.append(float(delay))
    rate = rules.request_rate(user_agent)
    if rate is not None and rate.requests:
        intervals.append(rate.seconds / rate.requests)
    return max(intervals) if intervals else None


class RobotsUnreachable(Exception):
    """robots.txt could not be read for a reason that means 'disallow everything for now'."""


class RobotsTxtPolicyMiddleware:
    """Downloader middleware: holds each request until its host's robots.txt decides it."""

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("BOT_NAME")
        self.retry_delay = settings.getfloat("ROBOTSTXT_RETRY_DELAY")
        self.max_retries = settings.getint("ROBOTSTXT_MAX_RETRIES")
        self.max_size = settings.getint("ROBOTSTXT_MAX_SIZE")
        self._policies: dict[str, RobotsPolicy] = {}
        self._waiters: dict[str, list[Deferred]] = {}
        self.shared = shared_robots(crawler)
        self._fetched_here: set[str] = set()  # origins whose robots.txt this worker just fetched

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtPolicyMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> Request | None:
        if request.meta.get("dont_obey_robotstxt"):
            return None
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            return None
        origin = f"{parts.scheme}://{parts.netloc}"
        policy = await self.policy(origin, parts.hostname or "")
        if policy is None:
            raise IgnoreRequest("crawl stopped before robots.txt could be read")
        if policy.given_up:
            raise IgnoreRequest(f"robots.txt of {parts.netloc} unreachable; host given up")
        if not policy.allows(request.url, self.user_agent):
            logger.debug("Forbidden by robots.txt: %s", request)
            self.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")
        if origin in self._fetched_here:
            # Distributed: the host just answered robots.txt, so this request would wait its
            # delay in a download slot; back to the queue, which frees the host after the delay.
            self._fetched_here.discard(origin)
            self.stats.inc_value("robotstxt/requeued_after_fetch")
            return request.replace(dont_filter=True)
        return None

    async def policy(self, origin: str, host: str) -> RobotsPolicy | None:
        """The policy of ``origin``; the first caller fetches it, the others wait for it.
        None when the crawl stopped while robots.txt was still being retried."""
        known = self._policies.get(origin)
        if known is not None:
            return known
        if origin in self._waiters:
            # Each waiter gets its own Deferred: a shared one hands None to all but the first.
            waiter: Deferred = Deferred()
            self._waiters[origin].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._waiters[origin] = []
        policy: RobotsPolicy | None = None
        try:
            policy = await self._shared_or_fetched(origin, host)
        except Exception:
            logger.exception("robots.txt of %s: unexpected error, disallowing all", origin)
            policy = GIVEN_UP
        finally:
            waiters = self._waiters.pop(origin)
            if policy is None:  # cancelled: the crawl is stopping
                for waiter in waiters:
                    waiter.errback(Failure(IgnoreRequest("crawl stopped before robots.txt")))
            else:
                self._policies[origin] = policy
                for waiter in waiters:
                    waiter.callback(policy)
        return policy

    async def _shared_or_fetched(self, origin: str, host: str) -> RobotsPolicy | None:
        """What another worker decided about ``origin``, else fetched here (and shared)."""
        if self.shared is None:
            return await self._fetch_with_retries(origin, host)
        record = self.shared.get(origin)
        if record is not None:
            self.stats.inc_value("robotstxt/shared")
            if record.get("given_up"):
                return GIVEN_UP
            if record.get("text") is None:
                return ALLOW_ALL
            return self._policy_from_text(origin, host, record["text"])
        policy = await self._fetch_with_retries(origin, host)
        if policy is not None:
            self.shared.put(origin, policy.record())
            self._fetched_here.add(origin)
        return policy

    async def _wait_unless_stopping(self, seconds: float) -> bool:
        """Sleep ``seconds``, in steps, so that a stopping crawl (Ctrl-C, SIGTERM) is not held
        up by a retry pending far ahead; False when the crawl is stopping."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not self.crawler.engine.running:
                return False
            await sleep(min(1.0, left))
        return self.crawler.engine.running

    async def _fetch_with_retries(self, origin: str, host: str) -> RobotsPolicy | None:
        attempts = 1 + max(0, self.max_retries)
        reason = ""
        for attempt in range(1, attempts + 1):
            try:
                return await self._fetch(origin, host)
            except RobotsUnreachable as exc:
                reason = str(exc)
            self.stats.inc_value("robotstxt/unreachable")
            if attempt < attempts:
                logger.warning(
                    "robots.txt of %s unreachable (%s): holding requests to %s, "
                    "retry %d/%d in %g s",
                    origin,
                    reason,
                    host,
                    attempt,
                    attempts - 1,
                    self.retry_delay,
                )
                if not await self._wait_unless_stopping(self.retry_delay):
                    return None
        give_up_host(
            self.crawler,
            host,
            "robots",
            f"giving up host {host}: robots.txt of {origin} unreachable after {attempts} "
            f"attempts ({reason})",
        )
        return GIVEN_UP

    async def _fetch(self, origin: str, host: str) -> RobotsPolicy:
        request = Request(
            f"{origin}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            callback=NO_CALLBACK,
            meta={
                "dont_obey_robotstxt": True,
                "dont_retry": True,  # retried here, after ROBOTSTXT_RETRY_DELAY
                "download_maxsize": self.max_size,
                "truncated_ok": True,  # RFC 9309: parse the first 500 KiB, ignore the rest
            },
        )
        self.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(request)
        except IgnoreRequest as exc:
            # A redirect chain we do not follow (too long, refused, off-site): RFC 9309 2.3.1.2
            # lets us treat the file as unavailable.
            logger.info("robots.txt of %s not read (%s): allowing all", origin, exc)
            self.stats.inc_value("robotstxt/allow_all")
            return ALLOW_ALL
        except Exception as exc:
            self.stats.inc_value(f"robotstxt/exception_count/{type(exc).__name__}")
            raise RobotsUnreachable(f"{type(exc).__name__}: {exc}") from exc
        return self._policy_from(origin, host, response)

    def _policy_from(self, origin: str, host: str, response: Response) -> RobotsPolicy:
        status = response.status
        self.stats.inc_value("robotstxt/response_count")
        self.stats.inc_value(f"robotstxt/response_status_count/{status}")
        if status == 429 or status >= 500:
            raise RobotsUnreachable(f"HTTP {status}")
        if status >= 300:
            logger.debug("robots.txt of %s: HTTP %d, allowing all", origin, status)
            self.stats.inc_value("robotstxt/allow_all")
            return ALLOW_ALL
        text = response.body[: self.max_size].decode("utf-8", errors="replace")
        return self._policy_from_text(origin, host, text)

    def _policy_from_text(self, origin: str, host: str, text: str) -> RobotsPolicy:
        rules = Protego.parse(text)
        interval = crawl_interval(rules, self.user_agent)
        if interval:
            logger.info("robots.txt of %s asks for %g s between requests", origin, interval)
            self.crawler.signals.send_catch_log(crawl_delay_found, host=host, delay=interval)
        return RobotsPolicy(rules=rules, text=text)
