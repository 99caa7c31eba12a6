"""A render that times out does not lose the page: it is fetched plainly, archived and parsed.

One crawl of a portal rendered throughout whose 2023 report loads a script the server sends one
byte every few seconds, so the page's ``load`` never comes within BROWSER_NAVIGATION_TIMEOUT.
"""

from __future__ import annotations

import re

import pytest

from archive.reader import iter_records
from demo.network import DemoNetwork
from demo.server import Response
from tests.crawl_runner import read_items
from tests.portal_skeleton import PortalSkeleton, page, report_body
from tests.test_browser_startup import write_registry
from tests.test_javascript_discovery import run_annual_reports

NAVIGATION_TIMEOUT = 4
STALLED = 2023
PORTAL = PortalSkeleton("www.wanzai.gov.cn", "万载县", years=(2023, 2022))
STALLED_PATH = PORTAL.report_path(STALLED)
STALLED_URL = f"http://{PORTAL.host}{STALLED_PATH}"
STALLED_TITLE = f"万载县{STALLED}年政府信息公开工作年度报告"


def site():
    stalling = report_body("万载县", STALLED) + '<script src="/js/stall.js"></script>'
    PORTAL.overrides = {
        STALLED_PATH: page(STALLED_TITLE, stalling),
        # 40 one-byte pieces, 3 s apart: far longer than the navigation timeout
        "/js/stall.js": Response(
            headers=[("Content-Type", "application/javascript")],
            body=b" " * 40,
            chunked=True,
            chunk_size=1,
            delay=3.0,
        ),
    }
    return PORTAL.site()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("fallback")
    registry = write_registry(out, ("wanzai", "万载县人民政府", PORTAL.url, "always"))
    with DemoNetwork([site()]) as net:
        result = run_annual_reports(
            registry,
            out,
            net.proxy_url,
            "DOWNLOAD_DELAY=0.1",
            f"BROWSER_NAVIGATION_TIMEOUT={NAVIGATION_TIMEOUT}",
            "BROWSER_SETTLE_TIMEOUT=2",
        )
    # read once the network has closed: a request is logged when its connection ends
    served = [r.target for r in net.log(PORTAL.host).records()]
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_items(out / "reports.jsonl")
    records = [
        record for path in sorted((out / "warc").glob("*.warc.gz")) for record in _read(path)
    ]
    return {
        "items": {item["url"]: item for item in items},
        "records": records,
        "served": served,
        "log": result.stderr,
    }


def _read(path):
    for _, record in iter_records(path):
        yield {
            "type": record.rec_type,
            "uri": record.rec_headers.get_header("WARC-Target-URI"),
            "id": record.rec_headers.get_header("WARC-Record-ID"),
            "concurrent": record.rec_headers.get_header("WARC-Concurrent-To"),
        }


def test_the_page_whose_render_timed_out_is_parsed_into_its_report(crawl):
    assert crawl["items"][STALLED_URL]["title"] == STALLED_TITLE


def _captures(crawl) -> list[dict]:
    """The archived fetches of the stalled page, in the order they were written."""
    kinds = ("response", "revisit")
    return [r for r in crawl["records"] if r["type"] in kinds and r["uri"] == STALLED_URL]


def test_what_the_browser_loaded_and_the_plain_fetch_are_both_archived(crawl):
    assert len(_captures(crawl)) == 2


def test_the_page_parsed_is_the_plain_fetch(crawl):
    parsed = [r for r in crawl["records"] if r["type"] == "metadata" and r["uri"] == STALLED_URL]
    assert [r["concurrent"] for r in parsed] == [_captures(crawl)[-1]["id"]]


def test_the_report_item_points_at_an_archived_response_of_the_page(crawl):
    record_id = crawl["items"][STALLED_URL]["warc"]["record_id"]
    (response,) = [r for r in crawl["records"] if r["id"] == record_id]
    assert response["type"] == "response" and response["uri"] == STALLED_URL


def test_the_page_was_asked_in_the_browser_then_plainly_and_the_script_once(crawl):
    assert crawl["served"].count(STALLED_PATH) == 2
    assert crawl["served"].count("/js/stall.js") == 1


def test_render_timeouts_are_counted_and_logged(crawl):
    assert "'browser/render_timeout': 1" in crawl["log"]
    logged = re.findall(r"rendering (\S+) timed out", crawl["log"])
    assert logged == [STALLED_URL]


def test_the_other_pages_render_normally(crawl):
    assert f"http://{PORTAL.host}{PORTAL.report_path(2022)}" in crawl["items"]
    assert "'playwright/page_count/closed': 5" in crawl["log"]  # home, section, column, 2 reports
