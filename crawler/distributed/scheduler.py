"""scrapy-redis's scheduler for workers sharing one crawl: a host-leased queue, ready hosts first,
no blocking call, no worker stopping while another may still produce work."""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.utils.asyncio import call_later, create_looping_call
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.cluster import cluster_for
from crawler.distributed.host_sync import HostSync
from crawler.distributed.queue import HostLeaseQueue, Taken
from crawler.request_codec import UnserializableRequest
from crawler.request_signals import request_done
from crawler.request_tracking import FRONTIER_ID

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Longest the engine waits before asking Redis again when no host is ready here: other
# workers' acknowledgements and new requests make hosts ready without telling us.
IDLE_POLL = 0.5


@dataclass
class LocalLease:
    host: str
    taken: float  # time.monotonic()
    url: str
    answered: bool = False  # its answer arrived: the host was freed, the lease stays


class DistributedScheduler(Scheduler):
    """``SCHEDULER`` when ``REDIS_URL`` is set (the DistributedCrawl add-on sets it).

    ``next_request`` takes a request of a host that is ready across the whole cluster, never
    blocking: when none is ready it says so at once and wakes the engine when one will be. The
    request stays leased to this worker until ``request_done``; its host is freed when its answer
    arrives. ``has_pending_requests`` stays true while any worker holds a lease or seeding is
    under way. Closing never deletes shared keys while other workers are alive; a crawl with
    nothing queued or leased is marked finished, and the last worker out (with
    ``SCHEDULER_PERSIST = False``) deletes what only a running crawl needs.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        cluster = cluster_for(crawler)
        if cluster is None:
            raise ValueError("DistributedScheduler needs REDIS_URL and CRAWL_ID")
        scheduler.cluster = cluster
        scheduler.margin_ms = int(max(0.0, crawler.settings.getfloat("POLITE_DELAY_MARGIN")) * 1000)
        return scheduler

    # --- open / close ---------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ScrapyDeprecationWarning)  # scrapy-redis's spider.log
            super().open(spider)
        if not isinstance(self.queue, HostLeaseQueue):
            raise ValueError(f"{type(self).__name__} needs SCHEDULER_QUEUE_CLASS HostLeaseQueue")
        self.leases: dict[str, LocalLease] = {}
        self.host_sync = HostSync(self.crawler, self.cluster)
        self._quiet_until = 0.0
        self._wake_at = 0.0
        self._idle_beats = 0
        self._unencodable_logged: set[str] = set()
        connect = self.crawler.signals.connect
        connect(self._request_done, signal=request_done)
        connect(self._leased_response, signal=signals.response_downloaded)
        connect(self._leased_left, signal=signals.request_left_downloader)
        self.cluster.on_recovery(self._recovered)
        self._heartbeat = create_looping_call(self._beat)
        self._heartbeat.start(self.cluster.heartbeat_interval, now=True)
        logger.info(
            "worker %s (instance %s) of crawl %s on %s",
            self.cluster.worker,
            self.cluster.instance,
            self.cluster.keys.crawl_id,
            self.cluster.url,
        )

    def close(self, reason: str) -> None:
        if self._heartbeat.running:
            self._heartbeat.stop()
        cluster = self.cluster
        if self.leases:
            # stopped before these were done: the next worker to take them does them
            released = cluster.read(self.queue.release, list(self.leases), default=0)
            logger.info("gave %d unfinished requests back to the queue", released)
            self.leases.clear()
        if cluster.pending_writes:
            logger.error(
                "Redis still unreachable at close: %d writes (new requests, acknowledgements) "
                "not sent; their requests will be leased again once this worker's leases expire",
                cluster.pending_writes,
            )
            return
        left = cluster.read(cluster.script, "LEAVE", cluster.instance, int(not self.persist))
        marked, cleaned = left or (0, 0)
        if marked:
            logger.info("crawl %s finished: nothing queued or leased", cluster.keys.crawl_id)
        if cleaned:
            logger.info(
                "last worker out: deleted the working keys of crawl %s", cluster.keys.crawl_id
            )

    def flush(self) -> None:
        """SCHEDULER_FLUSH_ON_START: empty the shared queue, unless other workers use it."""
        keys, server = self.cluster.keys, self.cluster.server
        seconds, micros = server.time()
        alive = server.zcount(keys.workers, seconds * 1000 + micros // 1000, "+inf")
        if alive:
            logger.warning("not flushing crawl %s: %d workers are using it", keys.crawl_id, alive)
            return
        self.queue.clear()
        self.df.clear()

    # --- in -------------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        stats = self.crawler.stats
        try:
            member = self.queue.encode(request)
        except UnserializableRequest as exc:
            stats.inc_value("distributed/unserializable")
            where = str(exc).partition(":")[0]  # the field at fault: an ERROR once for each
            level = logging.DEBUG if where in self._unencodable_logged else logging.ERROR
            self._unencodable_logged.add(where)
            logger.log(
                level,
                "cannot share %s with other workers, not queued: %s",
                request,
                exc,
            )
            return False
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        portal, budget = self._page_budget(request)
        reply = self.cluster.write(
            self.queue.push_encoded, request, member, fingerprint, portal, budget
        )
        self._quiet_until = 0.0
        if reply is None:
            stats.inc_value("distributed/enqueued_while_redis_away")
            return True
        status, _ = reply
        if status == -1:
            self.df.log(request, self.spider)
            stats.inc_value("dupefilter/filtered")
            return False
        if status == -2:
            stats.inc_value(f"budget/pages_exhausted/{portal}")
            return False
        stats.inc_value("scheduler/enqueued/redis")
        return True

    def _page_budget(self, request: Request) -> tuple[str, int]:
        """(portal, its page budget) when ``request`` is a new page counted against it."""
        portal = request.meta.get("portal")
        budget = getattr(self.spider, "page_budget", None)
        if not portal or request.dont_filter or "redirect_urls" in request.meta or budget is None:
            return "", 0
        return str(portal), int(budget(portal))

    # --- out ------------------------------------------------------------------------------------

    def next_request(self) -> Request | None:
        cluster = self.cluster
        now = time.monotonic()
        if not cluster.available:
            return None
        if now < self._quiet_until:
            self._wake_engine_in(self._quiet_until - now)
            return None
        taken = cluster.read(self.queue.take)
        if taken is None:
            return None
        if not isinstance(taken, Taken):
            wait = IDLE_POLL if taken < 0 else min(taken, IDLE_POLL)
            self._quiet_until = now + wait
            self._wake_engine_in(wait)
            return None
        self.leases[taken.lease] = LocalLease(taken.host, now, taken.request.url)
        self.host_sync.adopt(taken.host, taken.delay, taken.given_up)
        self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return taken.request

    def has_pending_requests(self) -> bool:
        cluster = self.cluster
        if self.leases or cluster.pending_writes or not cluster.available:
            return True
        return bool(cluster.read(cluster.script, "PENDING", default=1))

    def __len__(self) -> int:
        return int(self.cluster.read(len, self.queue, default=0))

    # --- answered, done ------------------------------------------------------------------------
    # A leased request's host is free again once its answer arrived (or its download failed):
    # nothing of this request is in flight there any more. The lease itself stays until
    # request_done, so that a worker dying before its callback's requests and items are safe
    # loses nothing. Run on the next turn of the loop, after every handler of the signal
    # (HostThrottle's Retry-After pause included) has run.

    def _leased_response(self, response: Response, request: Request, spider) -> None:
        self._leased_left(request, spider)

    def _leased_left(self, request: Request, spider) -> None:
        lease_id = request.meta.get(FRONTIER_ID)
        if lease_id is not None and str(lease_id) in self.leases:
            call_later(0, self._answered, str(lease_id))

    def _answered(self, lease_id: str) -> None:
        lease = self.leases.get(lease_id)
        if lease is None or lease.answered:
            return
        lease.answered = True
        self._free_host(lease, lease_id, "answered")

    def _request_done(self, request: Request) -> None:
        lease_id = request.meta.get(FRONTIER_ID)
        lease = self.leases.pop(str(lease_id), None) if lease_id is not None else None
        if lease is None:
            return  # not leased here (robots.txt), or acknowledged already
        self._free_host(lease, str(lease_id), "done")

    def _free_host(self, lease: LocalLease, lease_id: str, step: str) -> None:
        if step == "done" and lease.answered:
            terms: tuple = ()
        else:
            terms = self.host_sync.ack_terms(lease.host, lease.taken)
        self.cluster.write(self._release_host, lease_id, lease.url, step, terms)
        self._quiet_until = 0.0

    def _release_host(self, lease_id: str, url: str, step: str, terms: tuple) -> None:
        if terms:
            since, delay, pause, reason = terms
            left = self.queue.free_host(lease_id, step, since, delay, self.margin_ms, pause, reason)
        else:
            left = self.queue.free_host(lease_id, step)
        if left < 0:
            self.crawler.stats.inc_value("distributed/leases_lost")
            logger.warning(
                "the lease of %s expired before it was done; another worker may fetch it again "
                "(is this worker overloaded? raise LEASE_TTL)",
                url,
            )

    # --- heartbeat ------------------------------------------------------------------------------

    def _beat(self) -> None:
        cluster = self.cluster
        if not cluster.available:
            return  # the outage probe runs instead
        self._release_forgotten_leases()
        result = cluster.read(self.queue.heartbeat, list(self.leases))
        if result is None:
            return
        reaped, lost = result
        if reaped:
            self.crawler.stats.inc_value("distributed/leases_reaped", reaped)
            logger.info("took back %d requests leased to workers that stopped", reaped)
            self._quiet_until = 0.0
            self._wake_engine_in(0)
        for lease_id in lost:
            lease = self.leases.pop(lease_id, None)
            if lease is not None:
                self.crawler.stats.inc_value("distributed/leases_lost")
                logger.warning("lost the lease of %s (it expired)", lease.url)

    def _release_forgotten_leases(self) -> None:
        """A lease whose request nobody here works on any more (no request_done came) would
        keep every worker waiting: give it back after two idle heartbeats."""
        engine = self.crawler.engine
        idle = (
            engine is not None
            and not engine.downloader.active
            and engine.scraper.slot is not None
            and engine.scraper.slot.is_idle()
        )
        self._idle_beats = self._idle_beats + 1 if idle and self.leases else 0
        if self._idle_beats < 2:
            return
        logger.warning(
            "%d leased requests were never reported done (request_done); giving them back: %s",
            len(self.leases),
            ", ".join(lease.url for lease in list(self.leases.values())[:5]),
        )
        self.crawler.stats.inc_value("distributed/leases_released_undone", len(self.leases))
        self.cluster.write(self.queue.release, list(self.leases))
        self.leases.clear()
        self._idle_beats = 0

    # --- waking the engine ----------------------------------------------------------------------

    def _wake_engine_in(self, seconds: float) -> None:
        when = time.monotonic() + seconds
        if self._wake_at and self._wake_at <= when:
            return  # an earlier wake-up is already set
        self._wake_at = when
        call_later(seconds, self._wake)

    def _wake(self) -> None:
        self._wake_at = self._quiet_until = 0.0
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)  # no public way to ask the engine to look again
        if slot is not None:
            slot.nextcall.schedule()

    def _recovered(self) -> None:
        self._quiet_until = 0.0
        self._beat()
        self._wake()
