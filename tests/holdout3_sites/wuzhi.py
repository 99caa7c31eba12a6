"""武陟县人民政府 (www.wuzhi.gov.cn): ASP.NET WebForms on IIS, GB2312 declared over GBK bytes,
no robots.txt (404). The report list pages by ``&page=2`` links; the 2023 report is split by the
CMS into ``ArticleShow.aspx?ArticleID=8812`` and ``…&page=2`` (「第1页 第2页 下一页」) with table
三 cut before （五）不予处理; two 统计表 years, two text-only years. Lists and the home page send
no validators (dynamic), articles only Last-Modified."""

from __future__ import annotations

from datetime import date

from tests.holdout3_sites import chrome_aspnet as asp
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.world import Portal

HOST = "www.wuzhi.gov.cn"
BASE = f"http://{HOST}"
NAME = "武陟县人民政府"
REGION = "河南省焦作市武陟县"
LIST = "/zwgk/ArticleList.aspx?ClassID=38"
SERVER = "Microsoft-IIS/8.5"
ASPNET_HEADERS = [
    ("X-AspNet-Version", "4.0.30319"),
    ("X-Powered-By", "ASP.NET"),
    ("Cache-Control", "private"),
]
FOOTER = (
    "主办：武陟县人民政府办公室 承办：武陟县信息中心 电话：0391-7222345<br />"
    "网站标识码：4108230001 豫ICP备05006789号 <a href='http://www.jiaozuo.gov.cn/'>焦作市人民政府</a>"
)
VOICE = Voice(
    agency=NAME,
    own_name="武陟县",
    we="我县",
    office="武陟县人民政府办公室",
    address="武陟县木城镇迎宾大道66号",
    phone="0391-7222345",
    website="武陟县人民政府网站",
)
SPLIT_ID = "8812"


def _specs() -> list[tuple[str, ReportSpec]]:
    office = "武陟县人民政府办公室"
    common = {"agency": NAME, "region": REGION, "voice": VOICE}
    return [
        (
            SPLIT_ID,
            ReportSpec(
                key="wuzhi-2023",
                title="武陟县2023年政府信息公开工作年度报告",
                year=2023,
                published=date(2024, 1, 23),
                form="2021",
                dress="word",
                publisher=office,
                scale=2,
                signature="武陟县人民政府",
                notes=["split by the CMS into &page=2; table 三 cut before （五）不予处理"],
                **common,
            ),
        ),
        (
            "7954",
            ReportSpec(
                key="wuzhi-2022",
                title="武陟县人民政府2022年政府信息公开工作年度报告",
                year=2022,
                published=date(2023, 1, 28),
                form="2021",
                dress="plain",
                publisher=office,
                scale=2,
                **common,
            ),
        ),
        (
            "5120",
            ReportSpec(
                key="wuzhi-2018",
                title="武陟县2018年政府信息公开工作年度报告",
                year=2018,
                published=date(2019, 3, 22),
                form="2008",
                dress="word",
                publisher="县政府办",
                numbered_2008=True,
                **common,
            ),
        ),
        (
            "3876",
            ReportSpec(
                key="wuzhi-2015",
                title="武陟县2015年政府信息公开工作年度报告",
                year=2015,
                published=date(2016, 3, 25),
                form="2008",
                dress="plain",
                publisher="县政府办",
                **common,
            ),
        ),
        (
            "2145",
            ReportSpec(
                key="wuzhi-2011",
                title="武陟县2011年政府信息公开工作年度报告",
                year=2011,
                published=date(2012, 3, 28),
                form="text",
                publisher=None,
                **common,
            ),
        ),
        (
            "1032",
            ReportSpec(
                key="wuzhi-2009",
                title="武陟县2009年政府信息公开工作年度报告",
                year=2009,
                published=date(2010, 3, 30),
                form="text",
                publisher=None,
                notes=["on the list's second page"],
                **common,
            ),
        ),
    ]


def build(version: int) -> Portal:
    portal = Portal(
        id="wuzhi",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            "ASP.NET WebForms on IIS, text/html; charset=gb2312 over GBK bytes, no robots.txt (404)",
            f"{LIST} paged by &page=2 links (首页 上一页 下一页 尾页)",
            "the 2023 report split into ArticleShow.aspx?ArticleID=8812 and …&page=2 "
            "(第1页 第2页 下一页), table 三 cut before （五）不予处理",
            "dates as 2024-1-23 9:30:12; 来源 县政府办 on the 统计表 years, no 来源 before 2014",
            "lists and home without validators; articles with Last-Modified only (no ETag)",
            "look-alikes: 政府工作报告 in its own list, a news item about the 2023 report",
        ],
    )

    def serve(url: str, text: str, modified: date | None) -> None:
        headers = ASPNET_HEADERS
        portal.page(
            url,
            text,
            modified=modified,
            encoding="gbk",
            content_type="text/html; charset=gb2312",
            etag=False,
            headers=headers,
        )

    portal.site(HOST, SERVER)
    home = ("网站首页", "/")
    gk = ("政务公开", "/zwgk/Index.aspx")
    crumbs = [home, gk, ("政府信息公开年报", LIST), ("正文", "")]

    def shell(title: str, action: str, crumbs, main: str) -> str:
        return asp.shell(NAME, title, action, crumbs, main, footer=FOOTER)

    listed: list[tuple[str, str, date]] = []
    for article_id, spec in _specs():
        target = f"/zwgk/ArticleShow.aspx?ArticleID={article_id}"
        when = f"{spec.published.year}-{spec.published.month}-{spec.published.day} 9:30:12"
        hits = str(400 + int(article_id) % 1700)
        listed.append((spec.title, f"ArticleShow.aspx?ArticleID={article_id}", spec.published))
        if article_id == SPLIT_ID:
            parts = spec.split(["requests:1.信访举报投诉类申请"])
            urls = [f"{BASE}{target}", f"{BASE}{target}&page=2"]
            for number, blocks in enumerate(parts):
                links = [f"共{len(parts)}页"]
                for i in range(len(parts)):
                    href = f"ArticleShow.aspx?ArticleID={article_id}" + (
                        "" if i == 0 else f"&page={i + 1}"
                    )
                    links.append(
                        f"<b>第{i + 1}页</b>"
                        if i == number
                        else f'<a href="{asp.E(href)}">第{i + 1}页</a>'
                    )
                if number + 1 < len(parts):
                    links.append(
                        f'<a href="{asp.E(f"ArticleShow.aspx?ArticleID={article_id}&page={number + 2}")}">下一页</a>'
                    )
                pager = '<div class="fy">' + " ".join(links) + "</div>"
                body = spec.body_html(blocks, signed=number == len(parts) - 1)
                main = asp.article(spec.title, spec.publisher, when, hits, body, pager=pager)
                serve(
                    urls[number],
                    shell(spec.title, urls[number].removeprefix(BASE + "/zwgk/"), crumbs, main),
                    spec.published,
                )
            portal.negative(urls[1], "page 2 of the split 2023 report")
            portal.report(spec.truth(urls[0], portal.id, pages=urls))
        else:
            main = asp.article(spec.title, spec.publisher, when, hits, spec.body_html())
            serve(
                f"{BASE}{target}",
                shell(spec.title, target.removeprefix("/zwgk/"), crumbs, main),
                spec.published,
            )
            portal.report(spec.truth(f"{BASE}{target}", portal.id))
        if version == 2:
            portal.change(f"{BASE}{target}", "unchanged", "as before")

    per_page = 5
    pages = [listed[i : i + per_page] for i in range(0, len(listed), per_page)]
    for number, items in enumerate(pages, start=1):
        rows = [(t, h, d.isoformat()) for t, h, d in items]
        main = '<div class="lm"><h3>政府信息公开年报</h3></div>' + asp.list_page(
            rows, number, len(pages), "ArticleList.aspx?ClassID=38"
        )
        target = LIST if number == 1 else f"{LIST}&page={number}"
        serve(
            f"{BASE}{target}",
            shell(
                "政府信息公开年报",
                target.removeprefix("/zwgk/"),
                [home, gk, ("政府信息公开年报", "")],
                main,
            ),
            None,
        )

    title, paragraphs = lookalikes.work_report(
        "武陟县", 2024, "武陟县第十六届人民代表大会第四次会议"
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    work = "/zwgk/ArticleShow.aspx?ArticleID=8760"
    serve(
        f"{BASE}{work}",
        shell(
            title,
            work.removeprefix("/zwgk/"),
            [home, gk, ("政府工作报告", "")],
            asp.article(title, "县政府办", "2024-1-15 16:20:05", "1890", body),
        ),
        date(2024, 1, 15),
    )
    portal.negative(f"{BASE}{work}", "政府工作报告, in the 政府工作报告 list")
    work_list = asp.list_page(
        [(title, "ArticleShow.aspx?ArticleID=8760", "2024-01-15")],
        1,
        1,
        "ArticleList.aspx?ClassID=41",
    )
    serve(
        f"{BASE}/zwgk/ArticleList.aspx?ClassID=41",
        shell(
            "政府工作报告",
            "ArticleList.aspx?ClassID=41",
            [home, gk, ("政府工作报告", "")],
            work_list,
        ),
        None,
    )

    news_title, paragraphs = lookalikes.report_news("我县", 2023, "县政府办")
    news_title = "我县发布2023年度政府信息公开工作年度报告"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    news = "/News/Show.aspx?ArticleID=9001"
    serve(
        f"{BASE}{news}",
        shell(
            news_title,
            "Show.aspx?ArticleID=9001",
            [home, ("新闻中心", "/News/List.aspx?ClassID=12"), ("正文", "")],
            asp.article(news_title, "武陟新闻网", "2024-1-25 11:02:45", "733", body),
        ),
        date(2024, 1, 25),
    )
    portal.negative(f"{BASE}{news}", "news item about the 2023 report")
    news_list = asp.list_page(
        [(news_title, "Show.aspx?ArticleID=9001", "2024-01-25")], 1, 1, "List.aspx?ClassID=12"
    )
    serve(
        f"{BASE}/News/List.aspx?ClassID=12",
        shell("新闻中心", "List.aspx?ClassID=12", [home, ("新闻中心", "")], news_list),
        None,
    )

    gk_main = (
        '<div class="gkml"><h3>政府信息公开</h3><ul>'
        '<li><a href="ArticleList.aspx?ClassID=38">政府信息公开年报</a></li>'
        '<li><a href="ArticleList.aspx?ClassID=41">政府工作报告</a></li></ul></div>'
    )
    serve(
        f"{BASE}/zwgk/Index.aspx",
        shell("政务公开", "Index.aspx", [home, ("政务公开", "")], gk_main),
        None,
    )
    serve(
        f"{BASE}/bsfw/Index.aspx",
        shell(
            "办事服务", "Index.aspx", [home, ("办事服务", "")], "<p>请登录河南政务服务网办理。</p>"
        ),
        None,
    )
    home_main = (
        f'<div class="xw"><h3>武陟要闻</h3><ul><li><a href="{news}">{news_title}</a></li></ul></div>'
        '<div class="gk"><h3>政务公开</h3><ul><li><a href="/zwgk/Index.aspx">信息公开目录</a></li>'
        f'<li><a href="{LIST}">政府信息公开年报</a></li></ul></div>'
    )
    serve(f"{BASE}/", shell(NAME, "Index.aspx", [home], home_main), None)
    serve(f"{BASE}/Index.aspx", shell(NAME, "Index.aspx", [home], home_main), None)
    portal.stylesheet(f"{BASE}/App_Themes/Default/style.css")
    return portal
