"""Hanweb data islands read from the page itself, and the ``dataproxy.jsp`` call that completes
their list the way the page's own jpage script would (pure: page text in, links and calls out)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from demo.sites import chrome_hanweb
from spiders.list_api_answers import hanweb_islands
from spiders.list_apis import list_api_calls, next_list_api_calls

PAGE_URL = "http://www.yunhe.gov.cn/col/col1229380021/index.html"
COL, UNIT = 1229380021, 6598820
NEXTGROUP = (
    f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&appid=1&webid=1&path=/'
    f"&columnid={COL}&unitid={UNIT}&webname=%E4%BA%91%E5%92%8C%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF"
    '%E5%BA%9C&permissiontype=0"></a>'
)


def _record(n: int) -> str:
    year = 2023 - n
    return (
        f'<record><![CDATA[\n<li><a href="/art/{year + 1}/1/{10 + n % 18}/art_{COL}_{58000 + n}.html" '
        f'title="云和县{year}年政府信息公开工作年度报告" target="_blank">云和县{year}年政府信息公开工作年度…</a>'
        f"<span>{year + 1}-01-{10 + n % 18:02d}</span></li>\n]]></record>"
    )


def island(records: int, unit: int = UNIT, col: int = COL, nextgroup: bool = True) -> str:
    """A column's list as Hanweb serves it: the first ``records`` records in a data island."""
    link = NEXTGROUP.replace(str(COL), str(col)).replace(str(UNIT), str(unit))
    head = f"<nextgroup><![CDATA[{link}]]></nextgroup>" if nextgroup else ""
    body = "".join(_record(n) for n in range(records))
    return (
        f'<div id="{unit}"><script type="text/xml"><datastore>{head}<recordset>{body}'
        "</recordset></datastore></script></div>"
        '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>'
    )


def jpage(unit: int = UNIT, col: int = COL, **numbers: int) -> str:
    """A jpage configuration as an object literal with its ajaxParam form."""
    settings = "".join(f"{name}: {value}, " for name, value in numbers.items())
    return (
        f"<script>$(function(){{ $('#{unit}').jpage({{ dataStore: dataStore, {settings}"
        "barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {col: 1, "
        f"appid: 1, webid: 1, path: '/', columnid: {col}, sourceContentType: 1, unitid: {unit}, "
        "webname: '云和县人民政府', permissiontype: 0} }); });</script>"
    )


def page(*parts: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年度报告 云和县人民政府</title>"
        "</head><body><div class='bt_title'>政府信息公开年度报告</div>"
        + "".join(parts)
        + "<div class='foot'>主办单位：云和县人民政府办公室</div></body></html>"
    )


def call_range(html: str) -> list[tuple[str, str, str]]:
    calls = list_api_calls(html, PAGE_URL, hanweb_islands(html, PAGE_URL))
    return [_range(call.url) for call in calls]


def _range(url: str) -> tuple[str, str, str]:
    query = dict(parse_qsl(urlsplit(url).query))
    return query["startrecord"], query["endrecord"], query["perpage"]


def test_an_island_lists_its_records_in_order_and_not_its_nextgroup_link():
    (found,) = hanweb_islands(page(island(3)), PAGE_URL)
    assert found.records == 3
    assert [url for url, _ in found.links] == [
        f"http://www.yunhe.gov.cn/art/2024/1/10/art_{COL}_58000.html",
        f"http://www.yunhe.gov.cn/art/2023/1/11/art_{COL}_58001.html",
        f"http://www.yunhe.gov.cn/art/2022/1/12/art_{COL}_58002.html",
    ]
    assert found.links[0][1] == "云和县2023年政府信息公开工作年度报告"  # the full title


def test_an_island_names_its_list_by_its_nextgroup_link_else_by_its_holder():
    (linked,) = hanweb_islands(page(island(1)), PAGE_URL)
    assert (linked.column, linked.unit) == (str(COL), str(UNIT))
    (bare,) = hanweb_islands(page(island(1, nextgroup=False)), PAGE_URL)
    assert (bare.column, bare.unit) == ("", str(UNIT))


def test_the_call_after_an_island_asks_the_next_group_with_the_pages_own_form():
    html = page(island(45), jpage(perPage=15, groupSize=3, totalRecord=57))
    (call,) = list_api_calls(html, PAGE_URL, hanweb_islands(html, PAGE_URL))
    assert call.method == "POST" and call.after_inline
    assert call.url == (
        "http://www.yunhe.gov.cn/module/web/jpage/dataproxy.jsp"
        "?startrecord=46&endrecord=90&perpage=15"
    )
    form = dict(parse_qsl(call.body.decode()))
    assert form["columnid"] == str(COL) and form["unitid"] == str(UNIT)
    assert form["webname"] == "云和县人民政府"


def test_an_island_holding_the_whole_list_needs_no_call():
    assert call_range(page(island(12), jpage(perPage=15, groupSize=3, totalRecord=12))) == []


def test_a_total_stated_in_the_island_itself_is_used():
    html = page(island(10).replace("</recordset>", "</recordset><totalrecord>10</totalrecord>"))
    assert call_range(html + jpage(perPage=5)) == []
    html = html.replace("<totalrecord>10<", "<totalrecord>11<")
    assert call_range(html + jpage(perPage=5, groupSize=2)) == [("11", "20", "5")]


def test_pager_settings_with_quoted_keys_are_read():
    pager = (
        f'<script>var pager = new Pager({{"container":"#{UNIT}","totalRecord":"57",'
        '"perpage":"20","groupSize":"2"}});</script>'
    )
    assert call_range(page(island(40), pager)) == [("41", "80", "20")]


def test_a_record_range_in_the_script_gives_the_group_size():
    script = "<script>var cfg = {startrecord: 1, endrecord: 36, perpage: 12};</script>"
    assert call_range(page(island(36), script)) == [("37", "72", "12")]


def test_without_a_total_a_full_group_asks_once_and_a_short_one_not_at_all():
    assert call_range(page(island(30), jpage(perPage=10, groupSize=3))) == [("31", "60", "10")]
    assert call_range(page(island(29), jpage(perPage=10, groupSize=3))) == []


def test_the_answer_after_an_island_pages_on_in_groups_up_to_its_total():
    html = page(island(45), jpage(perPage=15, groupSize=3, totalRecord=57))
    (call,) = list_api_calls(html, PAGE_URL, hanweb_islands(html, PAGE_URL))
    answer = chrome_hanweb.dataproxy_xml([], COL, UNIT, total=150).encode()
    following = next_list_api_calls(call, answer, "text/xml")
    assert [_range(c.url) for c in following] == [("91", "135", "15"), ("136", "150", "15")]
    assert all(not c.leads and not c.after_inline for c in following)


def test_two_lists_on_a_page_each_follow_their_own_configuration():
    html = page(
        island(20),
        jpage(perPage=10, groupSize=2, totalRecord=35),
        island(8, unit=6598821, col=1229380022),
        jpage(unit=6598821, col=1229380022, perPage=8, groupSize=1, totalRecord=8),
    )
    islands = hanweb_islands(html, PAGE_URL)
    assert [i.unit for i in islands] == [str(UNIT), "6598821"]
    (call,) = list_api_calls(html, PAGE_URL, islands)
    assert _range(call.url) == ("21", "40", "10")
    assert dict(parse_qsl(call.body.decode()))["columnid"] == str(COL)


def test_a_page_without_an_island_is_asked_from_its_first_record():
    html = page('<div id="list"></div>', jpage(perPage=15, groupSize=3))
    assert hanweb_islands(html, PAGE_URL) == []
    assert call_range(html) == [("1", "45", "15")]
