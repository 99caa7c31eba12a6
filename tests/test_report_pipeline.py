"""The report stage: pages parsed on a worker thread, the reactor's loop free meanwhile, and a
page that takes too long becomes an item with the error instead of holding the crawl."""

import asyncio
import time

from scrapy.utils.test import get_crawler

from pipelines.page.page import Page
from pipelines.report import ReportFieldsPipeline
from tests.page_fixture_builder import fixture_page

REPORT_PAGE = "shuyang_fgj_2023_ucap.html"


def _item(html: str) -> dict:
    url = "http://www.example.gov.cn/xxgk/t20240115_1.html"
    return {"url": url, "page": Page(html, url), "portal_name": "某县人民政府"}


def _run(stage: ReportFieldsPipeline, item: dict) -> tuple[dict, int]:
    """Process ``item``; count how often the event loop got to run meanwhile."""

    async def main() -> tuple[dict, int]:
        ticks = 0
        done = asyncio.Event()

        async def tick() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        out = await stage.process_item(item)
        done.set()
        await ticker
        return out, ticks

    return asyncio.run(main())


def test_a_report_is_parsed_while_the_loop_keeps_running():
    stage = ReportFieldsPipeline(get_crawler())
    item, ticks = _run(stage, _item(fixture_page(REPORT_PAGE)))
    assert item["errors"] == []
    assert item["title"] and item["tables"]
    assert ticks > 1


def test_a_page_over_the_time_cap_becomes_an_item_with_the_error():
    stage = ReportFieldsPipeline(get_crawler(settings_dict={"REPORT_PARSE_TIMEOUT": 0.001}))
    html = fixture_page(REPORT_PAGE) * 20  # a page far too big to parse in a millisecond
    started = time.monotonic()
    item, _ = _run(stage, _item(html))
    assert time.monotonic() - started < 5
    assert item["errors"] and item["errors"][0].startswith("parse:TimeoutError")
    assert item["tables"] == [] and item["text"] is None
    assert stage.stats.get_value("items/parse_errors") == 1
