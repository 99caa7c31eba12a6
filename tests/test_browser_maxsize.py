"""DOWNLOAD_MAXSIZE holds for what the browser fetches: a body over it is cut there like a plain
fetch's (first bytes archived with ``WARC-Truncated: length``, logged, counted; a page cut there
is not parsed).

One crawl of a portal rendered throughout, with the cap at 60 000 bytes: its report column loads a
script that declares 150 000 bytes and a JSON answer of as many sent chunked (no length known
until the end), and its 2023 report is a page of 150 000 bytes.
"""

from __future__ import annotations

import re

import pytest

from archive.reader import iter_records
from demo.network import DemoNetwork
from demo.server import Response
from tests.crawl_runner import read_items
from tests.portal_skeleton import COLUMN, PortalSkeleton, page, report_body
from tests.test_browser_startup import write_registry
from tests.test_javascript_discovery import run_annual_reports

CAP = 60_000
SCRIPT = b"var reports = [];\n" + b"// " + b"x" * 150_000 + b"\n"
ANSWER = b'{"items": [], "padding": "' + b"y" * 150_000 + b'"}'
BIG_YEAR, SMALL_YEAR = 2023, 2022
PORTAL = PortalSkeleton(
    "www.huating.gov.cn",
    "华亭市",
    years=(BIG_YEAR, SMALL_YEAR),
    column_extra=(
        '<script src="/js/big.js"></script>'
        '<script>fetch("/api/list.json").then(function (r) { return r.text(); });</script>'
    ),
)
BIG_PATH = PORTAL.report_path(BIG_YEAR)
BIG_TITLE = f"华亭市{BIG_YEAR}年政府信息公开工作年度报告"
BIG_PAGE = page(BIG_TITLE, report_body("华亭市", BIG_YEAR) + "<p>" + "附" * 50_000 + "</p>")


def url(path: str) -> str:
    return f"http://{PORTAL.host}{path}"


def site():
    PORTAL.overrides = {
        BIG_PATH: BIG_PAGE,
        "/js/big.js": Response(headers=[("Content-Type", "application/javascript")], body=SCRIPT),
        "/api/list.json": Response(
            headers=[("Content-Type", "application/json")],
            body=ANSWER,
            chunked=True,
            chunk_size=16_384,
        ),
    }
    return PORTAL.site()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("maxsize")
    registry = write_registry(out, ("huating", "华亭市人民政府", PORTAL.url, "always"))
    with DemoNetwork([site()]) as net:
        result = run_annual_reports(
            registry, out, net.proxy_url, "DOWNLOAD_DELAY=0.1", f"DOWNLOAD_MAXSIZE={CAP}"
        )
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_items(out / "reports.jsonl")
    records = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        for _, record in iter_records(path):
            payload = record.raw_stream.read() if record.http_headers else b""
            records.append((record, payload))
    return {
        "items": {item["url"] for item in items},
        "records": records,
        "log": result.stderr,
    }


def archived(crawl, target: str, kind: str = "response"):
    return [
        (record, payload)
        for record, payload in crawl["records"]
        if record.rec_type == kind and record.rec_headers.get_header("WARC-Target-URI") == target
    ]


def test_a_script_declared_over_the_cap_is_archived_cut_at_the_cap(crawl):
    ((record, payload),) = archived(crawl, url("/js/big.js"))
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert payload == SCRIPT[:CAP]
    assert record.http_headers.get_header("Content-Length") == str(CAP)


def test_an_answer_over_the_cap_whose_length_was_not_declared_is_cut_too(crawl):
    ((record, payload),) = archived(crawl, url("/api/list.json"))
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert payload == ANSWER[:CAP]


def test_a_page_over_the_cap_is_archived_cut_and_not_parsed(crawl):
    ((record, payload),) = archived(crawl, url(BIG_PATH))
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert payload == BIG_PAGE.body[:CAP]
    assert url(BIG_PATH) not in crawl["items"]
    assert archived(crawl, url(BIG_PATH), "metadata") == []
    assert archived(crawl, f"urn:dom:{url(BIG_PATH)}", "resource") == []


def test_pages_and_answers_within_the_cap_are_kept_whole_and_parsed(crawl):
    assert url(PORTAL.report_path(SMALL_YEAR)) in crawl["items"]
    ((column, _),) = archived(crawl, url(COLUMN))
    assert column.rec_headers.get_header("WARC-Truncated") is None


def test_every_cut_is_counted_and_logged_once(crawl):
    assert "'download/truncated/length': 3" in crawl["log"]
    cut = re.findall(
        r"kept the first (\d+) bytes of (\S+) \(\w+, fetched by the browser\)", crawl["log"]
    )
    assert sorted(cut) == sorted(
        (str(CAP), url(path)) for path in ("/js/big.js", "/api/list.json", BIG_PATH)
    )
