"""What one rendered page loaded, handed to the archive: every network exchange with its raw heads,
the rendered DOM and a screenshot. Lives in the request's meta for the page's lifetime.

scrapy-playwright calls :meth:`PageCapture.attach` before navigating (``playwright_page_init_
callback``) and :meth:`PageCapture.settle` once the page has loaded (a ``PageMethod``); settle
waits for the network to go quiet, turns script-driven pages, then sends the ``browser_exchange``
and ``browser_resource`` signals. Raw heads come from Chromium's DevTools protocol (header order,
reason phrase, ``Content-Encoding``, the headers the network stack added); Playwright's own view
is the fallback.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from archive.records import warc_date
from archive.signals import BrowserExchange, browser_exchange, browser_resource

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest
    from playwright.async_api import Response as PlaywrightResponse
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Elements that turn a list page by script: no real address to follow, so the browser clicks.
# First a "next" / "load more" control; failing that, the lowest page number not yet clicked
# (pagers that only show numbers, ``<a href="javascript:;" data-page="2">2</a>``).
_FIND_PAGER = """(clicked) => {
  const label = /^(下一?页|下页|后一?页|加载更多|点击加载更多?|查看更多|next|>|>>|»|›)$/i;
  const scripted = (el) => {
    if (el.tagName !== 'A') return true;
    const href = (el.getAttribute('href') || '').trim().toLowerCase();
    return !href || href.startsWith('#') || href.startsWith('javascript:');
  };
  const usable = (el) => {
    if (el.disabled || /disabled|current|active|\\bon\\b/.test(el.className)) return false;
    if (el.getAttribute('aria-disabled') === 'true') return false;
    const box = el.getBoundingClientRect();
    return box.width && box.height;
  };
  const controls = [...document.querySelectorAll('a, button, input[type=button], span, li')];
  for (const el of controls) {
    const text = (el.innerText || el.value || '').replace(/\\s+/g, '');
    if (label.test(text) && scripted(el) && usable(el)) return el;
  }
  let best = null, bestNumber = Infinity;
  for (const el of controls) {
    const text = (el.innerText || '').replace(/\\s+/g, '');
    if (!/^[0-9]{1,3}$/.test(text) || el.children.length) continue;
    const number = Number(text);
    if (number < 2 || clicked.includes(number) || number >= bestNumber) continue;
    if (el.tagName === 'A' ? scripted(el) : (el.onclick || el.dataset.page)) {
      if (usable(el)) { best = el; bestNumber = number; }
    }
  }
  if (best) best.dataset.nianbaoPage = String(bestNumber);
  return best;
}"""
LIST_ANSWER_TYPES = ("xhr", "fetch")
QUIET_SECONDS = 0.5  # no request in flight this long: the page has settled (Playwright's rule)
_POLL = 0.05


@dataclass
class _Hop:
    """One request/response hop as Chromium's network stack saw it."""

    request_id: str
    method: str
    url: str
    request_headers: list[tuple[bytes, bytes]] | None = None
    status_line: bytes | None = None
    response_headers: list[tuple[bytes, bytes]] | None = None
    body: bytes | None = None


@dataclass
class ListAnswer:
    """A list API answer the page received (XHR/fetch), for discovery to read."""

    method: str
    url: str
    request_body: bytes
    content_type: str
    body: bytes


def _to_bytes(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _parse_head_text(text: str) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    lines = [line for line in text.split("\r\n") if line]
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((_to_bytes(name.strip()), _to_bytes(value.strip())))
    return _to_bytes(lines[0]) if lines else b"", headers


class _NetworkTap:
    """Chromium's own record of a page's traffic, through a DevTools session of ours.

    ``Network`` events give the heads as they went over the wire (request headers the network
    stack added, the response head text); ``Fetch`` pauses every response once its body has
    arrived, reads the body exactly as received (content coding removed, charset untouched) and
    continues it unchanged. Everything is kept per request id, one entry per redirect hop.
    """

    def __init__(self, session: Any) -> None:
        self.session = session
        self.hops: dict[str, list[_Hop]] = defaultdict(list)
        self.sent_headers: dict[str, list[dict]] = defaultdict(list)
        self.received: dict[str, list[dict]] = defaultdict(list)
        self.bodies: dict[str, list[bytes | None]] = defaultdict(list)
        self.used: set[int] = set()
        self._pending: set[asyncio.Task] = set()

    async def start(self) -> None:
        on = self.session.on
        on("Network.requestWillBeSent", self._on_request)
        on("Network.requestWillBeSentExtraInfo", self._on_request_extra)
        on("Network.responseReceivedExtraInfo", self._on_response_extra)
        on("Fetch.requestPaused", self._on_paused)
        await self.session.send("Network.enable")
        await self.session.send(
            "Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Response"}]}
        )

    def _on_request(self, event: dict) -> None:
        request = event.get("request") or {}
        request_id = event["requestId"]
        hop = _Hop(request_id, request.get("method", ""), request.get("url", ""))
        self.hops[request_id].append(hop)

    def _on_request_extra(self, event: dict) -> None:
        self.sent_headers[event["requestId"]].append(event.get("headers") or {})

    def _on_response_extra(self, event: dict) -> None:
        self.received[event["requestId"]].append(event)

    def _on_paused(self, event: dict) -> None:
        task = asyncio.ensure_future(self._read_and_continue(event))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _read_and_continue(self, event: dict) -> None:
        paused_id = event["requestId"]
        status = event.get("responseStatusCode")
        body = None
        try:
            if status is not None and not 300 <= status < 400:
                answer = await self.session.send("Fetch.getResponseBody", {"requestId": paused_id})
                text = answer.get("body") or ""
                body = base64.b64decode(text) if answer.get("base64Encoded") else text.encode()
        except PlaywrightError:
            body = None
        finally:
            if status is not None:
                self.bodies[event.get("networkId") or paused_id].append(body)
            method = "Fetch.continueResponse" if status is not None else "Fetch.continueRequest"
            with contextlib.suppress(PlaywrightError):
                await self.session.send(method, {"requestId": paused_id})

    async def drain(self) -> None:
        """Wait for bodies still being read."""
        if self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    def take(self, method: str, url: str) -> _Hop | None:
        """The first unclaimed hop for (method, url), with its raw heads and body filled in."""
        for request_id, hops in self.hops.items():
            for index, hop in enumerate(hops):
                if id(hop) in self.used or hop.method != method or hop.url != url:
                    continue
                self.used.add(id(hop))
                sent = self.sent_headers.get(request_id, [])
                if index < len(sent):
                    hop.request_headers = [
                        (_to_bytes(k), _to_bytes(v)) for k, v in sent[index].items()
                    ]
                received = self.received.get(request_id, [])
                if index < len(received) and received[index].get("headersText"):
                    hop.status_line, hop.response_headers = _parse_head_text(
                        received[index]["headersText"]
                    )
                bodies = self.bodies.get(request_id, [])
                if index < len(bodies):
                    hop.body = bodies[index]
                return hop
        return None

    async def close(self) -> None:
        with contextlib.suppress(PlaywrightError):
            await self.session.detach()


class PageCapture:
    """Per-request capture of a rendered page (see the module docstring)."""

    def __init__(
        self,
        crawler: Crawler,
        settle_timeout: float = 15.0,
        screenshot: bool = True,
        max_pager_clicks: int = 10,
    ) -> None:
        self.crawler = crawler
        self.settle_timeout_ms = settle_timeout * 1000
        self.screenshot = screenshot
        self.max_pager_clicks = max_pager_clicks
        self._reset()

    def _reset(self) -> None:
        self.request: Request | None = None
        self._responses: list[tuple[PlaywrightResponse, str]] = []
        self._in_flight: set[Any] = set()
        self._tap: _NetworkTap | None = None
        # read by the spider once the page is parsed
        self.list_answers: list[ListAnswer] = []
        self.pager_doms: list[str] = []

    # --- scrapy-playwright hooks --------------------------------------------------------------

    async def attach(self, page: Page, request: Request) -> None:
        """``playwright_page_init_callback``: listen to the page before it navigates."""
        self._reset()
        self.request = request
        page.on("response", self._on_response)
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_request_done)
        page.on("requestfailed", self._on_request_done)
        try:
            self._tap = _NetworkTap(await page.context.new_cdp_session(page))
            await self._tap.start()
        except PlaywrightError:
            self._tap = None  # not Chromium: Playwright's view will do (bodies charset-decoded)

    def _on_response(self, response: PlaywrightResponse) -> None:
        self._responses.append((response, warc_date()))

    def _on_request(self, request: PlaywrightRequest) -> None:
        self._in_flight.add(request)

    def _on_request_done(self, request: PlaywrightRequest) -> None:
        self._in_flight.discard(request)

    async def settle(self, page: Page) -> None:
        """``PageMethod``: let the page finish, turn script pagers, then archive what it loaded."""
        await self._quiet()
        if self.max_pager_clicks:
            await self._turn_pages(page)
        exchanges = await self._exchanges(page)
        signals = self.crawler.signals
        for exchange in exchanges:
            signals.send_catch_log(browser_exchange, request=self.request, exchange=exchange)
        dom = await page.content()
        signals.send_catch_log(
            browser_resource,
            request=self.request,
            uri=f"urn:dom:{page.url}",
            content_type="text/html; charset=utf-8",
            block=dom.encode("utf-8"),
        )
        if self.screenshot:
            try:
                png = await page.screenshot(
                    full_page=True, type="png", timeout=self.settle_timeout_ms
                )
            except PlaywrightError as exc:
                logger.warning("no screenshot of %s: %s", page.url, exc.message)
                self.crawler.stats.inc_value("browser/screenshot_failed")
            else:
                signals.send_catch_log(
                    browser_resource,
                    request=self.request,
                    uri=f"urn:screenshot:{page.url}",
                    content_type="image/png",
                    block=png,
                )
        self._responses = []
        if self._tap is not None:
            await self._tap.close()
            self._tap = None

    # --- steps --------------------------------------------------------------------------------

    async def _quiet(self) -> None:
        """Wait until no request of the page has been in flight for QUIET_SECONDS (requests
        held back by pacing count as in flight); a page that never settles is taken as it is.

        Playwright's ``networkidle`` fires once per navigation, so it cannot tell when the
        requests a click started are done.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settle_timeout_ms / 1000
        await asyncio.sleep(_POLL)  # let a click's handlers start their requests
        quiet_since = loop.time()
        while loop.time() < deadline:
            if self._in_flight:
                quiet_since = loop.time()
            elif loop.time() - quiet_since >= QUIET_SECONDS:
                return
            await asyncio.sleep(_POLL)
        self.crawler.stats.inc_value("browser/settle_timeout")

    async def _turn_pages(self, page: Page) -> None:
        """Click "next page" / "load more" / page-number controls that have no real address,
        keeping each resulting DOM for discovery. A control that loads another address
        (``goPage(3)`` → ``list_3.html``) is followed too: the new page is turned in its turn.
        Stops when the DOM stops changing or after BROWSER_MAX_PAGER_CLICKS clicks."""
        url = page.url
        before = await page.content()
        clicked: list[int] = []
        for _ in range(self.max_pager_clicks):
            handle = await page.evaluate_handle(_FIND_PAGER, clicked)
            element = handle.as_element()
            if element is None:
                return
            number = await element.get_attribute("data-nianbao-page")
            try:
                await element.click(timeout=self.settle_timeout_ms)
            except PlaywrightError:
                return
            await self._quiet()
            try:
                after = await page.content()
            except PlaywrightError:
                return
            if page.url != url:  # a script pager that loads the next list page's address
                url = page.url
                clicked = []
                self.crawler.stats.inc_value("browser/pager_navigations")
            elif number:
                clicked.append(int(number))
            if after == before:
                return
            self.pager_doms.append(after)
            self.crawler.stats.inc_value("browser/pager_clicks")
            before = after

    async def _body(self, response: PlaywrightResponse, hop: _Hop | None) -> bytes | None:
        """The body as received (content coding removed), or None when it was not captured.

        Never ``response.body()`` under Chromium: it hands text re-encoded as UTF-8 (a GBK page
        would not be what the server sent), and for a body the browser no longer holds (a
        script it refused) Playwright fetches the resource again, outside every politeness rule.
        """
        if self._tap is None:
            self.crawler.stats.inc_value("browser/bodies_from_playwright")
            try:
                return await response.body()
            except PlaywrightError:
                return None
        return hop.body if hop is not None else None

    async def _exchanges(self, page: Page) -> list[BrowserExchange]:
        exchanges = []
        final_url = page.url
        if self._tap is not None:
            await self._tap.drain()
        for response, date in self._responses:
            try:
                exchange = await self._exchange(response, date, page, final_url)
            except PlaywrightError as exc:
                logger.debug("exchange of %s not captured: %s", response.url, exc.message)
                exchange = None
            if exchange is None:
                self.crawler.stats.inc_value("browser/exchange_lost")
                continue
            exchanges.append(exchange)
        return exchanges

    async def _exchange(
        self, response: PlaywrightResponse, date: str, page: Page, final_url: str
    ) -> BrowserExchange | None:
        request = response.request
        url = response.url
        if not url.startswith(("http://", "https://")):
            return None
        redirect = 300 <= response.status < 400
        hop = self._tap.take(request.method, url) if self._tap is not None else None
        body = b"" if redirect else await self._body(response, hop)
        if body is None:
            return None
        status_line = (hop.status_line if hop else None) or (
            f"HTTP/1.1 {response.status} {response.status_text}".strip().encode(
                "latin-1", "replace"
            )
        )
        response_headers = hop.response_headers if hop and hop.response_headers else None
        if response_headers is None:
            response_headers = [
                (_to_bytes(h["name"]), _to_bytes(h["value"]))
                for h in await response.headers_array()
            ]
        request_headers = hop.request_headers if hop and hop.request_headers else None
        if request_headers is None:
            request_headers = [
                (_to_bytes(h["name"]), _to_bytes(h["value"])) for h in await request.headers_array()
            ]
        is_document = (
            request.is_navigation_request()
            and response.frame.parent_frame is None
            and url == final_url
            and not redirect
        )
        exchange = BrowserExchange(
            url=url,
            method=request.method,
            request_headers=request_headers,
            request_body=request.post_data_buffer or b"",
            status_line=status_line,
            response_headers=response_headers,
            body=body,
            resource_type=request.resource_type,
            document=is_document,
            date=date,
        )
        if request.resource_type in LIST_ANSWER_TYPES and response.status == 200 and body:
            content_type = (await response.header_value("content-type")) or ""
            self.list_answers.append(
                ListAnswer(request.method, url, exchange.request_body, content_type, body)
            )
        return exchange
