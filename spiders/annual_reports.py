"""The ``annual_reports`` spider: walks registry portals and emits one item per annual report.

Usage: ``scrapy crawl annual_reports -a portals=FILE [-a portal=ID] -s OUTPUT_DIR=DIR``.
Discovery is generic (see :mod:`spiders.discovery`): the open-information section, the report
columns, their pages and year sub-columns, then every candidate page is judged by
:mod:`spiders.classify`. Report items leave here with the decoded page; the pipelines extract
metadata, text and tables.

Portals whose lists are built by JavaScript (see :mod:`spiders.render` and docs/javascript.md):
known CMS list APIs are read directly; otherwise, under ``render = "auto"``, a column page that
needs it is fetched again in the browser, and the rest of that column goes there straight away.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import canonicalize_url

from archive.signals import page_parsed
from crawler.browser import browser_meta
from crawler.registry import Portal, RegistryError, load_registry, registry_digest
from crawler.state import crawl_state_for
from crawler.state.frontier import Frontier
from pipelines.item_log import items_per_portal
from pipelines.page.page import Page
from spiders.article_pages import first_page_of
from spiders.classify import Verdict, classify_report_page, looks_like_report_title
from spiders.discovery import (
    Link,
    canonical_url,
    column_dir,
    count_report_links,
    extract_links,
    looks_like_column_title,
    looks_like_trap,
    numbered_page_urls,
    trs_page_urls,
)
from spiders.javascript_lists import JavaScriptListsMixin
from spiders.page_text import page_text, page_titles
from spiders.report_parts import ReportPartsMixin
from spiders.request_roles import PRIORITY, follow_role

logger = logging.getLogger(__name__)


class AnnualReportsSpider(ReportPartsMixin, JavaScriptListsMixin, Spider):
    name = "annual_reports"

    def __init__(self, portals: str | None = None, portal: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if not portals:
            raise UsageError("give the portal registry: -a portals=FILE", print_help=False)
        try:
            registry = load_registry(portals)
        except RegistryError as exc:
            raise UsageError(f"bad portal registry: {exc}", print_help=False) from None
        if portal:
            registry = [p for p in registry if p.id == portal]
            if not registry:
                raise UsageError(f"no portal with id {portal!r} in {portals}", print_help=False)
        self.portals: dict[str, Portal] = {p.id: p for p in registry}
        self.registry_path = portals
        self.registry_digest = registry_digest(portals)
        self.allowed_domains = sorted({d for p in registry for d in p.allowed_domains})
        self._init_counters()

    def _init_counters(self) -> None:
        self.pages_scheduled: Counter[str] = Counter()
        self.reports_found: Counter[str] = Counter()
        self.portal_started: dict[str, float] = {}
        # links of each portal's home page: navigation and footer repeated on every page
        self.chrome_links: dict[str, set[str]] = {}
        # (portal id, column directory) whose pages go straight to the browser (render = "auto")
        self.browser_columns: set[tuple[str, str]] = set()
        # pages found to need the browser, and the app-state fragments links gave each page
        self.browser_pages: set[tuple[str, str]] = set()
        self.app_fragments: dict[tuple[str, str], set[str]] = {}
        # (portal id, list API address) that refused a call: asked no more in this crawl
        self.refused_list_apis: set[tuple[str, str]] = set()
        self.seen_urls: dict[str, set[str]] = {}
        # WARC record futures of report parts waiting for the rest of their report
        self.part_futures: OrderedDict[str, Future] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> AnnualReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages_default = settings.getint("PORTAL_MAX_PAGES")
        spider.max_seconds_default = settings.getfloat("PORTAL_MAX_SECONDS")
        spider.max_list_pages = settings.getint("MAX_LIST_PAGES")
        spider.fetch_attachments = settings.getbool("FETCH_ATTACHMENTS")
        spider.list_api_discovery = settings.getbool("LIST_API_DISCOVERY", True)
        state = crawl_state_for(crawler)
        if state.resumed:  # budgets and counters go on from where the crawl was stopped
            spider._resume_counters(Frontier(state.db, state.crawl_id).seen_urls())
            spider.reports_found.update(items_per_portal(state.db, state.crawl_id))
        return spider

    def _resume_counters(self, seen: Iterable[tuple[str, str]]) -> None:
        for portal_id, url in seen:
            self.seen_urls.setdefault(portal_id, set()).add(canonicalize_url(url))
            self.pages_scheduled[portal_id] += 1

    # --- requests -----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for portal in self.portals.values():
            self.portal_started[portal.id] = time.monotonic()
            for url in portal.start_urls:
                request = self._request(portal, url, "home", link_text="", referer=None)
                if request is not None:
                    yield request

    def page_budget(self, portal_id: str) -> int:
        """Pages the portal may schedule; a distributed crawl's scheduler holds all workers to
        it with a shared count (crawler.distributed)."""
        return self.portals[portal_id].max_pages or self.max_pages_default

    def _within_budget(self, portal: Portal) -> bool:
        max_pages = self.page_budget(portal.id)
        if self.pages_scheduled[portal.id] >= max_pages:
            self.crawler.stats.inc_value(f"budget/pages_exhausted/{portal.id}")
            return False
        max_seconds = portal.max_seconds or self.max_seconds_default
        elapsed = time.monotonic() - self.portal_started.get(portal.id, time.monotonic())
        if elapsed > max_seconds:
            self.crawler.stats.inc_value(f"budget/time_exhausted/{portal.id}")
            return False
        return True

    def _request(
        self,
        portal: Portal,
        url: str,
        role: str,
        link_text: str,
        referer: str | None,
        fragment: str = "",
    ) -> Request | None:
        url = canonical_url(url)
        if not portal.covers(url):
            self.crawler.stats.inc_value("discovery/offsite")
            return None
        if role not in ("attachment", "report") and looks_like_trap(url):
            self.crawler.stats.inc_value("discovery/trap_skipped")
            return None
        key = canonicalize_url(url)
        seen = self.seen_urls.setdefault(portal.id, set())
        if fragment and self._remember_fragment(portal, key, fragment):
            return self._browser_request(portal, url, fragment, role, link_text, referer)
        if key in seen:
            return None  # counted once against the budget; Scrapy's dupefilter agrees
        if not self._within_budget(portal):
            return None
        seen.add(key)
        self.pages_scheduled[portal.id] += 1
        callback = self.parse_attachment if role == "attachment" else self.parse_page
        meta = {"portal": portal.id, "role": role, "link_text": link_text}
        if portal.download_delay is not None:
            meta["download_delay"] = portal.download_delay
        if self._render_in_browser(portal, url, role):
            reason = "always" if portal.render == "always" else "column-needs-browser"
            meta.update(browser_meta(reason))
        headers = {"Referer": referer} if referer else None
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            headers=headers,
            priority=PRIORITY[role],
        )

    # --- responses ----------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        portal = self.portals[response.meta["portal"]]
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("discovery/non_text_page")
            return
        role = response.meta.get("role", "other")
        link_text = response.meta.get("link_text", "")
        page = Page(response.text, response.url)  # parsed once: classifier, links, pipelines
        selector = Selector(root=page.tree, type="html")
        links = extract_links(selector, response.url)
        titles = page_titles(selector)
        attachment_links = sum(1 for link in links if link.role == "attachment")
        verdict = classify_report_page(
            titles, response.url, page_text(selector), link_text, attachment_links
        )
        self.crawler.signals.send_catch_log(
            page_parsed,
            response=response,
            outlinks=[link.url for link in links],
            portal=portal.id,
            portal_name=portal.name,
            portal_region=portal.region,
            role=role,
            link_text=link_text,
            via=response.request.headers.get("Referer", b"").decode("latin-1")
            if response.request
            else "",
            classifier=f"{verdict.is_report} {verdict.score} {' '.join(verdict.reasons)}",
        )
        if verdict.is_report and first_page_of(response.url, links):
            # a further page of a split article, reached by a link of its own: its report is
            # emitted from the first page, with this page's text and tables in it
            self.crawler.stats.inc_value("reports/continuation_pages_skipped")
            return
        if verdict.is_report:
            yield from self._report(response, page, portal, links, verdict, titles)
            follow = [link for link in links if link.role == "report"]
            yield from self._follow(portal, response, follow, as_column=False)
            return
        if role == "home":
            self.chrome_links.setdefault(portal.id, set()).update(link.url for link in links)
        as_column = (
            role == "column"
            or count_report_links(links) >= 2
            or any(
                looks_like_column_title(t) and not looks_like_report_title(t) for t in titles[:2]
            )
        )
        # first: a column found to need the browser sends its own further pages there too
        yield from self._javascript_lists(portal, response, role, as_column)
        yield from self._follow(portal, response, links, as_column=as_column, role=role)
        if as_column:
            pages = trs_page_urls(response.text, response.url, self.max_list_pages)
            pages += numbered_page_urls(response.url, links, self.max_list_pages)
            for url in dict.fromkeys(pages):
                request = self._request(portal, url, "column", "", response.url)
                if request is not None:
                    yield request

    def _follow(
        self,
        portal: Portal,
        response: Response,
        links: list[Link],
        as_column: bool,
        role: str = "report",
    ) -> Iterator[Request]:
        chrome = self.chrome_links.get(portal.id, set())
        directory = column_dir(response.url)
        for link in links:
            target_role = follow_role(link, as_column, role)
            if target_role is None:
                continue
            if (
                link.role == "other"
                and target_role == "detail"
                and (link.url in chrome or not urlsplit(link.url).path.startswith(directory))
            ):
                continue  # page furniture repeated from the home page, or outside the column
            if target_role == "attachment" and not self.fetch_attachments:
                continue
            request = self._request(
                portal, link.url, target_role, link.text, response.url, link.fragment
            )
            if request is not None:
                yield request

    def _report(
        self,
        response: TextResponse,
        page: Page,
        portal: Portal,
        links: list[Link],
        verdict: Verdict,
        titles: list[str],
    ) -> Iterator[Any]:
        item = {
            "url": response.url,
            "portal": portal.id,
            "portal_name": portal.name,
            "portal_region": portal.region,
            "link_text": response.meta.get("link_text", ""),
            "title_candidates": titles,
            "page": page,
            "status": response.status,
            "fetched": response.meta.get("warc_date")
            or datetime.now(UTC).isoformat(timespec="microseconds"),
            "encoding_evidence": response.meta.get("encoding_evidence")
            or {"encoding": response.encoding, "rule": "scrapy"},
            "attachments": [],
            "classifier": {"score": verdict.score, "reasons": list(verdict.reasons)},
            "warc": response.meta.get("warc"),  # set when replayed from an archive
            "warc_future": response.meta.get("warc_future"),  # set during a live crawl
        }
        page.release_tree()  # links, titles and verdict are read: the report may clean it in place
        # further pages and attachments first, when it has them (spiders.report_parts)
        yield from self._assemble(response, portal, item, links)

    def on_error(self, failure) -> None:
        """Count every failed request; log real failures, not decisions to skip one."""
        request = failure.request
        name = failure.type.__name__
        self.crawler.stats.inc_value(f"errors/{name}")
        if request.meta.get("role") == "home":  # the portal could not even be entered
            self.crawler.stats.inc_value(f"portals/failed/{request.meta.get('portal')}")
        if failure.check(HttpError):
            status = failure.value.response.status
            logger.info("HTTP %d for %s", status, request.url)
        elif failure.check(IgnoreRequest):
            # robots.txt, a given-up host, a challenge: the middleware that decided logged why
            logger.debug("skipped %s: %s", request.url, failure.getErrorMessage())
        else:
            logger.warning("failed %s: %s", request.url, failure.getErrorMessage() or name)

    def closed(self, reason: str) -> None:
        for portal_id in self.portals:
            logger.info(
                "portal %s: %d reports, %d pages scheduled",
                portal_id,
                self.reports_found[portal_id],
                self.pages_scheduled[portal_id],
            )
