"""``scrapy reparse WARC... -o FILE``: re-extract report items from WARC files, no network.

The pages the live crawl parsed are answered from the archive and go through the same spider
callbacks, middlewares and item pipelines, so a parser improvement reaches old crawls without
fetching anything again. Directories are searched for ``*.warc.gz``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from archive.reader import warc_files


def warc_paths(args: list[str]) -> list[str]:
    """WARC files named on the command line, as a usage error when there are none."""
    try:
        return [str(p) for p in warc_files(args)]
    except FileNotFoundError as exc:
        raise UsageError(str(exc), print_help=False) from None


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "WARC [WARC ...] -o FILE"

    def short_desc(self) -> str:
        return "Re-run report parsing over WARC files, without the network"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # -o overwrites here: a re-extraction replaces its output rather than appending to it
        opts.overwrite_output = (opts.overwrite_output or []) + (opts.output or [])
        opts.output = None
        if not opts.overwrite_output:
            raise UsageError("give the output file: -o FILE (.jsonl or .parquet)", print_help=False)
        super().process_options(args, opts)
        assert self.settings is not None
        overrides = {
            "WARC_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "LOG_LEVEL": self.settings.get("LOG_LEVEL"),
        }
        # a reparse is no crawl: its queue lives in a throwaway state, never in a collection's
        self._state_dir = tempfile.TemporaryDirectory(prefix="nianbao-reparse-")
        overrides["CRAWL_STATE"] = str(Path(self._state_dir.name) / "crawl-state.sqlite")
        overrides["OUTPUT_DIR"] = self._state_dir.name
        # the reports' documents are read back from the archive being reparsed
        overrides["WARC_READ_DIRS"] = sorted({str(Path(p).parent) for p in warc_paths(args)})
        # a reparse waits on nothing but parsing: a worker for every core but the replay's own
        if self.settings.getpriority("REPORT_PARSE_PROCESSES") < SETTINGS_PRIORITIES["cmdline"]:
            overrides["REPORT_PARSE_PROCESSES"] = max(1, (os.cpu_count() or 1) - 1)
        self.settings.setdict(overrides, priority="cmdline")
        middlewares = self.settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares["crawler.middlewares.warc_replay.WarcReplayMiddleware"] = 990
        # nothing goes out, so no address to guard: its DNS lookups were all a reparse waited on
        # (each host's name looked up, seconds each where no resolver answers)
        middlewares["crawler.middlewares.address_guard.AddressGuardMiddleware"] = None
        self.settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        paths = warc_paths(args)
        assert self.crawler_process is not None
        crawler = self._create_crawler("warc_reparse")
        self.crawler_process.crawl(crawler, warcs=os.pathsep.join(paths))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
