"""A small changing world for re-crawl tests (no tests here): two county portals, crawled once,
then again "a year later" after they changed, with the same crawl state.

柳溪县 (www.liuxi.gov.cn) is a TRS portal published as static files: nginx sends ETag and
Last-Modified and answers conditional requests with 304. Between the crawls its home page gets
news, its 2022 report is corrected (one statistics cell), its 2016 report is withdrawn (unlisted,
404), a 2024 report appears, and its 2020 report page is served by a script with a visit counter
and today's date in the template (no validators, different bytes on every answer).
青峰区 (www.qingfeng.gov.cn) sends ETag only (robots.txt: Last-Modified only); its 2018 report
comes from a script without validators but identical bytes, and its 2019 report is unlisted but
still served.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

from demo.network import DemoNetwork
from demo.server import Request, Response, Site, not_found_page
from demo.sites import chrome_trs as trs
from demo.sites.files import pdf_bytes
from demo.sites.model import ArticlePage, ListEntry, ReportSpec, SiteTheme
from demo.sites.report_body import build_report
from tests.server_log_judge import FinishedCrawl, crawl_portals

# Last-Modified of what was published before the first crawl, and of what changed after it.
PUBLISHED_BEFORE = "Mon, 04 Mar 2024 02:00:00 GMT"
PUBLISHED_AFTER = "Tue, 04 Mar 2025 02:00:00 GMT"
TODAY = {1: "2024年3月5日 星期二", 2: "2025年3月6日 星期四"}
COLUMN = "/xxgk/zfxxgknb/"
FURNITURE = ("/mobile/", "/wzdt/", "/lxwm/", "/syhj/", "/yszc/")
NAV = (("首页", "/"), ("政务公开", "/zwgk/"), ("政府信息公开", "/xxgk/"))


@dataclass
class World:
    """Which year it is (phase 1: the first crawl, 2: the re-crawl) and the visit counter."""

    phase: int = 1
    views: int = 1000


@dataclass
class Validators:
    etag: bool = True
    last_modified: bool = True


@dataclass
class ServedPage:
    """One URL: its text in each phase (None: 404), served as a static file or by a script."""

    world: World
    text: Callable[[int], str | bytes | None]
    validators: Validators | None = field(default_factory=Validators)  # None: a script
    content_type: str = "text/html; charset=utf-8"

    def __call__(self, request: Request) -> Response:
        body = self.text(self.world.phase)
        if body is None:
            return not_found_page()
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = [("Content-Type", self.content_type)]
        if self.validators is None:
            return Response(headers=headers, body=body, gzip=True)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        changed = self.world.phase > 1 and body != _encoded(self.text(1))
        modified = PUBLISHED_AFTER if changed else PUBLISHED_BEFORE
        validators = []
        if self.validators.etag:
            validators.append(("ETag", etag))
        if self.validators.last_modified:
            validators.append(("Last-Modified", modified))
        if _not_modified(request, etag, modified, self.validators):
            return Response(status=304, headers=validators)
        return Response(headers=headers + validators, body=body, gzip=True)


def _encoded(body: str | bytes | None) -> bytes | None:
    return body.encode("utf-8") if isinstance(body, str) else body


def _not_modified(request: Request, etag: str, modified: str, validators: Validators) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    match = request.header("If-None-Match")
    if match is not None:
        return validators.etag and etag in [t.strip() for t in match.split(",")]
    since = request.header("If-Modified-Since")
    if since is None or not validators.last_modified:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


@dataclass
class PortalPlan:
    """One portal of the world: its theme, its reports, and what happens to them."""

    id: str
    host: str
    name: str
    region: str
    years: tuple[int, ...]
    validators: Validators
    new_year: int | None = None  # published between the crawls
    corrected_year: int | None = None  # one statistics cell corrected between the crawls
    withdrawn_year: int | None = None  # unlisted and 404 after the first crawl
    unlisted_year: int | None = None  # unlisted after the first crawl, still served
    counter_year: int | None = None  # served by a script: visit counter, today's date
    identical_script_year: int | None = None  # served by a script, no validators, same bytes
    attachment_year: int | None = None  # links a PDF
    news_on_home: bool = False  # the home page gets a news item between the crawls

    @property
    def theme(self) -> SiteTheme:
        return SiteTheme(
            site_name=self.name,
            host=self.host,
            site_code="4310000001",
            icp="湘ICP备12000001号",
            organizer=f"{self.name}办公室",
            undertaker=f"{self.name}电子政务中心",
            phone="0735-1234567",
            nav=NAV,
        )

    def report_path(self, year: int) -> str:
        return f"{COLUMN}{year + 1}03/t{year + 1}0301_{5000 + year}.html"

    def report_url(self, year: int) -> str:
        return f"http://{self.host}{self.report_path(year)}"

    def pdf_path(self, year: int) -> str:
        return f"{COLUMN}{year + 1}03/P0{year + 1}0301_{5000 + year}.pdf"

    def listed(self, phase: int) -> list[int]:
        years = list(self.years)
        if phase > 1:
            years = [y for y in years if y not in (self.withdrawn_year, self.unlisted_year)]
            if self.new_year:
                years.append(self.new_year)
        return sorted(years, reverse=True)

    def registry(self) -> str:
        return f'[[portal]]\nid = "{self.id}"\nname = "{self.name}"\nstart_urls = ["http://{self.host}/"]\n'


def _spec(plan: PortalPlan, year: int) -> ReportSpec:
    form = "2021" if year >= 2021 else "2019" if year >= 2019 else "stats"
    return ReportSpec(
        key=f"{plan.id}-{year}",
        path=plan.report_path(year),
        title=f"{plan.name}{year}年政府信息公开工作年度报告",
        agency=plan.name,
        region=plan.region,
        year=year,
        published=f"{year + 1}-03-01",
        form=form,
        level="county",
        style="cms",
        index_no=f"43100{year + 1}-{year % 100:02d}",
        office=f"{plan.name}办公室",
        phone="0735-1234567",
    )


def corrected(body_html: str) -> str:
    """The report with its first 行政复议 figure corrected by one (and the total with it)."""
    start = body_html.index("四、政府信息公开行政复议、行政诉讼情况")
    table_end = body_html.index("</table>", start)
    row_start = body_html.rindex("<tr>", start, table_end)
    row = body_html[row_start:table_end]
    values = re.findall(r"<td>(\d+)</td>", row)
    values[0], values[4] = str(int(values[0]) + 1), str(int(values[4]) + 1)
    cells = iter(values)
    fixed = re.sub(r"<td>(\d+)</td>", lambda _: f"<td>{next(cells)}</td>", row)
    return body_html[:row_start] + fixed + body_html[table_end:]


def report_page(plan: PortalPlan, year: int, phase: int, views: int = 0) -> str:
    spec = _spec(plan, year)
    body = build_report(spec, plan.name, plan.host).html
    if year == plan.corrected_year and phase > 1:
        body = corrected(body)
    attachments = []
    if year == plan.attachment_year:
        attachments = [(plan.pdf_path(year), f"{year}年度报告.pdf")]
    page = ArticlePage(
        path=spec.path,
        title=spec.title,
        published=spec.published,
        body_html=body,
        source=plan.name,
        crumbs=[("首页", "/"), ("政府信息公开", "/xxgk/"), ("政府信息公开年报", COLUMN)],
        index_no=spec.index_no,
        attachments=attachments,
        views=views,
    )
    html = trs.article_page(plan.theme, page, "政府信息公开年报")
    if year == plan.counter_year:  # the script prints today's date in the template
        html = html.replace('<span class="date">', f'<span class="date">今天是{TODAY[phase]} ', 1)
    return html


def column_page(plan: PortalPlan, phase: int) -> str:
    entries = [
        ListEntry(
            f"{plan.name}{y}年政府信息公开工作年度报告", plan.report_path(y), f"{y + 1}-03-01"
        )
        for y in plan.listed(phase)
    ]
    crumbs = [("首页", "/"), ("政府信息公开", "/xxgk/"), ("政府信息公开年报", COLUMN)]
    return trs.column_page(plan.theme, "政府信息公开年报", crumbs, entries)


def home_page(plan: PortalPlan, phase: int) -> str:
    news = ["全县春季植树造林活动启动"]
    if plan.news_on_home and phase > 1:
        news.insert(0, "县政府召开第一次全体会议")
    items = "".join(f"<li>{n}</li>" for n in news)
    body = (
        f'<ul class="news">{items}</ul><ul class="zwgk">'
        f'<li><a href="/zwgk/">政务公开</a></li><li><a href="/xxgk/">政府信息公开</a></li></ul>'
    )
    return trs.simple_page(plan.theme, "首页", [("首页", "/")], body)


def build_site(plan: PortalPlan, world: World) -> Site:
    site = Site(plan.host)
    v = plan.validators

    def static(text: Callable[[int], str | bytes | None], **options: object) -> ServedPage:
        return ServedPage(world, text, Validators(v.etag, v.last_modified), **options)  # type: ignore[arg-type]

    robots = "User-agent: *\nDisallow: /was5/\n"
    site.add(
        "/robots.txt",
        ServedPage(
            world,
            lambda phase: robots,
            Validators(etag=v.etag and v.last_modified, last_modified=True),
            content_type="text/plain",
        ),
    )
    site.add("/", static(lambda phase: home_page(plan, phase)))
    section = '<ul><li><a href="/xxgk/">政府信息公开</a></li></ul>'
    site.add("/zwgk/", static(lambda phase: trs.simple_page(plan.theme, "政务公开", [], section)))
    info = f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>'
    site.add("/xxgk/", static(lambda phase: trs.simple_page(plan.theme, "政府信息公开", [], info)))
    site.add(COLUMN, static(lambda phase: column_page(plan, phase)))
    for path in FURNITURE:
        text = trs.simple_page(plan.theme, path.strip("/"), [("首页", "/")], "<p>网站信息</p>")
        site.add(path, static(lambda phase, text=text: text))
    for year in sorted({*plan.years, *([plan.new_year] if plan.new_year else [])}):
        site.add(plan.report_path(year), _report_route(plan, world, year, static))
    if plan.attachment_year:
        pdf = pdf_bytes([f"Annual report {plan.attachment_year}", plan.name.encode().hex()])
        site.add(
            plan.pdf_path(plan.attachment_year),
            static(lambda phase: pdf, content_type="application/pdf"),
        )
    return site


def _report_route(plan: PortalPlan, world: World, year: int, static) -> ServedPage:
    def text(phase: int) -> str | None:
        if year == plan.new_year and phase == 1:
            return None
        if year == plan.withdrawn_year and phase > 1:
            return None
        return report_page(plan, year, phase)

    if year == plan.counter_year:

        def counted(phase: int) -> str:
            world.views += 1
            return report_page(plan, year, phase, views=world.views)

        return ServedPage(world, counted, validators=None)
    if year == plan.identical_script_year:
        return ServedPage(world, text, validators=None)
    return static(text)


LIUXI = PortalPlan(
    id="liuxi",
    host="www.liuxi.gov.cn",
    name="柳溪县人民政府",
    region="湖南省永州市柳溪县",
    years=tuple(range(2014, 2024)),
    validators=Validators(etag=True, last_modified=True),
    new_year=2024,
    corrected_year=2022,
    withdrawn_year=2016,
    counter_year=2020,
    attachment_year=2021,
    news_on_home=True,
)
QINGFENG = PortalPlan(
    id="qingfeng",
    host="www.qingfeng.gov.cn",
    name="青峰区人民政府",
    region="湖南省永州市青峰区",
    years=tuple(range(2017, 2024)),
    validators=Validators(etag=True, last_modified=False),
    unlisted_year=2019,
    identical_script_year=2018,
)
PLANS = (LIUXI, QINGFENG)


def expected_changes(plans: tuple[PortalPlan, ...] = PLANS) -> dict[str, str]:
    """The ``change`` each report URL must carry in the re-crawl."""
    changes: dict[str, str] = {}
    for plan in plans:
        for year in plan.years:
            changes[plan.report_url(year)] = "unchanged"
        if plan.new_year:
            changes[plan.report_url(plan.new_year)] = "new"
        if plan.corrected_year:
            changes[plan.report_url(plan.corrected_year)] = "changed"
        if plan.withdrawn_year:
            changes[plan.report_url(plan.withdrawn_year)] = "gone"
    return changes


# Fast but polite enough for loopback servers; AutoThrottle off keeps runs short under load.
CRAWL_SETTINGS = {"DOWNLOAD_DELAY": 0.05, "AUTOTHROTTLE_ENABLED": False, "OUTPUT_PARQUET": False}


@dataclass
class Recrawl:
    """A crawl, then a re-crawl of the changed world with the same crawl state."""

    first: FinishedCrawl
    second: FinishedCrawl
    state_dir: Path
    plans: tuple[PortalPlan, ...]


def recrawl(
    base: Path,
    plans: tuple[PortalPlan, ...] = PLANS,
    between: Callable[[Path], None] | None = None,
    second_settings: dict | None = None,
    **settings: object,
) -> Recrawl:
    """Crawl ``plans`` into ``base/d1``, change the world (and call ``between(d1)``), crawl it
    again into ``base/d2``; both with ``CRAWL_STATE`` in ``base/state`` unless given."""
    world = World()
    state_dir = base / "state"
    settings = {"CRAWL_STATE": state_dir / "crawl-state.sqlite", **CRAWL_SETTINGS, **settings}
    registry = "\n".join(plan.registry() for plan in plans)
    first_out, second_out = base / "d1", base / "d2"
    first_out.mkdir(parents=True)
    second_out.mkdir(parents=True)
    with DemoNetwork([build_site(plan, world) for plan in plans]) as network:
        first = crawl_portals(network, registry, first_out, **settings)
        network.clear_logs()
        world.phase = 2
        if between is not None:
            between(first_out)
        second = crawl_portals(
            network, registry, second_out, **{**settings, **(second_settings or {})}
        )
    return Recrawl(first, second, state_dir, plans)


_RECRAWLS: dict[str, Recrawl] = {}


def world_recrawl(tmp_path_factory) -> Recrawl:
    """The re-crawl of the whole world, done once per test session (tests only read it)."""
    if "world" not in _RECRAWLS:
        _RECRAWLS["world"] = recrawl(tmp_path_factory.mktemp("recrawl"))
    return _RECRAWLS["world"]
