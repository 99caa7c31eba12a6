"""``scrapy wacz DIR [-o FILE]``: package a crawl's WARC files as a WACZ for ReplayWeb.page."""

from __future__ import annotations

import argparse
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.wacz import build_wacz


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "DIR [-o FILE.wacz] [--title TITLE]"

    def short_desc(self) -> str:
        return "Package the WARC files of a crawl output directory as a WACZ"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="default: DIR/<DIR name>.wacz")
        parser.add_argument("--title", default="", help="title of the collection")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one crawl output directory", print_help=True)
        try:
            path = build_wacz(args[0], opts.output, title=opts.title)
        except FileNotFoundError as exc:
            raise UsageError(str(exc), print_help=False) from None
        print(path)
