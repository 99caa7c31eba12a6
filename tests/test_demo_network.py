"""The demo network: origin servers, the forward proxy, the portals and their ground truth.

Everything goes over real sockets on 127.0.0.1; responses are read with a raw HTTP client so the
bytes on the wire (framing, compression, repeated and raw headers) are what is tested.
"""

from __future__ import annotations

import gzip
import io
import json
import socket
import zipfile
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.html
import opencc
import protego
import pytest

from crawler.registry import load_registry
from demo.network import DemoNetwork
from demo.server import Response, Site
from demo.sites import demo_collection
from demo.sites import labels as L
from demo.sites.truth import arithmetic_problems
from pipelines.documents import document_kind
from tests.holdout_sites import holdout_collection

COLLECTIONS = {"demo": demo_collection(), "holdout": holdout_collection()}
_T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def net() -> Iterator[DemoNetwork]:
    sites = [s for c in COLLECTIONS.values() for s in c.sites]
    with DemoNetwork(sites) as network:
        yield network


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` as is and read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def request_bytes(url: str, method: str = "GET", headers=(), body: bytes = b"") -> bytes:
    host = urlsplit(url).hostname
    lines = [f"{method} {url} HTTP/1.1", f"Host: {host}", "User-Agent: nianbao-test/1.0"]
    lines += [f"{k}: {v}" for k, v in headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Reply:
    """A parsed raw response: status, header list, raw head, body as sent and decoded."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        head, _, self.wire_body = raw.partition(b"\r\n\r\n")
        self.head = head
        lines = head.split(b"\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = [
            (k.decode("latin-1").strip(), v.strip())
            for k, _, v in (x.partition(b":") for x in lines[1:])
        ]

    def values(self, name: str) -> list[bytes]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def value(self, name: str) -> str:
        found = self.values(name)
        return found[0].decode("latin-1") if found else ""

    @property
    def body(self) -> bytes:
        data = self.wire_body
        if self.value("Transfer-Encoding") == "chunked":
            data = dechunk(data)
        if self.value("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data


def dechunk(data: bytes) -> bytes:
    out, rest = [], data
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(rest[:size])
        rest = rest[size + 2 :]


def get(net: DemoNetwork, url: str, **kw) -> Reply:
    return Reply(raw_exchange(net.proxy_port, request_bytes(url, **kw)))


def page_text(body: bytes) -> str:
    for charset in ("utf-8", "gbk"):
        try:
            return body.decode(charset)
        except UnicodeDecodeError:
            continue
    return body.decode("gb18030", "replace")


def without_date(head: bytes) -> bytes:
    return b"\r\n".join(line for line in head.split(b"\r\n") if not line.startswith(b"Date:"))


# --- server and proxy -------------------------------------------------------------------------


def test_proxy_relays_gzip_chunked_response_byte_identical(net: DemoNetwork) -> None:
    path = "/xxgk/zfxxgknb/202401/t20240122_3610288.html"
    ask = [("Accept-Encoding", "gzip")]
    via_proxy = Reply(
        raw_exchange(net.proxy_port, request_bytes(f"http://www.czs.gov.cn{path}", headers=ask))
    )
    direct = Reply(
        raw_exchange(
            net.ports["www.czs.gov.cn"],
            request_bytes(path, headers=[("Host", "www.czs.gov.cn"), *ask]),
        )
    )
    assert via_proxy.value("Transfer-Encoding") == "chunked"
    assert via_proxy.value("Content-Encoding") == "gzip"
    assert via_proxy.wire_body == direct.wire_body
    assert without_date(via_proxy.head) == without_date(direct.head)
    assert "郴州市2023年政府信息公开工作年度报告" in via_proxy.body.decode("utf-8")


def test_proxy_routes_by_host_name() -> None:
    first, second = Site("a.example.gov.cn"), Site("b.example.gov.cn")
    first.add("/", Response(body=b"site A"))
    second.add("/", Response(body=b"site B"))
    with DemoNetwork([first, second]) as network:
        assert get(network, "http://a.example.gov.cn/").body == b"site A"
        assert get(network, "http://b.example.gov.cn/").body == b"site B"
        assert network.log("a.example.gov.cn").targets() == ["/"]
        assert network.log("b.example.gov.cn").targets() == ["/"]


def test_proxy_sends_origin_form_request_line_to_the_site() -> None:
    site = Site("www.example.gov.cn")
    site.add("/list?page=2", Response(body=b"page two"))
    with DemoNetwork([site]) as network:
        reply = get(network, "http://www.example.gov.cn/list?page=2")
        assert reply.body == b"page two"
        assert network.log("www.example.gov.cn").targets() == ["/list?page=2"]


def test_proxy_answers_502_for_unknown_host(net: DemoNetwork) -> None:
    reply = get(net, "http://www.zwinkt.com/zwgk/art/2018/2/28/art_46355_1634538.html")
    assert reply.status == 502
    assert b"no route to host 'www.zwinkt.com'" in reply.body


def test_repeated_headers_arrive_repeated(net: DemoNetwork) -> None:
    reply = get(net, "http://www.czs.gov.cn/")
    assert len(reply.values("Set-Cookie")) == 2
    assert len(reply.values("Link")) == 2


def test_gbk_content_disposition_is_sent_as_raw_bytes(net: DemoNetwork) -> None:
    url = "http://www.panjin.gov.cn/module/download/downfile.jsp?classid=0&filename=1903291530123456.pdf"
    reply = get(net, url)
    name = "盘锦市2018年政府信息公开工作年度报告.pdf".encode("gbk")
    assert reply.values("Content-Disposition") == [b'attachment; filename="' + name + b'"']
    assert reply.body.startswith(b"%PDF-1.4")


def test_head_request_gets_headers_without_body(net: DemoNetwork) -> None:
    reply = get(net, "http://www.czs.gov.cn/robots.txt", method="HEAD")
    assert reply.status == 200
    assert int(reply.value("Content-Length")) > 0
    assert reply.wire_body == b""


def test_post_to_hanweb_dataproxy_returns_the_report_records(net: DemoNetwork) -> None:
    form = b"col=1&appid=1&webid=1&path=%2F&columnid=1229286631&sourceContentType=1&unitid=5849342"
    reply = get(
        net,
        "http://www.lishui.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        method="POST",
        headers=[("Content-Type", "application/x-www-form-urlencoded")],
        body=form,
    )
    xml = reply.body.decode("utf-8")
    assert xml.count("<record><![CDATA[") == 6
    assert "/art/2025/1/20/art_1229286631_63345678.html" in xml


def test_hanweb_column_page_has_no_report_links_before_javascript(net: DemoNetwork) -> None:
    html = get(net, "http://www.lishui.gov.cn/col/col1229286631/index.html").body.decode()
    assert '<div id="list"></div>' in html
    assert "art_1229286631_" not in html


def test_jpaas_unit_api_returns_the_list_as_json(net: DemoNetwork) -> None:
    url = (
        "http://www.jiashan.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit"
        "?pageType=column&pageId=1229393519&paramJson=%7B%22pageIndex%22%3A1%7D"
    )
    data = json.loads(get(net, url).body)
    assert data["data"]["html"].count("<li>") == 6


def test_request_log_records_each_request_per_host(net: DemoNetwork) -> None:
    before = len(net.log("jyj.sm.gov.cn"))
    reply = get(net, "http://jyj.sm.gov.cn/robots.txt")
    record = net.log("jyj.sm.gov.cn").records()[before]
    assert (record.host, record.method, record.target, record.status) == (
        "jyj.sm.gov.cn",
        "GET",
        "/robots.txt",
        200,
    )
    assert record.user_agent == "nianbao-test/1.0"
    assert record.started <= record.ended and record.started_wall <= record.ended_wall
    assert record.bytes_sent == len(reply.raw)


def test_request_log_ends_when_the_last_byte_of_a_slow_body_is_written() -> None:
    site = Site("slow.example.gov.cn")
    site.add("/", Response(body=b"x" * 300, chunk_size=100, delay=0.05))
    with DemoNetwork([site]) as network:
        reply = get(network, "http://slow.example.gov.cn/")
        (record,) = network.log("slow.example.gov.cn").records()
        assert reply.body == b"x" * 300
        assert record.bytes_sent == len(reply.raw)
        # Three pauses happen between the request line and the last byte.
        assert record.ended - record.started >= 0.14


# --- portals ----------------------------------------------------------------------------------


def test_czs_robots_txt_sets_crawl_delay_and_disallows(net: DemoNetwork) -> None:
    text = get(net, "http://www.czs.gov.cn/robots.txt").body.decode()
    robots = protego.Protego.parse(text)
    assert robots.crawl_delay("nianbao") == 1.0
    assert not robots.can_fetch("http://www.czs.gov.cn/was5/web/search?searchword=x", "nianbao")


@pytest.mark.parametrize("name", COLLECTIONS)
def test_disallowed_urls_are_forbidden_and_reports_allowed_by_robots(
    net: DemoNetwork, name: str
) -> None:
    expected = COLLECTIONS[name].expected_document()
    robots = {}
    for host in COLLECTIONS[name].hosts:
        robots[host] = protego.Protego.parse(get(net, f"http://{host}/robots.txt").body.decode())
    for url in expected["disallowed"]:
        assert not robots[urlsplit(url).hostname].can_fetch(url, "nianbao"), url
    for report in expected["reports"]:
        assert robots[urlsplit(report["url"]).hostname].can_fetch(report["url"], "nianbao")


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_expected_report_answers_200_with_its_title_and_phrases(
    net: DemoNetwork, name: str
) -> None:
    for report in COLLECTIONS[name].expected_document()["reports"]:
        reply = get(net, report["url"])
        assert reply.status == 200, report["url"]
        source = report.get("source_format", "html")
        if source != "html":  # its text is in a document: the landing page's, or the URL's own
            document = report["attachments"][0] if report["attachments"] else report["url"]
            answer = get(net, document)
            assert answer.status == 200, document
            assert document_kind(answer.body, None, None, document) == source, document
            continue
        text = page_text(reply.body)
        assert report["title"] in text or report["title"] in _T2S.convert(text), report["url"]
        for phrase in report["phrases"]:
            assert phrase in text, (report["url"], phrase)


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_negative_and_attachment_answers_200(net: DemoNetwork, name: str) -> None:
    expected = COLLECTIONS[name].expected_document()
    urls = [n["url"] for n in expected["negatives"]]
    urls += [a for r in expected["reports"] for a in r["attachments"]]
    for url in urls:
        assert get(net, url).status == 200, url


def test_attachments_are_real_files(net: DemoNetwork) -> None:
    pdf = get(net, "http://www.czs.gov.cn/xxgk/zfxxgknb/202001/P020200120598113652171.pdf").body
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    docx = get(net, "http://www.czs.gov.cn/xxgk/zfxxgknb/201803/P020180328567891234567.docx").body
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert "郴州市2017年" in archive.read("word/document.xml").decode()


def test_gbk_portal_declares_gb2312_but_needs_gbk(net: DemoNetwork) -> None:
    reply = get(net, "http://www.panjin.gov.cn/art/2021/1/28/art_4172_1874410.html")
    assert reply.value("Content-Type") == "text/html; charset=gb2312"
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("gb2312")
    assert "联系人：刘喆" in reply.body.decode("gbk")


def test_tomcat_portal_header_charset_lies(net: DemoNetwork) -> None:
    reply = get(net, "http://www.ynym.gov.cn/index.shtml", headers=[("Accept-Encoding", "gzip")])
    assert reply.value("Content-Type") == "text/html; charset=ISO-8859-1"
    assert (reply.value("Content-Encoding"), reply.value("Transfer-Encoding")) == (
        "gzip",
        "chunked",
    )
    assert "元谋县人民政府" in reply.body.decode("gbk")


def test_trs_column_pages_are_announced_only_by_create_page_html(net: DemoNetwork) -> None:
    html = get(net, "http://www.czs.gov.cn/xxgk/zfxxgknb/").body.decode()
    assert 'createPageHTML(3, 0, "index", "html");' in html
    assert "index_1.html" not in html
    assert get(net, "http://www.czs.gov.cn/xxgk/zfxxgknb/index_2.html").status == 200


def test_calendar_trap_links_to_the_next_day_forever(net: DemoNetwork) -> None:
    html = get(net, "http://www.czs.gov.cn/calendar?date=2031-12-31").body.decode()
    assert '/calendar?date=2032-01-01"' in html


def test_old_url_redirects_to_report_and_broken_link_is_404(net: DemoNetwork) -> None:
    expected = COLLECTIONS["demo"].expected_document()
    (redirect,) = expected["redirects"]
    reply = get(net, redirect["from"])
    assert (reply.status, reply.value("Location")) == (301, redirect["to"])
    for url in expected["broken_links"]:
        assert get(net, url).status == 404


# --- ground truth -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", COLLECTIONS)
def test_expected_json_and_registry_on_disk_are_current(name: str) -> None:
    collection = COLLECTIONS[name]
    assert (collection.directory / "expected.json").read_text(
        encoding="utf-8"
    ) == collection.expected_json()
    assert (collection.directory / "portals.toml").read_text(
        encoding="utf-8"
    ) == collection.registry_toml()


@pytest.mark.parametrize("name", COLLECTIONS)
def test_registry_loads_in_the_crawler(name: str) -> None:
    portals = load_registry(COLLECTIONS[name].directory / "portals.toml")
    assert [p.id for p in portals] == [p.id for p in COLLECTIONS[name].portals]


@pytest.mark.parametrize("name", COLLECTIONS)
def test_gold_tables_keep_the_template_arithmetic_except_deliberate_errors(name: str) -> None:
    for report in COLLECTIONS[name].expected_document()["reports"]:
        problems = arithmetic_problems(report["tables"])
        deliberate = any("deliberate" in note for note in report["notes"])
        assert bool(problems) == deliberate, (report["url"], problems)


def test_collections_are_big_enough() -> None:
    demo, holdout = (COLLECTIONS[n].expected_document() for n in ("demo", "holdout"))
    assert len(demo["portals"]) >= 6 and len(demo["reports"]) >= 24
    assert len(holdout["portals"]) >= 4 and len(holdout["reports"]) >= 20
    assert {r["year"] for r in demo["reports"]} >= {2008, 2015, 2019, 2021, 2024}
    assert not {r["url"] for r in demo["reports"]} & {n["url"] for n in demo["negatives"]}


@pytest.mark.parametrize(
    "style_url",
    [
        "http://www.czs.gov.cn/xxgk/zfxxgknb/202401/t20240122_3610288.html",  # word, 2021
        "http://www.czs.gov.cn/xxgk/zfxxgknb/bmnb/202101/t20210129_3201458.html",  # plain, 2019
        "http://www.czs.gov.cn/xxgk/zfxxgknb/202201/t20220125_3345127.html",  # cms, 2021
        "http://www.czs.gov.cn/xxgk/zfxxgknb/201803/t20180328_1089544.html",  # cms, 统计表 x2
    ],
)
def test_printed_table_labels_normalize_to_the_gold_labels(
    net: DemoNetwork, style_url: str
) -> None:
    report = next(
        r for r in COLLECTIONS["demo"].expected_document()["reports"] if r["url"] == style_url
    )
    tree = lxml.html.fromstring(get(net, style_url).body.decode("utf-8"))
    printed = {
        L.normalize_label(lxml.html.tostring(cell, encoding="unicode", method="text"))
        for cell in tree.iter("td", "th")
    }
    labels = set()
    for cell in report["tables"]:
        labels.update(p for p in cell["row"].split("/") if p)
        if cell["col"] != "本年增/减":
            labels.update(cell["col"].split("/"))
        labels.add(cell["value"])
    assert labels - printed == set()
