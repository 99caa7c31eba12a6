"""Does a crawl's memory stay flat in its length? Peak RSS of real crawls of growing size.

``python -m bench.frontier_crawl --portals 100 --pages 1000`` serves N portals, each a column of
M light notice pages (home → 政务公开 → 政府信息公开年报, 20 notices a list page), crawls them with
``-s JOBDIR`` (the durable frontier) and prints requests, wall and CPU time and the crawl
process's peak RSS. Pages are light on purpose: the requests, not the parsing, are measured.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.wide_world import TreeRssSampler
from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_command, crawl_environment
from demo.server import Request, Response, Site
from tests.portal_skeleton import COLUMN, SECTION, html_page, page

PER_PAGE = 20


def notice(host: str, number: int) -> str:
    return f"{COLUMN}202301/t20230115_{number}.html"


def column_page(host: str, index: int, pages: int) -> Response:
    lists = pages // PER_PAGE
    first = index * PER_PAGE
    items = "".join(
        f'<li><a href="{notice(host, n)}">关于做好第{n}项重点工作的通知</a></li>'
        for n in range(first, min(first + PER_PAGE, pages))
    )
    pager = f'<a href="index_1.html">下一页</a> <a href="index_{lists - 1}.html">尾页</a>'
    return page(
        "政府信息公开年报", f'<ul class="list">{items}</ul><div class="pager">{pager}</div>'
    )


def portal_site(number: int, pages: int) -> Site:
    host = f"www.f{number:04d}.gov.cn"
    site = Site(host)
    site.add(
        "/robots.txt",
        Response(headers=[("Content-Type", "text/plain")], body=b"User-agent: *\nAllow: /\n"),
    )
    site.add("/", page("县人民政府", f'<a href="{SECTION}">政务公开</a>'))
    site.add(SECTION, page("政务公开", f'<a href="{COLUMN}">政府信息公开年报</a>'))

    def route(request: Request) -> Response:
        name = request.path.rsplit("/", 1)[-1]
        if request.path == COLUMN or name == "index.html":
            return column_page(host, 0, pages)
        if name.startswith("index_"):
            return column_page(host, int(name[6:].split(".")[0]), pages)
        body = "<p>各乡镇、各部门：现将有关事项通知如下。</p>" * 8
        text = html_page(f"关于做好第{name}项重点工作的通知", body).encode("utf-8")
        return Response(headers=[("Content-Type", "text/html; charset=utf-8")], body=text)

    site.add_prefix(COLUMN, route)
    return site


def measure(
    portals: int, pages: int, work: Path, extra: list[str]
) -> tuple[int, float, float, float]:
    """(requests served, wall s, CPU s, peak RSS MB) of one crawl."""
    sites = [portal_site(n, pages) for n in range(portals)]
    registry = work / f"portals-{portals}x{pages}.toml"
    registry.write_text(
        "".join(
            f'[[portal]]\nid = "f{n:04d}"\nname = "县{n}"\n'
            f'start_urls = ["http://www.f{n:04d}.gov.cn/"]\nrender = "never"\n\n'
            for n in range(portals)
        ),
        encoding="utf-8",
    )
    out = work / f"out-{portals}x{pages}"
    command = [
        *crawl_command(registry, out),
        *("-s", f"JOBDIR={work / f'job-{portals}x{pages}'}"),
        *("-s", f"PORTAL_MAX_PAGES={pages + 100}", "-s", f"MAX_LIST_PAGES={pages // PER_PAGE}"),
        *("-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=False"),
        *("-s", "CRAWL_REPORT_HTML=False", "-s", "LOG_LEVEL=INFO"),
        *extra,
    ]
    with DemoNetwork(sites) as net:
        started = time.monotonic()
        with open(work / f"crawl-{portals}x{pages}.log", "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=crawl_environment(net.proxy_url),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            sampler = TreeRssSampler(process.pid)  # not wait4's ru_maxrss: see its docstring
            sampler.start()
            _, status, usage = os.wait4(process.pid, 0)
            sampler.done.set()
        wall = time.monotonic() - started
        served = sum(len(net.log(host)) for host in net.hosts)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the crawl failed: see {work}")
    return served, wall, usage.ru_utime + usage.ru_stime, sampler.peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=100)
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a crawler setting"
    )
    args = parser.parse_args()
    extra = [part for setting in args.set for part in ("-s", setting)]
    work = Path(tempfile.mkdtemp(prefix="frontier-crawl-"))
    print(f"work in {work}\n| requests | wall s | CPU s | CPU ms/request | peak RSS MB |")
    print("|---|---|---|---|---|")
    for pages in args.pages:
        served, wall, cpu, rss = measure(args.portals, pages, work, extra)
        print(f"| {served} | {wall:.0f} | {cpu:.0f} | {1000 * cpu / served:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
