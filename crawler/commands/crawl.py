"""``scrapy crawl``, with the registry checked first, one run per collection, and an exit status a
scheduler can act on.

A wrong registry (``-a portals=FILE``) ends the command at once with one line naming the entry and
the field (status 2). A second run of a collection while the first still holds its lock
(:mod:`crawler.crawl_lock`) exits at once with one line (status 75), and so does a run whose
JOBDIR crawl already finished (status 0). Otherwise 0: finished, 3: finished with hosts given up
or a portal's start page failed, 1: did not finish.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.crawl_lock import CrawlLock, CrawlLocked, lock_paths
from crawler.distributed.keys import CrawlKeys
from crawler.registry import Portal, RegistryError, load_registry
from crawler.state import CrawlIdError, finished_crawl, read_crawl_id

EXIT_SUCCESS = 0  # the crawl finished; every host answered
EXIT_FAILURE = 1  # it did not finish: startup error, stopped by a signal, closed on errors
EXIT_USAGE = 2  # bad command line or registry (Scrapy's own status for usage errors)
EXIT_PARTIAL = 3  # it finished, but hosts were given up or a portal's start page failed
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run of this collection holds its lock; try later

# Finish reasons of a crawl that ran to its end, or to a limit the operator set.
FINISHED = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)


def exit_status(stats: dict, bootstrap_failed: bool = False) -> int:
    """The exit status of a crawl from its final stats."""
    if bootstrap_failed or stats.get("finish_reason") not in FINISHED:
        return EXIT_FAILURE
    if stats.get("hosts/given_up") or any(k.startswith("portals/failed/") for k in stats):
        return EXIT_PARTIAL
    return EXIT_SUCCESS


class Command(ScrapyCrawlCommand):
    def _choose_download_handler(self, portals: list[Portal]) -> None:
        """No portal renders: the browser's download handler is left out (BROWSER_HANDLER)."""
        assert self.settings is not None
        if self.settings.get("BROWSER_HANDLER") == "auto" and all(
            p.render == "never" for p in portals
        ):
            self.settings.set("BROWSER_HANDLER", "off", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        registry = opts.spargs.get("portals")
        if registry:
            try:
                portals = load_registry(registry)
            except RegistryError as exc:
                raise UsageError(f"bad portal registry: {exc}", print_help=False) from None
            wanted = opts.spargs.get("portal")
            if wanted and wanted not in {p.id for p in portals}:
                raise UsageError(f"no portal with id {wanted!r} in {registry}", print_help=False)
            crawled = [p for p in portals if not wanted or p.id == wanted]
            self._choose_download_handler(crawled)
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.settings is not None and self.crawler_process is not None
        if self.settings.get("REDIS_URL"):
            try:
                CrawlKeys(self.settings.get("CRAWL_ID") or "")
            except ValueError as exc:
                raise UsageError(
                    f"REDIS_URL is set, so every worker needs one CRAWL_ID: {exc}", print_help=False
                ) from None
        if self.settings.get("JOBDIR"):
            try:
                read_crawl_id(Path(self.settings.get("JOBDIR")))
            except CrawlIdError as exc:
                raise UsageError(str(exc), print_help=False) from None
        lock = CrawlLock(lock_paths(self.settings))
        try:
            lock.acquire()
        except CrawlLocked as exc:
            print(f"nianbao: not starting: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            finished = finished_crawl(self.settings)
            if finished:
                print(
                    f"nianbao: crawl {finished[0]} of JOBDIR {self.settings.get('JOBDIR')} "
                    f"finished at {finished[1]}: nothing to do (a new crawl needs a new JOBDIR)",
                    file=sys.stderr,
                )
                self.exitcode = EXIT_SUCCESS
                return
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
            try:
                stats = crawler.stats.get_stats()
            except RuntimeError:  # the crawl never started (its failure was logged)
                stats = {}
            self.exitcode = exit_status(stats, self.crawler_process.bootstrap_failed)
        finally:
            lock.release()
