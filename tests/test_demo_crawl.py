"""End to end: crawl the demo portals as a scheduler would and judge the outputs.

One crawl (module fixture) through the demo's forward proxy; the assertions read what a user
gets: reports.jsonl, the WARC files, the servers' own request logs.
"""

import gzip
import itertools
import json
import subprocess
import sys
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from archive.check import check_warcs
from archive.reader import read_response_at
from demo.network import DemoNetwork
from pipelines.schema import SCHEMA_VERSION, load_schema
from tests.crawl_runner import ROOT, read_items, run_scrapy
from tests.pywb_replay import fetch_raw, pywb

EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    with DemoNetwork() as net:
        result = run_scrapy(
            [
                "crawl",
                "annual_reports",
                "-a",
                "portals=demo/portals.toml",
                "-s",
                f"OUTPUT_DIR={out}",
            ],
            net.proxy_url,
        )
        logs = {host: net.log(host).records() for host in net.hosts}
        origins = {host: net.origin_url(host) for host in net.hosts}
        served = {}
        # the pages as the origin serves them, fetched directly (no proxy), for byte comparison
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for report in EXPECTED["reports"]:
            parts = urlsplit(report["url"])
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            with opener.open(origins[parts.hostname] + target, timeout=30) as response:
                body = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                served[report["url"]] = body
    assert result.returncode == 0, result.stderr[-4000:]
    items = read_items(out / "reports.jsonl")
    return out, items, logs, served, result.stderr


def test_exactly_the_expected_reports_are_emitted(demo_crawl):
    _, items, _, _, _ = demo_crawl
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls)), "a report was emitted twice"
    expected = {r["url"] for r in EXPECTED["reports"]}
    assert set(urls) - expected == set(), "look-alikes or unknown pages emitted"
    assert expected - set(urls) == set(), "reports missed"


def test_every_item_points_at_the_response_record_holding_the_page_as_served(demo_crawl):
    out, items, _, served, _ = demo_crawl
    for item in items:
        pointer = item["warc"]
        archived = read_response_at(out / "warc" / pointer["file"], pointer["offset"])
        assert archived.record_id == pointer["record_id"]
        assert archived.url == item["url"]
        assert archived.length == pointer["length"]
        payload = archived.payload
        if archived.header("Content-Encoding") == "gzip":
            payload = gzip.decompress(payload)
        assert payload == served[item["url"]], item["url"]


def test_everything_the_servers_sent_is_archived(demo_crawl):
    out, _, logs, _, _ = demo_crawl
    archived = Counter()
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    archived[record.rec_headers.get_header("WARC-Target-URI")] += 1
    for host, records in logs.items():
        for record in records:
            assert archived[f"http://{host}{record.target}"] > 0, (host, record.target)


def test_items_match_the_published_schema(demo_crawl):
    _, items, _, _, _ = demo_crawl
    validator = Draft202012Validator(load_schema())
    for item in items:
        assert list(validator.iter_errors(item)) == []
        assert item["schema_version"] == SCHEMA_VERSION


def test_robots_txt_comes_first_and_disallowed_urls_are_never_requested(demo_crawl):
    _, _, logs, _, _ = demo_crawl
    for host, records in logs.items():
        assert records, host
        assert records[0].target == "/robots.txt", host
    disallowed = {d["url"] if isinstance(d, dict) else d for d in EXPECTED["disallowed"]}
    requested = {f"http://{host}{r.target}" for host, records in logs.items() for r in records}
    assert requested & disallowed == set()


def test_one_request_at_a_time_per_host_with_an_honest_user_agent(demo_crawl):
    _, _, logs, _, _ = demo_crawl
    for host, records in logs.items():
        ordered = sorted(records, key=lambda r: r.started)
        for earlier, later in itertools.pairwise(ordered):
            assert later.started >= earlier.ended, (host, earlier.target, later.target)
        assert all("nianbao/" in r.user_agent and "http" in r.user_agent for r in records)


def test_demo_warcs_pass_warcio_check_and_our_consistency_checks(demo_crawl):
    out, _, _, _, _ = demo_crawl
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    assert warcs and not list((out / "warc").glob("*.open"))
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)], capture_output=True
    )
    assert check.returncode == 0, check.stdout
    assert check_warcs(warcs) == []


def test_every_report_page_replays_from_pywb_as_served(demo_crawl, tmp_path):
    out, items, _, served, _ = demo_crawl
    # 元谋 serves everything gzip+chunked (Tomcat style), the others plainly or gzip
    assert {"yuanmou", "czs"} <= {item["portal"] for item in items}
    with pywb(out, tmp_path) as base:
        for item in items:
            status, headers, body = fetch_raw(base, item["url"])
            assert status == 200
            if headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            assert body == served[item["url"]]


def test_reparse_from_warc_yields_the_same_items(demo_crawl, tmp_path):
    out, items, _, _, _ = demo_crawl
    target = tmp_path / "reparsed.jsonl"
    result = run_scrapy(["reparse", str(out / "warc"), "-o", str(target)], proxy_url=None)
    assert result.returncode == 0, result.stderr[-3000:]
    # what a crawl compared with earlier crawls is no property of the pages: a reparse has none
    crawl_relative = ("change", "changed_parts", "previous", "warc_revisit", "gone")

    def comparable(found: list[dict]) -> list[dict]:
        kept = [{k: v for k, v in item.items() if k not in crawl_relative} for item in found]
        return sorted(kept, key=lambda item: item["url"])

    assert comparable(read_items(target)) == comparable(items)


def test_reparse_looks_up_no_host_name(demo_crawl, tmp_path):
    """A reparse goes nowhere: no DNS lookup either (each one stalled it where none answers)."""
    out, items, _, _, _ = demo_crawl
    lookups = tmp_path / "lookups.txt"
    target = tmp_path / "reparsed.jsonl"
    result = run_scrapy(
        [
            "reparse",
            str(out / "warc"),
            "-o",
            str(target),
            "-s",
            "DNS_RESOLVER=tests.recording_resolver.RecordingResolver",
            "-s",
            f"RECORDED_LOOKUPS={lookups}",
        ],
        proxy_url=None,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_items(target)) == len(items)
    assert not lookups.exists() or lookups.read_text() == ""


def test_wacz_of_the_demo_crawl_validates(demo_crawl, tmp_path):
    out, _, _, _, _ = demo_crawl
    wacz = tmp_path / "demo.wacz"
    result = run_scrapy(["wacz", str(out), "-o", str(wacz)], proxy_url=None)
    assert result.returncode == 0, result.stderr[-3000:]
    validate = subprocess.run(
        [str(ROOT / ".venv-replay" / "bin" / "wacz"), "validate", "-f", str(wacz)],
        capture_output=True,
        text=True,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "valid" in validate.stdout


def test_parquet_outputs_hold_the_reports_and_their_cells(demo_crawl):
    import pyarrow.parquet as pq

    out, items, _, _, _ = demo_crawl
    reports = pq.read_table(out / "reports.parquet")
    assert sorted(reports.column("url").to_pylist()) == sorted(i["url"] for i in items)
    cells = pq.read_table(out / "table_cells.parquet")
    assert cells.num_rows == sum(len(i.get("tables") or []) for i in items)


def test_crawl_report_counts_reports_per_portal(demo_crawl):
    out, items, _, _, _ = demo_crawl
    report = json.loads((out / "crawl_report.json").read_text(encoding="utf-8"))
    assert report["finish_reason"] == "finished"
    per_portal = {pid: summary["reports"] for pid, summary in report["portals"].items()}
    expected = {}
    for item in items:
        expected[item["portal"]] = expected.get(item["portal"], 0) + 1
    assert per_portal == expected
    assert report["warc_files"] == sorted(p.name for p in (out / "warc").glob("*.warc.gz"))
