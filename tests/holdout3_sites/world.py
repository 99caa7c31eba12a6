"""The held-out world as data: portals (their sites, registry entry, what they exercise) and the
ground truth they publish (reports, look-alikes, URLs robots.txt forbids), for either version of
the world (1: the first crawl; 2: a year later, for the re-crawl)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from demo.server import Route, Site
from tests.holdout3_sites.serving import cacheable

HERE = Path(__file__).resolve().parent


def moment(day: date, hour: int = 9, minute: int = 30) -> datetime:
    """A Last-Modified: the day a page was published, in the morning (Beijing time as UTC)."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@dataclass
class Portal:
    """One portal of the world and the truth it publishes."""

    id: str
    name: str
    region: str
    start_urls: list[str]
    exercises: list[str]
    version: int
    max_pages: int = 90
    sites: dict[str, Site] = field(default_factory=dict)
    reports: list[dict] = field(default_factory=list)
    negatives: list[dict] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # version 2: what happened to each report
    robots_txt: dict[str, str] = field(default_factory=dict)  # host -> the robots.txt it serves

    def site(self, host: str, server: str = "nginx") -> Site:
        if host not in self.sites:
            self.sites[host] = Site(host, server_header=server)
        return self.sites[host]

    def serve(self, url: str, route: Route) -> None:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.site(parts.hostname or "").add(target, route)

    def page(
        self,
        url: str,
        text: str,
        *,
        modified: date | datetime | None,
        encoding: str = "utf-8",
        content_type: str | None = None,
        etag: bool = True,
        compress: bool = True,
        headers: list[tuple[str, str]] | None = None,
    ) -> bytes:
        """Serve an HTML page; ``modified=None`` and ``etag=False``: a page without validators."""
        body = text.encode(encoding)
        kind = content_type or f"text/html; charset={encoding.upper()}"
        last = (
            moment(modified)
            if isinstance(modified, date) and not isinstance(modified, datetime)
            else modified
        )
        self.serve(
            url,
            cacheable(
                body,
                [("Content-Type", kind), *(headers or [])],
                last_modified=last,
                etag=etag,
                compress=compress,
            ),
        )
        return body

    def robots(self, host: str, text: str, modified: date) -> None:
        self.robots_txt[host] = text
        route = cacheable(
            text.encode("ascii"),
            [("Content-Type", "text/plain")],
            last_modified=moment(modified),
            compress=False,
        )
        self.serve(f"http://{host}/robots.txt", route)

    def stylesheet(self, url: str) -> None:
        """A site's CSS (browsers ask for it; a crawler need not)."""
        css = b"body{margin:0;font:14px/1.8 SimSun,serif}a{color:#333;text-decoration:none}"
        self.serve(
            url,
            cacheable(css, [("Content-Type", "text/css")], last_modified=moment(date(2023, 1, 1))),
        )

    def report(self, truth: dict) -> None:
        self.reports.append(truth)

    def negative(self, url: str, why: str) -> None:
        self.negatives.append({"url": url, "portal": self.id, "why": why})

    def change(self, url: str, change: str, why: str, parts: list[str] | None = None) -> None:
        entry = {"url": url, "portal": self.id, "change": change, "why": why}
        if parts:
            entry["changed_parts"] = parts
        self.changes.append(entry)

    @property
    def hosts(self) -> list[str]:
        return list(self.sites)

    def registry_entry(self) -> str:
        lines = [
            "[[portal]]",
            f'id = "{self.id}"',
            f'name = "{self.name}"',
            "start_urls = [" + ", ".join(f'"{u}"' for u in self.start_urls) + "]",
            f'region = "{self.region}"',
            f"max_pages = {self.max_pages}",
        ]
        return "\n".join(lines) + "\n"

    def summary(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "start_urls": self.start_urls,
            "hosts": self.hosts,
            "region": self.region,
            "exercises": self.exercises,
            "reports": len(self.reports),
        }


CONVENTIONS = {
    "template": '"2019" = 2019 trial or 2021 national format; "2008" = 政府信息公开情况统计表 '
    '(2014-2018); "other" = no official tables (before 2014)',
    "tables": "proactive / requests / review_litigation (2019 and 2021 formats), stats2008",
    "labels": "whitespace and <br> removed, parentheses full-width （）; row and col are label "
    "paths joined with '/' (a label may itself contain '/', e.g. 本年增/减)",
    "proactive": "row = 第二十条 block/item (第二十条第（一）项/规章); col = the block's column label",
    "requests": "row = 一、…/二、…/三、本年度办理结果/（三）不予公开/1.属于国家秘密/…/四、…; col = "
    "自然人, 法人或其他组织/商业企业 … 法人或其他组织/其他, 总计 (申请人情况 not in the path)",
    "review_litigation": 'row = ""; col = 行政复议/结果维持 … 行政诉讼/复议后起诉/总计',
    "stats2008": "row = numbered ancestors (一、 > （一） > 1.) then the line's own label; "
    "un-numbered lines (其中：…, 涉及…) hang under the nearest numbered line above; col = 统计数",
    "values": "the text printed in the cell; blank cells omitted",
    "agency": "the body whose report it is, in full (a district's departments and townships with "
    "their county or city: 益阳市赫山区教育局, 平江县安定镇人民政府)",
    "publisher": "the posting office exactly as the page writes it (发布机构 / 来源 / 信息来源); "
    "null when the page names none",
    "region": "administrative area of the agency, full (province + city [+ county [+ township]])",
    "url": "the report's own page; for a 详见附件 landing page the landing page (the document is "
    "in attachments); for a document linked straight from a list, the document",
    "source_format": "html, or the document the report was read from (pdf, docx)",
    "pages": "for an article split over several pages: every page, in order (the item is one)",
}


@dataclass
class World:
    """All portals of one version of the world."""

    version: int
    portals: list[Portal]

    @property
    def sites(self) -> list[Site]:
        return [site for portal in self.portals for site in portal.sites.values()]

    @property
    def hosts(self) -> list[str]:
        return [host for portal in self.portals for host in portal.hosts]

    @property
    def reports(self) -> list[dict]:
        return [r for p in self.portals for r in p.reports]

    @property
    def robots_txt(self) -> dict[str, str | None]:
        """host -> the robots.txt it serves (None: it answers 404)."""
        return {host: p.robots_txt.get(host) for p in self.portals for host in p.hosts}

    def portal_of_host(self, host: str) -> str | None:
        return next((p.id for p in self.portals if host in p.sites), None)

    def registry_toml(self) -> str:
        head = (
            "# Portal registry of the third held-out world (served by demo.network.DemoNetwork).\n"
            "# Generated by `python -m tests.holdout3_sites` from the portal modules; do not edit.\n"
        )
        return head + "".join("\n" + p.registry_entry() for p in self.portals)

    def expected(self) -> dict:
        return {
            "collection": "holdout3",
            "version": self.version,
            "generated_by": "python -m tests.holdout3_sites",
            "conventions": CONVENTIONS,
            "portals": [p.summary() for p in self.portals],
            "reports": self.reports,
            "negatives": [n for p in self.portals for n in p.negatives],
            "disallowed": sorted({u for p in self.portals for u in p.disallowed}),
        }

    def expected_recrawl(self) -> dict:
        """Version 2's truth: what happened to each report since version 1, and the entries of
        the new and changed reports."""
        changed = {
            c["url"] for p in self.portals for c in p.changes if c["change"] in ("new", "changed")
        }
        return {
            "collection": "holdout3",
            "version": self.version,
            "generated_by": "python -m tests.holdout3_sites",
            "conventions": {
                "change": "new = not in the first version; changed = its content differs "
                "(changed_parts: text, tables, metadata); unchanged = the same report (a visit "
                "counter or today's date on the page is no change); gone = no longer listed and "
                "answering 404"
            },
            "changes": [c for p in self.portals for c in p.changes],
            # Only the reports whose truth differs from expected.json: the rest are as there.
            "reports": [r for r in self.reports if r["url"] in changed],
        }


def dumps(document: dict) -> str:
    """JSON for people: indented, but each table cell on one line."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return _CELL.sub(lambda m: json.dumps(json.loads(m.group(0)), ensure_ascii=False), text) + "\n"


_CELL = re.compile(r'\{\n\s*"table": [^{}]*?\n\s*\}')
