"""杨凌示范区 (www.yangling.gov.cn): 19-digit ids, 公开年报 with 部门年报 over 3 ``?page=N`` pages, GBK."""

from __future__ import annotations

from demo.sites import lookalikes
from demo.sites.chrome_ucap import snowflake_id
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.holdout_sites import chrome_plain_cms as cms

HOST = "www.yangling.gov.cn"
NAME = "杨凌示范区管委会"
REGION = "陕西省杨凌示范区"
ROOT = "/zwgk/gknb/"

THEME = SiteTheme(
    site_name="杨凌示范区",
    host=HOST,
    site_code="6104030001",
    icp="陕ICP备05004811号",
    organizer="杨凌示范区管委会办公室",
    charset="GBK",
)


def _spec(key, year, published, column, form, style, agency, level="department", title=None, **kw):
    return ReportSpec(
        key=key,
        path=f"{ROOT}{column}/{snowflake_id(key)}.html",
        title=title or f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        region=REGION,
        year=year,
        published=published,
        form=form,
        level=level,
        style=style,
        phone="029-87036120",
        index_no=f"yl-{column}-{published[:4]}-{int(snowflake_id(key)) % 1000:03d}",
        **kw,
    )


REPORTS = [
    _spec(
        "yl-2020",
        2020,
        "2021-01-29",
        "qgknb",
        "2019",
        "word",
        NAME,
        "city",
        "杨凌示范区2020年政府信息公开工作年度报告",
    ),
    _spec(
        "yl-2022",
        2022,
        "2023-01-31",
        "qgknb",
        "2021",
        "cms",
        NAME,
        "city",
        "杨凌示范区2022年政府信息公开工作年度报告",
    ),
    _spec("yl-wjj-2018", 2018, "2019-03-20", "bmnb", "stats", "plain", "杨凌示范区卫生健康局"),
    _spec(
        "yl-jyj-2021",
        2021,
        "2022-01-25",
        "bmnb",
        "2021",
        "plain",
        "杨凌示范区教育局",
        zero_blank=True,
    ),
    _spec("yl-sjj-2022", 2022, "2023-01-20", "bmnb", "2021", "word", "杨凌示范区审计局"),
    _spec(
        "yl-tjj-2023", 2023, "2024-01-22", "bmnb", "2021", "cms", "杨凌示范区统计局", contact="张喆"
    ),
    _spec(
        "yl-zrj-2023",
        2023,
        "2024-01-26",
        "bmnb",
        "2021",
        "word",
        "杨凌示范区自然资源和规划局",
        title="杨凌示范区自然资源和规划局2023年政务公开工作年度报告",
    ),
]

_CRUMBS_ROOT = [("首页", "/"), ("政务公开", "/zwgk/"), ("公开年报", ROOT)]
_COLUMNS = {"qgknb": "示范区年报", "bmnb": "部门年报"}
_PER_PAGE = 2


def build() -> PortalBuild:
    b = SiteBuilder(HOST, charset="gbk", header_charset="GBK", server="nginx")
    portal = PortalBuild(
        id="yangling",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "19-digit ids; 公开年报 root with 示范区年报 / 部门年报 sub-columns",
            "部门年报 over 3 pages via ?page=N; GBK declared honestly (喆 in a name)",
            "title variant 政务公开工作年度报告; a 部门预算 in the 部门年报 list",
        ],
        download_delay=0.5,
        max_pages=50,
    )
    columns: dict[str, list[ListEntry]] = {"qgknb": [], "bmnb": []}
    for spec in REPORTS:
        column = spec.path.split("/")[3]
        crumbs = [*_CRUMBS_ROOT, (_COLUMNS[column], f"{ROOT}{column}/index.html")]
        portal.reports.append(
            publish_report(
                b, portal.id, spec, "杨凌示范区", lambda p: cms.article_page(THEME, p), crumbs
            )
        )
        columns[column].append(ListEntry(spec.title, spec.path, spec.published))
    budget = f"{ROOT}bmnb/{snowflake_id('yl-sjj-ys-2023')}.html"
    title = "杨凌示范区审计局2023年部门预算公开"
    crumbs = [*_CRUMBS_ROOT, ("部门年报", f"{ROOT}bmnb/index.html")]
    page = ArticlePage(
        budget,
        title,
        "2023-02-15",
        lookalikes.budget("杨凌示范区审计局", 2023),
        "杨凌示范区审计局",
        crumbs,
    )
    b.page(budget, cms.article_page(THEME, page))
    columns["bmnb"].append(ListEntry(title, budget, "2023-02-15"))
    portal.negatives.append(Negative(b.url(budget), "部门预算 filed in the 部门年报 list"))
    for column, entries in columns.items():
        entries.sort(key=lambda e: e.date, reverse=True)
        base = f"{ROOT}{column}/index.html"
        crumbs = [*_CRUMBS_ROOT, (_COLUMNS[column], base)]
        pages = [entries[i : i + _PER_PAGE] for i in range(0, len(entries), _PER_PAGE)]
        if column == "qgknb":
            pages = [entries]
        for number, chunk in enumerate(pages, start=1):
            text = cms.list_page(THEME, _COLUMNS[column], crumbs, chunk, base, number, len(pages))
            b.page(f"{base}?page={number}", text)
            if number == 1:
                b.page(base, text)
    subs = "".join(f'<li><a href="{ROOT}{c}/index.html">{n}</a></li>' for c, n in _COLUMNS.items())
    b.page(ROOT, cms.simple_page(THEME, "公开年报", _CRUMBS_ROOT, f"<ul>{subs}</ul>"))
    home = cms.simple_page(
        THEME,
        "首页",
        [("首页", "/")],
        f'<ul><li><a href="/zwgk/">政务公开</a></li><li><a href="{ROOT}">公开年报</a></li></ul>',
    )
    b.page("/", home)
    b.page(
        "/zwgk/",
        cms.simple_page(THEME, "政务公开", [("首页", "/")], f'<a href="{ROOT}">公开年报</a>'),
    )
    b.page("/hdjl/", cms.simple_page(THEME, "互动交流", [("首页", "/")], "<p>主任信箱</p>"))
    b.text("/robots.txt", "User-agent: *\nDisallow: /admin/\n")
    return portal
