"""The crawl contract's failure modes: a wrong registry or identity stops before any request."""

import os
import signal
import subprocess
import time

from demo.run import crawl_command
from tests.crawl_runner import ROOT, run_scrapy


def test_wrong_registry_stops_the_crawl_naming_entry_and_field(tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(
        '[[portal]]\nid = "czs"\nstart_urls = ["http://www.czs.gov.cn/"]\n'
        '[[portal]]\nid = "bad"\nstart_urls = ["http://www.a.gov.cn/"]\nrender = "sometimes"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_scrapy(
        ["crawl", "annual_reports", "-a", f"portals={registry}", "-s", f"OUTPUT_DIR={out}"], None
    )
    assert result.returncode == 2
    assert "portal #2 (bad): field 'render'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "warc").exists()


def test_unknown_portal_id_is_refused(tmp_path):
    result = run_scrapy(
        [
            "crawl",
            "annual_reports",
            "-a",
            "portals=demo/portals.toml",
            "-a",
            "portal=nope",
            "-s",
            f"OUTPUT_DIR={tmp_path}",
        ],
        None,
    )
    assert result.returncode == 2
    assert "no portal with id 'nope'" in result.stderr


def test_scrapy_default_user_agent_is_refused(tmp_path):
    result = run_scrapy(
        [
            "crawl",
            "annual_reports",
            "-a",
            "portals=demo/portals.toml",
            "-s",
            f"OUTPUT_DIR={tmp_path}",
            "-s",
            "USER_AGENT=Scrapy/2.19.0 (+https://scrapy.org)",
        ],
        None,
    )
    assert result.returncode != 0
    assert "refusing to crawl with this User-Agent" in result.stderr
    assert not list(tmp_path.glob("warc/*.warc.gz"))


def test_stopping_a_crawl_does_not_wait_for_robots_txt_retries(tmp_path):
    """robots.txt unreachable → the host is held and retried in ROBOTSTXT_RETRY_DELAY; Ctrl-C
    must end the crawl promptly anyway, with its WARC closed."""
    registry = tmp_path / "portals.toml"
    registry.write_text('[[portal]]\nid = "gone"\nstart_urls = ["http://www.gone.gov.cn/"]\n')
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen(
        [
            *crawl_command(registry, tmp_path / "out"),
            "-s",
            "ROBOTSTXT_RETRY_DELAY=300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = ""
    deadline = time.monotonic() + 60
    while "holding requests" not in log and time.monotonic() < deadline:
        log += proc.stderr.readline()
    assert "holding requests to www.gone.gov.cn" in log
    stopped = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 20
    assert not list((tmp_path / "out" / "warc").glob("*.open"))
