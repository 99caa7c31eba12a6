"""The download handler of rendered pages: scrapy-playwright's, started on first need, with
politeness and confinement for every request a page makes.

The page request itself goes through Scrapy's downloader like any other (robots.txt, its host's
slot: concurrency and delay). The requests the page then makes pass :meth:`BrowserDownloadHandler.
gate`: images, fonts and media, known analytics hosts and hosts outside the portal are blocked,
robots.txt is obeyed, and each request to a host waits until the page has no other request to
that host in flight and the host's downloader slot allows a new start (``slot.lastseen +
slot.delay``). When it completes, ``slot.lastseen`` moves to its completion, so the next plain
request to the host waits a full delay after the page's last sub-request. Chromium's own traffic
(updates, sign-in checks) never reaches the network: a proxy auto-config script sends every host
outside the registry's domains to a closed local port (:func:`crawler.browser.confinement_pac`).

Its own module, so that a crawl in which no page renders never imports Playwright
(:class:`crawler.browser.BrowserRendering` installs it only when a page may render).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from crawler.addresses import AllowList, host_problem
from crawler.browser import confined_launch_options, playwright_proxy
from crawler.browser_capture import PageCapture

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

# scrapy-playwright's meta for one download: built when the request is downloaded and removed
# after it, so a request is plain data in every queue (callables, the capture object)
_DOWNLOAD_META = (
    "playwright_page_init_callback",
    "playwright_page_methods",
    "playwright_page_goto_kwargs",
    "playwright_context",
    "playwright_context_kwargs",
)


def _closed_port() -> socket.socket:
    """A loopback port that refuses every connection (bound, never listening), held for the crawl
    so that no other process can take it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def _within(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _idle_event() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, started on the first request that needs the browser, with
    politeness and confinement for the requests a page makes, per-request proxies, recycled
    browser contexts and a plain fetch when a render times out. Plain requests go to the parent
    classes unchanged, so another ``HTTP11DownloadHandler`` subclass combines by inheritance::

        class CrawlDownloadHandler(BrowserDownloadHandler, TruncatingDownloadHandler): ...
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # scrapy-playwright starts its driver when the engine starts; we start it on first need
        for launcher in ("_maybe_launch_in_thread", "_engine_started"):
            with suppress(Exception):
                crawler.signals.disconnect(getattr(self, launcher), signals.engine_started)
        settings = crawler.settings
        self.crawler = crawler
        self.block_types = set(settings.getlist("BROWSER_BLOCK_RESOURCE_TYPES"))
        self.block_hosts = {h.lower() for h in settings.getlist("BROWSER_BLOCK_HOSTS")}
        self.allowed_private = AllowList(settings.getlist("ALLOWED_PRIVATE_HOSTS"))
        self.max_wait = settings.getfloat("BROWSER_MAX_SUBREQUEST_WAIT")
        self.recycle_after = settings.getint("BROWSER_CONTEXT_RECYCLE_PAGES")
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.max_size = settings.getint("DOWNLOAD_MAXSIZE")
        self.robots_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.user_agent = settings.get("USER_AGENT")
        self.launch_proxy: dict = dict(self.config.launch_options.get("proxy") or {})
        self.unconfined_options = dict(self.config.launch_options)
        self.configured_abort = self.abort_request  # PLAYWRIGHT_ABORT_REQUEST, if any
        self.abort_request = self.gate
        self._started = False
        self._start_lock = asyncio.Lock()
        self._closed_port: socket.socket | None = None
        self._navigated: weakref.WeakSet = weakref.WeakSet()
        self._scopes: weakref.WeakKeyDictionary[Page, tuple[str, ...]] = weakref.WeakKeyDictionary()
        self._offsite_logged: set[str] = set()
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # set while the page has no request in flight to the host
        self._idle: dict[str, asyncio.Event] = defaultdict(_idle_event)
        self._releases: set[asyncio.Future] = set()
        self._lastseen: dict[str, float] = {}  # hosts without a downloader slot
        self._robots: Any = False  # the robots.txt middleware, once looked up
        self._generation: Counter[str] = Counter()
        self._pages_served: Counter[str] = Counter()

    # --- starting on first need ---------------------------------------------------------------

    async def _start(self, request: Request) -> None:
        """Start Playwright's driver for the first request that needs the browser (Chromium
        follows with the first browser context): a crawl that renders nothing never starts it."""
        if self._started:
            return
        async with self._start_lock:
            if self._started:
                return
            self._confine_browser()
            logger.info("starting the browser for %s (the first page to render)", request.url)
            await self._maybe_future_from_coro(self._launch())
            self._started = True
            self.crawler.stats.set_value("browser/started", 1)

    def _confine_browser(self) -> None:
        """Launch Chromium with :func:`confinement_pac` over the registry's domains, so that
        requests of its own (updates, sign-in, safe browsing) go nowhere."""
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        if not domains:
            logger.warning(
                "the spider names no allowed_domains: Chromium's own requests are not confined"
            )
            return
        if self._closed_port is None:
            self._closed_port = _closed_port()
        port = self._closed_port.getsockname()[1]
        options = confined_launch_options(self.unconfined_options, domains, port)
        if options is None:
            logger.warning(
                "too many allowed domains for a proxy auto-config argument: Chromium's own "
                "requests are not confined (pages still are, by the gate)"
            )
            return
        self.config.launch_options = options

    async def close(self) -> None:
        await super().close()
        if self._closed_port is not None:
            self._closed_port.close()

    # --- rendered fetches ---------------------------------------------------------------------

    async def download_request(self, request: Request) -> Response:
        """Plain requests as the parent classes do; ``meta["playwright"]`` ones rendered, with
        scrapy-playwright's meta built for this download and removed after it."""
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        await self._start(request)
        capture = self._prepare(request)
        context = self._assign_context(request)
        # the browser authenticates to its proxy itself; never hand the header to a page
        request.headers.pop(b"Proxy-Authorization", None)
        response = None
        try:
            response = await super().download_request(request)
        except PlaywrightError as exc:
            cut = capture.cut_document()
            if cut is not None:
                raise IgnoreRequest(f"truncated (length): {cut}") from None
            if not isinstance(exc, PlaywrightTimeoutError):
                raise
            response = await self._fetch_plainly(request, exc)
        finally:
            # the spider reads the capture with a page it parses; otherwise it goes
            keep = response is not None and 200 <= response.status < 300
            self._finish(request, keep_capture=keep)
            await self._maybe_retire(context)
        return response

    def _prepare(self, request: Request) -> PageCapture:
        """scrapy-playwright's meta for this download: our page init callback, the capture's
        settle step, navigation until ``load``."""
        settings = self.crawler.settings
        capture = PageCapture(
            self.crawler,
            settle_timeout=settings.getfloat("BROWSER_SETTLE_TIMEOUT"),
            screenshot=settings.getbool("BROWSER_SCREENSHOT"),
            max_pager_clicks=settings.getint("BROWSER_MAX_PAGER_CLICKS"),
            max_size=request.meta.get("download_maxsize", self.max_size),
        )
        request.meta["browser_capture"] = capture
        request.meta["playwright_page_init_callback"] = self._init_page
        request.meta["playwright_page_methods"] = [PageMethod(capture.settle)]
        request.meta["playwright_page_goto_kwargs"] = {"wait_until": "load"}
        return capture

    async def _init_page(self, page: Page, request: Request) -> None:
        """``playwright_page_init_callback``: the page's domains for the gate, then the capture
        listens to it before it navigates."""
        self._scopes[page] = self._scope(request)
        await request.meta["browser_capture"].attach(page, request)

    def _scope(self, request: Request) -> tuple[str, ...]:
        """The domains a page rendered for ``request`` may contact: its portal's, else the
        spider's ``allowed_domains``, else the page's own host."""
        spider = self.crawler.spider
        portal = (getattr(spider, "portals", None) or {}).get(request.meta.get("portal"))
        domains = getattr(portal, "allowed_domains", None) or getattr(
            spider, "allowed_domains", None
        )
        if not domains:
            domains = (urlsplit(request.url).hostname or "",)
        return tuple(d.lower().strip(".") for d in domains)

    async def _download_request_with_page(
        self, request: Request, page: Page, spider: Spider
    ) -> Response:
        try:
            return await super()._download_request_with_page(request, page, spider)
        except Exception:
            # archive what the page loaded before scrapy-playwright closes it
            capture = request.meta.get("browser_capture")
            if capture is not None and not page.is_closed():
                with suppress(PlaywrightError):  # the render's own error is the one to raise
                    await capture.archive_loaded(page)
            raise

    async def _fetch_plainly(self, request: Request, error: PlaywrightError) -> Response:
        """A render that timed out: the page is fetched without the browser, after the host's
        delay, and archived and parsed like any plain fetch."""
        self.crawler.stats.inc_value("browser/render_timeout")
        logger.warning(
            "rendering %s timed out (%s); fetching it without the browser",
            request.url,
            error.message.splitlines()[0],
        )
        request.meta.pop("playwright", None)
        host = (urlsplit(request.url).hostname or "").lower()
        async with self._host_locks[host]:
            if not await self._wait_turn(host):
                raise error
            self._mark_seen(host, time.monotonic())
        return await super().download_request(request)

    def _finish(self, request: Request, keep_capture: bool) -> None:
        """Leave only plain data in the meta: a retried or redirected copy can be queued."""
        for key in _DOWNLOAD_META:
            request.meta.pop(key, None)
        if not keep_capture:
            request.meta.pop("browser_capture", None)

    def _assign_context(self, request: Request) -> str:
        """A context per proxy, replaced by a fresh one after BROWSER_CONTEXT_RECYCLE_PAGES."""
        kwargs: dict[str, Any] = {"service_workers": "block"}
        if self.user_agent:
            kwargs["user_agent"] = self.user_agent
        proxy = playwright_proxy(request.meta.get("proxy"))
        base = "render"
        if proxy and proxy["server"] != self.launch_proxy.get("server"):
            kwargs["proxy"] = proxy
            base = f"render via {proxy['server']}"
        elif self.launch_proxy.get("username") and "proxy" not in self.config.launch_options:
            kwargs["proxy"] = self.launch_proxy  # the auto-config script carries no credentials
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
        page = _page_of(pw_request)
        if page is not None and self._is_page_request(pw_request, page):
            # the Scrapy request itself: robots and delay were applied when the downloader
            # started it; the browser may start it later (launch), so its start counts from now
            self._claim(host, pw_request)
            return False
        if not self._on_portal(host, page, pw_request):
            stats.inc_value("browser/blocked/offsite")
            return True
        if not await self._robots_allow(url):
            stats.inc_value("browser/blocked/robots")
            return True
        if not await self._pace(host, pw_request):
            stats.inc_value("browser/blocked/host_unavailable")
            return True
        stats.inc_value("browser/subrequests")
        return False

    def _is_page_request(self, pw_request: PlaywrightRequest, page: Page) -> bool:
        """The first main-frame navigation of a page is the Scrapy request being rendered."""
        if pw_request.redirected_from is not None or not pw_request.is_navigation_request():
            return False
        if pw_request.frame.parent_frame is not None or page in self._navigated:
            return False
        self._navigated.add(page)
        return True

    def _on_portal(self, host: str, page: Page | None, pw_request: PlaywrightRequest) -> bool:
        """Is ``host`` within the domains of the portal the page belongs to? The first request
        to each host outside is logged."""
        scope = self._scopes.get(page) if page is not None else None
        if scope is None:
            scope = tuple(getattr(self.crawler.spider, "allowed_domains", None) or ())
        if not scope or _within(host, scope):
            return True
        if host not in self._offsite_logged:
            self._offsite_logged.add(host)
            logger.info(
                "browser: blocked %s %s (a %s of %s): %s is outside the portal's domains; "
                "its further requests are blocked silently",
                pw_request.method,
                pw_request.url[:200],
                pw_request.resource_type,
                page.url if page is not None else "a page",
                host,
            )
        return False

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
            if not await self._wait_turn(host):
                return False
            self._claim(host, pw_request)
            return True

    async def _wait_turn(self, host: str) -> bool:
        """Wait (holding the host's lock) until nothing of a page is in flight to ``host`` and
        its next start is due; False if that is more than BROWSER_MAX_SUBREQUEST_WAIT away."""
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
                return True
            if wait > self.max_wait:
                return False  # paused for long or given up by the throttle
            await asyncio.sleep(wait)

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


def _page_of(pw_request: PlaywrightRequest) -> Page | None:
    """The page a request belongs to; None for service workers, which have no frame."""
    try:
        return pw_request.frame.page
    except Exception:
        return None
