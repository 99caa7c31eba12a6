"""A crawl stopped midway (JOBDIR) resumes where it stopped: no page fetched twice, each report
written once, one complete set of output files at the end. (Killed crawls: test_crash_resume.)"""

import json

import pyarrow.parquet as pq

from demo.network import DemoNetwork
from tests.crawl_runner import ROOT, read_items, run_scrapy
from tests.test_crash_resume import demo_registry

EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))


def test_stopped_crawl_resumes_with_jobdir(tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    registry = demo_registry(tmp_path, ("panjin",))  # without its download_delay: quick
    args = [
        "crawl",
        "annual_reports",
        "-a",
        f"portals={registry}",
        "-s",
        f"OUTPUT_DIR={out}",
        "-s",
        f"JOBDIR={job}",
        "-s",
        "DOWNLOAD_DELAY=0.1",
        "-s",
        "CRAWL_REPORT_HTML=False",
    ]
    with DemoNetwork() as net:
        first = run_scrapy([*args, "-s", "CLOSESPIDER_ITEMCOUNT=2"], net.proxy_url)
        after_first = len(read_items(out / "reports.jsonl"))
        fetched_first = [r.target for r in net.log("www.panjin.gov.cn").records()]
        net.clear_logs()
        second = run_scrapy(args, net.proxy_url)
        fetched_second = [r.target for r in net.log("www.panjin.gov.cn").records()]
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    assert "closespider_itemcount" in first.stderr
    assert "Resuming crawl" in second.stderr
    items = read_items(out / "reports.jsonl")
    urls = [item["url"] for item in items]
    expected = {r["url"] for r in EXPECTED["reports"] if r["portal"] == "panjin"}
    assert 2 <= after_first < len(expected)
    assert len(urls) == len(set(urls)) and set(urls) == expected
    pages = [t for t in fetched_first + fetched_second if t != "/robots.txt"]
    assert len(pages) == len(set(pages)), "a page was fetched again after resuming"
    assert sorted(pq.read_table(out / "reports.parquet").column("url").to_pylist()) == sorted(urls)
    assert sorted(p.name for p in out.glob("*.parquet") if p.name != "catalogue.parquet") == [
        "reports.parquet",
        "table_cells.parquet",
    ]
