"""Where to go next on a portal: which links lead to annual reports, and how columns paginate.

Pure functions over a page's URL, HTML and links, with no per-site code. A link gets a *role*:
``report`` (its text names an annual report), ``column`` (an annual-report column, a year
sub-column or a further page of a column), ``section`` (the open-information section that holds
the columns), ``attachment`` (a document file), ``detail`` (an article in a column's list) or
``other``. The spider decides from the role and the page it came from whether to follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector
from w3lib.url import safe_url_string

from spiders.classify import looks_like_report_title, simplify

ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".ofd",
    ".zip",
    ".rar",
    ".7z",
)
# Binary or media files that are neither pages nor report attachments.
_SKIP_EXTENSIONS = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".svg",
    ".ico",
    ".webp",
    ".css",
    ".js",
    ".mp3",
    ".mp4",
    ".avi",
    ".flv",
    ".wmv",
    ".swf",
    ".exe",
    ".apk",
    ".ppt",
    ".pptx",
    ".txt",
    ".xml",
)

_COLUMN_TEXT = re.compile(
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)|信息公开年报|公开年报|年度报告|年报$|年报专栏"
)
_COLUMN_URL = re.compile(
    r"(?:^|/|_)(?:zfxxgknb|xxgknb|gknb|ndbg|xxgkndbg|ndgzbg|nb|nianbao|gzbg_nb|zfxxgkndbg)"
    r"(?:\d{4}|_\d+)?(?:/|_|\.|$)",
    re.IGNORECASE,
)
_SECTION_TEXT = re.compile(
    r"政务公开|政府信息公开|信息公开|公开目录|法定主动公开|主动公开|政务信息|政府公开|部门公开|乡镇公开"
)
_SECTION_URL = re.compile(
    r"(?:^|/)(?:zwgk|xxgk|zfxxgk|gkml|gongkai|public|openness|zfgk|xxgkml|zwxx)[^/]*(?:/|$|\.)",
    re.IGNORECASE,
)
_YEAR_TEXT = re.compile(r"^(?:(?:19|20)\d{2})\s*(?:年度?)?(?:报告|年报)?$")
_ORG_COLUMN_TEXT = re.compile(
    r"(?:部门|乡镇|街道|区县|县区|市直|单位|区级|县级|市级|本级)(?:年报|年度报告)?$"
)
_PAGER_TEXT = re.compile(r"^(?:下一?页|后一?页|尾页|末页|\d{1,4}|>|>>|»|›|next|更多|more)$", re.I)
_DETAIL_URL = re.compile(
    r"/t\d{8}_\d+|/art_\d+_\d+|/\d{17,20}\.s?html?|/\d{6}/[0-9a-f]{16,}\.s?html?"
    r"|/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.s?html?"
    r"|/(?:19|20)\d{2}[-/]?\d{1,2}[-/]?\d{1,2}/|/content_\d+|/show/|/detail|/info/\d+|\?id=\d+",
    re.IGNORECASE,
)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_JS_VAR = r"(?:var|let|const)?\s*{name}\s*=\s*['\"]?(\d+)"
# Calendar and session traps: links that differ only by a date or an ever-growing id.
_TRAP_QUERY = re.compile(r"(?:^|&)(?:date|day|time|month|year|riqi|rq|d|ts|timestamp)=", re.I)
_SESSION_QUERY = re.compile(r"(?:^|&)(?:jsessionid|phpsessid|sid|sessionid|aspsessionid)=", re.I)
# A whole date as a query value (2024-01-02, 2024/1/2, 20240102), whatever the parameter is called.
_DATE = r"(?:19|20)\d\d(?:[-/.]|%2F)(?:0?[1-9]|1[0-2])(?:[-/.]|%2F)(?:0?[1-9]|[12]\d|3[01])"
_COMPACT_DATE = r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE_VALUE = re.compile(rf"(?:^|&)[^=&]*=(?:{_DATE}|{_COMPACT_DATE})(?:&|$)", re.I)
# A path that ends in a day: /2024/01/02/, /2024-01-02.html, /20240102/, cal_20240102.html (a day
# page of a calendar, unlike /2024/01/02/art_1_2.html or /202401/t20240102_1.html: articles).
_DATE_PATH_END = re.compile(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/?$"
    rf"|/{_DATE}/?$|/{_COMPACT_DATE}/$"
    rf"|[/_-](?:{_DATE}|{_COMPACT_DATE})\.(?:s?html?|jsp|aspx?|php)$",
    re.I,
)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|aspx?|php)$", re.I)
# Session ids that make one page look like many. The named ones always are; a value this long
# and random under a generic name (sid) is a session, a short one is a site or column id.
_SESSION_NAMES = (
    "jsessionid",
    "phpsessid",
    "aspsessionid",
    "sessionid",
    "sessid",
    "cfid",
    "cftoken",
)
_SESSION_PARAM = re.compile(r"^(?:" + "|".join(_SESSION_NAMES) + r")$|^aspsessionid\w*$", re.I)
_SESSION_TOKEN = re.compile(r"^[0-9A-Za-z._-]{16,}$")
_PATH_SESSION = re.compile(
    r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*|/\(S\([0-9a-z]{16,}\)\)", re.I
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


# What parsel's css("a[href], area[href], iframe[src], frame[src]") and css("base::attr(href)")
# select, compiled once.
_LINKING_ELEMENTS = etree.XPath(
    "descendant-or-self::a[@href] | descendant-or-self::area[@href]"
    " | descendant-or-self::iframe[@src] | descendant-or-self::frame[@src]"
)
_BASE_HREF = etree.XPath("descendant-or-self::base/@href", smart_strings=False)


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    role: str
    # application state carried in the fragment (``/gkmlpt/index#2412``: catalog 2412), which a
    # browser needs to show the same thing; empty for an ordinary in-page anchor
    fragment: str = ""


def is_attachment_url(url: str, text: str = "") -> bool:
    path = urlsplit(url).path.lower()
    if path.endswith(ATTACHMENT_EXTENSIONS):
        return True
    if "download" in path or "downfile" in path or "attach" in path:
        return text.strip().lower().endswith(ATTACHMENT_EXTENSIONS)
    return False


def is_skippable_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return True
    return parts.path.lower().endswith(_SKIP_EXTENSIONS)


def looks_like_trap(url: str) -> bool:
    """Calendar/date parameters or path days, session ids, or a path segment repeated 3 times."""
    parts = urlsplit(url)
    if _TRAP_QUERY.search(parts.query) or _SESSION_QUERY.search(parts.query):
        return True
    if _DATE_VALUE.search(parts.query) or _DATE_PATH_END.search(_INDEX_PAGE.sub("/", parts.path)):
        return True
    if ";jsessionid=" in parts.path.lower():
        return True
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > 12:
        return True
    return any(segments.count(s) >= 3 for s in set(segments))


def _normalise_percent(text: str) -> str:
    """Upper-case percent-escapes, and decode the ones of unreserved characters (RFC 3986 6.2.2)."""

    def fix(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT.sub(fix, text)


def _is_session_param(pair: str) -> bool:
    name, _, value = pair.partition("=")
    if _SESSION_PARAM.match(name):
        return True
    return name.lower() in ("sid", "s") and bool(_SESSION_TOKEN.match(value))


def canonical_url(url: str) -> str:
    """One spelling per page, so no page is fetched twice under two spellings.

    Lower-case scheme and host, no default port, no fragment, no empty query or empty parameters,
    no session id (``;jsessionid=`` in the path, ``JSESSIONID=``/``PHPSESSID=``/long ``sid=`` in
    the query, ASP.NET ``/(S(...))/``), upper-case percent-escapes with unreserved characters
    decoded. The order of query parameters is kept: some servers care, and Scrapy's fingerprint
    already ignores it.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username is not None:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    path = _normalise_percent(_PATH_SESSION.sub("", parts.path)) or "/"
    query = "&".join(
        _normalise_percent(pair)
        for pair in parts.query.split("&")
        if pair and not _is_session_param(pair)
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def link_role(url: str, text: str, title: str = "") -> str:
    """What a link leads to, from its address and its label (``title`` when given, else
    ``text``): attachment, report, column, pager, section, detail or other."""
    label = simplify(title or text)
    path = urlsplit(url).path
    if is_attachment_url(url, label):
        return "attachment"
    if label and looks_like_report_title(label) and (re.search(r"\d{4}|年度", label)):
        return "report"
    if label and _YEAR_TEXT.match(label):
        return "column"
    if label and _PAGER_TEXT.match(label):
        return "pager"
    if label and _COLUMN_TEXT.search(label) and len(label) <= 24:
        return "column"
    if _COLUMN_URL.search(path) and not _DETAIL_URL.search(url):
        return "column"
    if label and _SECTION_TEXT.search(label) and len(label) <= 16:
        return "section"
    if _SECTION_URL.search(path) and not _DETAIL_URL.search(url):
        return "section"
    if label and _ORG_COLUMN_TEXT.search(label):
        return "column"
    if _DETAIL_URL.search(url):
        return "detail"
    return "other"


def extract_links(selector: Selector, base_url: str) -> list[Link]:
    """All followable links of a page with their roles, in document order, de-duplicated."""
    root = selector.root
    base = _BASE_HREF(root)
    base_url = urljoin(base_url, base[0].strip()) if base else base_url
    seen: set[tuple[str, str]] = set()
    links: list[Link] = []
    # lxml itself, not parsel: a Selector per anchor and a query per label cost more than all
    # the rest of reading a link; lxml's get() also reads attribute names like "{{if" (template
    # syntax), on which parsel's .attrib raises
    for element in _LINKING_ELEMENTS(root):
        href = element.get("href") or element.get("src") or ""
        url = _followable_url(href, base_url)
        fragment = app_fragment(href)
        if url is None or (url, fragment) in seen:
            continue
        seen.add((url, fragment))
        text = " ".join("".join(element.itertext()).split())  # the text nodes inside it
        title = (element.get("title") or "").strip()
        if len(title) < len(text):
            title = ""
        links.append(Link(url, title or text, link_role(url, text, title), fragment))
    return links


def links_from_items(items: Iterable[tuple[str, str]], base_url: str) -> list[Link]:
    """(address, title) items found outside anchors (a list API's answer) as links, read as
    ``extract_links`` reads ``<a href="address">title</a>``."""
    seen: set[tuple[str, str]] = set()
    links: list[Link] = []
    for href, title in items:
        url = _followable_url(href, base_url)
        fragment = app_fragment(href)
        if url is None or (url, fragment) in seen:
            continue
        seen.add((url, fragment))
        text = " ".join(title.split())
        links.append(Link(url, text, link_role(url, text), fragment))
    return links


# Fragments that are application state rather than a place in the page: a hash route
# (#/list/2, #!/a), a bare id (#2412), or parameters (#cid=12&page=2).
_APP_FRAGMENT = re.compile(r"^(?:!?/[^\s]*|\d{1,12}|[\w.-]+=[^&\s]*(?:&[\w.-]+=[^&\s]*)*)$")


def app_fragment(href: str) -> str:
    """The fragment of ``href`` when it carries application state, else ``""``."""
    _, sep, fragment = href.strip().partition("#")
    return fragment if sep and _APP_FRAGMENT.match(fragment) else ""


def _followable_url(href: str, base_url: str) -> str | None:
    """The absolute address, without fragment, of a link worth following, or None."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = safe_url_string(urljoin(base_url, href)).split("#", 1)[0]
    return None if is_skippable_url(url) else url


def page_number(digits: str) -> int | None:
    """A page number or count as a page writes it, or None for what is no number. Digits past
    any count stand for 10**18, above every limit they meet (int() refuses 4,301 digits), and
    superscripts, which isdigit() accepts, are no number (int() refuses them)."""
    if not digits.isdecimal():
        return None
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= 18 else 10**18


def _js_number(token: str, script: str) -> int | None:
    if token.isdigit():
        return page_number(token)
    match = re.search(_JS_VAR.format(name=re.escape(token)), script)
    return page_number(match.group(1)) if match else None


def trs_page_urls(html: str, page_url: str, max_pages: int = 50) -> list[str]:
    """Pages of a TRS list whose links exist only in ``createPageHTML(n, cur, "index", "html")``.

    Page 0 is ``index.html``, page n is ``index_n.html``, in the directory of the current page.
    """
    urls: list[str] = []
    for match in _CREATE_PAGE.finditer(html):
        count = _js_number(match.group(1), html)
        if not count or count < 2:
            continue
        name, ext = match.group(3), match.group(4)
        for page in range(min(count, max_pages)):
            filename = f"{name}.{ext}" if page == 0 else f"{name}_{page}.{ext}"
            urls.append(urljoin(page_url, filename))
    return [u for u in dict.fromkeys(urls) if u != page_url]


def numbered_page_urls(page_url: str, links: list[Link], max_pages: int = 50) -> list[str]:
    """Further pages of a paginated list, from its pager links (下一页, 尾页, numbers).

    When the pager shows the last page number (尾页 → ``index_9.html`` or ``pageNum=9``), the
    pages between are filled in, because many CMSs show only a window of page numbers. Filling
    starts at the lowest page number the pager (or the page itself) shows: TRS numbers page 2
    ``index_1``, other CMSs ``index_2`` or ``pageNum=2``, and a page that exists nowhere must not
    be guessed.
    """
    pages = [link.url for link in links if link.role == "pager"]
    filled: list[str] = []
    for url in pages:
        filled.extend(_fill_page_range(page_url, url, pages, max_pages))
    return [u for u in dict.fromkeys(pages + filled) if u != page_url][: max_pages * 2]


_NUMBERED_PATH = re.compile(r"^(.*_)(\d+)(\.s?html?)$")
_PAGER_KEYS = ("page", "pagenum", "pageno", "pageindex", "p", "curpage")


def _fill_page_range(page_url: str, last_url: str, pager: list[str], max_pages: int) -> list[str]:
    if looks_like_trap(last_url):
        return []  # cal_20240131.html is a calendar day, not page 20240131 of a list
    parts = urlsplit(last_url)
    here = urlsplit(page_url)
    match = _NUMBERED_PATH.search(parts.path)
    if match and parts.netloc == here.netloc:
        prefix, suffix = match.group(1), match.group(3)
        shown = [
            page_number(m.group(2)) or 0
            for u in (*pager, page_url)
            if (m := _NUMBERED_PATH.search(urlsplit(u).path))
            and (m.group(1), m.group(3)) == (prefix, suffix)
        ]
        last = min(page_number(match.group(2)) or 0, max_pages)
        return [
            urlunsplit((parts.scheme, parts.netloc, f"{prefix}{n}{suffix}", "", ""))
            for n in range(min(shown), last + 1)
        ]
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if key.lower() in _PAGER_KEYS and value.isdecimal() and parts.path == here.path:
            last = min(page_number(value) or 0, max_pages)
            # from page 2, or lower where the pager (or this page) shows a lower number: a list
            # whose first page carries no number may not answer page=1
            shown = [
                page_number(number) or 0
                for u in (*pager, page_url)
                if urlsplit(u).path == parts.path
                for name, number in parse_qsl(urlsplit(u).query)
                if name == key and number.isdecimal()
            ]
            out = []
            for n in range(min([*shown, 2]), last + 1):
                q = [*query[:i], (key, str(n)), *query[i + 1 :]]
                out.append(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), "")))
            return out
    return []


def column_dir(url: str) -> str:
    """The directory a column's pages share (``/col/col123/`` for ``/col/col123/index.html``)."""
    return urlsplit(url).path.rsplit("/", 1)[0] + "/"


def looks_like_column_title(text: str) -> bool:
    """A page or link title naming an annual-report column (政府信息公开年报, 年度报告 …)."""
    return bool(_COLUMN_TEXT.search(simplify(text)))


def count_report_links(links: list[Link]) -> int:
    return sum(1 for link in links if link.role == "report")
