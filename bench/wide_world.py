"""Side by side on one simulated wide world: plain Scrapy with a title regex, then this crawler.

``python -m bench.wide_world --portals 50 --reports 20 --delay 1 [--pairs 3]`` builds N portals ×
M reports (demo/sites/wide_world.py, Crawl-delay in robots.txt), serves them on loopback behind
the demo proxy, crawls them with each, one after the other, and prints per crawler: requests,
CPU per request (user+sys of the crawl process and of the parse workers it reaped), politeness
efficiency and breaches judged from the servers' logs, peak RSS (summed over the process tree)
and reports found; then the ratios. ``--pairs N`` runs the two N times, alternating, each in a
folder of its own, and gives each pair's ratios and their median: the machine's speed drifts, and
only runs side by side compare. Numbers go to docs/performance.md.

Politeness efficiency: for each host, the allowed delay × (requests − 1) over the time from its
first to its last request start, summed over hosts (1.0 = every host at its allowed rate while it
was crawled).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_command, crawl_environment
from demo.sites.wide_world import wide_world

PLAIN_SPIDER = Path(__file__).with_name("plain_spider.py")


@dataclass
class CrawlFigures:
    name: str
    requests: int
    cpu: float  # seconds, user + sys
    wall: float
    peak_rss_mb: float
    efficiency: float
    breaches: int
    smallest_gap: float
    reports: int

    @property
    def cpu_per_request_ms(self) -> float:
        return 1000 * self.cpu / max(self.requests, 1)


def _status_kb(status: str, field: str) -> int:
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field)), 0)


def tree_memory_kb(pid: int) -> tuple[int, dict[int, int]]:
    """Resident KB of ``pid`` and all its descendants (the crawl's parse workers) summed, and
    each one's own peak so far (VmHWM), from /proc."""
    total, peaks, pending = 0, {}, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += _status_kb(status, "VmRSS")
            peaks[current] = _status_kb(status, "VmHWM")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue  # it ended meanwhile
    return total, peaks


class TreeRssSampler(threading.Thread):
    """The peak of the process tree's memory, sampled every 50 ms: the larger of its summed RSS
    and any one process's own high-water mark (which catches a peak between two samples).

    Not the kernel's ``ru_maxrss`` from ``wait4``: a child inherits the high-water mark of the
    process that forked it (the benchmark, holding the world and its servers' logs), so a small
    crawl reported the benchmark's size (plain Scrapy's 145-166 MB before 2026-12-07).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            total, peaks = tree_memory_kb(self.pid)
            self.peak_kb = max(self.peak_kb, total, *peaks.values(), 0)


def run_measured(command: list[str], cwd: Path, env: dict, log: Path) -> tuple[float, float, float]:
    """Run ``command``; return (cpu seconds, wall seconds, peak RSS MB) of it and the processes
    it started (CPU of the children it reaped, by the kernel; RSS sampled over the tree)."""
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeRssSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{command[2:4]} failed with {process.returncode}: see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return cpu, time.monotonic() - started, sampler.peak_kb / 1024


def judge_politeness(net: DemoNetwork, delay: float) -> tuple[int, float, int, float]:
    """(requests, efficiency, breaches, smallest gap) from the servers' own logs."""
    allowed = spent = 0.0
    breaches, requests, smallest = 0, 0, float("inf")
    for host in net.hosts:
        starts = sorted(r.started for r in net.log(host).records())
        requests += len(starts)
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        if not gaps:
            continue
        allowed += delay * len(gaps)
        spent += starts[-1] - starts[0]
        breaches += sum(1 for gap in gaps if gap < delay)
        smallest = min(smallest, *gaps)
    return requests, (allowed / spent if spent else 1.0), breaches, smallest


def crawl(
    name: str, world, command: list[str], cwd: Path, out: Path, count_reports
) -> CrawlFigures:
    with DemoNetwork(world.sites) as net:
        env = crawl_environment(net.proxy_url)
        cpu, wall, rss = run_measured(command, cwd, env, out / f"{name}.log")
        requests, efficiency, breaches, smallest = judge_politeness(net, world.crawl_delay)
    return CrawlFigures(
        name, requests, cpu, wall, rss, efficiency, breaches, smallest, count_reports()
    )


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=50)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument(
        "--concurrency", type=int, default=0, help="CONCURRENT_REQUESTS (0: default)"
    )
    parser.add_argument("--only", choices=("plain", "nianbao"), default=None)
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting for nianbao"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="run plain and nianbao this many times, alternating (the machine's speed drifts)",
    )
    args = parser.parse_args()
    world = wide_world(args.portals, args.reports, args.delay)
    expected = set(world.report_urls)
    work = Path(tempfile.mkdtemp(prefix="wide-world-"))
    registry = work / "portals.toml"
    registry.write_text(world.registry, encoding="utf-8")
    starts = ",".join(f"http://www.w{i:04d}.gov.cn/" for i in range(args.portals))
    concurrency = ["-s", f"CONCURRENT_REQUESTS={args.concurrency}"] if args.concurrency else []
    pairs = []
    for number in range(1, args.pairs + 1):
        # each run in a folder of its own: a second crawl into one folder would be a re-crawl
        suffix = f"-{number}" if args.pairs > 1 else ""
        figures = []
        if args.only in (None, "plain"):
            plain_out = work / f"plain{suffix}.jsonl"
            command = [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                str(PLAIN_SPIDER),
                "-a",
                f"start={starts}",
                "-O",
                str(plain_out),
                "-s",
                "ROBOTSTXT_OBEY=True",
                "-s",
                f"DOWNLOAD_DELAY={args.delay}",
                "-s",
                "RANDOMIZE_DOWNLOAD_DELAY=False",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                "-s",
                "LOG_LEVEL=INFO",
                "-s",
                "TELNETCONSOLE_ENABLED=False",
                *concurrency,
            ]
            figures.append(
                crawl(
                    f"plain{suffix}",
                    world,
                    command,
                    work,
                    work,
                    lambda out=plain_out: len({i["url"] for i in _lines(out)} & expected),
                )
            )
        if args.only in (None, "nianbao"):
            out = work / f"nianbao{suffix}"
            command = [*crawl_command(registry, out), *concurrency]
            for setting in args.set:
                command += ["-s", setting]
            figures.append(
                crawl(
                    f"nianbao{suffix}",
                    world,
                    command,
                    REPO_ROOT,
                    work,
                    lambda out=out: len(
                        {i["url"] for i in _lines(out / "reports.jsonl")} & expected
                    ),
                )
            )
        pairs.append(figures)
    print(
        f"world: {args.portals} portals × {args.reports} reports, Crawl-delay {args.delay:g} s,"
        f" {len(expected)} reports; {os.cpu_count()} CPUs; work in {work}"
    )
    print(
        "| crawler | requests | CPU s | CPU ms/request | wall s | efficiency | breaches "
        "| smallest gap s | peak RSS MB | reports |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for f in (f for figures in pairs for f in figures):
        print(
            f"| {f.name} | {f.requests} | {f.cpu:.1f} | {f.cpu_per_request_ms:.1f} | {f.wall:.0f} "
            f"| {f.efficiency:.3f} | {f.breaches} | {f.smallest_gap:.3f} | {f.peak_rss_mb:.0f} "
            f"| {f.reports}/{len(expected)} |"
        )
    compared = [figures for figures in pairs if len(figures) == 2]
    if compared:
        cpu = [ours.cpu_per_request_ms / plain.cpu_per_request_ms for plain, ours in compared]
        rss = [ours.peak_rss_mb / plain.peak_rss_mb for plain, ours in compared]
        print(f"CPU per request: {_ratios(cpu)} plain; peak RSS: {_ratios(rss)} plain")


def _ratios(values: list[float]) -> str:
    """``2.65×`` for one pair; each pair's and their median for several."""
    said = ", ".join(f"{v:.2f}×" for v in values)
    return said if len(values) == 1 else f"{said} (median {statistics.median(values):.2f}×)"


if __name__ == "__main__":
    main()
