"""江油市人民政府 (www.jiangyou.gov.cn): a 方正 portal on Tomcat, GBK.

The home page is a frameset; the 政府信息公开目录 is a tree of catalog nodes, the 年报 node shows
its list in an iframe (``/xxgk/ndbg/list.html``, ``list_2.html``, ``list_3.html`` reached only
through ``javascript:goPage(n)``). Details are ``info.jsp?id=`` pages whose header says UTF-8 over
GBK bytes (the meta says gbk). robots.txt: ``Crawl-delay: 2`` and ``Disallow: /xxgk/bmxxgk/``,
where a department's report sits (listed in the 年报 list).
"""

from __future__ import annotations

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
from tests.holdout2_sites import chrome_founder as fz
from tests.holdout2_sites import lookalike_texts as looks

HOST = "www.jiangyou.gov.cn"
NAME = "江油市人民政府"
REGION = "四川省绵阳市江油市"
# Tomcat's default: the servlet says UTF-8 whatever the JSP wrote.
JSP_HEADER = "UTF-8"

THEME = SiteTheme(
    site_name="江油市人民政府",
    host=HOST,
    site_code="5107810001",
    icp="蜀ICP备05008132号",
    organizer="江油市人民政府办公室",
    charset="gbk",
)

NODES = [
    (1901, "机构概况", "jggk"),
    (1902, "政策法规", "zcfg"),
    (1904, "财政资金", "czzj"),
    (1906, "政府信息公开指南", "gkzn"),
    (1907, "政府信息公开制度", "gkzd"),
    (1908, "政府信息公开年报", "ndbg"),
]
_NDBG_NODE = "/xxgk/catalog.jsp?catId=1908"
_CRUMBS = [
    ("首页", "/main.htm"),
    ("政府信息公开目录", "/xxgk/index.jsp"),
    ("政府信息公开年报", _NDBG_NODE),
]
_PER_PAGE = 3


def _spec(key, year, published, form, style, title=None, folder="/xxgk/", **kw) -> ReportSpec:
    gid = fz.doc_id(key)
    return ReportSpec(
        key=key,
        path=f"{folder}info.jsp?id={gid}",
        title=title or f"江油市{year}年政府信息公开工作年度报告",
        agency=kw.pop("agency", NAME),
        region=REGION,
        year=year,
        published=published,
        form=form,
        level=kw.pop("level", "county"),
        style=style,
        office="江油市人民政府办公室政务公开股",
        phone="0816-3222510",
        index_no=f"008577412/{published[:4]}-{int(gid[:5], 16) % 100000:05d}",
        response={"header_charset": JSP_HEADER},
        **kw,
    )


REPORTS = [
    _spec(
        "jiangyou-2023",
        2023,
        "2024-01-22",
        "2021",
        "word",
        title="江油市人民政府2023年政府信息公开工作年度报告",
        contact="罗堃",
        attachments=(
            Attachment(
                "/xxgk/upload/2024/01/22/1705901234567.docx",
                "江油市人民政府2023年政府信息公开工作年度报告.docx",
                "docx",
            ),
        ),
    ),
    _spec("jiangyou-2022", 2022, "2023-01-30", "2021", "plain", zero_blank=True),
    _spec(
        "jiangyou-2020",
        2020,
        "2021-01-26",
        "2019",
        "cms",
        title="江油市人民政府2020年政府信息公开工作年度报告",
    ),
    _spec(
        "jiangyou-2018",
        2018,
        "2019-03-20",
        "stats",
        "plain",
        title="江油市2018年度政府信息公开工作年度报告",
    ),
    _spec("jiangyou-2015", 2015, "2016-03-25", "stats", "word", zero_blank=True),
    _spec("jiangyou-2010", 2010, "2011-03-28", "text", "plain"),
]
# A real report, but under a path robots.txt disallows: it must never be requested.
DISALLOWED = _spec(
    "jiangyou-jyj-2022",
    2022,
    "2023-01-31",
    "2021",
    "plain",
    title="江油市教育局2022年政府信息公开工作年度报告",
    agency="江油市教育局",
    level="department",
    folder="/xxgk/bmxxgk/",
)


def build() -> PortalBuild:
    b = SiteBuilder(HOST, charset="gbk", header_charset=None, server="Apache-Coyote/1.1")
    portal = PortalBuild(
        id="jiangyou",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "frameset home page (top.htm / main.htm); nothing to follow outside the frames",
            "公开目录 tree of catalog.jsp?catId= nodes; the 年报 list is inside an <iframe>",
            "list.html / list_2.html / list_3.html reached only through javascript:goPage(n); "
            "relative ../info.jsp?id= links from the iframe page",
            "info.jsp pages: header text/html;charset=UTF-8 over GBK bytes, meta says gbk",
            "robots.txt Crawl-delay: 2 and Disallow: /xxgk/bmxxgk/ (a department report listed "
            "in the 年报 list sits there)",
            "统计表 2015 (blank zeros) and 2018, text-only 2010, 2019 and 2021 formats",
            "look-alikes: 法治政府建设年度报告 in the 年报 list, 政务公开工作要点 in 制度",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    entries: list[ListEntry] = []
    for spec in REPORTS:
        render = lambda p: fz.article_page(THEME, p)  # noqa: E731
        portal.reports.append(publish_report(b, portal.id, spec, NAME, render, _CRUMBS))
        entries.append(
            ListEntry(spec.title, "../" + spec.path.removeprefix("/xxgk/"), spec.published)
        )
    publish_report(b, portal.id, DISALLOWED, NAME, lambda p: fz.article_page(THEME, p), _CRUMBS)
    portal.disallowed.append(b.url(DISALLOWED.path))
    entries.append(ListEntry(DISALLOWED.title, DISALLOWED.path, DISALLOWED.published))
    rule_of_law = f"/xxgk/info.jsp?id={fz.doc_id('jiangyou-fzzf-2022')}"
    _article(
        b,
        rule_of_law,
        "江油市2022年度法治政府建设年度报告",
        "2023-02-27",
        lookalikes.rule_of_law_report(NAME, 2022),
        _CRUMBS,
    )
    entries.append(
        ListEntry("江油市2022年度法治政府建设年度报告", "../" + rule_of_law[6:], "2023-02-27")
    )
    portal.negatives.append(Negative(b.url(rule_of_law), "法治政府建设年度报告, in the 年报 list"))
    entries.sort(key=lambda e: e.date, reverse=True)
    pages = [entries[i : i + _PER_PAGE] for i in range(0, len(entries), _PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        name = "list.html" if number == 1 else f"list_{number}.html"
        b.page(
            f"/xxgk/ndbg/{name}",
            fz.list_frame(THEME, "政府信息公开年报", chunk, number, len(pages)),
        )
    portal.negatives.append(
        Negative(b.url("/xxgk/ndbg/list.html"), "the 年报 list page itself (inside the iframe)")
    )
    _catalog(b, portal)
    _furniture(b)
    return portal


def _article(b: SiteBuilder, path: str, title: str, date: str, body: str, crumbs) -> None:
    gid = path.rsplit("=", 1)[-1]
    page = ArticlePage(
        path,
        title,
        date,
        body,
        "江油市人民政府办公室",
        crumbs,
        index_no=f"008577412/{date[:4]}-{int(gid[:5], 16) % 100000:05d}",
    )
    b.page(path, fz.article_page(THEME, page), header_charset=JSP_HEADER)


def _catalog(b: SiteBuilder, portal: PortalBuild) -> None:
    b.page(
        "/xxgk/index.jsp",
        fz.catalog_tree(THEME, [(c, n) for c, n, _ in NODES], _CRUMBS[:2]),
        header_charset=JSP_HEADER,
    )
    points = f"/xxgk/info.jsp?id={fz.doc_id('jiangyou-yd-2023')}"
    crumbs = [*_CRUMBS[:2], ("政府信息公开制度", "/xxgk/catalog.jsp?catId=1907")]
    _article(
        b,
        points,
        "江油市2023年政务公开工作要点",
        "2023-04-12",
        looks.work_points("江油市人民政府办公室", 2023),
        crumbs,
    )
    portal.negatives.append(Negative(b.url(points), "政务公开工作要点, in the 制度 node"))
    guide = f"/xxgk/info.jsp?id={fz.doc_id('jiangyou-zn')}"
    crumbs = [*_CRUMBS[:2], ("政府信息公开指南", "/xxgk/catalog.jsp?catId=1906")]
    _article(
        b,
        guide,
        "江油市人民政府政府信息公开指南",
        "2021-06-01",
        "<p>公民、法人和其他组织可以通过信函、网络等方式申请获取政府信息。</p>",
        crumbs,
    )
    lists = {
        "gkzd": [ListEntry("江油市2023年政务公开工作要点", "../" + points[6:], "2023-04-12")],
        "gkzn": [ListEntry("江油市人民政府政府信息公开指南", "../" + guide[6:], "2021-06-01")],
    }
    for cat, name, code in NODES:
        crumbs = [*_CRUMBS[:2], (name, f"/xxgk/catalog.jsp?catId={cat}")]
        b.page(
            f"/xxgk/catalog.jsp?catId={cat}",
            fz.catalog_node(THEME, name, f"/xxgk/{code}/list.html", crumbs),
            header_charset=JSP_HEADER,
        )
        if code != "ndbg":
            b.page(f"/xxgk/{code}/list.html", fz.list_frame(THEME, name, lists.get(code, []), 1, 1))


def _furniture(b: SiteBuilder) -> None:
    nav = (
        ("网站首页", "/main.htm"),
        ("政府信息公开", "/xxgk/index.jsp"),
        ("互动交流", "/hdjl/index.htm"),
        ("走进江油", "/zjjy/index.htm"),
    )
    b.page("/", fz.frameset_home(THEME))
    b.page("/index.html", fz.frameset_home(THEME))
    b.page("/top.htm", fz.top_frame(THEME, nav))
    main = (
        '<table width="100%"><tr><td width="50%" valign="top"><div class="bt">江油要闻</div>'
        "<ul><li>市政府召开常务会议研究部署春季农业生产</li><li>我市开展安全生产大检查</li></ul></td>"
        '<td valign="top"><div class="bt">政务公开</div><ul>'
        '<li><a href="/xxgk/index.jsp">政府信息公开目录</a></li>'
        '<li><a href="/xxgk/catalog.jsp?catId=1906">政府信息公开指南</a></li></ul></td></tr></table>'
    )
    b.page("/main.htm", fz.simple_page(THEME, "网站首页", [("首页", "/main.htm")], main))
    b.page(
        "/hdjl/index.htm",
        fz.simple_page(THEME, "互动交流", [("首页", "/main.htm")], "<p>市长信箱</p>"),
    )
    b.page(
        "/zjjy/index.htm",
        fz.simple_page(THEME, "走进江油", [("首页", "/main.htm")], "<p>李白故里。</p>"),
    )
    b.text("/js/gopage.js", fz.GO_PAGE_JS, "application/javascript")
    b.text("/css/style.css", "body{font-size:12px}\n", "text/css")
    b.text("/robots.txt", "User-agent: *\nCrawl-delay: 2\nDisallow: /xxgk/bmxxgk/\n")
