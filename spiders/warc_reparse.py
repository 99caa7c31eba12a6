"""The ``warc_reparse`` spider: the annual-report parsing of a live crawl, run over WARC files.

Every page the live crawl parsed (it left a metadata record naming its portal, role and link
text) is requested again and answered from the archive by
:class:`crawler.middlewares.warc_replay.WarcReplayMiddleware`; the same callbacks and pipelines
produce the same items. No link is followed and nothing is fetched.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import UsageError

from archive.reader import iter_response_locations
from crawler.registry import Portal
from spiders.annual_reports import AnnualReportsSpider


class WarcReparseSpider(AnnualReportsSpider):
    name = "warc_reparse"

    def __init__(self, warcs: str | None = None, **kwargs: Any):
        Spider.__init__(self, **kwargs)  # no registry: portals come from the archive
        if not warcs:
            raise UsageError("give the WARC files: -a warcs=FILE[:FILE...]", print_help=False)
        self.warc_paths = [p for p in warcs.split(os.pathsep) if p]
        self.portals = {}
        self.registry_path = None
        self._init_counters()

    async def start(self) -> AsyncIterator[Request]:
        # every archived response by URL: the parts of reports (further pages, documents) are
        # answered from it when the report's page asks for them
        self.archived = {}
        for location in iter_response_locations(self.warc_paths):
            self.archived.setdefault(location.uri, location)
        for location in iter_response_locations(self.warc_paths):
            fields = location.page_fields
            if not fields.get("portal"):
                continue  # not a page the live crawl parsed (robots.txt, attachment, error)
            portal_id = fields["portal"][0]
            if portal_id not in self.portals:
                name = (fields.get("portal-name") or [""])[0]
                region = (fields.get("portal-region") or [""])[0]
                self.portals[portal_id] = Portal(
                    id=portal_id, name=name, start_urls=(), region=region
                )
            role = (fields.get("role") or ["other"])[0]
            yield Request(
                location.uri,
                # a document a list linked as a report is parsed as one again
                callback=self.parse_attachment if role == "attachment" else self.parse_page,
                dont_filter=True,
                meta={
                    "portal": portal_id,
                    "role": role,
                    "link_text": (fields.get("link-text") or [""])[0],
                    "warc_replay": location,
                    "dont_obey_robotstxt": True,
                },
            )

    def _request(self, *args: Any, **kwargs: Any) -> None:
        """Replay follows no links: the archive is all there is."""
        return None

    def _part_request(
        self, portal: Portal, url: str, role: str, link_text: str, referer: str
    ) -> Request | None:
        """A part of a report, answered from the archive when the live crawl fetched it."""
        location = self.archived.get(url)
        if location is None:
            return None
        meta = {"portal": portal.id, "role": role, "link_text": link_text}
        meta.update(warc_replay=location, dont_obey_robotstxt=True)
        return Request(url, dont_filter=True, meta=meta)
