"""Portals whose reports come in several responses, as real CMSs publish them.

青峰县 (www.qingfeng.gov.cn, TRS): the 2023 report split over three article pages (TRS
``t…_1.html``, ``_2.html``, a 「第1页 第2页 第3页 下一页」 pager), its tables cut by the page
breaks; the 2024 report only as a PDF behind a download servlet (``downfile.jsp``, served as
``application/octet-stream`` with a GBK ``Content-Disposition`` name), from a 「详见附件」 landing
page. 青峰县教育局 (www.qfjy.gov.cn): the 2024 report only as a .docx linked straight from the
column list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from demo.server import Response, Site
from demo.sites import chrome_trs as trs
from demo.sites.model import ArticlePage, ListEntry, ReportSpec, SiteTheme
from demo.sites.report_body import build_report
from demo.sites.site_builder import SiteBuilder

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"
COLUMN = "/xxgk/xxgknb/index.html"
CRUMBS = [("首页", "/"), ("政府信息公开", "/xxgk/"), ("政府信息公开年报", COLUMN)]


@dataclass
class PartsWorld:
    sites: list[Site]
    registry: str
    split_report: str  # URL of the first page of the split article
    split_pages: list[str]
    split_cells: list[dict]
    landing_report: str  # URL of the 详见附件 page
    pdf_url: str
    docx_url: str
    document_cells: list[dict] = field(default_factory=list)


def _theme(name: str, host: str) -> SiteTheme:
    return SiteTheme(
        site_name=name,
        host=host,
        site_code="4310990001",
        icp="湘ICP备12000000号",
        organizer=f"{name}办公室",
        nav=(("首页", "/"), ("政府信息公开", "/xxgk/")),
    )


def _pager(paths: list[str], current: int) -> str:
    links = " ".join(
        f'<a href="{path}">第{n}页</a>' if n != current else f"<span>第{n}页</span>"
        for n, path in enumerate(paths, start=1)
    )
    if current < len(paths):
        links += f' <a href="{paths[current]}">下一页</a>'
    return f'<div class="article-page" align="center">{links}</div>'


def _split_body(html: str, cuts: int) -> list[str]:
    """The body cut at row boundaries inside its second and third tables, as a CMS paginates
    an article at the editor's page breaks (tables closed before the break, reopened after)."""
    starts = [m.start() for m in re.finditer("<table", html)]
    opening = re.match(r"<table[^>]*>(?:\s*<tbody>)?", html[starts[1] :]).group(0)
    closing = ("</tbody>" if "<tbody>" in opening else "") + "</table>"
    row_ends = [m.end() for m in re.finditer("</tr>", html)]
    bounds = [*starts, len(html)]
    points = []
    for k in range(1, 1 + cuts):
        inside = [e for e in row_ends if bounds[k] < e < bounds[k + 1]]
        points.append(inside[len(inside) // 2])
    pieces, previous = [], 0
    for point in points:
        pieces.append(html[previous:point] + closing)
        previous = point
    pieces.append(html[previous:])
    return [pieces[0]] + [opening + piece for piece in pieces[1:]]


def _qingfeng() -> tuple[SiteBuilder, dict]:
    host, name = "www.qingfeng.gov.cn", "青峰县人民政府"
    theme = _theme(name, host)
    b = SiteBuilder(host)
    b.text("/robots.txt", "User-agent: *\nAllow: /\n")
    spec = ReportSpec(
        key="qingfeng-2023",
        path="/xxgk/xxgknb/202401/t20240118_3251.html",
        title="青峰县人民政府2023年政府信息公开工作年度报告",
        agency=name,
        region="湖南省青峰县",
        year=2023,
        published="2024-01-18",
        form="2021",
        level="county",
        style="word",
        index_no="431099/2024-00031",
    )
    content = build_report(spec, name, host)
    pieces = _split_body(content.html, 2)
    stem = spec.path[: -len(".html")]
    paths = [spec.path] + [f"{stem}_{n}.html" for n in range(1, len(pieces))]
    for n, (path, piece) in enumerate(zip(paths, pieces, strict=True), start=1):
        page = ArticlePage(
            path=path,
            title=spec.title,
            published=spec.published,
            body_html=piece + _pager(paths, n),
            source="青峰县人民政府办公室",
            crumbs=CRUMBS,
            index_no=spec.index_no,
        )
        b.page(path, trs.article_page(theme, page, "政府信息公开年报"))
    landing_path = "/xxgk/xxgknb/202502/t20250121_3390.html"
    servlet = "/module/download/downfile.jsp?classid=0&filename=2501211030123.pdf"
    landing = ArticlePage(
        path=landing_path,
        title="青峰县人民政府2024年政府信息公开工作年度报告",
        published="2025-01-21",
        body_html=f'<p>详见附件。</p><p><a href="{servlet}">青峰县人民政府2024年政府信息公开工作年度报告.pdf</a></p>',
        source="青峰县人民政府办公室",
        crumbs=CRUMBS,
        index_no="431099/2025-00012",
    )
    b.page(landing_path, trs.article_page(theme, landing, "政府信息公开年报"))
    pdf = (DOCUMENTS / "qingfeng_2024.pdf").read_bytes()
    disposition = (
        b'Content-Disposition: attachment; filename="'
        + "青峰县人民政府2024年政府信息公开工作年度报告.pdf".encode("gbk")
        + b'"'
    )
    b.site.add(
        servlet,
        Response(
            headers=[("Content-Type", "application/octet-stream")],
            body=pdf,
            raw_headers=[disposition],
        ),
    )
    entries = [
        ListEntry(landing.title, landing_path, landing.published),
        ListEntry(spec.title, spec.path, spec.published),
    ]
    _furniture(b, theme, entries)
    return b, {
        "split_report": b.url(spec.path),
        "split_pages": [b.url(p) for p in paths],
        "split_cells": content.cells,
        "landing_report": b.url(landing_path),
        "pdf_url": b.url(servlet),
    }


def _qfjy() -> tuple[SiteBuilder, str]:
    host, name = "www.qfjy.gov.cn", "青峰县教育局"
    theme = _theme(name, host)
    b = SiteBuilder(host)
    b.text("/robots.txt", "User-agent: *\nAllow: /\n")
    path = "/xxgk/xxgknb/202501/P020250120512340000001.docx"
    b.file(path, (DOCUMENTS / "qingfeng_2024.docx").read_bytes(), "docx")
    entries = [ListEntry("青峰县2024年政府信息公开工作年度报告", path, "2025-01-20")]
    _furniture(b, theme, entries)
    return b, b.url(path)


def _furniture(b: SiteBuilder, theme: SiteTheme, entries: list[ListEntry]) -> None:
    b.page(COLUMN, trs.column_page(theme, "政府信息公开年报", CRUMBS, entries))
    b.page(
        "/",
        trs.simple_page(theme, theme.site_name, CRUMBS[:1], '<a href="/xxgk/">政府信息公开</a>'),
    )
    b.page(
        "/xxgk/",
        trs.simple_page(
            theme, "政府信息公开", CRUMBS[:2], f'<a href="{COLUMN}">政府信息公开年报</a>'
        ),
    )


def parts_world() -> PartsWorld:
    qingfeng, facts = _qingfeng()
    qfjy, docx_url = _qfjy()
    registry = "\n".join(
        f'[[portal]]\nid = "{pid}"\nname = "{name}"\nstart_urls = ["http://{host}/"]\n'
        f'render = "never"\nregion = "湖南省青峰县"\n'
        for pid, name, host in (
            ("qingfeng", "青峰县人民政府", "www.qingfeng.gov.cn"),
            ("qfjy", "青峰县教育局", "www.qfjy.gov.cn"),
        )
    )
    truth = json.loads((DOCUMENTS / "qingfeng_2024.truth.json").read_text("utf-8"))
    return PartsWorld(
        sites=[qingfeng.site, qfjy.site],
        registry=registry,
        docx_url=docx_url,
        document_cells=truth["cells"] if isinstance(truth["cells"], list) else [],
        **facts,
    )
