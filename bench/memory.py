"""Memory in a long crawl: ``python -m bench.memory --requests 100000`` crawls a simulated world of
that many pages (N hosts, each a paginated column of notices the crawler must open and reject) and
samples the crawl process's resident memory as it goes: it must stay flat in crawl length, peaking
≤ 400 MB at 100,000 requests (queues in the crawl state, not in memory).

Pages are made on demand by the servers (nothing is held per page) and every host answers at once,
so the crawl runs as fast as the crawler's CPU allows; politeness delays are cut to the floor.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path

from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_command, crawl_environment
from demo.server import Request, Response, Site

PER_PAGE = 20
COLUMN = "/xxgk/xxgknb/"
_PAGE = re.compile(rf"^{COLUMN}index(?:_(\d+))?\.html$")
_DETAIL = re.compile(rf"^{COLUMN}(\d+)/t(\d+)\.html$")


def _html(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><div class="nav"><a href="/">首页</a></div><div class="main">{body}</div>'
        '<div class="footer">主办：县人民政府办公室</div></body></html>'
    ).encode()


def _site(host: str, pages: int) -> Site:
    site = Site(host)

    def answer(request: Request) -> Response:
        path = request.path
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/robots.txt":
            return Response(headers=[("Content-Type", "text/plain")], body=b"User-agent: *\n")
        if path == "/":
            body = f'<a href="{COLUMN}index.html">政府信息公开年报</a>'
            return Response(headers=headers, body=_html("县人民政府", body))
        if match := _PAGE.match(path):
            k = int(match.group(1) or 0)
            links = "".join(
                f'<li><a href="{COLUMN}{k}/t{k * PER_PAGE + n}.html">关于做好第{k * PER_PAGE + n}期'
                f"政务信息报送工作的通知</a></li>"
                for n in range(PER_PAGE)
            )
            script = f'<script>createPageHTML({pages}, {k}, "index", "html");</script>'
            body = f"<h2>政府信息公开年报</h2><ul>{links}</ul>{script}"
            return Response(headers=headers, body=_html("政府信息公开年报", body))
        if match := _DETAIL.match(path):
            n = match.group(2)
            text = "各乡镇人民政府，县直各单位：为做好政务信息报送工作，现将有关事项通知如下。" * 8
            body = f"<h1>关于做好第{n}期政务信息报送工作的通知</h1><p>{text}</p>"
            return Response(headers=headers, body=_html(f"第{n}期通知", body))
        return Response(status=404, headers=headers, body=_html("404", "页面不存在"))

    site.add_prefix("/", answer)
    return site


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=50, help="column pages per host")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    per_host = 3 + args.pages * (PER_PAGE + 1)
    hosts = max(1, round(args.requests / per_host))
    sites = [_site(f"www.m{i:04d}.gov.cn", args.pages) for i in range(hosts)]
    work = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    registry = work / "portals.toml"
    registry.write_text(
        "".join(
            f'[[portal]]\nid = "m{i:04d}"\nname = "县人民政府"\n'
            f'start_urls = ["http://www.m{i:04d}.gov.cn/"]\nrender = "never"\n'
            f"max_pages = {per_host + 10}\n\n"
            for i in range(hosts)
        ),
        encoding="utf-8",
    )
    settings = {
        "DOWNLOAD_DELAY": 0.001,
        "AUTOTHROTTLE_ENABLED": False,
        "POLITE_DELAY_JITTER": 0,
        "POLITE_DELAY_MARGIN": 0,
        "CONCURRENT_REQUESTS": 64,
        "MAX_LIST_PAGES": args.pages,
        "LOG_LEVEL": "INFO",
        "PROGRESS_INTERVAL": 0,
    }
    command = crawl_command(registry, work / "out")
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    for setting in args.set:
        command += ["-s", setting]
    samples: list[tuple[float, int, float]] = []
    with DemoNetwork(sites) as net, (work / "crawl.log").open("wb") as log:
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=crawl_environment(net.proxy_url), stdout=log, stderr=log
        )
        while process.poll() is None:
            time.sleep(5)
            rss = _rss_mb(process.pid)
            served = sum(len(net.log(h)) for h in net.hosts)
            if rss is not None:
                samples.append((time.monotonic() - started, served, rss))
        served = sum(len(net.log(h)) for h in net.hosts)
    peak = max((s[2] for s in samples), default=0.0)
    print(f"world: {hosts} hosts × {per_host} pages; exit {process.returncode}; work in {work}")
    print(
        f"requests served: {served} in {time.monotonic() - started:.0f} s; peak RSS {peak:.0f} MB"
    )
    print("| elapsed s | requests | RSS MB |\n|---|---|---|")
    step = max(1, len(samples) // 12)
    for elapsed, count, rss in samples[::step] + samples[-1:]:
        print(f"| {elapsed:.0f} | {count} | {rss:.0f} |")


if __name__ == "__main__":
    main()
