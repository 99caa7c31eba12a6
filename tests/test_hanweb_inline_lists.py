"""A Hanweb column carries its first records in the page (a ``<datastore>`` data island): they are
read from the page itself, ``dataproxy.jsp`` is asked only for the records after them, and a
refused POST (robots.txt, a 412 challenge, a 500) costs only those. One real crawl of four
Hanweb county portals that differ only in how their ``dataproxy.jsp`` answers."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

import pytest

from demo.network import DemoNetwork
from demo.server import Request, Response
from demo.sites import chrome_hanweb as hanweb
from demo.sites import lookalikes
from demo.sites.model import ArticlePage, ListEntry, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder
from tests.crawl_runner import read_items
from tests.fault_sites import RUISHU_412, registry_toml
from tests.server_log_judge import crawl_portals

PER_PAGE, GROUP_SIZE = 5, 2  # jpage shows 5 records a page, 2 pages a group: 10 in the island
INLINE = PER_PAGE * GROUP_SIZE
RETRY_TIMES = 2
PROXY_PREFIX = "/module/web/jpage/"
AFTER_ISLAND = f"{hanweb.DATAPROXY}?startrecord=11&endrecord=20&perpage={PER_PAGE}"


@dataclass(frozen=True)
class County:
    key: str
    name: str  # the county, as report titles name it
    host: str
    col: int
    unit: int
    dataproxy: str  # how its dataproxy.jsp answers: answers | robots | challenge | error
    config: str  # how its column page configures jpage: jpage | pager | vars | records


COUNTIES = [
    County("qingtian", "青田县", "www.qingtian.gov.cn", 1229412034, 6611234, "answers", "jpage"),
    County("jinyun", "缙云县", "www.jinyun.gov.cn", 1229365520, 6403321, "robots", "pager"),
    County("suichang", "遂昌县", "www.suichang.gov.cn", 1229278103, 5908772, "challenge", "vars"),
    County("songyang", "松阳县", "www.songyang.gov.cn", 1229440911, 6720015, "error", "records"),
]
DEPARTMENTS = ("财政局", "教育局", "自然资源和规划局", "卫生健康局")


def _specs(county: County) -> list[ReportSpec]:
    """13 reports, newest first: the county's 2015-2023 and four departments' 2023 ones."""
    reports = []
    for n, department in enumerate(DEPARTMENTS):
        reports.append((f"{county.name}{department}", 2023, f"2024-01-{25 - n}", "department"))
    reports += [
        (f"{county.name}人民政府", y, f"{y + 1}-01-{15 + y % 7}", "county")
        for y in range(2023, 2014, -1)
    ]
    specs = []
    for n, (agency, year, published, level) in enumerate(reports):
        y, m, d = (int(x) for x in published.split("-"))
        specs.append(
            ReportSpec(
                key=f"{county.key}-{n}",
                path=f"/art/{y}/{m}/{d}/art_{county.col}_{5_830_000 + n * 137}.html",
                title=f"{agency}{year}年政府信息公开工作年度报告",
                agency=agency,
                region=f"浙江省丽水市{county.name}",
                year=year,
                published=published,
                form="2021" if year >= 2021 else "2019",
                level=level,
                style=("word", "cms", "plain")[n % 3],
                office=f"{county.name}人民政府办公室",
                index_no=f"0016{county.unit % 10000:04d}/{y}-{n:05d}",
            )
        )
    specs.sort(key=lambda s: s.published, reverse=True)
    return specs


def _theme(county: County) -> SiteTheme:
    return SiteTheme(
        site_name=f"{county.name}人民政府",
        host=county.host,
        site_code=f"33112{county.unit % 100000:05d}",
        icp="浙ICP备05012345号",
        organizer=f"{county.name}人民政府办公室",
        nav=(("首页", "/"), ("政府信息公开", "/col/col1229400001/index.html")),
    )


def _config(county: County, theme: SiteTheme, total: int) -> str:
    """The column's jpage configuration, in one of the spellings Hanweb sites use."""
    if county.config == "jpage":
        return (
            f"$(function(){{ $('#{county.unit}').jpage({{ dataStore: dataStore, perPage: {PER_PAGE}, "
            f"groupSize: {GROUP_SIZE}, totalRecord: {total}, barPosition: 'bottom', "
            f"proxyUrl: '{hanweb.DATAPROXY}', ajaxParam: {{col: 1, appid: 1, webid: 1, path: '/', "
            f"columnid: {county.col}, sourceContentType: 1, unitid: {county.unit}, "
            f"webname: '{theme.site_name}', permissiontype: 0}} }}); }});"
        )
    if county.config == "pager":
        return (
            f'var pager = new Pager({{"container":"#{county.unit}","totalRecord":"{total}",'
            f'"perpage":"{PER_PAGE}","groupSize":"{GROUP_SIZE}","proxyUrl":"{hanweb.DATAPROXY}"}});'
        )
    if county.config == "vars":
        return (
            f"var totalRecord = {total}; var perpage = {PER_PAGE}; var groupsize = {GROUP_SIZE};"
            f"\njpage.init('{county.unit}', totalRecord, perpage, groupsize);"
        )
    # the total stated in the island itself; the group as a record range
    return (
        f"var jpageCfg = {{startrecord: 1, endrecord: {INLINE}, perpage: {PER_PAGE}, "
        f"proxyUrl: '{hanweb.DATAPROXY}'}};\njpage.init('{county.unit}', jpageCfg);"
    )


def _island_column(county: County, theme: SiteTheme, crumbs, entries: list[ListEntry]) -> str:
    """The report column as Hanweb serves it: the first group in a data island, then jpage."""
    nextgroup = (
        f'<a href="{hanweb.DATAPROXY}?page=1&appid=1&appid=1&webid=1&path=/'
        f"&columnid={county.col}&unitid={county.unit}&webname={quote(theme.site_name)}"
        '&permissiontype=0"></a>'
    )
    records = "".join(
        f'<record><![CDATA[\n<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f"{html.escape(e.title)}</a><span>{e.date}</span></li>\n]]></record>"
        for e in entries[:INLINE]
    )
    total = f"<totalrecord>{len(entries)}</totalrecord>" if county.config == "records" else ""
    body = (
        '<table width="100%"><tr><td class="lanmu"><span class="bt_title">政府信息公开年度报告</span>'
        f'</td></tr><tr><td><div id="{county.unit}"><script type="text/xml"><datastore>'
        f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup><recordset>{records}</recordset>{total}"
        '</datastore></script></div><script type="text/javascript" src="/module/web/jpage/jpage.js">'
        f"</script><script>{_config(county, theme, len(entries))}</script></td></tr></table>"
    )
    return hanweb.simple_page(theme, "政府信息公开年度报告", crumbs, body)


def _dataproxy(county: County, entries: list[ListEntry]):
    """dataproxy.jsp as deployed, or refusing: any record range, form or query parameters."""

    def answers(request: Request) -> Response:
        params = {**request.args(), **request.form()}
        records: list[ListEntry] = []
        if params.get("columnid") == str(county.col):
            start = max(1, int(params.get("startrecord") or 1))
            end = int(params.get("endrecord") or len(entries))
            records = entries[start - 1 : end]
        body = hanweb.dataproxy_xml(records, county.col, county.unit, len(entries))
        headers = [("Content-Type", "text/xml;charset=UTF-8"), ("Cache-Control", "no-cache")]
        return Response(headers=headers, body=body.encode("utf-8"), gzip=True)

    if county.dataproxy == "challenge":
        return Response(
            status=412, headers=[("Content-Type", "text/html")], body=RUISHU_412.encode()
        )
    if county.dataproxy == "error":
        body = b"<html><head><title>500</title></head><body><h1>HTTP Status 500</h1></body></html>"
        return Response(status=500, headers=[("Content-Type", "text/html")], body=body)
    return answers


@dataclass
class BuiltCounty:
    builder: SiteBuilder
    inline_reports: list[str]  # URLs of the reports the island lists
    later_reports: list[str]  # ... and of those only dataproxy.jsp lists
    notice: str  # URL of a look-alike filed in the column (listed in the island)


def _notice(county: County, theme: SiteTheme, b: SiteBuilder, crumbs) -> ListEntry:
    """The office's notice on compiling the reports, filed in the report column (not a report)."""
    title = f"{theme.organizer}关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知"
    path = f"/art/2023/12/20/art_{county.col}_5829911.html"
    body = lookalikes.compile_notice(theme.organizer, 2023, f"{county.name}政办发〔2023〕41号")
    page = ArticlePage(path, title, "2023-12-20", body, theme.organizer, crumbs)
    b.page(path, hanweb.article_page(theme, page, "政府信息公开年度报告"))
    return ListEntry(title, path, page.published)


def build_county(county: County) -> BuiltCounty:
    """The county's Hanweb site: 13 reports and a look-alike in one column, 10 in its island."""
    b = SiteBuilder(county.host, server="Apache-Coyote/1.1")
    theme = _theme(county)
    column = f"/col/col{county.col}/index.html"
    xxgk = "/col/col1229400001/index.html"
    crumbs = [("首页", "/"), ("政府信息公开", xxgk), ("政府信息公开年度报告", column)]
    specs = _specs(county)
    for spec in specs:
        publish_report(
            b,
            county.key,
            spec,
            theme.site_name,
            lambda page: hanweb.article_page(theme, page, "政府信息公开年度报告"),
            crumbs,
        )
    entries = [ListEntry(s.title, s.path, s.published) for s in specs]
    notice = _notice(county, theme, b, crumbs)
    entries = sorted([*entries, notice], key=lambda e: e.date, reverse=True)
    b.page(column, _island_column(county, theme, crumbs, entries))
    route = _dataproxy(county, entries)
    if callable(route):
        b.handler(hanweb.DATAPROXY, route)
    else:
        b.site.add(hanweb.DATAPROXY, route)
    b.page(
        "/",
        hanweb.simple_page(
            theme, theme.site_name, [("首页", "/")], f'<h3><a href="{xxgk}">政府信息公开</a></h3>'
        ),
    )
    b.page(
        xxgk,
        hanweb.simple_page(
            theme,
            "政府信息公开",
            crumbs[:2],
            f'<ul><li><a href="{column}">政府信息公开年度报告</a></li>'
            '<li><a href="/col/col1229400003/index.html">政策文件</a></li></ul>',
        ),
    )
    b.static_pages(
        partial(hanweb.simple_page, theme),
        (
            ("/col/col1229400003/index.html", "政策文件", "<p>暂无信息。</p>"),
            ("/col/col4100/index.html", "关于我们", f"<p>{theme.site_name}门户网站。</p>"),
            (
                "/col/col4101/index.html",
                "网站地图",
                f'<p><a href="{column}">政府信息公开年度报告</a></p>',
            ),
            ("/col/col4102/index.html", "联系我们", "<p>电话：0578-0000000</p>"),
        ),
    )
    robots = "User-agent: *\nDisallow: /jrobot/\n"
    if county.dataproxy == "robots":
        robots += f"Disallow: {PROXY_PREFIX}\n"
    b.text("/robots.txt", robots)
    b.text("/module/web/jpage/jpage.js", "/* jpage */\n", "application/javascript")
    reports = {s.path for s in specs}
    return BuiltCounty(
        b,
        [b.url(e.href) for e in entries[:INLINE] if e.href in reports],
        [b.url(e.href) for e in entries[INLINE:] if e.href in reports],
        b.url(notice.href),
    )


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    built = {county.key: build_county(county) for county in COUNTIES}
    registry = registry_toml(
        [(c.key, f"{c.name}人民政府", c.host, {"download_delay": 0.05}) for c in COUNTIES]
    )
    with DemoNetwork([county.builder.site for county in built.values()]) as network:
        finished = crawl_portals(
            network,
            registry,
            tmp_path_factory.mktemp("hanweb"),
            DOWNLOAD_DELAY=0.05,
            AUTOTHROTTLE_ENABLED=False,
            RETRY_TIMES=RETRY_TIMES,
            CHALLENGE_PAUSE=20,
            HOST_PAUSE=20,
        )
    found = {item["url"] for item in read_items(finished.output / "reports.jsonl")}
    return finished, found, built


@pytest.fixture(scope="module")
def never(tmp_path_factory):
    """The county whose dataproxy answers, crawled with ``render = "never"``."""
    county = build_county(COUNTIES[0])
    registry = registry_toml(
        [("qingtian", "青田县人民政府", county.builder.host, {"render": '"never"'})]
    )
    with DemoNetwork([county.builder.site]) as network:
        finished = crawl_portals(
            network,
            registry,
            tmp_path_factory.mktemp("never"),
            DOWNLOAD_DELAY=0.05,
            AUTOTHROTTLE_ENABLED=False,
        )
    found = {item["url"] for item in read_items(finished.output / "reports.jsonl")}
    return finished, found, county


def served(crawl, key: str) -> list[str]:
    finished, _, _ = crawl
    host = next(c.host for c in COUNTIES if c.key == key)
    return [r.target for r in sorted(finished.logs[host], key=lambda r: r.started)]


def test_the_rest_of_a_list_is_asked_for_after_its_island_and_every_report_is_found(crawl):
    _, found, built = crawl
    county = built["qingtian"]
    assert set(county.inline_reports + county.later_reports) == found & _urls(county)
    proxy_calls = [t for t in served(crawl, "qingtian") if t.startswith(PROXY_PREFIX)]
    assert proxy_calls == [AFTER_ISLAND]  # the island's records are never asked for again


@pytest.mark.parametrize("key", ["jinyun", "suichang", "songyang"])
def test_reports_listed_in_the_island_are_found_when_dataproxy_is_refused(crawl, key):
    _, found, built = crawl
    county = built[key]
    assert set(county.inline_reports) == found & _urls(county)  # only the POST lists the rest


def test_a_look_alike_filed_in_the_island_is_read_but_not_emitted(crawl):
    _, found, built = crawl
    for key, county in built.items():
        assert county.notice.removeprefix(f"http://{county.builder.host}") in served(crawl, key)
        assert county.notice not in found


def test_dataproxy_disallowed_by_robots_txt_is_never_asked(crawl):
    assert not [t for t in served(crawl, "jinyun") if t.startswith(PROXY_PREFIX)]


def test_a_challenged_dataproxy_is_asked_once_after_everything_the_island_listed(crawl):
    finished, _, _ = crawl
    targets = served(crawl, "suichang")
    assert [t for t in targets if t.startswith(PROXY_PREFIX)] == [AFTER_ISLAND]
    assert targets[-1] == AFTER_ISLAND  # the host's pause after the challenge delays nothing
    assert finished.stats["challenges/suichang"] == 1
    assert "hosts/given_up/challenge" not in finished.stats


def test_a_failing_dataproxy_is_retried_within_the_budget_after_the_islands_pages(crawl):
    targets = served(crawl, "songyang")
    proxy_calls = [i for i, t in enumerate(targets) if t.startswith(PROXY_PREFIX)]
    assert [targets[i] for i in proxy_calls] == [AFTER_ISLAND] * (1 + RETRY_TIMES)
    assert max(i for i, t in enumerate(targets) if t.startswith("/art/")) < proxy_calls[0]


def test_each_refused_list_api_is_logged_and_counted_once(crawl):
    finished, _, _ = crawl
    assert finished.stats["render/list_api_refused"] == 3
    for county in COUNTIES[1:]:
        assert f"list API http://{county.host}{hanweb.DATAPROXY} refused" in finished.log


def test_list_api_requests_are_plain_data_the_frontier_can_store(crawl):
    finished, _, _ = crawl
    assert finished.stats["render/list_api/hanweb-jpage"] == len(COUNTIES)
    assert not [k for k in finished.stats if "unserializable" in k]


def test_no_page_of_an_island_column_goes_to_the_browser(crawl):
    finished, _, _ = crawl
    for county in COUNTIES:
        assert "/module/web/jpage/jpage.js" not in served(crawl, county.key)
    assert not [k for k in finished.stats if k.startswith("render/browser/")]
    assert finished.stats["render/inline_lists"] == len(COUNTIES)


def test_render_never_reads_the_island_in_the_html_and_asks_no_list_api(never):
    finished, found, county = never
    assert set(county.inline_reports) == found & _urls(county)
    targets = [r.target for r in finished.logs[county.builder.host]]
    assert not [t for t in targets if t.startswith(PROXY_PREFIX)]


def _urls(county: BuiltCounty) -> set[str]:
    """Every URL of the county's site."""
    return {county.builder.url(target) for target in county.builder.site.routes}
