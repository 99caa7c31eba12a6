"""益阳市赫山区人民政府 (www.hsq.gov.cn): a TRS district portal. A report split over three
article pages (t…_1.html, t…_2.html) with table 三 cut by a page break, a report whose first
answer is a gzip stream cut short, a department's report posted by 区政府办, a 统计表 year, a
text-only year, a notice about compiling the reports in the column; Crawl-delay 1."""

from __future__ import annotations

from datetime import date

from tests.holdout3_sites import chrome_trs as trs
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.serving import CutOnce, cacheable
from tests.holdout3_sites.world import Portal, moment

HOST = "www.hsq.gov.cn"
BASE = f"http://{HOST}"
NAME = "益阳市赫山区人民政府"
REGION = "湖南省益阳市赫山区"
COLUMN = "/xxgk/zfxxgknb/"
FRIENDS = [
    ("中国政府网", "http://www.gov.cn/"),
    ("湖南省人民政府", "http://www.hunan.gov.cn/"),
    ("益阳市人民政府", "http://www.yiyang.gov.cn/"),
]
FOOTER = (
    "主办单位：益阳市赫山区人民政府办公室 承办单位：赫山区政务服务和大数据中心<br>"
    "网站标识码：4309030001 <a href='https://beian.miit.gov.cn/'>湘ICP备05012345号</a> "
    "湘公网安备 43090302000123号 技术支持：拓尔思信息技术股份有限公司"
)
ROBOTS = "User-agent: *\nCrawl-delay: 1\nDisallow: /was5/\nDisallow: /wza/\n"

DISTRICT = Voice(
    agency=NAME,
    own_name="赫山区",
    we="我区",
    office="赫山区人民政府办公室",
    address="益阳市赫山区龙岭大道368号",
    phone="0737-4221000",
    website="赫山区人民政府门户网站",
)
EDUCATION = Voice(
    agency="益阳市赫山区教育局",
    own_name="赫山区教育局",
    we="我局",
    office="赫山区教育局办公室",
    address="益阳市赫山区赫山路12号",
    phone="0737-4222516",
    website="赫山区人民政府门户网站教育局信息公开专栏",
)

SPLIT_URL = f"{BASE}{COLUMN}202301/t20230117_1598765.html"
CUT_URL = f"{BASE}{COLUMN}202201/t20220121_1476543.html"


def _reports() -> list[tuple[str, ReportSpec]]:
    return [
        (
            f"{COLUMN}202401/t20240119_1712345.html",
            ReportSpec(
                key="heshan-2023",
                title="益阳市赫山区2023年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2023,
                published=date(2024, 1, 19),
                form="2021",
                voice=DISTRICT,
                dress="word",
                publisher="赫山区人民政府办公室",
                scale=3,
                signature="益阳市赫山区人民政府",
            ),
        ),
        (
            f"{COLUMN}202301/t20230117_1598765.html",
            ReportSpec(
                key="heshan-2022",
                title="赫山区2022年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2022,
                published=date(2023, 1, 17),
                form="2021",
                voice=DISTRICT,
                dress="plain",
                publisher="赫山区人民政府办公室",
                scale=3,
                signature="益阳市赫山区人民政府",
                notes=["split over three article pages; table 三 cut before （四）无法提供"],
            ),
        ),
        (
            f"{COLUMN}202201/t20220121_1476543.html",
            ReportSpec(
                key="heshan-2021",
                title="益阳市赫山区人民政府2021年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2021,
                published=date(2022, 1, 21),
                form="2021",
                voice=DISTRICT,
                dress="ue",
                publisher="赫山区人民政府办公室",
                scale=2,
                notes=["the first answer is a gzip stream cut in the middle; the second is whole"],
            ),
        ),
        (
            f"{COLUMN}201803/t20180316_1023456.html",
            ReportSpec(
                key="heshan-2017",
                title="赫山区2017年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2017,
                published=date(2018, 3, 16),
                form="2008",
                voice=DISTRICT,
                dress="plain",
                publisher="区政府办",
                numbered_2008=True,
            ),
        ),
        (
            f"{COLUMN}201303/t20130320_412345.html",
            ReportSpec(
                key="heshan-2012",
                title="益阳市赫山区2012年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2012,
                published=date(2013, 3, 20),
                form="text",
                voice=DISTRICT,
                publisher=None,
            ),
        ),
    ]


def _education() -> tuple[str, ReportSpec]:
    return (
        f"{COLUMN}bmnb/202401/t20240126_1714567.html",
        ReportSpec(
            key="heshan-jyj-2023",
            title="赫山区教育局2023年政府信息公开工作年度报告",
            agency="益阳市赫山区教育局",
            region=REGION,
            year=2023,
            published=date(2024, 1, 26),
            form="2021",
            voice=EDUCATION,
            dress="word",
            publisher="区政府办",
            signature="益阳市赫山区教育局",
            notes=["a department's report posted by 区政府办 (来源)"],
        ),
    )


def _new_2024() -> tuple[str, ReportSpec]:
    return (
        f"{COLUMN}202501/t20250120_1823456.html",
        ReportSpec(
            key="heshan-2024",
            title="益阳市赫山区2024年政府信息公开工作年度报告",
            agency=NAME,
            region=REGION,
            year=2024,
            published=date(2025, 1, 20),
            form="2021",
            voice=DISTRICT,
            dress="word",
            publisher="赫山区人民政府办公室",
            scale=3,
            signature="益阳市赫山区人民政府",
        ),
    )


def _info(spec: ReportSpec) -> str:
    info = f"<span>发布时间：{spec.published.isoformat()} 09:30</span>"
    if spec.publisher:
        info += f"<span>来源：{spec.publisher}</span>"
    return info + "<span>浏览次数：<span id='hits'></span></span>"


def _metas(spec: ReportSpec) -> dict[str, str]:
    metas = {"ArticleTitle": spec.title, "PubDate": f"{spec.published.isoformat()} 09:30"}
    if spec.publisher:
        metas["ContentSource"] = spec.publisher
    return metas


def build(version: int) -> Portal:
    portal = Portal(
        id="heshan",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            "TRS: column /xxgk/zfxxgknb/ paged by createPageHTML (index.html, index_1.html), "
            "department sub-column bmnb/",
            "the 2022 report split over t…html, t…_1.html, t…_2.html (第1页 第2页 第3页 下一页); "
            "table 三 cut by the break before （四）无法提供",
            "the 2021 report's first answer is a gzip stream cut in the middle, the second whole",
            "赫山区教育局's report posted by 区政府办 (来源)",
            "look-alikes: a notice about compiling the reports in the column, 政府工作报告",
            "robots.txt Crawl-delay 1, /was5/ (site search) and /wza/ disallowed and linked",
        ],
    )
    last = moment(date(2024, 2, 1))

    def shell(title: str, crumbs: list[tuple[str, str]], main: str, metas=None) -> str:
        return trs.shell(
            NAME, title, crumbs, main, metas=metas, friend_links=FRIENDS, footer=FOOTER
        )

    portal.robots(HOST, ROBOTS, date(2024, 2, 1))
    portal.serve(
        f"{BASE}/js/page.js",
        cacheable(
            trs.PAGE_JS.encode(), [("Content-Type", "application/javascript")], last_modified=last
        ),
    )
    home = ("首页", "/")
    xxgk = ("政务公开", "/xxgk/")
    reports = _reports()
    if version == 2:
        reports.insert(0, _new_2024())
    notice_url = f"{COLUMN}202312/t20231218_1698765.html"
    work_url = "/xxgk/zfgzbg/202401/t20240112_1709876.html"
    news_url = "/zwdt/bmdt/202403/t20240305_1745678.html"

    # --- reports ----------------------------------------------------------------------------
    listed: list[tuple[str, str, date]] = []
    for path, spec in reports:
        url = f"{BASE}{path}"
        crumbs = [home, xxgk, ("政府信息公开年报", COLUMN), ("正文", "")]
        listed.append((spec.title, path, spec.published))
        if url == SPLIT_URL:
            _split(portal, spec, url, shell, crumbs)
            continue
        main = trs.article(
            spec.title,
            _info(spec),
            spec.body_html(),
            related=[("赫山区政府信息公开指南", "/xxgk/zfxxgkzn/")],
        )
        body = shell(spec.title, crumbs, main, _metas(spec)).encode()
        headers = [("Content-Type", "text/html; charset=UTF-8")]
        route = cacheable(body, headers, last_modified=moment(spec.published))
        if url == CUT_URL and version == 1:
            route = CutOnce(body, headers, route)
        portal.serve(url, route)
        portal.report(spec.truth(url, portal.id))
        if version == 2:
            change = "new" if spec.year == 2024 else "unchanged"
            portal.change(url, change, "published a year later" if change == "new" else "as before")
    path, spec = _education()
    url = f"{BASE}{path}"
    main = trs.article(spec.title, _info(spec), spec.body_html())
    portal.page(
        url,
        shell(
            spec.title,
            [home, xxgk, ("部门年报", f"{COLUMN}bmnb/"), ("正文", "")],
            main,
            _metas(spec),
        ),
        modified=spec.published,
    )
    portal.report(spec.truth(url, portal.id))
    if version == 2:
        portal.change(url, "unchanged", "as before")

    # --- look-alikes -------------------------------------------------------------------------
    title, paragraphs = lookalikes.compile_notice(
        "赫山区人民政府办公室", 2023, "各乡镇人民政府、街道办事处，区直各单位"
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    info = "<span>发布时间：2023-12-18 16:02</span><span>来源：赫山区人民政府办公室</span>"
    portal.page(
        f"{BASE}{notice_url}",
        shell(
            title,
            [home, xxgk, ("政府信息公开年报", COLUMN), ("正文", "")],
            trs.article(title, info, body),
        ),
        modified=date(2023, 12, 18),
    )
    portal.negative(
        f"{BASE}{notice_url}", "notice about compiling the 2023 reports, in the report column"
    )
    listed.append((title, notice_url, date(2023, 12, 18)))
    title, paragraphs = lookalikes.work_report(
        "赫山区", 2024, "益阳市赫山区第四届人民代表大会第四次会议"
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    info = "<span>发布时间：2024-01-12 10:00</span><span>来源：赫山区人民政府办公室</span>"
    portal.page(
        f"{BASE}{work_url}",
        shell(
            title,
            [home, xxgk, ("政府工作报告", "/xxgk/zfgzbg/"), ("正文", "")],
            trs.article(title, info, body),
        ),
        modified=date(2024, 1, 12),
    )
    portal.negative(f"{BASE}{work_url}", "政府工作报告 (work report to the people's congress)")
    news_title = "赫山区召开2024年政务公开工作推进会"
    news = (
        "<p>3月5日，赫山区召开2024年政务公开工作推进会，总结2023年政务公开工作，部署2024年重点任务。"
        "会议要求各单位对照年度工作要点，抓好基层政务公开标准化规范化建设。</p>"
    )
    portal.page(
        f"{BASE}{news_url}",
        shell(
            news_title,
            [home, ("政务动态", "/zwdt/"), ("正文", "")],
            trs.article(news_title, "<span>发布时间：2024-03-05</span>", news),
        ),
        modified=date(2024, 3, 5),
    )

    # --- columns and sections ------------------------------------------------------------------
    listed.sort(key=lambda item: item[2], reverse=True)
    side = (
        '<h3>政府信息公开年报</h3><ul><li><a href="/xxgk/zfxxgknb/">区政府年报</a></li>'
        '<li><a href="/xxgk/zfxxgknb/bmnb/">部门年报</a></li></ul>'
    )
    per_page = 4
    pages = [listed[i : i + per_page] for i in range(0, len(listed), per_page)]
    for number, items in enumerate(pages):
        rel = [(t, "./" + p.removeprefix(COLUMN), d.isoformat()) for t, p, d in items]
        main = trs.column(
            rel, heading="政府信息公开年报", page_count=len(pages), page=number, side=side
        )
        name = "index.html" if number == 0 else f"index_{number}.html"
        text = shell("政府信息公开年报", [home, xxgk, ("政府信息公开年报", "")], main)
        portal.page(f"{BASE}{COLUMN}{name}", text, modified=items[0][2])
        if number == 0:
            portal.page(f"{BASE}{COLUMN}", text, modified=items[0][2])
    dept = [(spec.title, "./" + path.removeprefix(f"{COLUMN}bmnb/"), spec.published.isoformat())]
    main = trs.column(dept, heading="部门年报", page_count=1, page=0, side=side)
    text = shell("部门年报", [home, xxgk, ("部门年报", "")], main)
    portal.page(f"{BASE}{COLUMN}bmnb/", text, modified=spec.published)
    portal.page(f"{BASE}{COLUMN}bmnb/index.html", text, modified=spec.published)

    xxgk_main = (
        '<div class="xxgk-nav"><h2>政府信息公开</h2><ul>'
        '<li><a href="/xxgk/zfxxgkzn/">政府信息公开指南</a></li>'
        '<li><a href="/xxgk/fdzdgknr/">法定主动公开内容</a></li>'
        f'<li><a href="{COLUMN}">政府信息公开年报</a></li>'
        '<li><a href="/xxgk/zfgzbg/">政府工作报告</a></li></ul></div>'
    )
    portal.page(
        f"{BASE}/xxgk/",
        shell("政务公开", [home, ("政务公开", "")], xxgk_main),
        modified=date(2024, 1, 2),
    )
    guide = (
        "<p>为了更好地为公民、法人和其他组织提供政府信息公开服务，根据《条例》，编制本指南。</p>"
    )
    portal.page(
        f"{BASE}/xxgk/zfxxgkzn/",
        shell(
            "政府信息公开指南",
            [home, xxgk, ("政府信息公开指南", "")],
            trs.article("赫山区人民政府信息公开指南", "<span>发布时间：2023-06-01</span>", guide),
        ),
        modified=date(2023, 6, 1),
    )
    portal.page(
        f"{BASE}/xxgk/fdzdgknr/",
        shell(
            "法定主动公开内容",
            [home, xxgk, ("法定主动公开内容", "")],
            "<ul><li><a href='/xxgk/zfxxgkzn/'>机构职能</a></li></ul>",
        ),
        modified=date(2023, 6, 1),
    )
    portal.page(
        f"{BASE}/xxgk/zfgzbg/",
        shell(
            "政府工作报告",
            [home, xxgk, ("政府工作报告", "")],
            trs.column(
                [("2024年赫山区人民政府工作报告", work_url, "2024-01-12")],
                heading="政府工作报告",
                page_count=1,
                page=0,
                side="",
            ),
        ),
        modified=date(2024, 1, 12),
    )
    for path, label in (
        ("/zwdt/", "政务动态"),
        ("/zwfw/", "政务服务"),
        ("/hdjl/", "互动交流"),
        ("/zjhs/", "走进赫山"),
    ):
        items = [(news_title, news_url, "2024-03-05")] if path == "/zwdt/" else []
        main = trs.column(items, heading=label, page_count=1, page=0, side="")
        portal.page(
            f"{BASE}{path}", shell(label, [home, (label, "")], main), modified=date(2024, 3, 5)
        )
    search = "<ul>" + "".join(f'<li><a href="{p}">{t}</a></li>' for t, p, _ in listed) + "</ul>"
    portal.page(
        f"{BASE}/was5/web/search?channelid=201212",
        shell("站内搜索", [home, ("搜索", "")], search),
        modified=None,
        etag=False,
    )
    portal.page(
        f"{BASE}/wza/",
        shell("无障碍浏览", [home, ("无障碍", "")], "<p>无障碍浏览服务</p>"),
        modified=None,
        etag=False,
    )
    portal.page(
        f"{BASE}/ydb/",
        shell("移动版", [home, ("移动版", "")], "<p>请用手机访问本站。</p>"),
        modified=date(2023, 1, 1),
    )
    portal.disallowed += [f"{BASE}/was5/web/search?channelid=201212", f"{BASE}/wza/"]

    latest = listed[:5]
    news_items = "".join(
        f'<li><a href="{p}">{t}</a><span>{d.isoformat()}</span></li>' for t, p, d in latest
    )
    home_main = (
        f'<div class="yw"><h2>政务动态</h2><ul><li><a href="{news_url}">{news_title}</a></li>'
        f'<li><a href="{work_url}">2024年赫山区人民政府工作报告</a></li></ul></div>'
        f'<div class="gk"><h2><a href="/xxgk/">政务公开</a></h2><ul>{news_items}</ul>'
        f'<a class="more" href="{COLUMN}">更多&gt;&gt;</a></div>'
    )
    home_text = shell(NAME, [("首页", "")], home_main)
    portal.page(f"{BASE}/", home_text, modified=latest[0][2])
    portal.stylesheet(f"{BASE}/images/style.css")
    return portal


def _split(portal: Portal, spec: ReportSpec, url: str, shell, crumbs) -> None:
    """The 2022 report as TRS splits an article: t…html, t…_1.html, t…_2.html."""
    parts = spec.split(
        ["三、收到和处理政府信息公开申请情况", "requests:1.本机关不掌握相关政府信息"]
    )
    stem = url.rsplit("/", 1)[1].removesuffix(".html")
    names = [f"{stem}.html"] + [f"{stem}_{i}.html" for i in range(1, len(parts))]
    base = url.rsplit("/", 1)[0]
    for number, blocks in enumerate(parts):
        links = []
        for i, name in enumerate(names):
            links.append(
                f"<span>第{i + 1}页</span>" if i == number else f'<a href="{name}">第{i + 1}页</a>'
            )
        if number + 1 < len(names):
            links.append(f'<a href="{names[number + 1]}">下一页</a>')
        pager = '<div class="trs-page">' + " ".join(links) + "</div>"
        body = spec.body_html(blocks, signed=number == len(parts) - 1)
        main = trs.article(spec.title, _info(spec), body, pager=pager)
        portal.page(
            f"{base}/{names[number]}",
            shell(spec.title, crumbs, main, _metas(spec)),
            modified=spec.published,
        )
        if number:
            portal.negative(
                f"{base}/{names[number]}", f"page {number + 1} of the split 2022 report"
            )
    pages = [f"{base}/{n}" for n in names]
    portal.report(spec.truth(url, portal.id, pages=pages))
    if portal.version == 2:
        portal.change(url, "unchanged", "as before")
