"""The list APIs of known CMSs (Hanweb ``dataproxy.jsp``, JPaaS ``build/unit``), read without a
browser: the calls a page configures, less what its data islands hold (``list_api_calls``), calls
a rendered page made, and the calls after a first answer, from its total."""

from __future__ import annotations

import contextlib
import json
import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from spiders.list_api_answers import DataIsland, list_total
from spiders.list_api_scripts import (
    hanweb_param_sets,
    jpaas_param_sets,
    script_count,
    script_number,
)

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
    page: int = 1  # page of the list its first record is on
    page_size: int = 15
    leads: bool = True  # its answer's total decides the calls after it (next_list_api_calls)
    after_inline: bool = False  # the page showed the list's first records; this completes it

    @property
    def headers(self) -> dict[str, str]:
        headers = {"X-Requested-With": "XMLHttpRequest"}
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return headers


def find_list_api_calls(html: str, page_url: str) -> list[ListApiCall]:
    """The first call of every known CMS list API this page configures (Hanweb jpage, JPaaS)."""
    return _hanweb_calls(html, page_url) + _jpaas_calls(html, page_url)


def list_api_calls(
    html: str, page_url: str, islands: list[DataIsland], max_pages: int = 50
) -> list[ListApiCall]:
    """The calls to send for a page: its list APIs' first calls, except that a Hanweb list whose
    first group is in a data island of the page is asked for the records after the island, as
    the page's own script would, and not at all when the island holds the whole list."""
    calls = []
    found = find_list_api_calls(html, page_url)
    for call in found:
        island = _island_of(call, islands, found)
        if island is None or island.records == 0:
            calls.append(call)
            continue
        after = _call_after_island(call, island, _island_script(html, island, islands), max_pages)
        if after is not None:
            calls.append(after)
    return calls


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
            leads=page == 1,
        )
    if parts.path.endswith("/front/page/build/unit"):
        try:
            paging = json.loads(query.get("paramJson") or "{}")
            page, size = int(paging.get("pageIndex", 1)), int(paging.get("pageSize", 15))
        except (ValueError, TypeError, AttributeError, RecursionError):  # nested thousands deep
            return None
        return ListApiCall(
            "jpaas-unit", method.upper(), url, body, page=page, page_size=size, leads=page == 1
        )
    return None


def next_list_api_calls(
    call: ListApiCall, body: bytes, content_type: str = "", max_pages: int = 50
) -> list[ListApiCall]:
    """The calls after ``call`` (a leading call) that read the rest of the list, from the total
    its answer states; in groups of the same size, up to ``max_pages`` pages of the list."""
    if not call.leads:
        return []
    total = list_total(body)
    if not total:
        return []
    if call.kind == "hanweb-jpage":
        query = dict(parse_qsl(urlsplit(call.url).query))
        per_page = _number(query.get("perpage"), call.page_size or 15)
        start = _number(query.get("startrecord"), 1)
        end = _number(query.get("endrecord"), start + per_page - 1)
        group = max(end - start + 1, 1)
        limit = min(total, per_page * max_pages)
        return [
            ListApiCall(
                call.kind,
                call.method,
                _hanweb_url(call.url, first, min(first + group - 1, limit), per_page),
                call.body,
                call.content_type,
                page=(first - 1) // per_page + 1,
                page_size=per_page,
                leads=False,
            )
            for first in range(end + 1, limit + 1, group)
        ]
    if call.kind == "jpaas-unit":
        params = dict(parse_qsl(urlsplit(call.url).query, keep_blank_values=True))
        api = _with_query(call.url, "")
        pages = min(math.ceil(total / max(call.page_size, 1)), max_pages)
        return [
            _jpaas_call(api, params, page, call.page_size, leads=False)
            for page in range(call.page + 1, pages + 1)
        ]
    return []


def _number(value: str | None, default: int) -> int:
    # isdecimal: int() refuses superscripts ("²"), which isdigit() accepts; 18 digits at most
    return int(value) if value and value.isdecimal() and len(value) <= 18 else default


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


def _island_of(
    call: ListApiCall, islands: list[DataIsland], calls: list[ListApiCall]
) -> DataIsland | None:
    """The data island holding the first group of ``call``'s list: same column (and unit), or
    the only island of a page with only one jpage list."""
    if call.kind != "hanweb-jpage" or not islands:
        return None
    form = {k.lower(): v for k, v in parse_qsl(call.body.decode("utf-8", "replace"))}
    column, unit = form.get("columnid", ""), form.get("unitid", "")
    for island in islands:
        if island.column and island.column == column and unit in ("", island.unit or unit):
            return island
    for island in islands:
        if unit and island.unit == unit and not island.column:
            return island
    hanweb = [c for c in calls if c.kind == "hanweb-jpage"]
    return islands[0] if len(islands) == 1 and len(hanweb) == 1 else None


def _island_script(html: str, island: DataIsland, islands: list[DataIsland]) -> str:
    """The page text that configures ``island``'s list: what follows it up to the next island,
    or the whole page when it is the page's only island (its script may come first)."""
    if len(islands) == 1:
        return html
    later = [other.span[0] for other in islands if other.span[0] > island.span[1]]
    return html[island.span[1] : min(later, default=len(html))]


def _call_after_island(
    call: ListApiCall, island: DataIsland, script: str, max_pages: int
) -> ListApiCall | None:
    per_page = script_number(r"per_?page", script, call.page_size)
    group = _group_records(script, per_page)
    total = island.total if island.total is not None else script_count(r"total_?record", script)
    if total is not None and total <= island.records:
        return None  # the island is the whole list
    if total is None and island.records < (group or per_page):
        return None  # short of a full group: the whole list, as far as anything says
    start = island.records + 1
    limit = per_page * max_pages
    if start > limit:
        return None
    end = min(start + (group or per_page * 3) - 1, limit)
    return ListApiCall(
        call.kind,
        call.method,
        _hanweb_url(call.url, start, end, per_page),
        call.body,
        call.content_type,
        page=(start - 1) // per_page + 1,
        page_size=per_page,
        after_inline=True,
    )


def _group_records(script: str, per_page: int) -> int | None:
    """Records per group as the page's script states it (``groupSize`` pages, or an
    ``endrecord`` after a ``startrecord``), or None."""
    size = script_count(r"group_?size", script)
    if size and 0 < size <= 100:
        return per_page * size
    end = script_count(r"end_?record", script)
    start = script_count(r"start_?record", script) or 1
    return end - start + 1 if end and 0 < end - start + 1 <= 5000 else None


# --- JPaaS unit -----------------------------------------------------------------------------

_JPAAS_DEFAULTS = {
    "parseType": "bulidstatic",  # sic: the API's own spelling
    "pageType": "column",
    "tagId": "当前栏目list",
    "editType": "null",
}
_JPAAS_ORDER = ("parseType", "webId", "tplSetId", "pageType", "tagId", "editType", "pageId")


_ADDRESS_RUN = re.compile(r"""[^"'\s()<>]*""")
_ADDRESS_MAX = 4096


def _address_at(html: str, at: int, path: str) -> str:
    """The address written around ``path`` found at ``at``: the run of address characters
    holding it, up to its last occurrence in the run. Read outwards from ``at`` (a search for
    run-then-path backtracks quadratically through a long unbroken run, e.g. base64)."""
    before = _ADDRESS_RUN.match(html[max(0, at - _ADDRESS_MAX) : at][::-1]).end()
    run_end = _ADDRESS_RUN.match(html, at).end()
    return html[at - before : html.rfind(path, at, run_end) + len(path)]


def _jpaas_calls(html: str, page_url: str) -> list[ListApiCall]:
    at = html.find("/front/page/build/unit")
    if at < 0:
        return []
    api = urljoin(page_url, _address_at(html, at, "/front/page/build/unit"))
    calls: dict[str, ListApiCall] = {}
    for params in jpaas_param_sets(html):
        if not params.get("pageId", "").strip() or not params.get("webId", "").strip():
            continue
        size = 15
        if params.get("paramJson"):
            with contextlib.suppress(ValueError, TypeError, AttributeError, RecursionError):
                size = int(json.loads(params["paramJson"]).get("pageSize", 15))
        written_size = str(params.get("pageSize", ""))
        if written_size.isdecimal() and len(written_size) <= 18:  # as in _number
            size = int(written_size)
        call = _jpaas_call(api, {**_JPAAS_DEFAULTS, **params}, 1, size)
        calls.setdefault(call.url, call)
    return list(calls.values())


def _jpaas_call(
    api: str, params: dict[str, str], page: int, size: int, leads: bool = True
) -> ListApiCall:
    query = [(k, params[k]) for k in _JPAAS_ORDER if k in params]
    paging = json.dumps({"pageIndex": page, "pageSize": size}, separators=(",", ":"))
    query.append(("paramJson", paging))
    url = _with_query(api, urlencode(query, quote_via=quote))
    return ListApiCall(
        kind="jpaas-unit", method="GET", url=url, page=page, page_size=size, leads=leads
    )
