"""The answers of CMS list APIs: the item links in them (Hanweb XML, JSON, JSONP, HTML fragments)
and the list's total, from which spiders/list_apis.py pages on. Pure: bytes in, links out."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin

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


def list_total(body: bytes) -> int | None:
    """How many items the whole list has, as an answer states it (XML ``totalrecord`` or a JSON
    total/count key), or None."""
    text = body.decode("utf-8", "replace")
    match = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", text, re.I)
    if match:
        return int(match.group(1))
    data = _load_json(text)
    if data is None:
        return None
    for key, value in _walk_items(data):
        number = type(value) is int or (isinstance(value, str) and value.isdigit())
        if key.lower() in _TOTAL_KEYS and number:
            return int(value)
    return None


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
