"""Lists a portal builds with JavaScript: the first records a Hanweb page carries itself (data
islands), known CMS list APIs read directly, else the column page rendered in a browser
(``render = "auto"``), and the rest of that column sent there too.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from w3lib.url import canonicalize_url

from crawler.browser import browser_meta
from crawler.registry import Portal
from spiders.discovery import Link, column_dir, extract_links, links_from_items
from spiders.list_api_answers import DataIsland, hanweb_islands, parse_list_api_response
from spiders.list_apis import (
    ListApiCall,
    list_api_call_from_request,
    list_api_calls,
    next_list_api_calls,
)
from spiders.render import needs_browser
from spiders.request_roles import PRIORITY

# Logged under the spider's name, as before the split: one logger for what the spider decides.
logger = logging.getLogger("spiders.annual_reports")

# A call completing a list the page already showed in part is sent after everything else waiting:
# the reports it listed are fetched first, so a refused call (a challenge pausing the host, errors
# opening the circuit breaker) cannot hold them back.
AFTER_INLINE_PRIORITY = min(PRIORITY.values()) - 1


class JavaScriptListsMixin:
    """The JavaScript-list methods of :class:`spiders.annual_reports.AnnualReportsSpider`, which
    provides the portals, budgets, counters and ``_follow``."""

    crawler: Crawler
    portals: dict[str, Portal]
    pages_scheduled: Counter[str]
    browser_columns: set[tuple[str, str]]
    browser_pages: set[tuple[str, str]]
    app_fragments: dict[tuple[str, str], set[str]]
    list_api_discovery: bool
    max_list_pages: int
    refused_list_apis: set[tuple[str, str]]
    _within_budget: Callable[[Portal], bool]
    _follow: Callable[..., Iterator[Request]]
    on_error: Callable[[Any], None]

    def _remember_fragment(self, portal: Portal, key: str, fragment: str) -> bool:
        """Note an app-state fragment a link gave page ``key``; True when the page is known to
        need the browser, so that view of it should be rendered now."""
        known = self.app_fragments.setdefault((portal.id, key), set())
        if fragment in known:
            return False
        known.add(fragment)
        return (portal.id, key) in self.browser_pages

    def _browser_request(
        self,
        portal: Portal,
        url: str,
        fragment: str,
        role: str,
        link_text: str,
        referer: str | None,
        reason: str = "app-state-fragment",
    ) -> Request | None:
        """Render ``url#fragment``: the fragment tells the page's script what to show (a
        catalog, a route), so each fragment is its own view of one document."""
        if not self._within_budget(portal):
            return None
        self.pages_scheduled[portal.id] += 1
        self.crawler.stats.inc_value("render/app_fragments")
        meta: dict[str, Any] = {"portal": portal.id, "role": role, "link_text": link_text}
        if portal.download_delay is not None:
            meta["download_delay"] = portal.download_delay
        meta.update(browser_meta(reason))
        return Request(
            f"{url}#{fragment}",
            callback=self.parse_page,
            errback=self.on_error,
            meta=meta,
            headers={"Referer": referer} if referer else None,
            priority=PRIORITY.get(role, PRIORITY["column"]),
            dont_filter=True,  # the fingerprint ignores fragments: #2412 and #2413 are one URL
        )

    def _render_in_browser(self, portal: Portal, url: str, role: str) -> bool:
        if portal.render == "always":
            return role != "attachment"
        if portal.render == "auto" and role in ("column", "section", "home"):
            return (portal.id, column_dir(url)) in self.browser_columns
        return False

    def _javascript_lists(
        self, portal: Portal, response: TextResponse, role: str, as_column: bool
    ) -> Iterator[Request]:
        """Lists a page builds in the browser: read the records it carries itself and its list
        APIs, or render it."""
        capture = response.meta.get("browser_capture")
        # A data island is in the HTML, and only list pages carry one (a column named like a
        # report, "政府信息公开年度报告", comes here as a "report"): read it whatever the page's
        # role and the render mode, before any request.
        islands = hanweb_islands(response.text, response.url)
        yield from self._island_lists(portal, response, islands)
        listing = as_column or role in ("home", "section", "column") or bool(islands)
        if capture is not None:
            yield from self._rendered_lists(portal, response, capture)
            return
        if portal.render != "auto" or not listing:
            return
        calls = (
            list_api_calls(response.text, response.url, islands, self.max_list_pages)
            if self.list_api_discovery
            else []
        )
        for call in calls:
            self.crawler.stats.inc_value(f"render/list_api/{call.kind}")
            request = self._api_request(portal, call, response.url)
            if request is not None:
                yield request
        if calls or (islands and self.list_api_discovery):
            return
        reason = needs_browser(response.text)
        if reason is None:
            return
        self.crawler.stats.inc_value(f"render/browser/{reason}")
        logger.info("portal %s: %s needs a browser (%s)", portal.id, response.url, reason)
        self.browser_columns.add((portal.id, column_dir(response.url)))
        key = canonicalize_url(response.url)
        self.browser_pages.add((portal.id, key))
        if self._within_budget(portal):
            self.pages_scheduled[portal.id] += 1  # a second fetch of a page already counted
            kept = ("portal", "role", "link_text", "download_delay", "depth")
            meta = {k: v for k, v in response.meta.items() if k in kept}
            meta.update(browser_meta(reason))
            yield response.request.replace(dont_filter=True, meta=meta)
        # the views links asked for with an app-state fragment (a catalog id, a route)
        for fragment in sorted(self.app_fragments.get((portal.id, key), ())):
            request = self._browser_request(
                portal, key, fragment, role, response.meta.get("link_text", ""), response.url
            )
            if request is not None:
                yield request

    def _island_lists(
        self, portal: Portal, response: TextResponse, islands: list[DataIsland]
    ) -> Iterator[Request]:
        """The items of the page's data islands, as column items."""
        for island in islands:
            self.crawler.stats.inc_value("render/inline_lists")
            self.crawler.stats.inc_value("render/inline_list_items", len(island.links))
            yield from self._follow(
                portal, response, _item_links(island.links, response.url), as_column=True
            )

    def _rendered_lists(self, portal: Portal, response: TextResponse, capture) -> Iterator[Request]:
        """Links in the list answers a rendered page received and in the DOMs its pager showed;
        a known list API among them is paged on without the browser."""
        for dom in capture.pager_doms:
            links = extract_links(Selector(text=dom, type="html"), response.url)
            yield from self._follow(portal, response, links, as_column=True, role="column")
        for answer in capture.list_answers:
            pairs = parse_list_api_response(answer.body, answer.content_type, answer.url)
            if not pairs:
                continue
            self.crawler.stats.inc_value("render/browser_list_answers")
            yield from self._follow(
                portal, response, _item_links(pairs, answer.url), as_column=True
            )
            call = list_api_call_from_request(answer.method, answer.url, answer.request_body)
            if call is None or not self.list_api_discovery:
                continue
            for following in next_list_api_calls(
                call, answer.body, answer.content_type, self.max_list_pages
            ):
                request = self._api_request(portal, following, response.url)
                if request is not None:
                    yield request

    def _api_request(self, portal: Portal, call: ListApiCall, referer: str) -> Request | None:
        if (
            not portal.covers(call.url)
            or (portal.id, _endpoint(call.url)) in self.refused_list_apis
        ):
            return None
        if not self._within_budget(portal):
            return None
        self.pages_scheduled[portal.id] += 1
        meta: dict[str, Any] = {
            "portal": portal.id,
            "role": "list_api",
            "list_api_call": asdict(call),  # plain data: the request is stored in the frontier
        }
        if portal.download_delay is not None:
            meta["download_delay"] = portal.download_delay
        return Request(
            call.url,
            method=call.method,
            body=call.body,
            headers={**call.headers, "Referer": referer},
            callback=self.parse_list_api,
            errback=self.on_list_api_error,
            meta=meta,
            priority=AFTER_INLINE_PRIORITY if call.after_inline else PRIORITY["column"],
        )

    def on_list_api_error(self, failure) -> None:
        """A list API refused (robots.txt, a challenge, an error after its retries): counted and
        logged once per endpoint, and asked no more in this crawl; what pages show is kept."""
        self.on_error(failure)
        request = failure.request
        key = (request.meta.get("portal", ""), _endpoint(request.url))
        if key in self.refused_list_apis:
            return
        self.refused_list_apis.add(key)
        self.crawler.stats.inc_value("render/list_api_refused")
        logger.warning(
            "portal %s: list API %s refused (%s); not asking it again, keeping what pages list",
            key[0],
            key[1],
            failure.getErrorMessage() or failure.type.__name__,
        )

    def parse_list_api(self, response: Response) -> Iterator[Request]:
        """A list API answer read without a browser: follow its items, then its further pages."""
        portal = self.portals[response.meta["portal"]]
        call = ListApiCall(**response.meta["list_api_call"])
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        pairs = parse_list_api_response(response.body, content_type, response.url)
        self.crawler.stats.inc_value("render/list_api_items", len(pairs))
        yield from self._follow(portal, response, _item_links(pairs, response.url), as_column=True)
        for following in next_list_api_calls(
            call, response.body, content_type, self.max_list_pages
        ):
            referer = response.request.headers.get(b"Referer", b"").decode("latin-1")
            request = self._api_request(portal, following, referer or response.url)
            if request is not None:
                yield request


def _endpoint(url: str) -> str:
    """A list API as one thing that answers or refuses: its address without the query."""
    return url.split("?", 1)[0]


def _item_links(pairs: list[tuple[str, str]], base_url: str) -> list[Link]:
    """List-API items as links with discovery's roles; an item of no particular kind is an
    article of the list (``detail``)."""
    links = links_from_items(pairs, base_url)
    return [Link(x.url, x.text, "detail" if x.role == "other" else x.role) for x in links]
