"""Two workers of one distributed crawl, as real ``scrapy crawl`` processes sharing the real Redis
and one PostgreSQL crawl state, judged from the servers' own request logs and the workers'
outputs: politeness holds across the cluster, nothing is fetched or reported twice, both workers
share the work, each archives what it fetched; the catalogue and the crawl report cover both
workers; the crawl is marked finished and ``cluster_status`` says so."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from redis import Redis
from warcio.archiveiterator import ArchiveIterator

from bench.distributed import judge, start_workers, wait_workers
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.status import delete_crawl
from demo.network import DemoNetwork
from demo.run import REPO_ROOT
from demo.sites.wide_world import wide_world
from tests.services import (
    POSTGRES_HOST,
    POSTGRES_PORT,
    POSTGRES_TEST_DSN,
    REDIS_HOST,
    REDIS_PORT,
    REDIS_TEST_URL,
    isolated_schema,
    require_service,
)

PORTALS, REPORTS, CRAWL_DELAY = 6, 3, 1.0


def _wait_for_line(log: Path, line: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while line not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"{log} never said {line!r}"
        time.sleep(0.1)


def _scrapy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    require_service("Redis", REDIS_HOST, REDIS_PORT)
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    with isolated_schema(POSTGRES_TEST_DSN) as state:
        yield from _crawl(tmp_path_factory, state)


def _crawl(tmp_path_factory, state: str):
    world = wide_world(PORTALS, REPORTS, CRAWL_DELAY)
    base = tmp_path_factory.mktemp("distributed")
    registry = base / "portals.toml"
    registry.write_text(world.registry, encoding="utf-8")
    crawl_id = f"test-crawl-{uuid.uuid4().hex[:10]}"
    server, keys = Redis.from_url(REDIS_TEST_URL), CrawlKeys(crawl_id)
    try:
        with DemoNetwork(world.sites) as network:
            start = (registry, base, network.proxy_url, REDIS_TEST_URL, crawl_id)
            workers = start_workers(1, *start, CRAWL_STATE=state)
            # Two workers creating the PostgreSQL tables at once collide (CREATE TABLE IF NOT
            # EXISTS is not safe against a concurrent twin: StateDB.ensure_schema needs an
            # advisory lock); the second starts once the first has opened its spider.
            _wait_for_line(workers[0].log, "Spider opened")
            workers += start_workers(1, *start, first=2, CRAWL_STATE=state)
            wait_workers(workers, timeout=240)
            verdict = judge(network, workers, world.report_urls, CRAWL_DELAY)
            served = {
                (host, r.target) for host in network.hosts for r in network.log(host).records()
            }
        status = _scrapy(
            "cluster_status", "-s", f"REDIS_URL={REDIS_TEST_URL}", "-s", f"CRAWL_ID={crawl_id}"
        )
        left = sorted(k.decode() for k in server.scan_iter(match=keys.pattern))
        catalogue = base / "catalogue.parquet"
        _scrapy("catalogue", "-s", f"CRAWL_STATE={state}", "-o", str(catalogue))
        report = base / "merged.html"
        _scrapy("report", *(str(w.output) for w in workers), "-o", str(report))
        yield {
            "workers": workers,
            "verdict": verdict,
            "served": served,
            "status": status,
            "keys_left": left,
            "keys": keys,
            "world": world,
            "catalogue": catalogue,
            "report": report,
        }
    finally:
        delete_crawl(server, keys)


def test_both_workers_finish(crawl):
    for worker in crawl["workers"]:
        assert worker.returncode == 0, worker.log.read_text(errors="replace")[-3000:]


def test_no_two_requests_to_one_host_are_closer_than_its_crawl_delay(crawl):
    verdict = crawl["verdict"]
    assert verdict.requests >= PORTALS * (REPORTS + 4)
    assert verdict.breaches == []


def test_no_url_is_fetched_twice_across_workers(crawl):
    assert crawl["verdict"].fetched_twice == []


def test_robots_txt_is_fetched_once_per_host_for_the_whole_cluster(crawl):
    assert set(crawl["verdict"].robots_fetches.values()) == {1}


def test_every_report_is_found_exactly_once_across_workers(crawl):
    verdict = crawl["verdict"]
    assert verdict.missing == []
    assert verdict.found_twice == []
    assert sum(verdict.reports_per_worker.values()) == PORTALS * REPORTS


def test_each_worker_does_a_share_of_the_work(crawl):
    shares = crawl["verdict"].reports_per_worker
    assert all(count >= PORTALS * REPORTS // 10 for count in shares.values()), shares


def _archived(output: Path) -> list[tuple[str, str]]:
    """(WARC file name, target URI) of every response or revisit record a worker wrote."""
    out = []
    for path in sorted((output / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    out.append((path.name, record.rec_headers.get_header("WARC-Target-URI")))
    return out


def test_each_worker_archives_what_it_fetched_in_warc_files_named_for_it(crawl):
    archived = {}
    for worker in crawl["workers"]:
        records = _archived(worker.output)
        assert records, worker.name
        assert {name.split("-")[1] for name, _ in records} == {worker.name}
        archived[worker.name] = {uri for _, uri in records}
    first, second = archived.values()
    assert not first & second
    served = {f"http://{host}{target}" for host, target in crawl["served"]}
    assert first | second == served


def test_the_finished_crawl_keeps_only_its_summary_in_redis(crawl):
    keys = crawl["keys"]
    assert set(crawl["keys_left"]) <= {keys.meta, keys.pages, keys.givenup, keys.rejected}
    assert keys.meta in crawl["keys_left"]


def test_cluster_status_says_the_crawl_finished(crawl):
    status = crawl["status"]
    assert status.returncode == 0, status.stderr[-2000:]
    first_line = status.stdout.splitlines()[0]
    assert first_line.startswith(f"crawl {crawl['keys'].crawl_id}")
    assert first_line.endswith(": finished")
    assert "workers       0 alive" in status.stdout


def test_the_catalogue_of_the_shared_crawl_state_lists_every_workers_reports(crawl):
    urls = set(pq.read_table(crawl["catalogue"]).column("url").to_pylist())
    assert urls == set(crawl["world"].report_urls)


def test_the_crawl_report_reads_every_workers_output(crawl):
    html = crawl["report"].read_text(encoding="utf-8")
    for portal in range(PORTALS):
        assert f"w{portal:04d}" in html


def test_a_worker_without_a_crawl_id_refuses_to_start(tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(wide_world(1, 1).registry, encoding="utf-8")
    result = _scrapy(
        "crawl",
        "annual_reports",
        "-a",
        f"portals={registry}",
        "-s",
        f"OUTPUT_DIR={tmp_path / 'out'}",
        "-s",
        f"REDIS_URL={REDIS_TEST_URL}",
    )
    assert result.returncode != 0
    assert "every worker needs one CRAWL_ID" in result.stderr
