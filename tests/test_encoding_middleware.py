"""EncodingDecisionMiddleware in a real crawl: a local server sends GBK pages under a lying
ISO-8859-1 header and as untyped octet-streams; the spider must read the real text."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.encoding import EncodingDecisionMiddleware, looks_like_html

ROOT = Path(__file__).resolve().parents[1]
TITLE = "郴州市2015年政府信息公开工作年度报告"
TEXT = "本年度报告根据《中华人民共和国政府信息公开条例》编制，联系人：张喆、王堃。"
GBK_PAGE = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    f"<title>{TITLE}</title></head><body><div id='zoom'>{TEXT}</div></body></html>"
).encode("gbk")
ROUTES = {
    "/tomcat.html": ("text/html; charset=ISO-8859-1", GBK_PAGE),
    "/octet": ("application/octet-stream", GBK_PAGE),
}

SPIDER = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

class Probe(scrapy.Spider):
    name = "probe"

    def parse(self, response):
        yield {
            "path": response.url.rsplit("/", 1)[1],
            "class": type(response).__name__,
            "title": response.css("title::text").get(),
            "text": response.css("#zoom::text").get(),
            "evidence": response.meta.get("encoding_evidence"),
        }

    def closed(self, reason):
        stats = self.crawler.stats.get_stats()
        rules = {k: v for k, v in stats.items() if k.startswith("encoding/")}
        print("STATS", json.dumps(rules), file=sys.stderr)

out, *urls = sys.argv[1:]
process = CrawlerProcess({
    "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.encoding.EncodingDecisionMiddleware": 585},
    "ROBOTSTXT_OBEY": False,
    "DOWNLOAD_DELAY": 0,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "FEEDS": {out: {"format": "json", "encoding": "utf-8"}},
})
process.crawl(Probe, start_urls=urls)
process.start()
"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        content_type, body = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def crawl(server, tmp_path_factory) -> dict[str, dict]:
    """Items by path, and the crawl's encoding/* stats under "stats"."""
    out = tmp_path_factory.mktemp("crawl") / "items.json"
    urls = [server + path for path in ROUTES]
    done = subprocess.run(
        [sys.executable, "-c", SPIDER, str(out), *urls],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    items = {item["path"]: item for item in json.loads(out.read_text(encoding="utf-8"))}
    (stats_line,) = [line for line in done.stderr.splitlines() if line.startswith("STATS ")]
    return {**items, "stats": json.loads(stats_line.removeprefix("STATS "))}


def test_scrapy_alone_reads_the_tomcat_page_as_mojibake():
    headers = {"Content-Type": ROUTES["/tomcat.html"][0]}
    response = HtmlResponse("http://127.0.0.1/tomcat.html", body=GBK_PAGE, headers=headers)
    assert TITLE not in response.text


def test_spider_reads_gbk_page_served_as_iso_8859_1(crawl):
    item = crawl["tomcat.html"]
    assert (item["title"], item["text"]) == (TITLE, TEXT)


def test_evidence_of_the_decision_reaches_the_spider(crawl):
    evidence = crawl["tomcat.html"]["evidence"]
    assert (evidence["encoding"], evidence["declared_header"], evidence["declared_meta"]) == (
        "gb18030",
        "cp1252",
        "gb18030",
    )


def test_untyped_html_body_reaches_the_spider_as_decoded_html(crawl):
    item = crawl["octet"]
    assert (item["class"], item["title"]) == ("HtmlResponse", TITLE)


def test_decisions_are_counted_by_rule(crawl):
    stats = crawl["stats"]
    assert (stats["encoding/rule/meta"], stats["encoding/header_overruled"]) == (2, 1)


def test_middleware_is_off_when_the_setting_says_so():
    crawler = get_crawler(settings_dict={"ENCODING_DETECTION_ENABLED": False})
    with pytest.raises(NotConfigured):
        EncodingDecisionMiddleware.from_crawler(crawler)


def test_binary_bodies_are_not_taken_for_html():
    assert not looks_like_html(b"%PDF-1.7\n<html>")
