"""Write the crawl report when a crawl ends: ``OUTPUT_DIR/crawl_report.json`` (what happened, per
portal and per host, for monitoring jobs) and ``OUTPUT_DIR/crawl_report.html`` (for people).

The JSON holds the finish reason, per-portal pages, reports, budgets, errors, challenges and hosts
given up, per-host politeness (from :class:`HostRecord`), the crawl's pace against its hosts'
delays and its CPU (``crawler.reporting.pace``), WARC files and every Scrapy stat. The
HTML page is built from the finished outputs, exactly as ``scrapy report OUTPUT_DIR`` builds it.
"""

from __future__ import annotations

import json
import logging
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.extensions.host_record import HostRecord, find_extension
from crawler.reporting import ReportOptions, write_html_report
from crawler.reporting.pace import crawl_pace, pace_advice
from crawler.reporting.portal_hosts import portal_host_facts

logger = logging.getLogger(__name__)


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def portal_summary(stats: dict, portal_id: str, pages: int, reports: int) -> dict:
    """One portal's line of the report, from the spider's counters and the crawl's stats."""
    return {
        "pages_scheduled": pages,
        "reports": reports,
        "challenges": stats.get(f"challenges/{portal_id}", 0),
        "page_budget_exhausted": bool(stats.get(f"budget/pages_exhausted/{portal_id}")),
        "time_budget_exhausted": bool(stats.get(f"budget/time_exhausted/{portal_id}")),
        "start_page_failed": bool(stats.get(f"portals/failed/{portal_id}")),
    }


def report_options(settings) -> ReportOptions:
    """The replay bases for the page's links into the archive, from the settings."""
    return ReportOptions(
        pywb_url=settings.get("REPORT_PYWB_URL") or "",
        replayweb_url=settings.get("REPORT_REPLAYWEB_URL") or "",
        max_chart_portals=settings.getint("REPORT_CHART_MAX_PORTALS", 1000),
    )


class CrawlReport:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("CRAWL_REPORT_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.output_dir = Path(crawler.settings.get("OUTPUT_DIR"))
        self.path = self.output_dir / "crawl_report.json"
        self.html = crawler.settings.getbool("CRAWL_REPORT_HTML")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self._opened = (time.monotonic(), process_cpu_seconds())
        # feeds and WARC files are closed by then: the page reads the finished outputs
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self._opened = (time.monotonic(), process_cpu_seconds())

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        record = find_extension(self.crawler, HostRecord)
        hosts = record.summary() if record is not None else {}
        opened_at, cpu_at_open = self._opened
        pace = crawl_pace(
            hosts,
            process_cpu_seconds() - cpu_at_open,
            time.monotonic() - opened_at,
            parse_cpu_seconds=stats.get("report_parse/cpu_seconds", 0.0),
            parse_processes=self.crawler.settings.getint("REPORT_PARSE_PROCESSES"),
        )
        (logger.warning if pace.held_back else logger.info)("pace: %s", pace_advice(pace))
        scheduled = getattr(spider, "pages_scheduled", {})
        found = getattr(spider, "reports_found", {})
        portals = {
            pid: {
                **portal_summary(stats, pid, scheduled.get(pid, 0), found.get(pid, 0)),
                **self._portal_details(spider, portal, record),
                **portal_host_facts(hosts, pid),
            }
            for pid, portal in (getattr(spider, "portals", {}) or {}).items()
        }
        warc_dir = self.output_dir / "warc"
        report = {
            "spider": spider.name,
            "finish_reason": reason,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "registry": getattr(spider, "registry_path", None),
            "portals": portals,
            "reports": stats.get("item_scraped_count", 0),
            "hosts_given_up": stats.get("hosts/given_up", 0),
            "hosts_given_up_by_cause": {
                key.split("/", 2)[2]: value
                for key, value in stats.items()
                if key.startswith("hosts/given_up/")
            },
            "hosts": hosts,
            "pace": pace.as_dict(),
            "warc_files": sorted(p.name for p in warc_dir.glob("*.warc.gz")),
            "stats": {key: _jsonable(value) for key, value in sorted(stats.items())},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        logger.info("crawl report: %s", self.path)

    def _portal_details(self, spider, portal, record: HostRecord | None) -> dict:
        """Name and budgets of a registry portal, and the wall time its hosts were busy."""
        settings = self.crawler.settings
        started = (getattr(spider, "portal_started", None) or {}).get(portal.id)
        last = None
        if record is not None:
            starts = [
                t.last_start
                for t in record.hosts.values()
                if t.portal == portal.id and t.last_start is not None
            ]
            last = max(starts, default=None)
        return {
            "name": portal.name,
            "max_pages": portal.max_pages or settings.getint("PORTAL_MAX_PAGES"),
            "max_seconds": portal.max_seconds or settings.getfloat("PORTAL_MAX_SECONDS"),
            "seconds": round(last - started, 1) if started and last else None,
        }

    def engine_stopped(self) -> None:
        if not self.html:
            return
        try:
            path = write_html_report(
                [self.output_dir], options=report_options(self.crawler.settings)
            )
        except Exception:
            # the page is a view of the outputs, which are complete: never fail the crawl for it
            logger.exception("could not write the HTML crawl report")
            return
        logger.info("crawl report (HTML): %s", path)


def process_cpu_seconds() -> float:
    """User and system CPU of this process so far, all its threads (not a browser's)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
