"""``scrapy cluster_status -s REDIS_URL=... -s CRAWL_ID=X``: a distributed crawl's queue, leases,
hosts (ready, waiting, in flight, paused, given up) and workers; ``--json``, ``--delete``."""

from __future__ import annotations

import argparse
import json
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.distributed.keys import CrawlKeys


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-s REDIS_URL=redis://... -s CRAWL_ID=NAME [--json] [--top N] [--delete]"

    def short_desc(self) -> str:
        return "Show a distributed crawl's queue, leases, hosts and workers from Redis"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print the status as JSON")
        parser.add_argument(
            "--top", type=int, default=10, help="most queued hosts and oldest leases listed"
        )
        parser.add_argument(
            "--delete", action="store_true", help="delete the crawl's keys (no worker alive)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Scrapy imports every command's module for every command: Redis only when asked for
        from scrapy_redis.connection import get_redis_from_settings

        from crawler.distributed.status import delete_crawl, format_status, read_status

        settings = self.settings
        if not settings.get("REDIS_URL"):
            raise UsageError("give the crawl's Redis: -s REDIS_URL=redis://host:6379/0")
        try:
            keys = CrawlKeys(settings.get("CRAWL_ID") or "")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        server = get_redis_from_settings(settings)
        status = read_status(server, keys, top=opts.top)
        if opts.delete:
            alive = [w.get("worker", w["instance"]) for w in status["workers"] if w["alive"]]
            if alive:
                print(f"crawl {keys.crawl_id} has workers alive ({', '.join(alive)}): not deleted")
                self.exitcode = 1
                return
            print(f"deleted {delete_crawl(server, keys)} keys of crawl {keys.crawl_id}")
            return
        if opts.json:
            print(json.dumps(status, ensure_ascii=False, indent=1))
        else:
            print(format_status(status, settings.get("REDIS_URL"), top=opts.top))
