"""会昌县人民政府: the portal (www.huichang.gov.cn) sends readers to a separate 政府信息公开平台 on
xxgk.huichang.gov.cn, where 年度报告 (``/ndbg/``) lists items in a 索引号 table and details are
``detail.jsp?id=…`` query URLs, in GBK.
"""

from __future__ import annotations

from demo.sites import lookalikes
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.holdout_sites import chrome_plain_cms as cms

WWW = "www.huichang.gov.cn"
XXGK = "xxgk.huichang.gov.cn"
NAME = "会昌县人民政府"
REGION = "江西省赣州市会昌县"

THEME = SiteTheme(
    site_name="会昌县政府信息公开平台",
    host=XXGK,
    site_code="3607330001",
    icp="赣ICP备05003321号",
    organizer="会昌县人民政府办公室",
    charset="gbk",
)
PORTAL_THEME = SiteTheme(
    site_name="会昌县人民政府",
    host=WWW,
    site_code="3607330001",
    icp="赣ICP备05003321号",
    organizer="会昌县人民政府办公室",
    charset="utf-8",
)


def _spec(key, year, published, number, form, style, agency=NAME, **kw):
    return ReportSpec(
        key=key,
        path=f"/ndbg/detail.jsp?id=HC{published[:4]}-{number:05d}",
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        region=kw.pop("region", REGION),
        year=year,
        published=published,
        form=form,
        level=kw.pop("level", "county"),
        style=style,
        phone="0797-5622156",
        index_no=f"014504073/{published[:4]}-{number:05d}",
        **kw,
    )


REPORTS = [
    _spec("hc-2011", 2011, "2012-03-28", 312, "text", "plain"),
    _spec("hc-2016", 2016, "2017-03-22", 2207, "stats", "plain", zero_blank=True),
    _spec("hc-2020", 2020, "2021-01-27", 5120, "2019", "word"),
    _spec("hc-2022", 2022, "2023-01-16", 7311, "2021", "cms"),
    _spec(
        "hc-jmlz-2022",
        2022,
        "2023-01-20",
        7402,
        "2021",
        "plain",
        agency="会昌县筠门岭镇人民政府",
        level="town",
        region="江西省赣州市会昌县筠门岭镇",
    ),
]

_CRUMBS = [("首页", "http://xxgk.huichang.gov.cn/"), ("年度报告", "/ndbg/index.htm")]


def build() -> PortalBuild:
    www = SiteBuilder(WWW, server="nginx")
    b = SiteBuilder(XXGK, charset="gbk", header_charset="GBK", server="Apache-Coyote/1.1")
    portal = PortalBuild(
        id="huichang",
        name=NAME,
        start_urls=[f"http://{WWW}/"],
        sites=[www.site, b.site],
        exercises=[
            "open-information section on a subdomain (xxgk.huichang.gov.cn) linked from www",
            "ndbg / 年度报告 wording; a 索引号 table list; detail.jsp?id= query URLs; GBK",
            "text-only 2011 report, 统计表 2016 report with blank zeros",
            "look-alikes: 部门决算, 法治政府建设年度报告 in the same list",
        ],
        download_delay=0.5,
        max_pages=40,
    )
    rows = []
    for spec in REPORTS:
        portal.reports.append(
            publish_report(
                b, portal.id, spec, "会昌县人民政府", lambda p: cms.article_page(THEME, p), _CRUMBS
            )
        )
        rows.append((spec.index_no, ListEntry(spec.title, spec.path, spec.published)))
    for number, title, date, body, why in (
        (
            7510,
            "会昌县人民政府办公室2022年度部门决算",
            "2023-08-30",
            lookalikes.final_accounts("会昌县人民政府办公室", 2022),
            "部门决算 in the 年度报告 list",
        ),
        (
            7533,
            "会昌县2022年度法治政府建设年度报告",
            "2023-03-15",
            lookalikes.rule_of_law_report(NAME, 2022),
            "法治政府建设年度报告 in the 年度报告 list",
        ),
    ):
        path = f"/ndbg/detail.jsp?id=HC2023-{number:05d}"
        page = ArticlePage(
            path, title, date, body, NAME, _CRUMBS, index_no=f"014504073/2023-{number:05d}"
        )
        b.page(path, cms.article_page(THEME, page))
        rows.append((page.index_no, ListEntry(title, path, date)))
        portal.negatives.append(Negative(b.url(path), why))
    rows.sort(key=lambda r: r[1].date, reverse=True)
    b.page("/ndbg/index.htm", cms.index_table_page(THEME, "年度报告", _CRUMBS, rows))
    tree = (
        '<ul class="tree"><li><a href="/zn/index.htm">政府信息公开指南</a></li>'
        '<li><a href="/zd/index.htm">政府信息公开制度</a></li>'
        '<li><a href="/ndbg/index.htm">政府信息公开年度报告</a></li></ul>'
    )
    b.page("/", cms.simple_page(THEME, "首页", [("首页", "/")], tree))
    b.page(
        "/zn/index.htm", cms.simple_page(THEME, "政府信息公开指南", _CRUMBS[:1], "<p>指南。</p>")
    )
    b.page(
        "/zd/index.htm", cms.simple_page(THEME, "政府信息公开制度", _CRUMBS[:1], "<p>制度。</p>")
    )
    b.page("/zwgk/", cms.simple_page(THEME, "政务公开", _CRUMBS[:1], tree))
    b.page("/hdjl/", cms.simple_page(THEME, "互动交流", _CRUMBS[:1], "<p>县长信箱</p>"))
    b.text("/robots.txt", "User-agent: *\nDisallow:\n")
    www.page(
        "/",
        cms.simple_page(
            PORTAL_THEME,
            "首页",
            [("首页", "/")],
            f'<ul><li><a href="http://{XXGK}/">政府信息公开</a></li><li><a href="/zwgk/">政务公开</a></li></ul>',
        ),
    )
    www.page(
        "/zwgk/",
        cms.simple_page(
            PORTAL_THEME,
            "政务公开",
            [("首页", "/")],
            f'<a href="http://{XXGK}/">政府信息公开平台</a>',
        ),
    )
    www.page(
        "/hdjl/", cms.simple_page(PORTAL_THEME, "互动交流", [("首页", "/")], "<p>县长信箱</p>")
    )
    www.text("/robots.txt", "User-agent: *\nDisallow:\n")
    return portal
