"""First pipeline stage: wait for the page's response record to be written, point the item at it
(and each part of a report in several responses at its own record).

The capture extension writes records on a writer thread and leaves a future in the request meta;
an item leaves the pipelines only once its ``warc`` pointer (file, offset, length, record id) is
real. A failed write leaves ``warc`` null and an error on the item.
"""

from __future__ import annotations

import asyncio

from scrapy.crawler import Crawler


class WarcPointerPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcPointerPipeline:
        return cls(crawler)

    async def process_item(self, item: dict) -> dict:
        future = item.pop("warc_future", None)
        if future is not None:
            item["warc"] = await asyncio.wrap_future(future)
        # the further pages and documents of a report in several parts (spiders.report_parts)
        futures = item.pop("part_futures", None) or {}
        for part in item.get("parts") or []:
            if part.get("warc") is None and part.get("record_id") in futures:
                part["warc"] = await asyncio.wrap_future(futures[part["record_id"]])
        if not item.get("warc") and item.get("parts"):
            item["warc"] = item["parts"][0].get("warc")
        if not item.get("warc"):
            item.setdefault("errors", []).append("warc:response record not written")
            self.stats.inc_value("items/without_warc")
        return item
