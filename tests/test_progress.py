"""The progress line and live display of a running crawl, from snapshots of its state."""

from __future__ import annotations

import os

from rich.console import Console

from crawler.reporting.progress import (
    PortalProgress,
    ProgressSnapshot,
    duration,
    live_wanted,
    progress_line,
    progress_table,
)


def portal(pid: str = "czs", **fields) -> PortalProgress:
    values = {"scheduled": 10, "done": 4, "max_pages": 100, "delay": 2.0, "max_seconds": 3600.0}
    return PortalProgress(id=pid, **{**values, **fields})


def test_time_left_is_the_queued_pages_and_the_page_budget_at_the_portals_delay():
    low, high = portal().time_left()
    assert low == 6 * 2.0  # 10 scheduled, 4 done
    assert high == (6 + 90) * 2.0  # and 90 more pages the budget allows


def test_time_left_includes_the_pause_a_host_is_in():
    low, high = portal(paused_for=30.0).time_left()
    assert (low, high) == (30.0 + 12.0, 30.0 + 192.0)


def test_time_left_never_exceeds_the_portals_time_budget():
    low, high = portal(max_pages=10_000, elapsed=3500.0).time_left()
    assert high == 100.0
    assert low == 12.0


def test_a_portal_whose_hosts_were_all_given_up_has_no_time_left():
    assert portal(given_up=True).time_left() == (0.0, 0.0)


def test_the_crawl_takes_as_long_as_its_slowest_portal():
    snapshot = ProgressSnapshot(10.0, 8, 2, portals=[portal("a"), portal("b", delay=5.0)])
    assert snapshot.time_left() == (30.0, 480.0)


def test_progress_line_says_pages_reports_hosts_items_and_time_left():
    snapshot = ProgressSnapshot(
        elapsed=125.0,
        pages_done=340,
        reports=12,
        hosts_active=3,
        hosts_waiting=9,
        hosts_paused=1,
        hosts_given_up=2,
        portals=[portal("czs", items=7), portal("lishui", items=5)],
    )
    assert progress_line(snapshot) == (
        "progress 2m05s: 340 pages done, 12 reports; hosts 3 active, 9 waiting on delay, "
        "1 paused, 2 given up; items per portal: czs 7, lishui 5; "
        "time left ≈ 12s (queued pages), ≤ 3m12s (budgets)"
    )


def test_progress_line_sums_up_portals_beyond_a_dozen():
    portals = [portal(f"p{n:02d}", items=n) for n in range(20)]
    line = progress_line(ProgressSnapshot(1.0, 0, 0, portals=portals))
    assert "p19 19, p18 18" in line
    assert "… +8 portals (28 items)" in line
    assert "p07" not in line


def test_durations_read_as_minutes_and_hours():
    assert [duration(s) for s in (5, 75, 4000)] == ["5s", "1m15s", "1h06m"]


def test_live_table_lists_the_portals_with_the_most_time_left_first():
    snapshot = ProgressSnapshot(3.0, 5, 1, portals=[portal("fast", delay=0.5), portal("slow")])
    console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(progress_table(snapshot))
    text = console.export_text()
    assert text.index("slow") < text.index("fast")
    assert "nianbao crawl" in text


def test_live_display_is_automatic_only_on_a_terminal():
    reader, writer = os.pipe()
    primary, secondary = os.openpty()
    try:
        with open(writer, "w", closefd=False) as pipe, open(secondary, "w", closefd=False) as tty:
            assert live_wanted("auto", pipe) is False
            assert live_wanted("auto", tty) is True
            assert live_wanted("off", tty) is False
            assert live_wanted("on", pipe) is True
    finally:
        for fd in (reader, writer, primary, secondary):
            os.close(fd)
