"""A wide world for benchmarks: N county portals × M reports each, in TRS chrome, every host asking
for a Crawl-delay in robots.txt. Built from the demo's own report and chrome generators, so pages
look and weigh like the demo's (a report page ~30-60 KB with its three statistics tables).

Each portal: home → 政府信息公开 → 政府信息公开年报 column (20 links a page, further pages by
``createPageHTML``) → reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from demo.server import Site
from demo.sites import chrome_trs as trs
from demo.sites.model import ListEntry, ReportSpec, SiteTheme
from demo.sites.publishing import publish_report
from demo.sites.site_builder import SiteBuilder

PER_PAGE = 20
STYLES = ("word", "plain", "cms")
FIRST_YEAR = 2008
_PROVINCES = ("湖南省", "江西省", "浙江省", "四川省", "云南省", "河南省", "山东省", "福建省")
_COUNTY_WORDS = "安平宁远清河长乐永和青山龙泉新城东阳西华南江北海白云金山石门"


@dataclass
class WideWorld:
    sites: list[Site]
    registry: str  # TOML
    report_urls: list[str] = field(default_factory=list)
    crawl_delay: float = 1.0


def _county(i: int) -> str:
    words = _COUNTY_WORDS
    a, b = words[(2 * i) % len(words)], words[(2 * i + 7) % len(words)]
    return f"{a}{b}{'县' if i % 3 else '区'}"


def _portal(i: int, reports: int, crawl_delay: float) -> tuple[SiteBuilder, list[str], str]:
    county = _county(i)
    province = _PROVINCES[i % len(_PROVINCES)]
    host = f"www.w{i:04d}.gov.cn"
    name = f"{county}人民政府"
    theme = SiteTheme(
        site_name=name,
        host=host,
        site_code=f"43{i:08d}",
        icp=f"湘ICP备{10000000 + i}号",
        organizer=f"{county}人民政府办公室",
        nav=(("首页", "/"), ("政府信息公开", "/xxgk/")),
    )
    b = SiteBuilder(host)
    b.text("/robots.txt", f"User-agent: *\nCrawl-delay: {crawl_delay:g}\nDisallow: /search/\n")
    column = "/xxgk/xxgknb/"
    crumbs = [
        ("首页", "/"),
        ("政府信息公开", "/xxgk/"),
        ("政府信息公开年报", column + "index.html"),
    ]
    urls, entries = [], []
    for n in range(reports):
        year = FIRST_YEAR + n % 17
        # more than 17 reports a portal: departments' reports of the same years
        agency = name if n < 17 else f"{county}第{n // 17}局"
        published = f"{year + 1}-01-{10 + n % 18:02d}"
        path = f"/xxgk/xxgknb/{year + 1}01/t{year + 1}0115_{i:04d}{n:03d}.html"
        spec = ReportSpec(
            key=f"w{i}-{n}",
            path=path,
            title=f"{agency}{year}年政府信息公开工作年度报告",
            agency=agency,
            region=f"{province}{county}",
            year=year,
            published=published,
            form="2021" if year >= 2020 else "stats",
            level="county",
            style=STYLES[n % len(STYLES)],
            index_no=f"43{i:04d}/{year + 1}-{n:05d}",
        )
        publish_report(
            b,
            f"w{i:04d}",
            spec,
            name,
            lambda page: trs.article_page(theme, page, "政府信息公开年报"),
            crumbs,
        )
        urls.append(b.url(path))
        entries.append(ListEntry(spec.title, path, published))
    pages = [entries[k : k + PER_PAGE] for k in range(0, len(entries), PER_PAGE)] or [[]]
    for k, chunk in enumerate(pages):
        target = column + ("index.html" if k == 0 else f"index_{k}.html")
        b.page(target, trs.column_page(theme, "政府信息公开年报", crumbs, chunk, k, len(pages)))
    home_body = '<ul><li><a href="/xxgk/">政府信息公开</a></li></ul>'
    b.page("/", trs.simple_page(theme, name, [("首页", "/")], home_body))
    xxgk_body = f'<ul><li><a href="{column}index.html">政府信息公开年报</a></li></ul>'
    b.page("/xxgk/", trs.simple_page(theme, "政府信息公开", crumbs[:2], xxgk_body))
    entry = (
        f'[[portal]]\nid = "w{i:04d}"\nname = "{name}"\n'
        f'start_urls = ["http://{host}/"]\nrender = "never"\nregion = "{province}{county}"\n'
    )
    return b, urls, entry


def wide_world(portals: int, reports: int, crawl_delay: float = 1.0) -> WideWorld:
    """``portals`` hosts with ``reports`` reports each; robots.txt asks for ``crawl_delay``."""
    sites, registry, urls = [], [], []
    for i in range(portals):
        builder, portal_urls, entry = _portal(i, reports, crawl_delay)
        sites.append(builder.site)
        urls.extend(portal_urls)
        registry.append(entry)
    return WideWorld(sites, "\n".join(registry), urls, crawl_delay)
