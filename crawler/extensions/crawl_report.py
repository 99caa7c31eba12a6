"""Write ``OUTPUT_DIR/crawl_report.json`` when a crawl ends: what happened, per portal and overall.

For schedulers and operators: the finish reason, the per-portal pages and reports, hosts given up,
challenges met, budgets exhausted, WARC files written and every Scrapy stat, in one file a
monitoring job can read without parsing logs.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

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
    }


class CrawlReport:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("CRAWL_REPORT_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.path = Path(crawler.settings.get("OUTPUT_DIR")) / "crawl_report.json"
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        return cls(crawler)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        portals = getattr(spider, "portals", {}) or {}
        scheduled = getattr(spider, "pages_scheduled", {})
        found = getattr(spider, "reports_found", {})
        warc_dir = Path(self.crawler.settings.get("OUTPUT_DIR")) / "warc"
        report = {
            "spider": spider.name,
            "finish_reason": reason,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "registry": getattr(spider, "registry_path", None),
            "portals": {
                pid: portal_summary(stats, pid, scheduled.get(pid, 0), found.get(pid, 0))
                for pid in portals
            },
            "reports": stats.get("item_scraped_count", 0),
            "hosts_given_up": stats.get("hosts/given_up", 0),
            "hosts_given_up_by_cause": {
                key.split("/", 2)[2]: value
                for key, value in stats.items()
                if key.startswith("hosts/given_up/")
            },
            "warc_files": sorted(p.name for p in warc_dir.glob("*.warc.gz")),
            "stats": {key: _jsonable(value) for key, value in sorted(stats.items())},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        logger.info("crawl report: %s", self.path)
