"""``python -m demo.run --output output/demo``: crawl the demo portals end to end, like a scheduler.

Starts the demo network, runs ``scrapy crawl annual_reports`` in a subprocess with ``http_proxy``
pointing at the demo proxy, then compares ``<output>/reports.jsonl`` with the ground truth and
reports what the servers saw (requests per host, shortest gap between requests, robots breaches).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from demo.network import DemoNetwork
from demo.score import score_items
from demo.sites import load_collection
from demo.sites.collection import Collection

REPO_ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_SECONDS = 15.0


def crawl_command(registry: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "annual_reports",
        "-a",
        f"portals={registry}",
        "-s",
        f"OUTPUT_DIR={output}",
    ]


def crawl_environment(proxy_url: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        env.pop(name, None)
    env["http_proxy"] = proxy_url
    return env


def run_crawl(net: DemoNetwork, command: list[str], log_path: Path) -> int:
    """Run the crawl, streaming its output to ``log_path``; print a heartbeat meanwhile."""
    started = time.monotonic()
    with log_path.open("wb") as log:
        try:
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=crawl_environment(net.proxy_url),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            print(f"could not start the crawl: {exc}")
            return 127
        done = threading.Event()

        def heartbeat() -> None:
            while not done.wait(HEARTBEAT_SECONDS):
                served = sum(len(log) for log in net.logs.values())
                print(f"  … {time.monotonic() - started:5.0f}s, {served} requests served so far")

        ticker = threading.Thread(target=heartbeat, daemon=True)
        ticker.start()
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            return process.wait()
        finally:
            done.set()


def read_items(path: Path) -> list[dict]:
    items = []
    if not path.exists():
        return items
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError:
            print(f"  {path}:{number}: not JSON, skipped")
    return items


def compare(collection: Collection, items: list[dict]) -> list[dict]:
    """Per portal: expected, found, missing and unexpected report URLs."""
    expected = collection.expected_document()
    portal_of_host = {site.host: p.id for p in collection.portals for site in p.sites}
    negatives = {n["url"] for n in expected["negatives"]}
    found: dict[str, set[str]] = defaultdict(set)
    for item in items:
        url = item.get("url", "")
        portal = item.get("portal") or portal_of_host.get(urlsplit(url).hostname or "", "?")
        found[portal].add(url)
    rows = []
    for portal in collection.portals:
        want = {r.url for r in portal.reports}
        got = found.pop(portal.id, set())
        rows.append(
            {
                "portal": portal.id,
                "expected": len(want),
                "found": len(got & want),
                "missing": sorted(want - got),
                "unexpected": sorted(got - want),
                "negatives_emitted": sorted(got & negatives),
            }
        )
    for portal, got in found.items():
        rows.append(
            {
                "portal": portal,
                "expected": 0,
                "found": 0,
                "missing": [],
                "unexpected": sorted(got),
                "negatives_emitted": sorted(got & negatives),
            }
        )
    return rows


def politeness(net: DemoNetwork, collection: Collection) -> list[dict]:
    """What the servers saw, per host: requests, shortest gap between starts, robots breaches."""
    disallowed = set(collection.expected_document()["disallowed"])
    rows = []
    for host, log in net.logs.items():
        records = sorted(log.records(), key=lambda r: r.started)
        gaps = [b.started - a.started for a, b in itertools.pairwise(records)]
        breaches = [r.target for r in records if f"http://{host}{r.target}" in disallowed]
        agents = sorted({r.user_agent for r in records})
        rows.append(
            {
                "host": host,
                "requests": len(records),
                "min_gap_seconds": round(min(gaps), 3) if gaps else None,
                "robots_breaches": breaches,
                "user_agents": agents,
            }
        )
    return rows


def print_scores(scores: dict) -> None:
    scored = scores["reports_scored"]
    if not scored:
        return
    right = ", ".join(f"{name} {n}/{scored}" for name, n in scores["fields_right"].items())
    cells = scores["cells"]
    print(f"\nfields right: {right}")
    print(f"table cells:  {cells['right']}/{cells['gold']} gold cells emitted right")
    for line in scores["mismatches"][:20]:
        print(f"  {line}")


def print_summary(output: Path, rows: list[dict], polite: list[dict]) -> None:
    warcs = sorted((output / "warc").glob("*.warc.gz"))
    print(f"\nWARC files: {output / 'warc'}/*.warc.gz ({len(warcs)} file(s))")
    print(f"items:      {output / 'reports.jsonl'}")
    print(f"crawl log:  {output / 'crawl.log'}")
    print(f"report:     {output / 'crawl_report.json'}")
    print(f"HTML report: {output / 'crawl_report.html'} (open it in a browser)\n")
    print(f"{'portal':10} {'found':>5} {'expected':>8} {'missing':>7} {'unexpected':>10}")
    for row in rows:
        print(
            f"{row['portal']:10} {row['found']:>5} {row['expected']:>8} "
            f"{len(row['missing']):>7} {len(row['unexpected']):>10}"
        )
    total_found = sum(r["found"] for r in rows)
    total_expected = sum(r["expected"] for r in rows)
    print(f"{'total':10} {total_found:>5} {total_expected:>8}")
    for row in rows:
        for url in row["missing"]:
            print(f"  missing    [{row['portal']}] {url}")
        for url in row["unexpected"]:
            tag = " (a known look-alike)" if url in row["negatives_emitted"] else ""
            print(f"  unexpected [{row['portal']}] {url}{tag}")
    print(f"\n{'host':22} {'requests':>8} {'min gap s':>9}  robots breaches")
    for row in polite:
        gap = "-" if row["min_gap_seconds"] is None else f"{row['min_gap_seconds']:.2f}"
        print(f"{row['host']:22} {row['requests']:>8} {gap:>9}  {len(row['robots_breaches'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.run", description=__doc__)
    parser.add_argument("--output", default="output/demo", help="crawl output directory")
    parser.add_argument("--holdout", action="store_true", help="crawl the held-out portals")
    parser.add_argument(
        "--collection", choices=("demo", "holdout", "holdout2"), help="which set to crawl"
    )
    args = parser.parse_args(argv)
    output = Path(args.output)
    if not output.is_absolute():
        output = REPO_ROOT / output
    output.mkdir(parents=True, exist_ok=True)
    collection = load_collection(args.collection or ("holdout" if args.holdout else "demo"))
    registry = collection.directory / "portals.toml"
    command = crawl_command(registry, output)
    with DemoNetwork(collection.sites) as net:
        print(f"demo network up: proxy {net.proxy_url}, {len(net.hosts)} hosts")
        print("running: " + " ".join(command[1:]))
        print(f"  (http_proxy={net.proxy_url}; log: {output / 'crawl.log'})")
        started = time.monotonic()
        code = run_crawl(net, command, output / "crawl.log")
        elapsed = time.monotonic() - started
        polite = politeness(net, collection)
    print(f"crawl finished in {elapsed:.0f}s with exit code {code}")
    items = read_items(output / "reports.jsonl")
    rows = compare(collection, items)
    scores = score_items(items, collection.expected_document()["reports"])
    summary = {
        "exit_code": code,
        "seconds": round(elapsed, 1),
        "portals": rows,
        "scores": scores,
        "hosts": polite,
    }
    (output / "demo_summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    if code != 0:
        print("\nThe crawl command failed. Last lines of the crawl log:")
        lines = (output / "crawl.log").read_text(encoding="utf-8", errors="replace").splitlines()
        for line in lines[-15:]:
            print(f"  | {line}")
    print_summary(output, rows, polite)
    print_scores(scores)
    print(f"summary:    {output / 'demo_summary.json'}")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
