"""The frontier scheduler: which request the engine gets next, judged against Scrapy's real
downloader slots, and what it keeps of a request."""

from __future__ import annotations

import time
from concurrent.futures import Future

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.utils.test import get_crawler

from crawler.scheduler import READY_AHEAD, FrontierScheduler
from crawler.state import crawl_state_for
from crawler.state.frontier import LEASED, Frontier


class QuietSpider(Spider):
    name = "quiet"

    def parse(self, response):
        yield from ()


@pytest.fixture
def scheduler(tmp_path) -> FrontierScheduler:
    crawler = get_crawler(
        QuietSpider,
        {
            "OUTPUT_DIR": str(tmp_path / "out"),
            "DOWNLOAD_HANDLERS": {"http": None, "https": None},  # nothing is downloaded here
        },
    )
    crawler._apply_settings()
    crawler.spider = crawler._create_spider()
    crawler.engine = crawler._create_engine()
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


def slot_of(scheduler: FrontierScheduler, host: str, lastseen: float = 0.0) -> Slot:
    slot = Slot(1, 1.0, 0.0)
    slot.lastseen = lastseen
    scheduler.crawler.engine.downloader.slots[host] = slot
    return slot


def queue(scheduler: FrontierScheduler, *urls: str, **kwargs) -> None:
    for url in urls:
        assert scheduler.enqueue_request(Request(url, **kwargs))


def test_a_host_with_a_request_in_its_slot_gets_no_second_one(scheduler):
    queue(scheduler, "http://a.gov.cn/1", "http://a.gov.cn/2", "http://b.gov.cn/1")
    first = scheduler.next_request()
    slot_of(scheduler, "a.gov.cn").active.add(first)
    assert scheduler.next_request().url == "http://b.gov.cn/1"


def test_nothing_is_handed_out_while_every_host_with_work_is_busy(scheduler):
    queue(scheduler, "http://a.gov.cn/1", "http://a.gov.cn/2")
    slot_of(scheduler, "a.gov.cn").active.add(scheduler.next_request())
    assert scheduler.next_request() is None
    assert scheduler.has_pending_requests()


def test_a_request_still_in_the_middlewares_keeps_its_host_busy(scheduler):
    queue(scheduler, "http://a.gov.cn/1", "http://a.gov.cn/2")
    # robots.txt is being fetched for it: in the downloader, not yet in a slot
    scheduler.crawler.engine.downloader.active.add(scheduler.next_request())
    assert scheduler.next_request() is None


def test_the_host_ready_longest_ago_goes_first(scheduler):
    now = time.monotonic()
    slot_of(scheduler, "a.gov.cn", lastseen=now - 1)
    slot_of(scheduler, "b.gov.cn", lastseen=now - 30)
    slot_of(scheduler, "c.gov.cn", lastseen=now - 10)
    queue(scheduler, "http://a.gov.cn/1", "http://b.gov.cn/1", "http://c.gov.cn/1")
    hosts = [scheduler.next_request().url for _ in range(3)]
    assert hosts == ["http://b.gov.cn/1", "http://c.gov.cn/1", "http://a.gov.cn/1"]


def test_a_host_paused_beyond_the_engines_heartbeat_gets_no_request(scheduler):
    slot_of(scheduler, "a.gov.cn", lastseen=time.monotonic() + READY_AHEAD + 60)
    queue(scheduler, "http://a.gov.cn/1")
    assert scheduler.next_request() is None


def test_priority_orders_the_requests_of_one_host(scheduler):
    queue(scheduler, "http://a.gov.cn/low", priority=0)
    queue(scheduler, "http://a.gov.cn/high", priority=10)
    assert scheduler.next_request().url == "http://a.gov.cn/high"


def test_a_duplicate_is_refused_and_counted(scheduler):
    queue(scheduler, "http://a.gov.cn/1")
    assert not scheduler.enqueue_request(Request("http://a.gov.cn/1"))
    assert scheduler.stats.get_value("dupefilter/filtered") == 1


def test_what_one_download_left_on_a_request_is_not_stored(scheduler):
    future: Future = Future()
    meta = {"portal": "a", "warc_future": future, "download_slot": "a.gov.cn", "_body_cap": 9}
    queue(scheduler, "http://a.gov.cn/1", meta=meta)
    request = scheduler.next_request()
    assert request.meta == {"portal": "a", "frontier_id": request.meta["frontier_id"]}


def test_a_request_that_is_not_plain_data_is_kept_in_memory_and_counted(scheduler):
    queue(scheduler, "http://a.gov.cn/1", meta={"call": object()})
    assert scheduler.stats.get_value("frontier/unserializable") == 1
    assert scheduler.next_request().url == "http://a.gov.cn/1"


def test_a_handed_out_request_is_leased_until_done(scheduler):
    from crawler.request_signals import request_done

    queue(scheduler, "http://a.gov.cn/1")
    request = scheduler.next_request()
    frontier = Frontier(scheduler.state.db, scheduler.state.crawl_id)
    assert frontier.count(LEASED) == 1
    scheduler.crawler.signals.send_catch_log(request_done, request=request)
    assert frontier.count(LEASED) == 0


def test_a_crawl_without_jobdir_forgets_its_frontier_when_it_closes(scheduler):
    queue(scheduler, "http://a.gov.cn/1")
    scheduler.close("finished")
    state = crawl_state_for(scheduler.crawler)
    assert Frontier(state.db, state.crawl_id).seen_count() == 0
