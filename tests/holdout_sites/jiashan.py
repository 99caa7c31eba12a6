"""嘉善县人民政府 (www.jiashan.gov.cn): JPaaS portal; the 年度报告 list is JSON from an API."""

from __future__ import annotations

import json

from demo.server import Request, Response
from demo.sites import lookalikes
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.holdout_sites import chrome_jpaas as jpaas

HOST = "www.jiashan.gov.cn"
NAME = "嘉善县人民政府"
REGION = "浙江省嘉兴市嘉善县"
PAGE_ID = 1229393519
COLUMN = f"/col/col{PAGE_ID}/index.html"
TPL_SET = "5a0c7e1b0c6f4d2c9a1e3f5b7d9c0a12"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="3304210001",
    icp="浙ICP备11045693号",
    organizer="嘉善县人民政府办公室",
)


def _spec(key, year, published, art, form, style, agency=NAME, level="county", title=None, **kw):
    y, m, d = (int(x) for x in published.split("-"))
    return ReportSpec(
        key=key,
        path=f"/art/{y}/{m}/{d}/art_{PAGE_ID}_{art}.html",
        title=title or f"{agency}{year}年度政府信息公开工作年度报告",
        agency=agency,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level=level,
        style=style,
        phone="0573-84123050",
        index_no=f"002540637/{y}-{art % 100000:05d}",
        **kw,
    )


REPORTS = [
    _spec("jiashan-2019", 2019, "2020-01-16", 4218765, "2019", "plain"),
    _spec("jiashan-2020", 2020, "2021-01-22", 4598812, "2019", "word"),
    _spec(
        "jiashan-2021",
        2021,
        "2022-01-19",
        4987730,
        "2021",
        "cms",
        title="嘉善县2021年度政府信息公开工作报告",
    ),
    _spec("jiashan-2022", 2022, "2023-01-13", 5410021, "2021", "word"),
    _spec("jiashan-2023", 2023, "2024-01-12", 5830112, "2021", "plain", zero_blank=True),
    _spec(
        "jiashan-czj-2022",
        2022,
        "2023-01-29",
        5433310,
        "2021",
        "cms",
        agency="嘉善县财政局",
        level="department",
    ),
]

_CRUMBS = [("首页", "/"), ("政府信息公开", "/col/col1229393510/index.html"), ("年度报告", COLUMN)]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="openresty")
    portal = PortalBuild(
        id="jiashan",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "JPaaS: list only from GET /api-gateway/jpaas-publish-server/front/page/build/unit "
            "(JSON with data.html)",
            "column wording 年度报告; a title variant without 年度报告",
        ],
        download_delay=0.5,
        max_pages=50,
    )
    entries = []
    for spec in REPORTS:
        portal.reports.append(
            publish_report(
                b, portal.id, spec, NAME, lambda page: jpaas.article_page(THEME, page), _CRUMBS
            )
        )
        entries.append(ListEntry(spec.title, spec.path, spec.published))
    entries.sort(key=lambda e: e.date, reverse=True)
    b.page(
        COLUMN, jpaas.column_page(THEME, PAGE_ID, "年度报告", _CRUMBS, web_id=3220, tpl_set=TPL_SET)
    )
    b.handler(jpaas.API, _unit(entries))
    stats_col = "/col/col1229393530/index.html"
    path = "/art/2023/3/20/art_1229393530_5512345.html"
    title = "2022年嘉善县国民经济和社会发展统计公报"
    crumbs = [("首页", "/"), ("统计信息", stats_col)]
    page = ArticlePage(
        path, title, "2023-03-20", lookalikes.stats_bulletin("嘉善县", 2022), "嘉善县统计局", crumbs
    )
    b.page(path, jpaas.article_page(THEME, page))
    b.page(
        stats_col,
        jpaas.simple_page(
            THEME, "统计信息", crumbs, f'<ul><li><a href="{path}">{title}</a></li></ul>'
        ),
    )
    portal.negatives.append(Negative(b.url(path), "统计公报"))
    links = (
        f'<ul><li><a href="/col/col1229393510/index.html">政府信息公开</a></li>'
        f'<li><a href="{COLUMN}">年度报告</a></li><li><a href="{stats_col}">统计信息</a></li></ul>'
    )
    b.page("/", jpaas.simple_page(THEME, "首页", [("首页", "/")], links))
    for path, title in (
        ("/col/col1229393500/index.html", "政务公开"),
        ("/col/col1229393510/index.html", "政府信息公开"),
        ("/col/col1229393590/index.html", "互动交流"),
    ):
        b.page(path, jpaas.simple_page(THEME, title, [("首页", "/"), (title, path)], links))
    b.text("/robots.txt", "User-agent: *\nAllow: /\n")
    b.text("/static/jpaas/js/unit.js", jpaas.UNIT_JS, "application/javascript")
    b.text("/static/jpaas/css/main.css", "body{margin:0}\n", "text/css")
    return portal


def _unit(entries: list[ListEntry]):
    def handler(request: Request) -> Response:
        args = request.args()
        try:
            params = json.loads(args.get("paramJson") or "{}")
        except json.JSONDecodeError:
            params = {}
        if args.get("pageId") != str(PAGE_ID):
            body = json.dumps({"success": False, "code": "404", "data": None})
        else:
            body = jpaas.unit_json(
                entries, int(params.get("pageIndex", 1)), int(params.get("pageSize", 15))
            )
        return Response(
            headers=[("Content-Type", "application/json;charset=UTF-8")], body=body.encode()
        )

    return handler
