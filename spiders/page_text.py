"""What the report classifier reads of a page: its title candidates and its text outside links."""

from __future__ import annotations

from parsel import Selector


def page_titles(selector: Selector) -> list[str]:
    """Title candidates of a page, strongest first: metadata, headline, ``<title>``."""
    candidates = [
        selector.xpath("//meta[@name='ArticleTitle' or @name='articletitle']/@content").get(),
        selector.xpath("//meta[@name='title' or @property='og:title']/@content").get(),
        " ".join(selector.css("h1 ::text").getall()),
        " ".join(selector.css(".title ::text, .article-title ::text, .bt ::text").getall()[:3]),
        selector.xpath("//title/text()").get(),
    ]
    out = []
    for candidate in candidates:
        candidate = " ".join((candidate or "").split())
        if candidate and candidate not in out and len(candidate) <= 200:
            out.append(candidate)
    return out


def page_text(selector: Selector) -> str:
    """Text of the body outside links, scripts and styles, one line per text node.

    Link text is left out: navigation, "related reports" boxes and prev/next links would
    otherwise lend a page the vocabulary of the pages it links to.
    """
    nodes = selector.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style)"
        " and not(ancestor::noscript) and not(ancestor::a)]"
    ).getall()
    return "\n".join(t.strip() for t in nodes if t.strip())
