"""One run per collection at a time, nothing done twice, and exit statuses a scheduler can act on."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from crawler.commands.crawl import (
    EXIT_FAILURE,
    EXIT_LOCKED,
    EXIT_PARTIAL,
    EXIT_SUCCESS,
    exit_status,
)
from crawler.crawl_lock import CrawlLock, CrawlLocked, lock_paths
from crawler.state import open_crawl_state
from demo.network import DemoNetwork
from tests.crawl_runner import ROOT, run_scrapy
from tests.fault_sites import registry_toml
from tests.portal_skeleton import PortalSkeleton, page


def settings(tmp_path, output: str = "out", **values) -> Settings:
    return Settings({"OUTPUT_DIR": str(tmp_path / output), **values})


def crawl_args(registry, out) -> list[str]:
    return ["crawl", "annual_reports", "-a", f"portals={registry}", "-s", f"OUTPUT_DIR={out}"]


def test_a_second_run_of_a_collection_exits_at_once_with_its_own_status(tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(registry_toml([("x", "某县", "www.x.gov.cn", {})]), encoding="utf-8")
    held = CrawlLock(lock_paths(settings(tmp_path))).acquire()
    try:
        result = run_scrapy(crawl_args(registry, tmp_path / "out"), None, timeout=120)
    finally:
        held.release()
    assert result.returncode == EXIT_LOCKED
    assert result.stderr.strip().splitlines()[-1].startswith("nianbao: not starting: another")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "warc").exists()


def test_the_lock_dies_with_a_killed_holder(tmp_path):
    paths = lock_paths(settings(tmp_path))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from crawler.crawl_lock import CrawlLock;"
            "lock = CrawlLock([Path(p) for p in sys.argv[1:]]).acquire(); print('held', flush=True);"
            "time.sleep(120)",
            *map(str, paths),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(CrawlLocked, match=f"pid {holder.pid}"):
            CrawlLock(paths).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(60)
    CrawlLock(paths).acquire().release()


def test_runs_into_dated_folders_sharing_a_crawl_state_never_overlap(tmp_path):
    state = str(tmp_path / "collection.sqlite")
    november = CrawlLock(lock_paths(settings(tmp_path, "2026-11", CRAWL_STATE=state))).acquire()
    try:
        with pytest.raises(CrawlLocked):
            CrawlLock(lock_paths(settings(tmp_path, "2026-12", CRAWL_STATE=state))).acquire()
    finally:
        november.release()


def test_workers_sharing_a_postgresql_store_do_not_lock_each_other(tmp_path):
    url = "postgresql://postgres@127.0.0.1:5432/test"
    first = CrawlLock(lock_paths(settings(tmp_path, "worker-1", CRAWL_STATE=url))).acquire()
    second = CrawlLock(lock_paths(settings(tmp_path, "worker-2", CRAWL_STATE=url))).acquire()
    first.release()
    second.release()


# --- exit statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stats", "status"),
    [
        ({"finish_reason": "finished"}, EXIT_SUCCESS),
        ({"finish_reason": "closespider_itemcount"}, EXIT_SUCCESS),
        ({"finish_reason": "finished", "hosts/given_up": 1}, EXIT_PARTIAL),
        ({"finish_reason": "finished", "portals/failed/x": 1}, EXIT_PARTIAL),
        ({"finish_reason": "shutdown"}, EXIT_FAILURE),
        ({"finish_reason": "closespider_errorcount"}, EXIT_FAILURE),
        ({}, EXIT_FAILURE),
    ],
)
def test_the_exit_status_tells_success_partial_failure_and_failure_apart(stats, status):
    assert exit_status(stats) == status


def test_a_crawl_that_did_not_start_is_a_failure():
    assert exit_status({"finish_reason": "finished"}, bootstrap_failed=True) == EXIT_FAILURE


def test_a_crawl_whose_portal_cannot_be_entered_ends_with_the_partial_status(tmp_path):
    good = PortalSkeleton("www.good.gov.cn", "好县")
    broken = PortalSkeleton(
        "www.broken.gov.cn", "坏县", overrides={"/": page("服务器错误", "错误", status=404)}
    )
    registry = tmp_path / "portals.toml"
    registry.write_text(
        registry_toml([("good", "好县", good, {}), ("broken", "坏县", broken, {})]),
        encoding="utf-8",
    )
    with DemoNetwork([good.site(), broken.site()]) as net:
        result = run_scrapy(
            [*crawl_args(registry, tmp_path / "out"), "-s", "DOWNLOAD_DELAY=0.05"],
            net.proxy_url,
            timeout=240,
        )
    assert result.returncode == EXIT_PARTIAL, result.stderr[-2000:]
    assert "'portals/failed/broken': 1" in result.stderr


def test_a_run_of_a_crawl_that_finished_does_nothing(tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(registry_toml([("x", "某县", "www.x.gov.cn", {})]), encoding="utf-8")
    out, job = tmp_path / "out", tmp_path / "job"
    state = open_crawl_state(settings(tmp_path, JOBDIR=str(job)))
    state.spider_closed(None, "finished")
    state.engine_stopped()
    result = run_scrapy([*crawl_args(registry, out), "-s", f"JOBDIR={job}"], None, timeout=120)
    assert result.returncode == EXIT_SUCCESS
    assert f"crawl {state.crawl_id} of JOBDIR" in result.stderr and "nothing to do" in result.stderr
    assert not (out / "warc").exists()
