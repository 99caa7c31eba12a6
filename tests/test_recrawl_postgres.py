"""The same re-crawl with the crawl state in PostgreSQL: conditional requests, 304 revisits and
every report's change work there as with SQLite; the catalogue goes to OUTPUT_DIR."""

from __future__ import annotations

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.records import SERVER_NOT_MODIFIED
from tests.crawl_runner import read_items
from tests.services import (
    POSTGRES_HOST,
    POSTGRES_PORT,
    POSTGRES_TEST_DSN,
    isolated_schema,
    require_service,
)
from tests.test_recrawl_world import LIUXI, expected_changes, recrawl


@pytest.fixture(scope="module")
def dsn():
    # module scope (two crawls share it): the function-scoped postgres_dsn cannot be used
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    with isolated_schema(POSTGRES_TEST_DSN) as schema_dsn:
        yield schema_dsn


@pytest.fixture(scope="module")
def rc(dsn, tmp_path_factory):
    return recrawl(tmp_path_factory.mktemp("postgres"), (LIUXI,), CRAWL_STATE=dsn)


def test_recrawl_on_postgresql_says_what_changed(rc):
    items = read_items(rc.second.output / "reports.jsonl")
    assert {item["url"]: item["change"] for item in items} == expected_changes((LIUXI,))


def test_recrawl_on_postgresql_archives_304s_as_revisits(rc):
    profiles = []
    for path in (rc.second.output / "warc").glob("*.warc.gz"):
        with open(path, "rb") as stream:
            profiles += [r.rec_headers.get_header("WARC-Profile") for r in ArchiveIterator(stream)]
    answered_304 = [r for r in rc.second.logs[LIUXI.host] if r.status == 304]
    assert profiles.count(SERVER_NOT_MODIFIED) == len(answered_304) > 0


def test_recrawl_on_postgresql_writes_the_catalogue_into_output_dir(rc):
    catalogue = rc.second.output / "catalogue.parquet"
    ((versions, gone),) = duckdb.sql(
        f"SELECT count(*), count(gone_at) FROM read_parquet('{catalogue}')"
    ).fetchall()
    assert (versions, gone) == (len(LIUXI.years) + 2, 1)  # + the new one, + the correction
