"""湖州市南浔区人民政府 (www.nanxun.gov.cn): Hanweb. The report column holds its first six
records in a data island and the other four only through ``dataproxy.jsp`` (allowed here); the
2022 report is a 「详见附件」 landing page whose PDF comes from ``downfile.jsp`` as
``application/octet-stream`` with a raw-GBK ``Content-Disposition`` name; a 法治政府建设年度报告
in the column. In the second version the 2023 report's table 二 has one number corrected."""

from __future__ import annotations

from datetime import date

from tests.holdout3_sites import chrome_hanweb as hw
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.documents import document_bytes
from tests.holdout3_sites.figures import build_tables
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.serving import cacheable, disposition_gbk
from tests.holdout3_sites.world import Portal, moment

HOST = "www.nanxun.gov.cn"
BASE = f"http://{HOST}"
NAME = "湖州市南浔区人民政府"
REGION = "浙江省湖州市南浔区"
COLUMN_ID = "1229212345"
UNIT = "4185749"
COLUMN = f"/col/col{COLUMN_ID}/index.html"
ROBOTS = "User-agent: *\nDisallow: /module/search/\nDisallow: /module/xxgk/search.jsp\n"
FOOTER = (
    "<p>主办：湖州市南浔区人民政府办公室 承办：南浔区大数据发展管理局</p>"
    "<p>网站标识码：3305030002 浙ICP备12041234号-1 浙公网安备 33050302000456号</p>"
)
FRIENDS = [
    ("浙江省人民政府", "http://www.zj.gov.cn/"),
    ("湖州市人民政府", "http://www.huzhou.gov.cn/"),
]
VOICE = Voice(
    agency=NAME,
    own_name="南浔区",
    we="我区",
    office="南浔区人民政府办公室",
    address="湖州市南浔区南浔镇人瑞路1号",
    phone="0572-3022345",
    website="南浔区人民政府门户网站",
)
PUBLISHER = "南浔区政府办"
CORRECTED = ("proactive", "第二十条第（五）项/行政许可", "本年处理决定数量")
LANDING = f"{BASE}/art/2023/1/20/art_{COLUMN_ID}_58987654.html"
PDF_URL = f"{BASE}/module/download/downfile.jsp?classid=0&filename=2301201530123456.pdf"
PDF_NAME = "南浔区2022年政府信息公开工作年度报告.pdf"


def spec_2022() -> ReportSpec:
    """The 2022 report, published as a PDF (tests/holdout3_sites/files/nanxun_2022.pdf)."""
    return ReportSpec(
        key="nanxun-2022",
        title="南浔区2022年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2022,
        published=date(2023, 1, 20),
        form="2021",
        voice=VOICE,
        publisher=PUBLISHER,
        scale=2,
        signature="湖州市南浔区人民政府",
        notes=["详见附件: the report is only in the PDF behind downfile.jsp (GBK file name)"],
    )


def corrected_value() -> tuple[str, str]:
    """The 2023 report's 行政许可 figure as first published and as corrected in version 2."""
    cells = build_tables("2021", "nanxun-2023", scale=2).cells()
    original = next(c.value for c in cells if (c.table, c.row, c.col) == CORRECTED)
    return original, str(int(original) + 17)


def _specs(version: int) -> list[tuple[str, ReportSpec]]:
    common = {"agency": NAME, "region": REGION, "voice": VOICE, "publisher": PUBLISHER}
    corrections, notes = {}, []
    if version == 2:
        original, corrected = corrected_value()
        corrections = {CORRECTED: corrected}
        notes = [f"version 2: 行政许可 本年处理决定数量 corrected from {original} to {corrected}"]
    specs = [
        (
            f"/art/2024/1/22/art_{COLUMN_ID}_59234567.html",
            ReportSpec(
                key="nanxun-2023",
                title="湖州市南浔区2023年政府信息公开工作年度报告",
                year=2023,
                published=date(2024, 1, 22),
                form="2021",
                dress="th",
                scale=2,
                signature="湖州市南浔区人民政府",
                corrections=corrections,
                notes=notes,
                **common,
            ),
        ),
        (
            f"/art/2022/1/24/art_{COLUMN_ID}_58765432.html",
            ReportSpec(
                key="nanxun-2021",
                title="南浔区2021年政府信息公开工作年度报告",
                year=2021,
                published=date(2022, 1, 24),
                form="2021",
                dress="word",
                scale=2,
                **common,
            ),
        ),
        (
            f"/art/2021/1/25/art_{COLUMN_ID}_58543210.html",
            ReportSpec(
                key="nanxun-2020",
                title="湖州市南浔区2020年政府信息公开工作年度报告",
                year=2020,
                published=date(2021, 1, 25),
                form="2019",
                dress="plain",
                blank_zeros=True,
                **common,
            ),
        ),
        (
            f"/art/2020/1/20/art_{COLUMN_ID}_58321098.html",
            ReportSpec(
                key="nanxun-2019",
                title="南浔区2019年政府信息公开工作年度报告",
                year=2019,
                published=date(2020, 1, 20),
                form="2019",
                dress="th",
                **common,
            ),
        ),
        (
            f"/art/2019/3/15/art_{COLUMN_ID}_57987654.html",
            ReportSpec(
                key="nanxun-2018",
                title="南浔区2018年政府信息公开工作年度报告",
                year=2018,
                published=date(2019, 3, 15),
                form="2008",
                dress="ue",
                **common,
            ),
        ),
        (
            f"/art/2017/3/20/art_{COLUMN_ID}_57654321.html",
            ReportSpec(
                key="nanxun-2016",
                title="湖州市南浔区2016年政府信息公开工作年度报告",
                year=2016,
                published=date(2017, 3, 20),
                form="2008",
                dress="word",
                **common,
            ),
        ),
        (
            f"/art/2014/3/12/art_{COLUMN_ID}_57123456.html",
            ReportSpec(
                key="nanxun-2013",
                title="南浔区2013年政府信息公开工作年度报告",
                year=2013,
                published=date(2014, 3, 12),
                form="text",
                **common,
            ),
        ),
    ]
    return specs


def _table(spec: ReportSpec, number: str) -> list[tuple[str, str]]:
    return [
        ("索引号", f"002585613/{spec.published.year}-{number}"),
        ("主题分类", "政务公开"),
        ("发布机构", spec.publisher or ""),
        ("成文日期", spec.published.replace(day=max(1, spec.published.day - 2)).isoformat()),
        ("公开方式", "主动公开"),
        ("发布日期", spec.published.isoformat()),
    ]


def _info(day: date, article: str) -> str:
    return (
        f"<span>发布日期：{day.isoformat()}</span> <span>信息来源：{PUBLISHER}</span> "
        f'<span>浏览次数：<script src="/module/visitcount/articlehits.jsp?colid={COLUMN_ID}&amp;artid={article}"></script></span>'
    )


def build(version: int) -> Portal:
    portal = Portal(
        id="nanxun",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            f"Hanweb column {COLUMN}: 6 records in the page's <datastore> island, 10 in all; "
            "records 7-10 only from POST /module/web/jpage/dataproxy.jsp (allowed)",
            "2022: 「详见附件」 landing page; the PDF from /module/download/downfile.jsp as "
            "application/octet-stream, Content-Disposition file name in raw GBK",
            "信息公开 table with 发布机构 南浔区政府办 and a 成文日期 two days before 发布日期",
            "look-alike: 法治政府建设年度报告 in the report column",
            "version 2: the 2023 report's 行政许可 本年处理决定数量 corrected (changed: tables)",
        ],
    )
    last = moment(date(2024, 4, 1))
    portal.robots(HOST, ROBOTS, date(2024, 4, 1))
    portal.serve(f"{BASE}/module/jslib/jquery/jpage/jquery.page.min.js", hw.jpage_script(last))
    home = ("首页", "/")
    gk = ("政务公开", "/col/col1229000101/index.html")

    def shell(title: str, crumbs, main: str, metas=None) -> str:
        return hw.shell(NAME, title, crumbs, main, footer=FOOTER, friends=FRIENDS, metas=metas)

    records: list[tuple[date, str]] = []
    crumbs = [home, gk, ("政府信息公开年报", COLUMN)]
    for path, spec in _specs(version):
        url = f"{BASE}{path}"
        article_id = path.rsplit("_", 1)[1].removesuffix(".html")
        main = hw.article(
            spec.title,
            _table(spec, article_id[-5:]),
            _info(spec.published, article_id),
            spec.body_html(),
        )
        modified = (
            date(2025, 1, 15) if version == 2 and spec.key == "nanxun-2023" else spec.published
        )
        portal.page(
            url, shell(spec.title, crumbs, main, {"ArticleTitle": spec.title}), modified=modified
        )
        portal.report(spec.truth(url, portal.id))
        records.append((spec.published, hw.record(spec.title, path, spec.published.isoformat())))
        if version == 2:
            if spec.corrections:
                portal.change(url, "changed", "a number of table 二 corrected", ["tables"])
            else:
                portal.change(url, "unchanged", "as before")

    # The 2022 report: a landing page and its PDF behind the download servlet.
    spec = spec_2022()
    pdf = document_bytes("nanxun_2022.pdf")
    attachment = f'<div class="fj">附件：<a href="{PDF_URL.removeprefix(BASE).replace("&", "&amp;")}">{PDF_NAME}</a></div>'
    body = f'<p style="text-indent:2em;">{spec.title}详见附件。</p>'
    main = hw.article(
        spec.title,
        _table(spec, "58987"),
        _info(spec.published, "58987654"),
        body,
        attachments=attachment,
    )
    portal.page(
        LANDING,
        shell(spec.title, crumbs, main, {"ArticleTitle": spec.title}),
        modified=spec.published,
    )
    portal.serve(
        PDF_URL,
        cacheable(
            pdf,
            [("Content-Type", "application/octet-stream")],
            last_modified=moment(spec.published),
            compress=False,
            raw_headers=[disposition_gbk(PDF_NAME)],
        ),
    )
    portal.report(spec.truth(LANDING, portal.id, source_format="pdf", attachments=[PDF_URL]))
    records.append(
        (
            spec.published,
            hw.record(spec.title, LANDING.removeprefix(BASE), spec.published.isoformat()),
        )
    )
    if version == 2:
        portal.change(LANDING, "unchanged", "as before")

    # Look-alikes and news in the column.
    title, paragraphs = lookalikes.rule_of_law_report(NAME, 2023)
    path = f"/art/2024/3/28/art_{COLUMN_ID}_59345678.html"
    body = "".join(f'<p style="text-indent:2em;">{p}</p>' for p in paragraphs)
    day = date(2024, 3, 28)
    portal.page(
        f"{BASE}{path}",
        shell(title, crumbs, hw.article(title, [], _info(day, "59345678"), body)),
        modified=day,
    )
    portal.negative(f"{BASE}{path}", "法治政府建设年度报告, first in the report column")
    records.append((day, hw.record(title, path, day.isoformat())))
    title = "南浔区召开政府信息公开工作业务培训会"
    path = f"/art/2012/12/28/art_{COLUMN_ID}_56987654.html"
    day = date(2012, 12, 28)
    body = "<p>12月27日，南浔区召开政府信息公开工作业务培训会，各镇、区级各部门信息公开工作人员参加培训。</p>"
    portal.page(
        f"{BASE}{path}",
        shell(title, crumbs, hw.article(title, [], _info(day, "56987654"), body)),
        modified=day,
    )
    portal.negative(
        f"{BASE}{path}", "a news item about a training, last in the report column (dataproxy only)"
    )
    records.append((day, hw.record(title, path, day.isoformat())))

    records.sort(key=lambda r: r[0], reverse=True)
    listed = [r for _, r in records]
    portal.serve(f"{BASE}{hw.PROXY}", hw.dataproxy(lambda: listed))
    column_main = (
        '<div class="left"><h3>政府信息公开</h3><ul>'
        f'<li><a href="/col/col1229000105/index.html">政府信息公开指南</a></li><li><a href="{COLUMN}">政府信息公开年报</a></li></ul></div>'
        '<div class="right"><div class="lm-title">政府信息公开年报</div>'
        + hw.island(UNIT, COLUMN_ID, listed[:6], len(listed), "2876", "湖州市南浔区人民政府", 3, 2)
        + "</div>"
    )
    portal.page(
        f"{BASE}{COLUMN}", shell("政府信息公开年报", crumbs, column_main), modified=records[0][0]
    )
    guide = "<p>本指南根据《中华人民共和国政府信息公开条例》编制，申请人可通过网络、信函、当面等方式提出申请。</p>"
    portal.page(
        f"{BASE}/col/col1229000105/index.html",
        shell(
            "政府信息公开指南",
            [home, gk, ("政府信息公开指南", "")],
            hw.article("南浔区人民政府信息公开指南", [], "", guide),
        ),
        modified=date(2023, 5, 1),
    )
    gk_main = (
        '<ul class="gk-list"><li><a href="/col/col1229000105/index.html">政府信息公开指南</a></li>'
        f'<li><a href="{COLUMN}">政府信息公开年报</a></li><li><a href="/col/col1229000106/index.html">政策解读</a></li></ul>'
    )
    portal.page(
        f"{BASE}/col/col1229000101/index.html",
        shell("政务公开", [home, gk], gk_main),
        modified=date(2024, 1, 2),
    )
    portal.page(
        f"{BASE}/col/col1229000106/index.html",
        shell("政策解读", [home, gk, ("政策解读", "")], "<ul class='list'></ul>"),
        modified=date(2024, 1, 2),
    )
    for path, label in (
        ("/col/col1229000102/index.html", "政务服务"),
        ("/col/col1229000103/index.html", "政民互动"),
    ):
        portal.page(
            f"{BASE}{path}",
            shell(label, [home, (label, "")], f"<h2>{label}</h2>"),
            modified=date(2023, 1, 1),
        )
    home_main = (
        '<div class="ttxw"><h2>南浔要闻</h2><ul><li><a href="/col/col1229000101/index.html">政务公开</a></li></ul></div>'
        f'<div class="zwgk"><h2>政府信息公开</h2><a href="{COLUMN}">政府信息公开年报</a>'
        '<a href="/col/col1229000105/index.html">政府信息公开指南</a></div>'
    )
    portal.page(f"{BASE}/", shell(NAME, [home], home_main), modified=date(2024, 4, 1))
    portal.page(f"{BASE}/index.html", shell(NAME, [home], home_main), modified=date(2024, 4, 1))
    portal.stylesheet(f"{BASE}/images/base.css")
    return portal
