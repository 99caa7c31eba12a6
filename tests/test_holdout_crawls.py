"""Crawl the held-out collections (portals discovery was not written against) and hold the
crawler to the acceptance bars: reports found, nothing else emitted, fields and cells right,
no politeness breach in the servers' logs."""

import itertools

import pytest

from demo.network import DemoNetwork
from demo.run import compare
from demo.score import FIELDS, score_items
from demo.sites import load_collection
from tests.crawl_runner import read_items, run_scrapy


@pytest.fixture(scope="module", params=["holdout", "holdout2"])
def crawl(request, tmp_path_factory):
    collection = load_collection(request.param)
    out = tmp_path_factory.mktemp(request.param)
    registry = collection.directory / "portals.toml"
    with DemoNetwork(collection.sites) as net:
        result = run_scrapy(
            ["crawl", "annual_reports", "-a", f"portals={registry}", "-s", f"OUTPUT_DIR={out}"],
            net.proxy_url,
        )
        logs = {host: net.log(host).records() for host in net.hosts}
    assert result.returncode == 0, result.stderr[-3000:]
    return collection, read_items(out / "reports.jsonl"), logs


def test_every_report_is_found_and_nothing_else_is_emitted(crawl):
    collection, items, _ = crawl
    rows = compare(collection, items)
    assert [(r["portal"], r["missing"]) for r in rows if r["missing"]] == []
    assert [(r["portal"], r["unexpected"]) for r in rows if r["unexpected"]] == []


def test_fields_and_table_cells_meet_the_acceptance_bars(crawl):
    collection, items, _ = crawl
    scores = score_items(items, collection.expected_document()["reports"])
    scored = scores["reports_scored"]
    for name in FIELDS:
        assert scores["fields_right"][name] >= 0.97 * scored, (name, scores["mismatches"])
    cells = scores["cells"]
    assert cells["right"] >= 0.98 * cells["gold"]


def test_servers_saw_robots_first_no_disallowed_path_and_one_request_at_a_time(crawl):
    collection, _, logs = crawl
    disallowed = set(collection.expected_document()["disallowed"])
    for host, records in logs.items():
        ordered = sorted(records, key=lambda r: r.started)
        assert ordered[0].target == "/robots.txt", host
        assert not [r.target for r in ordered if f"http://{host}{r.target}" in disallowed]
        assert all(b.started >= a.ended for a, b in itertools.pairwise(ordered)), host
