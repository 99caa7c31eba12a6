"""How a page's script configures a CMS list API: the Hanweb jpage and JPaaS parameter sets in its
quoted strings, object literals, ``var`` assignments and element attributes. Pure."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl

from parsel import Selector

_STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*?)\1""", re.S)
_OBJECT = re.compile(r"\{[^{}]*\}", re.S)
# A key starts at a word's start and has at most 64 characters (the settings read have under
# 20): finditer tried every start inside a long run of letters (base64 in a script), each
# scanning to the run's end, quadratic in the run.
_PAIR = re.compile(
    r"""["']?(?<![A-Za-z_])([A-Za-z_][\w-]{0,63})["']?\s*:\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|([\w.%/+-]+))"""
)
_ASSIGN = re.compile(r"""(?:var|let|const)\s+([A-Za-z_]\w*)\s*=\s*['"]?([\w.%/+-]+)""")


def _string_literals(text: str) -> Iterator[str]:
    """The quoted strings of script text, HTML entities decoded."""
    for match in _STRING.finditer(text):
        yield html_lib.unescape(match.group(2))


def _query_pairs(literal: str) -> list[tuple[str, str]]:
    """The parameters of an address's query, or of a bare query string."""
    query = literal.split("?", 1)[1] if "?" in literal else literal
    return parse_qsl(query, keep_blank_values=True)


def _js_pairs(text: str) -> list[tuple[str, str]]:
    """``key: value`` pairs of object literals in script text (strings unquoted)."""
    pairs = []
    for match in _PAIR.finditer(text):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        pairs.append((match.group(1), value))
    return pairs


def script_number(pattern: str, text: str, default: int) -> int:
    """The number a page's script gives a setting (``perPage: 20``, ``"perpage":"20"``,
    ``var perpage = 20``), if plausible, else default."""
    value = script_count(pattern, text)
    return value if value is not None and 0 < value <= 1000 else default


def script_count(pattern: str, text: str) -> int | None:
    """The number a page's script gives a setting named like ``pattern`` (``totalRecord: 57``),
    or None."""
    match = re.search(pattern + r"""['"]?\s*[:=]\s*['"]?(\d+)""", text, re.I)
    # more digits than any count has: no number (int() refuses 4,301 and more)
    return int(match.group(1)) if match and len(match.group(1)) <= 18 else None


# --- Hanweb jpage ---------------------------------------------------------------------------

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


def hanweb_param_sets(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(body as the page writes it, or "", params) for each jpage configuration in ``text``,
    strongest first: a ready form body, an object literal, ``var`` assignments, and last a query
    string in some address (the ``nextgroup`` link of a data island abbreviates ``webname``)."""
    bodies, objects, queries = [], [], []
    for literal in _string_literals(text):
        if "columnid=" not in literal.lower():
            continue
        pairs = _query_pairs(literal)
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


# --- JPaaS unit -----------------------------------------------------------------------------

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


def _jpaas_key(name: str) -> str | None:
    name = name.lower().removeprefix("data-").replace("-", "").replace("_", "")
    return _JPAAS_ALIASES.get(name)


def jpaas_param_sets(html: str) -> Iterator[dict[str, str]]:
    """Parameter sets near each mention of the unit API: the element carrying its address, the
    script naming it, else the whole page."""
    selector = Selector(text=html, type="html")
    found = False
    for element in selector.xpath("//*[@*[contains(., '/front/page/build/unit')]]"):
        params = {}
        for name, value in element.root.items():  # not .attrib: it raises on names like "{{if"
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
    for literal in _string_literals(text):
        if "=" in literal and "&" in literal:
            pairs.extend(_query_pairs(literal))
    pairs.extend(_ASSIGN.findall(text))
    for name, value in pairs:
        key = _jpaas_key(name)
        if key and value and value not in ("null", "undefined"):
            params.setdefault(key, value)
    return params
