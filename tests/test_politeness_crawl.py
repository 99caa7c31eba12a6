"""Politeness judged the way a site operator sees it: from each server's own request log, after a
real crawl of six simulated portals at once (robots.txt groups and wildcards, Crawl-delay, a
portal delay, Retry-After in seconds and as a date, missing/flaky/dead robots.txt, calendars)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest
from protego import Protego

from crawler.extensions.identity import user_agent_problem
from demo.network import DemoNetwork
from tests.fault_sites import (
    ALLOWED_BY_EXCEPTION,
    CRAWL_DELAY,
    DISALLOWED,
    LIXIAN_ROBOTS,
    PORTAL_DELAY,
    RETRY_AFTER_SECONDS,
    SECOND_HOST,
    SECOND_HOST_PAGES,
    TRAP_PREFIXES,
    politeness_network,
)
from tests.server_log_judge import (
    archived,
    crawl_portals,
    overlapping,
    start_intervals,
)

DOWNLOAD_DELAY = 0.2
BACKOFF_BASE = 1.0
ROBOTS_RETRIES = 2


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    sites, registry = politeness_network()
    with DemoNetwork(sites) as network:
        return crawl_portals(
            network,
            registry,
            tmp_path_factory.mktemp("polite"),
            DOWNLOAD_DELAY=DOWNLOAD_DELAY,
            ROBOTSTXT_RETRY_DELAY=1,
            ROBOTSTXT_MAX_RETRIES=ROBOTS_RETRIES,
            RETRY_BACKOFF_BASE=BACKOFF_BASE,
        )


def test_robots_txt_is_the_first_request_to_every_host(crawl):
    logs = crawl.logs
    for host, records in logs.items():
        assert records, host
        first = min(records, key=lambda r: r.started)
        assert first.target == "/robots.txt", host


def test_no_disallowed_path_is_requested(crawl):
    logs = crawl.logs
    requested = {r.target for r in logs["www.lixian.gov.cn"]}
    rules = Protego.parse(LIXIAN_ROBOTS)
    for target in requested - {"/robots.txt"}:
        assert rules.can_fetch(f"http://www.lixian.gov.cn{target}", "nianbao"), target
    assert not requested & set(DISALLOWED)


def test_allow_and_end_anchor_rules_let_their_pages_through(crawl):
    logs = crawl.logs
    requested = {r.target for r in logs["www.lixian.gov.cn"]}
    # our own group wins over "User-agent: * / Disallow: /"; Allow beats a shorter Disallow;
    # "/*.jsp$" does not match a .jsp URL with a query
    assert set(ALLOWED_BY_EXCEPTION) <= requested
    assert "/zwgk/xxgknb/" in requested


def test_requests_arriving_together_at_a_new_host_wait_for_one_robots_fetch(crawl):
    targets = [r.target for r in sorted(crawl.logs[SECOND_HOST], key=lambda r: r.started)]
    assert targets[0] == "/robots.txt"
    assert targets.count("/robots.txt") == 1
    assert {t for t in targets if t != "/robots.txt"} == {
        path for path, allowed in SECOND_HOST_PAGES.items() if allowed
    }


def test_crawl_delay_is_the_least_interval_between_request_starts(crawl):
    logs = crawl.logs
    intervals = start_intervals(logs["www.lixian.gov.cn"])
    assert len(intervals) >= 8
    assert min(intervals) >= CRAWL_DELAY


def test_portal_download_delay_is_a_floor_too(crawl):
    logs = crawl.logs
    intervals = start_intervals(logs["www.wuzhi.gov.cn"])
    assert len(intervals) >= 5
    assert min(intervals) >= PORTAL_DELAY


def test_download_delay_is_a_floor_on_every_host(crawl):
    logs = crawl.logs
    for host, records in logs.items():
        assert min(start_intervals(records), default=DOWNLOAD_DELAY) >= DOWNLOAD_DELAY, host


def test_no_two_requests_to_one_host_overlap(crawl):
    logs = crawl.logs
    for host, records in logs.items():
        assert overlapping(records) == [], host


def test_nothing_is_sent_before_retry_after_in_seconds_elapsed(crawl):
    logs = crawl.logs
    records = sorted(logs["www.xianliu.gov.cn"], key=lambda r: r.started)
    busy = [r for r in records if r.status == 429 and r.target == "/zwgk/xxgknb/"]
    assert len(busy) == 1
    later = [r for r in records if r.started > busy[0].started]
    assert later
    assert min(r.started_wall for r in later) >= busy[0].ended_wall + RETRY_AFTER_SECONDS


def test_nothing_is_sent_before_a_retry_after_date(crawl):
    logs = crawl.logs
    records = sorted(logs["www.xianliu.gov.cn"], key=lambda r: r.started)
    (unavailable,) = [r for r in records if r.status == 503]
    # the date the server sent, as the archive kept it
    (answer,) = [a for a in archived(crawl.output) if a.status == 503 and "xianliu" in a.uri]
    until = parsedate_to_datetime(answer.http_header("Retry-After")).timestamp()
    assert until > unavailable.started_wall
    later = [r for r in records if r.started > unavailable.started]
    assert later
    assert min(r.started_wall for r in later) >= until


def test_429_without_retry_after_backs_off(crawl):
    logs, stats = crawl.logs, crawl.stats
    records = sorted(logs["www.xianliu.gov.cn"], key=lambda r: r.started)
    (bare,) = [r for r in records if r.status == 429 and r.target != "/zwgk/xxgknb/"]
    following = [r for r in records if r.started > bare.started]
    assert min(r.started for r in following) - bare.ended >= BACKOFF_BASE
    assert stats["throttle/backoff"] >= 1


def test_robots_404_allows_everything(crawl):
    logs, stats = crawl.logs, crawl.stats
    requested = {r.target for r in logs["www.wuzhi.gov.cn"]}
    assert {"/", "/zwgk/", "/zwgk/xxgknb/"} <= requested
    assert stats["reports/wuzhi"] == 3


def test_robots_5xx_holds_the_host_until_robots_txt_answers(crawl):
    logs, stats = crawl.logs, crawl.stats
    records = sorted(logs["www.shangcheng.gov.cn"], key=lambda r: r.started)
    answered = next(r for r in records if r.target == "/robots.txt" and r.status == 200)
    before = [r for r in records if r.started < answered.started]
    assert [r.target for r in before] == ["/robots.txt", "/robots.txt"]
    assert all(r.status == 503 for r in before)
    assert stats["reports/shangcheng"] == 3


def test_robots_txt_that_never_answers_gives_the_host_up_after_the_cap(crawl):
    logs, stats = crawl.logs, crawl.stats
    targets = [r.target for r in logs["www.gushi.gov.cn"]]
    assert targets == ["/robots.txt"] * (1 + ROBOTS_RETRIES)
    assert stats["hosts/given_up/robots"] == 1
    assert "giving up host www.gushi.gov.cn: robots.txt" in crawl.log


def test_calendar_traps_get_at_most_40_requests(crawl):
    logs, stats = crawl.logs, crawl.stats
    into_traps = [r for r in logs["www.yizhang.gov.cn"] if r.target.startswith(TRAP_PREFIXES)]
    assert len(into_traps) <= 40
    assert stats["reports/yizhang"] == 3


def test_every_request_carries_a_user_agent_with_contact(crawl):
    logs = crawl.logs
    agents = {r.user_agent for records in logs.values() for r in records}
    assert agents
    for agent in agents:
        assert agent.startswith("nianbao/")
        assert user_agent_problem(agent) is None
