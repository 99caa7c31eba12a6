"""A crawl stopped by SIGTERM closes its WARC file properly: no ``.open`` left, file valid."""

import signal
import subprocess
import sys
import time

from archive.check import check_warcs
from demo.network import DemoNetwork
from demo.run import crawl_environment
from demo.server import Response, Site
from tests.crawl_runner import ROOT

HOST = "www.sigterm.gov.cn"


def slow_site() -> Site:
    site = Site(HOST)
    site.add(
        "/robots.txt", Response(headers=[("Content-Type", "text/plain")], body=b"User-agent: *\n")
    )
    site.add_prefix(
        "/p/", Response(headers=[("Content-Type", "text/html")], body=b"<html>page</html>" * 50)
    )
    return site


def test_sigterm_closes_and_renames_the_open_warc(tmp_path):
    with DemoNetwork([slow_site()]) as net:
        urls = ",".join(f"http://{HOST}/p/{i}.html" for i in range(200))
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                "tests/fetch_list_spider.py",
                "-a",
                f"urls={urls}",
                "-s",
                f"OUTPUT_DIR={tmp_path}",
                "-s",
                "DOWNLOAD_DELAY=0.2",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
            ],
            cwd=ROOT,
            env=crawl_environment(net.proxy_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while len(net.log(HOST)) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list((tmp_path / "warc").glob("*.warc.gz.open")), (
            "the file being written ends in .open"
        )
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
        served = len(net.log(HOST))
    assert served < 200, "the crawl stopped early"
    assert not list((tmp_path / "warc").glob("*.open")), stderr.decode()[-2000:]
    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert warcs
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)], capture_output=True
    )
    assert check.returncode == 0
    assert check_warcs(warcs) == []
