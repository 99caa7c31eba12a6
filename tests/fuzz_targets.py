"""What the fuzz harness runs: each target is a pure core (or the chain of cores one crawl step
runs), its seeds, the mutations that fit them, and its contract, checked on every case.

A check runs in a forked child (tests/fuzz_harness.py) and raises when the contract is broken:
an exception the core promises not to raise, or a result of the wrong shape. ``variant`` picks
what travels with the bytes (a Content-Type, a document kind, a list API call).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from parsel import Selector
from scrapy.http import HtmlResponse

from archive.check import check_warc
from archive.payload import PayloadDecodeError, decode_content
from archive.reader import UnreadableRecord, iter_responses, page_metadata, read_record_at
from crawler.encoding import EncodingDecision, charset_from_content_type, detect_encoding
from pipelines.documents import KINDS as DOCUMENT_KINDS
from pipelines.documents import DocumentLimits, document_kind
from pipelines.page.page import Page
from pipelines.report_fields import report_fields
from pipelines.tables import labels
from pipelines.tables.cells import MAX_DIGITS
from pipelines.tables.checks import check_table_arithmetic
from pipelines.tables.report_tables import parse_report_tables
from spiders.article_pages import article_continuations, first_page_of
from spiders.classify import classify_report_page
from spiders.discovery import extract_links, numbered_page_urls, trs_page_urls
from spiders.list_api_answers import hanweb_islands, list_total, parse_list_api_response
from spiders.list_api_scripts import hanweb_param_sets, jpaas_param_sets
from spiders.list_apis import (
    find_list_api_calls,
    list_api_call_from_request,
    list_api_calls,
    next_list_api_calls,
)
from spiders.page_text import page_text, page_titles
from spiders.render import needs_browser
from tests.fuzz_mutators import (
    ANSWER_MUTATIONS,
    BYTE_MUTATIONS,
    CHARSET_LABELS,
    CHARSET_MUTATIONS,
    MARKUP_MUTATIONS,
    PAGE_MUTATIONS,
    Mutation,
    Profile,
)
from tests.fuzz_seeds import (
    BASE_URL,
    Seed,
    answer_seeds,
    document_seeds,
    list_page_seeds,
    page_seeds,
    warc_seed,
)
from tests.fuzz_structures import DOCUMENT_MUTATIONS, WARC_MUTATIONS


class ContractBroken(AssertionError):
    """A core returned something its contract rules out."""


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ContractBroken(message)


@dataclass(frozen=True)
class Target:
    name: str
    what: str  # the cores it exercises, for the report
    seeds: Callable[[], list[Seed]]
    mutations: dict[str, Mutation]
    check: Callable[[Seed, bytes, int], None]
    cap: float  # seconds one case may take before it counts as a hang


# --- decoding, as the encoding middleware does it --------------------------------------------------

_CONTENT_TYPES = (b"text/html", b"text/html; charset=", b"text/html; charset=\xff\xfe", b"")


def content_type(seed: Seed, variant: int) -> bytes:
    """The Content-Type the page comes with: as served, none, or a (mis)labelled one."""
    if variant % 4 == 0:
        return seed.content_type.encode("latin-1", "replace")
    if variant % 4 == 1:
        return _CONTENT_TYPES[(variant // 4) % len(_CONTENT_TYPES)]
    label = CHARSET_LABELS[(variant // 4) % len(CHARSET_LABELS)]
    return b"text/html; charset=" + label.encode("utf-8")


def decode_page(seed: Seed, body: bytes, variant: int) -> tuple[str, EncodingDecision]:
    """The page text the spider sees: the encoding decision, then Scrapy's decoding with it."""
    decision = detect_encoding(body, charset_from_content_type(content_type(seed, variant)))
    text = HtmlResponse(BASE_URL, body=body, encoding=decision.encoding).text
    return text, decision


def check_encoding(seed: Seed, body: bytes, variant: int) -> None:
    text, decision = decode_page(seed, body, variant)
    _expect(isinstance(decision, EncodingDecision), "no EncodingDecision")
    codecs.lookup(decision.encoding)  # a codec Python knows
    json.dumps(decision.as_dict())  # goes into WARC metadata and items
    _expect(isinstance(text, str), "page text is not a str")


# --- pages ----------------------------------------------------------------------------------------

_LIST_FIELDS = ("flags", "warnings", "errors", "tables", "sections")


def check_report_page(seed: Seed, body: bytes, variant: int) -> None:
    text, decision = decode_page(seed, body, variant)
    item = {
        "url": BASE_URL,
        "page": Page(text, BASE_URL),
        "portal_name": "某县人民政府",
        "portal_region": "某省某市某县",
        "link_text": "2023年政府信息公开工作年度报告",
        "encoding_evidence": decision.as_dict(),
    }
    fields = report_fields(item)
    for name in _LIST_FIELDS:
        _expect(isinstance(fields[name], list), f"{name} is not a list")
    _expect(all(isinstance(w, str) for w in fields["warnings"]), "a warning is not a str")
    json.dumps(fields["tables"], allow_nan=True)


def check_spider_page(seed: Seed, body: bytes, variant: int) -> None:
    """What ``AnnualReportsSpider.parse_page`` reads of a page, in its order."""
    text, _ = decode_page(seed, body, variant)
    page = Page(text, BASE_URL)
    selector = Selector(root=page.tree, type="html")
    links = extract_links(selector, BASE_URL)
    titles = page_titles(selector)
    attachments = sum(1 for link in links if link.role == "attachment")
    verdict = classify_report_page(titles, BASE_URL, page_text(selector), "年度报告", attachments)
    _expect(isinstance(verdict.is_report, bool), "verdict is not a bool")
    first_page_of(BASE_URL, links)
    article_continuations(BASE_URL, links)
    trs_page_urls(text, BASE_URL, 50)
    numbered_page_urls(BASE_URL, links, 50)
    needs_browser(text)


def check_tables(seed: Seed, body: bytes, variant: int) -> None:
    tables = parse_report_tables(body.decode("utf-8", "replace"))
    _expect(tables.template in ("2019", "2008", "other"), f"template {tables.template!r}")
    for cell in tables.cells:
        value = cell["value"]
        _expect(value is None or isinstance(value, int | float), f"value {value!r}")


# --- table arithmetic on cells ----------------------------------------------------------------

_ROWS = (
    *labels.REQUESTS_ROWS,
    *labels.STATS2008_ROWS,
    "",
    "不是表中的行",
    labels.RESULTS,
    "x" * 500,
)
_COLS = (*labels.REQUESTS_COLUMNS, *labels.REVIEW_LITIGATION_COLUMNS, "", "统计数", "历年累计")
_TABLES = (labels.REQUESTS, labels.REVIEW_LITIGATION, labels.STATS2008, labels.PROACTIVE, "x")
# What parse_value can give: None, or a number of at most MAX_DIGITS digits before the point.
_BIG = 10**MAX_DIGITS - 1
_VALUES = (None, 0, -1, 1, 12, 3.5, 0.1, _BIG, -_BIG, _BIG + 0.5, 1e-300, -0.0)


@cache
def cell_seeds() -> list[Seed]:
    """The cells the table parser makes of the table fixtures, as JSON (table_checks' seeds)."""
    seeds = []
    for seed in page_seeds():
        if seed.name.startswith("tables/"):
            cells = parse_report_tables(seed.body.decode("utf-8")).cells
            if cells:
                seeds.append(Seed(seed.name, json.dumps(cells, ensure_ascii=False).encode()))
    return seeds


def edit_cells(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Cells with rows, columns or tables renamed to other vocabularies, values made absurd,
    cells duplicated or dropped: what a parser meeting a strange table might hand on."""
    cells = json.loads(body)
    if not cells:
        return body
    rng = random.Random(c)
    for _ in range(1 + b % 16):
        cell = rng.choice(cells)
        kind = (a + rng.randrange(5)) % 5
        if kind == 0:
            cell["row"] = rng.choice(_ROWS)
        elif kind == 1:
            cell["col"] = rng.choice(_COLS)
        elif kind == 2:
            cell["value"] = rng.choice(_VALUES)
        elif kind == 3:
            cell["table"] = rng.choice(_TABLES)
        else:
            cells.append(dict(cell, value=rng.choice(_VALUES)))
    return json.dumps(cells, ensure_ascii=False).encode()


def check_table_checks(seed: Seed, body: bytes, variant: int) -> None:
    cells = json.loads(body)
    warnings = check_table_arithmetic(cells)
    _expect(all(isinstance(w, str) for w in warnings), "a warning is not a str")


# --- list APIs --------------------------------------------------------------------------------

_HANWEB_CALL = (
    "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp"
    "?startrecord=1&endrecord=45&perpage=15&columnid=1229&unitid=6598"
)
_JPAAS_CALL = (
    "http://www.example.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit"
    '?webId=1&pageId=2&tplSetId=a&paramJson={"pageIndex":1,"pageSize":15}'
)
_ANSWER_TYPES = ("", "text/xml", "application/json", "text/html", "text/javascript", "\xff")


def check_list_answer(seed: Seed, body: bytes, variant: int) -> None:
    """A list API's answer as the spider reads it: its links, its total, the calls after it."""
    answer_type = seed.content_type if variant % 2 == 0 else _ANSWER_TYPES[variant // 2 % 6]
    pairs = parse_list_api_response(body, answer_type, BASE_URL)
    _expect(all(isinstance(u, str) and isinstance(t, str) for u, t in pairs), "pair types")
    total = list_total(body)
    _expect(total is None or isinstance(total, int), f"total {total!r}")
    for url in (_HANWEB_CALL, _JPAAS_CALL):
        call = list_api_call_from_request("POST" if variant % 3 else "GET", url, body[:2000])
        _expect(call is not None, f"{url} not recognised")
        following = next_list_api_calls(call, body, answer_type, 50)
        _expect(len(following) <= 100, f"{len(following)} calls after one answer")
    # a request the page made, its address garbled by the same mutations, and the calls after it
    query = body[:3000].decode("utf-8", "replace")
    for url in (
        f"{_HANWEB_CALL}&{query}",
        f"{_HANWEB_CALL.split('?')[0]}?{query}",
        f"{_JPAAS_CALL.split('?')[0]}?pageId=1&{query}",
        f"{_JPAAS_CALL.split('?')[0]}?pageId=1&paramJson={query}",
    ):
        call = list_api_call_from_request("POST", url, body[:100])
        if call is not None:
            next_list_api_calls(call, body, answer_type, 50)


def check_list_page(seed: Seed, body: bytes, variant: int) -> None:
    """A column page's list APIs and data islands, as the spider reads them."""
    text, _ = decode_page(seed, body, variant)
    islands = hanweb_islands(text, BASE_URL)
    calls = list_api_calls(text, BASE_URL, islands, 50)
    _expect(len(calls) <= 10_000, f"{len(calls)} calls from one page")
    find_list_api_calls(text, BASE_URL)
    hanweb_param_sets(text)
    list(jpaas_param_sets(text))


# --- documents --------------------------------------------------------------------------------

DOCUMENT_LIMITS = DocumentLimits(max_seconds=10.0)
_DISPOSITIONS = (
    None,
    b'attachment; filename="report.pdf"',
    b"attachment; filename*=UTF-8''%E5%B9%B4.wps",
)
_DISPOSITIONS += (b"attachment; filename=\xc4\xea\xb1\xa8.doc", b"inline; filename=", b"\xff" * 300)


def check_document(seed: Seed, body: bytes, variant: int) -> None:
    """A report published as a document: recognised from its response, parsed (as its own kind,
    or as another one when the server lied), and read by the report pipeline via a landing
    page that says 详见附件."""
    disposition = _DISPOSITIONS[variant % len(_DISPOSITIONS)]
    kind = document_kind(body, seed.content_type, disposition, "http://a.gov.cn/f.pdf")
    _expect(kind is None or kind in DOCUMENT_KINDS, f"kind {kind!r}")
    declared = seed.kind if variant % 3 else DOCUMENT_KINDS[variant // 3 % len(DOCUMENT_KINDS)]
    landing = "<html><body><h1>2023年政府信息公开工作年度报告</h1><p>详见附件</p></body></html>"
    url = "http://www.example.gov.cn/art/2024/1/15/art_1.html"
    item = {
        "url": url,
        "html": landing,
        "parts": [
            {"kind": "html", "url": url, "html": landing},
            {"kind": declared, "url": "http://www.example.gov.cn/f", "text": "附件"},
        ],
    }
    fields = report_fields(item, lambda part: body, DOCUMENT_LIMITS)
    for name in _LIST_FIELDS:
        _expect(isinstance(fields[name], list), f"{name} is not a list")


# --- WARC files -------------------------------------------------------------------------------


def check_warc_file(seed: Seed, body: bytes, variant: int) -> None:
    """A WARC file read back as reparse, wacz, checkwarc and the report pipeline read it."""
    handle, path = tempfile.mkstemp(suffix=".warc.gz")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        for response in iter_responses([path]):
            with contextlib.suppress(PayloadDecodeError):
                decode_content(response.payload, response.header("Content-Encoding"))
        page_metadata([path])
        problems = check_warc(path)
        _expect(all(isinstance(p, str) for p in problems), "a problem is not a str")
        for offset, record_id in seed.responses:
            with contextlib.suppress(UnreadableRecord):
                read_record_at(path, offset, record_id)
    finally:
        os.unlink(path)


# --- the catalogue ----------------------------------------------------------------------------

_TABLE_MUTATIONS = {**BYTE_MUTATIONS, **MARKUP_MUTATIONS}

TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target(
            "encoding",
            "crawler.encoding.detect_encoding + Scrapy's decoding with its decision",
            page_seeds,
            {
                **BYTE_MUTATIONS,
                **CHARSET_MUTATIONS,
                "giant_attribute": MARKUP_MUTATIONS["giant_attribute"],
                "broken_markup": MARKUP_MUTATIONS["broken_markup"],
                "regex_bait": MARKUP_MUTATIONS["regex_bait"],
            },
            check_encoding,
            cap=10.0,
        ),
        Target(
            "report_page",
            "pipelines.report.report_fields on a decoded page (body, text, metadata, tables, checks)",
            page_seeds,
            PAGE_MUTATIONS,
            check_report_page,
            cap=60.0,
        ),
        Target(
            "spider_page",
            "spiders: extract_links, page_titles, page_text, classify_report_page, article pages, pagers, needs_browser",
            page_seeds,
            PAGE_MUTATIONS,
            check_spider_page,
            cap=30.0,
        ),
        Target(
            "tables",
            "pipelines.tables.report_tables.parse_report_tables on table pages",
            lambda: [s for s in page_seeds() if s.name.startswith("tables/")],
            _TABLE_MUTATIONS,
            check_tables,
            cap=30.0,
        ),
        Target(
            "table_checks",
            "pipelines.tables.checks.check_table_arithmetic on parsed cells, edited",
            cell_seeds,
            {"edit_cells": edit_cells},
            check_table_checks,
            cap=10.0,
        ),
        Target(
            "list_answer",
            "spiders.list_api_answers (links, totals) and spiders.list_apis (calls after an answer)",
            answer_seeds,
            {
                **BYTE_MUTATIONS,
                **ANSWER_MUTATIONS,
                "unicode_digits": MARKUP_MUTATIONS["unicode_digits"],
                "giant_text": MARKUP_MUTATIONS["giant_text"],
                "long_numbers": MARKUP_MUTATIONS["long_numbers"],
                "regex_bait": MARKUP_MUTATIONS["regex_bait"],
            },
            check_list_answer,
            cap=10.0,
        ),
        Target(
            "list_page",
            "spiders.list_api_answers.hanweb_islands, spiders.list_apis.list_api_calls, list_api_scripts",
            list_page_seeds,
            {**PAGE_MUTATIONS, **ANSWER_MUTATIONS},
            check_list_page,
            cap=30.0,
        ),
        Target(
            "document",
            "pipelines.documents (document_kind, parse_document) through report_fields",
            document_seeds,
            {**BYTE_MUTATIONS, **DOCUMENT_MUTATIONS},
            check_document,
            cap=60.0,
        ),
        Target(
            "warc",
            "archive.reader (iter_responses, page_metadata, read_record_at), archive.check, archive.payload",
            lambda: [warc_seed()],
            {**BYTE_MUTATIONS, **WARC_MUTATIONS},
            check_warc_file,
            cap=30.0,
        ),
    )
}
