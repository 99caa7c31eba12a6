"""Content definitions shared by every demo portal: reports, attachments, look-alikes, portals.

A portal module turns these into pages (through a chrome module) and into ground truth, from the
same objects, so the served pages and ``expected.json`` cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from demo.server import Site

# What the expected.json "template" field says for each internal report form.
TEMPLATE_OF_FORM = {"2021": "2019", "2019": "2019", "stats": "2008", "text": "other"}


@dataclass(frozen=True)
class Attachment:
    """A file linked from a report page, served by the same host."""

    path: str
    name: str  # link text, also the file name in Content-Disposition
    kind: str  # pdf | docx | xls | ofd | wps
    gbk_disposition: bool = False  # filename sent as raw GBK bytes (old Java download servlets)


@dataclass
class ReportSpec:
    """One annual report as a portal publishes it."""

    key: str  # unique, seeds the figures
    path: str
    title: str
    agency: str
    region: str
    year: int
    published: str  # YYYY-MM-DD
    form: str  # "2021" | "2019" | "stats" | "text"
    level: str  # province | city | county | district | department | town
    style: str = "word"  # table style: word | plain | cms
    zero_blank: bool = False  # zeros printed as blank cells
    attachments: tuple[Attachment, ...] = ()
    office: str = ""  # who answers questions about the report
    address: str = ""
    phone: str = ""
    contact: str = ""  # a person's name; GBK-only characters on GBK portals
    scopes: tuple[str, ...] = ("",)  # 统计表 sets: ("本级", "本行政区域") when printed twice
    deliberate_error: str = ""  # why this report's arithmetic is wrong on purpose
    index_no: str = ""
    seed: str = ""  # name of a seed text the body is built from
    posted_by: str = ""  # the office the page names as 发布机构 / 来源, when not the agency itself
    response: dict = field(default_factory=dict)  # per-page server options (gzip, chunked...)


@dataclass(frozen=True)
class Negative:
    """A page that looks like an annual report but is not one; must not be emitted."""

    url: str
    why: str


@dataclass
class ExpectedReport:
    url: str
    portal: str
    title: str
    agency: str  # whose report it is
    publisher: str | None  # the page's 发布机构 / 来源 as written (the posting office)
    region: str
    year: int
    published: str
    template: str
    attachments: list[str]
    phrases: list[str]
    tables: list[dict]
    notes: list[str] = field(default_factory=list)
    source_format: str = "html"  # what the report is read from: html, or its document's kind


@dataclass
class PortalBuild:
    """Everything one portal contributes: its sites, its registry entry, and its ground truth."""

    id: str
    name: str
    start_urls: list[str]
    sites: list[Site]
    exercises: list[str]
    render: str = "auto"
    download_delay: float | None = None
    max_pages: int | None = None
    reports: list[ExpectedReport] = field(default_factory=list)
    negatives: list[Negative] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    redirects: list[dict] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SiteTheme:
    """Who runs a site and how its chrome labels itself (header, footer, navigation)."""

    site_name: str
    host: str
    site_code: str  # 网站标识码
    icp: str
    organizer: str  # 主办单位
    police: str = ""  # 公安机关备案号
    undertaker: str = ""  # 承办单位
    charset: str = "utf-8"  # what the page's <meta> declares
    phone: str = ""
    address: str = ""
    nav: tuple[tuple[str, str], ...] = ()
    accent: str = "#0b5fa5"


@dataclass(frozen=True)
class ListEntry:
    """One line of a column list: link text, href as the page writes it, date."""

    title: str
    href: str
    date: str


@dataclass
class ArticlePage:
    """A detail page as chrome modules render it (reports, look-alikes, news alike)."""

    path: str
    title: str
    published: str  # YYYY-MM-DD
    body_html: str
    source: str  # 发布机构
    crumbs: list[tuple[str, str]]  # (name, href) from 首页 to the column
    index_no: str = ""
    doc_no: str = ""
    topic: str = "综合政务\\政务公开"
    time: str = "09:30"
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (href, name)
    views: int = 0
