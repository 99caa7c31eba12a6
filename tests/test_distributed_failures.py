"""A distributed crawl survives its failures: a worker killed with SIGKILL mid-crawl (its leases
expire, the other worker takes them back and finishes), and Redis going away mid-crawl (the
workers pause, retry with backoff, log it once, and lose nothing). Real worker processes, a real
Redis (a private redis-server for the outage), judged from the servers' logs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from redis import Redis

from bench.distributed import judge, start_workers, wait_workers
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.status import delete_crawl, member_url
from demo.network import DemoNetwork
from demo.sites.wide_world import wide_world
from tests.services import REDIS_HOST, REDIS_PORT, REDIS_TEST_URL, require_service

CRAWL_DELAY = 1.0
WAIT = 120.0  # seconds for a crawl to reach the point a test waits for (loaded machine)


def _served(network) -> int:
    return sum(len(network.log(host)) for host in network.hosts)


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


def _world(tmp_path: Path, portals: int):
    world = wide_world(portals, 3, CRAWL_DELAY)
    registry = tmp_path / "portals.toml"
    registry.write_text(world.registry, encoding="utf-8")
    return world, registry


def _leased_urls(server: Redis, keys: CrawlKeys, worker: str) -> set[str]:
    """URLs of the requests leased to ``worker`` right now."""
    urls = set()
    for lease_id in server.zrange(keys.leases, 0, -1):
        owner, member = server.hmget(keys.lease(lease_id.decode()), "owner", "member")
        if owner and owner.decode().startswith(worker + "/"):
            urls.add(member_url(member))
    return urls


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path):
    require_service("Redis", REDIS_HOST, REDIS_PORT)
    world, registry = _world(tmp_path, portals=8)
    crawl_id = f"test-kill-{uuid.uuid4().hex[:10]}"
    server, keys = Redis.from_url(REDIS_TEST_URL), CrawlKeys(crawl_id)
    try:
        with DemoNetwork(world.sites) as network:
            victim, survivor = start_workers(
                2,
                registry,
                tmp_path,
                network.proxy_url,
                REDIS_TEST_URL,
                crawl_id,
                LEASE_TTL=4,
                LEASE_HEARTBEAT=1,
            )
            expected = 8 * 10
            _wait_until(
                lambda: (
                    _served(network) >= expected // 3 and _leased_urls(server, keys, victim.name)
                ),
                "the first worker holds a lease a third into the crawl",
            )
            victim.process.send_signal(signal.SIGKILL)
            held = _leased_urls(server, keys, victim.name)
            wait_workers([victim, survivor], timeout=240)
            verdict = judge(network, [victim, survivor], world.report_urls, CRAWL_DELAY)
    finally:
        delete_crawl(server, keys)
    log = survivor.log.read_text(errors="replace")
    assert survivor.returncode == 0, log[-3000:]
    assert "requests leased to workers that stopped" in log
    assert verdict.missing == []
    assert verdict.found_twice == []
    assert verdict.breaches == []
    # fetched again: only what the dead worker held (and robots.txt it had not shared yet)
    again = {f"http://{host}{target}" for host, target in verdict.fetched_twice}
    hosts = {url.split("/")[2] for url in held}
    assert again <= held | {f"http://{host}/robots.txt" for host in hosts}


class PrivateRedis:
    """A redis-server of the test's own (append-only file, fsync always), to stop and restart."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            reason = "redis-server is not installed"
            if os.environ.get("NIANBAO_REQUIRE_SERVICES"):
                pytest.fail(f"{reason}, and NIANBAO_REQUIRE_SERVICES is set")
            pytest.skip(reason)
        self.binary, self.directory = binary, directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        options = ["--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory)]
        options += ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]
        self.process = subprocess.Popen(
            [self.binary, *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url)
        _wait_until(lambda: self._answers(client), "the private Redis answers")

    @staticmethod
    def _answers(client: Redis) -> bool:
        try:
            return bool(client.ping())
        except Exception:
            return False

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path / "redis")
    redis.directory.mkdir()
    redis.start()
    yield redis
    redis.kill()


def test_workers_pause_while_redis_is_away_and_lose_nothing(private_redis, tmp_path):
    world, registry = _world(tmp_path, portals=6)
    with DemoNetwork(world.sites) as network:
        workers = start_workers(
            2, registry, tmp_path, network.proxy_url, private_redis.url, "outage"
        )
        expected = 6 * 10
        _wait_until(lambda: _served(network) >= expected // 2, "half the crawl is done")
        private_redis.kill()
        time.sleep(3)
        private_redis.start()
        wait_workers(workers, timeout=240)
        verdict = judge(network, workers, world.report_urls, CRAWL_DELAY)
    for worker in workers:
        log = worker.log.read_text(errors="replace")
        assert worker.returncode == 0, log[-3000:]
        assert log.count(f"Redis at {private_redis.url} unreachable") == 1, worker.name
        assert log.count(f"Redis at {private_redis.url} is back after") == 1, worker.name
    assert verdict.missing == []
    assert verdict.found_twice == []
    assert verdict.fetched_twice == []
    assert verdict.breaches == []
