"""One host's politeness as the crawler lived it: request starts against the host's delay floor,
pauses and whether the next start kept them. Pure: fed ``time.monotonic()`` readings.

A start is the moment the downloader handed the request to the HTTP client; the server sees it
a connection later, so gaps measured here and at the server differ by network jitter only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Pauses listed one by one per host; beyond that only counted (a host answering 429 all day).
MAX_LISTED_PAUSES = 20
# A gap longer than this many delay floors is a pause or a host with nothing queued, not pace.
PACED_GAP_FLOORS = 3


@dataclass
class Pause:
    """A pause asked of the host at ``requested_at``, lasting until ``until``."""

    reason: str
    requested_at: float
    until: float
    next_start: float | None = None  # the first request start after the pause was asked

    @property
    def seconds(self) -> float:
        return self.until - self.requested_at

    @property
    def honoured(self) -> bool:
        """Nothing was sent to the host before the pause ended."""
        return self.next_start is None or self.next_start >= self.until

    def as_dict(self) -> dict:
        after = None if self.next_start is None else round(self.next_start - self.requested_at, 3)
        return {
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "next_start_after": after,
            "honoured": self.honoured,
        }


@dataclass
class HostTimeline:
    """What one host saw of this crawl; memory stays flat however many requests it gets."""

    portal: str = ""
    requests: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    starts: int = 0
    last_start: float | None = None
    min_gap: float | None = None
    # the smallest (gap - floor at the later start): negative means a start came too early
    min_margin: float | None = None
    gaps_below_floor: int = 0
    # gaps of at most PACED_GAP_FLOORS floors: their count, length and the floors they had to keep
    paced_gaps: int = 0
    paced_seconds: float = 0.0
    paced_floor_seconds: float = 0.0
    # of the paced gaps' time, how much went waiting for the answer to the gap's first request:
    # each delay runs from the answer (crawler.extensions.throttle), so slow answers lengthen gaps
    paced_answer_seconds: float = 0.0
    last_answered: float | None = None
    floor: float = 0.0
    robots_delay: float | None = None
    given_up: str | None = None
    pauses: list[Pause] = field(default_factory=list)
    pause_count: int = 0
    pauses_broken: int = 0
    retry_after_pauses: int = 0
    retry_after_broken: int = 0
    _open: list[Pause] = field(default_factory=list)  # pauses still waiting for a next start

    def record_start(self, when: float, floor: float) -> None:
        """A request to this host started at ``when``; ``floor`` is its delay floor then."""
        self.starts += 1
        self.floor = floor
        if self.last_start is not None:
            gap = abs(when - self.last_start)
            margin = gap - floor
            self.min_gap = gap if self.min_gap is None else min(self.min_gap, gap)
            self.min_margin = margin if self.min_margin is None else min(self.min_margin, margin)
            if margin < 0:
                self.gaps_below_floor += 1
            if floor > 0 and gap <= PACED_GAP_FLOORS * floor:
                self.paced_gaps += 1
                self.paced_seconds += gap
                self.paced_floor_seconds += floor
                answered = self.last_answered
                if answered is not None and answered > self.last_start:
                    self.paced_answer_seconds += min(answered - self.last_start, gap)
        self.last_start = when if self.last_start is None else max(self.last_start, when)
        still_open = []
        for pause in self._open:
            if when > pause.requested_at:
                pause.next_start = when
                self._close(pause)
            else:  # started before the pause was asked: it was already on its way
                still_open.append(pause)
        self._open = still_open

    def record_answer(self, when: float) -> None:
        """The answer to the latest request was in at ``when`` (its body read)."""
        self.last_answered = when

    def record_pause(self, reason: str, requested_at: float, until: float) -> None:
        """The host was paused at ``requested_at`` until ``until`` (both monotonic)."""
        pause = Pause(reason, requested_at, until)
        self.pause_count += 1
        if "Retry-After" in reason:
            self.retry_after_pauses += 1
        if len(self.pauses) < MAX_LISTED_PAUSES:
            self.pauses.append(pause)
        self._open.append(pause)

    def _close(self, pause: Pause) -> None:
        if not pause.honoured:
            self.pauses_broken += 1
            if "Retry-After" in pause.reason:
                self.retry_after_broken += 1

    def summary(self) -> dict:
        """The host's line of ``crawl_report.json``."""
        return {
            "portal": self.portal,
            "requests": self.requests,
            "statuses": dict(sorted(self.statuses.items())),
            "errors": dict(sorted(self.errors.items())),
            "starts_measured": self.starts,
            "min_start_gap": _rounded(self.min_gap),
            "delay_floor": round(self.floor, 3),
            "min_gap_minus_floor": _rounded(self.min_margin),
            "gaps_below_floor": self.gaps_below_floor,
            "paced_gaps": self.paced_gaps,
            "paced_gap_seconds": round(self.paced_seconds, 3),
            "paced_floor_seconds": round(self.paced_floor_seconds, 3),
            "paced_answer_seconds": round(self.paced_answer_seconds, 3),
            "robots_delay": self.robots_delay,
            "pauses": self.pause_count,
            "pauses_honoured": self.pause_count - self.pauses_broken,
            "retry_after_pauses": self.retry_after_pauses,
            "retry_after_honoured": self.retry_after_pauses - self.retry_after_broken,
            "pause_list": [pause.as_dict() for pause in self.pauses],
            "given_up": self.given_up,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
