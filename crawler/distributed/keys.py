"""The Redis key names of one distributed crawl, all under ``nianbao:<CRAWL_ID>:``, in one place
for the queue, the scheduler, the politeness sync and ``cluster_status``."""

from __future__ import annotations

import re

_CRAWL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def check_crawl_id(crawl_id: str) -> str:
    """``crawl_id`` if it can name keys and files; ValueError otherwise."""
    if not _CRAWL_ID.match(crawl_id or ""):
        raise ValueError(
            f"CRAWL_ID {crawl_id!r}: give 1-100 letters, digits, '_', '.' or '-' "
            "(every worker of one crawl gives the same)"
        )
    return crawl_id


class CrawlKeys:
    """Key names of the crawl ``crawl_id``. One Redis instance, not Redis Cluster: the Lua
    scripts build per-host and per-lease key names from the prefix."""

    def __init__(self, crawl_id: str) -> None:
        self.crawl_id = check_crawl_id(crawl_id)
        p = self.prefix = f"nianbao:{crawl_id}:"
        self.pattern = p + "*"  # SCAN pattern of every key of this crawl
        # the queue: host -> zset of its requests (score -priority, member "seq|json")
        self.host_queue_prefix = p + "q:"
        self.hosts = p + "hosts"  # zset host -> next-allowed ms; queued work, nothing in flight
        self.inflight = p + "inflight"  # hash host -> lease id
        self.leases = p + "leases"  # zset lease id -> expiry ms
        self.lease_prefix = p + "lease:"  # hash per lease: owner, host, member, score, taken
        self.queued = p + "queued"  # counter of queued requests
        self.seq = p + "seq"  # counter: queue order and lease ids
        self.rejected = p + "rejected"  # list of queue members refused as not plain data
        self.dupefilter = p + "dupefilter"  # set of request fingerprints (scrapy-redis)
        self.pages = p + "pages"  # hash portal -> pages scheduled (the page budget)
        # what workers learnt about hosts
        self.hostnext = p + "hostnext"  # hash host -> next-allowed ms
        self.delays = p + "delays"  # hash host -> Crawl-delay (s)
        self.paused = p + "paused"  # hash host -> "until_ms reason"
        self.givenup = p + "givenup"  # hash host -> reason
        self.strikes = p + "strikes"  # hash "challenge:<host>" / "breaker:<host>" -> count
        self.robots = p + "robots"  # hash origin -> robots.txt record (JSON)
        # the workers and the crawl
        self.workers = p + "workers"  # zset instance -> heartbeat expiry ms
        self.workerinfo = p + "workerinfo"  # hash instance -> JSON (worker, host, pid, ...)
        self.seed = p + "seed"  # instance that claimed seeding
        self.meta = p + "meta"  # hash: started, seeded, finished (epoch s)

    def host_queue(self, host: str) -> str:
        return self.host_queue_prefix + host

    def lease(self, lease_id: str | int) -> str:
        return f"{self.lease_prefix}{lease_id}"
