"""Reports made of several responses: an article split over pages (第1页 第2页 下一页), a landing
page whose report is its attached document (详见附件), a report with attachments. The item waits for
its parts: the spider fetches them one after another, carrying what it has so far in the request
meta as plain data (so a stored queue keeps it across a crash), and emits one item at the end.

A part: ``{"url", "kind", "record_id", "date", ...}``; ``kind`` is ``html`` (with its decoded
``html``), a document kind (pdf, docx, doc, wps, xls, ofd: with ``media_type``, ``size``,
``sha1``), ``file`` for other downloads, or ``failed`` (with ``error``). Documents are not parsed
here: the report pipeline reads them back from the archive on its worker thread.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response, TextResponse

from archive.signals import page_parsed
from crawler.registry import Portal
from pipelines.documents import document_kind
from spiders.article_pages import article_continuations
from spiders.classify import looks_like_report_title
from spiders.discovery import extract_links

logger = logging.getLogger(__name__)

ASSEMBLY = "report_assembly"
# Record futures kept for parts still to be joined to their report (bounded: oldest dropped).
MAX_KEPT_FUTURES = 10_000


def html_part(response: TextResponse) -> dict:
    return {
        "url": response.url,
        "kind": "html",
        "html": response.text,
        **_record_of(response),
    }


def _record_of(response: Response) -> dict:
    """Where the part's response record is: known at once (id, date) in a live crawl, the whole
    pointer when replayed from an archive."""
    record = {
        "record_id": response.meta.get("warc_record_id"),
        "date": response.meta.get("warc_date"),
    }
    if response.meta.get("warc"):
        record["warc"] = response.meta["warc"]
        record["record_id"] = record["record_id"] or response.meta["warc"].get("record_id")
    return record


def download_part(response: Response, link_text: str) -> dict:
    """A downloaded file as a part: its kind told by its bytes first (never by its URL alone)."""
    body = response.body
    kind = document_kind(
        body,
        _header(response, b"Content-Type"),
        response.headers.get(b"Content-Disposition"),
        response.url,
    )
    return {
        "url": response.url,
        "kind": kind or "file",
        "text": link_text,
        "media_type": _header(response, b"Content-Type"),
        "size": len(body),
        "sha1": hashlib.sha1(body).hexdigest(),
        "status": response.status,
        **_record_of(response),
    }


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ReportPartsMixin:
    """For the annual-reports spider: report items that wait for their further pages and files."""

    part_futures: OrderedDict[str, Future]  # record id -> its pointer, set by the spider

    def _keep_future(self, response: Response) -> None:
        record_id, future = response.meta.get("warc_record_id"), response.meta.get("warc_future")
        if record_id and future is not None:
            self.part_futures[record_id] = future
            while len(self.part_futures) > MAX_KEPT_FUTURES:
                self.part_futures.popitem(last=False)

    def _take_futures(self, parts: list[dict]) -> dict[str, Future]:
        ids = [p.get("record_id") for p in parts]
        return {rid: self.part_futures.pop(rid) for rid in ids if rid in self.part_futures}

    def _assemble(
        self, response: TextResponse, portal: Portal, item: dict, links: list
    ) -> Iterator[Any]:
        """Emit ``item`` now, or fetch its further pages and attachments first."""
        pending = [
            {"url": url, "kind": "page"} for url in article_continuations(response.url, links)
        ]
        if self.fetch_attachments:
            pending += [
                {"url": link.url, "kind": "attachment", "text": link.text}
                for link in links
                if link.role == "attachment"
            ]
        if not pending:
            yield self._emit(portal, item)
            return
        plain = {k: v for k, v in item.items() if k not in ("page", "warc_future", "warc")}
        assembly = {"item": plain, "parts": [html_part(response)], "pending": pending}
        self._keep_future(response)
        yield from self._next_part(portal, assembly, response.url)

    def _part_request(
        self, portal: Portal, url: str, role: str, link_text: str, referer: str
    ) -> Request | None:
        """The request for a part (the spider's own, with its budget and scope checks)."""
        return self._request(portal, url, role, link_text, referer)

    def _next_part(self, portal: Portal, assembly: dict, referer: str) -> Iterator[Any]:
        while assembly["pending"]:
            entry = assembly["pending"].pop(0)
            role = "report" if entry["kind"] == "page" else "attachment"
            request = self._part_request(portal, entry["url"], role, entry.get("text", ""), referer)
            if request is None:
                self.crawler.stats.inc_value("reports/parts_skipped")
                first = assembly["item"]["url"]
                logger.info(
                    "part %s of report %s not fetched (seen, budget, scope)", entry["url"], first
                )
                continue
            meta = {**request.meta, ASSEMBLY: {**assembly, "current": entry}}
            yield request.replace(
                callback=self.parse_report_part, errback=self.on_report_part_error, meta=meta
            )
            return
        yield self._emit_assembled(portal, assembly)

    def parse_report_part(self, response: Response) -> Iterator[Any]:
        portal = self.portals[response.meta["portal"]]
        assembly = dict(response.meta[ASSEMBLY])
        entry = assembly.pop("current")
        first = assembly["item"]["url"]
        if entry["kind"] == "page" and isinstance(response, TextResponse):
            part = html_part(response)
            known = {p["url"] for p in assembly["parts"]} | {e["url"] for e in assembly["pending"]}
            links = extract_links(Selector(text=response.text, type="html"), response.url)
            more = [u for u in article_continuations(first, links) if u not in known]
            pages = [e for e in assembly["pending"] if e["kind"] == "page"]
            rest = [e for e in assembly["pending"] if e["kind"] != "page"]
            assembly["pending"] = pages + [{"url": u, "kind": "page"} for u in more] + rest
        else:
            part = download_part(response, entry.get("text", ""))
            self.crawler.stats.inc_value("attachments/fetched")
        assembly["parts"] = [*assembly["parts"], part]
        self._keep_future(response)
        yield from self._next_part(portal, assembly, first)

    def on_report_part_error(self, failure) -> Iterator[Any]:
        self.on_error(failure)
        request = failure.request
        portal = self.portals[request.meta["portal"]]
        assembly = dict(request.meta[ASSEMBLY])
        entry = assembly.pop("current")
        error = f"{failure.type.__name__}: {failure.getErrorMessage()}"[:300]
        text = entry.get("text", "")
        part = {"url": entry["url"], "kind": "failed", "text": text, "error": error}
        assembly["parts"] = [*assembly["parts"], part]
        yield from self._next_part(portal, assembly, assembly["item"]["url"])

    def _emit_assembled(self, portal: Portal, assembly: dict) -> dict:
        item = dict(assembly["item"])
        item["parts"] = assembly["parts"]
        item["part_futures"] = self._take_futures(assembly["parts"])
        first = assembly["parts"][0]
        item["warc_future"] = item["part_futures"].get(first.get("record_id"))
        return self._emit(portal, item)

    def _emit(self, portal: Portal, item: dict) -> dict:
        self.reports_found[portal.id] += 1
        self.crawler.stats.inc_value(f"reports/{portal.id}")
        return item

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        """A file linked straight from a list: a report when it is a document whose link text
        names a report (the list entry is then the report's only page)."""
        self.crawler.stats.inc_value("attachments/fetched")
        link_text = response.meta.get("link_text", "")
        part = download_part(response, link_text)
        if part["kind"] in ("file", "xls") or not looks_like_report_title(link_text):
            return
        portal = self.portals[response.meta["portal"]]
        # a metadata record, as for a parsed page: `scrapy reparse` finds the report again
        self.crawler.signals.send_catch_log(
            page_parsed,
            response=response,
            outlinks=[],
            portal=portal.id,
            portal_name=portal.name,
            portal_region=portal.region,
            role="attachment",
            link_text=link_text,
            classifier=f"True 0 list-link:report-title-document:{part['kind']}",
        )
        self._keep_future(response)
        item = self._document_item(response, portal, part)
        yield self._emit_assembled(portal, {"item": item, "parts": [part]})

    def _document_item(self, response: Response, portal: Portal, part: dict) -> dict:
        return {
            "url": response.url,
            "portal": portal.id,
            "portal_name": portal.name,
            "portal_region": portal.region,
            "link_text": part["text"],
            "title_candidates": [part["text"]],
            "status": response.status,
            "fetched": part["date"] or datetime.now(UTC).isoformat(timespec="microseconds"),
            "encoding_evidence": {"encoding": None, "rule": "document"},
            "attachments": [],
            "classifier": {"score": 0, "reasons": ["list-link:report-title-document"]},
        }
