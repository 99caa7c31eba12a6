"""Which portal × year reports a collection holds: found (as a page or as a document), changed,
gone, missing between found years, or simply not found."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.reporting.model import ReportEntry

# Cell states, in the order the legend shows them.
HTML = "html"
DOCUMENT = "document"
CHANGED = "changed"
GONE = "gone"
MISSING = "missing"
NONE = "none"
STATES = (HTML, DOCUMENT, CHANGED, GONE, MISSING, NONE)
STATE_LABELS = {
    HTML: "found (page)",
    DOCUMENT: "found (document)",
    CHANGED: "changed since the last crawl",
    GONE: "gone (withdrawn)",
    MISSING: "missing between found years",
    NONE: "not found",
}


@dataclass
class Cell:
    portal: str
    year: int
    state: str
    reports: list[ReportEntry] = field(default_factory=list)


@dataclass
class Coverage:
    years: list[int]
    portals: list[str]
    cells: dict[tuple[str, int], Cell]
    undated: dict[str, int]  # reports whose year is unknown, per portal

    def row(self, portal: str) -> list[Cell]:
        return [self.cells[(portal, year)] for year in self.years]

    def count(self, state: str) -> int:
        return sum(1 for cell in self.cells.values() if cell.state == state)


def cell_state(reports: list[ReportEntry]) -> str:
    """The state of a cell holding ``reports`` (at least one)."""
    live = [r for r in reports if not r.is_gone]
    if not live:
        return GONE
    if any(r.change == CHANGED for r in live):
        return CHANGED
    return DOCUMENT if all(r.is_document for r in live) else HTML


def build_coverage(reports: list[ReportEntry], portals: list[str]) -> Coverage:
    """The portal × year grid over every year from the earliest report found to the latest."""
    by_cell: dict[tuple[str, int], list[ReportEntry]] = {}
    undated: dict[str, int] = {}
    for entry in reports:
        if entry.year is None:
            undated[entry.portal] = undated.get(entry.portal, 0) + 1
        else:
            by_cell.setdefault((entry.portal, entry.year), []).append(entry)
    found_years = sorted({year for _, year in by_cell})
    years = list(range(found_years[0], found_years[-1] + 1)) if found_years else []
    portals = list(portals) + sorted({p for p, _ in by_cell} - set(portals))
    found_range: dict[str, tuple[int, int]] = {}
    for portal, year in by_cell:
        first, last = found_range.get(portal, (year, year))
        found_range[portal] = (min(first, year), max(last, year))
    cells = {}
    for portal in portals:
        first, last = found_range.get(portal, (0, 0))
        for year in years:
            found = by_cell.get((portal, year), [])
            between = first < year < last
            state = cell_state(found) if found else MISSING if between else NONE
            cells[(portal, year)] = Cell(portal, year, state, found)
    return Coverage(years, portals, cells, undated)
