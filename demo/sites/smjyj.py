"""三明市教育局 (jyj.sm.gov.cn): a department's own TRS site; header without a charset.

Exercises: a department portal (agency = the bureau), ``Content-Type: text/html`` with the
charset only in the meta tag, 统计表-era reports (2014, 2018 with blank zeros), 2019 and 2021
formats, and look-alikes (an education statistics bulletin, a notice telling schools to report).
"""

from __future__ import annotations

from functools import partial

from demo.sites import chrome_trs as trs
from demo.sites import lookalikes
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder

HOST = "jyj.sm.gov.cn"
NAME = "三明市教育局"
REGION = "福建省三明市"
COLUMN = "/zwgk/zfxxgknb/"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="3504000012",
    icp="闽ICP备05004567号-2",
    police="闽公网安备 35040202000321号",
    organizer="三明市教育局",
    undertaker="三明市教育局办公室",
    phone="0598-8232170",
    accent="#1f7a3a",
    nav=(
        ("首页", "/"),
        ("教育资讯", "/jyzx/"),
        ("政务公开", "/zwgk/"),
        ("政府信息公开", "/zwgk/zfxxgk/"),
        ("互动交流", "/hdjl/"),
    ),
)


def _spec(year: int, published: str, tid: str, form: str, style: str, **extra) -> ReportSpec:
    month = published[:7].replace("-", "")
    return ReportSpec(
        key=f"smjyj-{year}",
        path=f"{COLUMN}{month}/t{published.replace('-', '')}_{tid}.htm",
        title=f"三明市教育局{year}年度政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level="department",
        style=style,
        office="三明市教育局办公室",
        phone="0598-8232170",
        index_no=f"XM00109-0300-{published[:4]}-{tid[-5:]}",
        **extra,
    )


REPORTS = [
    _spec(2014, "2015-03-20", "1045521", "stats", "plain"),
    _spec(2018, "2019-03-25", "1388410", "stats", "word", zero_blank=True),
    _spec(2020, "2021-01-26", "1597700", "2019", "cms"),
    _spec(2022, "2023-01-17", "1842236", "2021", "word", posted_by="局办公室"),
]

_CRUMBS_COLUMN = [
    ("首页", "/"),
    ("政务公开", "/zwgk/"),
    ("政府信息公开", "/zwgk/zfxxgk/"),
    ("政府信息公开年度报告", COLUMN),
]
_SIDE = [("政府信息公开年度报告", COLUMN), ("通知公告", "/zwgk/tzgg/"), ("统计信息", "/zwgk/tjxx/")]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, header_charset=None, server="TRS Web Server")
    portal = PortalBuild(
        id="smjyj",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "a department's own portal: agency is the bureau, region its city",
            "Content-Type without charset; charset only in <meta>; .htm details",
            "统计表 reports (2014; 2018 with blank zeros), 2019 and 2021 formats",
            "look-alikes: 教育事业发展统计公报, a notice telling schools to report",
        ],
        download_delay=0.5,
        max_pages=50,
    )
    entries = []
    for spec in REPORTS:
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                NAME,
                lambda page: trs.article_page(THEME, page, "政府信息公开年度报告"),
                _CRUMBS_COLUMN,
                topic="教育\\其他",
            )
        )
        entries.append(ListEntry(spec.title, "./" + spec.path.removeprefix(COLUMN), spec.published))
    entries.sort(key=lambda e: e.date, reverse=True)
    text = trs.column_page(THEME, "政府信息公开年度报告", _CRUMBS_COLUMN, entries, 0, 1, _SIDE)
    b.page(COLUMN, text)
    b.page(COLUMN + "index.htm", text)
    _lookalikes(b, portal)
    _furniture(b)
    return portal


def _lookalikes(b: SiteBuilder, portal: PortalBuild) -> None:
    for column, column_name, path, title, date, body, why in (
        (
            "/zwgk/tjxx/",
            "统计信息",
            "/zwgk/tjxx/202404/t20240412_1987654.htm",
            "2023年三明市教育事业发展统计公报",
            "2024-04-12",
            lookalikes.stats_bulletin("三明市", 2023),
            "统计公报 of the education sector",
        ),
        (
            "/zwgk/tzgg/",
            "通知公告",
            "/zwgk/tzgg/202312/t20231205_1955120.htm",
            "三明市教育局关于报送2023年度政府信息公开工作年度报告的通知",
            "2023-12-05",
            lookalikes.compile_notice("三明市教育局", 2023, "明教办〔2023〕88号"),
            "notice asking schools to submit their annual reports",
        ),
    ):
        crumbs = [("首页", "/"), ("政务公开", "/zwgk/"), (column_name, column)]
        page = ArticlePage(path, title, date, body, NAME, crumbs)
        b.page(path, trs.article_page(THEME, page, column_name))
        listing = trs.column_page(
            THEME, column_name, crumbs, [ListEntry(title, path, date)], 0, 1, _SIDE
        )
        b.page(column, listing)
        portal.negatives.append(Negative(b.url(path), why))


def _furniture(b: SiteBuilder) -> None:
    links = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in _SIDE)
    home = trs.simple_page(THEME, "首页", [("首页", "/")], f"<h3>政务公开</h3><ul>{links}</ul>")
    b.page("/", home)
    b.page("/index.htm", home)
    b.static_pages(
        partial(trs.simple_page, THEME),
        (
            ("/zwgk/", "政务公开", f"<ul>{links}</ul>"),
            ("/zwgk/zfxxgk/", "政府信息公开", f"<ul>{links}</ul>"),
            ("/jyzx/", "教育资讯", "<p>全市中小学开学工作平稳有序。</p>"),
            ("/hdjl/", "互动交流", "<p>局长信箱。</p>"),
            ("/bsfw/", "办事服务", "<p>教师资格认定。</p>"),
            ("/zjcs/", "走进三明", "<p>三明，中国绿都。</p>"),
            ("/wzdt/", "网站地图", f"<ul>{links}</ul>"),
            ("/lxwm/", "联系我们", "<p>电话：0598-8232170</p>"),
            ("/syhj/", "使用帮助", "<p>使用帮助。</p>"),
            ("/yszc/", "隐私声明", "<p>隐私声明。</p>"),
            ("/mobile/", "手机版", "<p>手机版。</p>"),
        ),
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /was5/\n")
    b.text("/js/page.js", trs.PAGE_JS, "application/javascript")
    b.text("/js/jquery-1.11.3.min.js", "/* jQuery stub */\n", "application/javascript")
    b.text("/images/base.css", trs.CSS, "text/css")
