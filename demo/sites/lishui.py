"""丽水市人民政府 (www.lishui.gov.cn): a Hanweb portal whose report list exists only after JavaScript.

The column page carries an empty ``<div id="list">`` and a script that POSTs to
``/module/web/jpage/dataproxy.jsp``; the answer is Hanweb's XML (``<datastore><recordset>
<record><![CDATA[<li>…</li>]]>``). Also: a 2024 report (published 2025), a WPS attachment, and a
法治政府建设 "annual report" look-alike.
"""

from __future__ import annotations

from functools import partial

from demo.server import Request, Response
from demo.sites import chrome_hanweb as hanweb
from demo.sites import lookalikes
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
from demo.sites.site_builder import SiteBuilder

HOST = "www.lishui.gov.cn"
NAME = "丽水市人民政府"
REGION = "浙江省丽水市"
COL, UNIT = 1229286631, 5849342
COLUMN = f"/col/col{COL}/index.html"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="3311000003",
    icp="浙ICP备05010358号",
    police="浙公网安备 33110202000288号",
    organizer="丽水市人民政府办公室",
    phone="0578-2091265",
    accent="#1561ad",
    nav=(
        ("首页", "/"),
        ("政务公开", "/col/col1229286620/index.html"),
        ("政府信息公开", "/col/col1229286620/index.html"),
        ("互动交流", "/col/col1229286660/index.html"),
    ),
)

_OFFICE = dict(office="丽水市人民政府办公室", address="丽水市莲都区花园路1号", phone="0578-2091265")


def _report(year: int, published: str, art: int, form: str, style: str, **extra) -> ReportSpec:
    y, m, d = (int(x) for x in published.split("-"))
    return ReportSpec(
        key=f"lishui-{year}",
        path=f"/art/{y}/{m}/{d}/art_{COL}_{art}.html",
        title=f"丽水市{year}年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level="city",
        style=style,
        index_no=f"001008003012/{y}-{art % 100000:05d}",
        **_OFFICE,
        **extra,
    )


REPORTS = [
    _report(2019, "2020-01-21", 41235678, "2019", "word"),
    _report(2020, "2021-01-27", 45120983, "2019", "cms"),
    _report(2021, "2022-01-20", 50781234, "2021", "word"),
    _report(2022, "2023-01-18", 55902345, "2021", "plain", zero_blank=True),
    _report(
        2023,
        "2024-01-19",
        59123456,
        "2021",
        "cms",
        attachments=(
            Attachment(
                "/module/download/downfile.jsp?classid=0&filename=2401191130552.pdf",
                "丽水市2023年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
    ),
    _report(
        2024,
        "2025-01-20",
        63345678,
        "2021",
        "word",
        posted_by="丽水市人民政府办公室",
        attachments=(
            Attachment(
                "/attach/1/2501201545123.wps", "丽水市2024年政府信息公开工作年度报告.wps", "wps"
            ),
        ),
    ),
]

_CRUMBS_XXGK = [("首页", "/"), ("政府信息公开", "/col/col1229286620/index.html")]
_CRUMBS_COLUMN = [*_CRUMBS_XXGK, ("政府信息公开年报", COLUMN)]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="Apache-Coyote/1.1")
    portal = PortalBuild(
        id="lishui",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "report list only after JavaScript: empty <div id=list> + POST to "
            "/module/web/jpage/dataproxy.jsp returning Hanweb XML with CDATA records",
            "2019-2024 reports (the 2024 one published in 2025)",
            "PDF via downfile.jsp, a WPS attachment",
            "look-alike: 法治政府建设年度报告 (another kind of annual report), news item",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    entries = []
    for spec in REPORTS:
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                NAME,
                lambda page: hanweb.article_page(THEME, page, "政府信息公开年报"),
                _CRUMBS_COLUMN,
            )
        )
        entries.append(ListEntry(spec.title, spec.path, spec.published))
    entries.sort(key=lambda e: e.date, reverse=True)
    b.page(COLUMN, hanweb.js_column_page(THEME, COL, UNIT, "政府信息公开年报", _CRUMBS_COLUMN))
    b.handler(hanweb.DATAPROXY, _dataproxy(entries))
    _lookalikes(b, portal)
    _furniture(b)
    return portal


def _dataproxy(entries: list[ListEntry]):
    """POST (or GET) dataproxy.jsp?startrecord=1&endrecord=45&perpage=15, form columnid=…."""

    def handler(request: Request) -> Response:
        params = {**request.args(), **request.form()}
        records: list[ListEntry] = []
        if params.get("columnid") == str(COL):
            start = max(1, int(params.get("startrecord", "1") or 1))
            end = int(params.get("endrecord", str(len(entries))) or len(entries))
            records = entries[start - 1 : end]
        body = hanweb.dataproxy_xml(records, COL, UNIT, len(entries) if records else 0)
        headers = [("Content-Type", "text/xml;charset=UTF-8"), ("Cache-Control", "no-cache")]
        return Response(headers=headers, body=body.encode("utf-8"), gzip=True)

    return handler


def _lookalikes(b: SiteBuilder, portal: PortalBuild) -> None:
    rule_col = "/col/col1229286640/index.html"
    news_col = "/col/col1229286650/index.html"
    pages = [
        (
            "/art/2024/3/28/art_1229286640_59321188.html",
            "丽水市人民政府关于2023年度法治政府建设情况的报告",
            "2024-03-28",
            lookalikes.rule_of_law_report(NAME, 2023),
            rule_col,
            "法治政府建设",
            "法治政府建设年度报告: an annual report, but not on information disclosure",
        ),
        (
            "/art/2024/2/2/art_1229286650_59200017.html",
            "我市2023年度政府信息公开工作年度报告按时发布",
            "2024-02-02",
            lookalikes.news_item("丽水市政务公开办", 2023),
            news_col,
            "工作动态",
            "news item about the reports being published",
        ),
    ]
    for path, title, date, body, column, column_name, why in pages:
        crumbs = [*_CRUMBS_XXGK, (column_name, column)]
        page = ArticlePage(path, title, date, body, "丽水市人民政府办公室", crumbs)
        b.page(path, hanweb.article_page(THEME, page, column_name))
        b.page(
            column,
            hanweb.column_page(
                THEME, int(column[8:18]), 7700, column_name, crumbs, [ListEntry(title, path, date)]
            ),
        )
        portal.negatives.append(Negative(b.url(path), why))


def _furniture(b: SiteBuilder) -> None:
    home = hanweb.simple_page(
        THEME,
        NAME,
        [("首页", "/")],
        """<table width="100%"><tr><td><h3>政府信息公开</h3><ul>
<li><a href="/col/col1229286620/index.html">政府信息公开</a></li>
<li><a href="/col/col1229286631/index.html">政府信息公开年报</a></li>
<li><a href="/col/col1229286640/index.html">法治政府建设</a></li>
<li><a href="/col/col1229286650/index.html">工作动态</a></li></ul></td></tr></table>""",
    )
    b.page("/", home)
    b.page("/index.html", home)
    b.static_pages(
        partial(hanweb.simple_page, THEME),
        (
            (
                "/col/col1229286620/index.html",
                "政府信息公开",
                f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li>'
                '<li><a href="/col/col1229286640/index.html">法治政府建设</a></li></ul>',
            ),
            ("/col/col1229286660/index.html", "互动交流", "<p>12345政务服务便民热线。</p>"),
            ("/col/col4100/index.html", "关于我们", "<p>丽水市人民政府门户网站。</p>"),
            (
                "/col/col4101/index.html",
                "网站地图",
                f'<p><a href="{COLUMN}">政府信息公开年报</a></p>',
            ),
            ("/col/col4102/index.html", "联系我们", "<p>电话：0578-2091265</p>"),
        ),
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /jrobot/\n")
    b.text("/module/jslib/jpage/jpage.js", hanweb.JPAGE_JS, "application/javascript")
    b.text("/module/jslib/jquery/jquery.js", "/* jQuery stub */\n", "application/javascript")
    b.text("/script/0/1809261619358429.css", "body{font-size:12px}\n", "text/css")
