"""What a real crawl archives: exchanges as received, faithful heads, revisits, redirects, errors."""

import gzip
import subprocess
import sys

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.check import check_warcs
from demo.network import DemoNetwork
from demo.server import Response, Site, redirect
from tests.crawl_runner import run_scrapy
from tests.pywb_replay import fetch_raw, pywb

HOST = "www.capture.gov.cn"
PAGE = (
    "<html><head><meta charset='gbk'><title>政府信息公开年报</title></head><body>"
    + "郴州市2015年政府信息公开工作年度报告。" * 400
    + "</body></html>"
).encode("gbk")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 20
GBK_NAME = "2023年度报告.pdf".encode("gbk")


def capture_site() -> Site:
    site = Site(HOST)
    site.add(
        "/robots.txt",
        Response(headers=[("Content-Type", "text/plain")], body=b"User-agent: *\nAllow: /\n"),
    )
    site.add(
        "/gz.html",
        Response(
            headers=[("Content-Type", "text/html; charset=gbk")], body=PAGE, gzip=True, chunked=True
        ),
    )
    site.add(
        "/cookies.html",
        Response(
            headers=[
                ("Content-Type", "text/html"),
                ("Set-Cookie", "a=1; Path=/"),
                ("Set-Cookie", "b=2; Path=/"),
                ("Link", "</s.css>; rel=preload"),
                ("Link", "</t.js>; rel=preload"),
            ],
            body=b"<html>cookies</html>",
        ),
    )
    site.add(
        "/file.pdf",
        Response(
            headers=[("Content-Type", "application/pdf")],
            raw_headers=[b'Content-Disposition: attachment; filename="' + GBK_NAME + b'"'],
            body=PDF,
        ),
    )
    site.add("/copy/file.pdf", Response(headers=[("Content-Type", "application/pdf")], body=PDF))
    site.add("/old.html", redirect(f"http://{HOST}/cookies.html"))
    site.add(
        "/list.jsp?a=1&b=%E5%B9%B4",
        Response(headers=[("Content-Type", "text/html")], body=b"<html>q</html>"),
    )
    return site


URLS = [
    "/gz.html",
    "/cookies.html",
    "/file.pdf",
    "/copy/file.pdf",
    "/old.html",
    "/missing.html",
    "/list.jsp?a=1&b=%E5%B9%B4",
]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("capture")
    with DemoNetwork([capture_site()]) as net:
        urls = ",".join(f"http://{HOST}{u}" for u in URLS)
        result = run_scrapy(
            [
                "runspider",
                "tests/fetch_list_spider.py",
                "-a",
                f"urls={urls}",
                "-s",
                f"OUTPUT_DIR={out}",
                "-s",
                "DOWNLOAD_DELAY=0.05",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
            ],
            net.proxy_url,
        )
        served = net.log(HOST).records()
    assert result.returncode == 0, result.stderr[-3000:]
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    records = []
    for path in warcs:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                records.append(
                    (
                        record,
                        record.raw_stream.read()
                        if record.http_headers
                        else record.content_stream().read(),
                    )
                )
    return out, warcs, records, served


def responses_for(records, path):
    return [
        (r, p)
        for r, p in records
        if r.rec_type in ("response", "revisit")
        and r.rec_headers.get_header("WARC-Target-URI") == f"http://{HOST}{path}"
    ]


def test_gzip_chunked_page_is_stored_content_encoded_and_dechunked(crawl):
    _, _, records, _ = crawl
    ((record, payload),) = responses_for(records, "/gz.html")
    http = record.http_headers
    assert http.get_header("Content-Encoding") == "gzip"
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(payload))
    assert gzip.decompress(payload) == PAGE


def test_repeated_headers_are_all_archived(crawl):
    _, _, records, _ = crawl
    # fetched twice (directly and through /old.html): both heads keep every header
    (record, _), (again, _) = responses_for(records, "/cookies.html")
    assert again.rec_type == "revisit"
    for captured in (record, again):
        headers = captured.http_headers.headers
        assert [v for k, v in headers if k.lower() == "set-cookie"] == [
            "a=1; Path=/",
            "b=2; Path=/",
        ]
        links = [v for k, v in headers if k.lower() == "link"]
        assert links == ["</s.css>; rel=preload", "</t.js>; rel=preload"]


def test_non_utf8_header_bytes_are_archived_as_received(crawl):
    _, warcs, _, _ = crawl
    raw = b"".join(gzip.decompress(p.read_bytes()) for p in warcs)
    assert b'filename="' + GBK_NAME + b'"' in raw


def test_request_record_carries_query_host_and_sent_headers(crawl):
    _, _, records, _ = crawl
    ((response, _),) = responses_for(records, "/list.jsp?a=1&b=%E5%B9%B4")
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    (request,) = [
        r
        for r, _ in records
        if r.rec_type == "request" and r.rec_headers.get_header("WARC-Concurrent-To") == response_id
    ]
    http = request.http_headers
    assert f"{http.protocol} {http.statusline}" == "GET /list.jsp?a=1&b=%E5%B9%B4 HTTP/1.1"
    assert http.headers[0] == ("Host", HOST)
    assert "nianbao/" in http.get_header("User-Agent")
    assert "gzip" in http.get_header("Accept-Encoding")
    position = {id(r): i for i, (r, _) in enumerate(records)}
    assert position[id(response)] < position[id(request)]


def test_identical_payload_is_archived_once_then_as_revisit(crawl):
    _, _, records, _ = crawl
    ((first, payload),) = responses_for(records, "/file.pdf")
    ((second, _),) = responses_for(records, "/copy/file.pdf")
    assert first.rec_type == "response" and payload == PDF
    assert second.rec_type == "revisit"
    headers = second.rec_headers
    assert headers.get_header("WARC-Profile").endswith("/1.1/revisit/identical-payload-digest")
    assert headers.get_header("WARC-Refers-To-Target-URI") == f"http://{HOST}/file.pdf"
    assert headers.get_header("WARC-Refers-To-Date") == first.rec_headers.get_header("WARC-Date")
    assert headers.get_header("WARC-Payload-Digest") == first.rec_headers.get_header(
        "WARC-Payload-Digest"
    )


def test_redirects_errors_and_robots_are_archived(crawl):
    _, _, records, served = crawl
    ((moved, _),) = responses_for(records, "/old.html")
    assert moved.http_headers.get_statuscode() == "301"
    assert moved.http_headers.get_header("Location") == f"http://{HOST}/cookies.html"
    ((missing, _),) = responses_for(records, "/missing.html")
    assert missing.http_headers.get_statuscode() == "404"
    ((robots, _),) = responses_for(records, "/robots.txt")
    assert robots.http_headers.get_statuscode() == "200"
    archived = {
        r.rec_headers.get_header("WARC-Target-URI")
        for r, _ in records
        if r.rec_type in ("response", "revisit")
    }
    assert {f"http://{HOST}{rec.target}" for rec in served} <= archived


def test_every_file_is_valid_warc_1_1_and_consistent(crawl):
    _, warcs, records, _ = crawl
    assert records[0][0].rec_type == "warcinfo"
    assert {r.rec_headers.protocol for r, _ in records} == {"WARC/1.1"}
    assert all("." in r.rec_headers.get_header("WARC-Date") for r, _ in records)
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)], capture_output=True
    )
    assert check.returncode == 0, check.stdout
    assert check_warcs(warcs) == []


def test_crawl_writes_a_cdxj_index_of_its_warcs(crawl):
    out, _, _, _ = crawl
    lines = (out / "indexes" / "index.cdxj").read_text().splitlines()
    assert any('"url": "http://www.capture.gov.cn/gz.html"' in line for line in lines)
    assert any(line.startswith("cn,gov,capture)/list.jsp?a=1&b=%e5%b9%b4") for line in lines)


def test_gzip_chunked_page_replays_from_pywb_byte_identical(crawl, tmp_path):
    out, _, _, _ = crawl
    with pywb(out, tmp_path) as base:
        status, headers, body = fetch_raw(base, f"http://{HOST}/gz.html")
    assert status == 200
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert body == PAGE
