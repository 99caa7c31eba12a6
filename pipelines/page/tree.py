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
# Characters an lxml tree refuses in text set later (cleaning joins and rewrites text): C0 controls
# but tab and line ends, U+FFFE and U+FFFF, written as themselves or as references (&#11; is
# Word's line break), which the parser would decode into the tree.
_CONTROLS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))
_CONTROL_CHARS = re.compile(f"[{re.escape(''.join(_CONTROLS))}]")
_CONTROL_REFERENCES = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01]|6553[45])(?!\d)"
    r"|[xX]0*(?:[0-8bcefBCEF]|1[\da-fA-F]|[fF]{3}[eEfF])(?![\da-fA-F]));?"
)

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
    # asked of each character with str's own search first: a quarter of the regex's scan, and
    # most pages hold none
    if any(control in html for control in _CONTROLS):
        html = _CONTROL_CHARS.sub("", html)
    html = _CONTROL_REFERENCES.sub("", html)
    html = _XML_DECLARATION.sub("", html, count=1)
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


def measure_tree(
    root: HtmlElement, opaque: Callable[[HtmlElement], bool] | None = None
) -> dict[HtmlElement, tuple[int, int]]:
    """Characters of every element's text (runs stripped), and how many are link text.

    Elements ``opaque`` accepts are measured whole and their descendants get no entry: the
    hundreds of cells of a data table, which furniture stripping never looks inside.
    """
    elements, whole = _elements_until(root, opaque)
    stats: dict[HtmlElement, tuple[int, int]] = {}
    # text_length inlined and one dict lookup a child: this runs over every element of a page
    for el in reversed(elements):
        if el in whole:
            stats[el] = _measure_whole(el)
            continue
        text = el.text
        total = len(text.strip()) if text else 0
        links = 0
        for child in el:
            tail = child.tail
            if tail:
                total += len(tail.strip())
            measured = stats.get(child)
            if measured is not None:
                total += measured[0]
                links += measured[1]
        stats[el] = (total, total if el.tag == "a" else links)
    return stats


def _elements_until(
    root: HtmlElement, opaque: Callable[[HtmlElement], bool] | None
) -> tuple[list[HtmlElement], set[HtmlElement]]:
    """The elements of root in document order, none inside an opaque one; the opaque ones."""
    if opaque is None:
        return list(root.iter(etree.Element)), set()
    elements, whole = [], set()
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        elements.append(el)
        if opaque(el):
            whole.add(el)
            walker.skip_subtree()
    return elements, whole


def _text_size(el: HtmlElement) -> int:
    return sum(len(text.strip()) for text in el.itertext())


def _measure_whole(el: HtmlElement) -> tuple[int, int]:
    """What measure_tree gives ``el``, from its text nodes: all of them, and those of the links
    in it (a link inside a link counts once, with the outer one)."""
    total = _text_size(el)
    if el.tag == "a":
        return total, total
    links = 0
    for a in el.iter("a"):
        if not _inside_link(a, el):
            links += _text_size(a)
    return total, links


def _inside_link(el: HtmlElement, scope: HtmlElement) -> bool:
    """Is ``el`` inside another link below ``scope``?"""
    for up in el.iterancestors():
        if up is scope:
            return False
        if up.tag == "a":
            return True
    return False


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
