"""三门县人民政府 (www.sanmen.gov.cn): Hanweb whose robots.txt disallows ``dataproxy.jsp``. The
island holds every report (the two records after it are news); the 2023 report is a 「详见附件」
landing page whose PDF has an RFC 6266 ``filename*``; 县交通运输局's report is posted by
县政府办公室; the 2022 report prints a visit counter and today's date, which change in the second
version (and nothing else does); Crawl-delay 1."""

from __future__ import annotations

from datetime import date

from tests.holdout3_sites import chrome_hanweb as hw
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.documents import document_bytes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.serving import cacheable, disposition_rfc6266
from tests.holdout3_sites.world import Portal, moment

HOST = "www.sanmen.gov.cn"
BASE = f"http://{HOST}"
NAME = "三门县人民政府"
REGION = "浙江省台州市三门县"
COLUMN_ID = "1229345678"
UNIT = "5123456"
COLUMN = f"/col/col{COLUMN_ID}/index.html"
ROBOTS = (
    "User-agent: *\nCrawl-delay: 1\nDisallow: /module/web/jpage/dataproxy.jsp\n"
    "Disallow: /module/search/\n"
)
FOOTER = (
    "<p>主办单位：三门县人民政府办公室 地址：三门县海游街道广场路15号</p>"
    "<p>网站标识码：3310220001 浙ICP备05011223号 浙公网安备 33102202000111号</p>"
)
FRIENDS = [
    ("浙江政务服务网", "http://www.zjzwfw.gov.cn/"),
    ("台州市人民政府", "http://www.zjtz.gov.cn/"),
]
COUNTY = Voice(
    agency=NAME,
    own_name="三门县",
    we="我县",
    office="三门县人民政府办公室",
    address="三门县海游街道广场路15号",
    phone="0576-83312345",
    website="三门县人民政府门户网站",
)
TRANSPORT = Voice(
    agency="三门县交通运输局",
    own_name="三门县交通运输局",
    we="我局",
    office="三门县交通运输局办公室",
    address="三门县海游街道上洋路88号",
    phone="0576-83326677",
    website="三门县人民政府门户网站",
)
LANDING = f"{BASE}/art/2024/1/25/art_{COLUMN_ID}_61234567.html"
PDF_URL = f"{BASE}/module/download/downfile.jsp?classid=0&filename=2401251030456789.pdf"
PDF_NAME = "三门县2023年政府信息公开工作年度报告.pdf"
COUNTER_URL = f"{BASE}/art/2023/1/19/art_{COLUMN_ID}_60876543.html"


def spec_2023() -> ReportSpec:
    """The 2023 report, published as a PDF (tests/holdout3_sites/files/sanmen_2023.pdf)."""
    return ReportSpec(
        key="sanmen-2023",
        title="三门县2023年政府信息公开工作年度报告",
        agency=NAME,
        region=REGION,
        year=2023,
        published=date(2024, 1, 25),
        form="2021",
        voice=COUNTY,
        publisher="三门县人民政府办公室",
        scale=2,
        signature="三门县人民政府",
        notes=["详见附件: the report is only in the PDF (Content-Disposition filename*)"],
    )


def _specs() -> list[tuple[str, ReportSpec]]:
    return [
        (
            f"/art/2024/1/30/art_{COLUMN_ID}_61298765.html",
            ReportSpec(
                key="sanmen-jtj-2023",
                title="三门县交通运输局2023年政府信息公开工作年度报告",
                agency="三门县交通运输局",
                region=REGION,
                year=2023,
                published=date(2024, 1, 30),
                form="2021",
                voice=TRANSPORT,
                dress="plain",
                publisher="县政府办公室",
                signature="三门县交通运输局",
                notes=["a department's report posted by 县政府办公室 (发布机构)"],
            ),
        ),
        (
            COUNTER_URL.removeprefix(BASE),
            ReportSpec(
                key="sanmen-2022",
                title="三门县人民政府2022年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2022,
                published=date(2023, 1, 19),
                form="2021",
                voice=COUNTY,
                dress="word",
                publisher="三门县人民政府办公室",
                scale=2,
                notes=["prints a visit counter and today's date (they change in version 2)"],
            ),
        ),
        (
            f"/art/2022/1/20/art_{COLUMN_ID}_60456789.html",
            ReportSpec(
                key="sanmen-2021",
                title="三门县2021年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2021,
                published=date(2022, 1, 20),
                form="2021",
                voice=COUNTY,
                dress="ue",
                publisher="三门县人民政府办公室",
                scale=2,
            ),
        ),
        (
            f"/art/2016/3/18/art_{COLUMN_ID}_52345678.html",
            ReportSpec(
                key="sanmen-2015",
                title="三门县2015年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2015,
                published=date(2016, 3, 18),
                form="2008",
                voice=COUNTY,
                dress="th",
                publisher="三门县人民政府办公室",
                numbered_2008=True,
            ),
        ),
    ]


def _table(spec: ReportSpec, number: str) -> list[tuple[str, str]]:
    return [
        ("索引号", f"001008003012/{spec.published.year}-{number}"),
        ("发布机构", spec.publisher or ""),
        ("公开方式", "主动公开"),
        ("公开范围", "面向全社会"),
        ("成文日期", spec.published.isoformat()),
        ("发布日期", spec.published.isoformat()),
    ]


def _info(spec_day: date, source: str, article: str, counter: str | None = None) -> str:
    hits = (
        counter
        or f'<script src="/module/visitcount/articlehits.jsp?colid={COLUMN_ID}&amp;artid={article}"></script>'
    )
    return f"<span>发布时间：{spec_day.isoformat()}</span> <span>来源：{source}</span> <span>浏览次数：{hits}</span>"


def build(version: int) -> Portal:
    portal = Portal(
        id="sanmen",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            f"Hanweb column {COLUMN}: 6 records in the <datastore> island (every report), 8 in "
            "all; robots.txt disallows /module/web/jpage/dataproxy.jsp, so records 7-8 (news) "
            "are out of reach and must not be asked for",
            "2023: 「详见附件」 landing page; PDF from downfile.jsp as application/octet-stream "
            "with Content-Disposition filename*=UTF-8''… (RFC 6266) and an ASCII fallback",
            "三门县交通运输局's report posted by 县政府办公室 (发布机构, 来源)",
            "the 2022 report prints a visit counter and today's date; version 2 changes only those",
            "robots.txt Crawl-delay 1",
        ],
    )
    last = moment(date(2024, 4, 2))
    portal.robots(HOST, ROBOTS, date(2024, 4, 2))
    portal.serve(f"{BASE}/module/jslib/jquery/jpage/jquery.page.min.js", hw.jpage_script(last))
    home = ("首页", "/")
    gk = ("政务公开", "/col/col1229000101/index.html")
    crumbs = [home, gk, ("政府信息公开年报", COLUMN)]

    def shell(title: str, crumbs, main: str, metas=None) -> str:
        return hw.shell(NAME, title, crumbs, main, footer=FOOTER, friends=FRIENDS, metas=metas)

    records: list[tuple[date, str]] = []
    for path, spec in _specs():
        url = f"{BASE}{path}"
        article_id = path.rsplit("_", 1)[1].removesuffix(".html")
        counter = None
        modified: date | None = spec.published
        if url == COUNTER_URL:
            # Server-side counter and date: the page changes whenever it is asked for.
            counter = "1532" if version == 1 else "2871"
            today = "2024年3月2日 星期六" if version == 1 else "2025年1月15日 星期三"
            counter += f"</span> <span class='today'>今天是{today}"
            modified = date(2024, 3, 2) if version == 1 else date(2025, 1, 15)
        info = _info(spec.published, spec.publisher or "", article_id, counter)
        main = hw.article(spec.title, _table(spec, article_id[-4:]), info, spec.body_html())
        portal.page(url, shell(spec.title, crumbs, main), modified=modified)
        portal.report(spec.truth(url, portal.id))
        records.append((spec.published, hw.record(spec.title, path, spec.published.isoformat())))
        if version == 2:
            why = "only the visit counter and today's date changed" if counter else "as before"
            portal.change(url, "unchanged", why)

    spec = spec_2023()
    pdf = document_bytes("sanmen_2023.pdf")
    fallback = PDF_URL.rsplit("=", 1)[1]
    attachment = (
        f'<div class="fj"><p>附件：</p><p><a href="{PDF_URL.removeprefix(BASE).replace("&", "&amp;")}">'
        f"{PDF_NAME}</a></p></div>"
    )
    body = f'<p style="text-indent:2em;">《{spec.title}》详见附件。</p>'
    main = hw.article(
        spec.title,
        _table(spec, "1234"),
        _info(spec.published, spec.publisher or "", "61234567"),
        body,
        attachments=attachment,
    )
    portal.page(LANDING, shell(spec.title, crumbs, main), modified=spec.published)
    portal.serve(
        PDF_URL,
        cacheable(
            pdf,
            [
                ("Content-Type", "application/octet-stream"),
                ("Content-Disposition", disposition_rfc6266(PDF_NAME, fallback)),
            ],
            last_modified=moment(spec.published),
            compress=False,
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

    title, paragraphs = lookalikes.compile_notice(
        "三门县人民政府办公室",
        2023,
        "各乡镇人民政府、街道办事处，县政府各部门",
        title="三门县人民政府办公室关于报送2023年度政府信息公开工作年度报告的通知",
    )
    path = f"/art/2023/12/20/art_{COLUMN_ID}_60998877.html"
    day = date(2023, 12, 20)
    body = "".join(f'<p style="text-indent:2em;">{p}</p>' for p in paragraphs)
    portal.page(
        f"{BASE}{path}",
        shell(title, crumbs, hw.article(title, [], _info(day, "县政府办公室", "60998877"), body)),
        modified=day,
    )
    portal.negative(f"{BASE}{path}", "notice asking for the 2023 reports, in the report column")
    records.append((day, hw.record(title, path, day.isoformat())))
    for day, title, article in (
        (date(2014, 6, 10), "三门县开展“政务公开日”活动", "51234567"),
        (date(2013, 5, 16), "三门县政务服务中心启用政府信息公开查阅点", "50123456"),
    ):
        path = f"/art/{day.year}/{day.month}/{day.day}/art_{COLUMN_ID}_{article}.html"
        body = f"<p>{title}，群众可现场查阅政府公报和主动公开的政府信息。</p>"
        portal.page(
            f"{BASE}{path}",
            shell(title, crumbs, hw.article(title, [], _info(day, "县政府办公室", article), body)),
            modified=day,
        )
        records.append((day, hw.record(title, path, day.isoformat())))

    records.sort(key=lambda r: r[0], reverse=True)
    listed = [r for _, r in records]
    portal.serve(f"{BASE}{hw.PROXY}", hw.dataproxy(lambda: listed))
    portal.disallowed.append(f"{BASE}{hw.PROXY}")
    column_main = (
        '<div class="left"><h3>政府信息公开</h3><ul>'
        f'<li><a href="{COLUMN}">政府信息公开年报</a></li></ul></div>'
        '<div class="right"><div class="lm-title">政府信息公开年报</div>'
        + hw.island(UNIT, COLUMN_ID, listed[:6], len(listed), "3210", NAME, 6, 1)
        + "</div>"
    )
    portal.page(
        f"{BASE}{COLUMN}", shell("政府信息公开年报", crumbs, column_main), modified=records[0][0]
    )
    gk_main = f'<ul class="gk-list"><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>'
    portal.page(
        f"{BASE}/col/col1229000101/index.html",
        shell("政务公开", [home, gk], gk_main),
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
        f'<div class="zwgk"><h2>政务公开</h2><ul><li><a href="{COLUMN}">政府信息公开年报</a></li>'
        '<li><a href="/col/col1229000101/index.html">政府信息公开目录</a></li></ul></div>'
    )
    portal.page(f"{BASE}/", shell(NAME, [home], home_main), modified=date(2024, 4, 2))
    portal.stylesheet(f"{BASE}/images/base.css")
    return portal
