"""盘锦市人民政府 (www.panjin.gov.cn): a Hanweb city portal served in GBK while declaring gb2312.

Exercises: gb2312 declared in header and meta over GBK-only characters (喆, 堃, 镕 in names,
Traditional characters), the seed 000 page (Traditional, pinyin glosses, SEO spam), Hanweb
``?uid=…&pageNum=N`` pagination (3 pages), a download servlet whose Content-Disposition file
name is raw GBK bytes, an OFD attachment, and budget / final-account look-alikes.
"""

from __future__ import annotations

import html
from functools import partial

from demo.sites import chrome_hanweb as hanweb
from demo.sites import lookalikes, seeds
from demo.sites.model import (
    ArticlePage,
    Attachment,
    ExpectedReport,
    ListEntry,
    Negative,
    PortalBuild,
    ReportSpec,
    SiteTheme,
)
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder

HOST = "www.panjin.gov.cn"
NAME = "盘锦市人民政府"
REGION = "辽宁省盘锦市"
COL, UID = 4172, 7635
COLUMN = f"/col/col{COL}/index.html"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="2111000001",
    icp="辽ICP备05003489号",
    police="辽公网安备 21110202000019号",
    organizer="盘锦市人民政府办公室",
    charset="gb2312",
    phone="0427-2826114",
    nav=(
        ("首页", "/"),
        ("政务公开", "/col/col4160/index.html"),
        ("政府信息公开", "/col/col4170/index.html"),
        ("互动交流", "/col/col4190/index.html"),
        ("走进盘锦", "/col/col4195/index.html"),
    ),
)

_OFFICE = dict(office="盘锦市人民政府办公室政务公开科", phone="0427-2826114")

REPORTS = [
    ReportSpec(
        key="panjin-2010",
        path="/art/2011/3/30/art_4172_286541.html",
        title="盘锦市2010年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2010,
        published="2011-03-30",
        form="text",
        level="city",
        style="plain",
        contact="王喆",
        index_no="PJ001-0301-2011-00012",
        **_OFFICE,
    ),
    ReportSpec(
        key="panjin-2013",
        path="/art/2014/3/28/art_4172_523187.html",
        title="盘锦市2013年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2013,
        published="2014-03-28",
        form="text",
        level="city",
        style="plain",
        contact="王喆",
        index_no="PJ001-0301-2014-00031",
        **_OFFICE,
    ),
    ReportSpec(
        key="panjin-2018",
        path="/art/2019/3/29/art_4172_1630998.html",
        title="盘锦市2018年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2018,
        published="2019-03-29",
        form="stats",
        level="city",
        style="word",
        contact="赵堃",
        index_no="PJ001-0301-2019-00044",
        attachments=(
            Attachment(
                "/module/download/downfile.jsp?classid=0&filename=1903291530123456.pdf",
                "盘锦市2018年政府信息公开工作年度报告.pdf",
                "pdf",
                gbk_disposition=True,
            ),
        ),
        **_OFFICE,
    ),
    ReportSpec(
        key="panjin-2020",
        path="/art/2021/1/28/art_4172_1874410.html",
        title="盘锦市2020年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2020,
        published="2021-01-28",
        form="2019",
        level="city",
        style="plain",
        zero_blank=True,
        contact="刘喆",
        index_no="PJ001-0301-2021-00008",
        **_OFFICE,
    ),
    ReportSpec(
        key="panjin-gjj-2021",
        path="/art/2022/1/21/art_4172_2003321.html",
        title="盘锦市住房公积金管理中心2021年政府信息公开工作年度报告",
        agency="盘锦市住房公积金管理中心",
        region=REGION,
        year=2021,
        published="2022-01-21",
        form="2021",
        level="department",
        style="cms",
        index_no="PJ027-0301-2022-00002",
        office="盘锦市住房公积金管理中心综合科",
        posted_by="盘锦市政府办",
        phone="0427-2800512",
    ),
    ReportSpec(
        key="panjin-2022",
        path="/art/2023/1/30/art_4172_2104876.html",
        title="盘锦市2022年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2022,
        published="2023-01-30",
        form="2021",
        level="city",
        style="word",
        contact="孙镕",
        index_no="PJ001-0301-2023-00015",
        posted_by="盘锦市人民政府办公室",
        attachments=(
            Attachment(
                "/attach/0/2301301024567891.ofd", "盘锦市2022年政府信息公开工作年度报告.ofd", "ofd"
            ),
        ),
        **_OFFICE,
    ),
]

TRADITIONAL_PATH = "/art/2017/2/28/art_4172_1187656.html"
_CRUMBS_XXGK = [("首页", "/"), ("政府信息公开", "/col/col4170/index.html")]
_CRUMBS_COLUMN = [*_CRUMBS_XXGK, ("政府信息公开年报", COLUMN)]
_PER_PAGE = 3


def build() -> PortalBuild:
    b = SiteBuilder(
        HOST,
        charset="gbk",
        header_charset="gb2312",
        server="Apache",
        extra_headers=(("X-Powered-By", "Servlet/2.5 JSP/2.1"),),
    )
    portal = PortalBuild(
        id="panjin",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "charset=gb2312 declared (header and meta) over GBK-only characters: 喆 堃 镕, "
            "Traditional text",
            "seed 000: Traditional-Chinese report with pinyin glosses and injected SEO spam",
            "Hanweb ?uid=7635&pageNum=N pagination (3 pages)",
            "download servlet with a raw-GBK Content-Disposition file name; OFD attachment",
            "look-alikes: 部门预算, 部门决算, a notice about the reports in the report column",
        ],
        download_delay=0.5,
        max_pages=80,
    )
    entries: list[ListEntry] = []
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
    portal.reports.append(_traditional_report(b, portal.id))
    entries.append(ListEntry("盤錦市2016年度政府信息公開工作報告", TRADITIONAL_PATH, "2017-02-28"))
    _lookalikes(b, portal, entries)
    entries.sort(key=lambda e: e.date, reverse=True)
    pages = [entries[i : i + _PER_PAGE] for i in range(0, len(entries), _PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        text = hanweb.column_page(
            THEME, COL, UID, "政府信息公开年报", _CRUMBS_COLUMN, chunk, number, len(pages)
        )
        b.page(f"{COLUMN}?uid={UID}&pageNum={number}", text)
        if number == 1:
            b.page(COLUMN, text)
    _furniture(b)
    return portal


def _lookalikes(b: SiteBuilder, portal: PortalBuild, entries: list[ListEntry]) -> None:
    budget_col = "/col/col4180/index.html"
    crumbs = [*_CRUMBS_XXGK, ("财政预决算", budget_col)]
    finance = [
        (
            "/art/2024/2/6/art_4180_2310098.html",
            "盘锦市人民政府办公室2024年部门预算",
            "2024-02-06",
            lookalikes.budget("盘锦市人民政府办公室", 2024),
            "部门预算 (budget), not an annual report",
        ),
        (
            "/art/2023/9/12/art_4180_2256743.html",
            "盘锦市人民政府办公室2022年度部门决算",
            "2023-09-12",
            lookalikes.final_accounts("盘锦市人民政府办公室", 2022),
            "部门决算 (final accounts), not an annual report",
        ),
    ]
    for path, title, date, body, why in finance:
        page = ArticlePage(path, title, date, body, "盘锦市人民政府办公室", crumbs)
        b.page(path, hanweb.article_page(THEME, page, "财政预决算"))
        portal.negatives.append(Negative(b.url(path), why))
    b.page(
        budget_col,
        hanweb.column_page(
            THEME,
            4180,
            7640,
            "财政预决算",
            crumbs,
            [ListEntry(t, p, d) for p, t, d, _, _ in finance],
        ),
    )
    notice = "/art/2022/3/10/art_4172_2021554.html"
    title = "关于2021年度政府信息公开工作年度报告发布情况的通报"
    body = (
        '<p style="text-indent: 2em;">各县区政府，市政府各部门：</p>'
        '<p style="text-indent: 2em;">按照《条例》规定，全市各单位应于1月31日前发布2021年度政府'
        "信息公开工作年度报告。经检查，43家单位按时发布，3家单位未按新格式编制，现予通报。</p>"
    )
    page = ArticlePage(notice, title, "2022-03-10", body, "盘锦市人民政府办公室", _CRUMBS_COLUMN)
    b.page(notice, hanweb.article_page(THEME, page, "政府信息公开年报"))
    entries.append(ListEntry(title, notice, "2022-03-10"))
    portal.negatives.append(
        Negative(b.url(notice), "circular about how the reports were published, in the column")
    )


def _traditional_report(b: SiteBuilder, portal_id: str) -> ExpectedReport:
    """Seed 000 as a compromised page: spam at both ends, Traditional text with pinyin glosses."""
    lines = [line for line in seeds.panjin_2016_lines() if line]
    spam = next(line for line in lines if line.startswith("亚洲"))
    crumb = next(line for line in lines if "前位置" in line)
    meta_start = next(i for i, line in enumerate(lines) if line.startswith("索"))
    meta = lines[meta_start : meta_start + 5]
    title = lines[meta_start + 5]
    info = lines[meta_start + 6]
    end = lines.index(spam)
    body = lines[meta_start + 7 : end]
    paragraphs = "\n".join(f"<p>\u3000\u3000{html.escape(p)}</p>" for p in body)
    meta_rows = "".join(f"<tr><td>{html.escape(m)}</td></tr>" for m in meta)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}</title>
<meta name="keywords" content="{spam}">
<meta name="description" content="{spam}">
</head>
<body>
<blockquote id="qk4g0"></blockquote>
<ul id="qk4g0"></ul>
<div class="spam">{spam}</div>
<div class="header"><a href="/">盤錦市人民政府</a></div>
<div class="position">{html.escape(crumb)}</div>
<table class="xxgk_table">{meta_rows}</table>
<h1 class="title">{title}</h1>
<div class="info">{html.escape(info)}</div>
<div id="zoom">
{paragraphs}
</div>
<p>{spam}</p>
<blockquote id="qk4g0"></blockquote>
<ul id="qk4g0"></ul>
</body>
</html>"""
    phrases = ["盤錦市2016年度政府信息公開工作報告", "有政府信息公開查閱點10個"]
    missing = [p for p in phrases if p not in page]
    if missing:
        raise ValueError(f"seed 000 page lacks {missing}")
    b.page(TRADITIONAL_PATH, page)
    return ExpectedReport(
        url=b.url(TRADITIONAL_PATH),
        portal=portal_id,
        title="盘锦市2016年度政府信息公开工作报告",
        agency=NAME,
        publisher="盤錦市政府",  # its 發文機關 as printed (pinyin glosses aside)
        region=REGION,
        year=2016,
        published="2017-02-28",
        template="other",
        attachments=[],
        phrases=phrases,
        tables=[],
        notes=[
            "seed 000: Traditional characters with pinyin glosses (當(dāng)前位置) and injected "
            "SEO spam at both ends; title as printed: 盤錦市2016年度政府信息公開工作報告; clean text "
            "should lose glosses and spam and carry a warning",
            "its 统计表 is only mentioned as an attachment that is not on the page",
        ],
    )


def _furniture(b: SiteBuilder) -> None:
    home = hanweb.simple_page(
        THEME,
        NAME,
        [("首页", "/")],
        f"""<table width="100%"><tr><td width="50%"><h3>政务公开</h3><ul>
<li><a href="/col/col4170/index.html">政府信息公开</a></li>
<li><a href="{COLUMN}">政府信息公开年报</a></li>
<li><a href="/col/col4180/index.html">财政预决算</a></li></ul></td>
<td><h3>互动交流</h3><ul><li><a href="/col/col4190/index.html">市长信箱</a></li></ul>
<p>市政府办公室联系人：王喆、赵堃</p></td></tr></table>""",
    )
    cookies = (
        ("Set-Cookie", "JSESSIONID=A1B2C3D4E5F60718293A4B5C6D7E8F90; Path=/; HttpOnly"),
        ("Set-Cookie", "SERVERID=4c3b1f0e2d9a8b7c|1700000000|1700000000;Path=/"),
    )
    b.page("/", home, headers=cookies)
    b.page("/index.html", home, headers=cookies)
    b.static_pages(
        partial(hanweb.simple_page, THEME),
        (
            (
                "/col/col4170/index.html",
                "政府信息公开",
                f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li>'
                '<li><a href="/col/col4180/index.html">财政预决算</a></li>'
                '<li><a href="/col/col4171/index.html">政府信息公开指南</a></li></ul>',
            ),
            (
                "/col/col4171/index.html",
                "政府信息公开指南",
                "<p>申请人可通过网络、信函等方式提交申请。</p>",
            ),
            (
                "/col/col4160/index.html",
                "政务公开",
                '<ul><li><a href="/col/col4170/index.html">政府信息公开</a></li></ul>',
            ),
            ("/col/col4190/index.html", "互动交流", "<p>市长信箱、在线访谈、征集调查。</p>"),
            ("/col/col4195/index.html", "走进盘锦", "<p>盘锦，湿地之都，红海滩所在地。</p>"),
            ("/col/col4100/index.html", "关于我们", "<p>盘锦市人民政府门户网站。</p>"),
            (
                "/col/col4101/index.html",
                "网站地图",
                f'<p><a href="{COLUMN}">政府信息公开年报</a></p>',
            ),
            ("/col/col4102/index.html", "联系我们", "<p>电话：0427-2826114</p>"),
        ),
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /jrobot/\nDisallow: /module/visitcount/\n")
    b.text("/module/jslib/jquery/jquery.js", "/* jQuery stub */\n", "application/javascript")
    b.text("/script/0/1809261619358429.css", "body{font-size:12px}\n", "text/css")
