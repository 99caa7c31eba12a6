"""Reports published only as attachments, fetched over real HTTP from a demo portal: a PDF behind
a download servlet (application/octet-stream, a GBK Content-Disposition name) and a DOCX linked
straight from the report list. Headers and bytes in, the report item out: its text and all 200
cells of its three statistics tables (the spider's wiring of this path comes later)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from demo.network import DemoNetwork
from demo.server import Response, Site
from pipelines.documents import disposition_filename, document_kind, parse_document
from pipelines.report_fields import report_fields
from tests.portal_skeleton import html_page

HOST = "www.qingfeng.gov.cn"
FIXTURES = Path(__file__).parent / "fixtures" / "documents"
TRUTH = json.loads((FIXTURES / "qingfeng_2024.truth.json").read_text(encoding="utf-8"))
SERVLET = "/module/download/downfile.jsp?classid=0&filename=2501201545123.pdf"
SAVED_AS = "青峰县人民政府2024年政府信息公开工作年度报告.pdf"
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def portal() -> Site:
    site = Site(HOST)
    page = lambda title, body: Response(  # noqa: E731
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=html_page(title, body).encode("utf-8"),
    )
    site.add("/zwgk/xxgknb/", page("政府信息公开年报", (
        '<ul><li><a href="/art/2025/1/20/art_1_1.html">青峰县人民政府2024年政府信息公开工作年度报告</a></li>'
        '<li><a href="/zwgk/xxgknb/P020250120.docx">青峰县人民政府2024年政府信息公开工作年度报告</a>'
        "</li></ul>")))  # fmt: skip
    site.add("/art/2025/1/20/art_1_1.html", page(TRUTH["title"], (
        f"<h1>{TRUTH['title']}</h1><p>详见附件。</p>"
        f'<p>附件：<a href="{SERVLET}">{SAVED_AS}</a></p>')))  # fmt: skip
    site.add(SERVLET, Response(
        headers=[("Content-Type", "application/octet-stream")],
        raw_headers=[b'Content-Disposition: attachment; filename="' + SAVED_AS.encode("gbk") + b'"'],
        body=(FIXTURES / "qingfeng_2024.pdf").read_bytes(),
    ))  # fmt: skip
    site.add("/zwgk/xxgknb/P020250120.docx", Response(
        headers=[("Content-Type", DOCX_MEDIA)], body=(FIXTURES / "qingfeng_2024.docx").read_bytes()
    ))  # fmt: skip
    return site


@pytest.fixture(scope="module")
def network():
    with DemoNetwork([portal()]) as net:
        yield net


def fetch(network: DemoNetwork, url: str) -> tuple[bytes, dict[str, str]]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": network.proxy_url}))
    with opener.open(url, timeout=60) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def links(network: DemoNetwork, page_url: str) -> dict[str, str]:
    """The page's links, absolute, by URL: their text."""
    body, _ = fetch(network, page_url)
    root = lxml.html.fromstring(body.decode("utf-8"), base_url=page_url)
    root.make_links_absolute()
    return {a.get("href"): a.text_content() for a in root.iter("a")}


def report_item(network: DemoNetwork, url: str) -> tuple[str | None, dict, str | None]:
    body, headers = fetch(network, url)
    disposition = headers.get("content-disposition")
    kind = document_kind(body, headers.get("content-type"), disposition, url)
    assert kind is not None
    page = parse_document(body, kind)
    return kind, report_fields({"html": page.html, "url": url}), disposition_filename(disposition)


def cell_set(cells: list[dict]) -> set[tuple]:
    return {(c["table"], c["scope"], c["row"], c["col"], c["value"]) for c in cells}


def assert_is_the_report(item: dict) -> None:
    """All 200 cells right, every paragraph of the prose, the title and the year."""
    assert len(item["tables"]) == 200
    assert cell_set(item["tables"]) == cell_set(TRUTH["cells"])
    assert all(paragraph in item["text"] for paragraph in TRUTH["paragraphs"])
    assert (item["title"], item["year"]) == (TRUTH["title"], 2024)


def test_pdf_behind_a_download_servlet_yields_the_reports_text_and_all_its_cells(network):
    listed = links(network, f"http://{HOST}/zwgk/xxgknb/")
    landing = next(url for url, text in listed.items() if url.endswith(".html"))
    attachment = next(url for url, text in links(network, landing).items() if text == SAVED_AS)
    kind, item, saved_as = report_item(network, attachment)
    assert (kind, saved_as) == ("pdf", SAVED_AS)
    assert_is_the_report(item)


def test_docx_linked_from_the_list_yields_the_reports_text_and_all_its_cells(network):
    listed = links(network, f"http://{HOST}/zwgk/xxgknb/")
    document = next(url for url in listed if url.endswith(".docx"))
    kind, item, saved_as = report_item(network, document)
    assert (kind, saved_as) == ("docx", None)
    assert_is_the_report(item)
