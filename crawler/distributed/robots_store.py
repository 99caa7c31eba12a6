"""robots.txt shared by the workers of a distributed crawl: fetched once per origin per crawl."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from crawler.distributed.cluster import Cluster, cluster_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class SharedRobots:
    """What the worker that fetched an origin's robots.txt (its WARC holds the exchange) decided:
    the text it parsed, "allow all" or "given up", for the others to build their policy from.
    Workers never fetch one host's robots.txt at the same time: the host's lease serialises them.
    """

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def get(self, origin: str) -> dict | None:
        """What a worker decided about ``origin``: {"text": ...}, {"allow_all": true} or
        {"given_up": true}; None when nobody has fetched it (or Redis is away)."""
        raw = self.cluster.read(self.cluster.server.hget, self.cluster.keys.robots, origin)
        return json.loads(raw) if raw else None

    def put(self, origin: str, record: dict) -> None:
        self.cluster.write(
            self.cluster.server.hset,
            self.cluster.keys.robots,
            origin,
            json.dumps(record, ensure_ascii=False),
        )


def shared_robots(crawler: Crawler) -> SharedRobots | None:
    """The crawl's shared robots.txt store; None for an embedded crawl."""
    cluster = cluster_for(crawler)
    return SharedRobots(cluster) if cluster is not None else None
