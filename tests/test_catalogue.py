"""The catalogue across crawls: one Parquet row per report version, written by every crawl and by
``scrapy catalogue``, read with DuckDB."""

from __future__ import annotations

import duckdb
import pytest

from crawler.state.db import StateDB
from crawler.state.history import CrawlHistory, RecordPointer, ReportVersion, write_catalogue
from tests.crawl_runner import run_scrapy
from tests.services import (
    isolated_schema,
    postgres_dsn,  # noqa: F401  (fixture)
)
from tests.test_recrawl_world import LIUXI, PLANS, world_recrawl


@pytest.fixture(scope="module")
def rc(tmp_path_factory):
    return world_recrawl(tmp_path_factory)


def rows(path, where: str = "true") -> list[dict]:
    relation = duckdb.sql(
        f"SELECT * FROM read_parquet('{path}') WHERE {where} ORDER BY url, first_seen"
    )
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def test_catalogue_has_one_row_per_report_version(rc):
    catalogue = rc.state_dir / "catalogue.parquet"
    reports = {plan.report_url(y) for plan in PLANS for y in plan.years}
    reports.add(LIUXI.report_url(LIUXI.new_year))
    found = rows(catalogue)
    assert len(found) == len(reports) + 1  # the corrected report has two versions
    assert {row["url"] for row in found} == reports
    first_crawl = rows(catalogue, f"url = '{LIUXI.report_url(2014)}'")[0]["first_crawl"]
    (new,) = rows(catalogue, f"url = '{LIUXI.report_url(LIUXI.new_year)}'")
    second_crawl = new["first_crawl"]
    assert first_crawl != second_crawl and new["change"] == "new"
    old, corrected = rows(catalogue, f"url = '{LIUXI.report_url(LIUXI.corrected_year)}'")
    assert (old["change"], old["last_crawl"]) == ("new", first_crawl)
    assert (corrected["change"], corrected["changed_parts"]) == ("changed", ["tables"])
    assert corrected["first_crawl"] == second_crawl and corrected["first_seen"] > old["last_seen"]
    (gone,) = rows(catalogue, "gone_at IS NOT NULL")
    assert gone["url"] == LIUXI.report_url(LIUXI.withdrawn_year)
    assert (gone["gone_crawl"], gone["last_crawl"]) == (second_crawl, first_crawl)
    unchanged = rows(catalogue, f"change = 'new' AND last_crawl = '{second_crawl}'")
    assert len(unchanged) == len(reports) - 2  # not the withdrawn one, not the corrected one
    assert all(row["warc_path"].endswith(row["warc_file"]) for row in found)


def test_scrapy_catalogue_writes_the_same_table_from_the_state(rc, tmp_path):
    out = tmp_path / "again.parquet"
    state = rc.state_dir / "crawl-state.sqlite"
    result = run_scrapy(["catalogue", "-s", f"CRAWL_STATE={state}", "-o", str(out)], None)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "report versions" in result.stdout
    assert rows(out) == rows(rc.state_dir / "catalogue.parquet")


def test_scrapy_catalogue_refuses_a_state_that_does_not_exist(tmp_path):
    missing = tmp_path / "nothing.sqlite"
    result = run_scrapy(["catalogue", "-s", f"CRAWL_STATE={missing}"], None)
    assert result.returncode != 0 and "no crawl state" in result.stderr
    assert not missing.exists()


def test_catalogue_of_a_postgresql_state_is_read_by_duckdb(postgres_dsn, tmp_path):  # noqa: F811
    with isolated_schema(postgres_dsn) as dsn:
        history = CrawlHistory(StateDB(dsn), "20260101T000000Z-abcdef")
        history.add_version(
            ReportVersion(
                url=LIUXI.report_url(2023),
                first_crawl=history.crawl_id,
                portal="liuxi",
                content_hash="sha256:c",
                text_hash="t",
                tables_hash="t",
                metadata_hash="m",
                change="new",
                first_seen="2026-01-01T00:00:00.000001Z",
                last_seen="2026-01-01T00:00:00.000001Z",
                last_crawl=history.crawl_id,
                year=2023,
                title="柳溪县人民政府2023年政府信息公开工作年度报告",
                record=RecordPointer("/crawls/d1/warc/a.warc.gz", 42, 900, "<urn:uuid:1>"),
            )
        )
        path = write_catalogue(history, tmp_path / "catalogue.parquet")
        history.db.close()
    (row,) = rows(path)
    assert (row["year"], row["title"], row["warc_file"], row["warc_offset"]) == (
        2023,
        "柳溪县人民政府2023年政府信息公开工作年度报告",
        "a.warc.gz",
        42,
    )
    assert row["first_seen"].isoformat() == "2026-01-01T00:00:00.000001+00:00"
    assert row["changed_parts"] == [] and row["gone_at"] is None
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.parquet"]  # no temporary left
