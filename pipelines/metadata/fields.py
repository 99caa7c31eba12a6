"""Report metadata from a whole page: title, agency, publisher, region, year, published date,
索引号, 文号. Each field is taken from the most trustworthy place that has it
(docs/text-and-metadata.md): the page's metadata block and <meta> tags, the title, the text, the
URL, the registry; the agency from the report itself before the office that posted it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.metadata.agency import (
    OPENING_CHARACTERS,
    agency_from_opening,
    agency_from_title,
    government_named,
    is_agency_name,
    normalise_agency,
    signature,
    site_owner,
    split_region,
)
from pipelines.metadata.block import MetadataPage, read_metadata_page
from pipelines.metadata.dates import (
    date_from_url,
    is_bare_date,
    parse_date,
    year_from_text,
    year_from_title,
    year_from_url,
)
from pipelines.metadata.titles import clean_title, is_report_title, page_headings
from pipelines.page.page import Page
from pipelines.page.strings import to_simplified, tolerant_words, word_list


@dataclass
class ReportMetadata:
    """What the page says about the report; `sources` names where each field came from."""

    title: str | None = None
    agency: str | None = None  # whose report it is
    publisher: str | None = None  # the office the page says posted it (发布机构 / 来源), as written
    region: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    index_no: str | None = None
    doc_no: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --- where each field is read ------------------------------------------------------------------

# Date labels trusted less than the <meta> publication date (a writing date is no publication).
_PUBLISHED_AFTER_META = word_list(
    "发文日期 印发日期 成文日期 生成日期 创建日期 日期 时间 更新日期 更新时间"
)
_TITLE_METAS = ("articletitle", "dc.title", "og:title")
_DATE_METAS = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")

_ELLIPSIS = ("...", "…", "。。。")

# Dates in a page header that are not the publication's: today's date, update stamps.
_NOT_PUBLICATION = re.compile(tolerant_words(("星期", "今天", "农历", "更新", "成文", "截止")))
# Words of the line under a title that carries its unlabelled date: 2024-01-20 来源：… 浏览：…
_INFO_WORDS = re.compile(
    tolerant_words(("来源", "作者", "浏览", "阅读", "点击", "字号", "字体", "访问"))
)


def _body_start(lines: list[str], text: str) -> int:
    """Index of the line where the report text begins; what is above is the page header."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first.split("\t")[0]
    for i, line in enumerate(lines):
        if first and line.startswith(first[:30]):
            return i
    return next((i for i, line in enumerate(lines) if len(line) > 100), len(lines))


def _numbers(page: MetadataPage, meta: ReportMetadata) -> None:
    """索引号 and 文号, from the metadata block only."""
    for name in ("index_no", "doc_no"):
        for label, value in page.ranked(name):
            value = re.split(r"\s{2,}|\t", value)[0].strip()
            if value and value not in ("无", "暂无", "-", "/", "—"):
                setattr(meta, name, page.simplify(value) if name == "doc_no" else value)
                meta.sources[name] = f"block:{label}"
                break


def _title_candidates(page: MetadataPage, link_text: str | None) -> list[tuple[str, str]]:
    """(source, cleaned title), most trusted first: <meta>, block, headings, <title>, link, text."""
    raw = [(f"meta:{key}", page.metas[key]) for key in _TITLE_METAS if key in page.metas]
    raw += [(f"block:{label}", v) for label, v in page.ranked("title")]
    raw += [("heading", h) for h in page_headings(page.root)]
    raw.append(("html_title", page.head_title))
    if link_text and not link_text.rstrip().endswith(_ELLIPSIS):
        raw.append(("link_text", link_text))
    first_line = next((line for line in page.text.splitlines() if line.strip()), "")
    if len(first_line) <= 80:
        raw.append(("text", first_line))
    return [(src, page.simplify(clean_title(t))) for src, t in raw if t.strip()]


def _title(
    page: MetadataPage, meta: ReportMetadata, link_text: str | None
) -> list[tuple[str, str]]:
    """Sets the title; returns the report-like candidates, for the year."""
    cleaned = _title_candidates(page, link_text)
    reports = [(src, t) for src, t in cleaned if is_report_title(t)]
    # A column name (政府信息公开年报) can pose as a title; the report's own title names its year.
    dated = [(src, t) for src, t in reports if year_from_title(t)]
    chosen = (dated or reports or cleaned or [None])[0]
    if chosen:
        meta.sources["title"], meta.title = chosen
    else:
        meta.warnings.append("no_title")
    return reports


def _publication_dates(page: MetadataPage, url: str, signed: str | None) -> list[tuple[str, str]]:
    """(source, ISO date), most trusted first."""
    labelled = []
    for label, value in page.ranked("published"):
        when = parse_date(value)
        if when:
            labelled.append((f"block:{label}", when))
    early = [p for p in labelled if p[0].removeprefix("block:") not in _PUBLISHED_AFTER_META]
    late = [p for p in labelled if p not in early]
    in_meta = [(f"meta:{k}", parse_date(page.metas.get(k, "")) or "") for k in _DATE_METAS]
    dates = early + [p for p in in_meta if p[1]] + late
    for line in page.lines[: _body_start(page.lines, page.text)]:
        stamp = is_bare_date(line) or (len(line) <= 100 and _INFO_WORDS.search(line))
        if stamp and not _NOT_PUBLICATION.search(line) and parse_date(line):
            dates.append(("page_date", parse_date(line) or ""))
            break
    in_url = date_from_url(url)
    if in_url:
        dates.append(("url", in_url))
    if signed:
        dates.append(("signature", signed))
    return dates


def _published(page: MetadataPage, meta: ReportMetadata, dates: list[tuple[str, str]]) -> None:
    # A report on year N cannot come out before N; such a date belongs to something else.
    plausible = [d for d in dates if meta.year is None or int(d[1][:4]) >= meta.year]
    if not dates:
        meta.warnings.append("no_published_date")
        return
    if not plausible:
        meta.warnings.append("published_before_reported_year")
    meta.sources["published"], meta.published = (plausible or dates)[0]


def _year_without_title(page: MetadataPage, meta: ReportMetadata, url: str) -> None:
    """The year when no title names one: the text, the URL, else the year before publication."""
    published_year = int(meta.published[:4]) if meta.published else None
    from_text = year_from_text(page.simplify(page.text[:2000]), published_year)
    in_url = year_from_url(url)
    if from_text:
        meta.year, meta.sources["year"] = from_text, "text"
    elif in_url:
        meta.year, meta.sources["year"] = in_url, "url"
    elif published_year:
        meta.year, meta.sources["year"] = published_year - 1, "published"
        meta.warnings.append("year_guessed_from_published")
    else:
        meta.warnings.append("no_year")


_PUBLISHER_MAX = 60  # longer 来源 values are sentences, not an office's name
_PUBLISHER_END = re.compile(r"\s{2,}|[\t\u3000]")


def _posted_by(page: MetadataPage) -> list[tuple[str, str]]:
    """(source, value as written) of what the page says posted it: metadata block 发布机构 … 来源,
    then <meta ContentSource>. A label in the report's own text counts only when its value is an
    agency name (资金来源：财政拨款 is prose)."""
    found = []
    for label, raw in page.ranked("agency"):
        value = _PUBLISHER_END.split(raw)[0].strip(" :：")
        if not value or len(value) > _PUBLISHER_MAX:
            continue
        if (label, raw) in page.labelled_in_text and not is_agency_name(value):
            continue
        found.append((f"block:{label}", value))
    if "contentsource" in page.metas:
        found.append(("meta:contentsource", page.metas["contentsource"]))
    return found


def _owners(
    page: MetadataPage,
    meta: ReportMetadata,
    signer: str | None,
    portal_name: str | None,
    site: str | None,
    posted: list[tuple[str, str]],
) -> Iterator[tuple[str, str | None]]:
    """(source, raw name) of who the report may be of, most trusted first; each read only when
    the ones before it named no body (the opening of a Traditional page costs a conversion)."""
    yield "title", agency_from_title(meta.title) if meta.title else None
    yield "opening", agency_from_opening(page.simplify(page.text[:OPENING_CHARACTERS]))
    yield "signature", signer
    yield "portal_name", portal_name
    if site and site != portal_name:
        yield "site_name", site
    yield from posted


def _agency(
    page: MetadataPage, meta: ReportMetadata, signer: str | None, portal_name: str | None
) -> None:
    """Publisher as the page writes it; agency and region from the report itself (title, opening,
    signature), then the registry and the site, the posting office only as a last resort."""
    posted = _posted_by(page)
    if posted:
        meta.sources["publisher"], meta.publisher = posted[0][0], page.simplify(posted[0][1])
    site = site_owner(portal_name, page.metas, page.head_title, page.lines, page.simplify)
    site_units = split_region(site)[0] if site else []
    owners = _owners(page, meta, signer, portal_name, site, posted)
    named = (
        (source, normalise_agency(page.simplify(raw), site_units)) for source, raw in owners if raw
    )
    agencies = ((source, agency) for source, agency in named if agency)
    first = next(agencies, None)
    if first:
        source, agency = first
        units, rest = split_region(agency)
        if units and not rest:  # a zone (杨凌示范区) is run by the 管委会 another candidate names
            agency = government_named(agency, [name for _, name in agencies]) or agency
        meta.agency, meta.sources["agency"] = agency, source
    else:
        meta.warnings.append("no_agency")
    units = split_region(meta.agency)[0] if meta.agency else site_units
    meta.region = "".join(units) or None


def extract_metadata(
    page: Page | str,
    text: str,
    url: str,
    portal_name: str | None = None,
    link_text: str | None = None,
) -> ReportMetadata:
    """Metadata of one report page.

    page is the parsed page (or its decoded HTML), text its clean report text
    (see pipelines.text.report_text),
    portal_name the registry's name of the portal, link_text the text of the link that led here.
    """
    meta = ReportMetadata()
    page = read_metadata_page(page if isinstance(page, Page) else Page(page), text)
    if page.simplify is to_simplified:
        meta.warnings.append("traditional_page_fields_simplified")
    _numbers(page, meta)
    reports = _title(page, meta, link_text)
    for source, title in reports:
        year = year_from_title(title)
        if year:
            meta.year, meta.sources["year"] = year, f"title:{source}"
            break
    signer, signed = signature(page.simplify(text[-1500:]))
    _published(page, meta, _publication_dates(page, url, signed))
    if meta.year is None:
        _year_without_title(page, meta, url)
    if meta.year and meta.published and meta.year > int(meta.published[:4]):
        meta.warnings.append("year_after_published")
    _agency(page, meta, signer, portal_name)
    return meta
