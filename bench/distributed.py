"""Distributed crawling on a simulated wide world: one worker, then two started together, judged
from the servers' logs (``python -m bench.distributed --portals 300 --reports 4 --delay 2``)."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from demo.run import REPO_ROOT, crawl_environment

DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


@dataclass
class Worker:
    """One ``scrapy crawl`` worker process and where it writes."""

    name: str
    output: Path
    log: Path
    process: subprocess.Popen
    cpu: float = 0.0
    returncode: int | None = None

    def reports(self) -> list[dict]:
        path = self.output / "reports.jsonl"
        if not path.exists():
            return []
        items = []
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):  # a line torn by a SIGKILL
                items.append(json.loads(line))
        return items


def worker_command(registry: Path, output: Path, redis_url: str, crawl_id: str, name: str,
                   settings: dict[str, object]) -> list[str]:  # fmt: skip
    """The contract's command line for one worker."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "annual_reports", "-a", f"portals={registry}",
        "-s", f"OUTPUT_DIR={output}", "-s", f"REDIS_URL={redis_url}", "-s", f"CRAWL_ID={crawl_id}",
        "-s", f"WORKER_ID={name}", "-s", "OUTPUT_PARQUET=False",
    ]  # fmt: skip
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    return command


def start_workers(count: int, registry: Path, base: Path, proxy_url: str, redis_url: str,
                  crawl_id: str, first: int = 1, **settings: object) -> list[Worker]:  # fmt: skip
    """Start ``count`` workers of one crawl at once, each with its own OUTPUT_DIR under ``base``
    (named w<first>, w<first + 1>, ...)."""
    workers = []
    for n in range(first, first + count):
        name = f"w{n}"
        output, log = base / name, base / f"{name}.log"
        output.mkdir(parents=True, exist_ok=True)
        command = worker_command(registry, output, redis_url, crawl_id, name, settings)
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=crawl_environment(proxy_url),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        workers.append(Worker(name, output, log, process))
    return workers


def _reaped(worker: Worker, block: bool) -> bool:
    pid, status, usage = os.wait4(worker.process.pid, 0 if block else os.WNOHANG)
    if pid == 0:
        return False
    worker.returncode = os.waitstatus_to_exitcode(status)
    worker.process.returncode = worker.returncode
    worker.cpu = usage.ru_utime + usage.ru_stime
    return True


def wait_workers(workers: list[Worker], timeout: float) -> None:
    """Wait for every worker (killing the rest after ``timeout``); records exit status and CPU."""
    deadline = time.monotonic() + timeout
    running = [w for w in workers if w.returncode is None]
    while running and time.monotonic() < deadline:
        running = [w for w in running if not _reaped(w, block=False)]
        time.sleep(0.1)
    for worker in running:
        worker.process.kill()
        _reaped(worker, block=True)


@dataclass
class Judgement:
    """What the servers saw and what the workers wrote."""

    requests: int
    breaches: list[tuple[str, str, str, float]]  # host, earlier, later target, gap (s)
    smallest_gap: float
    fetched_twice: list[tuple[str, str]]  # (host, target)
    reports_per_worker: dict[str, int]
    found_twice: list[str]
    missing: list[str]
    robots_fetches: Counter = field(default_factory=Counter)


def judge(network, workers: list[Worker], report_urls: list[str], delay: float) -> Judgement:
    """Judge a finished crawl from each host's server log and the workers' reports.jsonl."""
    breaches, gaps, twice = [], [], []
    requests = 0
    robots: Counter = Counter()
    for host in network.hosts:
        records = sorted(network.log(host).records(), key=lambda r: r.started)
        requests += len(records)
        for a, b in itertools.pairwise(records):
            gaps.append(b.started - a.started)
            if b.started - a.started < delay:
                breaches.append((host, a.target, b.target, round(b.started - a.started, 3)))
        counts = Counter(r.target for r in records)
        twice += [(host, target) for target, n in counts.items() if n > 1]
        robots[host] = counts.get("/robots.txt", 0)
    found: Counter = Counter()
    per_worker = {}
    for worker in workers:
        urls = [item["url"] for item in worker.reports()]
        per_worker[worker.name] = len(urls)
        found.update(urls)
    return Judgement(
        requests=requests,
        breaches=breaches,
        smallest_gap=min(gaps, default=0.0),
        fetched_twice=twice,
        reports_per_worker=per_worker,
        found_twice=sorted(url for url, n in found.items() if n > 1),
        missing=sorted(set(report_urls) - set(found)),
        robots_fetches=robots,
    )


def delete_crawl_keys(redis_url: str, crawl_id: str) -> int:
    from redis import Redis

    from crawler.distributed.keys import CrawlKeys
    from crawler.distributed.status import delete_crawl

    return delete_crawl(Redis.from_url(redis_url), CrawlKeys(crawl_id))


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Run:
    workers: int
    wall: float
    cpu: float
    judgement: Judgement


def crawl_once(network, world, count: int, base: Path, redis_url: str, settings: dict) -> Run:
    crawl_id = f"bench-{uuid.uuid4().hex[:8]}"
    base.mkdir(parents=True)
    registry = base / "portals.toml"
    registry.write_text(world.registry, encoding="utf-8")
    network.clear_logs()
    started = time.monotonic()
    workers = start_workers(
        count, registry, base, network.proxy_url, redis_url, crawl_id, **settings
    )
    wait_workers(workers, timeout=3600)
    wall = time.monotonic() - started
    delete_crawl_keys(redis_url, crawl_id)
    failed = [w.name for w in workers if w.returncode != 0]
    if failed:
        sys.exit(f"workers {failed} failed: see {base}")
    verdict = judge(network, workers, world.report_urls, world.crawl_delay)
    return Run(count, wall, sum(w.cpu for w in workers), verdict)


def main() -> None:
    """N portals × M reports (demo/sites/wide_world.py, Crawl-delay in robots.txt) served on
    loopback behind the demo proxy, crawled with the contract's command line (``REDIS_URL``,
    ``CRAWL_ID``, one ``OUTPUT_DIR`` per worker) by one worker, then by two, for each round.
    Per run: wall time from launch to the last exit, CPU, requests, politeness breaches (two
    starts at one host closer than its Crawl-delay), URLs fetched twice, reports found once /
    twice / missing, each worker's share. Needs Redis (``--redis``, default db 15); each run's
    keys are deleted afterwards. The tests reuse :func:`start_workers` and :func:`judge`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=300)
    parser.add_argument("--reports", type=int, default=4)
    parser.add_argument("--delay", type=float, default=2.0, help="Crawl-delay in robots.txt (s)")
    parser.add_argument("--rounds", type=int, default=1, help="1-worker and 2-worker runs each")
    parser.add_argument("--redis", default=DEFAULT_REDIS)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="extra -s setting for every worker")  # fmt: skip
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)

    from demo.network import DemoNetwork
    from demo.sites.wide_world import wide_world

    world = wide_world(args.portals, args.reports, args.delay)
    print(
        f"{args.portals} portals x {args.reports} reports, Crawl-delay {args.delay:g} s, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; settings {settings or 'default'}"
    )
    print(
        "\n| workers | wall s | CPU s | requests | breaches | smallest gap s | fetched twice "
        "| reports | twice | missing | per worker |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    runs: list[Run] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp,
        DemoNetwork(world.sites) as network,
    ):
        for round_ in range(args.rounds):
            for count in (1, 2):
                run = crawl_once(
                    network, world, count, Path(tmp) / f"r{round_}-{count}", args.redis, settings
                )
                runs.append(run)
                j = run.judgement
                shares = ", ".join(f"{n}: {k}" for n, k in j.reports_per_worker.items())
                print(
                    f"| {count} | {run.wall:.1f} | {run.cpu:.1f} | {j.requests} | "
                    f"{len(j.breaches)} | {j.smallest_gap:.3f} | {len(j.fetched_twice)} | "
                    f"{sum(j.reports_per_worker.values())} | {len(j.found_twice)} | "
                    f"{len(j.missing)} | {shares} |",
                    flush=True,
                )
    one = statistics.median(r.wall for r in runs if r.workers == 1)
    two = statistics.median(r.wall for r in runs if r.workers == 2)
    print(f"\nmedian wall time: 1 worker {one:.1f} s, 2 workers {two:.1f} s: {one / two:.2f}x")
    shares = [r.judgement.reports_per_worker.values() for r in runs if r.workers == 2]
    smallest_share = min(min(s) / max(sum(s), 1) for s in shares)
    print(f"smallest share of one worker among 2: {smallest_share:.0%}")


if __name__ == "__main__":
    main()
