"""How cheap is the durable frontier? (The engine asks it for a request many times a second.)

``python -m bench.frontier`` prints ``next_request`` calls/s with H hosts queued (all busy: the
scan finds nothing; all idle: a lease), the cost of a request's whole life in the store (enqueue,
lease, done) on SQLite, and peak RSS while 100,000 requests pass through the scheduler.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.utils.test import get_crawler

from crawler.request_signals import request_done
from crawler.scheduler import FrontierScheduler


class BenchSpider(Spider):
    name = "bench"


def scheduler_in(directory: Path) -> FrontierScheduler:
    crawler = get_crawler(
        BenchSpider,
        {"OUTPUT_DIR": str(directory), "DOWNLOAD_HANDLERS": {"http": None, "https": None}},
    )
    crawler._apply_settings()
    crawler.spider = crawler._create_spider()
    crawler.engine = crawler._create_engine()
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calls_per_second(hosts: int, busy: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        scheduler = scheduler_in(Path(tmp))
        slots = scheduler.crawler.engine.downloader.slots
        for n in range(hosts):
            host = f"www.h{n}.gov.cn"
            for page in range(3):
                scheduler.enqueue_request(Request(f"http://{host}/{page}.html"))
            slot = slots[host] = Slot(1, 1.0, 0.0)
            if busy:
                slot.active.add(Request(f"http://{host}/in-flight.html"))
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.0:
            request = scheduler.next_request()
            calls += 1
            if request is not None:  # keep the hosts' queues full: the same cost every call
                scheduler.crawler.signals.send_catch_log(request_done, request=request)
                scheduler.enqueue_request(request.replace(url=request.url + "?again"))
        return calls / (time.perf_counter() - start)


def request_lifetimes(count: int) -> tuple[float, float, float]:
    """(µs per request for enqueue + lease + done, RSS before, peak RSS) over ``count``."""
    with tempfile.TemporaryDirectory() as tmp:
        scheduler = scheduler_in(Path(tmp))
        before = rss_mb()
        start = time.perf_counter()
        hosts = 200
        for n in range(count):
            scheduler.enqueue_request(Request(f"http://www.h{n % hosts}.gov.cn/p/{n}.html"))
            if n % hosts == hosts - 1:  # a host's turn comes round: lease and finish them
                while (request := scheduler.next_request()) is not None:
                    scheduler.crawler.signals.send_catch_log(request_done, request=request)
        while (request := scheduler.next_request()) is not None:
            scheduler.crawler.signals.send_catch_log(request_done, request=request)
        elapsed = time.perf_counter() - start
        return elapsed / count * 1e6, before, rss_mb()


def main() -> None:
    print("| hosts with work | all busy (None) calls/s | all idle (lease) calls/s |")
    print("|---|---|---|")
    for hosts in (10, 100, 1000):
        busy = calls_per_second(hosts, busy=True)
        idle = calls_per_second(hosts, busy=False)
        print(f"| {hosts} | {busy:,.0f} | {idle:,.0f} |")
    per_request, before, peak = request_lifetimes(100_000)
    print(
        f"\n100,000 requests through the SQLite frontier: {per_request:.0f} µs each "
        f"(enqueue + lease + done); RSS {before:.0f} MB before, {peak:.0f} MB peak"
    )


if __name__ == "__main__":
    main()
