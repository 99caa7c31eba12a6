"""What changed since earlier crawls: every report item says ``new``, ``changed`` (and in what),
``unchanged`` or ``gone``, judged by what the report says, not by the page's bytes.

* :func:`content_fingerprint` (pure): hashes of the normalised text, the table cells and the
  metadata; a visit counter or today's date in the page template changes none of them.
* :class:`ReportChangePipeline` compares an item with its report's previous version in the crawl
  state, records the version, points a page that came from a revisit at the record holding its
  payload, and writes the catalogue when the crawl ends.
* :class:`WithdrawnReportsMiddleware` (spider middleware): once the crawl is idle, reports of
  earlier crawls it did not see are asked for once more; a 404/410 becomes a tombstone item.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import unicodedata
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from crawler.host_signals import host_given_up
from crawler.state.history import (
    CrawlHistory,
    RecordPointer,
    ReportVersion,
    catalogue_path,
    history_for,
    utc_now,
    write_catalogue,
)
from spiders.request_roles import PRIORITY

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

CONTENT_PARTS = ("text", "tables", "metadata")
CONTENT_METADATA = ("title", "agency", "year", "published", "index_no", "doc_no")
GONE_STATUSES = (404, 410)

# --- the content fingerprint (pure) -------------------------------------------------------------


def _digest(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def normalised_text(text: str | None) -> str:
    """The text as compared across crawls: NFKC, no whitespace at all (it carries no meaning in
    Chinese prose, and templates re-indent). content_fingerprint normalises once for its two
    text hashes; this is what each of them is."""
    return _spaceless(unicodedata.normalize("NFKC", text or ""))


def _spaceless(text: str) -> str:
    return "".join(text.split())


def prose(text: str | None) -> str:
    """The text without its table rows (the lines with cells separated by tabs)."""
    return "\n".join(line for line in (text or "").splitlines() if "\t" not in line)


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def content_fingerprint(item: dict) -> dict[str, str]:
    """Hashes of what a report says: ``text`` (the prose), ``tables`` (the cells, in any order),
    ``metadata`` (title, agency, year, published, index_no, doc_no), and ``content``: the whole
    text (table rows included, so a table the parser missed still counts), cells and metadata."""
    cells = sorted(
        (
            str(c.get("table", "")),
            str(c.get("scope", "")),
            str(c.get("row", "")),
            str(c.get("col", "")),
            _number(c.get("value", 0)),
        )
        for c in item.get("tables") or []
    )
    # NFKC once, for both: no character normalises to or from a line break or a tab, and a line
    # break composes with nothing, so the prose of the normalised text is the normalised prose
    text = unicodedata.normalize("NFKC", item.get("text") or "")
    parts = {
        "text": _digest(_spaceless(prose(text))),
        "tables": _digest(cells),
        "metadata": _digest([item.get(name) for name in CONTENT_METADATA]),
    }
    whole_text = _digest(_spaceless(text))
    parts["content"] = _digest([whole_text, parts["tables"], parts["metadata"]])
    return parts


def changed_parts(fingerprint: dict[str, str], previous: ReportVersion) -> list[str]:
    """What differs from ``previous``; a difference only in table rows no cell holds is text."""
    before = {
        "text": previous.text_hash,
        "tables": previous.tables_hash,
        "metadata": previous.metadata_hash,
    }
    return [name for name in CONTENT_PARTS if fingerprint[name] != before[name]] or ["text"]


def previous_pointer(version: ReportVersion) -> dict | None:
    """The item's ``previous``: where the earlier version is archived, which crawl saw it last."""
    if version.record is None:
        return None
    return {
        **version.record.as_item_pointer(),
        "crawl": version.last_crawl,
        "fetched": version.last_seen,
    }


# --- the item pipeline --------------------------------------------------------------------------


class ReportChangePipeline:
    """Item pipeline after the report fields (100), before the schema stage (900)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        # A reparse (no archive of its own) has no crawl to compare: content hashes only.
        self.history: CrawlHistory | None = None
        if settings.getbool("WARC_ENABLED"):
            self.history = history_for(crawler)
            crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.warc_directory = (Path(settings.get("OUTPUT_DIR")) / "warc").resolve()
        self.catalogue = catalogue_path(settings)
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportChangePipeline:
        return cls(crawler)

    async def process_item(self, item: dict) -> dict:
        if "tombstone" in item and self.history is not None:
            return await self._tombstone(item)
        if any(error.startswith("parse:") for error in item.get("errors") or []):
            self.stats.inc_value("history/unparsed")  # what it says is unknown: no version
            item["change"] = None
            return item
        fingerprint = content_fingerprint(item)
        item["content_hash"] = fingerprint["content"]
        if self.history is None:
            return item
        try:
            record = self._payload_record(item)
            change, parts, previous = self._observe(item, fingerprint, record)
        except Exception:  # the state store failed: the item goes on, its change unknown
            self.stats.inc_value("history/errors")
            if not self._failed:  # once: a broken store would otherwise flood the log
                self._failed = True
                logger.exception(
                    "could not compare %s with earlier crawls (further failures only counted: "
                    "history/errors)",
                    item.get("url"),
                )
            item["change"] = None
            return item
        item["change"] = change
        item["changed_parts"] = parts
        item["previous"] = previous
        self.stats.inc_value(f"history/{change}")
        return item

    def _payload_record(self, item: dict) -> RecordPointer | None:
        """Where the item's payload is. A page that came as a revisit (a 304, or a payload
        fetched again) points at the earlier response record; ``warc_revisit`` at the revisit."""
        warc = item.get("warc")
        item.setdefault("warc_revisit", None)
        if not warc:
            return None
        capture = self.history.capture(item["url"])
        if (
            capture is not None
            and capture.record.record_id == warc["record_id"]
            and capture.record_type == "revisit"
            and capture.payload is not None
        ):
            item["warc_revisit"] = warc
            item["warc"] = capture.payload.as_item_pointer()
            return capture.payload
        path = str(self.warc_directory / warc["file"])
        return RecordPointer(
            path, warc["offset"], warc.get("length") or 0, warc["record_id"], item["url"]
        )

    def _observe(
        self, item: dict, fingerprint: dict[str, str], record: RecordPointer | None
    ) -> tuple[str, list[str], dict | None]:
        """Compare with the report's versions; record what this crawl saw."""
        history, url = self.history, item["url"]
        seen = item.get("fetched") or utc_now()
        latest = history.latest_version(url)
        if latest is not None and latest.last_crawl == history.crawl_id and not latest.gone_at:
            # the same report reached twice in this crawl: the first sighting decided
            self.stats.inc_value("history/seen_twice")
            if latest.first_crawl != history.crawl_id:
                return "unchanged", [], None
            before = history.versions_of(url)[1:2]
            previous = previous_pointer(before[0]) if before else None
            return latest.change, latest.changed_parts, previous
        if (
            latest is not None
            and not latest.gone_at
            and latest.content_hash == fingerprint["content"]
        ):
            history.saw_version(latest, seen, record)
            return "unchanged", [], None
        if latest is None or latest.gone_at:
            change, parts = "new", []  # first seen, or back after a tombstone
        else:
            change, parts = "changed", changed_parts(fingerprint, latest)
        history.add_version(
            ReportVersion(
                url=url,
                first_crawl=history.crawl_id,
                portal=item.get("portal") or "",
                content_hash=fingerprint["content"],
                text_hash=fingerprint["text"],
                tables_hash=fingerprint["tables"],
                metadata_hash=fingerprint["metadata"],
                change=change,
                changed_parts=parts,
                first_seen=seen,
                last_seen=seen,
                last_crawl=history.crawl_id,
                year=item.get("year"),
                title=item.get("title"),
                agency=item.get("agency"),
                record=record,
            )
        )
        return change, parts, previous_pointer(latest) if latest is not None else None

    async def _tombstone(self, item: dict) -> dict:
        """A report withdrawn since an earlier crawl: the tombstone as the spider middleware
        made it (the report-field stage had nothing to parse), its version marked gone."""
        tombstone = item["tombstone"]
        future = item.get("gone_future")
        item.clear()
        item.update(tombstone)
        gone = item["gone"]
        if future is not None:
            gone["warc"] = await asyncio.wrap_future(future)
        version = self.history.latest_version(item["url"])
        if version is not None and not version.gone_at:
            self.history.mark_gone(version, gone["fetched"])
        self.stats.inc_value("history/gone")
        return item

    def spider_closed(self, spider, reason: str) -> None:
        try:
            path = write_catalogue(self.history, self.catalogue)
        except Exception:
            logger.exception("could not write the catalogue to %s", self.catalogue)
            return
        logger.info("catalogue of report versions: %s", path)


# --- withdrawn reports --------------------------------------------------------------------------


class WithdrawnReportsMiddleware:
    """Spider middleware: the end-of-crawl check for reports no longer listed.

    At the first ``spider_idle`` each portal of the crawl whose crawl was not cut short (page or
    time budget exhausted, a host given up) gets its unseen reports of earlier crawls requested
    once more, through the scheduler like any page. A 404/410 yields a tombstone item; a 200 is
    parsed like any report page. For a portal cut short the reason is recorded instead.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("GONE_CHECK_ENABLED") or not settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.history = history_for(crawler)
        self.hosts_given_up: set[str] = set()
        self.checked = False
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self._host_given_up, signal=host_given_up)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WithdrawnReportsMiddleware:
        return cls(crawler)

    def _host_given_up(self, host: str, reason: str = "", **kwargs: Any) -> None:
        self.hosts_given_up.add(host.lower())

    def cut_short(self, portal_id: str, portal: Any) -> str:
        """Why the crawl of a portal did not see all it lists (empty when it did)."""
        stats = self.stats
        reasons = []
        if stats.get_value(f"budget/pages_exhausted/{portal_id}"):
            reasons.append("page budget exhausted")
        if stats.get_value(f"budget/time_exhausted/{portal_id}"):
            reasons.append("time budget exhausted")
        hosts = sorted(h for h in self.hosts_given_up if portal.covers(f"http://{h}/"))
        if hosts:
            reasons.append(f"host given up: {', '.join(hosts)}")
        return "; ".join(reasons)

    def spider_idle(self, spider) -> None:
        if self.checked:
            return
        self.checked = True
        parse = getattr(spider, "parse_page", None)
        portals = getattr(spider, "portals", None) or {}
        if parse is None:
            return
        requests = []
        for portal_id, portal in portals.items():
            candidates = self.history.unseen_reports(portal_id)
            why = self.cut_short(portal_id, portal)
            self.history.record_gone_check(portal_id, not why, len(candidates), why)
            if why:
                if candidates:
                    logger.info(
                        "portal %s: crawl cut short (%s): %d reports of earlier crawls not "
                        "checked for withdrawal",
                        portal_id,
                        why,
                        len(candidates),
                    )
                    self.stats.inc_value(f"history/gone_unchecked/{portal_id}", len(candidates))
                continue
            requests.extend(self._check_requests(spider, portal_id, candidates))
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            logger.info("asking again for %d reports no longer listed", len(requests))
            raise DontCloseSpider

    def _check_requests(
        self, spider, portal_id: str, candidates: list[ReportVersion]
    ) -> Iterator[Request]:
        for version in candidates:
            capture = self.history.capture(version.url)
            if (
                capture is not None
                and capture.crawl_id == self.history.crawl_id
                and capture.status not in GONE_STATUSES
            ):
                # fetched in this crawl, and not gone, yet not a report page any more
                self.stats.inc_value("history/no_longer_a_report")
                continue
            self.stats.inc_value("history/gone_checks")
            yield Request(
                version.url,
                callback=spider.parse_page,
                errback=spider.on_error,
                dont_filter=True,  # a listed page that answered 404 is asked once more
                priority=PRIORITY["report"],
                meta={
                    "portal": portal_id,
                    "role": "report",
                    "link_text": version.title or "",
                    "gone_check": version.url,
                },
            )

    def _tombstone(self, response: Response) -> dict | None:
        url = response.meta.get("gone_check")
        if not url or response.status not in GONE_STATUSES:
            return None
        version = self.history.latest_version(url)
        if version is None or version.gone_at:
            return None
        portal = (getattr(self.crawler.spider, "portals", None) or {}).get(version.portal)
        fetched = response.meta.get("warc_date") or utc_now()
        tombstone = {
            "url": url,
            "portal": version.portal,
            "portal_name": getattr(portal, "name", "") or "",
            "link_text": "",
            "title": version.title,
            "agency": version.agency,
            "region": None,
            "year": version.year,
            "published": None,
            "index_no": None,
            "doc_no": None,
            "template": None,
            "encoding": None,
            "text": None,
            "sections": [],
            "tables": [],
            "attachments": [],
            "warc": version.record.as_item_pointer() if version.record else None,
            "warc_revisit": None,
            "fetched": fetched,
            "content_hash": None,
            "change": "gone",
            "changed_parts": [],
            "previous": previous_pointer(version),
            "gone": {"status": response.status, "fetched": fetched, "warc": None},
            "flags": [],
            "warnings": [],
            "errors": [],
        }
        logger.info("report withdrawn (HTTP %d, no longer listed): %s", response.status, url)
        # the report-field stage runs over this item too; the change stage restores it
        return {
            "url": url,
            "portal": version.portal,
            "warc": tombstone["warc"],
            "tombstone": tombstone,
            "gone_future": response.meta.get("warc_future"),
        }

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from result
        tombstone = self._tombstone(response)
        if tombstone is not None:
            yield tombstone

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield output
        tombstone = self._tombstone(response)
        if tombstone is not None:
            yield tombstone
