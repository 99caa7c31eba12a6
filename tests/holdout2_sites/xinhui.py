"""江门市新会区人民政府 (www.xinhui.gov.cn): the Guangdong ``gkmlpt`` catalog platform.

Nothing lists the reports in plain HTML: ``/gkmlpt/index#2412`` is a script app that reads the
fragment and asks ``/gkmlpt/api/all/2412?page=1&sid=…`` for JSON. Without the fragment the app
shows every catalog newest first (one report on its first page). robots.txt answers 404.
"""

from __future__ import annotations

from demo.server import Request, Response
from demo.sites.model import (
    ArticlePage,
    Attachment,
    Negative,
    PortalBuild,
    ReportSpec,
    SiteTheme,
)
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.holdout2_sites import chrome_gkmlpt as gk
from tests.holdout2_sites import lookalike_texts as looks

HOST = "www.xinhui.gov.cn"
NAME = "江门市新会区人民政府"
REGION = "广东省江门市新会区"
SID = 757015
REPORT_CATALOG = 2412

THEME = SiteTheme(
    site_name="江门市新会区人民政府门户网站",
    host=HOST,
    site_code="4407050001",
    icp="粤ICP备05085637号",
    organizer="江门市新会区人民政府办公室",
    police="粤公网安备 44070502000018号",
    address="江门市新会区会城今古洲东路1号",
)

CATALOGS = [
    gk.Catalog(2401, "机构职能"),
    gk.Catalog(2405, "政策文件"),
    gk.Catalog(2408, "规划计划"),
    gk.Catalog(2410, "财政预决算"),
    gk.Catalog(REPORT_CATALOG, "政府信息公开年报"),
    gk.Catalog(2413, "政府信息公开指南"),
]
_CATALOG_NAME = {c.id: c.name for c in CATALOGS}
_CRUMBS = [
    ("首页", "/"),
    ("政府信息公开目录", "/gkmlpt/index"),
    ("政府信息公开年报", f"/gkmlpt/index#{REPORT_CATALOG}"),
]


def _post(post_id: int, catalog: int, title: str, date: str, number: int) -> gk.Post:
    return gk.Post(
        post_id, catalog, title, date, f"11440705MB2C94301J/{date[:4]}-{number:05d}", NAME
    )


def _spec(key, post_id, year, published, form, style, title, **kw) -> tuple[ReportSpec, gk.Post]:
    post = _post(post_id, REPORT_CATALOG, title, published, post_id % 997)
    spec = ReportSpec(
        key=key,
        path=post.path,
        title=title,
        agency=NAME,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level="district",
        style=style,
        office="江门市新会区人民政府办公室",
        address="江门市新会区会城今古洲东路1号",
        phone="0750-6101935",
        index_no=post.identifier,
        **kw,
    )
    return spec, post


REPORTS = [
    _spec(
        "xinhui-2023",
        2981234,
        2023,
        "2024-01-19",
        "2021",
        "word",
        "江门市新会区人民政府2023年度政府信息公开工作报告",
        attachments=(
            Attachment(
                "/attachment/0/542/542871/2981234.pdf",
                "江门市新会区人民政府2023年度政府信息公开工作报告.pdf",
                "pdf",
            ),
        ),
    ),
    _spec(
        "xinhui-2022",
        2765402,
        2022,
        "2023-01-17",
        "2021",
        "cms",
        "江门市新会区2022年政府信息公开工作年度报告",
    ),
    _spec(
        "xinhui-2021",
        2561190,
        2021,
        "2022-01-21",
        "2021",
        "plain",
        "江门市新会区人民政府2021年政府信息公开工作年度报告",
        zero_blank=True,
    ),
    _spec(
        "xinhui-2020",
        2298876,
        2020,
        "2021-01-29",
        "2019",
        "word",
        "新会区2020年政府信息公开工作年度报告（全文）",
    ),
    _spec(
        "xinhui-2019",
        1987435,
        2019,
        "2020-01-16",
        "2019",
        "cms",
        "江门市新会区人民政府2019年政府信息公开工作年度报告",
    ),
]

# Other documents of the catalog: they fill the first page of the unfiltered list.
_OTHERS = [
    (3012876, 2405, "江门市新会区人民政府关于印发新会区2024年重点项目计划的通知", "2024-03-18"),
    (3009311, 2410, "江门市新会区2024年区级部门预算公开说明", "2024-03-06"),
    (3002451, 2405, "江门市新会区人民政府办公室关于做好2024年春耕生产工作的通知", "2024-02-27"),
    (2998830, 2408, "新会区国民经济和社会发展第十四个五年规划中期评估报告", "2024-02-21"),
    (2995120, 2401, "江门市新会区人民政府办公室主要职责", "2024-02-05"),
    (2990073, 2405, "江门市新会区人民政府关于调整区政府领导工作分工的通知", "2024-01-30"),
    (2811402, 2413, "江门市新会区人民政府信息公开指南", "2023-03-02"),
    (2701558, 2410, "江门市新会区2022年区级决算公开说明", "2022-09-15"),
]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="nginx")
    portal = PortalBuild(
        id="xinhui",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "gkmlpt catalog platform: /gkmlpt/index#2412 is a script app reading location.hash; "
            "the list is JSON from /gkmlpt/api/all/2412?page=1&sid=757015, nothing in plain HTML",
            "without the fragment the app lists every catalog newest first (1 report on page 1, "
            "the others only in catalog 2412 or on later pages behind script pager links)",
            "details /gkmlpt/content/2/2981/post_2981234.html#2412 with 成文日期 (the day before) "
            "and 发布日期 in the box; title variants 年度政府信息公开工作报告, （全文）",
            "robots.txt answers 404",
            "look-alikes in the report catalog: 政府网站工作年度报表, 图文解读 of a report",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    posts: list[gk.Post] = []
    for spec, post in REPORTS:
        render = lambda p: gk.article_page(THEME, p, "政府信息公开年报")  # noqa: E731
        portal.reports.append(publish_report(b, portal.id, spec, NAME, render, _CRUMBS))
        posts.append(post)
    _lookalikes(b, portal, posts)
    for post_id, catalog, title, date in _OTHERS:
        post = _post(post_id, catalog, title, date, post_id % 991)
        crumbs = [
            ("首页", "/"),
            ("政府信息公开目录", "/gkmlpt/index"),
            (_CATALOG_NAME[catalog], f"/gkmlpt/index#{catalog}"),
        ]
        body = (
            f'<p style="text-indent: 2em;">{title}。</p><p style="text-indent: 2em;">（正文略）</p>'
        )
        page = ArticlePage(post.path, title, date, body, NAME, crumbs, index_no=post.identifier)
        b.page(post.path, gk.article_page(THEME, page, _CATALOG_NAME[catalog]))
        posts.append(post)
    b.page("/gkmlpt/index", gk.index_page(THEME, SID))
    b.text("/gkmlpt/static/js/gkmlpt.js", gk.APP_JS, "application/javascript")
    b.text("/gkmlpt/static/css/gkmlpt.css", "body{margin:0}.container{width:1200px}\n", "text/css")
    b.handler(f"{gk.API}/tree", _json(lambda request: gk.tree_json(CATALOGS)))
    b.prefix_handler(f"{gk.API}/all/", _json(_catalog_list(posts)))
    _furniture(b)
    return portal


def _lookalikes(b: SiteBuilder, portal: PortalBuild, posts: list[gk.Post]) -> None:
    for post_id, title, date, body, why in (
        (
            2991845,
            "江门市新会区人民政府门户网站2023年政府网站工作年度报表",
            "2024-01-26",
            looks.website_yearly_form(
                THEME.site_name, THEME.organizer, 2023, THEME.site_code, f"http://{HOST}/"
            ),
            "政府网站工作年度报表 (about the website), in the report catalog",
        ),
        (
            2984410,
            "图文解读：《江门市新会区人民政府2023年度政府信息公开工作报告》",
            "2024-01-22",
            looks.interpretation(NAME, 2023, 214),
            "解读 of the 2023 report, in the report catalog",
        ),
    ):
        post = _post(post_id, REPORT_CATALOG, title, date, post_id % 997)
        page = ArticlePage(post.path, title, date, body, NAME, _CRUMBS, index_no=post.identifier)
        b.page(post.path, gk.article_page(THEME, page, "政府信息公开年报"))
        posts.append(post)
        portal.negatives.append(Negative(b.url(post.path), why))


def _json(make):
    def handler(request: Request) -> Response:
        return Response(
            headers=[("Content-Type", "application/json;charset=UTF-8")],
            body=make(request).encode("utf-8"),
            gzip=True,
        )

    return handler


def _catalog_list(posts: list[gk.Post]):
    def make(request: Request) -> str:
        args = request.args()
        raw = request.path.removeprefix(f"{gk.API}/all/").strip("/")
        if args.get("sid") != str(SID) or not raw.isdigit():
            return '{"code": 400, "msg": "参数错误"}'
        catalog_id = int(raw)
        page = int(args["page"]) if args.get("page", "").isdigit() else 1
        if catalog_id == 0:
            catalog, chosen = gk.Catalog(0, "全部"), posts
        elif catalog_id in _CATALOG_NAME:
            catalog = gk.Catalog(catalog_id, _CATALOG_NAME[catalog_id])
            chosen = [p for p in posts if p.catalog == catalog_id]
        else:
            return '{"code": 404, "msg": "目录不存在"}'
        return gk.list_json(HOST, catalog, chosen, max(1, page))

    return make


def _furniture(b: SiteBuilder) -> None:
    links = (
        '<div class="zwgk"><h3>政务公开</h3><ul>'
        '<li><a href="/gkmlpt/index">政府信息公开目录</a></li>'
        f'<li><a href="/gkmlpt/index#{REPORT_CATALOG}">政府信息公开年报</a></li>'
        '<li><a href="/gkmlpt/index#2413">政府信息公开指南</a></li>'
        '<li><a href="/gkmlpt/index#2405">政策文件</a></li></ul></div>'
    )
    home = gk.simple_page(
        THEME,
        "首页",
        [("首页", "/")],
        links + '<div class="news"><h3>新会要闻</h3><ul><li>区领导调研春耕生产工作</li></ul></div>',
    )
    b.page("/", home)
    b.page(
        "/zwgk/", gk.simple_page(THEME, "政务公开", [("首页", "/"), ("政务公开", "/zwgk/")], links)
    )
    b.page(
        "/hdjl/",
        gk.simple_page(
            THEME, "互动交流", [("首页", "/"), ("互动交流", "/hdjl/")], "<p>区长信箱</p>"
        ),
    )
