"""Report titles: cleaning a title of its site name, and the headings of a page that may hold it."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from pipelines.page.blocks import render_blocks
from pipelines.page.strings import normalise_paragraph, tolerant_words

_REPORT_WORDS = re.compile(tolerant_words(("报告", "年报", "公开工作情况")))
_SEPARATORS = re.compile(r"\s*(?:[_|｜]|--|——|—|–|(?<!\d)\s*-\s*|\s*-\s*(?!\d))\s*")
_TITLE_TRIM = " \t\u3000\xa0-_|｜:：·•"


def clean_title(raw: str) -> str:
    """One line without the site name before or after it; spaces the author typed stay."""
    s = normalise_paragraph(raw)
    parts = [p.strip(_TITLE_TRIM) for p in _SEPARATORS.split(s)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        reports = [p for p in parts if _REPORT_WORDS.search(p)]
        s = max(reports, key=len) if reports else parts[0]
    return s.strip(_TITLE_TRIM)


def non_report_parts(head_title: str) -> list[str]:
    """The parts of a <title> that name no report: the site, the column."""
    return [p for p in _SEPARATORS.split(head_title) if not _REPORT_WORDS.search(p)]


def is_report_title(s: str) -> bool:
    """A cleaned title that reads like a report's, of a title's length."""
    return bool(_REPORT_WORDS.search(s)) and 6 <= len(s) <= 120


# Headings, and the class and id strings of the page (each knows its element), in document order
_HEADINGS_AND_NAMES = etree.XPath("//h1 | //ucaptitle | //h2 | //h3 | //@class | //@id")
_TITLE_NAME = re.compile(r"tit|biaoti|(?:^|[-_\s])bt(?:$|[-_\s])", re.I)


def _heading_rank(el: HtmlElement) -> int | None:
    """h1 first, then elements named like a title, then h2/h3; None for no title at all.
    Titles of other reports sit in link lists, so list items and links are no candidates."""
    if el.tag in ("h1", "ucaptitle"):
        return 0
    if el.tag == "a" or next(el.iterancestors("a", "li"), None) is not None:
        return None
    if _TITLE_NAME.search(el.get("class") or "") or _TITLE_NAME.search(el.get("id") or ""):
        return 1
    return 2 if el.tag in ("h2", "h3") else None


def _heading_candidates(root: HtmlElement) -> list[HtmlElement]:
    """The elements _heading_rank may rank, in document order: h1 to h3, <ucaptitle>, and
    elements whose class or id is named like a title (other classed elements rank None, and a
    Word page has hundreds: only these few are made element objects)."""
    candidates: dict[HtmlElement, None] = {}
    for found in _HEADINGS_AND_NAMES(root):
        if isinstance(found, str):
            if not _TITLE_NAME.search(found):
                continue
            found = found.getparent()
        candidates.setdefault(found, None)
    return list(candidates)


def page_headings(root: HtmlElement) -> list[str]:
    """Headings of a page that may be its title, most likely first."""
    ranked = []
    for order, el in enumerate(_heading_candidates(root)):
        rank = _heading_rank(el)
        if rank is None:
            continue
        text = "".join(b.text for b in render_blocks(el))  # <br> in a title breaks a line only
        if 4 <= len(text) <= 150:
            ranked.append((rank, order, text))
    return [text for _, _, text in sorted(ranked)]
