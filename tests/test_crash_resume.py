"""A crawl killed with SIGKILL at random moments and run again each time (the same command, with
JOBDIR) ends as an uninterrupted crawl does: every report found, none twice, every WARC closed and
valid. ``make test`` kills a small crawl a few times; ``make test-long`` kills the demo crawl more
than twenty times (``-m long``). Set NIANBAO_CRASH_SEED to replay a run's kill moments."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from archive.check import check_warcs
from crawler.state import read_crawl_id
from demo.network import DemoNetwork
from demo.run import crawl_command as demo_crawl_command
from demo.run import crawl_environment
from demo.server import Request, Response
from tests.crawl_runner import ROOT, read_items
from tests.fault_sites import registry_toml
from tests.portal_skeleton import PortalSkeleton, page, report_body

EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
WARCIO = Path(sys.executable).parent / "warcio"
DEMO_PORTALS = ("czs", "panjin", "lishui", "yuanmou", "smjyj", "bjmy")
SMALL_PORTALS = ("panjin", "smjyj")
FAST = [
    *("-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=False"),
    *("-s", "CRAWL_REPORT_HTML=False"),
]
RUN_TIMEOUT = 300.0


def demo_registry(tmp_path: Path, portals: tuple[str, ...]) -> Path:
    """The demo registry cut to ``portals``, without their download_delay floors (speed)."""
    blocks = (ROOT / "demo" / "portals.toml").read_text(encoding="utf-8").split("[[portal]]")[1:]
    kept = [b for b in blocks if any(f'id = "{p}"\n' in b for p in portals)]
    text = "".join(
        "[[portal]]"
        + "".join(line + "\n" for line in b.splitlines() if "download_delay" not in line)
        for b in kept
    )
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def crawl_command(registry: Path, out: Path, job: Path, *extra: str) -> list[str]:
    return [*demo_crawl_command(registry, out), "-s", f"JOBDIR={job}", *FAST, *extra]


@dataclass
class KilledCrawl:
    """Runs one crawl command again and again, killing runs at the moments asked for."""

    command: list[str]
    proxy_url: str
    logs: Path
    runs: list[int] = field(default_factory=list)  # exit statuses, -9 for a killed run

    def run(self, kill_when=None) -> int:
        """One run; ``kill_when(log_path, started)`` is polled and SIGKILLs the run on True."""
        log_path = self.logs / f"run-{len(self.runs) + 1}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=crawl_environment(self.proxy_url),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            started = time.monotonic()
            try:
                while process.poll() is None:
                    if kill_when is not None and kill_when(log_path, started):
                        process.send_signal(signal.SIGKILL)
                        break
                    if time.monotonic() - started > RUN_TIMEOUT:
                        raise AssertionError(f"run still going after {RUN_TIMEOUT} s: {log_path}")
                    time.sleep(0.02)
                status = process.wait(RUN_TIMEOUT)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        self.runs.append(status)
        return status


def killer(rng: random.Random):
    """A random moment of a run: mostly while it crawls (0.3-3 s after the spider opened), now
    and then while it starts up (the store, the crawl id, the WARC being opened)."""
    during_startup = rng.random() < 0.2
    delay = rng.uniform(0.0, 2.5) if during_startup else rng.uniform(0.3, 3.0)

    def kill_when(log_path: Path, started: float) -> bool:
        if during_startup:
            return time.monotonic() - started >= delay
        if not hasattr(kill_when, "opened"):
            if b"Spider opened" not in log_path.read_bytes():
                return False
            kill_when.opened = time.monotonic()
        return time.monotonic() - kill_when.opened >= delay

    return kill_when


def seed() -> int:
    return int(os.environ.get("NIANBAO_CRASH_SEED") or random.randrange(1 << 30))


def assert_archive_closed_and_valid(warc_dir: Path) -> None:
    assert not list(warc_dir.glob("*.open")), "a WARC file was left open"
    warcs = sorted(warc_dir.glob("*.warc.gz"))
    assert warcs
    checked = subprocess.run(
        [str(WARCIO), "check", *map(str, warcs)], capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    assert check_warcs(warcs) == []  # what `scrapy checkwarc` checks


def assert_every_report_once(out: Path, portals: tuple[str, ...], note: str) -> None:
    urls = [item["url"] for item in read_items(out / "reports.jsonl")]
    expected = {r["url"] for r in EXPECTED["reports"] if r["portal"] in portals}
    assert len(urls) == len(set(urls)), f"a report written twice ({note})"
    assert set(urls) == expected, f"missing {sorted(expected - set(urls))} ({note})"
    in_parquet = pq.read_table(out / "reports.parquet").column("url").to_pylist()
    assert sorted(in_parquet) == sorted(urls)


def crash_and_finish(
    tmp_path: Path, portals: tuple[str, ...], kills: int, delay: float = 0.05
) -> None:
    """Kill the crawl of ``portals`` ``kills`` times, then let it finish. ``delay`` paces each
    host: the crawl must outlast the kills (a run that finishes first starts the count over)."""
    rng_seed = seed()
    rng = random.Random(rng_seed)
    out, job = tmp_path / "out", tmp_path / "job"
    registry = demo_registry(tmp_path, portals)
    command = crawl_command(registry, out, job, "-s", f"DOWNLOAD_DELAY={delay}")
    with DemoNetwork() as net:
        crawl = KilledCrawl(command, net.proxy_url, tmp_path)
        crawl_id, killed = None, 0
        while killed < kills:
            if crawl.run(killer(rng)) == 0:
                # finished before the kill: start the crawl over, so that every kill counts
                job.joinpath("crawl-id").unlink()
                crawl_id, killed = None, 0
                continue
            # nothing in JOBDIR is ever torn (a torn id raises): the id is whole, or not yet there
            crawl_id = crawl_id or read_crawl_id(job)
            assert read_crawl_id(job) == crawl_id
            killed += crawl_id is not None  # a kill before the crawl had begun resumes nothing
        final = crawl.run()
    note = f"NIANBAO_CRASH_SEED={rng_seed}, runs {crawl.runs}, logs in {tmp_path}"
    assert final == 0, note
    last = (tmp_path / f"run-{len(crawl.runs)}.log").read_text(encoding="utf-8")
    # (a kill after the crawl recorded its end leaves the last run nothing to do)
    assert "Resuming crawl" in last or "nothing to do" in last, note
    assert_every_report_once(out, portals, note)
    assert_archive_closed_and_valid(out / "warc")


def test_a_crawl_killed_three_times_finds_every_report_once(tmp_path):
    # 0.5 s a request: ~12 s of crawling (25 requests to one host) outlasts three kills of at
    # most 3 s each; at 0.05 s the whole crawl took ~1.5 s on a fast machine and most runs
    # finished before their kill, starting the count over until the test timed out
    crash_and_finish(tmp_path, SMALL_PORTALS, kills=3, delay=0.5)


@pytest.mark.long
@pytest.mark.timeout(3600)
def test_the_demo_crawl_killed_two_dozen_times_finds_every_report_once(tmp_path):
    # 1.5 s a request: ~60 s of crawling (41 requests to one host) outlasts two dozen kills of
    # 1.65 s on average, a fifth of them before the crawl even opens
    crash_and_finish(tmp_path, DEMO_PORTALS, kills=24, delay=1.5)


# --- a request in flight at the kill ----------------------------------------------------------------


class FirstAnswerHangs:
    """A route whose first answer never completes (the crawl is killed meanwhile)."""

    def __init__(self, answer: Response) -> None:
        self.answer = answer
        self.calls = 0
        self.arrived = threading.Event()

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        if self.calls == 1:
            self.arrived.set()
            return Response(headers=self.answer.headers, body=self.answer.body, delay=60.0)
        return self.answer


def test_a_request_in_flight_at_the_kill_is_fetched_again(tmp_path):
    skeleton = PortalSkeleton("www.slow.gov.cn", "慢县")
    title = "慢县2022年政府信息公开工作年度报告"
    hanging = FirstAnswerHangs(page(title, report_body("慢县", 2022)))
    skeleton.overrides[skeleton.report_path(2022)] = hanging
    registry = tmp_path / "portals.toml"
    registry.write_text(registry_toml([("slow", "慢县", skeleton, {})]), encoding="utf-8")
    out, job = tmp_path / "out", tmp_path / "job"
    with DemoNetwork([skeleton.site()]) as net:
        crawl = KilledCrawl(crawl_command(registry, out, job), net.proxy_url, tmp_path)
        killed = crawl.run(lambda log, started: hanging.arrived.is_set())
        assert killed == -signal.SIGKILL
        assert crawl.run() == 0
    urls = [item["url"] for item in read_items(out / "reports.jsonl")]
    assert hanging.calls == 2
    assert sorted(urls) == sorted(
        skeleton.url.rstrip("/") + skeleton.report_path(y) for y in skeleton.years
    )
