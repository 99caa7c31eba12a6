"""A re-crawl of changed portals with the same crawl state asks conditionally, moves few bytes,
archives 304s as revisits of the first crawl, and says what changed in every report."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.check import check_warcs
from archive.reader import read_response_at
from archive.records import IDENTICAL_PAYLOAD_DIGEST, SERVER_NOT_MODIFIED
from tests.crawl_runner import read_items, run_scrapy
from tests.test_recrawl_world import LIUXI, QINGFENG, expected_changes, world_recrawl

VALIDATORS = ("if-none-match", "if-modified-since")


@pytest.fixture(scope="module")
def rc(tmp_path_factory):
    return world_recrawl(tmp_path_factory)


def items(crawl) -> dict[str, dict]:
    found = read_items(crawl.output / "reports.jsonl")
    urls = [item["url"] for item in found]
    assert len(urls) == len(set(urls)), "a report was emitted twice"
    return {item["url"]: item for item in found}


def served(crawl) -> list:
    return [record for records in crawl.logs.values() for record in records]


def conditional(record) -> bool:
    return any(name.lower() in VALIDATORS for name, _ in record.headers)


def records(output_dir, rec_type: str | None = None) -> list:
    """(record headers, http headers) of every record of a crawl's WARC files."""
    out = []
    for path in sorted((output_dir / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if rec_type is None or record.rec_type == rec_type:
                    out.append((record.rec_headers, record.http_headers))
    return out


def test_repeated_page_requests_are_conditional(rc):
    asked_before = {(r.host, r.target) for r in served(rc.first)}
    repeated = [r for r in served(rc.second) if (r.host, r.target) in asked_before]
    share = sum(conditional(r) for r in repeated) / len(repeated)
    print(f"\nconditional: {sum(map(conditional, repeated))}/{len(repeated)} = {share:.1%}")
    assert share >= 0.9
    robots = [r for r in repeated if r.target == "/robots.txt"]
    assert len(robots) == 2 and all(map(conditional, robots))


def test_recrawl_moves_at_most_35_percent_of_the_first_crawls_bytes(rc):
    first = sum(r.bytes_sent for r in served(rc.first))
    second = sum(r.bytes_sent for r in served(rc.second))
    print(f"\nbytes: first {first}, re-crawl {second} = {second / first:.1%}")
    assert second <= 0.35 * first


def test_every_report_carries_the_right_change(rc):
    first = items(rc.first)
    assert {item["change"] for item in first.values()} == {"new"}
    second = items(rc.second)
    assert {url: item["change"] for url, item in second.items()} == expected_changes()


def test_corrected_report_says_its_tables_changed_and_points_at_the_first_version(rc):
    url = LIUXI.report_url(LIUXI.corrected_year)
    before, after = items(rc.first)[url], items(rc.second)[url]
    assert after["changed_parts"] == ["tables"]
    assert after["content_hash"] != before["content_hash"]
    previous = after["previous"]
    assert previous["record_id"] == before["warc"]["record_id"]
    assert previous["path"] == str(rc.first.output.resolve() / "warc" / before["warc"]["file"])
    assert (
        read_response_at(previous["path"], previous["offset"]).record_id
        == before["warc"]["record_id"]
    )


def test_counter_only_change_is_unchanged_yet_archived_anew(rc):
    url = LIUXI.report_url(LIUXI.counter_year)
    before, after = items(rc.first)[url], items(rc.second)[url]
    assert after["change"] == "unchanged" and after["changed_parts"] == []
    assert after["content_hash"] == before["content_hash"]
    assert after["warc_revisit"] is None
    old = read_response_at(
        rc.first.output / "warc" / before["warc"]["file"], before["warc"]["offset"]
    )
    new = read_response_at(
        rc.second.output / "warc" / after["warc"]["file"], after["warc"]["offset"]
    )
    assert new.record_type == "response" and new.payload != old.payload


def test_withdrawn_report_becomes_a_tombstone_pointing_at_its_last_version(rc):
    url = LIUXI.report_url(LIUXI.withdrawn_year)
    before, tombstone = items(rc.first)[url], items(rc.second)[url]
    assert tombstone["change"] == "gone" and tombstone["gone"]["status"] == 404
    assert tombstone["warc"]["record_id"] == before["warc"]["record_id"]
    assert tombstone["previous"]["record_id"] == before["warc"]["record_id"]
    assert tombstone["title"] == before["title"] and tombstone["year"] == before["year"]
    assert tombstone["text"] is None and tombstone["tables"] == [] and tombstone["errors"] == []
    (gone,) = [
        h
        for h, http in records(rc.second.output, "response")
        if h.get_header("WARC-Record-ID") == tombstone["gone"]["warc"]["record_id"]
    ]
    assert gone.get_header("WARC-Target-URI") == url
    path = LIUXI.report_path(LIUXI.withdrawn_year)
    assert [r.status for r in rc.second.logs[LIUXI.host] if r.target == path] == [404]


def test_unlisted_report_still_served_is_found_and_unchanged(rc):
    url = QINGFENG.report_url(QINGFENG.unlisted_year)
    assert items(rc.second)[url]["change"] == "unchanged"
    path = QINGFENG.report_path(QINGFENG.unlisted_year)
    assert [r.target for r in rc.second.logs[QINGFENG.host]].count(path) == 1


def test_not_modified_answers_are_archived_as_revisits_of_the_first_crawl(rc):
    first = {
        h.get_header("WARC-Record-ID"): h
        for h, _ in records(rc.first.output)
        if h.get_header("WARC-Type") == "response"
    }
    revisits = [
        (h, http)
        for h, http in records(rc.second.output, "revisit")
        if h.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    ]
    answered_304 = [r for r in served(rc.second) if r.status == 304]
    assert len(revisits) == len(answered_304) > 0
    for headers, http in revisits:
        assert http.get_statuscode() == "304"  # the 304's own head is kept
        earlier = first[headers.get_header("WARC-Refers-To")]
        assert headers.get_header("WARC-Refers-To-Target-URI") == earlier.get_header(
            "WARC-Target-URI"
        )
        assert headers.get_header("WARC-Refers-To-Date") == earlier.get_header("WARC-Date")


def test_unchanged_payload_without_validators_is_a_digest_revisit_of_the_first_crawl(rc):
    url = QINGFENG.report_url(QINGFENG.identical_script_year)
    (response,) = [
        h for h, _ in records(rc.first.output, "response") if h.get_header("WARC-Target-URI") == url
    ]
    (revisit,) = [
        h for h, _ in records(rc.second.output, "revisit") if h.get_header("WARC-Target-URI") == url
    ]
    assert revisit.get_header("WARC-Profile") == IDENTICAL_PAYLOAD_DIGEST
    assert revisit.get_header("WARC-Refers-To") == response.get_header("WARC-Record-ID")
    assert revisit.get_header("WARC-Payload-Digest") == response.get_header("WARC-Payload-Digest")
    assert items(rc.second)[url]["change"] == "unchanged"


def test_items_of_revisited_pages_point_at_the_payload_and_at_the_revisit(rc):
    revisited = [item for item in items(rc.second).values() if item.get("warc_revisit")]
    assert len(revisited) >= 10
    revisit_ids = {h.get_header("WARC-Record-ID") for h, _ in records(rc.second.output, "revisit")}
    for item in revisited:
        payload = read_response_at(item["warc"]["path"], item["warc"]["offset"])
        assert payload.record_id == item["warc"]["record_id"] and payload.url == item["url"]
        assert item["warc"]["path"].startswith(str(rc.first.output.resolve()))
        assert item["warc_revisit"]["record_id"] in revisit_ids


def test_both_crawls_pass_warcio_check(rc):
    warcs = sorted((rc.first.output / "warc").glob("*.warc.gz"))
    warcs += sorted((rc.second.output / "warc").glob("*.warc.gz"))
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert check_warcs(warcs) == []


def test_items_of_both_crawls_match_the_schema(rc):
    for crawl in (rc.first, rc.second):
        problems = {url: item["errors"] for url, item in items(crawl).items() if item["errors"]}
        assert problems == {}


def test_recrawl_says_what_it_found_in_its_stats(rc):
    stats = rc.second.stats
    assert Counter({k: v for k, v in stats.items() if k.startswith("history/")}) == Counter(
        {
            "history/unchanged": 15,
            "history/changed": 1,
            "history/new": 1,
            "history/gone": 1,
            "history/gone_checks": 2,
        }
    )


def test_reparse_of_both_crawls_parses_304_pages_from_the_first_crawls_records(rc, tmp_path):
    target = tmp_path / "reparsed.jsonl"
    warcs = [str(rc.first.output / "warc"), str(rc.second.output / "warc")]
    result = run_scrapy(["reparse", *warcs, "-o", str(target)], proxy_url=None)
    assert result.returncode == 0, result.stderr[-3000:]
    # a page of the re-crawl is replayed from its revisit record, its payload from the first's
    reparsed = {(i["warc"]["record_id"], i["content_hash"]) for i in read_items(target)}
    revisited = [i for i in items(rc.second).values() if i.get("warc_revisit")]
    assert revisited
    assert {(i["warc_revisit"]["record_id"], i["content_hash"]) for i in revisited} <= reparsed
