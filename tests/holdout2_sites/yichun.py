"""宜春市人民政府 (www.yichun.gov.cn) and two departments' subdomains (tjj., sfj.yichun.gov.cn),
a PHPCMS v9 site group: query-string URLs only.

The city lists its own reports in 政府信息公开年报 (catid 26, two pages) next to its 政府网站
工作年度报表; 部门年报 (catid 27) on www links reports that live on the departments' subdomains.
Details label their dates 成文日期 / 生成日期 and the issuer 发布机关; one title names no agency.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from demo.server import Request, Response, Site
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
from tests.holdout2_sites import chrome_phpcms as php
from tests.holdout2_sites import lookalike_texts as looks

WWW = "www.yichun.gov.cn"
TJJ = "tjj.yichun.gov.cn"
SFJ = "sfj.yichun.gov.cn"
NAME = "宜春市人民政府"
REGION = "江西省宜春市"
REPORT_CAT = 26
DEPT_CAT = 27
ZWGK_CAT = 8


_WWW_NAV = (
    ("首页", "/"),
    ("政务公开", php.list_url(ZWGK_CAT)),
    ("政府信息公开年报", php.list_url(REPORT_CAT)),
    ("部门年报", php.list_url(DEPT_CAT)),
)
_DEPT_NAV = (
    ("首页", "/"),
    ("政府信息公开年报", php.list_url(12)),
    ("宜春市人民政府", f"http://{WWW}/"),
)


def _theme(host: str, name: str, organizer: str, code: str) -> SiteTheme:
    return SiteTheme(
        site_name=name,
        host=host,
        site_code=code,
        icp="赣ICP备05000918号",
        organizer=organizer,
        nav=_WWW_NAV if host == WWW else _DEPT_NAV,
    )


THEMES = {
    WWW: _theme(WWW, "宜春市人民政府", "宜春市人民政府办公室", "3609000001"),
    TJJ: _theme(TJJ, "宜春市统计局", "宜春市统计局", "3609000016"),
    SFJ: _theme(SFJ, "宜春市司法局", "宜春市司法局", "3609000021"),
}


def _spec(key, host, catid, doc, year, published, form, style, title, agency, level, **kw):
    return host, ReportSpec(
        key=key,
        path=php.show_url(catid, doc),
        title=title,
        agency=agency,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level=level,
        style=style,
        phone=kw.pop("phone", "0795-3999110"),
        index_no=f"{THEMES[host].site_code[-4:]}-{published[:4]}-{doc:05d}",
        **kw,
    )


REPORTS = [
    _spec(
        "yichun-2023",
        WWW,
        REPORT_CAT,
        11872,
        2023,
        "2024-01-26",
        "2021",
        "word",
        "宜春市人民政府2023年政府信息公开工作年度报告",
        NAME,
        "city",
        attachments=(
            Attachment(
                "/uploadfile/2024/0126/20240126093512187.pdf",
                "宜春市人民政府2023年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
    ),
    _spec(
        "yichun-2022",
        WWW,
        REPORT_CAT,
        10544,
        2022,
        "2023-01-20",
        "2021",
        "cms",
        "宜春市2022年政府信息公开工作年度报告",
        NAME,
        "city",
    ),
    _spec(
        "yichun-2019",
        WWW,
        REPORT_CAT,
        7215,
        2019,
        "2020-01-22",
        "2019",
        "plain",
        "宜春市2019年政府信息公开工作年度报告",
        NAME,
        "city",
    ),
    _spec(
        "yichun-2016",
        WWW,
        REPORT_CAT,
        4410,
        2016,
        "2017-03-24",
        "stats",
        "word",
        "宜春市2016年政府信息公开工作年度报告",
        NAME,
        "city",
        scopes=("本级", "本行政区域"),
    ),
    _spec(
        "yichun-tjj-2020",
        TJJ,
        12,
        835,
        2020,
        "2021-01-28",
        "2019",
        "cms",
        "宜春市统计局2020年度政务公开工作年度报告",
        "宜春市统计局",
        "department",
        phone="0795-3281562",
    ),
    _spec(
        "yichun-sfj-2022",
        SFJ,
        12,
        1290,
        2022,
        "2023-01-29",
        "2021",
        "plain",
        "2022年政府信息公开年报",
        "宜春市司法局",
        "department",
        phone="0795-3281730",
        zero_blank=True,
    ),
    _spec(
        "yichun-sfj-2021",
        SFJ,
        12,
        1104,
        2021,
        "2022-01-25",
        "2021",
        "word",
        "宜春市司法局2021年政府信息公开工作年度报告",
        "宜春市司法局",
        "department",
        phone="0795-3281730",
    ),
]


def build() -> PortalBuild:
    builders = {h: SiteBuilder(h, server="nginx/1.16.1", header_charset="utf-8") for h in THEMES}
    portal = PortalBuild(
        id="yichun",
        name=NAME,
        start_urls=[f"http://{WWW}/"],
        sites=[b.site for b in builders.values()],
        exercises=[
            "PHPCMS v9 site group: index.php?m=content&c=index&a=lists&catid=26&page=2 and "
            "a=show&catid=26&id=11872 URLs (parameters in any order are served)",
            "部门年报 list on www links reports on the departments' subdomains "
            "(tjj.yichun.gov.cn, sfj.yichun.gov.cn)",
            "metadata box labelled 发布机关 / 成文日期 / 生成日期",
            "titles 2022年政府信息公开年报 (no agency), 年度政务公开工作年度报告",
            "a 2016 统计表 printed twice (本级, 本行政区域)",
            "look-alikes: 政府网站工作年度报表 in the report list, 政务公开工作要点, 统计年鉴",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    lists: dict[tuple[str, int], list[ListEntry]] = {}
    for host, spec in REPORTS:
        b = builders[host]
        catid = int(dict(parse_qsl(urlsplit(spec.path).query))["catid"])
        crumbs = [("首页", "/"), ("政府信息公开年报", php.list_url(catid))]
        theme = THEMES[host]
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                theme.site_name,
                lambda p, t=theme: php.article_page(t, p),
                crumbs,
            )
        )
        lists.setdefault((host, catid), []).append(ListEntry(spec.title, spec.path, spec.published))
        if host != WWW:
            lists.setdefault((WWW, DEPT_CAT), []).append(
                ListEntry(spec.title, b.url(spec.path), spec.published)
            )
    _lookalikes(builders, portal, lists)
    names = {
        REPORT_CAT: "政府信息公开年报",
        DEPT_CAT: "部门年报",
        ZWGK_CAT: "政务公开",
        12: "政府信息公开年报",
        15: "统计数据",
    }
    for (host, catid), entries in lists.items():
        entries.sort(key=lambda e: e.date, reverse=True)
        pages = [entries[i : i + 4] for i in range(0, len(entries), 4)]
        for number, chunk in enumerate(pages, start=1):
            crumbs = [("首页", "/"), (names[catid], php.list_url(catid))]
            builders[host].page(
                php.list_url(catid, number),
                php.list_page(THEMES[host], names[catid], crumbs, chunk, catid, number, len(pages)),
            )
    for host, b in builders.items():
        _furniture(b, THEMES[host], lists)
    return portal


def _lookalikes(builders, portal: PortalBuild, lists) -> None:
    www = THEMES[WWW]
    for host, catid, doc, title, date, body, source, why in (
        (
            WWW,
            REPORT_CAT,
            11905,
            "宜春市人民政府门户网站2023年政府网站工作年度报表",
            "2024-01-29",
            looks.website_yearly_form(
                "宜春市人民政府门户网站",
                "宜春市人民政府办公室",
                2023,
                www.site_code,
                f"http://{WWW}/",
            ),
            "宜春市人民政府办公室",
            "政府网站工作年度报表, in the report list",
        ),
        (
            WWW,
            ZWGK_CAT,
            10981,
            "宜春市2023年政务公开工作要点",
            "2023-04-18",
            looks.work_points("宜春市人民政府办公室", 2023),
            "宜春市人民政府办公室",
            "政务公开工作要点",
        ),
        (
            TJJ,
            15,
            901,
            "宜春统计年鉴—2023",
            "2023-10-30",
            looks.statistical_yearbook("宜春市", 2023),
            "宜春市统计局",
            "统计年鉴 on the 统计局 subdomain",
        ),
    ):
        b = builders[host]
        path = php.show_url(catid, doc)
        crumbs = [("首页", "/"), ("列表", php.list_url(catid))]
        page = ArticlePage(
            path,
            title,
            date,
            body,
            source,
            crumbs,
            index_no=f"{THEMES[host].site_code[-4:]}-{date[:4]}-{doc:05d}",
        )
        b.page(path, php.article_page(THEMES[host], page))
        lists.setdefault((host, catid), []).append(ListEntry(title, path, date))
        portal.negatives.append(Negative(b.url(path), why))


def _any_order(site: Site, home: Response):
    """PHP reads parameters by name: serve a page whatever order the query spells them in."""

    def handler(request: Request) -> Response:
        args = request.args()
        if not request.query:
            return home
        if args.get("a") == "show":
            target = php.show_url(int(args.get("catid", "0") or 0), int(args.get("id", "0") or 0))
        else:
            page = int(args["page"]) if args.get("page", "").isdigit() else 1
            target = php.list_url(int(args.get("catid", "0") or 0), page)
        route = site.routes.get(target) if args.get("catid", "").isdigit() else None
        if route is None or route is handler:
            return (
                site.not_found if isinstance(site.not_found, Response) else site.not_found(request)
            )
        return route(request) if callable(route) else route

    return handler


def _furniture(b: SiteBuilder, theme: SiteTheme, lists) -> None:
    own = [(catid, php.list_url(catid)) for (host, catid) in lists if host == b.host]
    links = "".join(
        f'<li><a href="{href.replace("&", "&amp;")}">栏目{catid}</a></li>' for catid, href in own
    )
    links = links.replace("栏目26", "政府信息公开年报").replace("栏目27", "部门年报")
    links = (
        links.replace("栏目8", "政务公开")
        .replace("栏目12", "政府信息公开年报")
        .replace("栏目15", "统计数据")
    )
    home = php.simple_page(theme, "首页", [("首页", "/")], f"<ul>{links}</ul>")
    b.page("/", home)
    b.handler("/index.php", _any_order(b.site, b.html_response(home)))
    b.text("/robots.txt", "User-agent: *\nDisallow: /phpcms/\nDisallow: /caches/\n")
    b.text("/statics/css/reset.css", "body{margin:0}\n", "text/css")
