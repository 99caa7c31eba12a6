"""What the crawl report is built from: report entries, portals and hosts of one or more crawls.

Every field an item or a catalogue row may lack is optional here: fields other stages add later
(``source_format``, ``change``, ``publisher``) are used when present.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

TABLE_ARITHMETIC_PREFIX = "table-check:"  # pipelines.tables.checks: a failed 勾稽 identity
TABLE_WARNING_PREFIX = "table-"


@dataclass(frozen=True)
class ReportEntry:
    """One annual report as found: where it is, what it is, and what went wrong reading it."""

    portal: str
    url: str
    portal_name: str = ""
    year: int | None = None
    title: str | None = None
    agency: str | None = None
    publisher: str | None = None
    source_format: str = "html"
    change: str | None = None  # new | changed | unchanged | gone
    fetched: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    warc_record_id: str | None = None
    encoding: str | None = None
    encoding_declared: str | None = None
    encoding_rule: str | None = None
    template: str | None = None
    table_cells: int | None = None  # None: not known (a catalogue row)
    arithmetic_warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    source_dir: str = ""  # the output folder it was read from: WARC file names are relative to it

    @property
    def is_document(self) -> bool:
        return self.source_format not in ("html", "")

    @property
    def is_gone(self) -> bool:
        return self.change == "gone"


@dataclass
class PortalFacts:
    """One portal's line of the crawl report (sums over the crawls given)."""

    id: str
    name: str = ""
    pages: int = 0
    reports: int = 0
    challenges: int = 0
    max_pages: int | None = None
    max_seconds: float | None = None
    seconds: float | None = None
    page_budget_exhausted: bool = False
    time_budget_exhausted: bool = False
    start_page_failed: bool = False
    hosts: list[str] = field(default_factory=list)


@dataclass
class CrawlRun:
    """One crawl whose outputs went into the report."""

    source: str
    spider: str = ""
    finish_reason: str = ""
    finished: str = ""
    reports: int = 0
    pace: dict | None = None  # crawler.reporting.pace.CrawlPace.as_dict(), if the crawl wrote it


@dataclass
class CrawlData:
    """Everything the page shows, merged from the inputs."""

    runs: list[CrawlRun] = field(default_factory=list)
    portals: dict[str, PortalFacts] = field(default_factory=dict)
    hosts: dict[str, dict] = field(default_factory=dict)  # host_timeline.HostTimeline.summary()
    reports: list[ReportEntry] = field(default_factory=list)
    exceptions: Counter[str] = field(default_factory=Counter)  # download exceptions by type
    catalogue: str | None = None  # the catalogue given, if any
    _names: dict[str, str] | None = field(default=None, repr=False)  # portal names in reports

    def portal_name(self, portal_id: str) -> str:
        facts = self.portals.get(portal_id)
        if facts is not None and facts.name:
            return facts.name
        if self._names is None:
            self._names = {}
            for report in self.reports:
                if report.portal_name and not self._names.get(report.portal):
                    self._names[report.portal] = report.portal_name
        return self._names.get(portal_id, "")

    def portal_ids(self) -> list[str]:
        """Every portal named by a crawl or a report, crawl order first."""
        ids = list(self.portals)
        ids += sorted({r.portal for r in self.reports if r.portal and r.portal not in ids})
        return ids
