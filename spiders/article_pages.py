"""Articles a CMS splits over several pages: the further pages of one article, found from its own
article pager (TRS ``t20240115_1.html`` → ``t20240115_1_1.html``, ``_2.html``; ``index_2.shtml``;
``?page=2``), and whether a page is such a further page. Pure: URLs and links in, URLs out.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from spiders.discovery import Link, page_number

# Text of an article pager's links: numbers, 第2页, 下一页, 尾页, arrows.
_PAGER_TEXT = re.compile(
    r"^(?:第?\s*\d{1,3}\s*页?|下一?页|后一?页|尾页|末页|>|>>|»|›|next)$", re.IGNORECASE
)
_STEM = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d{1,3}))?(?P<ext>\.s?html?|\.jsp|\.php|\.aspx?)$")
_PAGE_KEYS = ("page", "pageno", "pagenum", "pageindex", "curpage", "p")
MAX_ARTICLE_PAGES = 30


def _page_number(base: str, url: str) -> int | None:
    """The number of ``url`` as a further page of the article at ``base``, or None."""
    b, u = urlsplit(base), urlsplit(url)
    if (b.scheme, b.netloc) != (u.scheme, u.netloc):
        return None
    if b.path == u.path and u.query:
        base_query = dict(parse_qsl(b.query))
        for key, value in parse_qsl(u.query):
            number = page_number(value)
            if key.lower() in _PAGE_KEYS and number is not None and base_query.get(key) != value:
                rest = {k: v for k, v in parse_qsl(u.query) if k != key}
                same = {k: v for k, v in base_query.items() if k != key}
                return number if rest == same and number > 1 else None
        return None
    if b.query != u.query:
        return None
    base_match, match = _STEM.match(b.path), _STEM.match(u.path)
    if not base_match or not match or base_match["n"] is not None:
        return None
    if match["stem"] != base_match["stem"] or match["ext"] != base_match["ext"] or not match["n"]:
        return None
    return int(match["n"])


def article_continuations(page_url: str, links: list[Link]) -> list[str]:
    """Further pages of the article at ``page_url`` its pager links to, in page order.

    Only links that read like a pager (2, 第2页, 下一页) and whose address is the article's own
    with a page number count, so related articles and the column's pager are never taken.
    """
    numbered: dict[str, int] = {}
    for link in links:
        if not _PAGER_TEXT.match(link.text.strip()):
            continue
        number = _page_number(page_url, link.url)
        if number is not None and number <= MAX_ARTICLE_PAGES:
            numbered.setdefault(link.url, number)
    return sorted(numbered, key=numbered.__getitem__)


def first_page_of(page_url: str, links: list[Link]) -> str | None:
    """The first page of the article when ``page_url`` is one of its further pages: the page
    links back to an address of which its own is a numbered continuation."""
    for link in links:
        if link.url != page_url and _page_number(link.url, page_url) is not None:
            return link.url
    return None
