"""Add-on that makes a crawl one worker of a distributed crawl when ``REDIS_URL`` is set."""

from __future__ import annotations

import logging

from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from crawler.distributed.keys import CrawlKeys

logger = logging.getLogger(__name__)

SCHEDULER_PATH = "crawler.distributed.scheduler.DistributedScheduler"
QUEUE_PATH = "crawler.distributed.queue.HostLeaseQueue"
SEEDING_PATH = "crawler.distributed.seeding.SeedOnce"


def _force(settings: BaseSettings, name: str, value: object) -> None:
    """Set ``name`` above the project's own value (settings.py), below the command line."""
    priority = max(SETTINGS_PRIORITIES["project"] + 1, SETTINGS_PRIORITIES["addon"])
    if (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
        settings.set(name, value, priority=priority)


class DistributedCrawl:
    """Without ``REDIS_URL`` nothing changes: the crawl runs embedded. With it (and ``CRAWL_ID``):
    scrapy-redis's scheduler with our host-leased queue and data-only serializer, its dupefilter,
    every key under ``nianbao:<CRAWL_ID>:``, start URLs seeded once per crawl id, and WARC file
    names that carry ``WORKER_ID`` when one is given."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        try:
            keys = CrawlKeys(settings.get("CRAWL_ID") or "")
        except ValueError as exc:
            raise UsageError(
                f"REDIS_URL is set, so every worker needs one CRAWL_ID: {exc}"
            ) from None
        _force(settings, "SCHEDULER", SCHEDULER_PATH)
        _force(settings, "SCHEDULER_QUEUE_CLASS", QUEUE_PATH)
        _force(settings, "SCHEDULER_QUEUE_KEY", keys.prefix)
        _force(settings, "SCHEDULER_DUPEFILTER_KEY", keys.dupefilter)
        _force(settings, "DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter")
        _force(settings, "SCHEDULER_SERIALIZER", "crawler.request_codec")
        # blocking pops would stall the reactor; the queue never blocks anyway
        _force(settings, "SCHEDULER_IDLE_BEFORE_CLOSE", 0)
        settings["SPIDER_MIDDLEWARES"][SEEDING_PATH] = 0
        # Every idle worker would ask again for the reports of earlier crawls no longer listed,
        # each for all of them: withdrawn reports are not looked for in a distributed crawl.
        _force(settings, "GONE_CHECK_ENABLED", False)
        worker = settings.get("WORKER_ID")
        if worker:
            from crawler.distributed.cluster import worker_id

            prefix = f"{settings.get('WARC_PREFIX')}-{worker_id(settings)}"
            settings.set("WARC_PREFIX", prefix, priority=settings.getpriority("WARC_PREFIX"))
