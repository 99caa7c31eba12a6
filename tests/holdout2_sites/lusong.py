"""株洲市芦淞区人民政府 (www.lusong.gov.cn): an ASP.NET WebForms portal on IIS.

The 政府信息公开年报 list ``/Category/List.aspx?cid=37`` shows three items; pages 2 and 3 exist
only as ``javascript:__doPostBack('…AspNetPager1','2')``, i.e. a POST of the page's form. A title
spells its year in Chinese numerals; dates are printed 2024年01月26日.
"""

from __future__ import annotations

from demo.server import Request, Response
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.holdout2_sites import chrome_aspnet as asp
from tests.holdout2_sites import lookalike_texts as looks

HOST = "www.lusong.gov.cn"
NAME = "株洲市芦淞区人民政府"
REGION = "湖南省株洲市芦淞区"
LIST = "/Category/List.aspx"
REPORT_CID = 37
_PER_PAGE = 3

THEME = SiteTheme(
    site_name="株洲市芦淞区人民政府",
    host=HOST,
    site_code="4302030001",
    icp="湘ICP备05001396号",
    organizer="株洲市芦淞区人民政府办公室",
    nav=(
        ("首页", "/Default.aspx"),
        ("政务公开", f"{LIST}?cid=30"),
        ("政府信息公开年报", f"{LIST}?cid={REPORT_CID}"),
    ),
)
_CRUMBS = [("首页", "/Default.aspx"), ("政府信息公开年报", f"{LIST}?cid={REPORT_CID}")]


def _spec(key, item, year, published, form, style, title, **kw) -> ReportSpec:
    return ReportSpec(
        key=key,
        path=f"/Item/{item}.aspx",
        title=title,
        agency=NAME,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level="district",
        style=style,
        office="株洲市芦淞区人民政府办公室",
        phone="0731-28102345",
        **kw,
    )


REPORTS = [
    _spec(
        "lusong-2023",
        48213,
        2023,
        "2024-01-26",
        "2021",
        "word",
        "株洲市芦淞区人民政府2023年政府信息公开工作年度报告",
    ),
    _spec(
        "lusong-2022",
        45102,
        2022,
        "2023-01-19",
        "2021",
        "cms",
        "株洲市芦淞区二〇二二年度政府信息公开工作年度报告",
    ),
    _spec(
        "lusong-2020",
        38876,
        2020,
        "2021-01-22",
        "2019",
        "plain",
        "芦淞区2020年政府信息公开工作年度报告",
    ),
    _spec(
        "lusong-2017",
        27731,
        2017,
        "2018-03-20",
        "stats",
        "plain",
        "株洲市芦淞区2017年政府信息公开工作年度报告",
    ),
    _spec(
        "lusong-2014",
        19254,
        2014,
        "2015-03-26",
        "stats",
        "cms",
        "株洲市芦淞区2014年政府信息公开工作年度报告",
        zero_blank=True,
    ),
]


def build() -> PortalBuild:
    b = SiteBuilder(
        HOST,
        server="Microsoft-IIS/7.5",
        extra_headers=(("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET")),
    )
    portal = PortalBuild(
        id="lusong",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "ASP.NET WebForms: the report list's pages 2 and 3 are reachable only by "
            "__doPostBack (a POST of the form with __EVENTTARGET/__EVENTARGUMENT)",
            "details /Item/48213.aspx; dates printed 2024年01月26日 in the info line",
            "title with the year in Chinese numerals (二〇二二年度)",
            "统计表 2014 (blank zeros) and 2017; 2019 and 2021 formats",
            "look-alikes in the report list: 部门整体支出绩效自评报告, a 统计年报 notice",
        ],
        download_delay=0.5,
        max_pages=40,
    )
    entries = []
    for spec in REPORTS:
        render = lambda p, path=spec.path: asp.article_page(THEME, p, f".{path[5:]}")  # noqa: E731
        portal.reports.append(publish_report(b, portal.id, spec, NAME, render, _CRUMBS))
        entries.append(ListEntry(spec.title, spec.path, spec.published))
    for item, title, date, body, why in (
        (
            49530,
            "芦淞区2023年度部门整体支出绩效自评报告",
            "2024-04-15",
            looks.performance_self_evaluation("株洲市芦淞区人民政府办公室", 2023),
            "部门整体支出绩效自评报告, in the report list",
        ),
        (
            47788,
            "关于做好2023年统计年报和2024年定期统计报表布置工作的通知",
            "2023-11-08",
            looks.statistics_annual_notice("株洲市芦淞区统计局", 2023),
            "统计年报 notice, in the report list",
        ),
    ):
        path = f"/Item/{item}.aspx"
        page = ArticlePage(path, title, date, body, "株洲市芦淞区人民政府办公室", _CRUMBS)
        b.page(path, asp.article_page(THEME, page, f"./{item}.aspx"))
        entries.append(ListEntry(title, path, date))
        portal.negatives.append(Negative(b.url(path), why))
    entries.sort(key=lambda e: e.date, reverse=True)
    b.handler(LIST, _lists(b, entries))
    home = asp.simple_page(
        THEME,
        "首页",
        [("首页", "/Default.aspx")],
        f'<ul><li><a href="{LIST}?cid=30">政务公开</a></li>'
        f'<li><a href="{LIST}?cid={REPORT_CID}">政府信息公开年报</a></li></ul>',
        "./Default.aspx",
    )
    b.page("/", home)
    b.page("/Default.aspx", home)
    b.text("/App_Themes/Default/main.css", "body{margin:0}\n", "text/css")
    b.text(
        "/robots.txt",
        "User-agent: Baiduspider\nDisallow:\n\nUser-agent: *\nDisallow: /admin/\n"
        "Disallow: /Search/\nCrawl-delay: 1\n",
    )
    return portal


def _lists(b: SiteBuilder, entries: list[ListEntry]):
    """GET shows page 1; a postback from the pager (POST) shows the page it asks for."""
    pages = [entries[i : i + _PER_PAGE] for i in range(0, len(entries), _PER_PAGE)]

    def handler(request: Request) -> Response:
        cid = request.args().get("cid", "")
        action = f"./List.aspx?cid={cid}"
        if cid == "30":
            body = f'<ul><li><a href="{LIST}?cid={REPORT_CID}">政府信息公开年报</a></li></ul>'
            crumbs = [("首页", "/Default.aspx"), ("政务公开", f"{LIST}?cid=30")]
            return b.html_response(asp.simple_page(THEME, "政务公开", crumbs, body, action))
        if cid != str(REPORT_CID):
            return Response(status=404, headers=[("Content-Type", "text/html")], body=b"")
        number = 1
        form = request.form() if request.method == "POST" else {}
        if form.get("__EVENTTARGET") == asp.PAGER and form.get("__EVENTARGUMENT", "").isdigit():
            number = min(max(int(form["__EVENTARGUMENT"]), 1), len(pages))
        text = asp.list_page(
            THEME, "政府信息公开年报", _CRUMBS, pages[number - 1], action, number, len(pages)
        )
        return b.html_response(text)

    return handler
