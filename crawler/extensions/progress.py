"""Progress while a crawl runs: one INFO line every PROGRESS_INTERVAL seconds, and on a terminal
a live display (rich) of the same numbers (PROGRESS_LIVE).

What hosts are doing is read, never changed: HostThrottle's pauses and give-ups, and Scrapy's
downloader slots (a request in flight: active; requests queued behind the delay: waiting).
"""

from __future__ import annotations

import logging
import sys
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.extensions.host_record import HostRecord, find_extension
from crawler.extensions.throttle import HostThrottle
from crawler.reporting.progress import (
    PortalProgress,
    ProgressSnapshot,
    live_wanted,
    progress_line,
    progress_table,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LIVE_REFRESH = 1.0  # seconds between two redraws of the live display


class Progress:
    """Extension: the progress line and the live display."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.interval = max(0.0, settings.getfloat("PROGRESS_INTERVAL"))
        self.live_on = live_wanted(settings.get("PROGRESS_LIVE"))
        if not self.interval and not self.live_on:
            raise NotConfigured
        self.crawler = crawler
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.default_max_pages = settings.getint("PORTAL_MAX_PAGES")
        self.default_max_seconds = settings.getfloat("PORTAL_MAX_SECONDS")
        self.items: defaultdict[str, int] = defaultdict(int)
        self.started = time.monotonic()
        self.tasks: list = []
        self.live = None
        self._rerouted: list[tuple[logging.StreamHandler, object]] = []
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        return cls(crawler)

    # --- signals ------------------------------------------------------------------------------

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        if self.interval:
            self._every(self.interval, self.log_progress)
        if self.live_on:
            self._start_live()
            self._every(LIVE_REFRESH, self.refresh_live)

    def item_scraped(self, item, response, spider) -> None:
        portal = item.get("portal") if hasattr(item, "get") else None
        self.items[portal or "?"] += 1

    def spider_closed(self, spider, reason: str) -> None:
        for task in self.tasks:
            if task.running:
                task.stop()
        self.tasks.clear()
        if self.live is not None:
            self.refresh_live()
            self.live.stop()
            self.live = None
            for handler, stream in self._rerouted:
                handler.setStream(stream)
            self._rerouted.clear()

    def _every(self, seconds: float, function) -> None:
        task = create_looping_call(function)
        task.start(seconds, now=False)
        self.tasks.append(task)

    # --- output -------------------------------------------------------------------------------

    def log_progress(self) -> None:
        logger.info(progress_line(self.snapshot()))

    def refresh_live(self) -> None:
        if self.live is not None:
            self.live.update(progress_table(self.snapshot()), refresh=True)

    def _start_live(self) -> None:
        from rich.console import Console
        from rich.live import Live

        console = Console(file=sys.stdout, force_terminal=True)
        stderr_is_terminal = bool(getattr(sys.stderr, "isatty", lambda: False)())
        self.live = Live(
            progress_table(self.snapshot()),
            console=console,
            auto_refresh=False,
            redirect_stdout=True,
            redirect_stderr=stderr_is_terminal,  # a log file stays a log file
        )
        self.live.start()
        if stderr_is_terminal:
            # Scrapy's log handler keeps the stderr it started with; pointed at rich's proxy,
            # log lines are printed above the display instead of through it
            for handler in logging.getLogger().handlers:
                if type(handler) is logging.StreamHandler and handler.stream is sys.__stderr__:
                    self._rerouted.append((handler, handler.setStream(sys.stderr)))

    # --- the numbers --------------------------------------------------------------------------

    def snapshot(self) -> ProgressSnapshot:
        now = time.monotonic()
        spider = self.crawler.spider
        record = find_extension(self.crawler, HostRecord)
        throttle = find_extension(self.crawler, HostThrottle)
        states = self._host_states(throttle, now)
        counts = {state: 0 for state in ("active", "waiting", "paused", "given up")}
        for state in states.values():
            if state in counts:
                counts[state] += 1
        portals = self._portals(spider, record, throttle, states, now)
        return ProgressSnapshot(
            elapsed=now - self.started,
            pages_done=sum(p.done for p in portals),
            reports=self.crawler.stats.get_value("item_scraped_count", 0),
            hosts_active=counts["active"],
            hosts_waiting=counts["waiting"],
            hosts_paused=counts["paused"],
            hosts_given_up=counts["given up"],
            portals=portals,
        )

    def _slot(self, throttle: HostThrottle | None, host: str):
        engine = self.crawler.engine
        if engine is None:
            return None
        key = throttle.slot_keys.get(host, host) if throttle is not None else host
        return engine.downloader.slots.get(key)

    def _host_states(self, throttle: HostThrottle | None, now: float) -> dict[str, str]:
        """Each host known to the throttle (or the downloader): given up, paused, active,
        waiting on its delay, or idle."""
        states: dict[str, str] = {}
        hosts = throttle.hosts if throttle is not None else {}
        engine = self.crawler.engine
        names = set(hosts) | (set(engine.downloader.slots) if engine is not None else set())
        for host in names:
            state = hosts.get(host)
            slot = self._slot(throttle, host)
            if state is not None and state.given_up:
                states[host] = "given up"
            elif state is not None and state.paused_until > now:
                states[host] = "paused"
            elif slot is not None and slot.transferring:
                states[host] = "active"
            elif slot is not None and slot.queue:
                states[host] = "waiting"
            else:
                states[host] = "idle"
        return states

    def _portals(self, spider, record, throttle, states, now: float) -> list[PortalProgress]:
        hosts_of: defaultdict[str, list[str]] = defaultdict(list)
        if record is not None:
            for host, timeline in record.hosts.items():
                hosts_of[timeline.portal].append(host)
        scheduled = getattr(spider, "pages_scheduled", {}) or {}
        started = getattr(spider, "portal_started", {}) or {}
        out = []
        for pid, portal in (getattr(spider, "portals", {}) or {}).items():
            hosts = hosts_of.get(pid, [])
            delays, paused = [], [0.0]
            for host in hosts:
                slot = self._slot(throttle, host)
                floor = throttle.floor(host) if throttle is not None else self.default_delay
                delays.append(max(slot.delay if slot is not None else 0.0, floor))
                state = throttle.hosts.get(host) if throttle is not None else None
                if state is not None and state.paused_until > now and not state.given_up:
                    paused.append(state.paused_until - now)
            out.append(
                PortalProgress(
                    id=pid,
                    items=self.items.get(pid, 0),
                    scheduled=scheduled.get(pid, 0),
                    done=record.pages_done(pid) if record is not None else 0,
                    max_pages=portal.max_pages or self.default_max_pages,
                    elapsed=now - started.get(pid, self.started),
                    max_seconds=portal.max_seconds or self.default_max_seconds,
                    delay=max(delays, default=self.default_delay),
                    paused_for=max(paused),
                    given_up=bool(hosts) and all(states.get(h) == "given up" for h in hosts),
                )
            )
        return out
