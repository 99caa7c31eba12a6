"""The list APIs of known CMSs, read without a browser: ``find_list_api_calls`` recognises Hanweb
jpage (``dataproxy.jsp``) and JPaaS (``build/unit``) in a page, ``list_api_call_from_request`` in a
request a rendered page made, and ``next_list_api_calls`` pages on from the first answer's total.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from spiders.list_api_answers import list_total
from spiders.list_api_scripts import hanweb_param_sets, jpaas_param_sets, script_number

HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"
JPAAS_UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"


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


def next_list_api_calls(
    call: ListApiCall, body: bytes, content_type: str = "", max_pages: int = 50
) -> list[ListApiCall]:
    """The calls after ``call`` (a first call) that read the rest of the list, from its total."""
    if call.page != 1:
        return []
    total = list_total(body)
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
        params = dict(parse_qsl(urlsplit(call.url).query, keep_blank_values=True))
        api = _with_query(call.url, "")
        pages = min(math.ceil(total / max(call.page_size, 1)), max_pages)
        return [_jpaas_call(api, params, page, call.page_size) for page in range(2, pages + 1)]
    return []


def _with_query(url: str, query: str) -> str:
    """``url`` with ``query`` in place of its query, and no fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


# --- Hanweb jpage ---------------------------------------------------------------------------


def _hanweb_calls(html: str, page_url: str) -> list[ListApiCall]:
    if "dataproxy.jsp" not in html.lower():
        return []
    proxy_match = re.search(r"""["'(]\s*([^"'\s()<>]*?dataproxy\.jsp)""", html, re.I)
    proxy = urljoin(page_url, proxy_match.group(1) if proxy_match else HANWEB_PROXY)
    per_page = script_number(r"per_?page", html, 15)
    group = script_number(r"group_?size", html, 3)
    calls: dict[str, ListApiCall] = {}
    for written, params in hanweb_param_sets(html):
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
    return _with_query(proxy, f"startrecord={start}&endrecord={end}&perpage={per_page}")


# --- JPaaS unit -----------------------------------------------------------------------------

_JPAAS_DEFAULTS = {
    "parseType": "bulidstatic",  # sic: the API's own spelling
    "pageType": "column",
    "tagId": "当前栏目list",
    "editType": "null",
}
_JPAAS_ORDER = ("parseType", "webId", "tplSetId", "pageType", "tagId", "editType", "pageId")


def _jpaas_calls(html: str, page_url: str) -> list[ListApiCall]:
    if "/front/page/build/unit" not in html:
        return []
    path_match = re.search(r"""[^"'\s()<>]*/front/page/build/unit""", html)
    api = urljoin(page_url, path_match.group(0) if path_match else JPAAS_UNIT)
    calls: dict[str, ListApiCall] = {}
    for params in jpaas_param_sets(html):
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
    url = _with_query(api, urlencode(query, quote_via=quote))
    return ListApiCall(kind="jpaas-unit", method="GET", url=url, page=page, page_size=size)
