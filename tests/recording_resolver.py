"""A DNS resolver for tests that answers nothing and writes down every name it was asked
(``RECORDED_LOOKUPS``: a file path), to prove what a command looks up."""

from __future__ import annotations

from pathlib import Path

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError


class RecordingResolver(CachingThreadedResolver):
    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.record = Path(crawler.settings.get("RECORDED_LOOKUPS"))
        return resolver

    def getHostByName(self, name: str, timeout=()):
        with self.record.open("a", encoding="utf-8") as out:
            out.write(name + "\n")
        return defer.fail(DNSLookupError(name))
