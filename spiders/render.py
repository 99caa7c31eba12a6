"""Does a page need a browser? ``needs_browser`` names why a page's list is built by script (an
empty list container a script fills, links written by a script loop, script-only paging), or None.
Pure: parsel over HTML. Reading known CMS list APIs without a browser is spiders/list_apis.py.
"""

from __future__ import annotations

import re

from parsel import Selector

# Scripts that only count visits or load analytics never build a page's content.
_ANALYTICS = re.compile(
    r"hm\.baidu\.com|_hmt\b|cnzz\.com|_czc\b|google-analytics|googletagmanager|gtag\(|"
    r"zhanzhang\.baidu|tongji|conac\.cn|visitcount|articlehits|_trs_ta|ta\.trs\.cn|webstat",
    re.I,
)
# Script text that fetches data or fills the page from it.
_AJAX = re.compile(
    r"XMLHttpRequest|\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|axios\b|\.load\s*\(|"
    r"jpage|dataproxy|/api\b|[\"']api(?:Url|Base|Root)?[\"']\s*:|\.jpage\s*\(",
    re.I,
)
# What a list container shows until its script has filled it.
_PLACEHOLDER = re.compile(
    r"^(?:正在加载|加载中|数据加载中|数据正在加载中?|努力加载中|loading)[.…。，,!！\s]*"
    r"(?:请稍[候等]|请等待|please wait)?[.…。!！\s]*$",
    re.I,
)
_LIST_WORDS = re.compile(
    r"list|\blb\b|liebiao|xxgk|gkml|news|article|info|content|item|data|result|record|column|"
    r"lanmu|nianbao|ndbg|pageNo|pageSize|pageIndex|columnId|channelId",
    re.I,
)
_LIST_NAME = re.compile(
    r"list|(?:^|[_-])lb(?:$|[_-])|liebiao|xxgk|gkml|news|article|info|content|item|data|result|"
    r"record|column|lanmu|nianbao|ndbg|^\d{5,}$",
    re.I,
)
_API_VALUE = re.compile(r"/|\.(?:jsp|do|action|json|php|aspx?)\b|\bapi\b", re.I)
# An anchor whose href is concatenated from data (``'<a href="' + item.url``), or templated.
_BUILT_HREF = re.compile(r"""<a\b[^<>]*?href\s*=\s*\\?["']?\s*(?:["']\s*\+|\$\{)""", re.I)
_LOOP = re.compile(r"\bfor\s*\(|\.each\s*\(|\.forEach\s*\(|\.map\s*\(|\bwhile\s*\(", re.I)
_PAGER_TEXT = re.compile(
    r"^(?:下一?页|下页|后一?页|尾页|末页|加载更多|点击加载更多?|查看更多|更多|next|>|>>|»|›)$", re.I
)
_JS_PAGER_CALL = re.compile(
    r"\b(?:go|goto|jump|turn|to|change|load|show|query|get)_?(?:page|pager|list|data|more)\w*\s*\(",
    re.I,
)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(")


def _scripts(selector: Selector) -> tuple[list[str], list[str]]:
    """Inline script texts and external script URLs that are not analytics or visit counters."""
    inline, external = [], []
    for script in selector.css("script"):
        # lxml's get(), not parsel's .attrib: that raises on names like "{{if" (see discovery)
        kind = (script.root.get("type") or "text/javascript").lower()
        if "javascript" not in kind and "ecmascript" not in kind and kind != "module":
            continue  # text/xml data islands, templates, JSON
        src = (script.root.get("src") or "").strip()
        if src:
            if not _ANALYTICS.search(src):
                external.append(src)
            continue
        text = script.xpath("string()").get() or ""
        if text.strip() and not _ANALYTICS.search(text):
            inline.append(text)
    return inline, external


def _is_empty(element: Selector) -> bool:
    """No visible content: only whitespace, comments, scripts, templates, noscript, or a
    "loading…" placeholder the script replaces."""
    text = " ".join(
        element.xpath(
            ".//text()[not(ancestor::script) and not(ancestor::noscript)"
            " and not(ancestor::template) and not(ancestor::style)]"
        ).getall()
    ).strip()
    if text and not _PLACEHOLDER.match(text):
        return False
    hidden = ("script", "noscript", "template", "style")
    contentful = element.xpath(".//*[self::a or self::img or self::table or self::li]")
    return not [c for c in contentful if c.root.tag not in hidden]


def _empty_list_container(selector: Selector, inline: list[str], external: list[str]) -> bool:
    if not inline and not external:
        return False
    script_text = "\n".join(inline)
    # a script that fetches list data, or an inline config naming an API for an external app
    ajax_page = any(_AJAX.search(s) and (_LIST_WORDS.search(s) or external) for s in inline) or any(
        _AJAX.search(src) for src in external
    )
    for element in selector.css("div, ul, ol, tbody, table, section, dl, article"):
        attrib = dict(element.root.items())  # not .attrib: it raises on names like "{{if"
        ident = attrib.get("id", "")
        name = f"{ident} {attrib.get('class', '')}"
        data_api = any(
            key.startswith("data-") and _API_VALUE.search(value) for key, value in attrib.items()
        )
        if not (data_api or _LIST_NAME.search(ident) or _LIST_NAME.search(name)):
            continue
        if not _is_empty(element):
            continue
        if data_api or element.xpath("./script"):
            return True
        if ident and re.search(rf"""["'#]{re.escape(ident)}["'\s]""", script_text):
            return True
        if ajax_page and _LIST_NAME.search(name):
            return True
    return False


def _script_built_links(inline: list[str]) -> bool:
    for text in inline:
        if _CREATE_PAGE.search(text):
            continue  # TRS pagination, read without a browser
        if _BUILT_HREF.search(text) and _LOOP.search(text):
            return True
    return False


def _js_pagination(selector: Selector, html: str) -> bool:
    if _CREATE_PAGE.search(html):
        return False
    js_pager = real_pager = False
    for element in selector.css("a, button, input[type=button], span, li"):
        attrib = dict(element.root.items())  # not .attrib: it raises on names like "{{if"
        label = (
            " ".join("".join(element.css("::text").getall()).split())
            or (attrib.get("value") or "").strip()
        )
        if not _PAGER_TEXT.match(label):
            continue
        href = (attrib.get("href") or "").strip()
        onclick = attrib.get("onclick") or ""
        scripted = href.lower().startswith("javascript:") or _JS_PAGER_CALL.search(onclick)
        if element.root.tag == "a" and href and not href.startswith(("#", "javascript:")):
            if label not in ("更多", "查看更多"):  # "more" links lead to a column, not a page
                real_pager = True
            continue
        if (
            scripted
            or element.root.tag in ("button", "input")
            or (element.root.tag == "a" and onclick)
        ):
            js_pager = True
    return js_pager and not real_pager


def needs_browser(html: str) -> str | None:
    """Why this page's list is built in the browser, or None when plain HTML is enough.

    ``empty-list-container+script``: a list container is empty and a script fills it (it is
    named in a script, carries an API address, holds a data island, or the page calls an API);
    ``script-built-links``: a script loops over data writing ``<a href="' + …``;
    ``js-pagination``: pages turn or "load more" only through script (no pager link with a real
    address). Analytics and visit counters, and TRS ``createPageHTML`` paging, do not count.
    """
    selector = Selector(text=html, type="html")
    inline, external = _scripts(selector)
    if _empty_list_container(selector, inline, external):
        return "empty-list-container+script"
    if _script_built_links(inline):
        return "script-built-links"
    if (inline or external) and _js_pagination(selector, html):
        return "js-pagination"
    return None
