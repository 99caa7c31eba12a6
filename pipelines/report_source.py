"""Which page a report is read from when the spider brought it in several parts: the pages of a
split article joined; a landing page's document (详见附件) when the page itself says little; a
document linked straight from a list. Pure: parts in, the page and what the item says of its
sources out; documents are read through a callable the pipeline passes in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.documents import DocumentLimits, parse_document
from pipelines.page.page import JoinedPage, Page

DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "wps", "ofd"})
# A landing page whose body has less text than this (and no numbered parts) is read from its
# document: 「详见附件」 pages carry a title, a date and a link.
LANDING_PAGE_MAX_TEXT = 400


class DocumentDeferred(Exception):
    """Raised by a ``read_document`` that has not got the document at hand (a parse worker,
    whose crawl process reads documents only when asked): report_source stops, and its caller
    reads the report's documents and asks again."""


@dataclass
class ReportSource:
    """The page to read the report from, and what the item records of where it came from."""

    page: Page
    source_format: str = "html"
    landing: Page | None = None  # the landing page, when the report is its document
    pages: list[dict] = field(default_factory=list)  # {url, warc} of each HTML page read
    attachments: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _attachment(part: dict) -> dict:
    entry = {
        "url": part["url"],
        "name": part.get("text") or None,
        "kind": part["kind"],
        "media_type": part.get("media_type"),
        "size": part.get("size"),
        "sha1": part.get("sha1"),
        "warc": part.get("warc"),
    }
    if part["kind"] == "failed":
        entry["error"] = part.get("error")
    return entry


def _says_little(page: Page) -> bool:
    text = sum(len(block.text) for block in page.body_blocks)
    return text < LANDING_PAGE_MAX_TEXT


def report_source(
    item: dict,
    read_document: Callable[[dict], bytes],
    limits: DocumentLimits | None = None,
) -> ReportSource:
    """The page of ``item`` to read, built from its ``page``/``html`` or its ``parts``.

    ``read_document(part)`` returns a document part's bytes (from the archive), called only
    when the report is read from a document; a document that cannot be read leaves a warning
    and the report is read from its HTML page, if any.
    """
    parts = item.get("parts") or []
    first = item.get("page") or (
        Page(item.get("html") or "", item["url"]) if item.get("html") is not None else None
    )
    if not parts:
        return ReportSource(first or Page("", item["url"]), pages=[_page_entry(item)])
    html_parts = [p for p in parts if p["kind"] == "html"]
    pages = [
        first if (first is not None and i == 0) else Page(p["html"], p["url"])
        for i, p in enumerate(html_parts)
    ]
    source = ReportSource(
        page=JoinedPage(pages) if len(pages) > 1 else (pages[0] if pages else Page("", "")),
        pages=[{"url": p["url"], "warc": p.get("warc")} for p in html_parts],
        attachments=[_attachment(p) for p in parts if p["kind"] != "html"],
    )
    if pages and not _says_little(pages[0]):
        return source
    for part in (p for p in parts if p["kind"] in DOCUMENT_KINDS):
        try:
            body = read_document(part)
        except DocumentDeferred:
            raise
        except Exception as exc:  # the record is gone or unreadable: say so, read the page
            source.warnings.append(f"document-unread:{part['url']}: {exc}"[:300])
            continue
        document = parse_document(body, part["kind"], limits)
        source.warnings.extend(document.warnings)
        readable = document.root is not None and document.root.text_content().strip()
        if not readable and "no_text_layer" not in document.flags:
            continue  # nothing in it: perhaps another attachment is the report
        source.landing = pages[0] if pages else None
        root = document.root if document.root is not None else None
        source.page = (
            Page.from_tree(root, document.html, item["url"])
            if root is not None
            else Page(document.html, item["url"])
        )
        source.source_format = part["kind"]
        source.flags.extend(document.flags)
        return source
    return source


def _page_entry(item: dict) -> dict:
    return {"url": item["url"], "warc": item.get("warc")}
