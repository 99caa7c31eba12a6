"""How near a crawl came to the rate its hosts' delays allow, and whether the crawler's own CPU
held it back: one process runs its reactor on about one core (the GIL), and its report parsing
workers each on one more, so a crawl of many hosts on a slow machine can leave requests late
without any delay asking it. Pure: the hosts' lines of ``crawl_report.json`` and the CPU and
wall time of the crawl process and of its parse workers in.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.reporting.host_timeline import PACED_GAP_FLOORS

# A process busy this share of one core or more had no time to spare for its hosts.
CPU_BOUND_SHARE = 0.85
# Hosts asked at less than this share of their allowed rate waited on something.
SLOW_RATE_SHARE = 0.9
# Fewer paced gaps than this say nothing about the pace.
MIN_PACED_GAPS = 20


@dataclass(frozen=True)
class CrawlPace:
    """The crawl's pace (paced gaps of every host) and the process's CPU over its wall time."""

    paced_gaps: int
    rate_share: float | None  # Σ floors / Σ gaps over the paced gaps: 1.0 is every delay kept
    cpu_seconds: float
    wall_seconds: float
    parse_cpu_seconds: float = 0.0  # of the report parse workers (REPORT_PARSE_PROCESSES)
    parse_processes: int = 0
    # share of the paced gaps' time spent waiting for answers (each delay runs from the answer)
    answer_share: float | None = None

    @property
    def cpu_share(self) -> float:
        """CPU time over wall time: 1.0 is one core busy the whole crawl."""
        return self.cpu_seconds / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def parse_share(self) -> float:
        """The parse workers' CPU over wall time, per worker: 1.0 is every worker always busy."""
        if self.wall_seconds <= 0 or not self.parse_processes:
            return 0.0
        return self.parse_cpu_seconds / self.wall_seconds / self.parse_processes

    @property
    def hosts_slow(self) -> bool:
        return (
            self.paced_gaps >= MIN_PACED_GAPS
            and self.rate_share is not None
            and self.rate_share < SLOW_RATE_SHARE
        )

    @property
    def answer_bound(self) -> bool:
        """Hosts were asked late, mostly because their answers were slow: each delay runs from
        the answer, so the time beyond the floors went waiting for it, not on the crawler."""
        if not self.hosts_slow or self.answer_share is None or self.rate_share is None:
            return False
        return self.answer_share >= 0.5 * (1.0 - self.rate_share)

    @property
    def cpu_bound(self) -> bool:
        """The crawler was busy nearly all the time and its hosts were asked late."""
        return self.cpu_share >= CPU_BOUND_SHARE and self.hosts_slow

    @property
    def parse_bound(self) -> bool:
        """The parse workers were busy nearly all the time (reports waited for them, and
        downloads for the reports) and hosts were asked late."""
        return self.parse_share >= CPU_BOUND_SHARE and self.hosts_slow

    @property
    def held_back(self) -> bool:
        """The crawler's own CPU (its reactor or its parsers) held its hosts back: a warning."""
        return self.cpu_bound or self.parse_bound

    @classmethod
    def from_dict(cls, data: dict) -> CrawlPace:
        """The pace a ``crawl_report.json`` holds (its derived fields computed again)."""
        return cls(
            int(data.get("paced_gaps") or 0),
            data.get("rate_share"),
            float(data.get("cpu_seconds") or 0.0),
            float(data.get("wall_seconds") or 0.0),
            float(data.get("parse_cpu_seconds") or 0.0),
            int(data.get("parse_processes") or 0),
            data.get("answer_share"),
        )

    def as_dict(self) -> dict:
        return {
            "paced_gaps": self.paced_gaps,
            "rate_share": None if self.rate_share is None else round(self.rate_share, 3),
            "cpu_seconds": round(self.cpu_seconds, 1),
            "wall_seconds": round(self.wall_seconds, 1),
            "cpu_share": round(self.cpu_share, 3),
            "cpu_bound": self.cpu_bound,
            "parse_processes": self.parse_processes,
            "parse_cpu_seconds": round(self.parse_cpu_seconds, 1),
            "parse_share": round(self.parse_share, 3),
            "parse_bound": self.parse_bound,
            "answer_share": self.answer_share,
            "answer_bound": self.answer_bound,
        }


def crawl_pace(
    hosts: dict[str, dict],
    cpu_seconds: float,
    wall_seconds: float,
    parse_cpu_seconds: float = 0.0,
    parse_processes: int = 0,
) -> CrawlPace:
    """The pace of a crawl from its hosts' lines (host_timeline.HostTimeline.summary())."""
    gaps = sum(line.get("paced_gaps", 0) for line in hosts.values())
    spent = sum(line.get("paced_gap_seconds", 0.0) for line in hosts.values())
    allowed = sum(line.get("paced_floor_seconds", 0.0) for line in hosts.values())
    waiting = sum(line.get("paced_answer_seconds", 0.0) for line in hosts.values())
    # rounded as crawl_report.json keeps them, so the log and the page say the same
    share = round(allowed / spent, 3) if gaps and spent > 0 else None
    answers = round(waiting / spent, 3) if gaps and spent > 0 else None
    return CrawlPace(
        gaps, share, cpu_seconds, wall_seconds, parse_cpu_seconds, parse_processes, answers
    )


def pace_advice(pace: CrawlPace) -> str:
    """One sentence on the crawl's pace, for the log and the report."""
    share = "–" if pace.rate_share is None else f"{pace.rate_share:.2f}"
    said = (
        f"hosts were asked at {share} of the rate their delays allow ({pace.paced_gaps} gaps "
        f"of at most {PACED_GAP_FLOORS} delay floors{_answers(pace)}); the crawler used "
        f"{pace.cpu_share:.0%} of a core ({pace.cpu_seconds:.1f} s of CPU in "
        f"{pace.wall_seconds:.1f} s)"
    )
    if pace.parse_processes:
        many = pace.parse_processes > 1
        said += (
            f", and its {pace.parse_processes} report parser{'s' if many else ''} "
            f"{pace.parse_share:.0%} of {'a core each' if many else 'another'} "
            f"({pace.parse_cpu_seconds:.1f} s of CPU)"
        )
    if pace.parse_bound:
        said += (
            ": reports waited for their parsers, and downloads for the reports; more "
            "REPORT_PARSE_PROCESSES use more cores"
        )
    elif pace.cpu_bound:
        said += (
            ": the crawl was CPU-bound, its hosts waited on the crawler rather than on their "
            "delays; more worker processes on one crawl (docs/distributed.md) use more cores"
        )
    elif pace.answer_bound:
        said += (
            ": most of the time beyond the delays went waiting for answers; the hosts or the "
            "network were slow, not the crawler"
        )
    return said


def _answers(pace: CrawlPace) -> str:
    if pace.answer_share is None:
        return ""  # a crawl_report.json written before this was measured
    return (
        f", {pace.answer_share:.0%} of their time waiting for the hosts' answers, from which "
        "each delay runs"
    )
