"""青峰县人民政府 (www.qingfeng.gov.cn): a TRS county portal that publishes some reports only as
documents.

Exercises: the 2024 report only as a PDF (the official template filled in, exported by
LibreOffice) behind a download servlet (``downfile.jsp``, served as ``application/octet-stream``
with a GBK ``Content-Disposition`` name) from a 「详见附件」 landing page; the 2023 report of a
township (石桥镇) only as a .docx linked straight from the column list; the county's 2023 report as
an ordinary HTML page. The documents and their true cells are in demo/sites/documents/ (made by
tests/document_fixture_builder.py).
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from demo.server import Response
from demo.sites import chrome_trs as trs
from demo.sites.model import (
    ArticlePage,
    ExpectedReport,
    ListEntry,
    PortalBuild,
    ReportSpec,
    SiteTheme,
)
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder

HOST = "www.qingfeng.gov.cn"
NAME = "青峰县人民政府"
REGION = "湖南省青峰县"
COLUMN = "/xxgk/xxgknb/"
DOCUMENTS = Path(__file__).with_name("documents")

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="4309230001",
    icp="湘ICP备05012345号",
    police="湘公网安备 43092302000123号",
    organizer="青峰县人民政府办公室",
    phone="0736-5212345",
    accent="#a3261b",
    nav=(("首页", "/"), ("政务公开", "/xxgk/"), ("政府信息公开年报", COLUMN)),
)
_CRUMBS = [("首页", "/"), ("政务公开", "/xxgk/"), ("政府信息公开年报", COLUMN)]

LANDING = "/xxgk/xxgknb/202501/t20250121_4203311.html"
SERVLET = "/module/download/downfile.jsp?classid=0&filename=2501211030123.pdf"
PDF_NAME = "青峰县人民政府2024年政府信息公开工作年度报告.pdf"
DOCX = "/xxgk/xxgknb/202401/P020240115523681234567.docx"
DOCX_NAME = "青峰县石桥镇2023年政府信息公开工作年度报告"

HTML_2023 = ReportSpec(
    key="qingfeng-2023",
    path="/xxgk/xxgknb/202401/t20240119_3951027.html",
    title="青峰县人民政府2023年政府信息公开工作年度报告",
    agency=NAME,
    region=REGION,
    year=2023,
    published="2024-01-19",
    form="2021",
    level="county",
    style="word",
    office="青峰县人民政府办公室",
    phone="0736-5212345",
    index_no="431099/2024-00031",
)


def _truth(name: str) -> dict:
    return json.loads((DOCUMENTS / f"{name}.truth.json").read_text(encoding="utf-8"))


def _cells(truth: dict) -> list[dict]:
    """The document's true cells in the ground truth's form (values as printed)."""
    return [{**cell, "value": f"{cell['value']:g}"} for cell in truth["cells"]]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="TRS Web Server")
    portal = PortalBuild(
        id="qingfeng",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "2024 only as a PDF behind downfile.jsp (application/octet-stream, GBK file name) "
            "from a 详见附件 landing page: the item is read from the PDF",
            "a township's 2023 report only as a .docx linked straight from the column list",
            "the county's 2023 report as an ordinary TRS page",
        ],
        download_delay=0.5,
        max_pages=40,
    )
    portal.reports.append(
        publish_report(
            b,
            portal.id,
            HTML_2023,
            NAME,
            lambda page: trs.article_page(THEME, page, "政府信息公开年报"),
            _CRUMBS,
        )
    )
    portal.reports.append(_pdf_report(b, portal.id))
    portal.reports.append(_docx_report(b, portal.id))
    entries = [
        ListEntry("青峰县人民政府2024年政府信息公开工作年度报告", LANDING, "2025-01-21"),
        ListEntry(HTML_2023.title, HTML_2023.path, HTML_2023.published),
        ListEntry(DOCX_NAME, DOCX, "2024-01-15"),
    ]
    b.page(COLUMN, trs.column_page(THEME, "政府信息公开年报", _CRUMBS, entries))
    _furniture(b)
    return portal


def _pdf_report(b: SiteBuilder, portal_id: str) -> ExpectedReport:
    truth = _truth("qingfeng_2024")
    landing = ArticlePage(
        path=LANDING,
        title=truth["title"],
        published="2025-01-21",
        body_html=f'<p>详见附件。</p><p>附件：<a href="{SERVLET}">{PDF_NAME}</a></p>',
        source="青峰县人民政府办公室",
        crumbs=_CRUMBS,
        index_no="431099/2025-00012",
    )
    b.page(LANDING, trs.article_page(THEME, landing, "政府信息公开年报"))
    disposition = b'Content-Disposition: attachment; filename="' + PDF_NAME.encode("gbk") + b'"'
    b.site.add(
        SERVLET,
        Response(
            headers=[("Content-Type", "application/octet-stream")],
            body=(DOCUMENTS / "qingfeng_2024.pdf").read_bytes(),
            raw_headers=[disposition],
        ),
    )
    return ExpectedReport(
        url=b.url(LANDING),
        portal=portal_id,
        title=truth["title"],
        agency=truth["agency"],
        publisher="青峰县人民政府办公室",
        region=REGION,
        year=truth["year"],
        published="2025-01-21",
        template="2019",
        attachments=[b.url(SERVLET)],
        phrases=["统计期限自2024年1月1日起至2024年12月31日止"],
        tables=_cells(truth),
        notes=["the landing page says only 详见附件: the report is read from the PDF"],
        source_format="pdf",
    )


def _docx_report(b: SiteBuilder, portal_id: str) -> ExpectedReport:
    truth = _truth("shiqiao_2023")
    b.file(DOCX, (DOCUMENTS / "shiqiao_2023.docx").read_bytes(), "docx")
    return ExpectedReport(
        url=b.url(DOCX),
        portal=portal_id,
        title=truth["title"],
        agency=truth["agency"],
        publisher=None,
        region=f"{REGION}石桥镇",
        year=truth["year"],
        published="2024-01-15",
        template="2019",
        attachments=[],
        phrases=["统计期限自2023年1月1日起至2023年12月31日止"],
        tables=_cells(truth),
        notes=["linked straight from the list; published is the document's signature date"],
        source_format="docx",
    )


def _furniture(b: SiteBuilder) -> None:
    links = f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>'
    b.page("/", trs.simple_page(THEME, "首页", [("首页", "/")], f"<h3>政务公开</h3>{links}"))
    b.static_pages(
        partial(trs.simple_page, THEME),
        (
            ("/xxgk/", "政务公开", links),
            ("/mobile/", "手机版", "<p>手机版。</p>"),
            ("/wzdt/", "网站地图", links),
            ("/lxwm/", "联系我们", "<p>电话：0736-5212345</p>"),
            ("/syhj/", "使用帮助", "<p>使用帮助。</p>"),
            ("/yszc/", "隐私声明", "<p>隐私声明。</p>"),
        ),
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /was5/\n")
