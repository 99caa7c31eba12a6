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

import lxml.html
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
        self._tree_released = False

    def release_tree(self) -> None:
        """Say that the raw tree's readers are done (the spider's links, titles and classifier):
        cleaning then takes the tree itself instead of a copy, saving a copy and a free of it
        per report. What the report still reads of the raw tree (meta tags, the head's title)
        is read just before; ``tree`` asked for after cleaning is parsed again from ``html``.
        Nothing is computed now: a page parsed in a worker process never cleans this tree."""
        self._tree_released = True

    @classmethod
    def from_tree(cls, root: HtmlElement, html: str, url: str = "") -> Page:
        """A page already parsed (a document rendered as HTML): its tree is not parsed again."""
        page = cls(html, url)
        page.__dict__["tree"] = root
        return page

    @cached_property
    def tree(self) -> HtmlElement:
        """The whole page as parsed: never modified (links and titles are read from it)."""
        return parse_page(self.html)

    @cached_property
    def _cleaning(self) -> tuple[HtmlElement, list[str]]:
        if self._tree_released and "tree" in self.__dict__:
            self.metas  # noqa: B018 (read while the tree is whole)
            self.head_title  # noqa: B018
            root = self.__dict__.pop("tree")  # cleaned in place: nobody reads it raw any more
        else:
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
    def head_title(self) -> str:
        """The ``<title>`` of the page as parsed, on one line."""
        return normalise_paragraph(self.tree.findtext(".//title") or "")

    @cached_property
    def body(self) -> ReportBody:
        """The report body: a CMS container or the densest block, furniture stripped (in a copy
        of it: the cleaned tree stays whole for the metadata rules)."""
        return locate_report_body(self.cleaned, self.clean_flags, in_place=False)

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


class JoinedPage(Page):
    """An article a CMS split over several pages, read as one: the first page's tree, cleaned
    tree, lines and metas; the bodies of all pages, in order, as one body (a table cut by a page
    break continues in the next page's body, where the table parser joins it)."""

    def __init__(self, pages: list[Page]) -> None:
        super().__init__(pages[0].html, pages[0].url)
        self.pages = pages
        first = pages[0]
        self.__dict__["tree"] = first.tree
        self.__dict__["_cleaning"] = first._cleaning
        self.__dict__["lines"] = first.lines
        self.__dict__["metas"] = first.metas
        self.__dict__["head_title"] = first.head_title

    @cached_property
    def body(self) -> ReportBody:
        bodies = [page.body for page in self.pages]
        joined = lxml.html.Element("div")
        for body in bodies:
            element = copy.deepcopy(body.element)
            element.tail = None
            _continue_table(joined, element)
            joined.append(element)
        flags = list(dict.fromkeys(flag for body in bodies for flag in body.flags))
        warnings = [w for w in bodies[0].warnings if w != "short_body"]
        return ReportBody(joined, bodies[0].container, flags, warnings)


def _edge_table(element: HtmlElement, last: bool) -> HtmlElement | None:
    """The table ``element`` ends (or starts) with, nothing but whitespace around it."""
    node = element
    while node.tag != "table":
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            return None
        edge = children[-1] if last else children[0]
        if last and (edge.tail or "").strip():
            return None
        if not last and (node.text or "").strip():
            return None
        node = edge
    return node


def _continue_table(joined: HtmlElement, body: HtmlElement) -> None:
    """A table cut by the page break: the next page's rows go on in the previous page's table,
    so cells spanning rows across the break keep covering them."""
    if not len(joined):
        return
    before, after = _edge_table(joined[-1], last=True), _edge_table(body, last=False)
    if before is None or after is None:
        return
    rows = list(after.iter("tr"))
    if not rows or after.find(".//th") is not None:
        return  # a table with a header of its own is a new table
    target = before.find("tbody")
    target = target if target is not None else before
    for row in rows:
        target.append(row)
    after.drop_tree()
