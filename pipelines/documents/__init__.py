"""Reports published as documents (PDF, DOCX, DOC, WPS, OFD) turned into the page the HTML pipeline
reads. Pure: bytes in, no Scrapy. Call `document_kind` on an archived response, then
`parse_document` in a thread (never on the reactor) and feed `DocumentPage.html` to the pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pipelines.documents.detect import disposition_filename, document_kind
from pipelines.documents.document_page import DocumentPage
from pipelines.documents.limits import DocumentLimits
from pipelines.documents.page_html import render_page

__all__ = [
    "DocumentLimits",
    "DocumentPage",
    "disposition_filename",
    "document_kind",
    "parse_document",
]

logger = logging.getLogger(__name__)
KINDS = ("pdf", "docx", "doc", "wps", "xls", "ofd")


def _parsers() -> dict[str, Callable[[bytes, DocumentLimits], DocumentPage]]:
    # Imported on first use: a crawl that meets no documents never loads PDFium.
    from pipelines.documents.docx import parse_docx
    from pipelines.documents.ofd import parse_ofd
    from pipelines.documents.pdf import parse_pdf
    from pipelines.documents.word97 import parse_word97, parse_wps

    return {"pdf": parse_pdf, "docx": parse_docx, "doc": parse_word97, "wps": parse_wps,
            "ofd": parse_ofd}  # fmt: skip


def parse_document(body: bytes, kind: str, limits: DocumentLimits | None = None) -> DocumentPage:
    """The document as a page; what cannot be read becomes warnings, never an exception."""
    limits = limits or DocumentLimits()
    if len(body) > limits.max_bytes:
        return _empty(kind, f"document-size-limit:{len(body)} bytes > {limits.max_bytes}")
    parser = _parsers().get(kind)
    if parser is None:
        return _empty(kind, f"document-unsupported:{kind}")
    try:
        return parser(body, limits)
    except Exception as exc:  # a broken or hostile file is data, not a crash
        logger.debug("could not parse %s document", kind, exc_info=True)
        return _empty(kind, f"document-unreadable:{kind}:{type(exc).__name__}: {exc}"[:300])


def _empty(kind: str, warning: str) -> DocumentPage:
    return DocumentPage.from_tree(render_page(None, [], kind), kind, None, None, [], [warning])
