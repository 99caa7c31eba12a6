"""平江县人民政府 (www.pingjiang.gov.cn): a county on a 集约化 platform whose township pages
(/xzjd/adz/ 安定镇, /xzjd/ssz/ 三市镇) carry the townships' own report lists. 安定镇's 2023
report is posted by 平江县人民政府办公室; its 2022 report is a .docx linked straight from the
list; 三市镇's title names no county. A 政府网站工作年度报表 in the county's 年报 list; Crawl-delay 1."""

from __future__ import annotations

from datetime import date

from tests.holdout3_sites import chrome_county as cc
from tests.holdout3_sites.documents import document_bytes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.serving import cacheable
from tests.holdout3_sites.world import Portal, moment

HOST = "www.pingjiang.gov.cn"
BASE = f"http://{HOST}"
NAME = "平江县人民政府"
REGION = "湖南省岳阳市平江县"
ROBOTS = "User-agent: Baiduspider\nAllow: /\n\nUser-agent: *\nCrawl-delay: 1\nDisallow: /search/\n"
FOOTER = (
    "主办：平江县人民政府办公室　网站标识码：4306260001　湘ICP备06001122号　"
    "<a href='http://www.yueyang.gov.cn/'>岳阳市人民政府</a>　<a href='http://www.hunan.gov.cn/'>湖南省人民政府</a>"
)
COUNTY = Voice(
    agency=NAME,
    own_name="平江县",
    we="我县",
    office="平江县人民政府办公室",
    address="平江县城关镇天岳大道168号",
    phone="0730-6222345",
    website="平江县人民政府门户网站",
)
ANDING = Voice(
    agency="平江县安定镇人民政府",
    own_name="安定镇",
    we="我镇",
    office="安定镇党政综合办公室",
    address="平江县安定镇安定社区建设路8号",
    phone="0730-6512301",
    website="平江县人民政府门户网站安定镇专栏",
)
SANSHI = Voice(
    agency="平江县三市镇人民政府",
    own_name="三市镇",
    we="我镇",
    office="三市镇党政综合办公室",
    address="平江县三市镇三市街12号",
    phone="0730-6752210",
    website="平江县人民政府门户网站三市镇专栏",
)
DOCX_URL = f"{BASE}/xzjd/adz/gknb/P020230130623519876543.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def spec_anding_2022() -> ReportSpec:
    """安定镇's 2022 report, published as a DOCX (files/anding_2022.docx) linked from the list."""
    return ReportSpec(
        key="anding-2022",
        title="安定镇2022年政府信息公开工作年度报告",
        agency="平江县安定镇人民政府",
        region="湖南省岳阳市平江县安定镇",
        year=2022,
        published=date(2023, 1, 30),
        form="2021",
        voice=ANDING,
        publisher=None,
        signature="平江县安定镇人民政府",
        notes=["a .docx linked straight from the township's list; dated only by its signature"],
    )


def _county_specs() -> list[tuple[str, ReportSpec]]:
    office = "平江县人民政府办公室"
    return [
        (
            "/zwgk/zfxxgknb/content_3412567.html",
            ReportSpec(
                key="pingjiang-2023",
                title="平江县2023年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2023,
                published=date(2024, 1, 24),
                form="2021",
                voice=COUNTY,
                dress="ue",
                publisher=office,
                scale=2,
                signature="平江县人民政府",
            ),
        ),
        (
            "/zwgk/zfxxgknb/content_2987654.html",
            ReportSpec(
                key="pingjiang-2020",
                title="平江县2020年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2020,
                published=date(2021, 1, 22),
                form="2019",
                voice=COUNTY,
                dress="word",
                publisher=office,
                scale=2,
            ),
        ),
    ]


def _township_specs() -> dict[str, list[tuple[str, ReportSpec]]]:
    return {
        "adz": [
            (
                "/xzjd/adz/gknb/content_3423456.html",
                ReportSpec(
                    key="anding-2023",
                    title="平江县安定镇2023年政府信息公开工作年度报告",
                    agency="平江县安定镇人民政府",
                    region="湖南省岳阳市平江县安定镇",
                    year=2023,
                    published=date(2024, 1, 29),
                    form="2021",
                    voice=ANDING,
                    dress="plain",
                    publisher="平江县人民政府办公室",
                    signature="平江县安定镇人民政府",
                    notes=["a township's report posted by the county's office (发布机构)"],
                ),
            ),
        ],
        "ssz": [
            (
                "/xzjd/ssz/gknb/content_3425678.html",
                ReportSpec(
                    key="sanshi-2023",
                    title="三市镇2023年政府信息公开工作年度报告",
                    agency="平江县三市镇人民政府",
                    region="湖南省岳阳市平江县三市镇",
                    year=2023,
                    published=date(2024, 1, 26),
                    form="2021",
                    voice=SANSHI,
                    dress="th",
                    publisher="三市镇",
                    signature="三市镇人民政府",
                    notes=["the title and signature name no county"],
                ),
            ),
        ],
    }


TOWNS = {"adz": "安定镇", "ssz": "三市镇", "njz": "南江镇"}


def build(version: int) -> Portal:
    portal = Portal(
        id="pingjiang",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            "集约化 platform: content_N.html articles, 发布机构 / 发布日期 line, plain lists",
            "township sections /xzjd/adz/ and /xzjd/ssz/ with their own 政府信息公开年报 lists",
            "安定镇's 2023 report posted by 平江县人民政府办公室; 三市镇's title names no county",
            "安定镇's 2022 report: a .docx linked straight from the list (no landing page)",
            "look-alikes: 政府网站工作年度报表 in the county's 年报 list, a township's 工作总结",
            "robots.txt: a Baiduspider group, then * with Crawl-delay 1 and /search/ disallowed",
        ],
    )
    portal.robots(HOST, ROBOTS, date(2024, 4, 3))
    home = ("首页", "/")
    gk = ("政务公开", "/zwgk/")
    towns = ("乡镇街道", "/xzjd/")

    def shell(title: str, crumbs, main: str) -> str:
        return cc.shell(NAME, title, crumbs, main, footer=FOOTER)

    def article(url: str, spec: ReportSpec, crumbs) -> None:
        info = [("发布机构", spec.publisher)] if spec.publisher else []
        info.append(("发布日期", f"{spec.published.isoformat()} 10:30"))
        portal.page(
            url,
            shell(spec.title, crumbs, cc.article(spec.title, info, spec.body_html())),
            modified=spec.published,
        )
        portal.report(spec.truth(url, portal.id))
        if version == 2:
            portal.change(url, "unchanged", "as before")

    county: list[tuple[str, str, str]] = []
    for path, spec in _county_specs():
        article(
            f"{BASE}{path}", spec, [home, gk, ("政府信息公开年报", "/zwgk/zfxxgknb/"), ("正文", "")]
        )
        county.append(
            (spec.title, path.removeprefix("/zwgk/zfxxgknb/"), spec.published.isoformat())
        )
    report_form = "/zwgk/zfxxgknb/content_3398765.html"
    title = "平江县人民政府门户网站2023年度工作报表"
    body = (
        "<p>根据《政府网站与政务新媒体检查指标》和《政府网站年度工作报表》要求，现将平江县人民政府"
        "门户网站2023年度工作报表公开如下。</p><table border='1'><tr><td>网站名称</td><td>平江县人民政府</td></tr>"
        "<tr><td>网站标识码</td><td>4306260001</td></tr><tr><td>独立用户访问总量（单位：个）</td><td>1288653</td></tr>"
        "<tr><td>网站总访问量（单位：次）</td><td>5231876</td></tr><tr><td>信息发布总数（单位：条）</td><td>6521</td></tr></table>"
    )
    portal.page(
        f"{BASE}{report_form}",
        shell(
            title,
            [home, gk, ("政府信息公开年报", "/zwgk/zfxxgknb/"), ("正文", "")],
            cc.article(
                title,
                [("发布机构", "平江县人民政府办公室"), ("发布日期", "2024-01-15 09:00")],
                body,
            ),
        ),
        modified=date(2024, 1, 15),
    )
    portal.negative(
        f"{BASE}{report_form}", "政府网站工作年度报表 (about the website), in the 年报 list"
    )
    county.insert(1, (title, "content_3398765.html", "2024-01-15"))
    county_side = '<h3>政府信息公开年报</h3><p><a href="/xzjd/">乡镇年报见各乡镇街道页面</a></p>'
    portal.page(
        f"{BASE}/zwgk/zfxxgknb/",
        shell(
            "政府信息公开年报",
            [home, gk, ("政府信息公开年报", "")],
            cc.listing("政府信息公开年报", county, side=county_side),
        ),
        modified=date(2024, 1, 24),
    )
    portal.page(
        f"{BASE}/zwgk/zfxxgknb/index.html",
        shell(
            "政府信息公开年报",
            [home, gk, ("政府信息公开年报", "")],
            cc.listing("政府信息公开年报", county, side=county_side),
        ),
        modified=date(2024, 1, 24),
    )

    for town, specs in _township_specs().items():
        name = TOWNS[town]
        crumbs = [home, towns, (name, f"/xzjd/{town}/"), ("正文", "")]
        items = []
        for path, spec in specs:
            article(f"{BASE}{path}", spec, crumbs)
            items.append((spec.title, path, spec.published.isoformat()))
        if town == "adz":
            spec = spec_anding_2022()
            portal.serve(
                DOCX_URL,
                cacheable(
                    document_bytes("anding_2022.docx"),
                    [("Content-Type", DOCX_TYPE)],
                    last_modified=moment(spec.published),
                    compress=False,
                ),
            )
            portal.report(spec.truth(DOCX_URL, portal.id, source_format="docx"))
            if version == 2:
                portal.change(DOCX_URL, "unchanged", "as before")
            items.append((spec.title, DOCX_URL.removeprefix(BASE), spec.published.isoformat()))
            summary = "/xzjd/adz/tzgg/content_3433456.html"
            stitle = "安定镇2023年工作总结和2024年工作计划"
            sbody = "<p>2023年，安定镇在县委、县政府的坚强领导下，全力推进乡村振兴，全镇经济社会保持平稳健康发展。</p><p>2024年，我镇将持续抓好产业发展、基层治理和民生保障工作。</p>"
            portal.page(
                f"{BASE}{summary}",
                shell(
                    stitle,
                    crumbs,
                    cc.article(
                        stitle, [("发布机构", "安定镇"), ("发布日期", "2024-02-20 15:00")], sbody
                    ),
                ),
                modified=date(2024, 2, 20),
            )
            portal.negative(f"{BASE}{summary}", "a township's 工作总结 (work summary)")
            notices = [(stitle, summary, "2024-02-20")]
        else:
            notices = []
        main = (
            f'<div class="town-intro"><h2>{name}</h2><p>{name}位于平江县境内，辖若干村（社区）。</p></div>'
            + cc.listing("通知公告", notices)
            + cc.listing("政府信息公开年报", items)
        )
        portal.page(
            f"{BASE}/xzjd/{town}/",
            shell(name, [home, towns, (name, "")], main),
            modified=date(2024, 2, 20),
        )
    njz = '<div class="town-intro"><h2>南江镇</h2><p>南江镇位于平江县东部。</p></div>' + cc.listing(
        "通知公告", []
    )
    portal.page(
        f"{BASE}/xzjd/njz/",
        shell("南江镇", [home, towns, ("南江镇", "")], njz),
        modified=date(2023, 5, 1),
    )
    town_list = cc.listing("乡镇街道", [(n, f"/xzjd/{t}/", "") for t, n in TOWNS.items()])
    portal.page(
        f"{BASE}/xzjd/",
        shell("乡镇街道", [home, ("乡镇街道", "")], town_list),
        modified=date(2023, 5, 1),
    )
    gk_main = cc.listing(
        "政务公开",
        [("政府信息公开年报", "/zwgk/zfxxgknb/", ""), ("乡镇街道信息公开", "/xzjd/", "")],
    )
    portal.page(
        f"{BASE}/zwgk/",
        shell("政务公开", [home, ("政务公开", "")], gk_main),
        modified=date(2024, 1, 24),
    )
    portal.page(
        f"{BASE}/zjpj/",
        shell("走进平江", [home, ("走进平江", "")], "<p>平江县位于湖南省东北部。</p>"),
        modified=date(2023, 5, 1),
    )
    portal.page(
        f"{BASE}/search/?q=年度报告".replace("年度报告", "%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"),
        shell("搜索", [home, ("搜索", "")], "<p>搜索结果</p>"),
        modified=None,
        etag=False,
    )
    search_url = f"{BASE}/search/?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"
    portal.disallowed.append(search_url)
    home_main = (
        f'<div class="g-search"><a href="{search_url.removeprefix(BASE)}">搜索“年度报告”</a></div>'
        + cc.listing(
            "政务公开", [("政府信息公开年报", "/zwgk/zfxxgknb/", ""), ("乡镇街道", "/xzjd/", "")]
        )
    )
    portal.page(f"{BASE}/", shell(NAME, [home], home_main), modified=date(2024, 2, 20))
    portal.stylesheet(f"{BASE}/static/css/common.css")
    return portal
