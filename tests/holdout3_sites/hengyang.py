"""衡阳市生态环境局 (sthjj.hengyang.gov.cn): a department's own site on a JEECMS-style CMS
(``/channels/N.html``, ``/channels/N_2.html``, ``/contents/N/M.html``), ``Content-Type:
text/html`` without charset (the meta says utf-8). Its report list also holds its
法治政府建设年度报告; a 生态环境状况公报 and a 部门决算 elsewhere. In the second version the
2016 report is withdrawn: unlisted, and its page answers 404."""

from __future__ import annotations

import html
from datetime import date

from demo.server import not_found_page
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.world import Portal

E = html.escape
HOST = "sthjj.hengyang.gov.cn"
BASE = f"http://{HOST}"
NAME = "衡阳市生态环境局"
REGION = "湖南省衡阳市"
ROBOTS = "User-agent: *\nDisallow: /member/\n"
VOICE = Voice(
    agency=NAME,
    own_name="衡阳市生态环境局",
    we="我局",
    office="衡阳市生态环境局办公室",
    address="衡阳市蒸湘区船山大道33号",
    phone="0734-8868123",
    website="衡阳市生态环境局门户网站",
)
WITHDRAWN = f"{BASE}/contents/45/12345.html"
FOOTER = (
    "版权所有：衡阳市生态环境局 地址：衡阳市蒸湘区船山大道33号 网站标识码：4304000055 "
    "湘ICP备09012345号 <a href='http://www.hengyang.gov.cn/'>衡阳市人民政府</a>"
)


def shell(title: str, crumbs: list[tuple[str, str]], main: str) -> str:
    crumb = " &gt; ".join(f'<a href="{E(h)}">{E(t)}</a>' if h else E(t) for t, h in crumbs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{E(title)}-{NAME}</title>
<link href="/r/cms/www/default/css/style.css" rel="stylesheet"></head>
<body><div class="topbar"><a href="/">{NAME}</a> <a href="/member/login.jspx">登录</a></div>
<div class="menu"><a href="/">首页</a><a href="/channels/12.html">政务公开</a><a href="/channels/30.html">环境质量</a><a href="/channels/47.html">财政资金</a></div>
<div class="location">您的位置：{crumb}</div>
<div class="wrap">{main}</div>
<div class="foot">{FOOTER}</div></body></html>
"""


def listing(heading: str, items: list[tuple[str, str, str]], pager: str = "") -> str:
    lis = "".join(
        f'<li><span class="fr">{d}</span><a href="{E(h)}" target="_blank">{E(t)}</a></li>'
        for t, h, d in items
    )
    return f'<div class="list-box"><div class="list-title">{E(heading)}</div><ul class="list-con">{lis}</ul><div class="pagination">{pager}</div></div>'


def content(title: str, when: str, source: str, body: str) -> str:
    return f"""<div class="con-box"><h1 class="con-title">{E(title)}</h1>
<div class="con-info">时间：{when}　来源：{E(source)}　浏览：<span id="views"></span>次</div>
<div class="con_text">
{body}
</div></div>"""


def _specs() -> list[tuple[str, ReportSpec]]:
    common = {"agency": NAME, "region": REGION, "voice": VOICE, "publisher": NAME}
    return [
        (
            "/contents/45/24512.html",
            ReportSpec(
                key="hengyang-2023",
                title="衡阳市生态环境局2023年政府信息公开工作年度报告",
                year=2023,
                published=date(2024, 1, 19),
                form="2021",
                dress="ue",
                signature=NAME,
                **common,
            ),
        ),
        (
            "/contents/45/19876.html",
            ReportSpec(
                key="hengyang-2020",
                title="衡阳市生态环境局2020年政府信息公开工作年度报告",
                year=2020,
                published=date(2021, 1, 27),
                form="2019",
                dress="word",
                **common,
            ),
        ),
        (
            "/contents/45/12345.html",
            ReportSpec(
                key="hengyang-2016",
                title="衡阳市环境保护局2016年政府信息公开工作年度报告",
                year=2016,
                published=date(2017, 3, 21),
                form="2008",
                dress="th",
                notes=["the body was 衡阳市环境保护局 then; withdrawn in version 2"],
                **{
                    **common,
                    "agency": "衡阳市环境保护局",
                    "publisher": "衡阳市环境保护局",
                    "voice": Voice(
                        "衡阳市环境保护局",
                        "衡阳市环境保护局",
                        "我局",
                        "衡阳市环境保护局办公室",
                        VOICE.address,
                        VOICE.phone,
                        "衡阳市环境保护局网站",
                    ),
                },
            ),
        ),
        (
            "/contents/45/9876.html",
            ReportSpec(
                key="hengyang-2013",
                title="衡阳市环境保护局2013年政府信息公开工作年度报告",
                year=2013,
                published=date(2014, 3, 19),
                form="text",
                **{
                    **common,
                    "agency": "衡阳市环境保护局",
                    "publisher": "衡阳市环境保护局",
                    "voice": Voice(
                        "衡阳市环境保护局",
                        "衡阳市环境保护局",
                        "我局",
                        "衡阳市环境保护局办公室",
                        VOICE.address,
                        VOICE.phone,
                        "衡阳市环境保护局网站",
                    ),
                },
            ),
        ),
    ]


def build(version: int) -> Portal:
    portal = Portal(
        id="hengyang",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            "a department's own site (JEECMS-style /channels/45.html, /channels/45_2.html, "
            "/contents/45/N.html); Content-Type text/html without charset, meta utf-8",
            "the reports of 2013 and 2016 are those of its predecessor 衡阳市环境保护局",
            "look-alikes: 法治政府建设年度报告 in the report list, 生态环境状况公报, 部门决算",
            "version 2: the 2016 report withdrawn (unlisted, 404) -> gone",
        ],
    )
    portal.robots(HOST, ROBOTS, date(2023, 9, 1))
    home = ("首页", "/")
    gk = ("政务公开", "/channels/12.html")
    crumbs = [home, gk, ("政府信息公开年报", "/channels/45.html"), ("正文", "")]

    def page(url: str, text: str, modified: date | None) -> None:
        portal.page(url, text, modified=modified, content_type="text/html")

    items: list[tuple[str, str, date]] = []
    for path, spec in _specs():
        url = f"{BASE}{path}"
        if version == 2 and url == WITHDRAWN:
            portal.serve(url, not_found_page())
            portal.change(url, "gone", "unlisted and answering 404")
            continue
        when = f"{spec.published.year}年{spec.published.month:02d}月{spec.published.day:02d}日"
        page(
            url,
            shell(
                spec.title,
                crumbs,
                content(spec.title, when, spec.publisher or "", spec.body_html()),
            ),
            spec.published,
        )
        portal.report(spec.truth(url, portal.id))
        items.append((spec.title, path, spec.published))
        if version == 2:
            portal.change(url, "unchanged", "as before")

    title, paragraphs = lookalikes.rule_of_law_report(NAME, 2023)
    path = "/contents/45/25678.html"
    page(
        f"{BASE}{path}",
        shell(
            title,
            crumbs,
            content(title, "2024年02月26日", NAME, "".join(f"<p>{p}</p>" for p in paragraphs)),
        ),
        date(2024, 2, 26),
    )
    portal.negative(f"{BASE}{path}", "法治政府建设年度报告, in the report list")
    items.append((title, path, date(2024, 2, 26)))
    title, paragraphs = lookalikes.environment_bulletin("衡阳市", 2023)
    bulletin = "/contents/30/24890.html"
    page(
        f"{BASE}{bulletin}",
        shell(
            title,
            [home, ("环境质量", "/channels/30.html"), ("正文", "")],
            content(title, "2024年06月05日", NAME, "".join(f"<p>{p}</p>" for p in paragraphs)),
        ),
        date(2024, 6, 5),
    )
    portal.negative(f"{BASE}{bulletin}", "生态环境状况公报 (environment bulletin)")
    title2, paragraphs = lookalikes.final_accounts(NAME, 2022)
    accounts = "/contents/47/23456.html"
    page(
        f"{BASE}{accounts}",
        shell(
            title2,
            [home, ("财政资金", "/channels/47.html"), ("正文", "")],
            content(title2, "2023年09月12日", NAME, "".join(f"<p>{p}</p>" for p in paragraphs)),
        ),
        date(2023, 9, 12),
    )
    portal.negative(f"{BASE}{accounts}", "部门决算 (final accounts)")

    items.sort(key=lambda i: i[2], reverse=True)
    per_page = 3
    pages = [items[i : i + per_page] for i in range(0, len(items), per_page)]
    for number, chunk in enumerate(pages, start=1):
        links = [
            f'<a href="/channels/45{"" if n == 1 else f"_{n}"}.html">{n}</a>'
            for n in range(1, len(pages) + 1)
        ]
        if number < len(pages):
            links.append(f'<a href="/channels/45_{number + 1}.html">下一页</a>')
        rows = [(t, p, d.isoformat()) for t, p, d in chunk]
        name = "/channels/45.html" if number == 1 else f"/channels/45_{number}.html"
        page(
            f"{BASE}{name}",
            shell(
                "政府信息公开年报",
                [home, gk, ("政府信息公开年报", "")],
                listing("政府信息公开年报", rows, " ".join(links)),
            ),
            chunk[0][2],
        )
    page(
        f"{BASE}/channels/30.html",
        shell(
            "环境质量",
            [home, ("环境质量", "")],
            listing("环境质量", [(title, bulletin, "2024-06-05")]),
        ),
        date(2024, 6, 5),
    )
    page(
        f"{BASE}/channels/47.html",
        shell(
            "财政资金",
            [home, ("财政资金", "")],
            listing("财政资金", [(title2, accounts, "2023-09-12")]),
        ),
        date(2023, 9, 12),
    )
    gk_main = listing(
        "政务公开",
        [
            ("政府信息公开年报", "/channels/45.html", ""),
            ("环境质量", "/channels/30.html", ""),
            ("财政资金", "/channels/47.html", ""),
        ],
    )
    page(
        f"{BASE}/channels/12.html",
        shell("政务公开", [home, ("政务公开", "")], gk_main),
        date(2024, 1, 19),
    )
    home_main = listing(
        "政务公开",
        [
            ("政府信息公开年报", "/channels/45.html", ""),
            ("生态环境状况公报", "/channels/30.html", ""),
        ],
    )
    page(f"{BASE}/", shell(NAME, [home], home_main), date(2024, 6, 5))
    login = shell(
        "用户登录",
        [home, ("登录", "")],
        "<form action='/member/login.jspx' method='post'><input name='username'></form>",
    )
    page(f"{BASE}/member/login.jspx", login, None)
    portal.disallowed.append(f"{BASE}/member/login.jspx")
    portal.stylesheet(f"{BASE}/r/cms/www/default/css/style.css")
    return portal
