"""A report whose compressed stream the server cut short is archived as received, marked, and
asked again within the retry budget and the host's delay: the next, whole answer is parsed. One
real crawl of a portal whose report pages answer first with a cut gzip/deflate/br/zstd stream."""

from __future__ import annotations

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive.check import check_warc
from demo.network import DemoNetwork
from tests.crawl_runner import read_items
from tests.fault_sites import ALWAYS_CUT, COMPRESSORS, CUT_ONCE, cut_once_portal, registry_toml
from tests.server_log_judge import archived, crawl_portals

DELAY = 0.4
RETRY_TIMES = 2


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    skeleton = cut_once_portal()
    registry = registry_toml([("qingyuan", "庆元县人民政府", skeleton, {})])
    with DemoNetwork([skeleton.site()]) as network:
        finished = crawl_portals(
            network,
            registry,
            tmp_path_factory.mktemp("cut"),
            DOWNLOAD_DELAY=DELAY,
            AUTOTHROTTLE_ENABLED=False,
            RETRY_TIMES=RETRY_TIMES,
        )
    items = {item["url"]: item for item in read_items(finished.output / "reports.jsonl")}
    return finished, skeleton, items, archived(finished.output)


def url_of(skeleton, year: int) -> str:
    return f"{skeleton.url.rstrip('/')}{skeleton.report_path(year)}"


@pytest.mark.parametrize("year", sorted(CUT_ONCE), ids=lambda y: CUT_ONCE[y])
def test_a_report_whose_first_stream_was_cut_is_parsed_from_the_retry(crawl, year):
    _, skeleton, items, records = crawl
    item = items[url_of(skeleton, year)]
    assert item["title"] == f"庆元县{year}年政府信息公开工作年度报告"
    (whole,) = [
        r for r in records if r.uri == url_of(skeleton, year) and not r.fields.get("body-problem")
    ]
    assert item["warc"]["record_id"] == whole.warc_headers["WARC-Record-ID"]


@pytest.mark.parametrize("year", sorted(CUT_ONCE), ids=lambda y: CUT_ONCE[y])
def test_both_answers_are_archived_as_received_and_the_cut_one_is_marked(crawl, year):
    _, skeleton, _, records = crawl
    coding = CUT_ONCE[year]
    cut, whole = [r for r in records if r.uri == url_of(skeleton, year)]
    assert cut.http_header("Content-Encoding") == coding == whole.http_header("Content-Encoding")
    assert len(cut.payload) < len(whole.payload)
    assert whole.payload.startswith(cut.payload)  # the same stream, stored still encoded
    assert cut.fields["body-problem"] == [f"{coding} body truncated"]
    assert cut.fields["body-action"] == ["retried"]
    assert "body-problem" not in whole.fields


def test_the_retry_waits_for_the_hosts_delay(crawl):
    finished, skeleton, _, _ = crawl
    for year in CUT_ONCE:
        first, second = [
            r for r in finished.logs[skeleton.host] if r.target == skeleton.report_path(year)
        ]
        assert second.started - first.started >= DELAY


def test_a_stream_cut_every_time_is_retried_within_the_budget_then_dropped(crawl):
    finished, skeleton, items, records = crawl
    url = url_of(skeleton, ALWAYS_CUT)
    cut = [r for r in records if r.uri == url]
    assert len(cut) == 1 + RETRY_TIMES
    assert all(r.fields["body-problem"] == ["gzip body truncated"] for r in cut)
    assert [r.fields["body-action"][0] for r in cut] == ["retried"] * RETRY_TIMES + ["dropped"]
    assert url not in items
    assert f"Gave up retrying <GET {url}>" in finished.log


def test_the_cut_streams_are_counted(crawl):
    finished, _, _, _ = crawl
    assert finished.stats["download/bad_encoding/truncated"] == len(CUT_ONCE) + 1 + RETRY_TIMES
    assert set(COMPRESSORS) == set(CUT_ONCE.values())  # every coding is exercised


def test_the_archive_checks_clean_and_a_broken_payload_nobody_marked_is_flagged(crawl, tmp_path):
    finished, _, _, _ = crawl
    (warc,) = sorted((finished.output / "warc").glob("*.warc.gz"))
    assert check_warc(warc) == []  # each cut stream is explained by its metadata record
    unmarked = tmp_path / "unmarked.warc.gz"
    with open(warc, "rb") as source, open(unmarked, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        for record in ArchiveIterator(source):
            if record.rec_type != "metadata":
                writer.write_record(record)
    problems = [p for p in check_warc(unmarked) if "does not decode" in p]
    # the cut answers in the codings the checker judges (gzip, deflate, br; not zstd), and
    # ALWAYS_CUT's first: its retries brought the same bytes, archived as revisits of it
    judged = [coding for coding in CUT_ONCE.values() if coding != "zstd"]
    assert len(problems) == len(judged) + 1
