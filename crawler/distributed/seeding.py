"""Spider middleware: the registry's start URLs enter a distributed crawl once per crawl id."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from crawler.distributed.cluster import cluster_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SeedOnce:
    """The first worker to start claims the seeding (SET NX) and its spider's ``start()``
    requests are queued; workers started later (or while it seeds) join: their spider's
    ``start()`` still runs, so its per-portal bookkeeping is the same, but its requests are not
    queued again. A crawl id that finished is not crawled again. Portal time budgets count from
    when the crawl started."""

    def __init__(self, crawler: Crawler) -> None:
        cluster = cluster_for(crawler)
        if cluster is None:
            raise NotConfigured
        self.crawler = crawler
        self.cluster = cluster

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        cluster = self.cluster
        crawl = cluster.keys.crawl_id
        claim = cluster.script("CLAIM_SEEDING", cluster.instance).decode()
        if claim == "seed":
            logger.info(
                "worker %s seeds crawl %s with the registry's start URLs", cluster.worker, crawl
            )
            async for item in start:
                yield item
            # every start request is in the queue now (the engine queues each as it is yielded)
            cluster.write(cluster.server.hset, cluster.keys.meta, "seeded", int(time.time()))
            self._align_portal_clocks()
            return
        if claim == "finished":
            logger.warning(
                "crawl %s has finished already; nothing to do (a new crawl needs a new CRAWL_ID)",
                crawl,
            )
        else:
            logger.info("worker %s joins crawl %s, seeded by another worker", cluster.worker, crawl)
        skipped = 0
        async for _ in start:
            skipped += 1
        self.crawler.stats.set_value("distributed/start_requests_skipped", skipped)
        self._align_portal_clocks()

    def _align_portal_clocks(self) -> None:
        """The spider's portal time budgets run from the crawl's start, not this worker's."""
        started_ms = self.cluster.read(self.cluster.server.hget, self.cluster.keys.meta, "started")
        clocks = getattr(self.crawler.spider, "portal_started", None)
        if not started_ms or not isinstance(clocks, dict):
            return
        age = max(0.0, time.time() - int(started_ms) / 1000)
        for portal in clocks:
            clocks[portal] = time.monotonic() - age
