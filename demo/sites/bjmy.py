"""北京市密云区人民政府 (www.bjmy.gov.cn): a district TRS portal with a year tree of report columns.

Exercises: year sub-columns ``gknb2017/`` … ``gknb2023/`` under the report column, township
(镇) reports next to the district's own, 统计表 and 2021-format reports, and a 图解 (graphic
interpretation) of a report filed in the same column as a look-alike, and one slow page.
"""

from __future__ import annotations

from functools import partial

from demo.sites import chrome_trs as trs
from demo.sites import files
from demo.sites.model import ArticlePage, ListEntry, Negative, PortalBuild, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder

HOST = "www.bjmy.gov.cn"
NAME = "北京市密云区人民政府"
REGION = "北京市密云区"
ROOT = "/zwgk/zfxxgk/zfxxgknb/"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="1101280001",
    icp="京ICP备05060933号",
    police="京公网安备 11022802000110号",
    organizer="北京市密云区人民政府办公室",
    undertaker="北京市密云区政务服务管理局",
    phone="010-69044281",
    accent="#a4121b",
    nav=(
        ("首页", "/"),
        ("政务公开", "/zwgk/"),
        ("政府信息公开", "/zwgk/zfxxgk/"),
        ("政务服务", "/bsfw/"),
        ("互动交流", "/hdjl/"),
    ),
)


def _town(name: str, posted_by: str = "") -> dict:
    """A township's report; the district may post it (发布机构 the district, not the town)."""
    return dict(
        agency=f"北京市密云区{name}人民政府",
        region=f"{REGION}{name}",
        level="town",
        posted_by=posted_by,
    )


_DISTRICT = dict(agency=NAME, region=REGION, level="district")

# (key, year, published, tid, form, style, title prefix, fields)
_ROWS = [
    ("bjmy-2017", 2017, "2018-03-09", "195741", "stats", "word", "北京市密云区人民政府", _DISTRICT),
    (
        "bjmy-glz-2017",
        2017,
        "2018-02-23",
        "195744",
        "stats",
        "plain",
        "密云区高岭镇",
        _town("高岭镇", posted_by="北京市密云区人民政府"),
    ),
    (
        "bjmy-xwz-2018",
        2018,
        "2019-03-15",
        "231128",
        "stats",
        "cms",
        "密云区溪翁庄镇",
        _town("溪翁庄镇"),
    ),
    ("bjmy-2021", 2021, "2022-01-26", "2600312", "2021", "word", "北京市密云区人民政府", _DISTRICT),
    (
        "bjmy-tst-2021",
        2021,
        "2022-01-28",
        "2601877",
        "2021",
        "plain",
        "密云区太师屯镇",
        _town("太师屯镇", posted_by="区政府办"),
    ),
    ("bjmy-2023", 2023, "2024-01-25", "3001122", "2021", "cms", "北京市密云区人民政府", _DISTRICT),
]

REPORTS = [
    ReportSpec(
        key=key,
        path=f"{ROOT}gknb{year}/{published[:7].replace('-', '')}/t{published.replace('-', '')}_{tid}.html",
        title=f"{prefix}{year}年政府信息公开工作年度报告",
        year=year,
        published=published,
        form=form,
        style=style,
        zero_blank=fields["level"] == "town" and form == "stats",
        office=f"{fields['agency']}办公室",
        phone="010-69044281",
        index_no=f"11110228MB0W{tid[-4:]}/{published[:4]}-{tid[-5:]}",
        # The newest report trickles out: 4 KiB pieces with a pause before each.
        response={"delay": 0.05, "chunk_size": 4096} if key == "bjmy-2023" else {},
        **fields,
    )
    for key, year, published, tid, form, style, prefix, fields in _ROWS
]

_CRUMBS_ROOT = [
    ("首页", "/"),
    ("政务公开", "/zwgk/"),
    ("政府信息公开", "/zwgk/zfxxgk/"),
    ("政府信息公开年报", ROOT),
]


def build() -> PortalBuild:
    b = SiteBuilder(HOST, server="nginx")
    portal = PortalBuild(
        id="bjmy",
        name=NAME,
        start_urls=[f"http://{HOST}/"],
        sites=[b.site],
        exercises=[
            "year tree: gknb2017/ … gknb2023/ sub-columns under the report column",
            "township reports (高岭镇, 溪翁庄镇, 太师屯镇) beside the district's",
            "统计表 and 2021-format reports",
            "look-alike: 图解 of a report in the same year column",
            "a slow page: the 2023 report's body trickles out in 4 KiB pieces",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    years: dict[int, list[ListEntry]] = {}
    for spec in REPORTS:
        column = f"{ROOT}gknb{spec.year}/"
        crumbs = [*_CRUMBS_ROOT, (f"{spec.year}年度", column)]
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                NAME,
                lambda page, y=spec.year: trs.article_page(THEME, page, f"{y}年度"),
                crumbs,
            )
        )
        years.setdefault(spec.year, []).append(
            ListEntry(spec.title, "./" + spec.path.removeprefix(column), spec.published)
        )
    _interpretation(b, portal, years)
    side = [(f"{y}年度", f"{ROOT}gknb{y}/") for y in sorted(years, reverse=True)]
    for year, entries in years.items():
        column = f"{ROOT}gknb{year}/"
        entries.sort(key=lambda e: e.date, reverse=True)
        crumbs = [*_CRUMBS_ROOT, (f"{year}年度", column)]
        text = trs.column_page(THEME, f"{year}年度", crumbs, entries, 0, 1, side)
        b.page(column, text)
        b.page(column + "index.html", text)
    year_links = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in side)
    root = trs.simple_page(
        THEME, "政府信息公开年报", _CRUMBS_ROOT, f"<ul class='sub'>{year_links}</ul>"
    )
    b.page(ROOT, root)
    b.page(ROOT + "index.html", root)
    _furniture(b)
    return portal


def _interpretation(b: SiteBuilder, portal: PortalBuild, years: dict[int, list[ListEntry]]) -> None:
    column = f"{ROOT}gknb2023/"
    path = f"{column}202401/t20240126_3001390.html"
    title = "图解：密云区2023年政府信息公开工作年度报告"
    body = (
        '<p style="text-align: center;"><img src="./W020240126517712345678.png" '
        'alt="图解密云区2023年政府信息公开工作年度报告" /></p>'
        '<p style="text-indent: 2em;">一图读懂密云区2023年政府信息公开工作：全年主动公开政府信息'
        "4000余条，办理依申请公开300余件。</p>"
    )
    crumbs = [*_CRUMBS_ROOT, ("2023年度", column)]
    page = ArticlePage(path, title, "2024-01-26", body, "北京市密云区人民政府办公室", crumbs)
    b.page(path, trs.article_page(THEME, page, "2023年度"))
    b.file(f"{column}202401/W020240126517712345678.png", files.PNG_1PX, "png")
    years[2023].append(ListEntry(title, "./" + path.removeprefix(column), "2024-01-26"))
    portal.negatives.append(Negative(b.url(path), "图解 (graphic interpretation) of a report"))


def _furniture(b: SiteBuilder) -> None:
    home = trs.simple_page(
        THEME,
        "首页",
        [("首页", "/")],
        f'<ul><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li><li><a href="{ROOT}">'
        "政府信息公开年报</a></li></ul>",
    )
    b.page("/", home)
    b.page("/index.html", home)
    b.static_pages(
        partial(trs.simple_page, THEME),
        (
            ("/zwgk/", "政务公开", '<ul><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li></ul>'),
            (
                "/zwgk/zfxxgk/",
                "政府信息公开",
                f'<ul><li><a href="{ROOT}">政府信息公开年报</a></li></ul>',
            ),
            ("/bsfw/", "政务服务", "<p>北京市政务服务网。</p>"),
            ("/hdjl/", "互动交流", "<p>区长信箱。</p>"),
            ("/wzdt/", "网站地图", f'<p><a href="{ROOT}">政府信息公开年报</a></p>'),
            ("/lxwm/", "联系我们", "<p>电话：010-69044281</p>"),
            ("/syhj/", "使用帮助", "<p>使用帮助。</p>"),
            ("/yszc/", "隐私声明", "<p>隐私声明。</p>"),
            ("/mobile/", "手机版", "<p>手机版。</p>"),
        ),
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /was5/\nDisallow: /search/\n")
    b.text("/js/page.js", trs.PAGE_JS, "application/javascript")
    b.text("/js/jquery-1.11.3.min.js", "/* jQuery stub */\n", "application/javascript")
    b.text("/images/base.css", trs.CSS, "text/css")
