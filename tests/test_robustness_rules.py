"""The pure rules behind robustness: challenge pages, forbidden addresses, broken compression."""

from __future__ import annotations

import gzip
import ipaddress
import zlib

from crawler.addresses import AllowList, address_problem, host_problem, literal_address
from crawler.challenges import detect_challenge
from crawler.middlewares.body_integrity import compression_problem
from tests.fault_sites import CAPTCHA_PAGE, JIASULE_521, JS_COOKIE_PAGE, RUISHU_412
from tests.portal_skeleton import html_page, report_body


def test_vendor_challenges_are_recognised():
    assert detect_challenge(412, RUISHU_412.encode()) == "ruishu"
    assert detect_challenge(521, JIASULE_521.encode()) == "jiasule"


def test_tiny_script_pages_that_set_a_cookie_or_hide_a_redirect_are_challenges():
    assert detect_challenge(200, JS_COOKIE_PAGE.encode()) == "js-cookie"
    hidden = (
        "<html><script>eval(function(p,a,c,k,e,d){return p}('0.1=\"/2\"',3,3,'window|location|x'"
        ".split('|')));window.location.href='/x'</script></html>"
    )
    assert detect_challenge(200, hidden.encode()) == "js-redirect"


def test_captcha_interstitial_is_a_challenge():
    assert detect_challenge(200, CAPTCHA_PAGE.encode()) == "captcha"


def test_ordinary_pages_are_not_challenges():
    report = html_page("某县2023年政府信息公开工作年度报告", report_body("某县", 2023))
    assert detect_challenge(200, report.encode()) is None
    # a portal's home that forwards by script to the real home page
    forward = '<html><script>window.location.href="/xxgk/index.html";</script></html>'
    assert detect_challenge(200, forward.encode()) is None
    # an application form with a 验证码 field among plenty of page text
    form = html_page(
        "依申请公开",
        "<p>" + "申请人应当如实填写申请表，本机关依法予以答复。" * 30 + "</p>"
        '<form>姓名<input name="n"> 验证码<input name="captcha"><img src="/captcha.jpg"></form>',
    )
    assert detect_challenge(200, form.encode()) is None
    assert detect_challenge(404, b"<html><title>404 Not Found</title></html>") is None


def test_addresses_in_any_spelling_are_read():
    metadata = ipaddress.ip_address("169.254.169.254")
    assert literal_address("2852039166") == metadata
    assert literal_address("0xa9.0xfe.0xa9.0xfe") == metadata
    assert literal_address("[::1]") == ipaddress.ip_address("::1")
    assert literal_address("www.gov.cn") is None


def test_private_loopback_and_metadata_addresses_are_off_limits():
    nothing = AllowList([])
    assert host_problem("169.254.169.254", nothing) == "cloud-metadata"
    assert host_problem("100.100.100.200", nothing) == "cloud-metadata"
    assert host_problem("metadata.google.internal", nothing) == "cloud-metadata"
    assert host_problem("10.1.2.3", nothing) == "private"
    assert host_problem("127.0.0.1", nothing) == "loopback"
    assert host_problem("::ffff:127.0.0.1", nothing) == "loopback"
    assert host_problem("224.0.0.1", nothing) == "multicast"
    assert address_problem(ipaddress.ip_address("202.96.128.86")) is None
    assert host_problem("www.czs.gov.cn", nothing) is None  # names are resolved elsewhere


def test_allow_list_takes_names_addresses_and_networks():
    allow = AllowList(["localhost", "127.0.0.0/8", "fd00::1"])
    assert host_problem("localhost", allow) is None
    assert host_problem("127.0.0.2", allow) is None
    assert host_problem("fd00::1", allow) is None
    assert host_problem("10.0.0.1", allow) == "private"


PAGE = html_page("某县2023年政府信息公开工作年度报告", report_body("某县", 2023)).encode()


def test_whole_compressed_bodies_pass():
    assert compression_problem(gzip.compress(PAGE), b"gzip", 10**6) is None
    assert compression_problem(zlib.compress(PAGE), b"deflate", 10**6) is None
    raw = zlib.compressobj(wbits=-15)
    assert compression_problem(raw.compress(PAGE) + raw.flush(), b"deflate", 10**6) is None


def test_broken_compressed_bodies_are_named():
    whole = gzip.compress(PAGE)
    assert compression_problem(whole[: len(whole) // 2], b"gzip", 10**6) == "truncated"
    assert compression_problem(whole[:-8] + b"\0" * 8, b"gzip", 10**6) == "corrupt"
    assert compression_problem(PAGE, b"gzip", 10**6) == "not-compressed"


def test_a_decompression_bomb_is_stopped_at_the_limit():
    bomb = gzip.compress(b"\0" * 10_000_000)
    assert len(bomb) < 20_000
    assert compression_problem(bomb, b"gzip", 1_000_000) == "too-large"
