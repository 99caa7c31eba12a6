"""The browser stack starts only when a page needs it: a crawl where every portal is
``render = "never"`` spawns neither Playwright's driver nor Chromium (judged from the processes
the crawl spawned, watched through /proc while it runs)."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from demo.network import DemoNetwork
from demo.run import crawl_command, crawl_environment
from tests.crawl_runner import ROOT
from tests.portal_skeleton import PortalSkeleton

CRAWL_TIMEOUT = 300.0
POLL = 0.05


@dataclass
class WatchedCrawl:
    """A finished crawl and what it spawned."""

    returncode: int
    stderr: str
    spawned: set[str] = field(default_factory=set)  # "playwright-driver", "chromium"


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _kind(pid: int) -> str | None:
    try:
        command = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    if b"run-driver" in command:
        return "playwright-driver"
    if command and b"chromium" in command[0]:
        return "chromium"
    return None


def _descendants(pid: int) -> list[int]:
    children = _children()
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def write_registry(directory: Path, *portals: tuple[str, str, str, str]) -> Path:
    """``directory/portals.toml`` with one entry per (id, name, start URL, render mode)."""
    path = directory / "portals.toml"
    path.write_text(
        "\n".join(
            f'[[portal]]\nid = "{id_}"\nname = "{name}"\nstart_urls = ["{url}"]\n'
            f'render = "{render}"\n'
            for id_, name, url, render in portals
        ),
        encoding="utf-8",
    )
    return path


def run_watched(registry: Path, out: Path, proxy_url: str, *settings: str) -> WatchedCrawl:
    """``scrapy crawl annual_reports`` in a subprocess, noting every driver or browser process
    among its descendants while it runs (they would live from their start to the crawl's end)."""
    args = crawl_command(registry, out)
    for setting in ("AUTOTHROTTLE_ENABLED=False", "FETCH_ATTACHMENTS=False", *settings):
        args += ["-s", setting]
    stderr_path = out / "crawl.log"
    spawned: set[str] = set()
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=crawl_environment(proxy_url),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        deadline = time.monotonic() + CRAWL_TIMEOUT
        try:
            while process.poll() is None:
                spawned.update(filter(None, map(_kind, _descendants(process.pid))))
                if time.monotonic() > deadline:
                    raise TimeoutError("the crawl did not finish")
                time.sleep(POLL)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return WatchedCrawl(process.returncode, stderr_path.read_text("utf-8", "replace"), spawned)


def test_a_crawl_that_renders_nothing_never_starts_the_browser(tmp_path):
    portal = PortalSkeleton("www.jingxian.gov.cn", "泾县")
    registry = write_registry(tmp_path, ("jingxian", "泾县人民政府", portal.url, "never"))
    with DemoNetwork([portal.site()]) as net:
        crawl = run_watched(registry, tmp_path, net.proxy_url, "DOWNLOAD_DELAY=0.05")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "'reports/jingxian': 3" in crawl.stderr  # the crawl did its work
    assert crawl.spawned == set()
    assert "Starting download handler" not in crawl.stderr  # scrapy-playwright's driver start
    assert "browser/started" not in crawl.stderr
