"""A decoded page, parsed once: every reader (classifier, links, text, metadata, tables) takes
what it needs from this one object, each part computed on first use and kept.

A page flows one way: the raw tree (links, titles, classification) → the cleaned tree (scripts,
glosses, hidden and injected content gone; metadata reads it) → the report body located in a copy
of it and stripped of furniture → its text blocks (text, tables). Document parsers (PDF, Word,
OFD) build the same object from the HTML they make of a document.
"""

from __future__ import annotations

import copy
from functools import cached_property

from lxml.html import HtmlElement

from pipelines.page.blocks import Block, is_data_table, render_blocks
from pipelines.page.body import ReportBody, clean_page, locate_report_body
from pipelines.page.strings import normalise_paragraph
from pipelines.page.tree import parse_page

# A table of more rows than a metadata block ever has is report data, not page metadata.
METADATA_MAX_TABLE_ROWS = 15


class Page:
    """One decoded page (``html``) at ``url``; parts are computed lazily and cached."""

    def __init__(self, html: str, url: str = "") -> None:
        self.html = html
        self.url = url

    @cached_property
    def tree(self) -> HtmlElement:
        """The whole page as parsed: never modified (links and titles are read from it)."""
        return parse_page(self.html)

    @cached_property
    def _cleaning(self) -> tuple[HtmlElement, list[str]]:
        root = copy.deepcopy(self.tree)
        return root, clean_page(root)

    @property
    def cleaned(self) -> HtmlElement:
        """A copy of the tree without scripts, comments, pinyin glosses, hidden or injected
        content: what metadata reads (never modified after cleaning)."""
        return self._cleaning[0]

    @property
    def clean_flags(self) -> list[str]:
        """What cleaning found: ``pinyin_glosses``, ``spam_injected``."""
        return self._cleaning[1]

    @cached_property
    def lines(self) -> list[str]:
        """Text lines of the cleaned page outside long data tables: what metadata rules read."""
        root = self.cleaned
        body = root.find("body")
        blocks = render_blocks(body if body is not None else root, skip=_long_data_table)
        return [line for block in blocks for line in block.text.split("\n") if line.strip()]

    @cached_property
    def metas(self) -> dict[str, str]:
        """``<meta name|property>`` values, first of each name, lower-case names."""
        metas: dict[str, str] = {}
        for meta in self.tree.iter("meta"):
            key = (meta.get("name") or meta.get("property") or "").strip().lower()
            value = normalise_paragraph(meta.get("content") or "")
            if key and value:
                metas.setdefault(key, value)
        return metas

    @cached_property
    def body(self) -> ReportBody:
        """The report body: a CMS container or the densest block, furniture stripped (in a copy
        of the cleaned tree, which stays whole for the metadata rules)."""
        return locate_report_body(copy.deepcopy(self.cleaned), self.clean_flags)

    @cached_property
    def body_blocks(self) -> list[Block]:
        """Paragraphs and data tables of the body, in reading order."""
        return render_blocks(self.body.element)


def _long_data_table(element: HtmlElement) -> bool:
    return (
        element.tag == "table"
        and len(element.findall(".//tr")) > METADATA_MAX_TABLE_ROWS
        and is_data_table(element)
    )
