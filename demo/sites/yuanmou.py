"""元谋县人民政府 (www.ynym.gov.cn): a UCAP-style county portal on Tomcat, GBK with a lying header.

Exercises: ``Content-Type: text/html; charset=ISO-8859-1`` over GBK bytes (meta says gb2312;
镕 and 堃 in names), every page gzip + chunked, ``*.shtml`` pages with 19-digit ids, year
sub-columns (2019年 … 2023年), township (姜驿乡) and department reports, one report with a
deliberate arithmetic error, and 政府工作报告 / budget-report look-alikes.
"""

from __future__ import annotations

from functools import partial

from demo.sites import chrome_ucap as ucap
from demo.sites import lookalikes
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

HOST = "www.ynym.gov.cn"
NAME = "元谋县人民政府"
REGION = "云南省楚雄彝族自治州元谋县"
ROOT = "/zwgk/zfxxgk/zfxxgknb/"

THEME = SiteTheme(
    site_name=NAME,
    host=HOST,
    site_code="5323280001",
    icp="滇ICP备05001786号",
    police="滇公网安备 53232802000118号",
    organizer="元谋县人民政府办公室",
    phone="0878-8211225",
    address="云南省楚雄州元谋县元马镇龙川街",
    nav=(
        ("首页", "/index.shtml"),
        ("政务公开", "/zwgk/index.shtml"),
        ("政府信息公开", "/zwgk/zfxxgk/index.shtml"),
        ("政务服务", "/zwfw/index.shtml"),
        ("互动交流", "/hdjl/index.shtml"),
        ("走进元谋", "/zjym/index.shtml"),
    ),
)

_COUNTY = dict(agency=NAME, region=REGION, level="county", office="元谋县人民政府办公室")
_TOWN = dict(
    agency="元谋县姜驿乡人民政府",
    region="云南省楚雄彝族自治州元谋县姜驿乡",
    level="town",
    office="姜驿乡党政综合办公室",
    contact="李堃",
)


def _spec(key: str, year: int, published: str, form: str, style: str, **fields) -> ReportSpec:
    agency = fields["agency"]
    return ReportSpec(
        key=key,
        path=f"{ROOT}{year}n/{ucap.snowflake_id(key)}.shtml",
        title=f"{agency}{year}年政府信息公开工作年度报告",
        year=year,
        published=published,
        form=form,
        style=style,
        phone="0878-8211225",
        index_no=f"115323280152270845/{published[:4]}-{int(ucap.snowflake_id(key)) % 100000:05d}",
        **fields,
    )


REPORTS = [
    _spec("ynym-2019", 2019, "2020-01-17", "2019", "word", **_COUNTY),
    _spec(
        "ynym-2020",
        2020,
        "2021-01-25",
        "2019",
        "plain",
        deliberate_error="table 三: 一、本年新收政府信息公开申请数量 总计 is 2 more than its columns",
        **_COUNTY,
    ),
    _spec("ynym-2021", 2021, "2022-01-20", "2021", "cms", **_COUNTY),
    _spec(
        "ynym-2022",
        2022,
        "2023-01-19",
        "2021",
        "word",
        attachments=(
            Attachment(
                "/uploadfiles/202301/19/2023011916253465317817.docx",
                "元谋县人民政府2022年政府信息公开工作年度报告.docx",
                "docx",
            ),
        ),
        **_COUNTY,
    ),
    _spec("ynym-2023", 2023, "2024-01-18", "2021", "plain", posted_by="县政府办公室", **_COUNTY),
    # the townships' reports are posted by the county government
    _spec(
        "ynym-jyx-2021",
        2021,
        "2022-01-24",
        "2021",
        "cms",
        zero_blank=True,
        posted_by="元谋县人民政府",
        **_TOWN,
    ),
    _spec("ynym-jyx-2022", 2022, "2023-01-28", "2021", "plain", posted_by="县政府办", **_TOWN),
    _spec(
        "ynym-jtj-2023",
        2023,
        "2024-01-26",
        "2021",
        "word",
        agency="元谋县教育体育局",
        region=REGION,
        level="department",
        office="元谋县教育体育局办公室",
        contact="杨镕",
        posted_by="县政府办",
    ),
]

_CRUMBS_XXGK = [("首页", "/index.shtml"), ("政府信息公开", "/zwgk/zfxxgk/index.shtml")]
_CRUMBS_ROOT = [*_CRUMBS_XXGK, ("政府信息公开年报", f"{ROOT}index.shtml")]


def build() -> PortalBuild:
    b = SiteBuilder(
        HOST,
        charset="gbk",
        header_charset="ISO-8859-1",
        server="Apache-Coyote/1.1",
        page_options={"chunked": True, "chunk_size": 8192},
        extra_headers=(("Set-Cookie", "JSESSIONID=5F1E2D3C4B5A69788796A5B4C3D2E1F0; Path=/"),),
    )
    portal = PortalBuild(
        id="yuanmou",
        name=NAME,
        start_urls=[f"http://{HOST}/index.shtml"],
        sites=[b.site],
        exercises=[
            "Tomcat header charset=ISO-8859-1 over GBK bytes (meta gb2312; 镕 堃 in names)",
            "every page gzip + chunked",
            "*.shtml with 19-digit ids; year sub-columns 2019年 … 2023年",
            "township (元谋县姜驿乡人民政府) and department (元谋县教育体育局) reports",
            "a report with a deliberate arithmetic error (2020)",
            "look-alikes: 政府工作报告, budget execution report",
        ],
        download_delay=0.5,
        max_pages=80,
    )
    years: dict[int, list[ListEntry]] = {}
    for spec in REPORTS:
        crumbs = [*_CRUMBS_ROOT, (f"{spec.year}年", f"{ROOT}{spec.year}n/index.shtml")]
        portal.reports.append(
            publish_report(
                b,
                portal.id,
                spec,
                NAME,
                lambda page: ucap.article_page(THEME, page, "政府信息公开年报"),
                crumbs,
            )
        )
        years.setdefault(spec.year, []).append(ListEntry(spec.title, spec.path, spec.published))
    tabs = [(f"{y}年", f"{ROOT}{y}n/index.shtml") for y in sorted(years, reverse=True)]
    for year, entries in years.items():
        entries.sort(key=lambda e: e.date, reverse=True)
        crumbs = [*_CRUMBS_ROOT, (f"{year}年", f"{ROOT}{year}n/index.shtml")]
        b.page(
            f"{ROOT}{year}n/index.shtml",
            ucap.column_page(THEME, f"{year}年", crumbs, entries, tabs),
        )
    root = ucap.column_page(THEME, "政府信息公开年报", _CRUMBS_ROOT, [], tabs)
    b.page(f"{ROOT}index.shtml", root)
    _lookalikes(b, portal)
    _furniture(b)
    return portal


def _lookalikes(b: SiteBuilder, portal: PortalBuild) -> None:
    for column, column_name, key, title, date, body, why in (
        (
            "/zwgk/zfgzbg/",
            "政府工作报告",
            "ynym-zfgzbg-2023",
            "元谋县2023年政府工作报告",
            "2023-02-10",
            lookalikes.work_report("元谋县", 2023, "元谋县人民政府县长"),
            "政府工作报告, not the open-information annual report",
        ),
        (
            "/zwgk/czzj/",
            "财政资金",
            "ynym-ys-2023",
            "关于元谋县2022年预算执行情况和2023年预算草案的报告",
            "2023-02-12",
            lookalikes.budget("元谋县财政局", 2023),
            "budget execution report",
        ),
    ):
        path = f"{column}{ucap.snowflake_id(key)}.shtml"
        crumbs = [
            ("首页", "/index.shtml"),
            ("政务公开", "/zwgk/index.shtml"),
            (column_name, f"{column}index.shtml"),
        ]
        page = ArticlePage(
            path, title, date, body, NAME, crumbs, index_no="115323280152270845/2023-00031"
        )
        b.page(path, ucap.article_page(THEME, page, column_name))
        b.page(
            f"{column}index.shtml",
            ucap.column_page(THEME, column_name, crumbs, [ListEntry(title, path, date)]),
        )
        portal.negatives.append(Negative(b.url(path), why))


def _furniture(b: SiteBuilder) -> None:
    home_body = f"""<div class="col"><h3>政务公开</h3><ul>
<li><a href="/zwgk/zfxxgk/index.shtml">政府信息公开</a></li>
<li><a href="{ROOT}index.shtml">政府信息公开年报</a></li>
<li><a href="/zwgk/zfgzbg/index.shtml">政府工作报告</a></li>
<li><a href="/zwgk/czzj/index.shtml">财政资金</a></li></ul></div>
<div class="col"><h3>县长信箱</h3><p>县政府办公室值班电话：0878-8211225（联系人：杨镕）</p></div>"""
    home = ucap.simple_page(THEME, "首页", [("首页", "/index.shtml")], home_body)
    b.page("/", home)
    b.page("/index.shtml", home)
    b.static_pages(
        partial(ucap.simple_page, THEME),
        (
            (
                "/zwgk/index.shtml",
                "政务公开",
                '<ul><li><a href="/zwgk/zfxxgk/index.shtml">政府信息公开</a></li>'
                '<li><a href="/zwgk/zfgzbg/index.shtml">政府工作报告</a></li></ul>',
            ),
            (
                "/zwgk/zfxxgk/index.shtml",
                "政府信息公开",
                f'<ul><li><a href="{ROOT}index.shtml">政府信息公开年报</a></li>'
                '<li><a href="/zwgk/czzj/index.shtml">财政资金</a></li></ul>',
            ),
            ("/zwfw/index.shtml", "政务服务", "<p>请登录云南政务服务网办理。</p>"),
            ("/hdjl/index.shtml", "互动交流", "<p>县长信箱、意见征集。</p>"),
            ("/zjym/index.shtml", "走进元谋", "<p>元谋，元谋人的故乡。</p>"),
            ("/wza/index.shtml", "无障碍", "<p>无障碍浏览说明。</p>"),
            (
                "/wzdt/index.shtml",
                "网站地图",
                f'<p><a href="{ROOT}index.shtml">政府信息公开年报</a></p>',
            ),
            ("/lxwm/index.shtml", "联系我们", "<p>元谋县人民政府办公室</p>"),
        ),
        home="/index.shtml",
    )
    b.text("/robots.txt", "User-agent: *\nDisallow: /ucap/\n")
    b.text("/ucap/css/style.css", "body{margin:0}\n", "text/css")
