"""What a parsed document hands the report pipeline: its page as HTML, and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html

from pipelines.documents.page_html import serialise


@dataclass
class DocumentPage:
    """A document as the HTML page the report pipeline reads, with its findings.

    `html` has a <title>, an <h1> title, <p> paragraphs in reading order and <table> elements
    with rowspan/colspan. `flags` name what the document is (`no_text_layer`: a scan);
    `warnings` what could not be read (`document-…:detail`).
    """

    html: str
    kind: str
    page_count: int | None = None
    title: str | None = None
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    root: lxml.html.HtmlElement | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_tree(
        cls,
        root: lxml.html.HtmlElement,
        kind: str,
        page_count: int | None,
        title: str | None,
        flags: list[str],
        warnings: list[str],
    ) -> DocumentPage:
        return cls(serialise(root), kind, page_count, title, flags, warnings, root)
