"""Progress of real crawls of a simulated portal: one INFO line per PROGRESS_INTERVAL under a
scheduler (stdout not a terminal), and the live display when stdout is a terminal (a pty)."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest

from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_environment
from tests.crawl_runner import run_scrapy
from tests.fault_sites import registry_toml
from tests.portal_skeleton import PortalSkeleton

PROGRESS = re.compile(
    r"progress \S+: \d+ pages done, \d+ reports; hosts \d+ active, \d+ waiting on delay, "
    r"\d+ paused, \d+ given up; items per portal: .*; time left ≈ \S+ \(queued pages\), "
    r"≤ \S+ \(budgets\)"
)
ANSI = re.compile(rb"\x1b\[")
# a line a second; the robots.txt Crawl-delay (0.5 s) keeps the crawl going for a few of them
SPEED = [
    "-s",
    "PROGRESS_INTERVAL=1",
    "-s",
    "DOWNLOAD_DELAY=0.2",
    "-s",
    "AUTOTHROTTLE_START_DELAY=0.2",
]


def portal() -> tuple[list, str]:
    """One county portal with three reports and a Crawl-delay: a crawl of a few seconds."""
    skeleton = PortalSkeleton(
        "www.shaoshan.gov.cn",
        "韶山市",
        years=(2023, 2022, 2021),
        robots="User-agent: *\nCrawl-delay: 0.5\n",
    )
    return [skeleton.site()], registry_toml([("shaoshan", "韶山市人民政府", skeleton, {})])


def crawl_on_a_terminal(network, registry: str, out) -> tuple[bytes, str]:
    """Run the crawl with stdout on a pseudo-terminal and stderr to a pipe: (terminal, log)."""
    registry_path = out / "portals.toml"
    registry_path.write_text(registry, encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "crawl", "annual_reports"]
    command += ["-a", f"portals={registry_path}", "-s", f"OUTPUT_DIR={out}"]
    command += ["-s", "OUTPUT_PARQUET=False", *SPEED]
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=crawl_environment(network.proxy_url),
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.PIPE,
    )
    os.close(secondary)
    terminal = bytearray()
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the crawl closed its end of the terminal
                    break
                if not chunk:
                    break
                terminal += chunk
            elif process.poll() is not None:
                break
        log = process.stderr.read().decode("utf-8", "replace")
        assert process.wait(timeout=60) == 0, log[-3000:]
    finally:
        os.close(primary)
        if process.poll() is None:
            process.kill()
    return bytes(terminal), log


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory):
    """As under cron or systemd: stdout and stderr are pipes."""
    sites, registry = portal()
    out = tmp_path_factory.mktemp("sched")
    (out / "portals.toml").write_text(registry, encoding="utf-8")
    command = ["crawl", "annual_reports", "-a", f"portals={out / 'portals.toml'}"]
    command += ["-s", f"OUTPUT_DIR={out}", "-s", "OUTPUT_PARQUET=False", *SPEED]
    with DemoNetwork(sites) as network:
        result = run_scrapy(command, network.proxy_url)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def interactive(tmp_path_factory):
    sites, registry = portal()
    with DemoNetwork(sites) as network:
        return crawl_on_a_terminal(network, registry, tmp_path_factory.mktemp("tty"))


def test_a_scheduled_crawl_logs_a_progress_line_per_interval(scheduled):
    lines = [line for line in scheduled.stderr.splitlines() if "progress " in line]
    assert len(lines) >= 2
    assert all("[crawler.extensions.progress] INFO:" in line for line in lines)
    assert all(PROGRESS.search(line) for line in lines), lines


def test_progress_lines_count_the_portals_items(scheduled):
    last = [line for line in scheduled.stderr.splitlines() if "progress " in line][-1]
    found = re.search(r"items per portal: shaoshan (\d+)", last)
    assert found
    assert 0 <= int(found.group(1)) <= 3


def test_a_scheduled_crawl_draws_no_live_display(scheduled):
    assert "nianbao crawl" not in scheduled.stdout
    assert "\x1b[" not in scheduled.stdout


def test_a_crawl_on_a_terminal_draws_the_live_display(interactive):
    terminal, _ = interactive
    assert b"nianbao crawl" in terminal
    assert ANSI.search(terminal)  # drawn and redrawn in place
    assert b"shaoshan" in terminal


def test_the_live_display_keeps_the_log_lines(interactive):
    _, log = interactive
    assert PROGRESS.search(log)
    assert "Spider closed (finished)" in log
