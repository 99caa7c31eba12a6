"""Real-looking seeds for the fuzz harness: fixture pages, tables and documents, the pages, list
answers and documents the demo and held-out portals serve, and a WARC file written by our own
writer. Built once per process, in a fixed order (the first seed of each kind is the simplest:
Hypothesis shrinks towards it)."""

from __future__ import annotations

import gzip
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive import records
from archive.writer import RotatingWarcWriter
from demo.sites import load_collection
from demo.sites.chrome_hanweb import dataproxy_xml
from demo.sites.model import ListEntry
from tests.fuzz_structures import gzip_members
from tests.holdout_sites.chrome_jpaas import unit_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_URL = "http://www.example.gov.cn/col/col123/index.html"


@dataclass(frozen=True)
class Seed:
    name: str
    body: bytes
    content_type: str = ""
    kind: str = ""  # document kind (pdf, docx, doc, wps, ofd) or answer shape
    # WARC seeds: (offset, record id) of every response record, to read back
    responses: tuple[tuple[int, str], ...] = field(default=(), compare=False)


def _served(collection: str) -> list[tuple[str, bytes, str]]:
    """(name, body, content type) of every fixed route of a demo collection's sites."""
    out = []
    for site in load_collection(collection).sites:
        for target, route in site.routes.items():
            if callable(route):
                continue  # answers built per request (search, list APIs): seeded below
            content_type = next((v for k, v in route.headers if k.lower() == "content-type"), "")
            out.append((f"{collection}/{site.host}{target}", route.body, content_type))
    return sorted(out)


@cache
def _all_served() -> list[tuple[str, bytes, str]]:
    return [row for name in ("demo", "holdout", "holdout2") for row in _served(name)]


@cache
def page_seeds() -> list[Seed]:
    """HTML pages: the fixtures (UTF-8, as saved) and every page the demo portals serve (GBK,
    UTF-8, mislabelled ISO-8859-1 …, with the Content-Type each is served with)."""
    seeds = [
        Seed(
            "tiny",
            "<html><head><title>年度报告</title></head><body><p>正文</p></body></html>".encode(),
            "text/html",
        )
    ]
    for folder in ("pages", "tables"):
        for path in sorted((FIXTURES / folder).glob("*.html")):
            seeds.append(
                Seed(f"{folder}/{path.name}", path.read_bytes(), "text/html; charset=utf-8")
            )
    for name, body, content_type in _all_served():
        if content_type.startswith("text/html") and body:
            seeds.append(Seed(name, body, content_type))
    return seeds


@cache
def list_page_seeds() -> list[Seed]:
    """Column pages configuring a CMS list API or carrying a Hanweb data island."""
    markers = (b"datastore", b"jpage", b"dataproxy", b"build/unit", b"data-api")
    return [s for s in page_seeds() if any(m in s.body for m in markers)]


def _entries(count: int) -> list[ListEntry]:
    return [
        ListEntry(
            f"某县{2023 - n}年政府信息公开工作年度报告",
            f"/art/{2024 - n}/1/15/art_1229_{5800 + n}.html",
            f"{2024 - n}-01-15",
        )
        for n in range(count)
    ]


@cache
def answer_seeds() -> list[Seed]:
    """List API answers: Hanweb dataproxy XML (CDATA and escaped records), JPaaS unit JSON,
    plain JSON lists, JSONP and HTML fragments."""
    entries = _entries(18)
    hanweb = dataproxy_xml(entries[:15], 1229, 6598, len(entries))
    escaped = hanweb.replace("<![CDATA[", "").replace("]]>", "")
    escaped = escaped.replace("<li>", "&lt;li&gt;").replace("</li>", "&lt;/li&gt;")
    items = [{"title": e.title, "url": e.href, "pubDate": e.date} for e in entries]
    listing = json.dumps({"total": len(items), "data": {"list": items}}, ensure_ascii=False)
    answers = [
        ("json-list", json.dumps(items[:3], ensure_ascii=False), "application/json"),
        ("hanweb-xml", hanweb, "text/xml;charset=UTF-8"),
        ("hanweb-escaped", escaped, "text/xml"),
        ("jpaas-unit", unit_json(entries, 1, 15), "application/json;charset=UTF-8"),
        (
            "jpaas-refused",
            json.dumps({"success": False, "code": "404", "data": None}),
            "application/json",
        ),
        ("json-nested", listing, "application/json"),
        ("jsonp", f"jQuery11_22({listing});", "application/javascript"),
        ("html-fragment", unit_json(entries, 1, 15)[40:-20], "text/html"),
    ]
    return [
        Seed(name, text.encode("utf-8"), content_type, name) for name, text, content_type in answers
    ]


_DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/ofd": "ofd",
    "application/kswps": "wps",
    "application/msword": "doc",
}


@cache
def document_seeds() -> list[Seed]:
    """Report documents: the fixture PDF (text and scanned), DOCX, DOC, WPS and OFD, and the
    attachments of the demo portals."""
    seeds = []
    for path in sorted((FIXTURES / "documents").iterdir()):
        kind = path.suffix.lstrip(".")
        if kind in ("pdf", "docx", "doc", "wps", "ofd"):
            seeds.append(Seed(f"documents/{path.name}", path.read_bytes(), "", kind))
    for name, body, content_type in _all_served():
        kind = _DOCUMENT_TYPES.get(content_type.split(";")[0].strip())
        if kind:
            seeds.append(Seed(name, body, content_type, kind))
    return sorted(seeds, key=lambda s: (len(s.body), s.name))


def _fixed(n: int) -> list[tuple[str, str]]:
    """A record id and date of our choosing: the seed file is the same in every process."""
    return [
        ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"),
        ("WARC-Date", f"2024-01-15T08:00:{n:02d}.000000Z"),
    ]


def _exchange(n: int, uri: str, head: list[tuple[bytes, bytes]], payload: bytes) -> tuple:
    http = records.HttpHead(b"HTTP/1.1 200 OK", head).with_header(
        b"Content-Length", str(len(payload)).encode()
    )
    response = records.response_record(uri, http, payload, _fixed(3 * n))
    concurrent = [("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))]
    request = records.request_record(
        uri,
        records.HttpHead(b"GET / HTTP/1.1", [(b"Host", b"www.example.gov.cn")]),
        b"",
        warc_headers=_fixed(3 * n + 1) + concurrent,
    )
    metadata = records.metadata_record(
        uri,
        [("portal", "demo"), ("role", "report"), ("encoding-encoding", "utf-8"), ("outlink", uri)],
        warc_headers=_fixed(3 * n + 2) + concurrent,
    )
    return response, request, metadata


def _same_every_time(data: bytes) -> bytes:
    """The file with its warcinfo record (id, date, file name: the writer's own) made fixed."""
    first, *rest = gzip_members(data) or [data]
    info = gzip.decompress(first)
    for name, value in (*_fixed(99), ("WARC-Filename", "example.warc.gz")):
        info = re.sub(rf"{name}: [^\r]*".encode(), f"{name}: {value}".encode(), info)
    return gzip.compress(info, mtime=0) + b"".join(rest)


@cache
def warc_seed() -> Seed:
    """A small WARC file as the crawl writes it (archive.writer, archive.records): warcinfo; a
    UTF-8 page, a gzip-encoded GBK page and a PDF, each with its request and metadata records;
    a revisit of the first page. The same bytes in every process."""
    page = (FIXTURES / "pages" / "chenzhou_2015_trs.html").read_bytes()
    gbk = page.decode("utf-8").encode("gbk", "replace")
    pdf = min((s for s in document_seeds() if s.kind == "pdf"), key=lambda s: len(s.body)).body
    exchanges = (
        (
            "http://www.example.gov.cn/a.html",
            [(b"Content-Type", b"text/html; charset=utf-8")],
            page,
        ),
        (
            "http://www.example.gov.cn/b.html",
            [(b"Content-Type", b"text/html; charset=gbk"), (b"Content-Encoding", b"gzip")],
            gzip.compress(gbk, mtime=0),
        ),
        ("http://www.example.gov.cn/c.pdf", [(b"Content-Type", b"application/pdf")], pdf),
    )
    with tempfile.TemporaryDirectory() as folder:
        writer = RotatingWarcWriter(folder, warcinfo_fields=lambda: [("software", "nianbao-fuzz")])
        for n, (uri, head, payload) in enumerate(exchanges):
            response, request, metadata = _exchange(n, uri, head, payload)
            writer.write(response, request)
            writer.write(metadata)
        revisit = records.revisit_record(
            "http://www.example.gov.cn/a.html",
            records.HttpHead(b"HTTP/1.1 200 OK", [(b"Content-Type", b"text/html")]),
            records.payload_digest(page),
            "http://www.example.gov.cn/a.html",
            _fixed(0)[1][1],
            warc_headers=_fixed(98),
            refers_to=_fixed(0)[0][1],
        )
        writer.write(revisit)
        writer.close()
        (path,) = Path(folder).glob("*.warc.gz")
        data = _same_every_time(path.read_bytes())
    iterator = ArchiveIterator(io.BytesIO(data))
    responses = tuple(
        (iterator.offset, record.rec_headers.get_header("WARC-Record-ID"))
        for record in iterator
        if record.rec_type == "response"
    )
    return Seed("warc/example.warc.gz", data, responses=responses)
