"""What a distributed crawl looks like in Redis right now (queue, leases, hosts, workers), for
``scrapy cluster_status``; read-only apart from :func:`delete_crawl`."""

from __future__ import annotations

import json
from typing import Any

from redis import Redis

from crawler.distributed.keys import CrawlKeys


def _text(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def member_url(member: bytes | None) -> str:
    """The URL of a queued or leased request (JSON parsed as data only)."""
    _, _, document = (member or b"").partition(b"|")
    try:
        return str(json.loads(document).get("url", "?"))
    except (ValueError, AttributeError):
        return "? (not a request document)"


def read_status(server: Redis, keys: CrawlKeys, top: int = 10) -> dict[str, Any]:
    """The crawl's state as plain data (times in seconds, relative to Redis's clock)."""
    seconds, micros = server.time()
    now_ms = seconds * 1000 + micros // 1000
    meta = {_text(k): int(v) for k, v in server.hgetall(keys.meta).items()}
    busy = {_text(k): _text(v) for k, v in server.hgetall(keys.inflight).items()}
    waiting = {_text(h): float(s) for h, s in server.zrange(keys.hosts, 0, -1, withscores=True)}
    hosts = sorted(set(waiting) | set(busy))
    pipe = server.pipeline(transaction=False)
    for host in hosts:
        pipe.zcard(keys.host_queue(host))
    per_host = {h: n for h, n in zip(hosts, pipe.execute(), strict=True) if n}
    leases = []
    expiries = server.zrange(keys.leases, 0, -1, withscores=True)
    pipe = server.pipeline(transaction=False)
    for lease_id, _ in expiries:
        pipe.hgetall(keys.lease(_text(lease_id)))
    for (lease_id, expiry), raw in zip(expiries, pipe.execute(), strict=True):
        fields = {_text(k): v for k, v in raw.items()}
        taken = int(fields.get("taken") or now_ms)
        leases.append(
            {
                "lease": _text(lease_id),
                "worker": _text(fields.get("owner")),
                "host": _text(fields.get("host")),
                "url": member_url(fields.get("member")),
                "age": round((now_ms - taken) / 1000, 1),
                "expires_in": round((expiry - now_ms) / 1000, 1),
                "answered": "answered" in fields,
            }
        )
    paused = {}
    for host, value in server.hgetall(keys.paused).items():
        until, _, reason = _text(value).partition(" ")
        if until.isdigit() and int(until) > now_ms:
            paused[_text(host)] = {"for": round((int(until) - now_ms) / 1000, 1), "reason": reason}
    workers = []
    infos = server.hgetall(keys.workerinfo)
    for instance, expiry in server.zrange(keys.workers, 0, -1, withscores=True):
        info = json.loads(infos.get(instance) or "{}")
        workers.append(
            {
                "instance": _text(instance),
                "alive": expiry > now_ms,
                "heartbeat_expires_in": round((expiry - now_ms) / 1000, 1),
                **info,
            }
        )
    given_up = {_text(k): _text(v) for k, v in server.hgetall(keys.givenup).items()}
    pages = {_text(k): int(v) for k, v in server.hgetall(keys.pages).items()}
    if "finished" in meta:
        state = "finished"
    elif "seeded" in meta:
        state = "running"
    elif server.exists(keys.seed):
        state = "seeding"
    else:
        state = "not started" if not meta else "seeding interrupted"
    return {
        "crawl_id": keys.crawl_id,
        "state": state,
        "meta": meta,
        "queued": int(server.get(keys.queued) or 0),
        "hosts_with_queue": len(per_host),
        "top_hosts": sorted(per_host.items(), key=lambda kv: (-kv[1], kv[0]))[:top],
        "hosts_ready": sum(1 for s in waiting.values() if s <= now_ms),
        "hosts_waiting_on_delay": sum(1 for s in waiting.values() if s > now_ms),
        "hosts_in_flight": len(busy),
        "leases": leases,
        "paused": paused,
        "given_up": given_up,
        "workers": workers,
        "pages_scheduled": sum(pages.values()),
        "portals": len(pages),
        "seen": server.scard(keys.dupefilter),
        "rejected": server.llen(keys.rejected),
    }


def format_status(status: dict[str, Any], url: str = "", top: int = 10) -> str:
    """The status as a few aligned lines of text (the ``top`` oldest leases listed)."""
    lines = [
        f"crawl {status['crawl_id']}{' on ' + url if url else ''}: {status['state']}",
        f"queued        {status['queued']} requests for {status['hosts_with_queue']} hosts "
        f"({status['hosts_ready']} ready, {status['hosts_waiting_on_delay']} waiting on their "
        f"delay, {status['hosts_in_flight']} in flight)",
        f"scheduled     {status['pages_scheduled']} pages of {status['portals']} portals; "
        f"{status['seen']} URLs seen; {status['rejected']} queued requests refused",
    ]
    alive = [w for w in status["workers"] if w["alive"]]
    lines.append(f"workers       {len(alive)} alive")
    for w in status["workers"]:
        where = f"{w.get('host', '?')} pid {w.get('pid', '?')} -> {w.get('output_dir', '?')}"
        state = "alive" if w["alive"] else "silent"
        lines.append(f"  {w.get('worker', w['instance']):<20} {state:<7} {where}")
    per_worker: dict[str, int] = {}
    for lease in status["leases"]:
        per_worker[lease["worker"]] = per_worker.get(lease["worker"], 0) + 1
    counts = ", ".join(f"{w} {n}" for w, n in sorted(per_worker.items()))
    lines.append(f"leases        {len(status['leases'])}{f' ({counts})' if counts else ''}")
    oldest = sorted(status["leases"], key=lambda lease: -lease["age"])[:top]
    for lease in oldest:
        lines.append(
            f"  {lease['worker']:<28} age {lease['age']:>6.1f} s  expires in "
            f"{lease['expires_in']:>6.1f} s  {lease['url']}"
        )
    if status["top_hosts"]:
        lines.append("most queued   " + ", ".join(f"{h} {n}" for h, n in status["top_hosts"]))
    lines.append(f"paused        {len(status['paused'])}")
    for host, pause in sorted(status["paused"].items()):
        lines.append(f"  {host:<28} {pause['for']:>6.1f} s more: {pause['reason']}")
    lines.append(f"given up      {len(status['given_up'])}")
    for host, reason in sorted(status["given_up"].items()):
        lines.append(f"  {host:<28} {reason}")
    return "\n".join(lines)


def delete_crawl(server: Redis, keys: CrawlKeys) -> int:
    """Delete every key of the crawl; returns how many there were."""
    names = list(server.scan_iter(match=keys.pattern, count=1000))
    for start in range(0, len(names), 500):
        server.delete(*names[start : start + 500])
    return len(names)
