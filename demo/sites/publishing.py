"""Publish a report on a site: body, attachments, the page in portal chrome, and its truth entry.

Every portal goes through here, so each report page and its ``expected.json`` entry come from
one call and are checked against each other (title and phrases present in the served page).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from demo.sites import files
from demo.sites.model import TEMPLATE_OF_FORM, ArticlePage, ExpectedReport, ReportSpec
from demo.sites.report_body import ReportContent, build_report
from demo.sites.site_builder import SiteBuilder


def relative_href(page_path: str, target_path: str) -> str:
    """``./P020...pdf`` style link from a page to a file, as TRS writes them."""
    rel = posixpath.relpath(target_path, posixpath.dirname(page_path) or "/")
    return rel if rel.startswith("..") else f"./{rel}"


def attachment_bytes(kind: str, title: str, content: ReportContent, year: int) -> bytes:
    if kind == "pdf":
        return files.pdf_bytes(
            [
                f"Government Information Disclosure Annual Report {year}",
                "(Chinese text is in the HTML page; this PDF is a fixture.)",
                f"Paragraphs: {len(content.paragraphs)}; table cells: {len(content.cells)}",
            ]
        )
    if kind == "docx":
        return files.docx_bytes(title, content.paragraphs)
    if kind == "ofd":
        return files.ofd_bytes(title, content.paragraphs)
    if kind == "xls":
        rows = [(c["row"], c["value"]) for c in content.cells if c["col"] in ("总计", "统计数")]
        return files.xls_bytes(title, rows[:40])
    return files.wps_bytes(title)


def publish_report(
    builder: SiteBuilder,
    portal_id: str,
    spec: ReportSpec,
    site_name: str,
    render: Callable[[ArticlePage], str],
    crumbs: list[tuple[str, str]],
    *,
    relative_links: bool = False,
    source: str = "",
    topic: str = "综合政务\\政务公开",
) -> ExpectedReport:
    """Serve the report page and its attachments; return its ground-truth entry."""
    content = build_report(spec, site_name, builder.host)
    links = []
    for att in spec.attachments:
        builder.file(
            att.path,
            attachment_bytes(att.kind, spec.title, content, spec.year),
            att.kind,
            filename=att.name,
            gbk_disposition=att.gbk_disposition,
        )
        href = relative_href(spec.path, att.path) if relative_links else att.path
        links.append((href, att.name))
    page = ArticlePage(
        path=spec.path,
        title=spec.title,
        published=spec.published,
        body_html=content.html,
        source=source or spec.posted_by or spec.agency,
        crumbs=crumbs,
        index_no=spec.index_no,
        topic=topic,
        attachments=links,
        views=100 + sum(map(ord, spec.key)) % 900,
    )
    text = render(page)
    missing = [p for p in [spec.title, *content.phrases] if p not in text]
    if missing:
        raise ValueError(f"{spec.key}: page lacks {missing}")
    builder.page(spec.path, text, **spec.response)
    return ExpectedReport(
        url=builder.url(spec.path),
        portal=portal_id,
        title=spec.title,
        agency=spec.agency,
        publisher=page.source,
        region=spec.region,
        year=spec.year,
        published=spec.published,
        template=TEMPLATE_OF_FORM[spec.form],
        attachments=[builder.url(a.path) for a in spec.attachments],
        phrases=content.phrases,
        tables=content.cells,
        notes=content.notes,
    )
