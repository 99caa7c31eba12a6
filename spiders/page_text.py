"""What the report classifier reads of a page: its title candidates and its text outside links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree
from parsel import Selector

# Text inside these is not the page's own prose: code, styling, fallbacks and link labels.
_SKIPPED = frozenset(("script", "style", "noscript", "a"))


def page_titles(selector: Selector) -> list[str]:
    """Title candidates of a page, strongest first: metadata, headline, ``<title>``.

    What xpath("//meta[@name='ArticleTitle' or @name='articletitle']/@content").get(),
    xpath("//meta[@name='title' or @property='og:title']/@content").get(), css("h1 ::text"),
    css(".title ::text, .article-title ::text, .bt ::text")[:3] and xpath("//title/text()").get()
    select, read in one pass over the class strings and lxml's own tag iteration (five queries,
    each walking the whole tree, cost several times more).
    """
    root = selector.root
    candidates = [
        _meta_content(root, lambda m: m.get("name") in ("ArticleTitle", "articletitle")),
        _meta_content(root, lambda m: m.get("name") == "title" or m.get("property") == "og:title"),
        " ".join(_texts_within(root.iter("h1"))),
        " ".join(_texts_within(_title_classed(root), limit=3)),
        next(_title_texts(root), None),
    ]
    out = []
    for candidate in candidates:
        candidate = " ".join((candidate or "").split())
        if candidate and candidate not in out and len(candidate) <= 200:
            out.append(candidate)
    return out


_TITLE_CLASSES = frozenset(("title", "article-title", "bt"))
_CLASS_VALUES = etree.XPath("//@class")  # strings that know their element
_XML_SPACE = re.compile("[ \t\r\n]+")  # what normalize-space() splits on


def _meta_content(root: etree._Element, wanted: Callable[[etree._Element], bool]) -> str | None:
    return next(
        (m.get("content") for m in root.iter("meta") if wanted(m) and m.get("content") is not None),
        None,
    )


def _title_classed(root: etree._Element) -> Iterator[etree._Element]:
    """Elements with a class token title, article-title or bt, in document order."""
    for value in _CLASS_VALUES(root):
        if not _TITLE_CLASSES.isdisjoint(_XML_SPACE.split(value)):
            yield value.getparent()


def _texts_within(elements: Iterable[etree._Element], limit: int | None = None) -> list[str]:
    """The text nodes inside ``elements`` (each once: one inside another adds nothing)."""
    texts: list[str] = []
    taken: set[etree._Element] = set()
    for element in elements:
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        taken.add(element)
        texts.extend(element.itertext())
        if limit is not None and len(texts) >= limit:
            return texts[:limit]
    return texts


def _title_texts(root: etree._Element) -> Iterator[str]:
    for title in root.iter("title"):
        if title.text is not None:
            yield title.text
        yield from (child.tail for child in title if child.tail is not None)


def page_text(selector: Selector) -> str:
    """Text of the body outside links, scripts and styles, one line per text node.

    Link text is left out: navigation, "related reports" boxes and prev/next links would
    otherwise lend a page the vocabulary of the pages it links to.
    """
    nodes = [t.strip() for t in body_text_nodes(selector.root)]
    return "\n".join(t for t in nodes if t)


def body_text_nodes(root: etree._Element) -> list[str]:
    """The text nodes of ``//body//text()`` with no script, style, noscript or a ancestor, in
    document order: one walk of the tree that never enters those elements (the XPath asks
    four ancestor questions of every text node, at several times the cost)."""
    out: list[str] = []
    for body in root.iter("body"):
        if next(body.iterancestors("body"), None) is not None:
            continue  # inside a body already walked
        if body.text:
            out.append(body.text)
        walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
        next(walker)  # the body's own start
        for event, element in walker:
            if event == "start":
                if element.tag in _SKIPPED:
                    walker.skip_subtree()  # its end event still comes: its tail is text
                elif element.text:
                    out.append(element.text)
            elif element is not body and element.tail:
                out.append(element.tail)  # end of an element, or a comment or PI
    return out
