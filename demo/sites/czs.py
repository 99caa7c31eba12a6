"""郴州市人民政府 (www.czs.gov.cn): a TRS city portal, UTF-8, the demo's politeness test bed.

Exercises: createPageHTML-only pagination (3 pages), robots.txt Disallow + Crawl-delay 1, an
endless calendar, a 301 from an old URL, a 404 report link, gzip and gzip+chunked pages, two
Set-Cookie and two Link headers, PDF/DOCX/XLS attachments, an external aggregator link (502),
department reports in a sub-column, and six look-alikes including an aggregator copy.
"""

from __future__ import annotations

import datetime
from functools import partial
from urllib.parse import quote

from demo.server import Request, Response
from demo.sites import chrome_trs as trs
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

HOST = "www.czs.gov.cn"
NAME = "郴州市人民政府"
REGION = "湖南省郴州市"
COLUMN = "/xxgk/zfxxgknb/"
DEPT_COLUMN = "/xxgk/zfxxgknb/bmnb/"
PREVIEW = "/xxgk/zfxxgknb/preview/t20240110_3599999.html"
SEARCH = "/was5/web/search?channelid=200001&searchword=" + quote("年度报告")
OLD_URL = "/zwgk/tzgg/201603/t20160315_552300.html"
BROKEN = "/xxgk/zfxxgknb/201703/t20170330_1000937.html"
EXTERNAL = "http://www.zwinkt.com/zwgk/art/2018/2/28/art_46355_1634538.html"
CALENDAR_START = "/calendar?date=2024-01-01"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="4310000001",
    icp="湘ICP备05004215号",
    police="湘公网安备 43100202000137号",
    organizer="郴州市人民政府办公室",
    undertaker="郴州市大数据中心",
    phone="0735-2338856",
)

_OFFICE = dict(
    office="郴州市人民政府办公室政务公开科",
    address="郴州市北湖区青年大道市行政中心1号楼",
    phone="0735-2877415",
)

REPORTS = [
    ReportSpec(
        key="czs-2008",
        path="/xxgk/zfxxgknb/200903/t20090325_101236.html",
        title="郴州市2008年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2008,
        published="2009-03-25",
        form="text",
        level="city",
        style="plain",
        index_no="430S00/2009-00312",
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-2012",
        path="/xxgk/zfxxgknb/201303/t20130320_296511.html",
        title="郴州市2012年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2012,
        published="2013-03-20",
        form="text",
        level="city",
        style="plain",
        index_no="430S00/2013-10254",
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-2015",
        path="/xxgk/zfxxgknb/201603/t20160315_552311.html",
        title="郴州市2015年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2015,
        published="2016-03-15",
        form="stats",
        level="city",
        style="plain",
        index_no="430S00/2016-89052",
        seed="chenzhou_2015",
    ),
    ReportSpec(
        key="czs-2017",
        path="/xxgk/zfxxgknb/201803/t20180328_1089544.html",
        title="郴州市2017年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2017,
        published="2018-03-28",
        form="stats",
        level="city",
        style="cms",
        scopes=("本级", "本行政区域"),
        index_no="430S00/2018-21877",
        attachments=(
            Attachment(
                "/xxgk/zfxxgknb/201803/P020180328567891234567.docx",
                "郴州市2017年政府信息公开工作年度报告.docx",
                "docx",
            ),
        ),
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-2019",
        path="/xxgk/zfxxgknb/202001/t20200120_2987312.html",
        title="郴州市2019年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2019,
        published="2020-01-20",
        form="2019",
        level="city",
        style="word",
        index_no="430S00/2020-01137",
        attachments=(
            Attachment(
                "/xxgk/zfxxgknb/202001/P020200120598113652171.pdf",
                "郴州市2019年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-2021",
        path="/xxgk/zfxxgknb/202201/t20220125_3345127.html",
        title="郴州市2021年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2021,
        published="2022-01-25",
        form="2021",
        level="city",
        style="cms",
        index_no="430S00/2022-03311",
        posted_by="市政府办公室",
        response={"chunked": True, "gzip": False},
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-2023",
        path="/xxgk/zfxxgknb/202401/t20240122_3610288.html",
        title="郴州市2023年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2023,
        published="2024-01-22",
        form="2021",
        level="city",
        style="word",
        index_no="430S00/2024-00987",
        posted_by="郴州市人民政府办公室",  # the city's report, posted by its general office
        response={"chunked": True, "chunk_size": 4096},
        attachments=(
            Attachment(
                "/xxgk/zfxxgknb/202401/P020240122377120938457.pdf",
                "郴州市2023年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
            Attachment(
                "/xxgk/zfxxgknb/202401/P020240122377120938460.xls",
                "郴州市2023年政府信息公开工作年度报告统计表.xls",
                "xls",
            ),
        ),
        **_OFFICE,
    ),
    ReportSpec(
        key="czs-jyj-2022",
        path="/xxgk/zfxxgknb/bmnb/202301/t20230128_3467701.html",
        title="郴州市教育局2022年政府信息公开工作年度报告",
        agency="郴州市教育局",
        region=REGION,
        year=2022,
        published="2023-01-28",
        form="2021",
        level="department",
        style="plain",
        zero_blank=True,
        index_no="430S07/2023-00121",
        office="郴州市教育局办公室",
        posted_by="市政府办",  # the portal's office posts the departments' reports
        phone="0735-2222631",
    ),
    ReportSpec(
        key="czs-czj-2020",
        path="/xxgk/zfxxgknb/bmnb/202101/t20210129_3201458.html",
        title="郴州市财政局2020年政府信息公开工作年度报告",
        agency="郴州市财政局",
        region=REGION,
        year=2020,
        published="2021-01-29",
        form="2019",
        level="department",
        style="plain",
        index_no="430S11/2021-00045",
        office="郴州市财政局办公室",
        posted_by="郴州市人民政府办公室",
        phone="0735-2883120",
    ),
]

_CRUMBS_XXGK = [("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开", "/xxgk/")]
_CRUMBS_COLUMN = [*_CRUMBS_XXGK, ("政府信息公开年报", COLUMN)]
_SIDE = [
    ("政府信息公开指南", "/xxgk/xxgkzn/"),
    ("政府信息公开年报", COLUMN),
    ("市直部门年报", DEPT_COLUMN),
    ("政府工作报告", "/zwgk/zfgzbg/"),
    ("统计信息", "/zwgk/tjxx/"),
]
_PER_PAGE = 4


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="nginx/1.20.1")
    portal = PortalBuild(
        id="czs",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "TRS columns with createPageHTML-only pagination (3 pages)",
            "robots.txt Disallow (/was5/, /xxgk/zfxxgknb/preview/) and Crawl-delay: 1",
            "endless calendar trap from the home page",
            "301 from an old URL to a report, 404 report link",
            "gzip pages, a chunked page, a gzip+chunked page",
            "two Set-Cookie and two Link headers on the home page",
            "PDF, DOCX and XLS attachments; external aggregator link (proxy 502)",
            "department reports in a sub-column; seed 002 (郴州 2015) with a 统计表",
            "six look-alikes: compile notice in the report column, 政府工作报告, 统计公报, "
            "two news items, an aggregator copy (seed 001) on a 专题 page",
        ],
        max_pages=90,
    )
    entries: dict[str, list[ListEntry]] = {COLUMN: [], DEPT_COLUMN: []}
    for spec in REPORTS:
        column = DEPT_COLUMN if spec.path.startswith(DEPT_COLUMN) else COLUMN
        crumbs = _CRUMBS_COLUMN + ([("市直部门年报", DEPT_COLUMN)] if column == DEPT_COLUMN else [])
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                NAME,
                lambda page, col=column: trs.article_page(THEME, page, _column_name(col)),
                crumbs,
                relative_links=True,
            )
        )
        entries[column].append(ListEntry(spec.title, _rel(column, spec.path), spec.published))
    _lookalikes(b, portal, entries)
    entries[COLUMN].append(
        ListEntry("郴州市2016年政府信息公开工作年度报告", _rel(COLUMN, BROKEN), "2017-03-30")
    )
    portal.broken_links.append(b.url(BROKEN))
    entries[DEPT_COLUMN].append(
        ListEntry("郴州市2023年政府信息公开工作年度报告（送审稿）", PREVIEW, "2024-01-10")
    )
    _columns(b, entries)
    _furniture(b, portal)
    return portal


def _column_name(column: str) -> str:
    return "市直部门年报" if column == DEPT_COLUMN else "政府信息公开年报"


def _rel(column: str, path: str) -> str:
    return "./" + path.removeprefix(column)


def _article(b: SiteBuilder, path: str, title: str, date: str, body: str, crumbs, **kw) -> None:
    page = ArticlePage(path, title, date, body, kw.pop("source", NAME), crumbs, **kw)
    b.page(path, trs.article_page(THEME, page, crumbs[-1][0]))


def _lookalikes(b: SiteBuilder, portal: PortalBuild, entries: dict[str, list[ListEntry]]) -> None:
    notice = "/xxgk/zfxxgknb/202311/t20231120_3577410.html"
    _article(
        b,
        notice,
        "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知",
        "2023-11-20",
        lookalikes.compile_notice("郴州市人民政府办公室", 2023, "郴政办函〔2023〕61号"),
        _CRUMBS_COLUMN,
        doc_no="郴政办函〔2023〕61号",
        index_no="430S00/2023-29871",
    )
    entries[COLUMN].append(
        ListEntry(
            "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知",
            _rel(COLUMN, notice),
            "2023-11-20",
        )
    )
    singles = [
        (
            "/zwgk/zfgzbg/202402/t20240205_3621770.html",
            "2024年郴州市政府工作报告",
            "2024-02-05",
            lookalikes.work_report("郴州市", 2024, "郴州市人民政府市长　刘　志"),
            "政府工作报告, not the open-information annual report",
        ),
        (
            "/zwgk/tjxx/tjgb/202403/t20240320_3640021.html",
            "郴州市2023年国民经济和社会发展统计公报",
            "2024-03-20",
            lookalikes.stats_bulletin("郴州市", 2023),
            "统计公报 (statistical bulletin)",
        ),
        (
            "/zwgk/gzdt/202312/t20231215_3590032.html",
            "市政务公开办部署2023年度政府信息公开工作年度报告编制发布工作",
            "2023-12-15",
            lookalikes.news_item("郴州市政务公开办", 2023),
            "news item that mentions 年度报告",
        ),
        (
            "/zwgk/gzdt/201603/t20160316_552399.html",
            "我市发布2015年政府信息公开工作年度报告",
            "2016-03-16",
            '<p style="text-indent: 2em;">3月15日，郴州市人民政府门户网站发布《<a href="'
            + OLD_URL
            + '">郴州市2015年政府信息公开工作年度报告</a>》，全面展示了2015年全市政府信息公开'
            "工作情况。报告显示，全市共受理政府信息公开申请921件，办结903件。</p>",
            "news item announcing a report (links to it through an old, redirected URL)",
        ),
    ]
    for path, title, date, body, why in singles:
        section = path.split("/")[2]
        crumbs = [
            ("首页", "/"),
            ("政务公开", "/zwgk/"),
            (_SECTION_NAMES[section], f"/zwgk/{section}/"),
        ]
        _article(b, path, title, date, body, crumbs, source="郴州市人民政府办公室")
        entries.setdefault(f"/zwgk/{section}/", []).append(ListEntry(title, path, date))
        portal.negatives.append(Negative(b.url(path), why))
    aggregator = "/ztzl/zwgkzl/202005/t20200512_2876543.html"
    title, body = lookalikes.aggregator_copy()
    crumbs = [("首页", "/"), ("专题专栏", "/ztzl/"), ("政务公开知识学习", "/ztzl/zwgkzl/")]
    _article(b, aggregator, title, "2020-05-12", body, crumbs, source="中国政务知识百科")
    entries.setdefault("/ztzl/zwgkzl/", []).append(ListEntry(title, aggregator, "2020-05-12"))
    portal.negatives += [
        Negative(b.url(notice), "notice about compiling the annual reports, in the report column"),
        Negative(
            b.url(aggregator),
            "aggregator/encyclopedia copy (seed 001) of another city's report on a 专题 page",
        ),
    ]
    b.redirect(OLD_URL, "http://" + HOST + REPORTS[2].path)
    portal.redirects.append({"from": b.url(OLD_URL), "to": b.url(REPORTS[2].path), "status": 301})


_SECTION_NAMES = {"zfgzbg": "政府工作报告", "tjxx": "统计信息", "gzdt": "工作动态"}


def _columns(b: SiteBuilder, entries: dict[str, list[ListEntry]]) -> None:
    main = sorted(entries.pop(COLUMN), key=lambda e: e.date, reverse=True)
    pages = [main[i : i + _PER_PAGE] for i in range(0, len(main), _PER_PAGE)]
    for index, chunk in enumerate(pages):
        text = trs.column_page(
            THEME, "政府信息公开年报", _CRUMBS_COLUMN, chunk, index, len(pages), _SIDE
        )
        name = "index.html" if index == 0 else f"index_{index}.html"
        b.page(COLUMN + name, text)
        if index == 0:
            b.page(COLUMN, text)
    for column, items in entries.items():
        items = sorted(items, key=lambda e: e.date, reverse=True)
        if column == DEPT_COLUMN:
            name, crumbs = "市直部门年报", [*_CRUMBS_COLUMN, ("市直部门年报", DEPT_COLUMN)]
        elif column.startswith("/ztzl/"):
            name, crumbs = "政务公开知识学习", [("首页", "/"), ("专题专栏", "/ztzl/")]
        else:
            section = column.split("/")[2]
            name = _SECTION_NAMES[section]
            crumbs = [("首页", "/"), ("政务公开", "/zwgk/"), (name, column)]
        text = trs.column_page(THEME, name, crumbs, items, 0, 1, _SIDE)
        b.page(column, text)
        b.page(column + "index.html", text)


def _furniture(b: SiteBuilder, portal: PortalBuild) -> None:
    home = trs.simple_page(
        THEME,
        "首页",
        [("首页", "/")],
        f"""<div class="focus"><h3>政务公开</h3><ul>
<li><a href="/zwgk/gzdt/">工作动态</a></li><li><a href="/zwgk/zfgzbg/">政府工作报告</a></li>
<li><a href="/zwgk/tjxx/">统计信息</a></li><li><a href="/xxgk/">政府信息公开</a></li>
<li><a href="{COLUMN}">政府信息公开年报</a></li></ul></div>
<div class="zt"><h3>专题专栏</h3><ul><li><a href="/ztzl/zwgkzl/">政务公开知识学习</a></li></ul></div>
<div class="calendar"><h3>政务活动日历</h3><a href="{CALENDAR_START}">查看日历</a></div>
<div class="search-hot"><h3>热门搜索</h3><a href="{SEARCH}">年度报告</a></div>
<div class="hdjl"><h3>互动交流</h3><ul><li><a href="/hdjl/">市长信箱</a></li></ul></div>
<div class="links"><h3>友情链接</h3><ul><li><a href="http://www.hunan.gov.cn/" target="_blank">湖南省人民政府</a></li>
<li><a href="{EXTERNAL}" target="_blank">中国政务知识百科</a></li></ul></div>""",
    )
    cookies = (
        ("Set-Cookie", "JSESSIONID=7C1D3E0F2A9B8C7D6E5F4A3B2C1D0E9F; Path=/; HttpOnly"),
        (
            "Set-Cookie",
            "_gscu_1734812379=57120894mzq1ka19; expires=Fri, 21 Nov 2031 07:00:00 GMT; path=/",
        ),
        ("Link", "</images/base.css>; rel=preload; as=style"),
        ("Link", "</js/page.js>; rel=preload; as=script"),
    )
    b.page("/", home, headers=cookies)
    b.page("/index.html", home, headers=cookies)
    portal.external_links += [EXTERNAL, "http://www.hunan.gov.cn/"]
    xxgk = (
        "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in _SIDE)
        + '<li><a href="/xxgk/fdzdgknr/">法定主动公开内容</a></li>'
    )
    b.page("/xxgk/", trs.simple_page(THEME, "政府信息公开", _CRUMBS_XXGK, f"<ul>{xxgk}</ul>"))
    b.page(
        "/zwgk/",
        trs.simple_page(
            THEME,
            "政务公开",
            [("首页", "/"), ("政务公开", "/zwgk/")],
            '<ul><li><a href="/zwgk/gzdt/">工作动态</a></li><li><a href="/zwgk/zfgzbg/">'
            '政府工作报告</a></li><li><a href="/zwgk/tjxx/">统计信息</a></li>'
            '<li><a href="/xxgk/">政府信息公开</a></li></ul>',
        ),
    )
    b.page(
        "/ztzl/",
        trs.simple_page(
            THEME,
            "专题专栏",
            [("首页", "/"), ("专题专栏", "/ztzl/")],
            '<ul><li><a href="/ztzl/zwgkzl/">政务公开知识学习</a></li></ul>',
        ),
    )
    b.static_pages(
        partial(trs.simple_page, THEME),
        (
            (
                "/xxgk/xxgkzn/",
                "政府信息公开指南",
                "<p>公民、法人或者其他组织可通过网络、信函等方式提出申请。</p>",
            ),
            (
                "/xxgk/fdzdgknr/",
                "法定主动公开内容",
                "<p>机构职能、政策文件、规划信息、财政预决算。</p>",
            ),
            ("/bsfw/", "办事服务", '<p>请访问<a href="/hdjl/">互动交流</a>咨询办事事项。</p>'),
            ("/hdjl/", "互动交流", "<p>市长信箱、网上咨询、意见征集。</p>"),
            ("/zjcs/", "走进郴州", "<p>郴州，湖南的“南大门”，林中之城。</p>"),
            (
                "/wzdt/",
                "网站地图",
                f'<p><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a> <a href="{COLUMN}">政府信息公开年报</a></p>',
            ),
            ("/lxwm/", "联系我们", "<p>郴州市人民政府办公室　电话：0735-2338856</p>"),
            ("/syhj/", "使用帮助", "<p>建议使用1366×768以上分辨率浏览本站。</p>"),
            ("/yszc/", "隐私声明", "<p>本网站尊重并保护所有使用服务用户的个人隐私权。</p>"),
            ("/mobile/", "手机版", "<p>请使用手机访问。</p>"),
        ),
    )
    b.text(
        "/robots.txt",
        "# robots.txt for www.czs.gov.cn\nUser-agent: *\nCrawl-delay: 1\nDisallow: /was5/\n"
        "Disallow: /xxgk/zfxxgknb/preview/\n",
    )
    portal.disallowed += [b.url(SEARCH), b.url(PREVIEW)]
    b.handler("/was5/web/search", _search_page(b))
    _article(
        b,
        PREVIEW,
        "郴州市2023年政府信息公开工作年度报告（送审稿）",
        "2024-01-10",
        '<p style="text-indent: 2em;">本稿为送审稿，请勿转载。</p>',
        [*_CRUMBS_COLUMN, ("送审稿预览", "/xxgk/zfxxgknb/preview/")],
    )
    b.handler("/calendar", _calendar(b))
    portal.traps.append(b.url("/calendar?date="))
    b.text("/js/page.js", trs.PAGE_JS, "application/javascript")
    b.text(
        "/js/jquery-1.11.3.min.js", "/*! jQuery stub for the demo */\n", "application/javascript"
    )
    b.text("/images/base.css", trs.CSS, "text/css")


def _search_page(b: SiteBuilder):
    def handler(request: Request) -> Response:
        word = request.args().get("searchword", "")
        body = (
            f'<p>“{word}”的检索结果（共1条）：</p><ul><li><a href="{PREVIEW}">'
            "郴州市2023年政府信息公开工作年度报告（送审稿）</a></li></ul>"
        )
        return b.html_response(trs.simple_page(THEME, "检索结果", [("首页", "/")], body))

    return handler


def _calendar(b: SiteBuilder):
    """/calendar?date=YYYY-MM-DD links to the next and previous day, forever."""

    def handler(request: Request) -> Response:
        try:
            day = datetime.date.fromisoformat(request.args().get("date", "2024-01-01"))
        except ValueError:
            day = datetime.date(2024, 1, 1)
        prev_day, next_day = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
        body = (
            f"<h3>{day.year}年{day.month}月{day.day}日 政务活动</h3><p>今日暂无公开活动安排。</p>"
            f'<p><a href="/calendar?date={prev_day.isoformat()}">上一天</a> | '
            f'<a href="/calendar?date={next_day.isoformat()}">下一天</a></p>'
        )
        crumbs = [("首页", "/"), ("政务活动日历", CALENDAR_START)]
        return b.html_response(trs.simple_page(THEME, "政务活动日历", crumbs, body), gzip=True)

    return handler
