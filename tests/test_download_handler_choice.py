"""A crawl in which no page can render (every portal of the registry ``render = "never"``) fetches
with Scrapy's own download handler and never imports Playwright, and keeps what the crawler adds
around plain downloads (a body still arriving near DOWNLOAD_TIMEOUT or beyond DOWNLOAD_MAXSIZE is
cut, archived and marked); a registry with a portal that may render keeps the browser's handler.

Imports are read from the crawl process itself (``PYTHONPROFILEIMPORTTIME``: every module it
imported, on stderr)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_command, crawl_environment
from tests.fault_sites import FAULTS_HOST, MAXSIZE, _faults_portal
from tests.portal_skeleton import PortalSkeleton
from tests.raw_sites import FaultNetwork

PLAIN_HANDLER_LOG = "Scrapy's own download handler fetches all"
FAULT = f"http://{FAULTS_HOST}/zwgk/xxgknb/fault/"


def _registry(directory: Path, portal: PortalSkeleton, render: str) -> Path:
    path = directory / "portals.toml"
    path.write_text(
        f'[[portal]]\nid = "p"\nname = "{portal.region}人民政府"\n'
        f'start_urls = ["{portal.url}"]\nrender = "{render}"\n',
        encoding="utf-8",
    )
    return path


def _crawl(directory: Path, proxy_url: str, registry: Path, *settings: str):
    command = crawl_command(registry, directory / "out")
    for setting in ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0.05", *settings):
        command += ["-s", setting]
    env = {**crawl_environment(proxy_url), "PYTHONPROFILEIMPORTTIME": "1"}
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _imported(stderr: str) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def _reports(directory: Path) -> list[dict]:
    lines = (directory / "out" / "reports.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _crawl_skeleton(directory: Path, host: str, region: str, render: str):
    """A three-report portal crawled with ``render``; the finished crawl's stderr."""
    portal = PortalSkeleton(host, region)
    with DemoNetwork([portal.site()]) as net:
        done = _crawl(directory, net.proxy_url, _registry(directory, portal, render))
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(_reports(directory)) == 3
    return done.stderr


def test_a_crawl_where_nothing_renders_never_imports_playwright(tmp_path):
    stderr = _crawl_skeleton(tmp_path, "www.jingde.gov.cn", "旌德县", "never")
    assert PLAIN_HANDLER_LOG in stderr
    imported = _imported(stderr)
    assert "scrapy.core.downloader.contextfactory" in imported  # HTTP11 handler's: read right
    assert not {m for m in imported if m.split(".")[0] in ("playwright", "scrapy_playwright")}


def test_a_portal_that_may_render_keeps_the_browsers_handler(tmp_path):
    stderr = _crawl_skeleton(tmp_path, "www.jixi.gov.cn", "绩溪县", "auto")
    assert PLAIN_HANDLER_LOG not in stderr
    assert "scrapy_playwright.handler" in _imported(stderr)


def test_scrapys_own_handler_still_cuts_and_keeps_slow_and_oversized_bodies(tmp_path):
    portal = _faults_portal()
    with FaultNetwork([portal.site()], []) as net:
        done = _crawl(
            tmp_path,
            net.proxy_url,
            _registry(tmp_path, portal, "never"),
            f"DOWNLOAD_MAXSIZE={MAXSIZE}",
            "DOWNLOAD_TIMEOUT=3",
            "ABANDONED_DOWNLOAD_PAUSE=0.5",
            "RETRY_TIMES=0",
            "FETCH_ATTACHMENTS=False",
        )
    assert done.returncode in (0, 3), done.stderr[-3000:]
    assert PLAIN_HANDLER_LOG in done.stderr
    truncated = {}
    for warc in (tmp_path / "out" / "warc").glob("*.warc.gz"):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    truncated[uri] = record.rec_headers.get_header("WARC-Truncated")
    assert truncated[FAULT + "stall.html"] == "time"
    assert truncated[FAULT + "big.html"] == "length"
    assert truncated[FAULT + "slow.html"] is None
