"""Rendering pages in Chromium through scrapy-playwright, politely: launch settings, the download
handler that gates every request a page makes, and the request meta of a rendered fetch.

The page request itself goes through Scrapy's downloader like any other (robots.txt, its host's
slot: concurrency and delay). The requests the page then makes pass :meth:`BrowserDownloadHandler.
gate`: images, fonts and media and known analytics hosts are blocked, robots.txt is obeyed, and
each request to a host waits until the page has no other request to that host in flight and
the host's downloader slot allows a new start (``slot.lastseen + slot.delay``). When it completes,
``slot.lastseen`` moves to its completion: the server saw it start before that, so the next start
is at least a delay after it at the server too, however long Chromium took to send it. So a
page's sub-requests are one at a time and spaced like the crawler's own requests, and the next
plain request to the host waits a full delay after the page's last sub-request.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import weakref
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies

from scrapy import Request
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from crawler.addresses import AllowList, host_problem
from crawler.browser_capture import PageCapture

if TYPE_CHECKING:
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

HANDLER_PATH = "crawler.browser.BrowserDownloadHandler"


def playwright_proxy(url: str | None, no_proxy: str | None = None) -> dict | None:
    """Playwright's ``proxy`` option for a proxy URL (credentials split out), or None."""
    if not url:
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    proxy: dict[str, str] = {"server": f"{parts.scheme}://{parts.hostname}:{parts.port or 80}"}
    if parts.username:
        proxy["username"] = unquote(parts.username)
        proxy["password"] = unquote(parts.password or "")
    if no_proxy:
        proxy["bypass"] = no_proxy
    return proxy


def environment_proxy() -> dict | None:
    """The proxy plain fetches use (``http_proxy``, else ``https_proxy``), for the browser."""
    proxies = getproxies()
    return playwright_proxy(
        proxies.get("http") or proxies.get("https"),
        os.environ.get("no_proxy") or os.environ.get("NO_PROXY"),
    )


def launch_options(settings: BaseSettings) -> dict:
    """``PLAYWRIGHT_LAUNCH_OPTIONS``: Debian's Chromium, our flags, the environment's proxy."""
    options: dict[str, Any] = {
        "executable_path": settings.get("CHROMIUM_EXECUTABLE"),
        "args": settings.getlist("BROWSER_LAUNCH_ARGS"),
        "headless": True,
        "chromium_sandbox": False,
    }
    proxy = environment_proxy()
    if proxy:
        options["proxy"] = proxy
    return options


class BrowserRendering:
    """Add-on: registers :class:`BrowserDownloadHandler` and derives scrapy-playwright's settings
    from ours (launch options, page cap, navigation timeout)."""

    def update_settings(self, settings: BaseSettings) -> None:
        handlers = settings["DOWNLOAD_HANDLERS"]
        for scheme in ("http", "https"):
            current = handlers.get(scheme)
            cls = load_object(current) if current else None
            if not (isinstance(cls, type) and issubclass(cls, BrowserDownloadHandler)):
                if current and "HTTP11DownloadHandler" not in str(current):
                    logger.warning(
                        "replacing download handler %s for %s by %s: combine them in one class",
                        current,
                        scheme,
                        HANDLER_PATH,
                    )
                handlers[scheme] = HANDLER_PATH
        if not settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"):
            settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch_options(settings), "addon")
        settings.set(
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT",
            settings.getint("BROWSER_MAX_PAGES_PER_CONTEXT"),
            "addon",
        )
        timeout_ms = settings.getfloat("BROWSER_NAVIGATION_TIMEOUT") * 1000
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", timeout_ms, "addon")


def browser_meta(crawler: Crawler, reason: str) -> dict:
    """Request meta for fetching a page in the browser and archiving everything it loads.

    The page is never handed to the callback (``playwright_include_page`` stays off), so
    scrapy-playwright closes it on success and on every error.
    """
    settings = crawler.settings
    capture = PageCapture(
        crawler,
        settle_timeout=settings.getfloat("BROWSER_SETTLE_TIMEOUT"),
        screenshot=settings.getbool("BROWSER_SCREENSHOT"),
        max_pager_clicks=settings.getint("BROWSER_MAX_PAGER_CLICKS"),
    )
    return {
        "playwright": True,
        "playwright_page_init_callback": capture.attach,
        "playwright_page_goto_kwargs": {"wait_until": "load"},
        "playwright_page_methods": [PageMethod(capture.settle)],
        "browser_capture": capture,
        "render_reason": reason,
        # a render's latency is the browser's, not the server's: keep it out of the delay
        "autothrottle_dont_adjust_delay": True,
    }


def _idle_event() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler with politeness for the requests a page makes, per-request
    proxies and recycled browser contexts. Plain requests go to the parent classes unchanged, so
    another ``HTTP11DownloadHandler`` subclass combines by inheritance::

        class CrawlDownloadHandler(BrowserDownloadHandler, TruncatingDownloadHandler): ...
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.crawler = crawler
        self.block_types = set(settings.getlist("BROWSER_BLOCK_RESOURCE_TYPES"))
        self.block_hosts = {h.lower() for h in settings.getlist("BROWSER_BLOCK_HOSTS")}
        self.allowed_private = AllowList(settings.getlist("ALLOWED_PRIVATE_HOSTS"))
        self.max_wait = settings.getfloat("BROWSER_MAX_SUBREQUEST_WAIT")
        self.recycle_after = settings.getint("BROWSER_CONTEXT_RECYCLE_PAGES")
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.robots_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.user_agent = settings.get("USER_AGENT")
        launch_proxy = (settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") or {}).get("proxy") or {}
        self.launch_proxy = launch_proxy.get("server")
        self.configured_abort = self.abort_request  # PLAYWRIGHT_ABORT_REQUEST, if any
        self.abort_request = self.gate
        self._navigated: weakref.WeakSet = weakref.WeakSet()
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # set while the page has no request in flight to the host
        self._idle: dict[str, asyncio.Event] = defaultdict(_idle_event)
        self._releases: set[asyncio.Future] = set()
        self._lastseen: dict[str, float] = {}  # hosts without a downloader slot
        self._robots: Any = False  # the robots.txt middleware, once looked up
        self._generation: Counter[str] = Counter()
        self._pages_served: Counter[str] = Counter()

    # --- rendered fetches ---------------------------------------------------------------------

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        context = self._assign_context(request)
        # the browser authenticates to its proxy itself; never hand the header to a page
        request.headers.pop(b"Proxy-Authorization", None)
        try:
            return await super().download_request(request)
        finally:
            await self._maybe_retire(context)

    def _assign_context(self, request: Request) -> str:
        """A context per proxy, replaced by a fresh one after BROWSER_CONTEXT_RECYCLE_PAGES."""
        proxy_url = request.meta.get("proxy")
        kwargs: dict[str, Any] = {"service_workers": "block"}
        if self.user_agent:
            kwargs["user_agent"] = self.user_agent
        proxy = playwright_proxy(proxy_url)
        base = "render"
        if proxy and proxy["server"] != self.launch_proxy:
            kwargs["proxy"] = proxy
            base = f"render via {proxy['server']}"
        name = f"{base} #{self._generation[base]}"
        self._pages_served[name] += 1
        if self._pages_served[name] >= self.recycle_after:
            self._generation[base] += 1
        request.meta["playwright_context"] = name
        request.meta["playwright_context_kwargs"] = kwargs
        return name

    async def _maybe_retire(self, name: str) -> None:
        base, _, generation = name.rpartition(" #")
        wrapper = self.context_wrappers.get(name)
        if wrapper is None or int(generation) == self._generation[base] or wrapper.context.pages:
            return
        self.crawler.stats.inc_value("browser/contexts_recycled")
        await wrapper.context.close()

    # --- the page's own requests --------------------------------------------------------------

    async def gate(self, pw_request: PlaywrightRequest) -> bool:
        """``abort_request`` for every request a page makes: True blocks it. Allowed requests
        return only once their host may be contacted again."""
        stats = self.crawler.stats
        if self.configured_abort is not None:
            verdict = self.configured_abort(pw_request)
            if asyncio.iscoroutine(verdict):
                verdict = await verdict
            if verdict:
                return True
        url = pw_request.url
        if not url.startswith(("http://", "https://")):
            return False
        if pw_request.resource_type in self.block_types:
            stats.inc_value(f"browser/blocked/{pw_request.resource_type}")
            return True
        host = (urlsplit(url).hostname or "").lower()
        if host in self.block_hosts:
            stats.inc_value("browser/blocked/host")
            return True
        if host_problem(host, self.allowed_private):
            stats.inc_value("browser/blocked/address")
            return True  # a page must not make us reach private or metadata addresses
        if self._is_page_request(pw_request):
            # the Scrapy request itself: robots and delay were applied when the downloader
            # started it; the browser may start it later (launch), so its start counts from now
            self._claim(host, pw_request)
            return False
        if not await self._robots_allow(url):
            stats.inc_value("browser/blocked/robots")
            return True
        if not await self._pace(host, pw_request):
            stats.inc_value("browser/blocked/host_unavailable")
            return True
        stats.inc_value("browser/subrequests")
        return False

    def _is_page_request(self, pw_request: PlaywrightRequest) -> bool:
        """The first main-frame navigation of a page is the Scrapy request being rendered."""
        if pw_request.redirected_from is not None or not pw_request.is_navigation_request():
            return False
        try:
            frame = pw_request.frame
        except Exception:  # service worker requests have no frame
            return False
        if frame.parent_frame is not None or frame.page in self._navigated:
            return False
        self._navigated.add(frame.page)
        return True

    async def _robots_allow(self, url: str) -> bool:
        """Ask the crawl's robots.txt middleware (ours, or Scrapy's) about a page's request; a
        host not asked yet gets its robots.txt fetched first, through the downloader."""
        if self._robots is False:
            middlewares = self.crawler.engine.downloader.middleware.middlewares
            self._robots = next(
                (m for m in middlewares if hasattr(m, "policy") or hasattr(m, "robot_parser")),
                None,
            )
        if self._robots is None:
            return True  # ROBOTSTXT_OBEY is off
        if hasattr(self._robots, "policy"):  # crawler.middlewares.robots (RFC 9309)
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
            policy = await self._robots.policy(origin, parts.hostname or "")
            return policy.allows(url, self._robots.user_agent)
        parser = await self._robots.robot_parser(Request(url))
        return parser is None or parser.allowed(url, self.robots_agent)

    async def _pace(self, host: str, pw_request: PlaywrightRequest) -> bool:
        """Wait until the page has nothing in flight to ``host`` and the host's next start is
        due, then claim it; False if that is too far off."""
        async with self._host_locks[host]:
            while True:
                idle = self._idle[host]
                if not idle.is_set():
                    try:
                        await asyncio.wait_for(idle.wait(), self.max_wait)
                    except TimeoutError:
                        return False  # a request to the host that never ends
                    continue
                slot = self.crawler.engine.downloader.slots.get(host)
                delay = slot.delay if slot is not None else self.default_delay
                lastseen = slot.lastseen if slot is not None else self._lastseen.get(host, 0.0)
                wait = lastseen + delay - time.monotonic()
                if wait <= 0:
                    break
                if wait > self.max_wait:
                    return False  # paused for long or given up by the throttle
                await asyncio.sleep(wait)
            self._claim(host, pw_request)
            return True

    def _claim(self, host: str, pw_request: PlaywrightRequest) -> None:
        """Record a start to ``host`` now, and hold the host until the request completes."""
        self._mark_seen(host, time.monotonic())
        self._idle[host].clear()
        task = asyncio.ensure_future(self._release_when_done(host, pw_request))
        self._releases.add(task)  # keep a reference until it has run
        task.add_done_callback(self._releases.discard)

    async def _release_when_done(self, host: str, pw_request: PlaywrightRequest) -> None:
        """Once the request has completed (or failed), the host's next start counts from then."""
        try:
            response = await pw_request.response()
            if response is not None:
                await response.finished()
        except Exception:  # closed page, aborted request: it is over either way
            pass
        finally:
            self._mark_seen(host, time.monotonic())
            self._idle[host].set()

    def _mark_seen(self, host: str, when: float) -> None:
        slot = self.crawler.engine.downloader.slots.get(host)
        if slot is not None:
            slot.lastseen = max(slot.lastseen, when)
        self._lastseen[host] = max(self._lastseen.get(host, 0.0), when)
