"""Which pages need a browser, and reading the list APIs of known CMSs without one (pure)."""

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from demo.server import Request
from demo.sites import chrome_hanweb, demo_collection, lishui
from demo.sites.model import ListEntry
from spiders.list_api_answers import parse_list_api_response
from spiders.list_apis import (
    ListApiCall,
    find_list_api_calls,
    list_api_call_from_request,
    next_list_api_calls,
)
from spiders.render import needs_browser

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
LISHUI_COLUMN = f"http://{lishui.HOST}{lishui.COLUMN}"


def _served(site, target: str, method: str = "GET", body: bytes = b""):
    return site.resolve(Request(method, target, "HTTP/1.1", [], body))


@pytest.fixture(scope="module")
def lishui_site():
    (site,) = lishui.build().sites
    return site


@pytest.fixture(scope="module")
def lishui_column(lishui_site) -> str:
    return _served(lishui_site, lishui.COLUMN).body.decode("utf-8")


# Hanweb as deployed: the first group of records in a data island, jpage configured by an object
# literal, its own perPage.
HANWEB_ISLAND = """<html><head><title>政府信息公开年报 台州市人民政府</title>
<script src="/module/jslib/jquery/jquery.js"></script></head><body>
<div class="bt_title">政府信息公开年报</div>
<div id="4158761"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=2759&path=/&columnid=1229019397&unitid=4158761&webname=%E5%8F%B0%E5%B7%9E&permissiontype=0"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/20/art_1229019397_59876543.html">台州市2023年政府信息公开工作年度报告</a></li>]]></record></recordset></datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>
$('#4158761').jpage({ dataStore: dataStore, perPage: 20, totalRecord: 87, groupSize: 3,
  proxyUrl: '/module/web/jpage/dataproxy.jsp', objectType: 'content',
  ajaxParam: {col: 1, appid: 1, webid: 2759, path: '/', columnid: 1229019397, sourceContentType: 1,
              unitid: 4158761, webname: '台州市人民政府', permissiontype: 0} });
</script>
<script>var _hmt = _hmt || []; (function(){ var hm = document.createElement("script");
hm.src = "https://hm.baidu.com/hm.js?1234"; document.body.appendChild(hm); })();</script>
</body></html>"""

# JPaaS configured in an inline script (not the demo's data-* attributes), page size 20.
JPAAS_SCRIPT = """<!doctype html><html><head><meta charset="utf-8"><title>年度报告 - 某县人民政府</title>
<script src="/static/jquery.min.js"></script></head><body>
<h2 class="col-name">年度报告</h2><ul class="xxgk-list" id="nb_list"></ul>
<script>
$.ajax({
  url: "/api-gateway/jpaas-publish-server/front/page/build/unit",
  type: "GET",
  data: {parseType: "bulidstatic", webId: "7e3c2a", tplSetId: "f3b2c1d0e9", pageType: "column",
         tagId: "当前栏目list", editType: "null", pageId: "1229500012",
         paramJson: '{"pageIndex":1,"pageSize":20}'},
  success: function (res) { $("#nb_list").html(res.data.html); }
});
</script></body></html>"""

SCRIPT_BUILT_LINKS = """<html><head><meta charset="utf-8"><title>信息公开年报</title></head><body>
<h3>信息公开年报</h3><div class="news"></div><ul id="reports"><li>加载中……</li></ul>
<script>
var items = [{t: "2023年度报告", u: "/nb/2023.html"}, {t: "2022年度报告", u: "/nb/2022.html"}];
var html = "";
for (var i = 0; i < items.length; i++) { html += '<li><a href="' + items[i].u + '">' + items[i].t + '</a></li>'; }
document.getElementById("reports").innerHTML = html;
</script></body></html>"""

JS_PAGER = """<html><head><meta charset="utf-8"><title>政府信息公开年报</title>
<script src="/js/list.js"></script></head><body>
<ul class="list"><li><a href="/nb/2023.html">某区2023年政府信息公开工作年度报告</a></li></ul>
<div class="page"><a href="javascript:void(0);" onclick="goPage(2)">下一页</a>
<a href="javascript:void(0);" onclick="goPage(5)">尾页</a></div>
</body></html>"""

LOAD_MORE = """<html><head><meta charset="utf-8"><title>年度报告</title></head><body>
<ul id="items"><li><a href="/nb/2023.html">2023年度政府信息公开工作年度报告</a></li></ul>
<button class="more" type="button">加载更多</button><script src="/js/more.js"></script>
</body></html>"""

TRS_LIST = """<html><head><meta charset="utf-8"><title>政府信息公开年报_郴州市人民政府</title>
<script src="/images/jquery.js"></script></head><body>
<ul class="list"><li><a href="./202401/t20240118_123.html">郴州市2023年政府信息公开工作年度报告</a></li></ul>
<div class="page"><script>var currentPage = 0; var countPage = 3;
createPageHTML(countPage, currentPage, "index", "html");</script></div>
</body></html>"""

ANALYTICS_ONLY = """<html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>
<div id="list"></div><div class="content">本栏目暂无信息。</div>
<script>var _hmt = _hmt || []; (function(){ var hm = document.createElement("script");
hm.src = "https://hm.baidu.com/hm.js?abc"; var s = document.getElementsByTagName("script")[0];
s.parentNode.insertBefore(hm, s); })();</script>
<script src="https://s4.cnzz.com/z_stat.php?id=1000"></script>
<script src="/module/visitcount/articlehits.jsp?colid=1&artid=2"></script>
</body></html>"""


# A catalog app shell (Guangdong's gkmlpt style): the list shows "loading" until an external
# script, configured inline with its API root, fills it.
APP_SHELL = """<html><head><meta charset="utf-8"><title>政府信息公开目录</title></head><body>
<div class="left"><h3>政府信息公开目录</h3><div id="catalog-tree"></div></div>
<div class="right"><div id="catalog-list"><p class="loading">正在加载……</p></div></div>
<script>window.CATALOG_CONFIG = {"sid": 757015, "api": "/platform/api"};</script>
<script src="/platform/static/js/catalog.js"></script>
</body></html>"""


# --- needs_browser ----------------------------------------------------------------------------


def test_list_showing_loading_until_a_configured_api_fills_it_needs_a_browser():
    assert needs_browser(APP_SHELL) == "empty-list-container+script"


def test_list_with_real_entries_next_to_a_loading_note_needs_no_browser():
    page = APP_SHELL.replace(
        '<p class="loading">正在加载……</p>',
        '<ul><li><a href="/a/1.html">2023年政府信息公开工作年度报告</a></li></ul>',
    )
    assert needs_browser(page) is None


def test_hanweb_jpage_column_with_an_empty_list_needs_a_browser(lishui_column):
    assert needs_browser(lishui_column) == "empty-list-container+script"


def test_hanweb_data_island_is_content_built_by_script():
    assert needs_browser(HANWEB_ISLAND) == "empty-list-container+script"


def test_jpaas_list_filled_by_an_ajax_call_needs_a_browser():
    assert needs_browser(JPAAS_SCRIPT) == "empty-list-container+script"


def test_links_written_by_a_loop_over_data_need_a_browser():
    assert needs_browser(SCRIPT_BUILT_LINKS) == "script-built-links"


def test_pager_that_only_calls_script_needs_a_browser():
    assert needs_browser(JS_PAGER) == "js-pagination"


def test_load_more_button_needs_a_browser():
    assert needs_browser(LOAD_MORE) == "js-pagination"


def test_trs_create_page_html_pagination_needs_no_browser():
    assert needs_browser(TRS_LIST) is None


def test_empty_container_with_only_analytics_scripts_needs_no_browser():
    assert needs_browser(ANALYTICS_ONLY) is None


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda p: p.stem)
def test_server_rendered_pages_of_each_cms_need_no_browser(path):
    raw = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            html = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    assert needs_browser(html) is None


def test_only_the_javascript_column_of_the_demo_portals_needs_a_browser():
    flagged = []
    for site in demo_collection().sites:
        for target, route in site.routes.items():
            if callable(route) or b"<html" not in route.body[:400].lower():
                continue
            if needs_browser(route.body.decode("utf-8", "replace")):
                flagged.append(f"{site.host}{target}")
    assert flagged == [f"{lishui.HOST}{lishui.COLUMN}"]


# --- recognising list API calls ---------------------------------------------------------------


def test_hanweb_call_is_the_pages_own_post_to_dataproxy(lishui_column):
    (call,) = find_list_api_calls(lishui_column, LISHUI_COLUMN)
    assert call.kind == "hanweb-jpage" and call.method == "POST"
    assert call.url == (
        f"http://{lishui.HOST}{chrome_hanweb.DATAPROXY}?startrecord=1&endrecord=45&perpage=15"
    )
    form = dict(parse_qsl(call.body.decode()))
    assert form["columnid"] == str(lishui.COL) and form["unitid"] == str(lishui.UNIT)
    assert form["webname"] == lishui.NAME
    assert call.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_hanweb_call_from_an_object_literal_uses_its_page_size():
    (call,) = find_list_api_calls(HANWEB_ISLAND, "http://www.zjtz.gov.cn/col/col1229019397/")
    assert call.url.endswith(
        "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=60&perpage=20"
    )
    form = dict(parse_qsl(call.body.decode()))
    assert form["columnid"] == "1229019397" and form["webid"] == "2759"
    assert form["unitid"] == "4158761" and form["webname"] == "台州市人民政府"


def test_jpaas_call_from_an_inline_ajax_configuration():
    (call,) = find_list_api_calls(JPAAS_SCRIPT, "http://www.x.gov.cn/col/col1229500012/index.html")
    parts = urlsplit(call.url)
    assert call.kind == "jpaas-unit" and call.method == "GET"
    assert parts.path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    query = dict(parse_qsl(parts.query))
    assert query["webId"] == "7e3c2a" and query["tplSetId"] == "f3b2c1d0e9"
    assert query["pageId"] == "1229500012" and query["tagId"] == "当前栏目list"
    assert json.loads(query["paramJson"]) == {"pageIndex": 1, "pageSize": 20}


def test_pages_without_a_known_list_api_have_no_calls():
    for html in (SCRIPT_BUILT_LINKS, JS_PAGER, TRS_LIST, ANALYTICS_ONLY):
        assert find_list_api_calls(html, "http://www.x.gov.cn/") == []


def test_a_browser_request_to_dataproxy_is_recognised_for_paging():
    call = list_api_call_from_request(
        "POST",
        "http://h/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        b"columnid=1",
    )
    assert call == ListApiCall(
        "hanweb-jpage",
        "POST",
        "http://h/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        b"columnid=1",
        "application/x-www-form-urlencoded",
        page=1,
        page_size=45,
    )
    assert list_api_call_from_request("GET", "http://h/api/other?page=1") is None


# --- paging -----------------------------------------------------------------------------------


def test_hanweb_paging_reads_every_record_in_groups(lishui_column):
    (call,) = find_list_api_calls(lishui_column, LISHUI_COLUMN)
    answer = chrome_hanweb.dataproxy_xml([], lishui.COL, lishui.UNIT, total=100).encode()
    following = next_list_api_calls(call, answer, "text/xml")
    ranges = [dict(parse_qsl(urlsplit(c.url).query)) for c in following]
    assert [(r["startrecord"], r["endrecord"]) for r in ranges] == [("46", "90"), ("91", "100")]
    assert all(c.body == call.body and c.method == "POST" for c in following)
    assert next_list_api_calls(following[0], answer, "text/xml") == []


def test_jpaas_paging_follows_the_total_in_the_answer():
    (call,) = find_list_api_calls(JPAAS_SCRIPT, "http://www.x.gov.cn/col/col1229500012/")
    answer = json.dumps({"success": True, "data": {"html": "<ul></ul>", "total": 45}}).encode()
    following = next_list_api_calls(call, answer, "application/json")
    pages = [json.loads(dict(parse_qsl(urlsplit(c.url).query))["paramJson"]) for c in following]
    assert pages == [{"pageIndex": 2, "pageSize": 20}, {"pageIndex": 3, "pageSize": 20}]


def test_paging_stops_at_the_page_budget(lishui_column):
    (call,) = find_list_api_calls(lishui_column, LISHUI_COLUMN)
    answer = chrome_hanweb.dataproxy_xml([], lishui.COL, lishui.UNIT, total=10_000).encode()
    following = next_list_api_calls(call, answer, "text/xml", max_pages=6)
    assert dict(parse_qsl(urlsplit(following[-1].url).query))["endrecord"] == "90"


# --- reading answers --------------------------------------------------------------------------


def test_hanweb_xml_answer_lists_its_records_not_the_proxy(lishui_site, lishui_column):
    (call,) = find_list_api_calls(lishui_column, LISHUI_COLUMN)
    parts = urlsplit(call.url)
    served = _served(lishui_site, f"{parts.path}?{parts.query}", "POST", call.body)
    links = parse_list_api_response(served.body, "text/xml;charset=UTF-8", call.url)
    assert [url for url, _ in links] == [
        f"http://{lishui.HOST}{spec.path}"
        for spec in sorted(lishui.REPORTS, key=lambda s: s.published, reverse=True)
    ]
    assert links[0][1] == "丽水市2024年政府信息公开工作年度报告"


def test_jpaas_json_answer_lists_the_links_of_its_html():
    body = json.dumps(
        {
            "success": True,
            "code": "200",
            "data": {
                "html": '<ul><li><a href="/art/2024/1/12/art_1229500012_1.html" '
                'title="某县2023年度政府信息公开工作年度报告">某县2023年度政府信息公开…</a></li></ul>',
                "total": 1,
            },
        },
        ensure_ascii=False,
    ).encode()
    links = parse_list_api_response(
        body, "application/json;charset=UTF-8", "http://www.x.gov.cn/api"
    )
    assert links == [
        (
            "http://www.x.gov.cn/art/2024/1/12/art_1229500012_1.html",
            "某县2023年度政府信息公开工作年度报告",
        )
    ]


def test_generic_json_answer_lists_objects_with_a_link_and_a_title():
    body = json.dumps(
        {
            "code": 0,
            "result": {
                "records": [
                    {
                        "id": 7,
                        "docTitle": "2022年政府信息公开工作年度报告",
                        "docUrl": "./202301/t1.html",
                    },
                    {"id": 8, "name": "2021年政府信息公开工作年度报告", "link": "/nb/2021.html"},
                    {"id": 9, "title": "no link here"},
                ]
            },
        },
        ensure_ascii=False,
    ).encode()
    links = parse_list_api_response(body, "application/json", "http://www.x.gov.cn/xxgk/api/list")
    assert links == [
        ("http://www.x.gov.cn/xxgk/api/202301/t1.html", "2022年政府信息公开工作年度报告"),
        ("http://www.x.gov.cn/nb/2021.html", "2021年政府信息公开工作年度报告"),
    ]


def test_jsonp_answer_is_read_like_json():
    body = b'jQuery1234_5({"list":[{"title":"2023\\u5e74\\u5ea6\\u62a5\\u544a","url":"/a.html"}]});'
    links = parse_list_api_response(body, "application/javascript", "http://h/x")
    assert links == [("http://h/a.html", "2023年度报告")]


def test_answer_with_no_items_lists_nothing():
    empty = chrome_hanweb.dataproxy_xml([], 1, 2, total=0).encode()
    assert parse_list_api_response(empty, "text/xml", "http://h/p") == []
    assert (
        parse_list_api_response(
            b'{"success": false, "data": null}', "application/json", "http://h/"
        )
        == []
    )


def test_hanweb_answer_built_from_list_entries_keeps_their_titles():
    entries = [
        ListEntry("甲区2020年政府信息公开工作年度报告", "/art/2021/1/1/art_1_2.html", "2021-01-01")
    ]
    body = chrome_hanweb.dataproxy_xml(entries, 1, 2, total=1).encode()
    assert parse_list_api_response(body, "text/xml", "http://h/module/web/jpage/dataproxy.jsp") == [
        ("http://h/art/2021/1/1/art_1_2.html", "甲区2020年政府信息公开工作年度报告")
    ]


def test_a_list_saying_please_wait_until_its_script_runs_needs_the_browser():
    html = """<html><body><div class="gk-side"><h3>政府信息公开年报</h3></div>
<div class="gk-list" id="gk-annual"><div class="loading">数据加载中，请稍候……</div></div>
<script src="/gkmlpt/static/js/annualreport.js"></script>
<script>GkAnnual.init({sid: "757100", api: "/gkmlpt/api/annualreport", size: 5});</script>
</body></html>"""
    assert needs_browser(html) == "empty-list-container+script"
