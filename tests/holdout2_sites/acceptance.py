"""``python -m tests.holdout2_sites.acceptance --output DIR``: crawl the second held-out set as a
user would and judge it: reports found per portal, false positives, fields and table cells, and
politeness from the servers' own request logs. Writes ``DIR/acceptance.json`` and
``DIR/server_log.jsonl`` (every request each host saw) as evidence.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import protego
from warcio.archiveiterator import ArchiveIterator

from demo.network import DemoNetwork
from demo.run import compare, crawl_command, read_items, run_crawl
from demo.score import score_items
from demo.server import RequestRecord
from demo.sites.collection import Collection
from tests.holdout2_sites import holdout2_collection, shashi
from tests.server_log_judge import overlapping

DEFAULT_DOWNLOAD_DELAY = 1.0  # the crawler's documented default floor
TRAP_BUDGET = 40
# Statuses the portals answer with a Retry-After, and its value (seconds), per host.
RETRY_AFTER = {shashi.WWW: shashi.RETRY_AFTER_SECONDS}


def robots_text(collection: Collection, host: str) -> str | None:
    """The robots.txt a host serves (None when it answers 404)."""
    site = next(s for s in collection.sites if s.host == host)
    route = site.routes.get("/robots.txt")
    return None if route is None or callable(route) else route.body.decode()


def judge_host(
    collection: Collection, host: str, records: list[RequestRecord], expected: dict
) -> dict:
    """What a site operator would conclude from one host's request log."""
    records = sorted(records, key=lambda r: r.started)
    portal = next(p for p in collection.portals if any(s.host == host for s in p.sites))
    text = robots_text(collection, host)
    crawl_delay = (protego.Protego.parse(text).crawl_delay("nianbao") or 0) if text else 0
    floor = max(DEFAULT_DOWNLOAD_DELAY, portal.download_delay or 0, crawl_delay)
    urls = [f"http://{host}{r.target}" for r in records]
    gaps = [
        (round(b.started - a.started, 3), a.target, b.target)
        for a, b in itertools.pairwise(records)
    ]
    retry = []
    for i, record in enumerate(records):
        if record.status in (429, 503) and host in RETRY_AFTER:
            following = records[i + 1] if i + 1 < len(records) else None
            retry.append(
                {
                    "target": record.target,
                    "status": record.status,
                    "retry_after": RETRY_AFTER[host],
                    "next_request_after_s": None
                    if following is None
                    else round(following.started - record.ended, 3),
                    "retried": any(r.target == record.target and r.status == 200 for r in records),
                }
            )
    traps = {
        prefix: sum(u.startswith(prefix) for u in urls)
        for prefix in expected["traps"]
        if prefix.startswith(f"http://{host}/")
    }
    return {
        "host": host,
        "portal": portal.id,
        "requests": len(records),
        "robots_first": bool(records) and records[0].target == "/robots.txt",
        "robots_fetches": sum(r.target == "/robots.txt" for r in records),
        "disallowed_requested": [u for u in urls if u in set(expected["disallowed"])],
        "floor_s": floor,
        "min_gap_s": min((g for g, _, _ in gaps), default=None),
        "gaps_below_floor": [g for g in gaps if g[0] < floor],
        "retry_after": retry,
        "trap_requests": traps,
        "trap_over_budget": {p: n for p, n in traps.items() if n > TRAP_BUDGET},
        "overlapping": overlapping(records),
        "user_agents": sorted({r.user_agent for r in records}),
        "statuses": dict(sorted(_count(str(r.status) for r in records).items())),
    }


def _count(values) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for value in values:
        out[value] += 1
    return out


def warc_metadata(output: Path) -> dict[str, dict[str, list[str]]]:
    """The crawl's own notes per URL (role, classifier, outlinks) from its metadata records."""
    notes: dict[str, dict[str, list[str]]] = {}
    for path in sorted((output / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "metadata":
                    continue
                fields: dict[str, list[str]] = defaultdict(list)
                for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
                    name, _, value = line.partition(": ")
                    fields[name].append(value)
                notes[record.rec_headers.get_header("WARC-Target-URI")] = dict(fields)
    return notes


def explain_missing(url: str, logs: dict[str, list[RequestRecord]], notes: dict) -> dict:
    """Was a missing report requested at all, and what did the crawl think of it?"""
    host = url.split("/")[2]
    target = url.split(host, 1)[1]
    seen = [r.status for r in logs.get(host, []) if r.target == target]
    note = notes.get(url, {})
    linked_from = [page for page, fields in notes.items() if url in fields.get("outlink", [])]
    return {
        "url": url,
        "server_saw": seen,
        "role": note.get("role"),
        "classifier": note.get("classifier"),
        "linked_from_fetched_pages": linked_from,
    }


def extra_fields(items: list[dict], reports: list[dict]) -> dict:
    """Fields demo.score does not compare: region, attachments, phrases in the item's text."""
    truth = {r["url"]: r for r in reports}
    out = {"region_right": 0, "attachments_right": 0, "phrases_right": 0, "mismatches": []}
    for item in items:
        gold = truth.get(item.get("url"))
        if gold is None:
            continue
        if item.get("region") == gold["region"]:
            out["region_right"] += 1
        else:
            out["mismatches"].append(f"region: {item.get('region')!r} != {gold['region']!r}")
        if sorted(item.get("attachments") or []) == sorted(gold["attachments"]):
            out["attachments_right"] += 1
        else:
            out["mismatches"].append(
                f"attachments: {item.get('attachments')} != {gold['attachments']} ({gold['url']})"
            )
        text = item.get("text") or ""
        if all(p in text for p in gold["phrases"]):
            out["phrases_right"] += 1
        else:
            lost = [p for p in gold["phrases"] if p not in text]
            out["mismatches"].append(f"phrases missing from text: {lost} ({gold['url']})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.holdout2_sites.acceptance")
    parser.add_argument("--output", default="/tmp/holdout2", help="crawl output directory")
    args = parser.parse_args(argv)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    collection = holdout2_collection()
    expected = collection.expected_document()
    command = crawl_command(collection.directory / "portals.toml", output)
    with DemoNetwork(collection.sites) as net:
        started = time.monotonic()
        code = run_crawl(net, command, output / "crawl.log")
        seconds = round(time.monotonic() - started, 1)
        logs = {host: net.log(host).records() for host in net.hosts}
    with open(output / "server_log.jsonl", "w", encoding="utf-8") as handle:
        for host, records in logs.items():
            for r in sorted(records, key=lambda r: r.started):
                row = {"host": host, "target": r.target, "status": r.status, "start": r.started}
                row |= {"end": r.ended, "method": r.method, "error": r.error}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    items = read_items(output / "reports.jsonl")
    rows = compare(collection, items)
    notes = warc_metadata(output)
    for row in rows:
        row["missing_why"] = [explain_missing(u, logs, notes) for u in row["missing"]]
    summary = {
        "exit_code": code,
        "seconds": seconds,
        "portals": rows,
        "scores": score_items(items, expected["reports"]),
        "extra_fields": extra_fields(items, expected["reports"]),
        "items_with_errors": {i["url"]: i["errors"] for i in items if i.get("errors")},
        "items_with_warnings": {i["url"]: i["warnings"] for i in items if i.get("warnings")},
        "hosts": [judge_host(collection, h, logs[h], expected) for h in collection.hosts],
    }
    (output / "acceptance.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps(summary, ensure_ascii=False, indent=1)[:20000])
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
