"""What one rendered page loaded, handed to the archive: every network exchange with its raw heads,
the rendered DOM and a screenshot. Made by the download handler for one download; the spider
gets it with a 2xx response (``meta["browser_capture"]``).

:meth:`PageCapture.attach` runs before the page navigates (from the handler's
``playwright_page_init_callback``), :meth:`PageCapture.settle` once it has loaded (a
``PageMethod``); settle waits for the network to go quiet, turns script-driven pages, then sends
the ``browser_exchange`` and ``browser_resource`` signals. Raw heads come from Chromium's
DevTools protocol (header order, reason phrase, ``Content-Encoding``, the headers the network
stack added); Playwright's own view is the fallback. A body over DOWNLOAD_MAXSIZE is cut there,
like a plain fetch's: the page never gets it, the archive keeps its first bytes
(``WARC-Truncated: length``). A render that fails still archives what the page had loaded
(:meth:`PageCapture.archive_loaded`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
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
class _Cut:
    """A response the tap cut at the size cap and failed: the page never got it."""

    request_id: str
    hop: _Hop
    resource_type: str
    request_body: bytes
    date: str


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
    stack added, the response head text); ``Fetch`` pauses every response once its head has
    arrived, reads the body exactly as received (content coding removed, charset untouched) and
    continues it unchanged, or, over ``max_size`` bytes (0: no cap), keeps the first ``max_size``
    and fails it. Everything is kept per request id, one entry per redirect hop.
    """

    def __init__(
        self,
        session: Any,
        max_size: int = 0,
        on_cut: Callable[[_Cut], None] | None = None,
    ) -> None:
        self.session = session
        self.max_size = max_size
        self.on_cut = on_cut
        self.hops: dict[str, list[_Hop]] = defaultdict(list)
        self.sent_headers: dict[str, list[dict]] = defaultdict(list)
        self.received: dict[str, list[dict]] = defaultdict(list)
        self.bodies: dict[str, list[bytes | None]] = defaultdict(list)
        self.cuts: list[_Cut] = []
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
        if status is None:  # paused before it was sent (not asked for): let it go
            with contextlib.suppress(PlaywrightError):
                await self.session.send("Fetch.continueRequest", {"requestId": paused_id})
            return
        request_id = event.get("networkId") or paused_id
        body, cut = None, False
        try:
            if not 300 <= status < 400:
                body, cut = await self._read_body(paused_id, event)
        except PlaywrightError:
            body, cut = None, False
        if cut and body is not None:
            self._cut(request_id, event, body)
            method, params = "Fetch.failRequest", {"errorReason": "BlockedByClient"}
        else:
            self.bodies[request_id].append(body)
            method, params = "Fetch.continueResponse", {}
        with contextlib.suppress(PlaywrightError):
            await self.session.send(method, {"requestId": paused_id, **params})

    async def _read_body(self, paused_id: str, event: dict) -> tuple[bytes, bool]:
        """The body, and whether it was cut at ``max_size``. A body declared too long is read
        only that far; one found too long once decoded (chunked, compressed) is cut after."""
        if self.max_size and _declared_length(event) > self.max_size:
            return await self._read_first_bytes(paused_id), True
        answer = await self.session.send("Fetch.getResponseBody", {"requestId": paused_id})
        text = answer.get("body") or ""
        body = base64.b64decode(text) if answer.get("base64Encoded") else text.encode()
        if self.max_size and len(body) > self.max_size:
            return body[: self.max_size], True
        return body, False

    async def _read_first_bytes(self, paused_id: str) -> bytes:
        stream = await self.session.send("Fetch.takeResponseBodyAsStream", {"requestId": paused_id})
        handle = stream["stream"]
        body = b""
        try:
            while len(body) < self.max_size:
                chunk = await self.session.send(
                    "IO.read", {"handle": handle, "size": self.max_size - len(body)}
                )
                data = chunk.get("data") or ""
                body += base64.b64decode(data) if chunk.get("base64Encoded") else data.encode()
                if chunk.get("eof"):
                    break
        finally:
            with contextlib.suppress(PlaywrightError):
                await self.session.send("IO.close", {"handle": handle})
        return body[: self.max_size]

    def _cut(self, request_id: str, event: dict, body: bytes) -> None:
        request = event.get("request") or {}
        hops = self.hops.get(request_id) or []
        hop = hops[-1] if hops else _Hop(request_id, request.get("method", ""), request["url"])
        self.used.add(id(hop))
        hop.body = body
        if hop.status_line is None:  # the head as Fetch saw it, should the wire's be missing
            reason = event.get("responseStatusText") or ""
            hop.status_line = _to_bytes(f"HTTP/1.1 {event['responseStatusCode']} {reason}".strip())
            hop.response_headers = [
                (_to_bytes(h["name"]), _to_bytes(h["value"]))
                for h in event.get("responseHeaders") or ()
            ]
            hop.request_headers = [
                (_to_bytes(k), _to_bytes(v)) for k, v in (request.get("headers") or {}).items()
            ]
        cut = _Cut(
            request_id,
            hop,
            (event.get("resourceType") or "other").lower(),
            _post_data(request),
            warc_date(),
        )
        self.cuts.append(cut)
        if self.on_cut is not None:
            self.on_cut(cut)

    async def drain(self, timeout: float) -> None:
        """Wait for bodies still being read, at most ``timeout`` seconds (a body that never
        ends is not archived)."""
        if self._pending:
            await asyncio.wait(list(self._pending), timeout=timeout)

    def _fill(self, hop: _Hop, request_id: str, index: int) -> None:
        """The wire heads and the body of hop ``index`` of ``request_id``, where known."""
        sent = self.sent_headers.get(request_id, [])
        if index < len(sent):
            hop.request_headers = [(_to_bytes(k), _to_bytes(v)) for k, v in sent[index].items()]
        received = self.received.get(request_id, [])
        if index < len(received) and received[index].get("headersText"):
            hop.status_line, hop.response_headers = _parse_head_text(received[index]["headersText"])
        bodies = self.bodies.get(request_id, [])
        if index < len(bodies):
            hop.body = bodies[index]

    def take(self, method: str, url: str) -> _Hop | None:
        """The first unclaimed hop for (method, url), with its raw heads and body filled in."""
        for request_id, hops in self.hops.items():
            for index, hop in enumerate(hops):
                if id(hop) in self.used or hop.method != method or hop.url != url:
                    continue
                self.used.add(id(hop))
                self._fill(hop, request_id, index)
                return hop
        return None

    def take_cuts(self) -> list[_Cut]:
        """The responses cut so far, with their wire heads filled in (the body is the cut)."""
        cuts, self.cuts = self.cuts, []
        for cut in cuts:
            hops = self.hops.get(cut.request_id) or []
            if cut.hop in hops:
                body = cut.hop.body
                self._fill(cut.hop, cut.request_id, hops.index(cut.hop))
                cut.hop.body = body
        return cuts

    async def close(self) -> None:
        with contextlib.suppress(PlaywrightError):
            await self.session.detach()


def _declared_length(event: dict) -> int:
    """The Content-Length of a paused response, or -1 when it has none."""
    for header in event.get("responseHeaders") or ():
        if header.get("name", "").lower() == "content-length":
            with contextlib.suppress(ValueError):
                return int(header.get("value", "").strip())
    return -1


def _post_data(request: dict) -> bytes:
    """The body of a request as DevTools reports it."""
    entries = request.get("postDataEntries") or ()
    if entries:
        return b"".join(base64.b64decode(e.get("bytes") or "") for e in entries)
    return (request.get("postData") or "").encode("utf-8")


class PageCapture:
    """Per-request capture of a rendered page (see the module docstring)."""

    def __init__(
        self,
        crawler: Crawler,
        settle_timeout: float = 15.0,
        screenshot: bool = True,
        max_pager_clicks: int = 10,
        max_size: int = 0,
    ) -> None:
        self.crawler = crawler
        self.settle_timeout_ms = settle_timeout * 1000
        self.screenshot = screenshot
        self.max_pager_clicks = max_pager_clicks
        self.max_size = max_size  # DOWNLOAD_MAXSIZE for every response of the page (0: none)
        self._reset()

    def _reset(self) -> None:
        self.request: Request | None = None
        self._responses: list[tuple[PlaywrightResponse, str]] = []
        self._in_flight: set[Any] = set()
        self._tap: _NetworkTap | None = None
        self._cut_documents: list[str] = []
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
            session = await page.context.new_cdp_session(page)
            self._tap = _NetworkTap(session, self.max_size, self._on_cut)
            await self._tap.start()
        except PlaywrightError:
            # not Chromium: Playwright's view will do (bodies charset-decoded, no size cap)
            self._tap = None

    def _on_cut(self, cut: _Cut) -> None:
        """A response over the cap: logged and counted like a plain fetch cut there."""
        if cut.resource_type == "document":
            self._cut_documents.append(cut.hop.url)
        self.crawler.stats.inc_value("download/truncated/length")
        logger.warning(
            "kept the first %d bytes of %s (%s, fetched by the browser): its body exceeds "
            "DOWNLOAD_MAXSIZE (%d); archived as WARC-Truncated: length",
            len(cut.hop.body or b""),
            cut.hop.url,
            cut.resource_type,
            self.max_size,
        )

    def cut_document(self) -> str | None:
        """The address of a document the page loaded that was cut at the size cap, if any: a
        rendered page cut there is not parsed, like a plain one."""
        return self._cut_documents[0] if self._cut_documents else None

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
        await self._archive_exchanges(page, rendered=True)
        signals = self.crawler.signals
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
        await self._close_tap()

    async def archive_loaded(self, page: Page) -> None:
        """Archive what a page whose render failed (a timeout, a document cut at the size cap)
        had loaded: its exchanges, none of them the rendered document, no DOM or screenshot."""
        await self._archive_exchanges(page, rendered=False)
        await self._close_tap()

    async def _archive_exchanges(self, page: Page, rendered: bool) -> None:
        signals = self.crawler.signals
        for exchange, truncated in await self._exchanges(page, rendered):
            signals.send_catch_log(
                browser_exchange, request=self.request, exchange=exchange, truncated=truncated
            )

    async def _close_tap(self) -> None:
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

    async def _exchanges(
        self, page: Page, rendered: bool
    ) -> list[tuple[BrowserExchange, str | None]]:
        """Every exchange the page loaded, with its ``WARC-Truncated`` reason (or None); the
        rendered document is marked only when ``rendered``. A failed render waits only briefly
        for bodies still arriving: the one that hung it may never end."""
        exchanges: list[tuple[BrowserExchange, str | None]] = []
        final_url = page.url if rendered else ""
        if self._tap is not None:
            await self._tap.drain(self.settle_timeout_ms / 1000 if rendered else QUIET_SECONDS)
        responses, self._responses = self._responses, []
        for response, date in responses:
            try:
                exchange = await self._exchange(response, date, page, final_url)
            except PlaywrightError as exc:
                logger.debug("exchange of %s not captured: %s", response.url, exc.message)
                exchange = None
            if exchange is None:
                self.crawler.stats.inc_value("browser/exchange_lost")
                continue
            exchanges.append((exchange, None))
        for cut in self._tap.take_cuts() if self._tap is not None else ():
            exchanges.append((_cut_exchange(cut), "length"))
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


def _cut_exchange(cut: _Cut) -> BrowserExchange:
    """The exchange of a response cut at the size cap: its heads, its first bytes."""
    hop = cut.hop
    return BrowserExchange(
        url=hop.url,
        method=hop.method,
        request_headers=hop.request_headers or [],
        request_body=cut.request_body,
        status_line=hop.status_line or b"HTTP/1.1 200",
        response_headers=hop.response_headers or [],
        body=hop.body or b"",
        resource_type=cut.resource_type,
        date=cut.date,
    )
