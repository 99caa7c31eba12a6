"""``scrapy report OUTPUT_DIR [OUTPUT_DIR ...] [CATALOGUE.parquet] [-o FILE]``: write the HTML
crawl report of one crawl, of several workers' output folders merged, or of the catalogue."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.extensions.crawl_report import report_options
from crawler.reporting import write_html_report


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "OUTPUT_DIR [OUTPUT_DIR ...] [CATALOGUE.parquet] [-o FILE.html]"

    def short_desc(self) -> str:
        return "Write crawl_report.html for crawl output folders or the catalogue across crawls"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="default: crawl_report.html in the first input"
        )
        parser.add_argument("--pywb", metavar="URL", help="pywb collection URL for replay links")
        parser.add_argument(
            "--replayweb", metavar="URL", help="ReplayWeb.page URL with ?source= for replay links"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one crawl output folder or catalogue", print_help=True)
        options = report_options(self.settings)
        options = replace(
            options,
            pywb_url=opts.pywb or options.pywb_url,
            replayweb_url=opts.replayweb or options.replayweb_url,
        )
        try:
            path = write_html_report(args, opts.output, options)
        except FileNotFoundError as exc:
            raise UsageError(str(exc), print_help=False) from None
        print(path)
