"""陇西县人民政府 (www.longxi.gov.cn): a DedeCMS county site in GB18030 without any charset
declaration (no header charset, no meta), a contact name only GB18030 can carry.

Dates only in text: ``发布时间：2024年1月20日`` in the info line, or (2009) only the signature in
Chinese numerals. A site search (/plus/search.php) lists reports; an endless month archive
``/archive/YYYY/MM/``; a 统计年鉴 look-alike.
"""

from __future__ import annotations

from demo.server import Request, Response
from demo.sites.model import (
    ArticlePage,
    Attachment,
    ListEntry,
    Negative,
    PortalBuild,
    ReportSpec,
    SiteTheme,
)
from demo.sites.publishing import publish_report
from demo.sites.report_body import chinese_date
from demo.sites.site_builder import SiteBuilder
from tests.holdout2_sites import chrome_dede as dede
from tests.holdout2_sites import lookalike_texts as looks

HOST = "www.longxi.gov.cn"
NAME = "陇西县人民政府"
REGION = "甘肃省定西市陇西县"
COLUMN = "/a/xxgk/ndbg/"
TYPE_ID = 12
SEARCH = "/plus/search.php?kwtype=0&q=%C4%EA%B6%C8%B1%A8%B8%E6"  # 年度报告 in GBK, as Dede wants

THEME = SiteTheme(
    site_name="陇西县人民政府",
    host=HOST,
    site_code="6211220001",
    icp="陇ICP备05002087号",
    organizer="陇西县人民政府办公室",
    charset="",
    phone="0932-6622154",
    address="陇西县巩昌镇北关路1号",
    nav=(
        ("首页", "/"),
        ("政务公开", "/a/xxgk/"),
        ("政府信息公开年报", COLUMN),
        ("统计信息", "/a/tjxx/"),
        ("历史信息", "/archive/2024/03/"),
    ),
)


def _spec(key, aid, year, published, form, style, title, **kw) -> tuple[ReportSpec, int]:
    y, m, d = published.split("-")
    spec = ReportSpec(
        key=key,
        path=f"{COLUMN}{y}/{m}{d}/{aid}.html",
        title=title,
        agency=NAME,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level="county",
        style=style,
        office="陇西县人民政府办公室",
        address="陇西县巩昌镇北关路1号",
        phone="0932-6622154",
        **kw,
    )
    return spec, aid


REPORTS = [
    _spec(
        "longxi-2023",
        356,
        2023,
        "2024-01-20",
        "2021",
        "word",
        "陇西县2023年政府信息公开工作年度报告",
        contact="杨㛃",
        attachments=(
            Attachment(
                "/uploads/soft/240120/1-240120103215.pdf",
                "陇西县2023年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
    ),
    _spec(
        "longxi-2021",
        301,
        2021,
        "2022-01-28",
        "2021",
        "cms",
        "关于陇西县2021年政府信息公开工作年度报告",
    ),
    _spec(
        "longxi-2019",
        247,
        2019,
        "2020-01-21",
        "2019",
        "plain",
        "陇西县人民政府2019年政府信息公开工作年度报告",
        contact="杨㛃",
    ),
    _spec("longxi-2017", 188, 2017, "2018-03-15", "stats", "cms", "陇西县2017年政府信息公开年报"),
    _spec(
        "longxi-2012",
        96,
        2012,
        "2013-03-28",
        "text",
        "plain",
        "陇西县2012年政府信息公开工作年度报告",
    ),
    _spec(
        "longxi-2009",
        31,
        2009,
        "2010-03-26",
        "text",
        "plain",
        "2009年陇西县政府信息公开工作年度报告",
    ),
]
# Signed in Chinese numerals; the 2009 page shows no other date at all.
_NUMERAL_SIGNATURE = {"longxi-2021", "longxi-2009"}
_UNDATED = {"longxi-2009"}
_CRUMBS = [("主页", "/"), ("政务公开", "/a/xxgk/"), ("政府信息公开年报", COLUMN)]


def _render(spec: ReportSpec, aid: int):
    def render(page: ArticlePage) -> str:
        if spec.key in _NUMERAL_SIGNATURE:
            signed = chinese_date(spec.published)
            page.body_html = page.body_html.replace(
                f'<p style="text-align: right;">{signed}</p>',
                f'<p style="text-align: right;">{dede.numeral_date(spec.published)}</p>',
            )
        return dede.article_page(THEME, page, aid, dated=spec.key not in _UNDATED)

    return render


def build() -> PortalBuild:
    b = SiteBuilder(HOST, charset="gb18030", header_charset=None, server="Apache/2.2.15 (CentOS)")
    portal = PortalBuild(
        id="longxi",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "DedeCMS: /a/xxgk/ndbg/ + list_12_2.html, details /a/xxgk/ndbg/2024/0120/356.html",
            "GB18030 bytes with no declaration at all (no header charset, no meta); a contact "
            "name with 㛃 (4-byte GB18030, not in GBK)",
            "publication date only as text (发布时间：2024年1月20日); the 2009 report has no date "
            "but its signature in Chinese numerals (二〇一〇年三月二十六日)",
            "<title> ends with --陇西县人民政府; titles 关于…年度报告, …政府信息公开年报, 2009年陇西县…",
            "text-only 2009 and 2012 reports, a 2017 统计表, 2019 and 2021 formats",
            "endless month archive /archive/YYYY/MM/ linked from every page's navigation",
            "look-alikes: site-search results page listing reports, 统计年鉴, the list page",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    entries = []
    for spec, aid in REPORTS:
        portal.reports.append(publish_report(b, portal.id, spec, NAME, _render(spec, aid), _CRUMBS))
        entries.append(ListEntry(spec.title, spec.path, spec.published))
    per_page = 4
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)]
    for number, chunk in enumerate(pages, start=1):
        text = dede.list_page(
            THEME, "政府信息公开年报", _CRUMBS, chunk, TYPE_ID, number, len(pages)
        )
        b.page(f"{COLUMN}list_{TYPE_ID}_{number}.html", text)
        if number == 1:
            b.page(COLUMN, text)
            b.page(f"{COLUMN}index.html", text)
    portal.negatives.append(Negative(b.url(COLUMN), "the 政府信息公开年报 list page"))
    b.handler("/plus/search.php", _search(b, entries))
    portal.negatives.append(Negative(b.url(SEARCH), "site-search results listing reports"))
    _yearbook(b, portal)
    _furniture(b, portal)
    return portal


def _yearbook(b: SiteBuilder, portal: PortalBuild) -> None:
    path = "/a/tjxx/2023/0815/402.html"
    title = "陇西县统计年鉴（2023）"
    crumbs = [("主页", "/"), ("统计信息", "/a/tjxx/")]
    page = ArticlePage(
        path,
        title,
        "2023-08-15",
        looks.statistical_yearbook("陇西县", 2023),
        "陇西县统计局",
        crumbs,
    )
    b.page(path, dede.article_page(THEME, page, 402))
    b.page(
        "/a/tjxx/",
        dede.list_page(THEME, "统计信息", crumbs, [ListEntry(title, path, "2023-08-15")], 15, 1, 1),
    )
    portal.negatives.append(Negative(b.url(path), "统计年鉴 (statistical yearbook)"))


def _search(b: SiteBuilder, entries: list[ListEntry]):
    def handler(request: Request) -> Response:
        items = "".join(
            f'<li><a href="{e.href}">{e.title}</a> <span>{e.date}</span></li>' for e in entries
        )
        body = f'<div class="resultbox"><p>共找到{len(entries)}条记录：</p><ul>{items}</ul></div>'
        return b.html_response(dede.simple_page(THEME, "搜索结果", [("主页", "/")], body))

    return handler


def _archive(b: SiteBuilder):
    """/archive/YYYY/MM/: 历史信息 by month, each linking the month before and after."""

    def handler(request: Request) -> Response:
        parts = [p for p in request.path.split("/") if p]
        try:
            year, month = int(parts[1]), int(parts[2])
            if not 1 <= month <= 12:
                raise ValueError
        except (IndexError, ValueError):
            year, month = 2024, 3
        prev_ym = (year - 1, 12) if month == 1 else (year, month - 1)
        next_ym = (year + 1, 1) if month == 12 else (year, month + 1)
        body = (
            f"<p>{year}年{month}月暂无历史信息。</p>"
            f'<p><a href="/archive/{prev_ym[0]}/{prev_ym[1]:02d}/">上个月</a> '
            f'<a href="/archive/{next_ym[0]}/{next_ym[1]:02d}/">下个月</a></p>'
        )
        return b.html_response(dede.simple_page(THEME, "历史信息", [("主页", "/")], body))

    return handler


def _furniture(b: SiteBuilder, portal: PortalBuild) -> None:
    home = dede.simple_page(
        THEME,
        "首页",
        [("主页", "/")],
        f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li><li><a href="/a/xxgk/">政务公开</a></li>'
        f'<li><a href="/a/tjxx/">统计信息</a></li></ul><p>热门搜索：<a href="{SEARCH}">年度报告</a></p>',
    )
    b.page("/", home)
    b.page("/index.html", home)
    b.page(
        "/a/xxgk/",
        dede.simple_page(
            THEME,
            "政务公开",
            [("主页", "/")],
            f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>',
        ),
    )
    b.prefix_handler("/archive/", _archive(b))
    b.text("/plus/count.php", "document.write('1');", "application/javascript")
    b.text("/templets/default/style/dedecms.css", "body{margin:0}\n", "text/css")
    b.text(
        "/robots.txt", "User-agent: *\nDisallow: /data/\nDisallow: /dede/\nDisallow: /include/\n"
    )
    portal.traps.append(b.url("/archive/"))
