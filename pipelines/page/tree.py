"""The lxml tree of a whole page: parsing any page text, measuring text, pruning subtrees.

Shared by the cleaning stages (hidden content, furniture) and by locating the report body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Tags pages leave unclosed by the thousand (<font>…<font>…) nest past libxml2's depth limit and
# the document comes out empty; without them the text survives: formatting first, then <div>s.
_FLATTENINGS = (
    re.compile(r"</?(?:font|span|b|i|u|em|strong|small|big|o:p|st1:\w+)\b[^>]*>", re.I),
    re.compile(r"</?div\b[^>]*>", re.I),
)


# Every element an HtmlElement, chosen in C: lxml.html's own lookup (form and input classes) runs
# Python code for each element touched, a fifth of the cost of reading a page.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _parser() -> etree.HTMLParser:
    parser = etree.HTMLParser(huge_tree=True)  # one per call: parsers are not thread-safe
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    return parser


def _parse(html: str) -> tuple[HtmlElement, bool]:
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body></body></html>", parser=_parser())
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, too_deep


def parse_page(html: str) -> HtmlElement:
    """An lxml document for any page text, however broken (an empty page gives an empty body)."""
    html = _XML_DECLARATION.sub("", _CONTROL_CHARS.sub("", html), count=1)
    root, too_deep = _parse(html)
    for tags in _FLATTENINGS:
        if not too_deep:
            break
        html = tags.sub("", html)
        root, too_deep = _parse(html)
    return root


def text_length(s: str | None) -> int:
    """Characters of a text run, surrounding whitespace not counted."""
    return len(s.strip()) if s else 0


def text_size(el: HtmlElement) -> tuple[int, int]:
    """Characters of an element's text and of its link text (spaces inside runs count)."""
    links = sum(text_length(a.text_content()) for a in el.iter("a"))
    return text_length(el.text_content()), links


def child_elements(el: HtmlElement) -> list[HtmlElement]:
    """The element children of el (no comments or processing instructions)."""
    return [c for c in el if isinstance(c.tag, str)]


def measure_tree(root: HtmlElement) -> dict[HtmlElement, tuple[int, int]]:
    """Characters of every element's text (runs stripped), and how many are link text."""
    stats: dict[HtmlElement, tuple[int, int]] = {}
    for el in reversed(list(root.iter(etree.Element))):
        total, links = text_length(el.text), 0
        for child in el:
            total += text_length(child.tail)
            if child in stats:
                size, link_size = stats[child]
                total += size
                links += link_size
        stats[el] = (total, total if el.tag == "a" else links)
    return stats


def prune(scope: HtmlElement, verdict: Callable[[HtmlElement], bool | None]) -> int:
    """Visit the descendants of scope top-down: verdict True removes the element (and subtree),
    False descends into it, None keeps it without looking inside."""
    removed = 0
    stack = list(reversed(child_elements(scope)))
    while stack:
        el = stack.pop()
        decision = verdict(el)
        if decision:
            el.drop_tree()  # keeps el.tail in the document
            removed += 1
        elif decision is not None:
            stack.extend(reversed(child_elements(el)))
    return removed
