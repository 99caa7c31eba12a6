"""The shared queue of a distributed crawl, against the real Redis: hosts handed out one request at
a time and only when ready, leases that outlive their answer but not their worker, budgets and
seeding across workers, and queue members that are not plain data refused, never run."""

from __future__ import annotations

import pickle
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler import request_codec
from crawler.distributed.cluster import cluster_for
from crawler.distributed.queue import HostLeaseQueue, Taken
from crawler.distributed.status import delete_crawl
from crawler.request_codec import UnserializableRequest
from tests.services import redis_url  # noqa: F401  (fixture)


class QueueSpider(Spider):
    name = "queue-test"

    def parse_page(self, response):
        pass


@dataclass
class Crawl:
    redis_url: str
    crawl_id: str


@pytest.fixture
def crawl(redis_url):  # noqa: F811
    """A crawl id of its own in the tests' Redis db; its keys are deleted afterwards."""
    crawl = Crawl(redis_url, f"test-queue-{uuid.uuid4().hex[:10]}")
    yield crawl
    queue = worker(crawl)
    delete_crawl(queue.server, queue.keys)


def worker(crawl: Crawl, **settings) -> HostLeaseQueue:
    """One worker's queue of ``crawl`` (its own Cluster instance)."""
    crawler = get_crawler(
        QueueSpider,
        {
            "REDIS_URL": crawl.redis_url,
            "CRAWL_ID": crawl.crawl_id,
            "LEASE_TTL": 30.0,
            "LEASE_HEARTBEAT": 5.0,
            **settings,
        },
    )
    spider = QueueSpider.from_crawler(crawler)
    crawler.spider = spider
    cluster = cluster_for(crawler)
    return HostLeaseQueue(cluster.server, spider, cluster.keys.prefix, request_codec)


def push(queue: HostLeaseQueue, url: str, priority: int = 0, **meta) -> tuple[int, int]:
    request = Request(url, callback=queue.spider.parse_page, priority=priority, meta=meta)
    return queue.push_encoded(request, queue.encode(request), fingerprint=url)


def test_a_host_is_handed_out_once_until_its_request_is_answered(crawl):
    queue = worker(crawl)
    push(queue, "http://a.gov.cn/1")
    push(queue, "http://a.gov.cn/2")
    push(queue, "http://b.gov.cn/1")
    first, second = queue.take(), queue.take()
    assert {first.request.url, second.request.url} == {"http://a.gov.cn/1", "http://b.gov.cn/1"}
    assert not isinstance(queue.take(), Taken)  # a.gov.cn is in flight, b.gov.cn too


def test_an_answered_host_waits_its_delay_before_its_next_request(crawl):
    queue = worker(crawl)
    push(queue, "http://a.gov.cn/1")
    push(queue, "http://a.gov.cn/2")
    taken = queue.take()
    left = queue.free_host(taken.lease, "answered", since_ms=0, delay_ms=60_000)
    assert left > 50
    wait = queue.take()
    assert not isinstance(wait, Taken)
    assert wait > 50  # seconds until a.gov.cn is ready


def test_the_lease_stays_after_the_answer_until_the_request_is_done(crawl):
    queue = worker(crawl)
    push(queue, "http://a.gov.cn/1")
    taken = queue.take()
    queue.free_host(taken.lease, "answered", since_ms=0, delay_ms=0)
    assert queue.server.zscore(queue.keys.leases, taken.lease) is not None
    queue.free_host(taken.lease, "done")
    assert queue.server.zscore(queue.keys.leases, taken.lease) is None


def test_a_host_keeps_priority_then_arrival_order(crawl):
    queue = worker(crawl)
    for url, priority in (("/a", 0), ("/b", 10), ("/c", 0), ("/d", 10)):
        push(queue, "http://a.gov.cn" + url, priority)
    order = []
    for _ in range(4):
        taken = queue.take()
        order.append(taken.request.url.rsplit("/", 1)[1])
        queue.free_host(taken.lease, "done")
    assert order == ["b", "d", "a", "c"]


def test_a_url_is_queued_once_across_workers(crawl):
    one, two = worker(crawl), worker(crawl)
    assert push(one, "http://a.gov.cn/1")[0] == 1
    assert push(two, "http://a.gov.cn/1")[0] == -1
    assert len(one) == 1


def test_a_portals_page_budget_holds_across_workers(crawl):
    one, two = worker(crawl), worker(crawl)
    accepted = []
    for n in range(6):
        queue = (one, two)[n % 2]
        request = Request(f"http://a.gov.cn/{n}", meta={"portal": "a"})
        status, _ = queue.push_encoded(
            request, queue.encode(request), fingerprint=request.url, portal="a", budget=4
        )
        accepted.append(status)
    assert accepted == [1, 1, 1, 1, -2, -2]


def test_a_dead_workers_lease_goes_back_to_the_queue(crawl):
    dead = worker(crawl, LEASE_TTL=0.05)
    alive = worker(crawl)
    push(dead, "http://a.gov.cn/1")
    taken = dead.take()
    assert not isinstance(alive.take(), Taken)
    time.sleep(0.3)  # the dead worker never renews its lease
    reaped, _ = alive.heartbeat([])
    assert reaped == 1
    again = alive.take()
    assert again.request.url == taken.request.url
    assert again.lease != taken.lease


def test_a_heartbeat_extends_the_workers_own_leases(crawl):
    queue = worker(crawl)
    push(queue, "http://a.gov.cn/1")
    taken = queue.take()
    before = queue.server.zscore(queue.keys.leases, taken.lease)
    time.sleep(0.05)
    queue.heartbeat([taken.lease])
    assert queue.server.zscore(queue.keys.leases, taken.lease) > before


def test_a_lease_taken_back_is_reported_lost_to_its_worker(crawl):
    slow = worker(crawl, LEASE_TTL=0.05)
    other = worker(crawl)
    push(slow, "http://a.gov.cn/1")
    taken = slow.take()
    time.sleep(0.3)
    other.heartbeat([])
    _, lost = slow.heartbeat([taken.lease])
    assert lost == [taken.lease]
    assert slow.free_host(taken.lease, "done") == -1


def test_what_one_worker_published_about_a_host_comes_with_its_requests(crawl):
    one, two = worker(crawl), worker(crawl)
    one.cluster.script("PUBLISH_DELAY", "a.gov.cn", "2.5")
    one.server.hsetnx(one.keys.givenup, "a.gov.cn", "robots.txt unreachable")
    push(one, "http://a.gov.cn/1")
    taken = two.take()
    assert taken.delay == 2.5
    assert taken.given_up == "robots.txt unreachable"


def test_a_paused_host_is_not_handed_out(crawl):
    queue = worker(crawl)
    push(queue, "http://a.gov.cn/1")
    queue.pause_host("a.gov.cn", 60, "anti-bot challenge")
    wait = queue.take()
    assert not isinstance(wait, Taken)
    assert wait > 50


def test_a_pickled_request_planted_in_the_queue_is_refused_never_run(crawl, tmp_path):
    queue = worker(crawl)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    planted = b"000000000000|" + pickle.dumps({"url": "http://a.gov.cn/x", "p": Payload()})
    keys = queue.keys
    queue.server.zadd(keys.host_queue("a.gov.cn"), {planted: -100})
    queue.server.zadd(keys.hosts, {"a.gov.cn": 0})
    queue.server.incr(keys.queued)
    push(queue, "http://a.gov.cn/fine")
    taken = queue.take()
    assert taken.request.url == "http://a.gov.cn/fine"
    assert not marker.exists()
    assert queue.server.lrange(keys.rejected, 0, -1) == [planted]


def test_a_request_carrying_objects_is_refused_before_it_is_stored(crawl):
    queue = worker(crawl)
    request = Request("http://a.gov.cn/1", meta={"capture": object()})
    with pytest.raises(UnserializableRequest):
        queue.encode(request)


def test_meta_of_an_earlier_download_attempt_is_not_stored(crawl):
    queue = worker(crawl)
    request = Request(
        "http://a.gov.cn/1",
        meta={"portal": "a", "download_latency": 0.2, "warc_future": object(), "_body_cap": 1},
    )
    stored = request_codec.loads(queue.encode(request))
    assert stored["meta"] == {"portal": "a"}


def test_seeding_is_claimed_by_the_first_worker_only(crawl):
    one, two = worker(crawl), worker(crawl)
    assert one.cluster.script("CLAIM_SEEDING", one.cluster.instance) == b"seed"
    assert two.cluster.script("CLAIM_SEEDING", two.cluster.instance) == b"joined"


def test_another_crawl_id_is_a_separate_crawl(crawl):
    one = worker(crawl)
    other = worker(Crawl(crawl.redis_url, crawl.crawl_id + "-b"))
    try:
        push(one, "http://a.gov.cn/1")
        assert push(other, "http://a.gov.cn/1")[0] == 1
        assert other.cluster.script("CLAIM_SEEDING", other.cluster.instance) == b"seed"
    finally:
        delete_crawl(other.server, other.keys)


def test_a_crawl_with_nothing_queued_or_leased_is_finished_by_the_first_worker_out(crawl):
    one, two = worker(crawl), worker(crawl)
    one.server.hset(one.keys.meta, "seeded", 1)
    one.heartbeat([])
    two.heartbeat([])
    assert one.cluster.script("LEAVE", one.cluster.instance, 1) == [1, 0]  # two is alive
    assert one.server.hexists(one.keys.meta, "finished")
    assert one.cluster.script("CLAIM_SEEDING", "late") == b"finished"


def test_only_the_last_worker_out_deletes_the_working_keys(crawl):
    one, two = worker(crawl), worker(crawl)
    one.server.hset(one.keys.meta, "seeded", 1)
    push(one, "http://a.gov.cn/1")
    one.free_host(one.take().lease, "done")
    one.heartbeat([])
    two.heartbeat([])
    one.cluster.script("LEAVE", one.cluster.instance, 1)
    assert one.server.exists(one.keys.dupefilter)
    assert two.cluster.script("LEAVE", two.cluster.instance, 1) == [0, 1]
    assert not one.server.exists(one.keys.dupefilter)
    assert one.server.hexists(one.keys.meta, "finished")


def test_a_crawl_with_work_left_is_not_finished_by_a_worker_leaving(crawl):
    queue = worker(crawl)
    queue.server.hset(queue.keys.meta, "seeded", 1)
    push(queue, "http://a.gov.cn/1")
    assert queue.cluster.script("LEAVE", queue.cluster.instance, 1) == [0, 0]
    assert len(queue) == 1
