"""The item log: every item once in reports.jsonl across kills and resumes, Parquet from all of it."""

from __future__ import annotations

import json
import secrets

import pyarrow.parquet as pq
import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.state import crawl_state_for
from pipelines.item_log import ItemLogPipeline, items_per_portal
from tests.services import (
    isolated_schema,
    postgres_dsn,  # noqa: F401  (fixture)
)


class QuietSpider(Spider):
    name = "quiet"


def pipeline(tmp_path, output: str = "out", state: str = "", jobdir: str = "job", **settings):
    values = {
        "OUTPUT_DIR": str(tmp_path / output),
        "JOBDIR": str(tmp_path / jobdir),
        "ITEM_LOG_ENABLED": True,
        "OUTPUT_PARQUET": True,
        **settings,
    }
    if state:
        values["CRAWL_STATE"] = state
    crawler = get_crawler(QuietSpider, values)
    crawler._apply_settings()
    log = ItemLogPipeline.from_crawler(crawler)
    log.open_spider()
    return log


def report(number: int, portal: str = "p", **fields) -> dict:
    return {"url": f"http://a.gov.cn/{number}.html", "portal": portal, "title": "报告", **fields}


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_items_are_appended_one_json_line_each(tmp_path):
    log = pipeline(tmp_path)
    log.process_item(report(1))
    log.process_item(report(2))
    assert [item["url"] for item in lines(tmp_path / "out" / "reports.jsonl")] == [
        "http://a.gov.cn/1.html",
        "http://a.gov.cn/2.html",
    ]


def test_an_item_the_crawl_already_wrote_is_dropped_after_a_resume(tmp_path):
    pipeline(tmp_path).process_item(report(1))  # the run that was killed
    resumed = pipeline(tmp_path)
    with pytest.raises(DropItem):
        resumed.process_item(report(1))
    assert resumed.stats.get_value("items/duplicates_dropped") == 1
    assert len(lines(tmp_path / "out" / "reports.jsonl")) == 1


def test_a_tail_written_after_the_last_commit_is_cut_at_open(tmp_path):
    pipeline(tmp_path).process_item(report(1))
    path = tmp_path / "out" / "reports.jsonl"
    with open(path, "ab") as handle:  # a kill between the write and the commit, mid-line
        handle.write(b'{"url": "http://a.gov.cn/2.html", "tit')
    resumed = pipeline(tmp_path)
    resumed.process_item(report(2))
    assert [item["url"] for item in lines(path)] == [
        "http://a.gov.cn/1.html",
        "http://a.gov.cn/2.html",
    ]


def test_a_new_crawl_in_the_same_output_dir_starts_the_file_afresh(tmp_path):
    pipeline(tmp_path, jobdir="first-job").process_item(report(1))
    pipeline(tmp_path, jobdir="second-job").process_item(report(2))
    assert [item["url"] for item in lines(tmp_path / "out" / "reports.jsonl")] == [
        "http://a.gov.cn/2.html"
    ]


def test_parquet_files_are_written_at_close_from_every_item_of_the_crawl(tmp_path):
    pipeline(tmp_path).process_item(report(1))
    resumed = pipeline(tmp_path)
    cells = [{"table": "t", "scope": "", "row": "r", "col": "c", "value": 3.0}]
    resumed.process_item(report(2, tables=cells))
    resumed.close_spider()
    out = tmp_path / "out"
    assert sorted(pq.read_table(out / "reports.parquet").column("url").to_pylist()) == [
        "http://a.gov.cn/1.html",
        "http://a.gov.cn/2.html",
    ]
    assert pq.read_table(out / "table_cells.parquet").column("value").to_pylist() == [3.0]
    assert not list(out.glob(".*.tmp"))


def test_reports_are_written_a_few_at_a_time_long_ones_fewer(tmp_path):
    """A row group holds what the crawl keeps in memory at its end until it is written: at most
    64 reports, fewer when their text is long (reports read from long PDFs)."""
    log = pipeline(tmp_path)
    for number in range(130):
        log.process_item(report(number, text="公开" * 10))
    log.close_spider()
    short = pq.ParquetFile(tmp_path / "out" / "reports.parquet")
    assert [short.metadata.row_group(g).num_rows for g in range(short.num_row_groups)] == [
        64,
        64,
        2,
    ]
    long = pipeline(tmp_path, output="long", jobdir="long-job")
    for number in range(10):
        text = f"第{number}部分" + "本机关依法公开政府信息。" * 25_000  # 300,000 characters
        long.process_item(report(number, text=text))
    long.close_spider()
    table = pq.read_table(tmp_path / "long" / "reports.parquet")
    assert table.column("text").to_pylist()[9].startswith("第9部分")
    groups = pq.ParquetFile(tmp_path / "long" / "reports.parquet").metadata
    assert [groups.row_group(g).num_rows for g in range(groups.num_row_groups)] == [4, 4, 2]


def test_a_parquet_file_that_cannot_be_filled_is_left_out_and_the_other_written(tmp_path, caplog):
    log = pipeline(tmp_path)
    log.process_item(report(1, tables=[{"table": "t", "row": "r", "col": "c", "value": "many"}]))
    log.close_spider()
    out = tmp_path / "out"
    assert pq.read_table(out / "reports.parquet").column("url").to_pylist() == [
        "http://a.gov.cn/1.html"
    ]
    assert not (out / "table_cells.parquet").exists()
    assert "could not write table_cells.parquet" in caplog.text
    assert not list(out.glob(".*.tmp"))


def test_written_items_are_counted_per_portal_for_a_resumed_spider(tmp_path):
    log = pipeline(tmp_path)
    log.process_item(report(1, portal="a"))
    log.process_item(report(2, portal="a"))
    log.process_item(report(3, portal="b"))
    state = crawl_state_for(log_crawler(tmp_path))
    assert items_per_portal(state.db, state.crawl_id) == {"a": 2, "b": 1}


def log_crawler(tmp_path):
    crawler = get_crawler(
        QuietSpider, {"OUTPUT_DIR": str(tmp_path / "out"), "JOBDIR": str(tmp_path / "job")}
    )
    crawler._apply_settings()
    return crawler


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_workers_sharing_a_store_write_each_report_once_between_them(tmp_path, request, store):
    if store == "sqlite":
        state = str(tmp_path / "shared.sqlite")
        workers(tmp_path, state)
        return
    with isolated_schema(request.getfixturevalue("postgres_dsn")) as dsn:
        workers(tmp_path, dsn)


def workers(tmp_path, state: str) -> None:
    # two workers of one crawl: the same crawl id, each with its own OUTPUT_DIR
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "crawl-id").write_text(f"20250101T000000Z-{secrets.token_hex(3)}\n")
    first = pipeline(tmp_path, output="worker-1", state=state)
    second = pipeline(tmp_path, output="worker-2", state=state)
    first.process_item(report(1))
    with pytest.raises(DropItem):
        second.process_item(report(1))
    second.process_item(report(2))
    assert len(lines(tmp_path / "worker-1" / "reports.jsonl")) == 1
    assert [item["url"] for item in lines(tmp_path / "worker-2" / "reports.jsonl")] == [
        "http://a.gov.cn/2.html"
    ]
