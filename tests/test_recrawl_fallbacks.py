"""Re-crawls whose earlier archive is gone or broken, or whose crawl is cut short: the payload is
fetched and archived in full again (said once in the log), and no report is called gone on the
strength of a crawl that did not see everything."""

from __future__ import annotations

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.records import IDENTICAL_PAYLOAD_DIGEST
from crawler.state.db import StateDB
from crawler.state.history import CrawlHistory
from tests.crawl_runner import read_items
from tests.test_recrawl_world import LIUXI, QINGFENG, expected_changes, recrawl

WARNING = "cannot be read"
VALIDATORS = ("if-none-match", "if-modified-since")


def conditional(record) -> bool:
    return any(name.lower() in VALIDATORS for name, _ in record.headers)


def record_ids(output_dir) -> tuple[set[str], list[str]]:
    """Ids of the crawl's response records, and the ids its payload revisits refer to (a 304's
    revisit names the capture the server confirmed, readable or not)."""
    responses, refers = set(), []
    for path in (output_dir / "warc").glob("*.warc.gz"):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                headers = record.rec_headers
                if record.rec_type == "response":
                    responses.add(headers.get_header("WARC-Record-ID"))
                elif headers.get_header("WARC-Profile") == IDENTICAL_PAYLOAD_DIGEST:
                    refers.append(headers.get_header("WARC-Refers-To"))
    return responses, refers


def changes(crawl) -> dict[str, str]:
    return {i["url"]: i["change"] for i in read_items(crawl.output / "reports.jsonl")}


# --- the first crawl's WARC files were moved away -----------------------------------------------


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    def move(first_output):
        (first_output / "warc").rename(first_output / "warc-elsewhere")

    return recrawl(tmp_path_factory.mktemp("moved"), (QINGFENG,), between=move)


def test_moved_archive_is_not_asked_conditionally_and_the_log_says_so_once(moved):
    served = [r for records in moved.second.logs.values() for r in records]
    assert served and not any(map(conditional, served))
    assert moved.second.log.count(WARNING) == 1
    assert moved.second.stats["conditional/unreadable_record"] == len(served) - 1  # not 2024's


def test_moved_archive_payloads_are_archived_in_full_again(moved):
    responses, refers = record_ids(moved.second.output)
    assert all(ref in responses for ref in refers)  # no revisit of a record that is not there
    items = read_items(moved.second.output / "reports.jsonl")
    assert all(not item.get("warc_revisit") and "path" not in item["warc"] for item in items)


def test_moved_archive_changes_are_still_right(moved):
    assert changes(moved.second) == expected_changes((QINGFENG,))


# --- the first crawl's WARC files are there but cut short (disk full, bad copy) -----------------


@pytest.fixture(scope="module")
def truncated(tmp_path_factory):
    def cut(first_output):
        for path in (first_output / "warc").glob("*.warc.gz"):
            with open(path, "r+b") as handle:
                handle.truncate(1500)  # the warcinfo record and the start of the next

    return recrawl(tmp_path_factory.mktemp("truncated"), (QINGFENG,), between=cut)


def test_unreadable_record_after_a_304_is_asked_again_without_validators(truncated):
    records = truncated.second.logs[QINGFENG.host]
    home = [r for r in records if r.target == "/"]
    assert [(r.status, conditional(r)) for r in home] == [(304, True), (200, False)]
    assert truncated.second.log.count(WARNING) == 1
    responses, refers = record_ids(truncated.second.output)
    assert all(ref in responses for ref in refers)


def test_unreadable_record_changes_are_still_right(truncated):
    assert changes(truncated.second) == expected_changes((QINGFENG,))


# --- the re-crawl is cut short by its page budget -----------------------------------------------


@pytest.fixture(scope="module")
def cut_short(tmp_path_factory):
    return recrawl(
        tmp_path_factory.mktemp("cut"), (LIUXI,), second_settings={"PORTAL_MAX_PAGES": 6}
    )


def test_crawl_cut_short_marks_no_report_gone(cut_short):
    assert "gone" not in changes(cut_short.second).values()
    withdrawn = LIUXI.report_path(LIUXI.withdrawn_year)
    assert withdrawn not in [r.target for r in cut_short.second.logs[LIUXI.host]]
    assert "crawl cut short (page budget exhausted)" in cut_short.second.log


def test_crawl_cut_short_records_why_it_did_not_look_for_withdrawn_reports(cut_short):
    db = StateDB(str(cut_short.state_dir / "crawl-state.sqlite"))
    (crawl_id,) = db.query_one(
        "SELECT crawl_id FROM crawls WHERE output_dir = ?",
        (str(cut_short.second.output.resolve()),),
    )
    history = CrawlHistory(db, crawl_id)
    ((portal, checked, candidates, reason),) = history.gone_checks()
    assert (portal, checked, reason) == ("liuxi", False, "page budget exhausted")
    assert candidates >= 1
    assert not [v for v in history.versions() if v.gone_at]
