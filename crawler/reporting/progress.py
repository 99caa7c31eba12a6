"""Progress of a running crawl, as one log line or a live table: pages done, reports found, what
the hosts are doing, items per portal, and the time left estimated from budgets and delays.

Pure: the Progress extension takes a :class:`ProgressSnapshot`; this module formats it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

# Portals named in one log line; the rest are summed up.
PORTALS_PER_LINE = 12


def live_wanted(setting: object, stdout=None) -> bool:
    """PROGRESS_LIVE: "auto" shows the live display when stdout is a terminal (not under cron or
    systemd, where output goes to a file or the journal); "on" and "off" decide regardless."""
    value = str(setting).strip().lower()
    if value == "auto":
        stream = stdout if stdout is not None else sys.stdout
        return bool(getattr(stream, "isatty", lambda: False)())
    return value in ("on", "true", "1", "yes")


@dataclass
class PortalProgress:
    """One portal right now: its counters, its budgets and how fast its hosts may be asked."""

    id: str
    items: int = 0
    scheduled: int = 0  # pages the spider scheduled (each counts against the page budget)
    done: int = 0  # of them, answered or failed
    max_pages: int | None = None
    elapsed: float = 0.0
    max_seconds: float | None = None
    delay: float = 0.0  # seconds between two requests to its (slowest) host
    paused_for: float = 0.0  # seconds its hosts stay paused from now
    given_up: bool = False  # every host of the portal was given up

    def time_left(self) -> tuple[float, float]:
        """(the requests already queued, the whole remaining page budget) at the portal's delay,
        each capped by the portal's remaining time budget. The truth lies between, as discovery
        finds more pages than are queued now but rarely the whole budget."""
        if self.given_up:
            return 0.0, 0.0
        queued = max(0, self.scheduled - self.done)
        budget_pages = max(0, (self.max_pages or self.scheduled) - self.scheduled)
        cap = max(0.0, self.max_seconds - self.elapsed) if self.max_seconds else float("inf")
        low = self.paused_for + queued * self.delay if queued else 0.0
        high = self.paused_for + (queued + budget_pages) * self.delay
        return min(low, cap), min(high, cap)


@dataclass
class ProgressSnapshot:
    """The whole crawl right now."""

    elapsed: float
    pages_done: int
    reports: int
    hosts_active: int = 0  # a request in flight
    hosts_waiting: int = 0  # requests queued, waiting for the host's delay
    hosts_paused: int = 0
    hosts_given_up: int = 0
    portals: list[PortalProgress] = field(default_factory=list)

    def time_left(self) -> tuple[float, float]:
        """Portals are crawled side by side (their hosts differ): the slowest one decides."""
        estimates = [p.time_left() for p in self.portals]
        return (
            max((low for low, _ in estimates), default=0.0),
            max((high for _, high in estimates), default=0.0),
        )


def duration(seconds: float) -> str:
    """``75`` -> ``1m15s``; ``4000`` -> ``1h06m``."""
    if seconds == float("inf"):
        return "∞"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def portal_items(portals: list[PortalProgress], limit: int = PORTALS_PER_LINE) -> str:
    """``czs 4, lishui 3, … +12 portals (5 items)``: most items first."""
    ranked = sorted(portals, key=lambda p: (-p.items, p.id))
    shown = ", ".join(f"{p.id} {p.items}" for p in ranked[:limit])
    rest = ranked[limit:]
    if rest:
        shown += f", … +{len(rest)} portals ({sum(p.items for p in rest)} items)"
    return shown or "none"


def progress_line(snapshot: ProgressSnapshot) -> str:
    """The line logged every PROGRESS_INTERVAL seconds."""
    low, high = snapshot.time_left()
    return (
        f"progress {duration(snapshot.elapsed)}: {snapshot.pages_done} pages done, "
        f"{snapshot.reports} reports; hosts {snapshot.hosts_active} active, "
        f"{snapshot.hosts_waiting} waiting on delay, {snapshot.hosts_paused} paused, "
        f"{snapshot.hosts_given_up} given up; items per portal: {portal_items(snapshot.portals)}; "
        f"time left ≈ {duration(low)} (queued pages), ≤ {duration(high)} (budgets)"
    )


def progress_table(snapshot: ProgressSnapshot, rows: int = 15):
    """The live display: the line's numbers on top, then the portals with the most time left."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    low, high = snapshot.time_left()
    head = Text.assemble(
        ("nianbao crawl ", "bold"),
        f"{duration(snapshot.elapsed)}  ·  {snapshot.pages_done} pages  ·  "
        f"{snapshot.reports} reports  ·  hosts: {snapshot.hosts_active} active, "
        f"{snapshot.hosts_waiting} waiting, {snapshot.hosts_paused} paused, "
        f"{snapshot.hosts_given_up} given up  ·  time left ≈ {duration(low)} "
        f"(≤ {duration(high)})",
    )
    table = Table(expand=False, pad_edge=False, box=None)
    for name, justify in (
        ("portal", "left"),
        ("items", "right"),
        ("pages", "right"),
        ("budget", "right"),
        ("delay", "right"),
        ("left", "right"),
    ):
        table.add_column(name, justify=justify)
    ranked = sorted(snapshot.portals, key=lambda p: (-p.time_left()[0], p.id))
    for portal in ranked[:rows]:
        state = " (given up)" if portal.given_up else ""
        table.add_row(
            portal.id + state,
            str(portal.items),
            f"{portal.done}/{portal.scheduled}",
            str(portal.max_pages or "–"),
            f"{portal.delay:.1f}s",
            duration(portal.time_left()[0]),
        )
    if len(ranked) > rows:
        table.add_row(f"… {len(ranked) - rows} more", "", "", "", "", "")
    return Group(head, table)
