"""What one worker learns about a host reaches the others, through the real Redis: Crawl-delays
and give-ups re-sent as the same signals where a request of the host is taken, challenges and
circuit-breaker pauses counted across workers so a host is given up at the embedded count."""

from __future__ import annotations

import uuid

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.distributed.cluster import cluster_for
from crawler.distributed.host_sync import HostSync
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.status import delete_crawl
from crawler.host_signals import crawl_delay_found, host_given_up, host_pause_requested
from tests.services import redis_url  # noqa: F401  (fixture)


class HostSpider(Spider):
    name = "hosts-test"


class Worker:
    """One worker's HostSync, with the host signals it received."""

    def __init__(self, crawl: tuple[str, str]) -> None:
        url, crawl_id = crawl
        self.crawler = get_crawler(
            HostSpider,
            {
                "REDIS_URL": url,
                "CRAWL_ID": crawl_id,
                "CHALLENGE_MAX_PER_HOST": 2,
                "HOST_MAX_PAUSES": 2,
            },
        )
        self.cluster = cluster_for(self.crawler)
        self.sync = HostSync(self.crawler, self.cluster)
        self.received: list[tuple[str, dict]] = []
        for signal, name in ((crawl_delay_found, "delay"), (host_given_up, "given_up")):
            self.crawler.signals.connect(self._receiver(name), signal=signal, weak=False)

    def _receiver(self, name: str):
        def receive(**kwargs) -> None:
            kwargs.pop("signal", None)
            kwargs.pop("sender", None)
            self.received.append((name, kwargs))

        return receive

    def send(self, signal, **kwargs) -> None:
        self.crawler.signals.send_catch_log(signal, **kwargs)


@pytest.fixture
def crawl(redis_url):  # noqa: F811
    """(Redis URL, a crawl id of its own); the crawl's keys are deleted afterwards."""
    crawl = (redis_url, f"test-hosts-{uuid.uuid4().hex[:10]}")
    yield crawl
    delete_crawl(Worker(crawl).cluster.server, CrawlKeys(crawl[1]))


def test_a_crawl_delay_found_by_one_worker_is_resent_where_the_host_is_taken(crawl):
    one, two = Worker(crawl), Worker(crawl)
    one.send(crawl_delay_found, host="a.gov.cn", delay=3.0)
    published = one.cluster.server.hget(one.cluster.keys.delays, "a.gov.cn")
    two.sync.adopt("a.gov.cn", float(published), "")
    assert ("delay", {"host": "a.gov.cn", "delay": 3.0}) in two.received
    two.sync.adopt("a.gov.cn", float(published), "")  # known now: not sent again
    assert [name for name, _ in two.received].count("delay") == 1


def test_a_host_given_up_by_one_worker_is_given_up_by_the_one_taking_it(crawl):
    one, two = Worker(crawl), Worker(crawl)
    one.send(host_given_up, host="a.gov.cn", reason="robots.txt unreachable")
    reason = one.cluster.server.hget(one.cluster.keys.givenup, "a.gov.cn").decode()
    two.sync.adopt("a.gov.cn", 0.0, reason)
    assert ("given_up", {"host": "a.gov.cn", "reason": "robots.txt unreachable"}) in two.received


def test_challenges_met_by_two_workers_give_the_host_up(crawl):
    one, two = Worker(crawl), Worker(crawl)
    reason = "anti-bot challenge (ruishu)"
    one.send(host_pause_requested, host="a.gov.cn", seconds=600, reason=reason)
    assert not one.cluster.server.hexists(one.cluster.keys.givenup, "a.gov.cn")
    two.send(host_pause_requested, host="a.gov.cn", seconds=600, reason=reason)
    assert one.cluster.server.hexists(one.cluster.keys.givenup, "a.gov.cn")
    assert two.crawler.stats.get_value("hosts/given_up/challenge") == 1


def test_a_pause_one_worker_asked_for_is_published_with_its_end_and_reason(crawl):
    one = Worker(crawl)
    one.send(host_pause_requested, host="a.gov.cn", seconds=600, reason="circuit breaker open")
    until, _, reason = one.cluster.server.hget(one.cluster.keys.paused, "a.gov.cn").partition(b" ")
    seconds, _ = one.cluster.server.time()
    assert int(until) / 1000 > seconds + 590
    assert reason == b"circuit breaker open"
