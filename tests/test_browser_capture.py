"""What a real crawl archives from pages rendered in Chromium, and how politely the browser fetches.

One crawl (subprocess, ``http_proxy`` to the demo network) of two JavaScript portals: the demo's
Hanweb portal (render = "auto", list APIs not read directly, so its jpage column goes to the
browser) and a small GBK portal of our own rendered throughout (render = "always") whose list
comes from a JSON fetch, next to an image and a robots.txt-disallowed request.
"""

import asyncio
import gzip
import itertools
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.async_api import async_playwright

from archive.check import check_warcs
from archive.reader import iter_records
from crawler.settings import BROWSER_LAUNCH_ARGS as LAUNCH_ARGS
from demo.network import DemoNetwork
from demo.server import Request, Response, Site
from demo.sites import chrome_hanweb, lishui
from tests.pywb_replay import fetch_raw, pywb
from tests.test_javascript_discovery import run_annual_reports

DELAY = 0.25
# Start-to-start intervals are measured at the server: the path through the proxy may shift two
# starts by a few milliseconds either way.
NETWORK_JITTER = 0.03
CHROMIUM = "/usr/bin/chromium"

GBK_HOST = "www.xuanhua.gov.cn"
GBK_COLUMN = "/xxgk/nb/index.html"
GBK_PAGE = (
    "<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'>"
    "<title>政府信息公开年报_宣化区人民政府</title></head><body>"
    "<div class='banner'><img src='/images/banner.png' alt='宣化区人民政府'></div>"
    "<h2>政府信息公开年报</h2><div id='nb-list'></div>"
    "<script src='/js/nb.js'></script>"
    "<div class='foot'>主办：宣化区人民政府办公室　地址：宣化区鼓楼大街1号</div>"
    "</body></html>"
).encode("gbk")
GBK_SCRIPT = b"""(function(){
  var box = document.getElementById("nb-list");
  fetch("/api/nb/list?channel=12&page=1").then(function(r){ return r.json(); }).then(function(j){
    var html = "";
    for (var i = 0; i < j.data.length; i++) {
      html += '<li><a href="' + j.data[i].url + '">' + j.data[i].title + '</a></li>';
    }
    box.innerHTML = "<ul>" + html + "</ul>";
  });
  var x = new XMLHttpRequest(); x.open("GET", "/private/stats.json"); x.send();
})();
"""
GBK_REPORTS = [
    ("/xxgk/nb/202301/t20230116_1001.html", "宣化区2022年政府信息公开工作年度报告"),
    ("/xxgk/nb/202201/t20220118_901.html", "宣化区2021年政府信息公开工作年度报告"),
]
GBK_LIST_JSON = (
    '{"code":0,"data":['
    + ",".join(f'{{"title":"{title}","url":"{path}"}}' for path, title in GBK_REPORTS)
    + "]}"
).encode("utf-8")


def gbk_site() -> Site:
    site = Site(GBK_HOST)
    site.add(
        "/robots.txt",
        Response(
            headers=[("Content-Type", "text/plain")], body=b"User-agent: *\nDisallow: /private/\n"
        ),
    )
    html = [("Content-Type", "text/html; charset=gbk")]
    site.add(GBK_COLUMN, Response(headers=html, body=GBK_PAGE, gzip=True, chunked=True))
    site.add(
        "/js/nb.js", Response(headers=[("Content-Type", "application/javascript")], body=GBK_SCRIPT)
    )
    site.add(
        "/api/nb/list",
        Response(headers=[("Content-Type", "application/json;charset=UTF-8")], body=GBK_LIST_JSON),
    )
    site.add(
        "/private/stats.json", Response(headers=[("Content-Type", "application/json")], body=b"{}")
    )
    for path, title in GBK_REPORTS:
        body = (
            f"<html><head><meta charset='gbk'><title>{title}</title></head><body><h1>{title}</h1>"
            "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
            "</body></html>"
        ).encode("gbk")
        site.add(path, Response(headers=html, body=body, gzip=True))
    return site


def served_body(site: Site, method: str, target: str, body: bytes = b"") -> bytes:
    """What the site sends for a request, before any content coding."""
    return site.resolve(Request(method, target, "HTTP/1.1", [], body)).body


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-capture")
    registry = out / "portals.toml"
    registry.write_text(
        f'[[portal]]\nid = "lishui"\nname = "{lishui.NAME}"\n'
        f'start_urls = ["http://{lishui.HOST}{lishui.COLUMN}"]\nrender = "auto"\n\n'
        f'[[portal]]\nid = "xuanhua"\nname = "宣化区人民政府"\n'
        f'start_urls = ["http://{GBK_HOST}{GBK_COLUMN}"]\nrender = "always"\n',
        encoding="utf-8",
    )
    sites = [*lishui.build().sites, gbk_site()]
    with DemoNetwork(sites) as net:
        result = run_annual_reports(
            registry,
            out,
            net.proxy_url,
            f"DOWNLOAD_DELAY={DELAY}",
            "LIST_API_DISCOVERY=False",
            "BROWSER_CONTEXT_RECYCLE_PAGES=2",
        )
        served = {host: net.log(host).records() for host in net.hosts}
    assert result.returncode == 0, result.stderr[-3000:]
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    records = [
        (
            record,
            record.raw_stream.read() if record.http_headers else record.content_stream().read(),
        )
        for path in warcs
        for _, record in iter_records(path)
    ]
    return out, warcs, records, served, {s.host: s for s in sites}, result.stderr


def stat(log: str, name: str) -> int:
    """A counter from the stats Scrapy dumps at the end of the crawl (0 when absent)."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else 0


def by_uri(records, uri, rec_type):
    return [
        (r, p)
        for r, p in records
        if r.rec_type == rec_type and r.rec_headers.get_header("WARC-Target-URI") == uri
    ]


def request_for(records, response):
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    (request,) = [
        (r, p)
        for r, p in records
        if r.rec_type == "request" and r.rec_headers.get_header("WARC-Concurrent-To") == response_id
    ]
    return request


def rendered_document(records, url):
    """The response record of the browser's fetch of ``url`` (the urn:dom: record points at it)."""
    ((dom, _),) = by_uri(records, f"urn:dom:{url}", "resource")
    target = dom.rec_headers.get_header("WARC-Concurrent-To")
    ((document, payload),) = [
        (r, p) for r, p in records if r.rec_headers.get_header("WARC-Record-ID") == target
    ]
    return document, payload


def test_list_api_post_the_page_made_is_archived_with_its_body(crawl):
    _, _, records, _, sites, _ = crawl
    url = f"http://{lishui.HOST}{chrome_hanweb.DATAPROXY}?startrecord=1&endrecord=45&perpage=15"
    ((response, payload),) = by_uri(records, url, "response")
    assert response.http_headers.get_header("Content-Type") == "text/xml;charset=UTF-8"
    assert b"<recordset>" in payload and b"art_1229286631_63345678.html" in payload
    request, body = request_for(records, response)
    http = request.http_headers
    assert f"{http.protocol} {http.statusline}".startswith(
        f"POST {urlsplit(url).path}?startrecord=1"
    )
    assert http.get_header("Host") == lishui.HOST
    assert http.get_header("Content-Type") == "application/x-www-form-urlencoded"
    form = dict(parse_qsl(body.decode()))
    assert form["columnid"] == str(lishui.COL) and form["webname"] == lishui.NAME
    assert payload == served_body(sites[lishui.HOST], "POST", url.split(lishui.HOST)[1], body)


def test_decoded_body_is_stored_with_a_consistent_head_and_the_original_coding_kept(crawl):
    _, _, records, _, _, _ = crawl
    document, payload = rendered_document(records, f"http://{GBK_HOST}{GBK_COLUMN}")
    http = document.http_headers
    assert payload == GBK_PAGE  # the server's bytes (GBK), only the gzip coding removed
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(GBK_PAGE))
    assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert http.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert http.get_header("Content-Type") == "text/html; charset=gbk"
    request, _ = request_for(records, document)
    assert "gzip" in request.http_headers.get_header("Accept-Encoding")
    assert "nianbao/" in request.http_headers.get_header("User-Agent")


def test_scripts_and_json_the_page_loaded_are_archived(crawl):
    _, _, records, _, _, _ = crawl
    ((_script, body),) = by_uri(
        records, f"http://{lishui.HOST}/module/jslib/jpage/jpage.js", "response"
    )
    assert body == chrome_hanweb.JPAGE_JS.encode()
    ((_answer, json_body),) = by_uri(
        records, f"http://{GBK_HOST}/api/nb/list?channel=12&page=1", "response"
    )
    assert json_body == GBK_LIST_JSON


def test_rendered_dom_is_a_resource_of_its_own_linked_to_the_document(crawl):
    _, _, records, _, _, _ = crawl
    url = f"http://{lishui.HOST}{lishui.COLUMN}"
    ((dom, block),) = by_uri(records, f"urn:dom:{url}", "resource")
    assert dom.rec_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert block.decode("utf-8").count("art_1229286631_") == len(lishui.REPORTS)
    document, _ = rendered_document(records, url)
    assert document.rec_type == "response"
    assert document.rec_headers.get_header("WARC-Target-URI") == url


def test_screenshot_is_a_png_resource_linked_to_the_document(crawl):
    _, _, records, _, _, _ = crawl
    url = f"http://{lishui.HOST}{lishui.COLUMN}"
    ((shot, png),) = by_uri(records, f"urn:screenshot:{url}", "resource")
    assert shot.rec_headers.get_header("Content-Type") == "image/png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    ((dom, _),) = by_uri(records, f"urn:dom:{url}", "resource")
    assert shot.rec_headers.get_header("WARC-Concurrent-To") == dom.rec_headers.get_header(
        "WARC-Concurrent-To"
    )


def test_every_request_a_server_saw_is_archived_and_nothing_else(crawl):
    _, _, records, served, _, _ = crawl
    for host in (lishui.HOST, GBK_HOST):
        archived = Counter()
        for response, _ in records:
            uri = response.rec_headers.get_header("WARC-Target-URI") or ""
            if response.rec_type in ("response", "revisit") and urlsplit(uri).hostname == host:
                request, _ = request_for(records, response)
                archived[(request.http_headers.protocol, uri)] += 1
        seen = Counter((r.method, f"http://{host}{r.target}") for r in served[host])
        assert archived == seen


def test_blocked_images_and_robots_disallowed_requests_never_reach_the_server(crawl):
    _, _, _, served, _, log = crawl
    targets = [r.target for r in served[GBK_HOST]]
    assert not any(t.startswith(("/images/", "/private/")) for t in targets)
    assert stat(log, "browser/blocked/robots") == 1
    assert stat(log, "browser/blocked/image") >= 2
    assert not any(r.target == "/picture/0/logo.png" for r in served[lishui.HOST])


def test_browser_requests_come_after_robots_txt_and_a_delay_apart(crawl):
    _, _, _, served, _, _ = crawl
    for host in (lishui.HOST, GBK_HOST):
        log = sorted(served[host], key=lambda r: r.started)
        assert log[0].target == "/robots.txt"
        gaps = [b.started - a.started for a, b in itertools.pairwise(log)]
        assert min(gaps) >= DELAY - NETWORK_JITTER, (host, [(r.target, r.started) for r in log])
        overlapping = [
            (a.target, b.target) for a, b in itertools.pairwise(log) if b.started < a.ended
        ]
        assert overlapping == [], host
        assert all("nianbao/" in r.user_agent for r in log)


def test_archive_passes_checkwarc_and_warcio_check(crawl):
    _, warcs, _, _, _, _ = crawl
    assert check_warcs(warcs) == []
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)], capture_output=True
    )
    assert check.returncode == 0, check.stdout


def test_pywb_replays_the_rendered_documents_byte_identical(crawl, tmp_path):
    out, _, _, _, sites, _ = crawl
    with pywb(out, tmp_path) as base:
        for host, path in ((GBK_HOST, GBK_COLUMN), (lishui.HOST, lishui.COLUMN)):
            status, headers, body = fetch_raw(base, f"http://{host}{path}")
            assert status == 200
            if headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            assert body == served_body(sites[host], "GET", path)


def test_pywb_replays_the_list_post_by_its_body(crawl, tmp_path):
    out, _, records, _, sites, _ = crawl
    url = f"http://{lishui.HOST}{chrome_hanweb.DATAPROXY}?startrecord=1&endrecord=45&perpage=15"
    ((response, _),) = by_uri(records, url, "response")
    _, form = request_for(records, response)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pywb(out, tmp_path) as base:
        replay = urllib.request.Request(
            f"{base}/2id_/{url}",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        with opener.open(replay, timeout=30) as answer:
            body = answer.read()
    assert body == served_body(sites[lishui.HOST], "POST", url.split(lishui.HOST)[1], form)


async def _replayed_links(page_url: str) -> str:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(page_url)
            await page.wait_for_load_state("networkidle")
            return await page.content()
        finally:
            await browser.close()


def test_replayed_page_builds_its_list_from_the_archive_in_a_browser(crawl, tmp_path):
    out, _, _, _, _, _ = crawl
    with pywb(out, tmp_path) as base:
        html = asyncio.run(_replayed_links(f"{base}/2/http://{lishui.HOST}{lishui.COLUMN}"))
    found = {spec.path for spec in lishui.REPORTS if spec.path in html}
    assert found == {spec.path for spec in lishui.REPORTS}


def test_every_page_is_closed_and_contexts_are_recycled_after_their_page_cap(crawl):
    _, _, _, _, _, log = crawl
    assert stat(log, "playwright/page_count") == 4  # lishui's column, xuanhua's column + 2 reports
    assert stat(log, "playwright/page_count/closed") == 4
    assert stat(log, "browser/contexts_recycled") >= 1
