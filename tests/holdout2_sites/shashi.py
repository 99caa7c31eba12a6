"""荆州市沙市区人民政府: a 开普云 portal (www.shashi.gov.cn) whose articles live on the 政务公开
subdomain zwgk.shashi.gov.cn (UTF-8 with a BOM, no charset in the header).

The home page shows the two newest reports and ``更多>>`` to the report column, which answers
503 with ``Retry-After: 2`` the first time it is asked. Department reports are reachable only from
a 年报汇总 page. A 政务日历 archive ``?ym=YYYYMM`` links months forever.
"""

from __future__ import annotations

from urllib.parse import quote

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
from demo.sites.site_builder import SiteBuilder
from tests.holdout2_sites import chrome_kaipu as kp
from tests.holdout2_sites import lookalike_texts as looks

WWW = "www.shashi.gov.cn"
ZWGK = "zwgk.shashi.gov.cn"
NAME = "荆州市沙市区人民政府"
REGION = "湖北省荆州市沙市区"
COLUMN = "/col/col4521/index.html"
NOTICE_COLUMN = "/col/col4525/index.html"
CALENDAR = "/col/col4530/index.html"
RETRY_AFTER_SECONDS = 2
SEARCH = "/module/search/index.jsp?searchWord=" + quote("年度报告")

_NAV = (
    ("首页", f"http://{WWW}/"),
    ("政务公开", f"http://{WWW}/col/col4500/index.html"),
    ("政府信息公开年报", f"http://{WWW}{COLUMN}"),
    ("通知公告", f"http://{WWW}{NOTICE_COLUMN}"),
    ("互动交流", f"http://{WWW}/col/col4540/index.html"),
)
THEME = SiteTheme(
    site_name="荆州市沙市区人民政府",
    host=WWW,
    site_code="4210020001",
    icp="鄂ICP备05003172号",
    organizer="荆州市沙市区人民政府办公室",
    police="鄂公网安备 42100202000102号",
    phone="0716-8211375",
    nav=_NAV,
)
ZWGK_THEME = SiteTheme(
    site_name="沙市区政务公开",
    host=ZWGK,
    site_code="4210020001",
    icp="鄂ICP备05003172号",
    organizer="荆州市沙市区人民政府办公室",
    phone="0716-8211375",
    nav=_NAV,
)
_CRUMBS = [("首页", f"http://{WWW}/"), ("政府信息公开年报", f"http://{WWW}{COLUMN}")]
_DEPT_CRUMBS = [("首页", f"http://{WWW}/"), ("区直部门", f"http://{WWW}/col/col4500/index.html")]


def _spec(key, year, published, form, style, title, column="col4521", **kw) -> ReportSpec:
    aid = kp.art_id(key)
    return ReportSpec(
        key=key,
        path=f"/col/{column}/art/{published[:4]}/art_{aid}.html",
        title=title,
        agency=kw.pop("agency", NAME),
        region=REGION,
        year=year,
        published=published,
        form=form,
        level=kw.pop("level", "district"),
        style=style,
        phone=kw.pop("phone", "0716-8211375"),
        index_no=f"011062731/{published[:4]}-{int(aid[:4], 16) % 10000:05d}",
        **kw,
    )


REPORTS = [
    _spec(
        "shashi-2023",
        2023,
        "2024-01-25",
        "2021",
        "cms",
        "荆州市沙市区2023年政府信息公开工作年度报告",
        attachments=(
            Attachment(
                f"/attach/0/{kp.art_id('shashi-2023-pdf')}.pdf",
                "荆州市沙市区2023年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
    ),
    _spec(
        "shashi-2022", 2022, "2023-01-18", "2021", "word", "沙市区2022年度政府信息公开工作年度报告"
    ),
    _spec(
        "shashi-2021",
        2021,
        "2022-01-27",
        "2021",
        "plain",
        "荆州市沙市区人民政府2021年政府信息公开工作年度报告",
    ),
    _spec(
        "shashi-2020",
        2020,
        "2021-01-29",
        "2019",
        "word",
        "荆州市沙市区人民政府2020年政府信息公开工作年度报告",
    ),
    _spec(
        "shashi-czj-2023",
        2023,
        "2024-01-30",
        "2021",
        "cms",
        "荆州市沙市区财政局2023年度政务公开工作年度报告",
        column="col4522",
        agency="荆州市沙市区财政局",
        level="department",
        phone="0716-8213320",
    ),
    _spec(
        "shashi-jyj-2023",
        2023,
        "2024-01-29",
        "2021",
        "plain",
        "荆州市沙市区教育局2023年政府信息公开工作年度报告",
        column="col4522",
        agency="荆州市沙市区教育局",
        level="department",
        phone="0716-8212964",
        zero_blank=True,
    ),
]
# A template left over from the old GBK site: this page's meta still says gb2312.
_LEFTOVER_META = {"shashi-2020": "gb2312"}


def build() -> PortalBuild:
    www = SiteBuilder(WWW, server="nginx", header_charset="utf-8")
    z = SiteBuilder(ZWGK, charset="utf-8-sig", header_charset=None, server="Microsoft-IIS/8.5")
    portal = PortalBuild(
        id="shashi",
        name=NAME,
        start_urls=[f"http://{WWW}/"],
        sites=[www.site, z.site],
        exercises=[
            "开普云 columns /col/col4521/index.html + index_2.html; the home block shows the two "
            "newest reports and 更多>> to the column",
            "the report column answers 503 with Retry-After: 2 to its first request, then 200",
            "details on another subdomain (zwgk.shashi.gov.cn) than the list (www): "
            "/col/col4521/art/2024/art_<32 hex>.html",
            "zwgk pages: UTF-8 with a BOM, no charset in the header; one page's meta still says "
            "gb2312 (the BOM decides)",
            "department reports reachable only from a 年报汇总 page (itself a negative); title "
            "variant 年度政务公开工作年度报告",
            "robots.txt Disallow: /module/search/ (site search linked from the home page)",
            "endless 政务日历 archive /col/col4530/index.html?ym=YYYYMM",
            "look-alikes: 企业年度报告公示 notice, 人大代表建议办理情况报告, 年报汇总 page",
        ],
        download_delay=0.5,
        max_pages=70,
    )
    entries: list[ListEntry] = []
    dept: list[ListEntry] = []
    for spec in REPORTS:
        crumbs = _DEPT_CRUMBS if "col4522" in spec.path else _CRUMBS
        meta = _LEFTOVER_META.get(spec.key)
        render = lambda p, m=meta: kp.article_page(ZWGK_THEME, p, m, f"http://{WWW}/")  # noqa: E731
        portal.reports.append(publish_report(z, portal.id, spec, NAME, render, crumbs))
        entry = ListEntry(spec.title, z.url(spec.path), spec.published)
        (dept if "col4522" in spec.path else entries).append(entry)
    summary = _summary(z, portal, entries[0], dept)
    entries.append(summary)
    entries.sort(key=lambda e: e.date, reverse=True)
    _column(www, entries)
    notices = _notices(z, portal)
    _furniture(www, z, portal, entries, notices)
    return portal


def _article(
    z: SiteBuilder,
    key: str,
    column: str,
    title: str,
    date: str,
    body: str,
    crumbs,
    source: str = NAME,
) -> str:
    path = f"/col/{column}/art/{date[:4]}/art_{kp.art_id(key)}.html"
    page = ArticlePage(
        path,
        title,
        date,
        body,
        source,
        crumbs,
        index_no=f"011062731/{date[:4]}-{int(kp.art_id(key)[:4], 16) % 10000:05d}",
    )
    z.page(path, kp.article_page(ZWGK_THEME, page, home=f"http://{WWW}/"))
    return path


def _summary(
    z: SiteBuilder, portal: PortalBuild, district: ListEntry, dept: list[ListEntry]
) -> ListEntry:
    """年报汇总: one page linking the district's and the departments' reports."""
    links = "".join(
        f'<tr><td>{n}</td><td><a href="{e.href}" target="_blank">{e.title}</a></td><td>{e.date}</td></tr>'
        for n, e in enumerate([district, *dept], start=1)
    )
    body = (
        '<p style="text-indent: 2em;">现将沙市区人民政府及区直各部门2023年度政府信息公开工作年度报告'
        "汇总发布如下，点击标题查看全文：</p>"
        f'<table border="1" width="100%"><tr><th>序号</th><th>报告名称</th><th>发布日期</th></tr>{links}</table>'
    )
    title = "沙市区2023年度政府信息公开工作年度报告汇总"
    path = _article(
        z,
        "shashi-hz-2023",
        "col4521",
        title,
        "2024-02-02",
        body,
        _CRUMBS,
        source="荆州市沙市区人民政府办公室",
    )
    portal.negatives.append(Negative(z.url(path), "年报汇总: a page linking many reports"))
    return ListEntry(title, z.url(path), "2024-02-02")


def _notices(z: SiteBuilder, portal: PortalBuild) -> list[ListEntry]:
    crumbs = [("首页", f"http://{WWW}/"), ("通知公告", f"http://{WWW}{NOTICE_COLUMN}")]
    out = []
    for key, title, date, body, source, why in (
        (
            "shashi-qynb-2023",
            "沙市区市场监督管理局关于开展2023年度企业年度报告公示工作的通告",
            "2024-01-03",
            looks.enterprise_annual_report_notice("荆州市沙市区市场监督管理局", 2023),
            "荆州市沙市区市场监督管理局",
            "企业年度报告公示 notice (enterprise annual reports)",
        ),
        (
            "shashi-rdjy-2023",
            "荆州市沙市区人民政府关于2023年度人大代表建议办理情况的报告",
            "2023-12-20",
            looks.deputies_proposals_report(NAME, 2023),
            NAME,
            "人大代表建议办理情况报告",
        ),
    ):
        path = _article(z, key, "col4525", title, date, body, crumbs, source=source)
        portal.negatives.append(Negative(z.url(path), why))
        out.append(ListEntry(title, z.url(path), date))
    return out


def _column(www: SiteBuilder, entries: list[ListEntry]) -> None:
    per_page = 4
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)]
    side = [(n, h) for n, h in _NAV[1:4]]
    first_text = ""
    for number, chunk in enumerate(pages, start=1):
        text = kp.column_page(THEME, "政府信息公开年报", _CRUMBS, chunk, number, len(pages), side)
        if number == 1:
            first_text = text
        else:
            www.page(f"/col/col4521/index_{number}.html", text)
    www.handler(COLUMN, _busy_once(www, first_text))


def _busy_once(www: SiteBuilder, text: str):
    """503 with Retry-After: 2 to the first request, then the page (a server under load)."""
    asked = []

    def handler(request: Request) -> Response:
        asked.append(request.target)
        if len(asked) == 1:
            body = (
                b"<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
                b"<center><h1>503 Service Temporarily Unavailable</h1></center></body></html>"
            )
            return Response(
                status=503,
                headers=[("Content-Type", "text/html"), ("Retry-After", str(RETRY_AFTER_SECONDS))],
                body=body,
            )
        return www.html_response(text)

    return handler


def _calendar(www: SiteBuilder):
    """政务日历: /col/col4530/index.html?ym=YYYYMM links the month before and after, forever."""

    def handler(request: Request) -> Response:
        raw = request.args().get("ym", "202403")
        year, month = (
            (int(raw[:4]), int(raw[4:6])) if raw.isdigit() and len(raw) == 6 else (2024, 3)
        )
        month = min(max(month, 1), 12)
        prev_ym = f"{year - 1}12" if month == 1 else f"{year}{month - 1:02d}"
        next_ym = f"{year + 1}01" if month == 12 else f"{year}{month + 1:02d}"
        body = (
            f"<h3>{year}年{month}月 政务日历</h3><p>本月暂无公开活动安排。</p>"
            f'<p><a href="{CALENDAR}?ym={prev_ym}">上一月</a> | <a href="{CALENDAR}?ym={next_ym}">下一月</a></p>'
        )
        crumbs = [("首页", "/"), ("政务日历", f"{CALENDAR}?ym=202403")]
        return www.html_response(kp.simple_page(THEME, "政务日历", crumbs, body))

    return handler


def _search(www: SiteBuilder, entries: list[ListEntry]):
    def handler(request: Request) -> Response:
        word = request.args().get("searchWord", "")
        items = "".join(f'<li><a href="{e.href}">{e.title}</a></li>' for e in entries[:5])
        body = f"<p>“{word}”的检索结果：</p><ul>{items}</ul>"
        return www.html_response(kp.simple_page(THEME, "站内搜索", [("首页", "/")], body))

    return handler


def _furniture(
    www: SiteBuilder,
    z: SiteBuilder,
    portal: PortalBuild,
    entries: list[ListEntry],
    notices: list[ListEntry],
) -> None:
    reports = [e for e in entries if "汇总" not in e.title][:2]
    home = kp.simple_page(
        THEME,
        "首页",
        [("首页", "/")],
        kp.home_block("政府信息公开年报", reports, COLUMN)
        + kp.home_block("通知公告", notices, NOTICE_COLUMN)
        + f'<div class="kp-block"><h3>政务日历</h3><a href="{CALENDAR}?ym=202403">查看本月安排</a></div>'
        + f'<div class="kp-search"><a href="{SEARCH}">热搜：年度报告</a></div>',
    )
    www.page("/", home)
    www.page("/index.html", home)
    www.page(NOTICE_COLUMN, kp.column_page(THEME, "通知公告", [("首页", "/")], notices, 1, 1, []))
    www.handler(CALENDAR, _calendar(www))
    www.handler("/module/search/index.jsp", _search(www, entries))
    for path, title in (
        ("/col/col4500/index.html", "政务公开"),
        ("/col/col4540/index.html", "互动交流"),
    ):
        www.page(
            path,
            kp.simple_page(
                THEME,
                title,
                [("首页", "/"), (title, path)],
                f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>',
            ),
        )
    www.text("/robots.txt", "User-agent: *\nDisallow: /module/search/\n")
    www.text("/kpcms/css/common.css", "body{margin:0}\n", "text/css")
    z.text("/robots.txt", "User-agent: *\nDisallow:\n")
    z.text("/kpcms/css/common.css", "body{margin:0}\n", "text/css")
    z.page(
        "/",
        kp.simple_page(
            ZWGK_THEME,
            "政务公开",
            [("首页", f"http://{WWW}/")],
            f'<a href="http://{WWW}{COLUMN}">政府信息公开年报</a>',
        ),
    )
    portal.disallowed.append(www.url(SEARCH))
    portal.traps.append(www.url(f"{CALENDAR}?ym="))
