"""``scrapy checkwarc WARC|DIR ...``: our consistency checks on archived responses.

Complements ``warcio check`` (digests): payload decodes under its Content-Encoding, no chunked
framing over de-chunked bodies, Content-Length equals payload length, dates fit the WARC version,
every response has its request record. Exit status 1 when a problem is found.
"""

from __future__ import annotations

import argparse
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from archive.check import check_warcs
from crawler.commands.reparse import warc_paths


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "WARC|DIR [...]"

    def short_desc(self) -> str:
        return "Check archived responses for header/payload inconsistencies"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        paths = warc_paths(args)
        problems = check_warcs(paths)
        for problem in problems:
            print(problem)
        print(f"{len(paths)} files checked, {len(problems)} problems")
        self.exitcode = 1 if problems else 0
