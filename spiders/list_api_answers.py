"""The answers of CMS list APIs: the item links in them (Hanweb XML, JSON, JSONP, HTML fragments)
and the list's total, from which spiders/list_apis.py pages on; and the same Hanweb XML where a
column page carries its first records itself (a data island). Pure: bytes in, links out."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

_URL_KEYS = re.compile(r"url|link|href|path$", re.I)
_TITLE_KEYS = ("title", "name", "subject", "text", "label")
_TOTAL_KEYS = ("total", "totalcount", "totalrecord", "recordcount", "totalnum")


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
        pairs = _hanweb_xml_links(text, base_url)
    else:
        data = _load_json(text) if "html" not in content_type else None
        pairs = _json_links(data, base_url) if data is not None else _anchors(text, base_url)
    return _unique(pairs)


@dataclass(frozen=True)
class DataIsland:
    """A Hanweb ``<datastore>`` in a column page: the first group of a jpage list, which the
    page's script shows without asking ``dataproxy.jsp``."""

    column: str  # columnid of its nextgroup link ("" when it has none)
    unit: str  # unitid of its nextgroup link, else the id of the element holding it
    records: int  # <record> elements: how far into the list the page already goes
    links: list[tuple[str, str]]  # (url, title) of its items
    total: int | None  # <totalrecord>, when the island states it
    span: tuple[int, int]  # where it is in the page: its list's script configuration follows it


_ISLAND = re.compile(r"<datastore\b[^>]*>(.*?)</datastore\s*>", re.S | re.I)
_HOLDER_ID = re.compile(r"""id\s*=\s*["']?(\d+)["']?[^<>]*>\s*(?:<script\b[^>]*>\s*)?$""", re.I)


def hanweb_islands(html: str, base_url: str) -> list[DataIsland]:
    """The data islands of a page, in order (the page decoded; links resolved on ``base_url``)."""
    if "datastore" not in html and "DATASTORE" not in html:
        return []  # most pages: no scan
    islands = []
    for match in _ISLAND.finditer(html):
        text = match.group(1)
        query: dict[str, str] = {}
        nextgroup = re.search(r"<nextgroup>(.*?)</nextgroup>", text, re.S | re.I)
        href = re.search(r"""href\s*=\s*["']([^"']*)""", nextgroup.group(1)) if nextgroup else None
        if href:
            query = {k.lower(): v for k, v in parse_qsl(urlsplit(html_lib.unescape(href[1])).query)}
        holder = _HOLDER_ID.search(html, max(0, match.start() - 200), match.start())
        total = re.search(r"<totalrecord>\s*(\d{1,18})\s*</totalrecord>", text, re.I)
        islands.append(
            DataIsland(
                column=query.get("columnid", ""),
                unit=query.get("unitid") or (holder.group(1) if holder else ""),
                records=len(re.findall(r"<record\b", text, re.I)),
                links=_unique(_hanweb_xml_links(text, base_url)),
                total=int(total.group(1)) if total else None,
                span=match.span(),
            )
        )
    return islands


def list_total(body: bytes) -> int | None:
    """How many items the whole list has, as an answer states it (XML ``totalrecord`` or a JSON
    total/count key), or None."""
    text = body.decode("utf-8", "replace")
    # at most 18 digits: int() of thousands raises, and no list is that long
    match = re.search(r"<totalrecord>\s*(\d{1,18})\s*</totalrecord>", text, re.I)
    if match:
        return int(match.group(1))
    data = _load_json(text)
    if data is None:
        return None
    for key, value in _walk_items(data):
        # isdecimal, not isdigit: int() refuses superscripts ("²") that isdigit accepts; 18
        # digits at most, as above (a JSON number of hundreds overflows the paging arithmetic)
        number = (type(value) is int and abs(value) < 10**18) or (
            isinstance(value, str) and value.isdecimal() and len(value) <= 18
        )
        if key.lower() in _TOTAL_KEYS and number:
            return int(value)
    return None


def _hanweb_xml_links(text: str, base_url: str) -> list[tuple[str, str]]:
    """Links of Hanweb XML: ``<record><![CDATA[<li><a …>]]></record>`` (or escaped records)."""
    fragments = re.findall(r"<!\[CDATA\[(.*?)\]\]>", text, re.S)
    if fragments:
        source = [f for f in fragments if "<a" in f.lower()]
        # nextgroup holds the proxy's own address, not an item
        source = [f for f in source if "dataproxy.jsp" not in f]
    else:
        records = re.findall(r"<record>(.*?)</record>", text, re.S)
        source = [html_lib.unescape(r) for r in records] or [text]
    return [p for fragment in source for p in _anchors(fragment, base_url)]


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(url, title) pairs in order, one per url, keeping a title when any pair has one."""
    seen: dict[str, str] = {}
    for url, title in pairs:
        if url not in seen or (title and not seen[url]):
            seen[url] = title
    return list(seen.items())


def _load_json(text: str):
    text = text.strip().removeprefix("\ufeff")
    if text[:1] not in "[{":
        match = re.match(r"^[\w$.]+\s*\(\s*(.*)\)\s*;?\s*$", text, re.S)  # JSONP
        if not match:
            return None
        text = match.group(1)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
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
        # lxml's get(), not parsel's .attrib: that raises on names like "{{if" (template syntax)
        href = (anchor.root.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = " ".join("".join(anchor.css("::text").getall()).split())
        title = (anchor.root.get("title") or "").strip()
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
