"""``scrapy catalogue [-o FILE.parquet]``: the report versions of every crawl as one Parquet table.

Reads the crawl state named by ``CRAWL_STATE`` (``-s CRAWL_STATE=...``; empty: the state file in
``OUTPUT_DIR``) and writes ``CATALOGUE_PATH`` (default: ``catalogue.parquet`` beside the state
file), or FILE. Columns: docs/state.md. Every crawl also writes it when it ends.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.state import state_url
from crawler.state.db import StateDB, is_postgres
from crawler.state.history import CrawlHistory, catalogue_path, write_catalogue


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-o FILE.parquet]"

    def short_desc(self) -> str:
        return "Write the catalogue of report versions across crawls (Parquet)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="default: CATALOGUE_PATH")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("no arguments: name the state with -s CRAWL_STATE=...")
        assert self.settings is not None
        url = state_url(self.settings)
        if not is_postgres(url) and not Path(url).is_file():
            raise UsageError(f"no crawl state at {url} (set CRAWL_STATE)", print_help=False)
        history = CrawlHistory(StateDB(url), crawl_id="")
        target = Path(opts.output) if opts.output else catalogue_path(self.settings)
        path = write_catalogue(history, target)
        versions = sum(1 for _ in history.versions())
        print(f"{path} ({versions} report versions)")
