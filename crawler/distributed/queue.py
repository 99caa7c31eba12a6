"""scrapy-redis queue class for a distributed crawl: one queue per host, leased requests."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy import Request
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.queue import Base

from crawler import request_codec
from crawler.distributed.cluster import cluster_for
from crawler.request_codec import UnserializableRequest, request_fields
from crawler.request_tracking import FRONTIER_ID
from crawler.scheduler import ATTEMPT_META  # what the embedded frontier does not store either

logger = logging.getLogger(__name__)

HOSTS_SCANNED = 8  # ready hosts one take() looks at (their queues may have been emptied)
REJECTED_KEPT = 1000  # refused members kept for the operator to inspect


@dataclass
class Taken:
    """A request leased to this worker, with what other workers published about its host."""

    request: Request
    lease: str
    host: str
    delay: float  # the largest Crawl-delay any worker found (0: none)
    given_up: str  # why the host was given up, "" when it was not


class HostLeaseQueue(Base):
    """``SCHEDULER_QUEUE_CLASS``; ``key`` is the crawl's key prefix (``SCHEDULER_QUEUE_KEY``).

    Each host has its own priority queue; a zset orders the hosts by the time they are next
    allowed. :meth:`take` (one Lua script) hands out the first request of a host that is ready
    and has nothing in flight, marks the host in flight and leases the request to this worker.
    :meth:`free_host` frees the host once the request's answer arrived and ends the lease once
    the request is done; a lease its worker's heartbeat no longer extends (a dead worker) goes
    back to its host queue. Requests are stored as data-only JSON (:mod:`crawler.request_codec`);
    a member that is not (a pickle someone planted) is refused, never run, and kept aside.
    """

    def __init__(self, server, spider, key, serializer=None) -> None:
        super().__init__(server, spider, key, serializer or request_codec)
        cluster = cluster_for(spider.crawler)
        if cluster is None:
            raise ValueError("HostLeaseQueue needs REDIS_URL and CRAWL_ID")
        self.cluster = cluster
        self.keys = cluster.keys
        self.stats = spider.crawler.stats
        self._refusals_logged = 0

    def __len__(self) -> int:
        return int(self.server.get(self.keys.queued) or 0)

    # --- in -----------------------------------------------------------------------------------

    def _encode_request(self, request: Request) -> bytes:
        data = request_fields(request, self.spider)
        data["meta"] = {
            k: v for k, v in data["meta"].items() if k not in ATTEMPT_META and k[:1] != "_"
        }
        return self.serializer.dumps(data)

    def encode(self, request: Request) -> bytes:
        """The stored form; raises UnserializableRequest for anything but plain data."""
        return self._encode_request(request)

    def push_encoded(
        self,
        request: Request,
        member: bytes,
        fingerprint: str = "",
        portal: str = "",
        budget: int = 0,
    ) -> tuple[int, int]:
        """Queue an encoded request unless its fingerprint was seen or its portal's page
        budget is spent, atomically. Returns (1 queued | -1 seen | -2 budget spent, pages)."""
        host = urlparse_cached(request).hostname or ""
        status, pages = self.cluster.script(
            "PUSH", host, member, -request.priority, fingerprint, portal, budget
        )
        return int(status), int(pages)

    def push(self, request: Request) -> None:
        """scrapy-redis's interface: queue without a fingerprint check or a budget."""
        self.push_encoded(request, self.encode(request))

    # --- out ----------------------------------------------------------------------------------

    def take(self) -> Taken | float:
        """The next request of a ready host, leased to this worker; else the seconds until a
        host is ready (-1: nothing is queued)."""
        cluster = self.cluster
        ttl_ms = int(cluster.lease_ttl * 1000)
        while True:
            reply = cluster.script("POP", cluster.instance, ttl_ms, HOSTS_SCANNED)
            lease = int(reply[0])
            if not lease:
                wait = int(reply[1])
                return wait / 1000 if wait >= 0 else -1.0
            member = reply[1]
            try:
                request = self._decode_member(member)
            except (UnserializableRequest, ValueError) as exc:
                self._refuse(str(lease), member, exc)
                continue
            # the request tracker follows requests marked so, and sends request_done for them
            request.meta[FRONTIER_ID] = lease
            return Taken(
                request=request,
                lease=str(lease),
                host=urlparse_cached(request).hostname or "",
                delay=float(reply[2] or 0),
                given_up=(reply[3] or b"").decode("utf-8", "replace"),
            )

    def pop(self, timeout: int = 0) -> Request | None:
        """scrapy-redis's interface (never blocks: ``timeout`` is ignored)."""
        taken = self.take()
        return taken.request if isinstance(taken, Taken) else None

    def _decode_member(self, member: bytes) -> Request:
        seq, sep, document = member.partition(b"|")
        if not sep or not seq.isdigit():
            raise UnserializableRequest("not a queue member of this crawler")
        return self._decode_request(document)

    def _refuse(self, lease: str, member: bytes, exc: Exception) -> None:
        """Keep a member that is not a plain-data request aside; never decode it again."""
        self.stats.inc_value("distributed/refused_members")
        pipe = self.server.pipeline()
        pipe.lpush(self.keys.rejected, member)
        pipe.ltrim(self.keys.rejected, 0, REJECTED_KEPT - 1)
        pipe.execute()
        self.free_host(lease, "done")
        if self._refusals_logged < 10:
            self._refusals_logged += 1
            logger.error(
                "refused a queued request that is not plain data (%s): %r...; kept under %s",
                exc,
                member[:60],
                self.keys.rejected,
            )

    # --- leases -------------------------------------------------------------------------------

    def free_host(
        self,
        lease: str,
        step: str,
        since_ms: int = -1,
        delay_ms: int = 0,
        margin_ms: int = 0,
        pause_ms: int = 0,
        reason: str = "",
    ) -> float:
        """``step`` "answered": the leased request's answer came ``since_ms`` ago, its host is
        free again after its delay (or pause), the lease stays; "done": the lease goes (and the
        host is freed if no answer did). Returns seconds until the host is next allowed, -1 if
        the lease was gone (expired and taken back)."""
        left = int(
            self.cluster.script(
                "RELEASE_HOST", lease, since_ms, delay_ms, margin_ms, pause_ms, reason, step
            )
        )
        return left / 1000 if left >= 0 else -1.0

    def pause_host(self, host: str, seconds: float, reason: str) -> None:
        self.cluster.script("PAUSE_HOST", host, int(seconds * 1000), reason)

    def heartbeat(self, leases: list[str]) -> tuple[int, list[str]]:
        """Extend this worker's leases and reap dead workers' ones.
        Returns (leases reaped, the given leases this worker no longer holds)."""
        reply = self.cluster.script(
            "HEARTBEAT",
            self.cluster.instance,
            int(self.cluster.lease_ttl * 1000),
            self.cluster.info,
            *leases,
        )
        return int(reply[0]), [x.decode() for x in reply[1:]]

    def release(self, leases: list[str]) -> int:
        """Give unfinished leases back to their host queues (this worker is stopping)."""
        if not leases:
            return 0
        return int(self.cluster.script("RELEASE", self.cluster.instance, *leases))

    def clear(self) -> None:
        """Delete every queued and leased request of the crawl (its other keys stay)."""
        keys = self.keys
        names = [keys.hosts, keys.inflight, keys.leases, keys.queued]
        for pattern in (keys.host_queue_prefix + "*", keys.lease_prefix + "*"):
            names += list(self.server.scan_iter(match=pattern, count=1000))
        self.server.delete(*names)
