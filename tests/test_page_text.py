"""What the classifier and discovery read of a page, read by walking lxml's tree once, equals what
parsel's XPath and CSS queries select: on the fixture pages and on every page of the demo portals.

The queries below are the definitions (what spiders/page_text.py and spiders/discovery.py asked
parsel before); the functions under test read the same nodes faster.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin

import pytest
from parsel import Selector

from crawler.encoding import detect_encoding
from demo.server import Request
from demo.sites import demo_collection
from pipelines.page.page import Page
from spiders.discovery import _followable_url, app_fragment, extract_links, link_role
from spiders.page_text import page_text, page_titles

FIXTURE_PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))


def _decoded(body: bytes, content_type: str | None) -> str:
    return body.decode(detect_encoding(body, content_type).encoding, "replace")


def _demo_pages() -> list[tuple[str, str]]:
    pages = []
    for portal in demo_collection().portals:
        for site in portal.sites:
            for target in list(site.routes):
                response = site.resolve(Request("GET", target, "HTTP/1.1", []))
                kind = next((v for k, v in response.headers if k.lower() == "content-type"), "")
                body = response.body
                if body[:2] == b"\x1f\x8b":
                    body = gzip.decompress(body)
                if "html" in kind:
                    pages.append((f"http://{site.host}{target}", _decoded(body, kind)))
    return pages


PAGES = [(f"http://fixture.gov.cn/{p.name}", _decoded(p.read_bytes(), None)) for p in FIXTURE_PAGES]
PAGES += _demo_pages()


def _selectors(url: str, html: str) -> list[Selector]:
    """The page as the spider reads it (Page's tree) and as parsel parses it on its own."""
    return [Selector(root=Page(html, url).tree, type="html"), Selector(text=html)]


def xpath_page_text(selector: Selector) -> str:
    nodes = selector.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style)"
        " and not(ancestor::noscript) and not(ancestor::a)]"
    ).getall()
    return "\n".join(t.strip() for t in nodes if t.strip())


def xpath_page_titles(selector: Selector) -> list[str]:
    candidates = [
        selector.xpath("//meta[@name='ArticleTitle' or @name='articletitle']/@content").get(),
        selector.xpath("//meta[@name='title' or @property='og:title']/@content").get(),
        " ".join(selector.css("h1 ::text").getall()),
        " ".join(selector.css(".title ::text, .article-title ::text, .bt ::text").getall()[:3]),
        selector.xpath("//title/text()").get(),
    ]
    out: list[str] = []
    for candidate in candidates:
        candidate = " ".join((candidate or "").split())
        if candidate and candidate not in out and len(candidate) <= 200:
            out.append(candidate)
    return out


def css_links(selector: Selector, base_url: str) -> list[tuple[str, str, str, str]]:
    base = selector.css("base::attr(href)").get()
    base_url = urljoin(base_url, base.strip()) if base else base_url
    seen: set[tuple[str, str]] = set()
    links = []
    for anchor in selector.css("a[href], area[href], iframe[src], frame[src]"):
        element = anchor.root
        href = element.get("href") or element.get("src") or ""
        url = _followable_url(href, base_url)
        fragment = app_fragment(href)
        if url is None or (url, fragment) in seen:
            continue
        seen.add((url, fragment))
        text = " ".join("".join(anchor.css("::text").getall()).split())
        title = (element.get("title") or "").strip()
        if len(title) < len(text):
            title = ""
        links.append((url, title or text, link_role(url, text, title), fragment))
    return links


def test_there_are_pages_to_compare():
    assert len(FIXTURE_PAGES) >= 10
    assert len(PAGES) > 100


@pytest.mark.parametrize("url, html", PAGES, ids=[url for url, _ in PAGES])
def test_page_text_reads_the_text_nodes_the_xpath_selects(url, html):
    for selector in _selectors(url, html):
        assert page_text(selector) == xpath_page_text(selector)


@pytest.mark.parametrize("url, html", PAGES, ids=[url for url, _ in PAGES])
def test_page_titles_read_what_the_queries_select(url, html):
    for selector in _selectors(url, html):
        assert page_titles(selector) == xpath_page_titles(selector)


@pytest.mark.parametrize("url, html", PAGES, ids=[url for url, _ in PAGES])
def test_links_are_the_anchors_the_css_query_selects(url, html):
    for selector in _selectors(url, html):
        found = [
            (link.url, link.text, link.role, link.fragment) for link in extract_links(selector, url)
        ]
        assert found == css_links(selector, url)


TRICKY = """<html><head><title>标题<!-- c -->续</title>
<meta name="title" content=""><meta property="og:title" content="共享标题">
<meta name="ArticleTitle"></head>
<body>正文<!-- 注释 -->尾<?pi x?>后<script>脚本</script>脚本后
<div class="title">一<span class="bt">二</span>三</div><p class="x\ttitle\nfoo">四</p>
<h1>五<h1>六</h1></h1><noscript>无</noscript><a href="/a">链接<b>粗</b></a>链接后
<base href="/sub/"><area href="b.html" title="区域"><iframe src="c.html"></iframe>
<style>样式</style></body></html>"""


def test_comments_scripts_links_and_nested_classes_read_as_the_queries_read_them():
    for selector in _selectors("http://www.x.gov.cn/dir/page.html", TRICKY):
        assert page_text(selector) == xpath_page_text(selector)
        assert page_titles(selector) == xpath_page_titles(selector)
        found = extract_links(selector, "http://www.x.gov.cn/dir/page.html")
        expected = css_links(selector, "http://www.x.gov.cn/dir/page.html")
        assert [(x.url, x.text, x.role, x.fragment) for x in found] == expected
