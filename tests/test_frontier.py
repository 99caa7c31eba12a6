"""The frontier's queue and seen-set in the crawl-state store, on SQLite and on PostgreSQL; which
crawl a run belongs to."""

from __future__ import annotations

import secrets

import pytest

from crawler.state import CrawlIdError, open_crawl_state, read_crawl_id, write_crawl_id
from crawler.state.frontier import LEASED, QUEUED, Frontier


@pytest.fixture
def frontier(state_db) -> Frontier:
    return Frontier(state_db, f"crawl-{secrets.token_hex(3)}")


def add(frontier: Frontier, url: str, host: str = "a.gov.cn", priority: int = 0, **kw) -> int:
    fingerprint = kw.pop("fingerprint", url)
    return frontier.add(f'{{"url": "{url}"}}', host, priority, fingerprint, url=url, **kw)


def test_a_fingerprint_seen_before_is_not_queued_again(frontier):
    assert add(frontier, "http://a.gov.cn/1") is not None
    assert add(frontier, "http://a.gov.cn/1") is None
    assert frontier.queued_by_host() == {"a.gov.cn": 1}


def test_a_request_without_fingerprint_is_queued_even_when_seen(frontier):
    add(frontier, "http://a.gov.cn/1")
    assert add(frontier, "http://a.gov.cn/1", fingerprint=None) is not None
    assert frontier.queued_by_host() == {"a.gov.cn": 2}


def test_a_host_leases_its_highest_priority_then_its_oldest_request(frontier):
    first = add(frontier, "http://a.gov.cn/old", priority=0)
    add(frontier, "http://a.gov.cn/other-host", host="b.gov.cn", priority=9)
    urgent = add(frontier, "http://a.gov.cn/urgent", priority=5)
    later = add(frontier, "http://a.gov.cn/new", priority=0)
    leased = [frontier.lease("a.gov.cn")[0] for _ in range(3)]
    assert leased == [urgent, first, later]
    assert frontier.lease("a.gov.cn") is None


def test_a_done_request_leaves_the_queue_and_stays_seen(frontier):
    request_id = add(frontier, "http://a.gov.cn/1")
    frontier.lease("a.gov.cn")
    assert frontier.done(request_id)
    assert frontier.count(QUEUED) == frontier.count(LEASED) == 0
    assert add(frontier, "http://a.gov.cn/1") is None


def test_leased_requests_go_back_to_the_queue_for_a_resumed_run(frontier):
    add(frontier, "http://a.gov.cn/1")
    add(frontier, "http://a.gov.cn/2")
    frontier.lease("a.gov.cn")
    assert frontier.queued_by_host() == {"a.gov.cn": 1}
    assert frontier.requeue_leased() == 1
    assert frontier.queued_by_host() == {"a.gov.cn": 2}


def test_crawls_sharing_a_store_have_their_own_queue_and_seen_set(state_db):
    first, second = Frontier(state_db, "crawl-1"), Frontier(state_db, "crawl-2")
    add(first, "http://a.gov.cn/1")
    assert add(second, "http://a.gov.cn/1") is not None
    first.forget()
    assert first.queued_by_host() == {} and first.seen_count() == 0
    assert second.queued_by_host() == {"a.gov.cn": 1}


def test_seen_urls_name_their_portal(frontier):
    add(frontier, "http://a.gov.cn/1", portal="a")
    add(frontier, "http://b.gov.cn/1", host="b.gov.cn", portal="b")
    assert sorted(frontier.seen_urls()) == [("a", "http://a.gov.cn/1"), ("b", "http://b.gov.cn/1")]


# --- which crawl a run belongs to ------------------------------------------------------------------


def run_settings(tmp_path, jobdir: bool = True):
    from scrapy.settings import Settings

    values = {"OUTPUT_DIR": str(tmp_path / "out")}
    if jobdir:
        values["JOBDIR"] = str(tmp_path / "job")
    return Settings(values)


def test_without_jobdir_every_run_is_a_new_crawl(tmp_path):
    first = open_crawl_state(run_settings(tmp_path, jobdir=False))
    second = open_crawl_state(run_settings(tmp_path, jobdir=False))
    assert first.crawl_id != second.crawl_id and not second.resumed


def test_with_jobdir_the_next_run_resumes_the_crawl(tmp_path):
    first = open_crawl_state(run_settings(tmp_path))
    second = open_crawl_state(run_settings(tmp_path))
    assert not first.resumed and second.resumed
    assert second.crawl_id == first.crawl_id and second.started == first.started
    assert (tmp_path / "job" / "crawl-id").read_text().strip() == first.crawl_id


def test_a_jobdir_naming_a_crawl_the_store_does_not_know_starts_it_afresh(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "crawl-id").write_text("20250101T000000Z-abcdef\n")
    state = open_crawl_state(run_settings(tmp_path))
    assert state.crawl_id == "20250101T000000Z-abcdef" and not state.resumed


def test_a_crawl_id_file_that_is_not_one_stops_the_run(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "crawl-id").write_bytes(b"\x80\x00garbage")
    with pytest.raises(CrawlIdError):
        open_crawl_state(run_settings(tmp_path))


def test_the_crawl_id_is_written_whole_and_nothing_else_is_left(tmp_path):
    write_crawl_id(tmp_path / "job", "20250101T000000Z-abcdef")
    write_crawl_id(tmp_path / "job", "20250102T000000Z-fedcba")
    assert [p.name for p in (tmp_path / "job").iterdir()] == ["crawl-id"]
    assert read_crawl_id(tmp_path / "job") == "20250102T000000Z-fedcba"
