"""Judging two crawls of the held-out world as its owner would: the items against the ground
truth, the servers' own request logs for politeness, the WARC files for revisits. Pure functions
of files and log records (no crawler code)."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import protego
from warcio.archiveiterator import ArchiveIterator

from demo.proxy import ProxyRecord
from demo.server import RequestRecord

FIELDS = ("title", "agency", "publisher", "year", "published", "source_format")
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def read_items(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def number(value: object) -> float | None:
    """A cell's value as a number: the truth keeps the printed text (``356.8万元``)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _NUMBER.search(str(value).replace(",", ""))
    return float(match.group(0)) if match else None


def cell_key(cell: dict) -> tuple[str, str, str, str]:
    return (cell.get("table", ""), cell.get("scope", ""), cell.get("row", ""), cell.get("col", ""))


def cells_right(item: dict, gold: dict) -> tuple[int, int, list[str]]:
    """Gold cells the item has with the right number, out of all gold cells; a few misses."""
    emitted = {cell_key(c): number(c.get("value")) for c in item.get("tables") or []}
    right, missed = 0, []
    for cell in gold["tables"]:
        got = emitted.get(cell_key(cell))
        if got is not None and got == number(cell["value"]):
            right += 1
        else:
            missed.append(
                f"{cell['table']}|{cell['row']}|{cell['col']}: want {cell['value']}, got {got}"
            )
    return right, len(gold["tables"]), missed


def judge_items(
    items: list[dict], reports: list[dict], negatives: list[dict], portals: list[str]
) -> dict:
    """Found / expected per portal, false positives, field accuracy, cells, split and document
    cases, with what came out for every miss."""
    truth = {r["url"]: r for r in reports}
    negative = {n["url"]: n["why"] for n in negatives}
    by_url: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_url[item.get("url", "")].append(item)
    per_portal = {p: {"expected": 0, "found": 0, "missing": [], "unexpected": []} for p in portals}
    for report in reports:
        row = per_portal[report["portal"]]
        row["expected"] += 1
        if report["url"] in by_url:
            row["found"] += 1
        else:
            row["missing"].append(report["url"])
    false_positives = []
    for url, emitted in by_url.items():
        if url in truth:
            continue
        portal = emitted[0].get("portal", "?")
        entry = {
            "url": url,
            "portal": portal,
            "title": emitted[0].get("title"),
            "why_not_a_report": negative.get(url, "not in the truth"),
        }
        false_positives.append(entry)
        per_portal.setdefault(portal, {"expected": 0, "found": 0, "missing": [], "unexpected": []})
        per_portal[portal]["unexpected"].append(url)
    fields = {name: 0 for name in FIELDS}
    other = {"region": 0, "template": 0, "phrases": 0}  # not among the bars: for reading
    field_misses: list[dict] = []
    cells = {"right": 0, "gold": 0, "gold_all_reports": sum(len(r["tables"]) for r in reports)}
    cell_misses: dict[str, list[str]] = {}
    for url, gold in truth.items():
        if url not in by_url:
            continue
        item = by_url[url][0]
        for name in FIELDS:
            if item.get(name) == gold[name]:
                fields[name] += 1
            else:
                field_misses.append(
                    {"url": url, "field": name, "want": gold[name], "got": item.get(name)}
                )
        other["region"] += item.get("region") == gold["region"]
        other["template"] += item.get("template") == gold["template"]
        other["phrases"] += all(p in (item.get("text") or "") for p in gold["phrases"])
        right, total, missed = cells_right(item, gold)
        cells["right"] += right
        cells["gold"] += total
        if missed:
            cell_misses[url] = [f"{len(missed)} of {total} wrong or missing", *missed[:6]]
    found = sum(r["found"] for r in per_portal.values())
    return {
        "reports_expected": len(reports),
        "reports_found": found,
        "per_portal": per_portal,
        "duplicates": {u: len(v) for u, v in by_url.items() if len(v) > 1},
        "false_positives": false_positives,
        "fields_right": fields,
        "field_accuracy": round(sum(fields.values()) / (len(FIELDS) * found), 4) if found else 0.0,
        "field_misses": field_misses,
        "other_fields_right": other,
        "cells": cells,
        "cell_misses": cell_misses,
        "split_cases": [_split_case(r, by_url) for r in reports if r["pages"]],
        "document_cases": [
            _document_case(r, by_url) for r in reports if r["source_format"] != "html"
        ],
    }


def _split_case(report: dict, by_url: dict[str, list[dict]]) -> dict:
    items = [i for url in report["pages"] for i in by_url.get(url, [])]
    first = by_url.get(report["url"], [{}])[0]
    pages = [p.get("url") if isinstance(p, dict) else p for p in first.get("pages") or []]
    right, total, _ = cells_right(first, report) if first else (0, len(report["tables"]), [])
    return {
        "url": report["url"],
        "pages_expected": report["pages"],
        "items_for_its_pages": len(items),
        "item_urls": [i.get("url") for i in items],
        "pages_in_item": pages,
        "one_item": len(items) == 1 and bool(first),
        "cells": f"{right}/{total}",
        "cells_all_right": right == total,
    }


def _document_case(report: dict, by_url: dict[str, list[dict]]) -> dict:
    item = by_url.get(report["url"], [None])[0]
    doc_items = [i.get("url") for a in report["attachments"] for i in by_url.get(a, [])]
    if item is None:
        return {"url": report["url"], "found": False, "items_at_the_document_url": doc_items}
    right, total, missed = cells_right(item, report)
    return {
        "url": report["url"],
        "found": True,
        "source_format": item.get("source_format"),
        "source_format_right": item.get("source_format") == report["source_format"],
        "title": item.get("title"),
        "cells": f"{right}/{total}",
        "cells_all_right": right == total,
        "cell_misses": missed[:5],
        "attachments": [
            a.get("url") if isinstance(a, dict) else a for a in item.get("attachments") or []
        ],
        "warnings": item.get("warnings") or [],
        "items_at_the_document_url": doc_items,
    }


# --- politeness, from the servers' logs -----------------------------------------------------


def judge_politeness(
    logs: dict[str, list[RequestRecord]],
    proxy: list[ProxyRecord],
    robots_txt: dict[str, str | None],
    disallowed: list[str],
    download_delay: float,
) -> dict:
    """Per host: requests, robots.txt first, the floor and every gap below it, overlapping
    requests, disallowed URLs asked for; over all: hosts outside the registry, User-Agents."""
    hosts = []
    outside = [
        {"host": r.host, "method": r.method, "url": r.url, "status": r.status}
        for r in proxy
        if r.host not in logs
    ]
    no_contact = Counter()
    forbidden = set(disallowed)
    for host, records in logs.items():
        records = sorted(records, key=lambda r: r.started)
        text = robots_txt.get(host)
        crawl_delay = protego.Protego.parse(text).crawl_delay("nianbao") if text else None
        floor = max(download_delay, crawl_delay or 0.0)
        gaps = [
            (round(b.started - a.started, 3), a.target, b.target)
            for a, b in itertools.pairwise(records)
        ]
        below = [g for g in gaps if g[0] < floor]
        overlaps = [
            (a.target, b.target) for a, b in itertools.pairwise(records) if b.started < a.ended
        ]
        for record in records:
            if "(+" not in record.user_agent:
                no_contact[record.user_agent] += 1
        asked = [
            r.target
            for r in records
            if f"http://{host}{r.target}" in forbidden or _forbidden(host, r.target, forbidden)
        ]
        hosts.append(
            {
                "host": host,
                "requests": len(records),
                "robots_first": bool(records) and records[0].target == "/robots.txt",
                "crawl_delay": crawl_delay,
                "floor_s": floor,
                "min_gap_s": min((g[0] for g in gaps), default=None),
                "gaps_below_floor": below,
                "overlapping": overlaps,
                "disallowed_requested": asked,
                "statuses": dict(Counter(str(r.status) for r in records)),
            }
        )
    return {
        "hosts": hosts,
        "outside_registry": outside,
        "user_agents_without_contact": dict(no_contact),
        "user_agents": sorted({r.user_agent for rs in logs.values() for r in rs}),
        "crawl_delay_breaches": sum(len(h["gaps_below_floor"]) for h in hosts),
        "overlapping_requests": sum(len(h["overlapping"]) for h in hosts),
        "disallowed_requested": sum(len(h["disallowed_requested"]) for h in hosts),
        "robots_not_first": [h["host"] for h in hosts if h["requests"] and not h["robots_first"]],
    }


def _forbidden(host: str, target: str, forbidden: set[str]) -> bool:
    """A disallowed URL given as a path prefix (dataproxy.jsp with any query)."""
    path = urlsplit(target).path
    return any(
        urlsplit(url).hostname == host and not urlsplit(url).query and path == urlsplit(url).path
        for url in forbidden
    )


# --- the re-crawl -----------------------------------------------------------------------------


def judge_recrawl(
    first: dict[str, list[RequestRecord]],
    second: dict[str, list[RequestRecord]],
    warc_dir: Path,
    items: list[dict],
    changes: list[dict],
) -> dict:
    """Conditional share of repeated GETs, bytes against the first crawl, 304s archived as
    revisits, and ``change`` per report."""
    asked_before = {
        (host, r.target)
        for host, records in first.items()
        for r in records
        if r.method == "GET" and r.status == 200
    }
    repeated, conditional, plain = 0, 0, []
    not_modified: list[str] = []
    for host, records in second.items():
        for r in records:
            if r.method != "GET" or (host, r.target) not in asked_before:
                continue
            repeated += 1
            headers = {k.lower() for k, _ in r.headers}
            if headers & {"if-none-match", "if-modified-since"}:
                conditional += 1
            else:
                plain.append(f"http://{host}{r.target}")
            if r.status == 304:
                not_modified.append(f"http://{host}{r.target}")
    bytes_first = sum(r.bytes_sent for records in first.values() for r in records)
    bytes_second = sum(r.bytes_sent for records in second.values() for r in records)
    revisits = warc_revisits(warc_dir)
    archived = [u for u in not_modified if u in revisits]
    by_url = {i.get("url"): i for i in items}
    change_rows = []
    for change in changes:
        item = by_url.get(change["url"])
        got = item.get("change") if item else None
        parts = sorted(item.get("changed_parts") or []) if item else []
        right = got == change["change"] and (
            change["change"] != "changed" or parts == sorted(change.get("changed_parts", []))
        )
        change_rows.append(
            {
                "url": change["url"],
                "want": change["change"],
                "got": got,
                "parts": parts,
                "right": right,
            }
        )
    return {
        "repeated_gets": repeated,
        "conditional": conditional,
        "conditional_share": round(conditional / repeated, 4) if repeated else 0.0,
        "unconditional_repeats": plain,
        "bytes_first": bytes_first,
        "bytes_second": bytes_second,
        "bytes_share": round(bytes_second / bytes_first, 4) if bytes_first else 0.0,
        "answers_304": len(not_modified),
        "answers_304_archived_as_revisits": len(archived),
        "answers_304_not_archived": [u for u in not_modified if u not in revisits],
        "changes_right": sum(r["right"] for r in change_rows),
        "changes_expected": len(change_rows),
        "changes": change_rows,
    }


def warc_revisits(warc_dir: Path) -> set[str]:
    """URLs with a server-not-modified revisit record in a crawl's WARC files (read with warcio)."""
    urls = set()
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if (
                    record.rec_type == "revisit"
                    and record.rec_headers.get_header("WARC-Profile") == NOT_MODIFIED
                ):
                    urls.add(record.rec_headers.get_header("WARC-Target-URI"))
    return urls


def recrawl_truth(first: dict, second: dict) -> list[dict]:
    """The reports of version 2: version 1's, minus the withdrawn, with the new and changed
    entries of expected_recrawl.json."""
    replaced = {r["url"]: r for r in second["reports"]}
    gone = {c["url"] for c in second["changes"] if c["change"] == "gone"}
    reports = [replaced.pop(r["url"], r) for r in first["reports"] if r["url"] not in gone]
    return [*replaced.values(), *reports]
