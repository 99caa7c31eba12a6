"""Bad list API answers and column pages, proven by fuzzing: mutated Hanweb dataproxy XML, JPaaS
JSON, JSONP and HTML fragments, and mutated column pages with data islands and jpage or JPaaS
configurations (a bounded run), and the minimal reproducers of what fuzzing found."""

import json
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from spiders.list_api_answers import list_total, parse_list_api_response
from spiders.list_api_scripts import jpaas_param_sets
from spiders.list_apis import find_list_api_calls, list_api_call_from_request, next_list_api_calls
from tests.fuzz_harness import fuzz_run
from tests.fuzz_mutators import BOUNDED
from tests.fuzz_targets import TARGETS

URL = "http://www.example.gov.cn/col/col123/index.html"
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
PROXY = "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp"

# --- the bounded run ---------------------------------------------------------------------------


def test_mutated_list_answers_are_read_without_an_exception():
    fuzz_run(TARGETS["list_answer"], 50, BOUNDED)()


def test_mutated_column_pages_give_their_list_calls_without_an_exception():
    fuzz_run(TARGETS["list_page"], 25, BOUNDED)()


# --- what fuzzing found ----------------------------------------------------------------------


def test_an_answer_nested_past_the_recursion_limit_has_no_links_and_no_total():
    body = b"[" * 50_000 + b"]" * 50_000
    assert parse_list_api_response(body, "application/json", URL) == []
    assert list_total(body) is None


def test_a_total_no_list_can_have_is_no_total():
    assert list_total('{"total": "²"}'.encode()) is None
    assert list_total(b'{"total": "' + b"9" * 5000 + b'"}') is None
    assert (
        list_total(b"<datastore><totalrecord>" + b"9" * 5000 + b"</totalrecord></datastore>")
        is None
    )
    assert list_total(b'{"total": ' + b"9" * 310 + b"}") is None
    assert list_total('{"data": {"total": "１２"}}'.encode()) == 12


def test_answer_links_beside_template_attribute_names_are_read():
    fragment = '<ul><li><a href="/art/2024/1/15/art_1.html" {24="1" title="2023年年报">2023年报</a></li></ul>'
    pairs = parse_list_api_response(fragment.encode(), "text/html", URL)
    assert pairs == [("http://www.example.gov.cn/art/2024/1/15/art_1.html", "2023年年报")]


def test_a_request_with_paging_nested_past_the_recursion_limit_is_no_list_call():
    url = f"http://www.example.gov.cn{UNIT}?pageId=1&paramJson=" + "[" * 50_000
    assert list_api_call_from_request("GET", url) is None


def test_paging_numbers_no_list_can_have_fall_back_to_the_defaults():
    call = list_api_call_from_request("POST", f"{PROXY}?startrecord=1&endrecord=45&perpage=15")
    garbled = replace(call, url=f"{PROXY}?startrecord=1&endrecord=²&perpage={'9' * 5000}")
    answer = b"<datastore><totalrecord>100</totalrecord></datastore>"
    # perpage falls back to the call's page size (45), endrecord to start + perpage - 1
    assert [c.url for c in next_list_api_calls(garbled, answer)] == [
        f"{PROXY}?startrecord=46&endrecord=90&perpage=45",
        f"{PROXY}?startrecord=91&endrecord=100&perpage=45",
    ]


def test_the_unit_api_is_found_beside_a_long_unbroken_run():
    # a page with a base64 image before the API's address: the address search was quadratic in
    # the run, and so was reading key: value pairs in the script holding both
    run = "QUJD" * 100_000
    html = (
        f'<html><body><img src="data:image/png;base64,{run}"><div id="list"></div><script>'
        f'var img = "{run}"; $.get("{UNIT}", {{webId: 3, pageId: 42, tplSetId: "t1"}});'
        f"</script></body></html>"
    )
    (call,) = find_list_api_calls(html, URL)
    address = urlsplit(call.url)
    query = {k: v[0] for k, v in parse_qs(address.query).items()}
    assert address.path == UNIT
    assert (query["webId"], query["pageId"], query["tplSetId"]) == ("3", "42", "t1")
    assert {"webId": "3", "pageId": "42", "tplSetId": "t1"}.items() <= next(
        jpaas_param_sets(html)
    ).items()
    assert json.loads(query["paramJson"])["pageSize"] == 15
