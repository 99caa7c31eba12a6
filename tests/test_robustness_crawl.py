"""Every fault a weekly crawl meets, in one real crawl next to a healthy portal: the crawl goes on,
each fault is logged and counted, and what was received is archived (marked when incomplete)."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.fault_sites import FAULTS_HOST, MAXSIZE, METADATA_URL, robustness_network
from tests.raw_sites import FaultNetwork
from tests.server_log_judge import archived, crawl_portals

FAILURE_THRESHOLD = 4
HOST_PAUSE = 1.5
FAULT = f"http://{FAULTS_HOST}/zwgk/xxgknb/fault/"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    sites, raw_sites, registry = robustness_network()
    with FaultNetwork(sites, raw_sites) as network:
        return crawl_portals(
            network,
            registry,
            tmp_path_factory.mktemp("faults"),
            DOWNLOAD_DELAY=0.2,
            AUTOTHROTTLE_START_DELAY=0.2,
            DOWNLOAD_MAXSIZE=MAXSIZE,
            DOWNLOAD_TIMEOUT=3,
            ABANDONED_DOWNLOAD_PAUSE=2.5,
            RETRY_TIMES=1,
            HOST_FAILURE_THRESHOLD=FAILURE_THRESHOLD,
            HOST_PAUSE=HOST_PAUSE,
            HOST_MAX_PAUSES=1,
            CHALLENGE_PAUSE=1,
        )


def items(crawl) -> list[dict]:
    lines = (crawl.output / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def records_for(crawl, url: str):
    return [a for a in archived(crawl.output) if a.uri == url]


def test_crawl_finishes_and_the_healthy_portal_is_complete(crawl):
    assert "'finish_reason': 'finished'" in crawl.log
    healthy = [i for i in items(crawl) if i["portal"] == "hegui"]
    assert len(healthy) == 3


def test_a_host_that_keeps_failing_is_paused_then_given_up(crawl):
    records = sorted(crawl.logs["www.guzhang.gov.cn"], key=lambda r: r.started)
    failed = [r for r in records if r.status >= 500 or r.error]
    # FAILURE_THRESHOLD failures open the breaker; after the pause one probe, and it failed
    assert len(failed) == FAILURE_THRESHOLD + 1
    assert failed[-1].started - failed[-2].ended >= HOST_PAUSE
    assert records[-1] is failed[-1]  # nothing after the host was given up
    assert "giving up host www.guzhang.gov.cn after 5 failures" in crawl.log
    assert crawl.stats["hosts/given_up/failures"] == 1


def test_challenge_pages_are_archived_marked_and_produce_no_item(crawl):
    for portal, host, status, kind in (
        ("jianghua", "www.jianghua.gov.cn", 412, "ruishu"),
        ("ningyuan", "www.ningyuan.gov.cn", 521, "jiasule"),
    ):
        (page,) = records_for(crawl, f"http://{host}/")
        assert page.status == status
        assert page.fields["challenge"] == [kind]
        assert crawl.stats[f"challenges/{portal}"] == 1
        assert crawl.stats[f"challenges/kind/{kind}"] == 1
        assert f"portal {portal} is challenged" in crawl.log
        assert not [i for i in items(crawl) if i["portal"] == portal]


def test_a_host_challenged_again_after_backing_off_is_given_up(crawl):
    assert crawl.stats["challenges/daoxian"] == 2
    assert crawl.stats["challenges/kind/captcha"] == 1
    assert crawl.stats["challenges/kind/js-cookie"] == 1
    assert crawl.stats["hosts/given_up/challenge"] == 1
    assert "giving up host www.daoxian.gov.cn (portal daoxian): 2 anti-bot challenges" in crawl.log


def test_a_redirect_to_cloud_metadata_is_refused(crawl):
    assert not [r for r in crawl.proxied if r.host.startswith("169.254.")]
    assert crawl.stats["address_guard/refused/cloud-metadata"] == 1
    assert f"refused {METADATA_URL}: 169.254.169.254 is a cloud-metadata address" in crawl.log


def test_an_oversized_body_is_archived_truncated_at_the_cap(crawl):
    (big,) = records_for(crawl, FAULT + "big.html")
    assert big.warc_headers["WARC-Truncated"] == "length"
    served = next(r for r in crawl.logs[FAULTS_HOST] if r.target.endswith("big.html"))
    assert MAXSIZE < len(big.payload) < served.bytes_sent
    assert crawl.stats["download/truncated/length"] == 1
    assert not [i for i in items(crawl) if i["url"].endswith("big.html")]


def test_a_body_cut_by_a_dropped_connection_is_archived_as_received(crawl):
    for name in ("cut.html", "cut-gz.html"):
        cut = records_for(crawl, f"http://www.duanlian.gov.cn/{name}")
        assert cut, name
        assert all(r.warc_headers["WARC-Truncated"] == "disconnect" for r in cut)
    # each attempt stored as received (a repeat may be a revisit, without payload)
    plain = [r for r in records_for(crawl, "http://www.duanlian.gov.cn/cut.html") if r.payload]
    assert plain and all(r.payload.startswith(b"<!DOCTYPE html>") for r in plain)
    assert crawl.stats["download/truncated/disconnect"] >= 2
    assert not [i for i in items(crawl) if i["portal"] == "duanlian"]


def test_a_truncated_gzip_stream_is_archived_marked_retried_and_not_parsed(crawl):
    first, again = records_for(crawl, FAULT + "trunc-gz.html")  # RETRY_TIMES=1
    assert first.payload.startswith(b"\x1f\x8b")  # stored as sent, still encoded
    assert [r.fields["body-problem"] for r in (first, again)] == [["gzip body truncated"]] * 2
    assert [r.fields["body-action"] for r in (first, again)] == [["retried"], ["dropped"]]
    assert crawl.stats["download/bad_encoding/truncated"] == 2
    assert not [i for i in items(crawl) if i["url"].endswith("trunc-gz.html")]


def test_a_decompression_bomb_is_dropped_and_counted(crawl):
    (bomb,) = records_for(crawl, FAULT + "bomb.html")
    assert len(bomb.payload) < MAXSIZE < len(gzip.decompress(bomb.payload))
    assert crawl.stats["download/bad_encoding/too-large"] == 1
    assert "inflates beyond DOWNLOAD_MAXSIZE" in crawl.log


def test_a_body_labelled_gzip_but_plain_is_read_as_it_is(crawl):
    assert crawl.stats["download/bad_encoding/not-compressed"] == 1
    assert [i for i in items(crawl) if i["url"] == FAULT + "notgz.html"]


def test_a_redirect_loop_is_logged_and_counted(crawl):
    assert crawl.stats["redirect/loop"] == 1
    assert "redirect loop: " + FAULT + "loop-a.html -> " in crawl.log


def test_a_body_still_arriving_near_the_timeout_is_cut_and_kept(crawl):
    (stalled,) = records_for(crawl, FAULT + "stall.html")
    assert stalled.warc_headers["WARC-Truncated"] == "time"
    assert stalled.payload.startswith(b"<!DOCTYPE html>")
    assert crawl.stats["download/truncated/time"] == 1


def test_a_slow_body_within_the_timeout_is_complete(crawl):
    (slow,) = records_for(crawl, FAULT + "slow.html")
    assert "WARC-Truncated" not in slow.warc_headers
    assert [i for i in items(crawl) if i["url"] == FAULT + "slow.html"]


def test_timeouts_are_retried_logged_and_counted(crawl):
    attempts = [r for r in crawl.proxied if r.url.endswith("/hang.html")]
    assert len(attempts) == 2  # RETRY_TIMES=1
    assert (
        crawl.stats["downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError"] == 2
    )
    assert "Gave up retrying <GET http://www.chaoshi.gov.cn/hang.html>" in crawl.log


def test_malformed_html_and_an_unknown_charset_do_not_stop_the_crawl(crawl):
    for name in ("malformed.html", "badcharset.html"):
        (page,) = records_for(crawl, FAULT + name)
        assert page.status == 200
    # the page declaring a charset that does not exist is still read (it is GBK)
    (report,) = [i for i in items(crawl) if i["url"] == FAULT + "badcharset.html"]
    assert report["title"] == "嘉禾县2010年政府信息公开工作年度报告"
