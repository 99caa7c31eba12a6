"""The pure rules behind politeness: Retry-After, robots.txt intervals, one spelling per URL, traps."""

from __future__ import annotations

import time
from email.utils import formatdate

from protego import Protego

from crawler.extensions.throttle import parse_retry_after
from crawler.middlewares.robots import ALLOW_ALL, GIVEN_UP, RobotsPolicy, crawl_interval
from spiders.discovery import canonical_url, looks_like_trap


def test_retry_after_in_seconds():
    assert parse_retry_after(b"120", now=0.0) == 120.0


def test_retry_after_as_an_http_date_counts_from_now():
    now = time.time()
    seconds = parse_retry_after(formatdate(now + 30, usegmt=True), now)
    assert 29.0 <= seconds <= 30.0


def test_retry_after_in_the_past_means_now_and_garbage_means_none():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", time.time()) == 0.0
    assert parse_retry_after("soon", time.time()) is None
    assert parse_retry_after(None, time.time()) is None


ROBOTS = """User-agent: *
Disallow: /
Crawl-delay: 30

User-agent: nianbao
Crawl-delay: 2
Request-rate: 1/5
Allow: /xxgk/public/
Disallow: /xxgk/
Disallow: /*.jsp$
"""


def test_our_group_wins_and_the_slower_of_crawl_delay_and_request_rate_counts():
    assert crawl_interval(Protego.parse(ROBOTS), "nianbao") == 5.0
    assert crawl_interval(Protego.parse("User-agent: *\nDisallow:\n"), "nianbao") is None


def test_robots_policy_applies_allow_disallow_and_wildcards_for_our_token():
    policy = RobotsPolicy(rules=Protego.parse(ROBOTS))
    assert policy.allows("http://x.gov.cn/index.html", "nianbao")
    assert policy.allows("http://x.gov.cn/xxgk/public/a.html", "nianbao")
    assert not policy.allows("http://x.gov.cn/xxgk/a.html", "nianbao")
    assert not policy.allows("http://x.gov.cn/search.jsp", "nianbao")
    assert policy.allows("http://x.gov.cn/search.jsp?q=1", "nianbao")
    assert not policy.allows("http://x.gov.cn/index.html", "otherbot")


def test_missing_robots_allows_all_and_a_given_up_host_allows_nothing():
    assert ALLOW_ALL.allows("http://x.gov.cn/anything", "nianbao")
    assert not GIVEN_UP.allows("http://x.gov.cn/", "nianbao")


def test_one_spelling_per_page():
    assert canonical_url("HTTP://WWW.X.gov.cn:80/a%7eb/%e5%b9%b4.html?#top") == (
        "http://www.x.gov.cn/a~b/%E5%B9%B4.html"
    )
    assert canonical_url("https://x.gov.cn:443") == "https://x.gov.cn/"
    assert canonical_url("http://x.gov.cn:8080/a?b=1&&c=2") == "http://x.gov.cn:8080/a?b=1&c=2"


def test_session_ids_are_dropped_but_short_ids_kept():
    assert (
        canonical_url("http://x.gov.cn/list.jsp;jsessionid=0A1B2C3D4E5F?cid=12&JSESSIONID=9F8E")
        == "http://x.gov.cn/list.jsp?cid=12"
    )
    assert (
        canonical_url("http://x.gov.cn/a.php?PHPSESSID=abc&sid=7f3a9c2e1b4d6f8a0c2e4a6b&id=3")
        == "http://x.gov.cn/a.php?id=3"
    )
    assert canonical_url("http://x.gov.cn/a.php?sid=12") == "http://x.gov.cn/a.php?sid=12"
    assert (
        canonical_url("http://x.gov.cn/(S(abcdefghijklmnop1234))/page.aspx")
        == "http://x.gov.cn/page.aspx"
    )


def test_query_order_is_kept():
    assert canonical_url("http://x.gov.cn/a?z=1&a=2") == "http://x.gov.cn/a?z=1&a=2"


def test_calendar_days_in_paths_and_values_are_traps():
    for url in (
        "http://x.gov.cn/hdrl/2024/01/02/",
        "http://x.gov.cn/hdrl/2024/1/2/index.html",
        "http://x.gov.cn/rili/2024-01-02.html",
        "http://x.gov.cn/rili/cal_20240102.html",
        "http://x.gov.cn/events/20240102/",
        "http://x.gov.cn/list?start=2024-01-02",
        "http://x.gov.cn/list?q=20240102&page=1",
    ):
        assert looks_like_trap(url), url


def test_dated_articles_and_year_columns_are_not_traps():
    for url in (
        "http://x.gov.cn/art/2024/1/2/art_1229_123.html",
        "http://x.gov.cn/xxgk/202401/t20240102_1234567.html",
        "http://x.gov.cn/xxgk/20240102/abc.html",
        "http://x.gov.cn/zfxxgknb/2023/",
        "http://x.gov.cn/list?id=2024",
    ):
        assert not looks_like_trap(url), url
