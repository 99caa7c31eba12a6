"""``python -m tests.holdout3_sites.run [--output DIR]``: crawl the third held-out world as a user
would (README: ``scrapy crawl annual_reports -a portals=… -s OUTPUT_DIR=… -s CRAWL_STATE=…``
through ``http_proxy``), then its second version a year later with the same crawl state, and
print the figures: reports found, false positives, fields, cells, the split and document cases,
politeness from the servers' logs, and for the re-crawl conditional requests, bytes, revisits
and ``change``. Everything lands in ``DIR/figures.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from demo.network import DemoNetwork
from demo.proxy import ProxyRecord
from demo.run import crawl_command as demo_crawl_command
from demo.run import crawl_environment
from demo.server import RequestRecord
from tests.holdout3_sites import HERE, fresh_world
from tests.holdout3_sites.judge import (
    judge_items,
    judge_politeness,
    judge_recrawl,
    read_items,
    recrawl_truth,
)
from tests.holdout3_sites.world import World

REPO = HERE.parent.parent
REGISTRY = HERE / "portals.toml"
# Small delays keep the two crawls within minutes; robots.txt Crawl-delay (1 s) still wins.
SETTINGS = {"DOWNLOAD_DELAY": "0.25", "AUTOTHROTTLE_START_DELAY": "0.25", "PROGRESS_LIVE": "off"}
CRAWL_TIMEOUT = 900.0


@dataclass
class CrawlRun:
    """One crawl and what the servers saw of it."""

    output: Path
    exit_code: int
    seconds: float
    logs: dict[str, list[RequestRecord]] = field(default_factory=dict)
    proxy: list[ProxyRecord] = field(default_factory=list)


def crawl_command(output: Path, state: Path, settings: dict[str, str]) -> list[str]:
    """The README's command (demo.run's), with the crawl state and the settings added."""
    extra = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    return [*demo_crawl_command(REGISTRY, output), "-s", f"CRAWL_STATE={state}", *extra]


def crawl(
    world: World, output: Path, state: Path, settings: dict[str, str] | None = None
) -> CrawlRun:
    """Serve ``world`` and crawl it once; the log goes to ``output/crawl.log``."""
    output.mkdir(parents=True, exist_ok=True)
    with DemoNetwork(world.sites) as net, (output / "crawl.log").open("wb") as log:
        started = time.monotonic()
        process = subprocess.Popen(
            crawl_command(output, state, settings or SETTINGS),
            cwd=REPO,
            env=crawl_environment(net.proxy_url),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            code = process.wait(timeout=CRAWL_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.terminate()
            code = process.wait(timeout=60)
        seconds = round(time.monotonic() - started, 1)
        logs = {host: net.log(host).records() for host in net.hosts}
        proxy = net.proxy_log.records()
    write_server_log(output / "server_log.jsonl", logs)
    return CrawlRun(output, code, seconds, logs, proxy)


def write_server_log(path: Path, logs: dict[str, list[RequestRecord]]) -> None:
    """Every request each host saw, as evidence beside the crawl's own output."""
    with path.open("w", encoding="utf-8") as handle:
        for host, records in logs.items():
            for r in sorted(records, key=lambda r: r.started):
                conditional = [
                    k for k, _ in r.headers if k.lower() in ("if-none-match", "if-modified-since")
                ]
                row = {"host": host, "method": r.method, "target": r.target, "status": r.status}
                row |= {
                    "start": round(r.started, 3),
                    "end": round(r.ended, 3),
                    "bytes": r.bytes_sent,
                }
                row |= {"conditional": conditional, "user_agent": r.user_agent, "error": r.error}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_truth() -> tuple[dict, dict]:
    first = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    second = json.loads((HERE / "expected_recrawl.json").read_text(encoding="utf-8"))
    return first, second


def figures(first_run: CrawlRun, second_run: CrawlRun | None, delay: float = 0.25) -> dict:
    """Every figure of the two crawls, as data (``delay``: the DOWNLOAD_DELAY they ran with)."""
    first, second = load_truth()
    portals = [p["id"] for p in first["portals"]]
    robots = fresh_world(1).robots_txt
    out = {
        "first": {
            "exit_code": first_run.exit_code,
            "seconds": first_run.seconds,
            **judge_items(
                read_items(first_run.output / "reports.jsonl"),
                first["reports"],
                first["negatives"],
                portals,
            ),
            "politeness": judge_politeness(
                first_run.logs, first_run.proxy, robots, first["disallowed"], delay
            ),
        }
    }
    if second_run is None:
        return out
    items = read_items(second_run.output / "reports.jsonl")
    reports = recrawl_truth(first, second)
    live = [i for i in items if i.get("change") != "gone"]
    out["second"] = {
        "exit_code": second_run.exit_code,
        "seconds": second_run.seconds,
        **judge_items(live, reports, first["negatives"], portals),
        "politeness": judge_politeness(
            second_run.logs, second_run.proxy, robots, first["disallowed"], delay
        ),
        "recrawl": judge_recrawl(
            first_run.logs, second_run.logs, second_run.output / "warc", items, second["changes"]
        ),
    }
    return out


def _line(label: str, value: object) -> str:
    return f"  {label:<44} {value}"


def describe(result: dict) -> str:
    """The figures as a person reads them."""
    lines = []
    for name in ("first", "second"):
        if name not in result:
            continue
        run = result[name]
        lines.append(f"\n== {name} crawl: exit {run['exit_code']}, {run['seconds']} s ==")
        lines.append(f"  {'portal':<10} {'found':>5} {'expected':>8} {'unexpected':>10}")
        for portal, row in run["per_portal"].items():
            lines.append(
                f"  {portal:<10} {row['found']:>5} {row['expected']:>8} {len(row['unexpected']):>10}"
            )
        lines.append(
            _line("reports found / expected", f"{run['reports_found']}/{run['reports_expected']}")
        )
        for portal, row in run["per_portal"].items():
            for url in row["missing"]:
                lines.append(f"    missing    [{portal}] {url}")
        lines.append(_line("false positives", len(run["false_positives"])))
        for fp in run["false_positives"]:
            lines.append(
                f"    unexpected [{fp['portal']}] {fp['url']} {fp['title']!r} ({fp['why_not_a_report']})"
            )
        if run["duplicates"]:
            lines.append(_line("URLs emitted more than once", run["duplicates"]))
        fields = ", ".join(f"{k} {v}" for k, v in run["fields_right"].items())
        lines.append(_line("fields right (of found reports)", fields))
        lines.append(_line("field accuracy", f"{run['field_accuracy']:.1%}"))
        for miss in run["field_misses"]:
            lines.append(
                f"    {miss['field']}: want {miss['want']!r}, got {miss['got']!r} ({miss['url']})"
            )
        others = ", ".join(f"{k} {v}" for k, v in run["other_fields_right"].items())
        lines.append(_line("also right (not a bar)", others))
        cells = run["cells"]
        lines.append(
            _line(
                "table cells right / gold (found reports)",
                f"{cells['right']}/{cells['gold']} (all reports: {cells['gold_all_reports']})",
            )
        )
        for url, misses in run["cell_misses"].items():
            lines.append(f"    {url}: {misses[0]}; e.g. {misses[1] if len(misses) > 1 else ''}")
        for case in run["split_cases"]:
            lines.append(
                _line(
                    "split report",
                    f"{case['url']}: one item {case['one_item']}, items {case['item_urls']}, pages in item {len(case['pages_in_item'])}/{len(case['pages_expected'])}, cells {case['cells']}",
                )
            )
        for case in run["document_cases"]:
            if case["found"]:
                lines.append(
                    _line(
                        "document report",
                        f"{case['url']}: {case['source_format']}, cells {case['cells']}",
                    )
                )
            else:
                lines.append(
                    _line(
                        "document report",
                        f"{case['url']}: NOT FOUND (items at its document: {case['items_at_the_document_url']})",
                    )
                )
        polite = run["politeness"]
        lines.append(
            _line("requests to hosts outside the registry", len(polite["outside_registry"]))
        )
        for record in polite["outside_registry"][:10]:
            lines.append(f"    {record['method']} {record['url']} ({record['status']})")
        lines.append(
            _line("User-Agents without the contact", polite["user_agents_without_contact"] or 0)
        )
        lines.append(
            _line("gaps below the floor (Crawl-delay breaches)", polite["crawl_delay_breaches"])
        )
        lines.append(_line("overlapping requests to one host", polite["overlapping_requests"]))
        lines.append(_line("disallowed URLs requested", polite["disallowed_requested"]))
        for host in polite["hosts"]:
            gap = "-" if host["min_gap_s"] is None else f"{host['min_gap_s']:.2f}"
            lines.append(
                f"    {host['host']:<24} {host['requests']:>4} requests, floor {host['floor_s']:.2f} s, min gap {gap} s, below {len(host['gaps_below_floor'])}, disallowed {host['disallowed_requested']}"
            )
        if "recrawl" in run:
            rc = run["recrawl"]
            lines.append(
                _line(
                    "conditional share of repeated GETs",
                    f"{rc['conditional']}/{rc['repeated_gets']} = {rc['conditional_share']:.1%}",
                )
            )
            lines.append(
                _line(
                    "bytes moved vs the first crawl",
                    f"{rc['bytes_second']}/{rc['bytes_first']} = {rc['bytes_share']:.1%}",
                )
            )
            lines.append(
                _line(
                    "304 answers archived as revisits",
                    f"{rc['answers_304_archived_as_revisits']}/{rc['answers_304']}",
                )
            )
            lines.append(_line("change right", f"{rc['changes_right']}/{rc['changes_expected']}"))
            for row in rc["changes"]:
                if not row["right"]:
                    lines.append(
                        f"    change: want {row['want']}, got {row['got']} {row['parts']} ({row['url']})"
                    )
            for url in rc["unconditional_repeats"][:15]:
                lines.append(f"    asked again without validators: {url}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.holdout3_sites.run", description=__doc__)
    parser.add_argument("--output", default="output/holdout3", help="folder for both crawls")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a crawler setting for both crawls (default: "
        + " ".join(f"{k}={v}" for k, v in SETTINGS.items())
        + ")",
    )
    parser.add_argument("--first-only", action="store_true", help="skip the re-crawl")
    args = parser.parse_args(argv)
    settings = dict(SETTINGS)
    settings.update(item.split("=", 1) for item in args.set)
    output = Path(args.output)
    if not output.is_absolute():
        output = REPO / output
    if output.exists():
        shutil.rmtree(output)
    state = output / "state" / "crawl-state.sqlite"
    state.parent.mkdir(parents=True)
    print(f"first crawl -> {output / 'crawl1'}")
    first = crawl(fresh_world(1), output / "crawl1", state, settings)
    second = None
    if not args.first_only:
        print(f"re-crawl of the second version -> {output / 'crawl2'}")
        second = crawl(fresh_world(2), output / "crawl2", state, settings)
    result = figures(first, second, float(settings.get("DOWNLOAD_DELAY", "1.0")))
    (output / "figures.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(describe(result))
    print(f"\nfigures: {output / 'figures.json'}")
    return 0 if first.exit_code == 0 and (second is None or second.exit_code == 0) else 1


if __name__ == "__main__":
    sys.exit(main())
