"""Requests stored as data-only JSON: round trip, and refusal of anything executable."""

import pickle

import pytest
from scrapy import FormRequest, Request, Spider

from crawler.request_codec import (
    UnserializableRequest,
    decode_request,
    encode_request,
    request_fields,
)


class ListSpider(Spider):
    name = "codec"

    def parse_page(self, response):
        pass

    def on_error(self, failure):
        pass

    def renamed(self, response):
        pass

    alias = renamed  # a method the spider answers to under another name


def other_callback(response):
    pass


def test_request_round_trips_with_callbacks_bytes_and_meta():
    spider = ListSpider()
    request = Request(
        "http://www.example.gov.cn/col/col1/index.html?a=1",
        callback=spider.parse_page,
        errback=spider.on_error,
        headers={"Referer": "http://www.example.gov.cn/"},
        meta={"portal": "x", "role": "column", "delay": 0.5, "raw": b"\xff\x00", "pair": (1, 2)},
        priority=30,
        body=b"\x80abc",
        method="POST",
    )
    back = decode_request(encode_request(request, spider), spider)
    assert back.url == request.url
    assert back.callback == spider.parse_page
    assert back.errback == spider.on_error
    assert back.meta == request.meta
    assert back.body == b"\x80abc"
    assert back.method == "POST"
    assert back.priority == 30
    assert back.headers.getlist("Referer") == [b"http://www.example.gov.cn/"]


def test_form_requests_keep_their_class():
    request = FormRequest("http://www.example.gov.cn/dataproxy.jsp", formdata={"col": "1"})
    back = decode_request(encode_request(request))
    assert type(back) is FormRequest
    assert back.body == request.body


def test_objects_in_meta_are_refused():
    request = Request("http://www.example.gov.cn/", meta={"capture": object()})
    with pytest.raises(UnserializableRequest, match=r"meta\.capture"):
        encode_request(request)


def test_pickled_or_foreign_documents_are_refused():
    request = Request("http://www.example.gov.cn/")
    with pytest.raises(UnserializableRequest):
        decode_request(pickle.dumps(request.to_dict()))
    forged = b'{"url": "http://x/", "_class": "os.system"}'
    with pytest.raises(UnserializableRequest, match="not allowed"):
        decode_request(forged)


@pytest.mark.parametrize(
    "make",
    [
        lambda s: Request("http://www.example.gov.cn/a", callback=s.parse_page, priority=3),
        lambda s: Request("http://www.example.gov.cn/b", errback=s.on_error, meta={"k": 1}),
        lambda s: Request("http://www.example.gov.cn/c"),
        lambda s: FormRequest("http://www.example.gov.cn/d", formdata={"col": "1"}),
        lambda s: Request("http://www.example.gov.cn/e", callback=s.parse_page, flags=["x"]),
        # another instance's method: to_dict names it by its function, and so do we
        lambda s: Request("http://www.example.gov.cn/f", callback=ListSpider().on_error),
    ],
)
def test_request_fields_are_what_to_dict_gives(make):
    spider = ListSpider()
    request = make(spider)
    assert request_fields(request, spider) == request.to_dict(spider=spider)


def test_a_callback_not_of_the_spider_is_refused_as_to_dict_refuses_it():
    spider = ListSpider()
    request = Request("http://www.example.gov.cn/", callback=other_callback)
    with pytest.raises(ValueError, match="not an instance method"):
        request_fields(request, spider)


def test_a_method_known_by_two_names_comes_back_as_itself():
    spider = ListSpider()
    request = Request("http://www.example.gov.cn/", callback=spider.alias)
    back = decode_request(encode_request(request, spider), spider)
    assert back.callback.__func__ is ListSpider.renamed
