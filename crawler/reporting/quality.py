"""Data quality across the reports: how pages were decoded (declared charset against the codec
chosen), table arithmetic that does not add up, and reports that yielded no table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crawler.reporting.model import ReportEntry


@dataclass(frozen=True)
class EncodingDecision:
    declared: str | None
    chosen: str | None
    rule: str | None
    reports: int

    @property
    def overruled(self) -> bool:
        """The page said one charset and was read as another."""
        return bool(self.declared and self.chosen and self.declared != self.chosen)


def encoding_decisions(reports: list[ReportEntry]) -> list[EncodingDecision]:
    """Each (declared, chosen, rule) seen, overruled declarations first, then the most common."""
    counts = Counter((r.encoding_declared, r.encoding, r.encoding_rule) for r in reports)
    decisions = [EncodingDecision(*key, reports=n) for key, n in counts.items()]
    return sorted(decisions, key=lambda d: (not d.overruled, -d.reports, str(d.chosen)))


def with_arithmetic_warnings(reports: list[ReportEntry]) -> list[ReportEntry]:
    """Reports whose statistics tables fail the form's own arithmetic, most failures first."""
    failing = [r for r in reports if r.arithmetic_warnings]
    return sorted(failing, key=lambda r: (-len(r.arithmetic_warnings), r.portal, r.year or 0))


def without_tables(reports: list[ReportEntry]) -> list[ReportEntry]:
    """Reports known to have yielded no statistics table cell (gone ones aside)."""
    empty = [r for r in reports if r.table_cells == 0 and not r.is_gone]
    return sorted(empty, key=lambda r: (r.portal, r.year or 0, r.url))
