"""``scrapy crawl``, with the portal registry checked before anything starts.

A wrong registry (``-a portals=FILE``) ends the command at once with one line naming the entry
and the field, and exit status 2, instead of a traceback from inside the crawler.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.registry import RegistryError, load_registry


class Command(ScrapyCrawlCommand):
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
        super().run(args, opts)
