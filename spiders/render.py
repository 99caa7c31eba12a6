"""Does a page need a browser, and which list APIs does it call? Pure functions over HTML and bytes.

``needs_browser`` names why a page's list is built by script (or None). ``find_list_api_calls``
recognises the list APIs of known CMSs (Hanweb jpage ``dataproxy.jsp``, JPaaS ``build/unit``) in a
page so they can be read without a browser; ``next_list_api_calls`` pages through them from the
first answer's total; ``parse_list_api_response`` turns an answer (XML, JSON, HTML) into links.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"
JPAAS_UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"

# Scripts that only count visits or load analytics never build a page's content.
_ANALYTICS = re.compile(
    r"hm\.baidu\.com|_hmt\b|cnzz\.com|_czc\b|google-analytics|googletagmanager|gtag\(|"
    r"zhanzhang\.baidu|tongji|conac\.cn|visitcount|articlehits|_trs_ta|ta\.trs\.cn|webstat",
    re.I,
)
# Script text that fetches data or fills the page from it.
_AJAX = re.compile(
    r"XMLHttpRequest|\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|axios\b|\.load\s*\(|"
    r"jpage|dataproxy|/api[/-]|\.jpage\s*\(",
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
        kind = (script.attrib.get("type") or "text/javascript").lower()
        if "javascript" not in kind and "ecmascript" not in kind and kind != "module":
            continue  # text/xml data islands, templates, JSON
        src = (script.attrib.get("src") or "").strip()
        if src:
            if not _ANALYTICS.search(src):
                external.append(src)
            continue
        text = script.xpath("string()").get() or ""
        if text.strip() and not _ANALYTICS.search(text):
            inline.append(text)
    return inline, external


def _is_empty(element: Selector) -> bool:
    """No visible children: only whitespace, comments, scripts, templates or noscript."""
    children = element.xpath("./*")
    if any(c.root.tag not in ("script", "noscript", "template", "style") for c in children):
        return False
    text = "".join(element.xpath("./text()").getall())
    return not text.strip()


def _empty_list_container(selector: Selector, inline: list[str], external: list[str]) -> bool:
    if not inline and not external:
        return False
    script_text = "\n".join(inline)
    ajax_page = any(_AJAX.search(s) and _LIST_WORDS.search(s) for s in inline) or any(
        _AJAX.search(src) for src in external
    )
    for element in selector.css("div, ul, ol, tbody, table, section, dl, article"):
        attrib = element.attrib
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
        attrib = element.attrib
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


# --- list APIs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListApiCall:
    """One request to a CMS list API, ready to send: a page (or group of pages) of its list."""

    kind: str  # "hanweb-jpage" or "jpaas-unit"
    method: str
    url: str
    body: bytes = b""
    content_type: str = ""
    page: int = 1  # 1 for the first call; further calls come from next_list_api_calls
    page_size: int = 15

    @property
    def headers(self) -> dict[str, str]:
        headers = {"X-Requested-With": "XMLHttpRequest"}
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return headers


_HANWEB_KEYS = {
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourcecontenttype",
    "unitid",
    "webname",
    "permissiontype",
}
_PAGING_KEYS = {"startrecord", "endrecord", "perpage", "page"}
_STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*?)\1""", re.S)
_OBJECT = re.compile(r"\{[^{}]*\}", re.S)
_PAIR = re.compile(
    r"""["']?([A-Za-z_][\w-]*)["']?\s*:\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|([\w.%/+-]+))"""
)
_ASSIGN = re.compile(r"""(?:var|let|const)\s+([A-Za-z_]\w*)\s*=\s*['"]?([\w.%/+-]+)""")


def _js_pairs(text: str) -> list[tuple[str, str]]:
    """``key: value`` pairs of object literals in script text (strings unquoted)."""
    pairs = []
    for match in _PAIR.finditer(text):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        pairs.append((match.group(1), value))
    return pairs


def _number(pattern: str, text: str, default: int) -> int:
    match = re.search(pattern + r"""\s*[:=]\s*['"]?(\d+)""", text, re.I)
    value = int(match.group(1)) if match else default
    return value if 0 < value <= 1000 else default


def _hanweb_param_sets(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(body as the page writes it, or "", params) for each jpage configuration in ``text``,
    strongest first: a ready form body, an object literal, ``var`` assignments, and last a query
    string in some address (the ``nextgroup`` link of a data island abbreviates ``webname``)."""
    bodies, objects, queries = [], [], []
    for match in _STRING.finditer(text):
        literal = html_lib.unescape(match.group(2))
        if "columnid=" not in literal.lower():
            continue
        query = literal.split("?", 1)[1] if "?" in literal else literal
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() in _HANWEB_KEYS]
        if not any(k.lower() == "columnid" for k, _ in kept):
            continue
        if "?" not in literal and all(k.lower() not in _PAGING_KEYS for k, _ in pairs):
            bodies.append((literal, kept))  # send it as the page's script would
        else:
            queries.append(("", kept))
    for match in _OBJECT.finditer(text):
        kept = [(k, v) for k, v in _js_pairs(match.group(0)) if k.lower() in _HANWEB_KEYS]
        if any(k.lower() == "columnid" for k, _ in kept):
            objects.append(("", kept))
    assigned = [(k, v) for k, v in _ASSIGN.findall(text) if k.lower() in _HANWEB_KEYS]
    if any(k.lower() == "columnid" for k, _ in assigned):
        objects.append(("", assigned))
    return bodies + objects + queries


def _hanweb_calls(html: str, page_url: str) -> list[ListApiCall]:
    if "dataproxy.jsp" not in html.lower():
        return []
    proxy_match = re.search(r"""["'(]\s*([^"'\s()<>]*?dataproxy\.jsp)""", html, re.I)
    proxy = urljoin(page_url, proxy_match.group(1) if proxy_match else HANWEB_PROXY)
    per_page = _number(r"per_?page", html, 15)
    group = _number(r"group_?size", html, 3)
    calls: dict[str, ListApiCall] = {}
    for written, params in _hanweb_param_sets(html):
        column = next(v for k, v in params if k.lower() == "columnid")
        unit = next((v for k, v in params if k.lower() == "unitid"), "")
        key = f"{column}/{unit}"
        if not column.isdigit() or key in calls:
            continue
        body = written.encode("utf-8") if written else urlencode(params).encode("utf-8")
        calls[key] = ListApiCall(
            kind="hanweb-jpage",
            method="POST",
            url=_hanweb_url(proxy, 1, per_page * group, per_page),
            body=body,
            content_type="application/x-www-form-urlencoded",
            page_size=per_page,
        )
    return list(calls.values())


def _hanweb_url(proxy: str, start: int, end: int, per_page: int) -> str:
    parts = urlsplit(proxy)
    query = f"startrecord={start}&endrecord={end}&perpage={per_page}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


_JPAAS_ALIASES = {
    "webid": "webId",
    "web": "webId",
    "siteid": "webId",
    "tplsetid": "tplSetId",
    "tplset": "tplSetId",
    "tpl": "tplSetId",
    "templatesetid": "tplSetId",
    "pageid": "pageId",
    "page": "pageId",
    "colid": "pageId",
    "columnid": "pageId",
    "pagetype": "pageType",
    "tagid": "tagId",
    "tag": "tagId",
    "parsetype": "parseType",
    "edittype": "editType",
    "pagesize": "pageSize",
    "perpage": "pageSize",
    "size": "pageSize",
    "paramjson": "paramJson",
}
_JPAAS_DEFAULTS = {
    "parseType": "bulidstatic",  # sic: the API's own spelling
    "pageType": "column",
    "tagId": "当前栏目list",
    "editType": "null",
}
_JPAAS_ORDER = ("parseType", "webId", "tplSetId", "pageType", "tagId", "editType", "pageId")


def _jpaas_key(name: str) -> str | None:
    name = name.lower().removeprefix("data-").replace("-", "").replace("_", "")
    return _JPAAS_ALIASES.get(name)


def _jpaas_param_sets(selector: Selector, html: str) -> Iterator[dict[str, str]]:
    """Parameter sets near each mention of the unit API: the element carrying its address, the
    script naming it, else the whole page."""
    found = False
    for element in selector.xpath("//*[@*[contains(., '/front/page/build/unit')]]"):
        params = {}
        for name, value in element.attrib.items():
            key = _jpaas_key(name)
            if key and value.strip():
                params.setdefault(key, value.strip())
        found = True
        yield params
    for script in selector.css("script::text").getall():
        if "/front/page/build/unit" in script:
            found = True
            yield _jpaas_from_text(script)
    if not found and "/front/page/build/unit" in html:
        yield _jpaas_from_text(html)


def _jpaas_from_text(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    pairs = _js_pairs(text)
    for match in _STRING.finditer(text):
        literal = html_lib.unescape(match.group(2))
        if "=" in literal and "&" in literal:
            query = literal.split("?", 1)[1] if "?" in literal else literal
            pairs.extend(parse_qsl(query, keep_blank_values=True))
    pairs.extend(_ASSIGN.findall(text))
    for name, value in pairs:
        key = _jpaas_key(name)
        if key and value and value not in ("null", "undefined"):
            params.setdefault(key, value)
    return params


def _jpaas_calls(html: str, page_url: str) -> list[ListApiCall]:
    if "/front/page/build/unit" not in html:
        return []
    selector = Selector(text=html, type="html")
    path_match = re.search(r"""[^"'\s()<>]*/front/page/build/unit""", html)
    api = urljoin(page_url, path_match.group(0) if path_match else JPAAS_UNIT)
    calls: dict[str, ListApiCall] = {}
    for params in _jpaas_param_sets(selector, html):
        if not params.get("pageId", "").strip() or not params.get("webId", "").strip():
            continue
        size = 15
        if params.get("paramJson"):
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                size = int(json.loads(params["paramJson"]).get("pageSize", 15))
        if str(params.get("pageSize", "")).isdigit():
            size = int(params["pageSize"])
        call = _jpaas_call(api, {**_JPAAS_DEFAULTS, **params}, 1, size)
        calls.setdefault(call.url, call)
    return list(calls.values())


def _jpaas_call(api: str, params: dict[str, str], page: int, size: int) -> ListApiCall:
    query = [(k, params[k]) for k in _JPAAS_ORDER if k in params]
    paging = json.dumps({"pageIndex": page, "pageSize": size}, separators=(",", ":"))
    query.append(("paramJson", paging))
    parts = urlsplit(api)
    url = urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, quote_via=quote), "")
    )
    return ListApiCall(kind="jpaas-unit", method="GET", url=url, page=page, page_size=size)


def find_list_api_calls(html: str, page_url: str) -> list[ListApiCall]:
    """The first call of every known CMS list API this page configures (Hanweb jpage, JPaaS)."""
    return _hanweb_calls(html, page_url) + _jpaas_calls(html, page_url)


def list_api_call_from_request(method: str, url: str, body: bytes = b"") -> ListApiCall | None:
    """A request a page made, recognised as a known list API call (to page on without it)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if parts.path.endswith("dataproxy.jsp") and "startrecord" in query:
        try:
            start, end = int(query["startrecord"]), int(query.get("endrecord", "0"))
            per_page = int(query.get("perpage", "15"))
        except ValueError:
            return None
        page = (start - 1) // max(per_page, 1) + 1
        return ListApiCall(
            "hanweb-jpage",
            method.upper(),
            url,
            body,
            "application/x-www-form-urlencoded",
            page=page,
            page_size=max(per_page, end - start + 1) if page == 1 else per_page,
        )
    if parts.path.endswith("/front/page/build/unit"):
        try:
            paging = json.loads(query.get("paramJson") or "{}")
            page, size = int(paging.get("pageIndex", 1)), int(paging.get("pageSize", 15))
        except (ValueError, TypeError, AttributeError):
            return None
        return ListApiCall("jpaas-unit", method.upper(), url, body, page=page, page_size=size)
    return None


def _total(body: bytes, content_type: str) -> int | None:
    text = body.decode("utf-8", "replace")
    match = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", text, re.I)
    if match:
        return int(match.group(1))
    data = _load_json(text)
    if data is None:
        return None
    keys = ("total", "totalcount", "totalrecord", "recordcount", "totalnum")
    for key, value in _walk_items(data):
        number = type(value) is int or (isinstance(value, str) and value.isdigit())
        if key.lower() in keys and number:
            return int(value)
    return None


def next_list_api_calls(
    call: ListApiCall, body: bytes, content_type: str = "", max_pages: int = 50
) -> list[ListApiCall]:
    """The calls after ``call`` (a first call) that read the rest of the list, from its total."""
    if call.page != 1:
        return []
    total = _total(body, content_type)
    if not total:
        return []
    if call.kind == "hanweb-jpage":
        query = dict(parse_qsl(urlsplit(call.url).query))
        per_page = int(query.get("perpage", call.page_size) or 15)
        group = int(query.get("endrecord", per_page) or per_page)
        limit = min(total, per_page * max_pages)
        return [
            ListApiCall(
                call.kind,
                call.method,
                _hanweb_url(call.url, start, min(start + group - 1, limit), per_page),
                call.body,
                call.content_type,
                page=(start - 1) // per_page + 1,
                page_size=per_page,
            )
            for start in range(group + 1, limit + 1, group)
        ]
    if call.kind == "jpaas-unit":
        parts = urlsplit(call.url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        api = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        pages = min(math.ceil(total / max(call.page_size, 1)), max_pages)
        return [_jpaas_call(api, params, page, call.page_size) for page in range(2, pages + 1)]
    return []


# --- answers --------------------------------------------------------------------------------

_URL_KEYS = re.compile(r"url|link|href|path$", re.I)
_TITLE_KEYS = ("title", "name", "subject", "text", "label")


def _load_json(text: str):
    text = text.strip().removeprefix("\ufeff")
    if text[:1] not in "[{":
        match = re.match(r"^[\w$.]+\s*\(\s*(.*)\)\s*;?\s*$", text, re.S)  # JSONP
        if not match:
            return None
        text = match.group(1)
    try:
        return json.loads(text)
    except ValueError:
        return None


def _walk_items(data) -> Iterator[tuple[str, object]]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key), value
                if isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _anchors(fragment: str, base_url: str) -> list[tuple[str, str]]:
    out = []
    for anchor in Selector(text=fragment, type="html").css("a[href]"):
        href = anchor.attrib["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = " ".join("".join(anchor.css("::text").getall()).split())
        title = (anchor.attrib.get("title") or "").strip()
        out.append((urljoin(base_url, href), title if len(title) > len(text) else text))
    return out


def _json_links(data, base_url: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            url = next(
                (
                    v
                    for k, v in node.items()
                    if isinstance(v, str) and _URL_KEYS.search(str(k)) and _looks_like_link(v)
                ),
                None,
            )
            title = next(
                (
                    v
                    for k, v in node.items()
                    if isinstance(v, str) and v.strip() and str(k).lower().endswith(_TITLE_KEYS)
                ),
                "",
            )
            if url:
                out.append((urljoin(base_url, url.strip()), " ".join(title.split())))
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
            for value in node.values():
                if isinstance(value, str) and "<a" in value.lower():
                    out.extend(_anchors(value, base_url))
        elif isinstance(node, str) and "<a" in node.lower():
            out.extend(_anchors(node, base_url))
    return out


def _looks_like_link(value: str) -> bool:
    value = value.strip()
    return bool(value) and (
        value.startswith(("http://", "https://", "/", "./", "../"))
        or bool(
            re.match(r"^[\w./-]+\.(?:s?html?|jsp|aspx?|php|pdf|docx?|wps|xlsx?)(?:\?|$)", value)
        )
    )


def parse_list_api_response(body: bytes, content_type: str, base_url: str) -> list[tuple[str, str]]:
    """(url, title) of every item link in a list API answer, in order, de-duplicated.

    Hanweb XML (``<record><![CDATA[<li><a …>]]>``), JSON (objects with a url/link/href key and a
    title/name key, and HTML fragments inside string values, as JPaaS ``data.html``), JSONP, or
    an HTML fragment.
    """
    text = body.decode("utf-8", "replace")
    content_type = content_type.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if "xml" in content_type or stripped.startswith("<?xml") or "<datastore" in stripped[:200]:
        fragments = re.findall(r"<!\[CDATA\[(.*?)\]\]>", text, re.S)
        records = re.findall(r"<record>(.*?)</record>", text, re.S)
        if fragments:
            source = [f for f in fragments if "<a" in f.lower()]
            # nextgroup holds the proxy's own address, not an item
            source = [f for f in source if "dataproxy.jsp" not in f]
        else:
            source = [html_lib.unescape(r) for r in records] or [text]
        pairs = [p for fragment in source for p in _anchors(fragment, base_url)]
    else:
        data = _load_json(text) if "html" not in content_type else None
        pairs = _json_links(data, base_url) if data is not None else _anchors(text, base_url)
    seen: dict[str, str] = {}
    for url, title in pairs:
        if url not in seen or (title and not seen[url]):
            seen[url] = title
    return list(seen.items())
