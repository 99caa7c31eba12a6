"""One worker's link to its distributed crawl: who it is, the Redis client, the crawl's keys and
scripts, and what the worker does while Redis is away."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import redis
from scrapy.utils.asyncio import call_later, run_in_thread
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings

from crawler.distributed import scripts
from crawler.distributed.keys import CrawlKeys

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# A lost or refused connection, or no answer within REDIS_PARAMS' socket timeout.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
PROBE_FIRST, PROBE_MAX = 1.0, 30.0  # seconds between probes of a Redis that went away


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def worker_id(settings: BaseSettings) -> str:
    """WORKER_ID (default ``<hostname>-<pid>``), made safe for file and key names."""
    raw = settings.get("WORKER_ID") or default_worker_id()
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(raw)) or "worker"


class Cluster:
    """A worker of the crawl ``CRAWL_ID`` on the Redis at ``REDIS_URL``.

    Redis calls are short and made on the reactor thread, like scrapy-redis's own. When one fails
    on a lost connection the worker pauses: reads answer a safe default, writes (new requests,
    acknowledgements, what it learnt about hosts) wait in order in memory, Redis is probed from a
    thread with backoff, and the writes are replayed when it answers. One WARNING when Redis
    goes, one INFO when it is back.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.url = settings.get("REDIS_URL")
        self.keys = CrawlKeys(settings.get("CRAWL_ID"))
        self.worker = worker_id(settings)
        # One process run of a worker; a worker restarted under the same WORKER_ID is another
        # instance, so the leases of the one that died still expire.
        self.instance = f"{self.worker}/{uuid.uuid4().hex[:8]}"
        self.started = round(time.time(), 3)
        self.lease_ttl = settings.getfloat("LEASE_TTL")
        self.heartbeat_interval = settings.getfloat("LEASE_HEARTBEAT")
        self.server = get_redis_from_settings(settings)
        self._scripts = {
            name: self.server.register_script(text)
            for name, text in vars(scripts).items()
            if name.isupper() and isinstance(text, str)
        }
        self.available = True
        self.down_since = 0.0
        self._pending_writes: list[tuple[Callable[..., Any], tuple]] = []
        self._probe_wait = PROBE_FIRST
        self._on_recovery: list[Callable[[], None]] = []

    @property
    def info(self) -> str:
        """What ``cluster_status`` shows about this worker."""
        return json.dumps(
            {
                "worker": self.worker,
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "output_dir": str(self.crawler.settings.get("OUTPUT_DIR")),
                "started": self.started,
            }
        )

    # --- scripts ------------------------------------------------------------------------------

    def script(self, name: str, *args: Any) -> Any:
        """Run one of :mod:`crawler.distributed.scripts` with the crawl prefix as ARGV[1]."""
        return self._scripts[name](args=[self.keys.prefix, *args])

    # --- outages ------------------------------------------------------------------------------

    def read(self, call: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """``call(*args)``, or ``default`` while Redis is away (and when this call finds it so)."""
        if not self.available:
            return default
        try:
            return call(*args)
        except REDIS_DOWN as exc:
            self._lost(exc)
            return default

    def write(self, call: Callable[..., Any], *args: Any) -> Any:
        """``call(*args)`` now, or kept in order and replayed once Redis is back (then None)."""
        if self.available:
            try:
                return call(*args)
            except REDIS_DOWN as exc:
                self._lost(exc)
        # A call cut off mid-way may have run in Redis: every write is safe to run twice
        # (the dupefilter catches a request pushed twice, a lease is acknowledged once).
        self._pending_writes.append((call, args))
        return None

    @property
    def pending_writes(self) -> int:
        return len(self._pending_writes)

    def on_recovery(self, callback: Callable[[], None]) -> None:
        self._on_recovery.append(callback)

    def _lost(self, exc: Exception) -> None:
        if not self.available:
            return
        self.available = False
        self.down_since = time.monotonic()
        self._probe_wait = PROBE_FIRST
        self.crawler.stats.inc_value("distributed/redis_outages")
        logger.warning(
            "Redis at %s unreachable (%s: %s): worker %s pauses; no new requests until it is "
            "back, work in progress finishes and is acknowledged then; retrying with backoff",
            self.url,
            type(exc).__name__,
            exc,
            self.worker,
        )
        call_later(self._probe_wait, self._probe)

    def _probe(self) -> None:
        deferred_from_coro(self._probe_async())

    async def _probe_async(self) -> None:
        try:
            await run_in_thread(self.server.ping)  # a hung Redis must not block the reactor
        except REDIS_DOWN:
            self._probe_wait = min(self._probe_wait * 2, PROBE_MAX)
            call_later(self._probe_wait, self._probe)
            return
        # connections opened before the outage are dead: replay on fresh ones
        self.server.connection_pool.disconnect()
        replayed = 0
        while self._pending_writes:
            call, args = self._pending_writes[0]
            try:
                call(*args)
            except REDIS_DOWN:
                call_later(self._probe_wait, self._probe)
                return
            self._pending_writes.pop(0)
            replayed += 1
        self.available = True
        logger.info(
            "Redis at %s is back after %.1f s: worker %s resumes (%d writes replayed)",
            self.url,
            time.monotonic() - self.down_since,
            self.worker,
            replayed,
        )
        for callback in self._on_recovery:
            callback()


def cluster_for(crawler: Crawler) -> Cluster | None:
    """The crawler's :class:`Cluster`, built on first use; None for an embedded crawl."""
    if not crawler.settings.get("REDIS_URL"):
        return None
    cluster = getattr(crawler, "_nianbao_cluster", None)
    if cluster is None:
        cluster = Cluster(crawler)
        crawler._nianbao_cluster = cluster
    return cluster
