"""Find the report body in a whole CMS page and clean it of page furniture and injected spam.

parse → drop non-content → strip pinyin glosses → drop hidden and spam content → locate the body
(known CMS containers, else the densest text block) → strip furniture inside it → text.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from pipelines.page.blocks import is_data_table
from pipelines.page.furniture import strip_furniture
from pipelines.page.hidden_content import remove_hidden, remove_visible_spam
from pipelines.page.strings import count_pinyin_glosses, strip_pinyin_glosses, word_list
from pipelines.page.tree import child_elements, measure_tree, parse_page, text_length, text_size

# --- cleaning the page ------------------------------------------------------------------------

_NON_CONTENT_TAGS = word_list(
    "script noscript template iframe frame object embed applet svg canvas "
    "input select option button textarea link audio video"
)


def clean_page(root: HtmlElement) -> list[str]:
    """Drop scripts, glosses, hidden and injected content in place; returns flags."""
    flags = []
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        el.drop_tree()
    for el in list(root.iter(*_NON_CONTENT_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()

    if count_pinyin_glosses(root.text_content()) >= 3:
        flags.append("pinyin_glosses")
        for el in root.iter(etree.Element):
            if el.text:
                el.text = strip_pinyin_glosses(el.text, toneless_too=True)
            if el.tail:
                el.tail = strip_pinyin_glosses(el.tail, toneless_too=True)

    injected = remove_hidden(root)
    for el in list(root.iter("style")):
        el.drop_tree()
    if remove_visible_spam(root) or injected:
        flags.append("spam_injected")
    return flags


# --- locating the body ------------------------------------------------------------------------

# Report containers CMSs mark: TRS WCM, UCAP (开普云), Hanweb (大汉), Epoint (新点), and others.
_CONTAINER_CLASSES = frozenset(
    word_list(
        "TRS_Editor trs_editor_view TRS_UEDITOR trs_paper_default bt_content ewb-article-info view "
        "article-content article_content detail-content pages_content news_content con_article "
        "article_con article-body content_text text-content content-detail"
    )
)
_CONTAINER_IDS = word_list(
    "zoom Zoom zoomcon fontzoom mainText UCAP-CONTENT ivs_content webeditorview infoContent"
)
_CONTAINER_TAGS = word_list("ucapcontent article")
_CONTAINER_ID_SET = frozenset(_CONTAINER_IDS)
_CONTAINER_TOKENS = _CONTAINER_CLASSES | {"article"}  # "article" with an ancestor, see below
# Elements that could be one; _is_known_container decides (faster than 20 contains() in XPath).
_MARKED_ELEMENTS = etree.XPath("//*[@class or @id] | //ucapcontent | //article")
# The class and id attributes of a page, as strings that know their element.
_CLASSES_AND_IDS = etree.XPath("//@class | //@id")


def _marked_elements(root: HtmlElement) -> list[HtmlElement]:
    """The elements that could be a known container, in document order.

    Only those whose class or id names one are turned into element objects (a Word page has
    hundreds of classed cells); a page with a container tag (ucapcontent, article, a document's
    body) gets every classed element, as _is_known_container may take any of them."""
    if next(root.iter(*_CONTAINER_TAGS), None) is not None or any(
        body.get("data-source-format") for body in root.iter("body")
    ):
        return _MARKED_ELEMENTS(root)
    marked: dict[HtmlElement, None] = {}
    for value in _CLASSES_AND_IDS(root):
        if value.attrname == "class":
            names_one = not _CONTAINER_TOKENS.isdisjoint(value.split())
        else:
            names_one = value in _CONTAINER_ID_SET
        if names_one:
            marked.setdefault(value.getparent(), None)
    return list(marked)


def _is_known_container(el: HtmlElement) -> bool:
    """A report container by its class, id or tag name."""
    classes = set((el.get("class") or "").split())
    if el.tag in _CONTAINER_TAGS or el.get("id") in _CONTAINER_IDS:
        return True
    if _is_document_body(el):
        return True  # a document rendered as a page (pipelines.documents): all of it is the report
    if not classes.isdisjoint(_CONTAINER_CLASSES):
        return True
    return "article" in classes and any(
        a.get("id") == "barrierfree_container" for a in el.iterancestors()
    )


def _data_table(el: HtmlElement) -> bool:
    return el.tag == "table" and is_data_table(el)


def describe(el: HtmlElement) -> str:
    """tag#id.class of an element, for reports on where the body was found."""
    name = el.tag if isinstance(el.tag, str) else "?"
    if el.get("id"):
        name += "#" + el.get("id", "")
    if el.get("class"):
        name += "." + ".".join(el.get("class", "").split())
    return name


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _nonlink(stats: dict[HtmlElement, tuple[int, int]], el: HtmlElement) -> int:
    size, links = stats.get(el, (0, 0))
    return size - links


def locate_body(root: HtmlElement) -> tuple[HtmlElement, str] | None:
    """The report container a CMS marks (TRS, Hanweb, UCAP, Epoint, …) or None.

    Among the marked containers holding nearly all the text, the innermost wins, so that a
    #zoom wrapping title, metadata and .TRS_Editor yields the .TRS_Editor. None when the best
    holds less than 30 % of the page's non-link text.
    """
    found: dict[HtmlElement, int] = {}
    for el in _marked_elements(root):
        if not _is_known_container(el):
            continue
        size, links = text_size(el)
        if size >= 50 and links < 0.5 * size:
            found[el] = size - links
    if not found:
        return None
    best = max(found.values())
    size, links = text_size(root)
    if best < 0.3 * (size - links):
        return None  # a side widget that happens to be called .view; the report is elsewhere
    nearly_all = [el for el, nonlink in found.items() if nonlink >= 0.85 * best]
    chosen = max(nearly_all, key=lambda el: (_depth(el), found[el]))
    return chosen, describe(chosen)


def densest_block(root: HtmlElement, stats: dict[HtmlElement, tuple[int, int]]) -> HtmlElement:
    """Descend from <body> while one child holds most of the non-link text."""
    node = root.body if root.find("body") is not None else root
    while True:
        children = child_elements(node)
        if not children:
            return node
        best = max(children, key=lambda c: _nonlink(stats, c))
        if _nonlink(stats, best) < 0.7 * _nonlink(stats, node) or _nonlink(stats, best) == 0:
            return node
        node = best


# --- entry points -----------------------------------------------------------------------------


@dataclass
class ReportBody:
    """The cleaned report container of a page and what cleaning found on the way."""

    element: HtmlElement
    container: str  # the CMS container that held it (tag#id.class), or "density"
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        return lxml.html.tostring(self.element, encoding="unicode")


def locate_report_body(
    root: HtmlElement, flags: list[str] | None = None, in_place: bool = True
) -> ReportBody:
    """The report body of an already cleaned page, furniture stripped: in place, or with
    ``in_place=False`` in a copy of the body only (of the page when found by density), root
    left whole."""
    warnings = []
    located = locate_body(root)
    if located is None:
        if not in_place:
            root = copy.deepcopy(root)
        strip_furniture(root, measure_tree(root), by_name=True)
        element, container = densest_block(root, measure_tree(root)), "density"
        warnings.append("body_by_density")
    else:
        element, container = located
        if not in_place:
            element = copy.deepcopy(element)
    if _is_document_body(element):
        _drop_document_title(element)
    # furniture stripping never looks inside a data table: measured whole, not cell by cell
    strip_furniture(element, measure_tree(element, opaque=_data_table))
    if text_length(element.text_content()) < 100:
        warnings.append("short_body")
    return ReportBody(element, container, list(flags or []), warnings)


def _is_document_body(el: HtmlElement) -> bool:
    """The <body> of a document rendered as a page (pipelines.documents.page_html)."""
    return el.tag == "body" and bool(el.get("data-source-format"))


def _drop_document_title(body: HtmlElement) -> None:
    """A document's page opens with its title as <h1> (pipelines.documents): that goes to the
    title field, not into the text, as on a portal's page, whose title stands outside the
    report's container."""
    first = next((child for child in body if isinstance(child.tag, str)), None)
    if first is not None and first.tag == "h1":
        first.drop_tree()


def extract_body(html: str) -> ReportBody:
    """The report body of a whole CMS page, furniture, hidden content and spam removed."""
    root = parse_page(html)
    return locate_report_body(root, clean_page(root))
