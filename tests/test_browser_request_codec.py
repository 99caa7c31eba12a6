"""Browser requests are plain data: every request of a rendered crawl is stored as JSON through
:mod:`crawler.request_codec`, and a browser request read back from the store renders as before.

One crawl (subprocess) with Scrapy's scheduler, JOBDIR and a disk queue of our own that stores
every scheduled request through the codec, so each request the spider makes is encoded, and
decoded again before it is downloaded: the demo's Hanweb portal (its jpage column rendered) and
a county portal rendered throughout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from queuelib.queue import FifoDiskQueue
from scrapy import Request, Spider

from archive.reader import iter_records
from crawler.browser import browser_meta
from crawler.request_codec import UnserializableRequest, decode_request, encode_request
from demo.network import DemoNetwork
from demo.sites import lishui
from tests.crawl_runner import read_items
from tests.portal_skeleton import PortalSkeleton
from tests.test_browser_capture import stat
from tests.test_browser_startup import write_registry
from tests.test_javascript_discovery import expected_lishui, run_annual_reports

COUNTY = PortalSkeleton("www.lianhua.gov.cn", "莲花县")
QUEUE = "tests.test_browser_request_codec.CodecFifoDiskQueue"


class CodecFifoDiskQueue:
    """``SCHEDULER_DISK_QUEUE``: requests stored as data-only JSON (crawler.request_codec).
    Counts what it stored (``codec/stored/rendered|plain``) and what it refused, by meta key
    (``codec/refused/<key>``); a refused request stays in memory, as Scrapy does."""

    def __init__(self, crawler, key: str) -> None:
        Path(key).parent.mkdir(parents=True, exist_ok=True)
        self.spider = crawler.spider
        self.stats = crawler.stats
        self.queue = FifoDiskQueue(key)

    @classmethod
    def from_crawler(cls, crawler, key: str) -> CodecFifoDiskQueue:
        return cls(crawler, key)

    def push(self, request: Request) -> None:
        try:
            data = encode_request(request, self.spider)
        except UnserializableRequest as exc:
            where = re.search(r"request\.meta\.(\w+)", str(exc))
            self.stats.inc_value(f"codec/refused/{where.group(1) if where else 'other'}")
            raise
        self.queue.push(data)
        self.stats.inc_value(
            f"codec/stored/{'rendered' if request.meta.get('render') else 'plain'}"
        )

    def pop(self) -> Request | None:
        data = self.queue.pop()
        return decode_request(data, self.spider) if data else None

    def peek(self) -> Request | None:
        data = self.queue.peek()
        return decode_request(data, self.spider) if data else None

    def close(self) -> None:
        self.queue.close()

    def __len__(self) -> int:
        return len(self.queue)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("codec")
    registry = write_registry(
        out,
        ("lishui", lishui.NAME, f"http://{lishui.HOST}{lishui.COLUMN}", "auto"),
        ("lianhua", "莲花县人民政府", COUNTY.url, "always"),
    )
    with DemoNetwork([*lishui.build().sites, COUNTY.site()]) as net:
        result = run_annual_reports(
            registry,
            out,
            net.proxy_url,
            "DOWNLOAD_DELAY=0.1",
            "LIST_API_DISCOVERY=False",
            f"JOBDIR={out / 'job'}",
            "SCHEDULER=scrapy.core.scheduler.Scheduler",  # Scrapy's, with our disk queue
            f"SCHEDULER_DISK_QUEUE={QUEUE}",
            f"SCHEDULER_START_DISK_QUEUE={QUEUE}",
        )
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_items(out / "reports.jsonl")
    doms = {}
    for path in sorted((out / "warc").glob("*.warc.gz")):
        for _, record in iter_records(path):
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if uri.startswith("urn:dom:"):
                doms[uri.removeprefix("urn:dom:")] = record.content_stream().read().decode()
    return {
        "found": {item["url"] for item in items},
        "doms": doms,
        "log": result.stderr,
    }


def test_browser_meta_is_plain_data_that_round_trips():
    class ReportSpider(Spider):
        name = "reports"

        def parse_page(self, response):
            pass

    spider = ReportSpider()
    meta = {"portal": "lishui", "role": "column", **browser_meta("js-pagination")}
    request = Request("http://www.lishui.gov.cn/col/col1/", callback=spider.parse_page, meta=meta)
    back = decode_request(encode_request(request, spider), spider)
    assert back.meta == meta and back.callback == spider.parse_page


def test_every_request_of_a_rendered_crawl_was_stored_as_json(crawl):
    log = crawl["log"]
    assert re.findall(r"'codec/refused/(\w+)'", log) == []
    assert stat(log, "scheduler/enqueued/memory") == 0
    assert stat(log, "scheduler/enqueued/disk") == stat(log, "scheduler/enqueued")


def test_browser_requests_went_through_the_store(crawl):
    # lishui's column again in the browser; the county's home, section, column and 3 reports
    assert stat(crawl["log"], "codec/stored/rendered") == 7


def test_browser_requests_read_back_from_the_store_render_as_before(crawl):
    column = crawl["doms"][f"http://{lishui.HOST}{lishui.COLUMN}"]
    assert column.count("art_1229286631_") == len(lishui.REPORTS)  # the list jpage built
    assert expected_lishui() <= crawl["found"]
    county = {f"http://{COUNTY.host}{COUNTY.report_path(y)}" for y in COUNTY.years}
    assert county <= crawl["found"]
    assert stat(crawl["log"], "playwright/page_count/closed") == 7
