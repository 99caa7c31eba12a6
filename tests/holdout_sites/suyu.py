"""宿豫区人民政府 (www.suyu.gov.cn): Epoint portal, 公开年报 wording, 32-hex ids, 3 list pages."""

from __future__ import annotations

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
from tests.holdout_sites import chrome_epoint as epoint

HOST = "www.suyu.gov.cn"
NAME = "宿迁市宿豫区人民政府"
REGION = "江苏省宿迁市宿豫区"
BASE = "/syqzf/gknb/xxgk_list"

THEME = SiteTheme(
    site_name="宿豫区人民政府",
    host=HOST,
    site_code="3213110001",
    icp="苏ICP备05008764号",
    organizer="宿迁市宿豫区人民政府办公室",
)


def _spec(key, year, published, form, style, *, agency=NAME, title=None, level="district", **kw):
    gid = epoint.guid(key)
    month = published[:7].replace("-", "")
    return ReportSpec(
        key=key,
        path=f"/syqzf/gknb/{month}/{gid}.shtml",
        title=title or f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        region=kw.pop("region", REGION),
        year=year,
        published=published,
        form=form,
        level=level,
        style=style,
        phone="0527-84497711",
        index_no=f"K21322340/{published[:4]}-{int(gid[:6], 16) % 100000:05d}",
        **kw,
    )


REPORTS = [
    _spec(
        "suyu-2017",
        2017,
        "2018-02-27",
        "stats",
        "word",
        attachments=(
            Attachment(
                f"/syqzf/gknb/attach/downloadAttach.jspx?attachGuid={epoint.guid('suyu-2017-pdf')}",
                "宿豫区人民政府2017年政府信息公开工作年度报告.pdf",
                "pdf",
            ),
        ),
    ),
    _spec(
        "suyu-2019",
        2019,
        "2020-01-20",
        "2019",
        "cms",
        title="宿豫区人民政府2019年度政府信息公开年报",
    ),
    _spec("suyu-2021", 2021, "2022-01-24", "2021", "plain"),
    _spec("suyu-2022", 2022, "2023-01-20", "2021", "word"),
    _spec("suyu-2023", 2023, "2024-01-19", "2021", "cms"),
    _spec(
        "suyu-fgj-2022",
        2022,
        "2023-01-30",
        "2021",
        "plain",
        agency="宿迁市宿豫区发展和改革局",
        level="department",
        zero_blank=True,
    ),
    _spec(
        "suyu-shjd-2023",
        2023,
        "2024-01-29",
        "2021",
        "word",
        agency="宿迁市宿豫区顺河街道办事处",
        level="town",
        region="江苏省宿迁市宿豫区顺河街道",
    ),
]

_CRUMBS = [
    ("网站首页", "/syqzf/index.shtml"),
    ("信息公开", "/syqzf/xxgk/xxgk.shtml"),
    ("公开年报", f"{BASE}.shtml"),
]
_PER_PAGE = 3


def build() -> PortalBuild:
    b = SiteBuilder(HOST, header_charset="UTF-8", server="Microsoft-IIS/8.5")
    portal = PortalBuild(
        id="suyu",
        name=NAME,
        start_urls=[f"http://{HOST}/syqzf/index.shtml"],
        sites=[b.site],
        exercises=[
            "Epoint lists xxgk_list.shtml / xxgk_list_2.shtml / _3 with plain pager links",
            "32-hex article ids; attachments through downloadAttach.jspx?attachGuid=",
            "公开年报 wording; title variant 年度政府信息公开年报; a 街道 report",
            "look-alikes: 政务公开工作要点 in the report list, 政府工作报告",
        ],
        download_delay=0.5,
        max_pages=60,
    )
    entries = []
    for spec in REPORTS:
        portal.reports.append(
            publish_report(
                b, portal.id, spec, NAME, lambda p: epoint.article_page(THEME, p), _CRUMBS
            )
        )
        entries.append(ListEntry(spec.title, spec.path, spec.published))
    for key, column, title, date, body, why, in_list in (
        (
            "suyu-yd-2023",
            "/syqzf/gknb",
            "宿豫区2023年政务公开工作要点",
            "2023-04-10",
            lookalikes.news_item("宿豫区政务公开办", 2023),
            "政务公开工作要点 (work plan), filed in the report list",
            True,
        ),
        (
            "suyu-zfgzbg-2024",
            "/syqzf/zfgzbg",
            "宿豫区人民政府2024年政府工作报告",
            "2024-02-18",
            lookalikes.work_report("宿豫区", 2024, "宿豫区人民政府区长"),
            "政府工作报告",
            False,
        ),
    ):
        path = f"{column}/{date[:7].replace('-', '')}/{epoint.guid(key)}.shtml"
        crumbs = (
            _CRUMBS
            if in_list
            else [("网站首页", "/syqzf/index.shtml"), ("政府工作报告", f"{column}/list.shtml")]
        )
        page = ArticlePage(path, title, date, body, "宿豫区人民政府办公室", crumbs)
        b.page(path, epoint.article_page(THEME, page))
        portal.negatives.append(Negative(b.url(path), why))
        if in_list:
            entries.append(ListEntry(title, path, date))
        else:
            b.page(
                f"{column}/list.shtml",
                epoint.simple_page(
                    THEME, "政府工作报告", crumbs, f'<ul><li><a href="{path}">{title}</a></li></ul>'
                ),
            )
    entries.sort(key=lambda e: e.date, reverse=True)
    pages = [entries[i : i + _PER_PAGE] for i in range(0, len(entries), _PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        path = f"{BASE}.shtml" if number == 1 else f"{BASE}_{number}.shtml"
        b.page(path, epoint.list_page(THEME, "公开年报", _CRUMBS, chunk, BASE, number, len(pages)))
    links = (
        f'<ul><li><a href="/syqzf/xxgk/xxgk.shtml">信息公开</a></li><li><a href="{BASE}.shtml">公开年报</a>'
        '</li><li><a href="/syqzf/zfgzbg/list.shtml">政府工作报告</a></li></ul>'
    )
    home = epoint.simple_page(THEME, "网站首页", [("网站首页", "/syqzf/index.shtml")], links)
    b.page("/syqzf/index.shtml", home)
    b.redirect("/", "/syqzf/index.shtml", 302)
    for path, title in (
        ("/syqzf/zwgk/zwgk.shtml", "政务公开"),
        ("/syqzf/xxgk/xxgk.shtml", "信息公开"),
        ("/syqzf/hdjl/hdjl.shtml", "政民互动"),
    ):
        b.page(
            path,
            epoint.simple_page(
                THEME, title, [("网站首页", "/syqzf/index.shtml"), (title, path)], links
            ),
        )
    b.text("/robots.txt", "User-agent: *\nDisallow: /EpointWebBuilder/\n")
    b.text("/syqzf/css/ewb.css", "body{margin:0}\n", "text/css")
    return portal
