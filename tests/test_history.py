"""The history tables behave the same on SQLite and PostgreSQL: latest captures, payload records
for revisits, report versions, unseen reports, gone checks; and the content fingerprint."""

from __future__ import annotations

import pytest

from crawler.state.history import Capture, CrawlHistory, RecordPointer, ReportVersion
from pipelines.change import (
    CONTENT_METADATA,
    _digest,
    changed_parts,
    content_fingerprint,
    normalised_text,
    prose,
)

URL = "http://www.liuxi.gov.cn/xxgk/zfxxgknb/202303/t20230301_7022.html"


def pointer(name: str, offset: int, record: str, uri: str = URL) -> RecordPointer:
    return RecordPointer(f"/crawls/{name}.warc.gz", offset, 100, record, uri, f"2025-0{offset}Z")


def capture(crawl: str, record: RecordPointer, payload: RecordPointer | None, **kw) -> Capture:
    return Capture(URL, crawl, 200, "response", record, payload, **kw)


def version(history: CrawlHistory, content: str, url: str = URL, **kw) -> ReportVersion:
    return ReportVersion(
        url=url,
        first_crawl=history.crawl_id,
        portal="liuxi",
        content_hash=content,
        text_hash="t",
        tables_hash="t",
        metadata_hash="m",
        change="new",
        first_seen=kw.pop("seen", "2025-01-01T00:00:00Z"),
        last_seen="2025-01-01T00:00:00Z",
        last_crawl=history.crawl_id,
        record=pointer("a", 1, "<urn:uuid:1>", url),
        **kw,
    )


def test_latest_capture_of_a_url_replaces_the_earlier_one(state_db):
    first, second = CrawlHistory(state_db, "c1"), CrawlHistory(state_db, "c2")
    original = pointer("a", 1, "<urn:uuid:1>")
    first.record_capture(capture("c1", original, original, etag='"v1"', payload_digest="sha1:A"))
    revisit = pointer("b", 2, "<urn:uuid:2>")
    second.record_capture(
        Capture(URL, "c2", 304, "revisit", revisit, original, '"v1"', None, "sha1:A")
    )
    latest = second.capture(URL)
    assert (latest.crawl_id, latest.status, latest.record, latest.payload) == (
        "c2",
        304,
        revisit,
        original,
    )
    assert latest.etag == '"v1"' and latest.last_modified is None


def test_payload_record_prefers_the_urls_own_earlier_capture(state_db):
    history = CrawlHistory(state_db, "c1")
    own = pointer("a", 1, "<urn:uuid:1>")
    history.record_capture(capture("c1", own, own, payload_digest="D"))
    elsewhere = pointer("a", 2, "<urn:uuid:2>", "http://x.gov.cn/copy.html")
    history.record_capture(
        Capture(elsewhere.uri, "c1", 200, "response", elsewhere, elsewhere, payload_digest="D")
    )
    assert history.payload_record("D", URL) == own
    assert history.payload_record("D", "http://x.gov.cn/third.html") == elsewhere
    assert history.payload_record("other", URL) is None


def test_a_payload_archived_again_in_full_is_the_one_revisits_refer_to(state_db):
    first, second = CrawlHistory(state_db, "c1"), CrawlHistory(state_db, "c2")
    lost = pointer("a", 1, "<urn:uuid:1>", "http://x.gov.cn/1.pdf")
    first.record_capture(Capture(lost.uri, "c1", 200, "response", lost, lost, payload_digest="P"))
    again = pointer("b", 2, "<urn:uuid:2>", "http://x.gov.cn/1.pdf")
    second.record_capture(
        Capture(again.uri, "c2", 200, "response", again, again, payload_digest="P")
    )
    assert second.payload_record("P", "http://x.gov.cn/3.pdf") == again


def test_unseen_reports_are_live_latest_versions_this_crawl_did_not_see(state_db):
    first, second = CrawlHistory(state_db, "c1"), CrawlHistory(state_db, "c2")
    for path in ("seen", "unseen", "changed", "gone"):
        first.add_version(version(first, "h1", url=f"http://x.gov.cn/{path}.html"))
    seen = first.latest_version("http://x.gov.cn/seen.html")
    second.saw_version(seen, "2026-01-01T00:00:00Z", None)
    second.add_version(
        version(second, "h2", url="http://x.gov.cn/changed.html", seen="2026-01-01T00:00:00Z")
    )
    second.mark_gone(first.latest_version("http://x.gov.cn/gone.html"), "2026-01-01T00:00:00Z")
    assert [v.url for v in second.unseen_reports("liuxi")] == ["http://x.gov.cn/unseen.html"]
    assert second.unseen_reports("other") == []
    versions = second.versions_of("http://x.gov.cn/changed.html")
    assert [v.first_crawl for v in versions] == ["c2", "c1"]
    assert second.latest_version("http://x.gov.cn/seen.html").last_crawl == "c2"


def test_gone_checks_record_why_a_portal_was_not_checked(state_db):
    history = CrawlHistory(state_db, "c2")
    history.record_gone_check("liuxi", True, 2, "")
    history.record_gone_check("qingfeng", False, 5, "page budget exhausted")
    history.record_gone_check("qingfeng", False, 5, "page budget exhausted; host given up: x")
    assert history.gone_checks() == [
        ("liuxi", True, 2, ""),
        ("qingfeng", False, 5, "page budget exhausted; host given up: x"),
    ]


# --- the content fingerprint --------------------------------------------------------------------

REPORT = {
    "text": "一、总体情况\n全年主动公开政府信息1234条。\n行政复议\t行政诉讼\n1\t2",
    "tables": [
        {"table": "review_litigation", "scope": "", "row": "", "col": "行政复议/总计", "value": 1},
        {"table": "review_litigation", "scope": "", "row": "", "col": "行政诉讼/总计", "value": 2},
    ],
    "title": "柳溪县人民政府2022年政府信息公开工作年度报告",
    "agency": "柳溪县人民政府",
    "year": 2022,
    "published": "2023-03-01",
    "index_no": "431002023-22",
    "doc_no": None,
    "warnings": ["a warning is not content"],
}


def as_version(fingerprint: dict) -> ReportVersion:
    return ReportVersion(
        url=URL,
        first_crawl="c1",
        portal="liuxi",
        content_hash=fingerprint["content"],
        text_hash=fingerprint["text"],
        tables_hash=fingerprint["tables"],
        metadata_hash=fingerprint["metadata"],
        change="new",
        first_seen="",
        last_seen="",
        last_crawl="c1",
    )


def test_fingerprint_ignores_whitespace_cell_order_and_non_content_fields():
    same = {
        **REPORT,
        "text": "一、总体情况\n\n  全年主动公开政府信息1234条。 \n行政复议\t行政诉讼\n1\t2",
        "tables": list(reversed(REPORT["tables"])),
        "warnings": [],
        "fetched": "another day",
    }
    assert content_fingerprint(same) == content_fingerprint(REPORT)


@pytest.mark.parametrize(
    "text",
    [
        "一、总体情况\n全年主动公开政府信息１２３４条。",  # full-width digits
        "a\u0301\n\u0301b\tc\n\uff21\u2028x\u3000y",  # a mark starting a line, U+2028
        "x\r\n\u0308\u0323y\x85z\t①",  # CRLF, NEL, marks out of order, circled digit
    ],
)
def test_the_text_hashes_are_those_of_the_normalised_prose_and_text(text):
    """Re-crawls compare with hashes earlier versions stored: each is NFKC of its own text,
    without white space, whatever order the work is done in."""
    fingerprint = content_fingerprint({"text": text})
    assert fingerprint["text"] == _digest(normalised_text(prose(text)))
    whole = _digest(normalised_text(text))
    assert fingerprint["content"] == _digest(
        [whole, _digest([]), _digest([None] * len(CONTENT_METADATA))]
    )


def test_a_corrected_cell_changes_the_tables_only():
    cells = [dict(REPORT["tables"][0], value=2), REPORT["tables"][1]]
    corrected = {**REPORT, "text": REPORT["text"].replace("1\t2", "2\t2"), "tables": cells}
    fingerprint = content_fingerprint(corrected)
    assert fingerprint["content"] != content_fingerprint(REPORT)["content"]
    assert changed_parts(fingerprint, as_version(content_fingerprint(REPORT))) == ["tables"]


def test_a_changed_sentence_or_date_is_a_text_or_metadata_change():
    before = as_version(content_fingerprint(REPORT))
    reworded = {**REPORT, "text": REPORT["text"].replace("1234", "1243")}
    assert changed_parts(content_fingerprint(reworded), before) == ["text"]
    redated = {**REPORT, "published": "2023-03-02"}
    assert changed_parts(content_fingerprint(redated), before) == ["metadata"]


def test_a_table_row_no_cell_holds_still_counts_as_a_text_change():
    unparsed = {**REPORT, "text": REPORT["text"] + "\n其他\t7"}
    fingerprint = content_fingerprint(unparsed)
    assert fingerprint["content"] != content_fingerprint(REPORT)["content"]
    assert changed_parts(fingerprint, as_version(content_fingerprint(REPORT))) == ["text"]
