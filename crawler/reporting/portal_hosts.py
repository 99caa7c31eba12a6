"""A portal's politeness facts gathered from its hosts: errors by kind, robots.txt delay, hosts
given up and why. One function for the crawl-report extension and the page alike."""

from __future__ import annotations

from collections import Counter


def portal_host_facts(hosts: dict[str, dict], portal_id: str) -> dict:
    """What the host lines of ``crawl_report.json`` say about ``portal_id``."""
    mine = {host: line for host, line in hosts.items() if line.get("portal") == portal_id}
    errors: Counter[str] = Counter()
    for line in mine.values():
        errors.update(line.get("errors") or {})
    delays = [line["robots_delay"] for line in mine.values() if line.get("robots_delay")]
    return {
        "hosts": sorted(mine),
        "errors": dict(errors.most_common()),
        "robots_delay": max(delays) if delays else None,
        "hosts_given_up": {
            host: line["given_up"] for host, line in mine.items() if line.get("given_up")
        },
    }
