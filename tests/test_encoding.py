"""Encoding detection: the labelled corpus against Scrapy's own choice, and each rule on a page
built to need it."""

from __future__ import annotations

import json

import chardet
import pytest
from scrapy.http import HtmlResponse

from crawler.encoding import (
    PLAUSIBLE,
    RULES,
    charset_from_content_type,
    detect_encoding,
    find_meta_charsets,
    normalise_charset_label,
    plausibility,
)
from tests.encoding_corpus import (
    GB18030_ONLY,
    GBK_ONLY,
    build_corpus,
    decoded_correctly,
    scrapy_default_text,
)

REPORT = "郴州市2015年政府信息公开工作年度报告。本报告根据《中华人民共和国政府信息公开条例》编制。"
REPORT_TRADITIONAL = "郴州市2015年政府資訊公開工作年度報告。本報告根據《政府資訊公開條例》編制。"


def page(text: str, head: str = "", title: str = "年度报告") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head>"
        f"<body><div>{text}</div></body></html>"
    )


def meta(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def spider_text(body: bytes, header: str | None, encoding: str) -> str:
    """What a spider reads from the response the middleware builds."""
    content_type = f"text/html; charset={header}" if header else "text/html"
    headers = {"Content-Type": content_type}
    url = "http://www.example.gov.cn/"
    return HtmlResponse(url, body=body, headers=headers, encoding=encoding).text


@pytest.fixture(scope="module")
def corpus_results():
    results = []
    for case in build_corpus():
        decision = detect_encoding(case.body, case.header_charset)
        ours = decoded_correctly(
            case, spider_text(case.body, case.header_charset, decision.encoding)
        )
        scrapys = decoded_correctly(case, scrapy_default_text(case))
        results.append((case, decision, ours, scrapys))
    return results


def test_every_corpus_page_of_300_characters_or_more_decodes_correctly(corpus_results):
    wrong = [
        (case.name, decision)
        for case, decision, ours, _ in corpus_results
        if case.length >= 300 and not ours
    ]
    assert wrong == []


def test_no_corpus_page_decodes_wrongly_where_scrapys_choice_is_right(corpus_results):
    worse = [
        (case.name, decision)
        for case, decision, ours, scrapys in corpus_results
        if scrapys and not ours
    ]
    assert worse == []


def test_iso_8859_1_header_over_gbk_page_is_overruled():
    body = page(REPORT, meta("gb2312")).encode("gbk")
    decision = detect_encoding(body, "ISO-8859-1")
    assert (decision.encoding, decision.declared_header) == ("gb18030", "cp1252")


def test_utf8_header_over_gbk_page_is_rejected():
    body = page(REPORT).encode("gbk")
    assert detect_encoding(body, "utf-8").encoding == "gb18030"


def test_gb2312_header_over_utf8_page_decodes_as_utf8():
    body = page(REPORT, meta("gb2312")).encode("utf-8")
    assert detect_encoding(body, "gb2312").rule == "utf8"


def test_true_header_decides_over_a_wrong_meta():
    body = page(REPORT, meta("utf-8")).encode("gbk")
    decision = detect_encoding(body, "GBK")
    assert (decision.encoding, decision.rule) == ("gb18030", "header")


def test_meta_after_the_first_4096_bytes_of_head_decides():
    scripts = "<script>var config = {};</script>\n" * 200
    body = page(REPORT, scripts + meta("gbk")).encode("gbk")
    decision = detect_encoding(body, None)
    assert (decision.encoding, decision.rule) == ("gb18030", "meta")


def test_gbk_only_characters_decode_under_a_gb2312_label():
    body = page(GBK_ONLY + REPORT, meta("gb2312")).encode("gbk")
    decision = detect_encoding(body, None)
    assert GBK_ONLY in spider_text(body, None, decision.encoding)


def test_gb18030_only_characters_decode_under_a_gbk_label():
    body = page(GB18030_ONLY + REPORT, meta("gbk")).encode("gb18030")
    decision = detect_encoding(body, "gbk")
    assert GB18030_ONLY in spider_text(body, "gbk", decision.encoding)


def test_big5_page_under_a_gb2312_label_decodes_as_big5():
    body = page(REPORT_TRADITIONAL, meta("gb2312"), title="年度報告").encode("big5")
    assert detect_encoding(body, "gb2312").encoding == "big5hkscs"


def test_gbk_page_under_a_big5_meta_decodes_as_gbk():
    body = page(REPORT, '<meta charset="big5">').encode("gbk")
    assert detect_encoding(body, None).encoding == "gb18030"


def test_detector_does_not_parrot_a_lying_meta():
    # This GBK text happens to decode without error as Big5, so chardet takes the meta's word.
    text = "郴州市2015年政府信息公开工作年度报告，索引号，公开方式，政府网站"
    body = page(text, '<meta charset="big5">', title="").encode("gbk")
    assert chardet.detect(body)["encoding"] == "Big5"  # chardet alone believes the meta
    assert detect_encoding(body, None).detected == "gb18030"


def test_big5_euro_sign_decodes_with_cp950():
    body = page(REPORT_TRADITIONAL + "經費€35萬元", meta("big5"), title="年度報告").encode("cp950")
    assert detect_encoding(body, None).encoding == "cp950"


def test_utf8_bom_decides_whatever_the_header_says():
    body = b"\xef\xbb\xbf" + page(REPORT).encode("utf-8")
    decision = detect_encoding(body, "gbk")
    assert (decision.encoding, decision.rule) == ("utf-8-sig", "bom")


def test_valid_utf8_wins_over_a_gbk_meta():
    body = page(REPORT, meta("gbk")).encode("utf-8")
    assert detect_encoding(body, None).encoding == "utf-8"


def test_gbk_text_that_is_also_valid_utf8_keeps_its_gbk_declaration():
    # 为什么 in GBK is CEAA CAB2 C3B4: three valid two-byte UTF-8 sequences.
    body = page("为什么", '<meta charset="gbk">', title="").encode("gbk")
    body.decode("utf-8")
    assert detect_encoding(body, None).encoding == "gb18030"


def test_pure_ascii_page_is_named_by_its_declaration():
    body = page("2015 annual report", meta("gb2312"), title="Report").encode("ascii")
    decision = detect_encoding(body, "ISO-8859-1")
    assert (decision.encoding, decision.rule) == ("gb18030", "ascii")


def test_character_cut_off_at_the_end_does_not_reject_the_header():
    body = page(REPORT).encode("gbk")[:-20] + "报".encode("gbk")[:1]
    decision = detect_encoding(body, "gbk")
    assert (decision.encoding, decision.rule) == ("gb18030", "header")


def test_one_damaged_byte_still_decodes_as_gbk():
    encoded = page(REPORT * 5).encode("gbk")
    body = encoded[:200] + b"\xff" + encoded[200:]
    decision = detect_encoding(body, None)
    assert (decision.encoding, decision.rule) == ("gb18030", "best-decoding")


def test_page_of_rare_names_keeps_its_true_header():
    # Too few common hanzi to look like Chinese prose, yet every byte is valid GBK.
    body = page("喆赟堃昇玥琇镕", title="").encode("gbk")
    decision = detect_encoding(body, "gbk")
    assert (decision.encoding, decision.rule) == ("gb18030", "header-fallback")


def test_page_of_rare_names_under_a_latin1_header_still_decodes_as_gbk():
    body = page("喆赟堃昇玥琇镕", title="").encode("gbk")
    assert detect_encoding(body, "ISO-8859-1").encoding == "gb18030"


def test_latin_page_under_a_latin1_header_decodes_as_cp1252():
    body = page("Café society and naïve reports", title="Report").encode("cp1252")
    assert detect_encoding(body, "ISO-8859-1").encoding == "cp1252"


def test_every_decision_names_a_documented_rule(corpus_results):
    assert {decision.rule for _, decision, _, _ in corpus_results} <= set(RULES)


def test_evidence_is_json_ready_and_complete():
    body = page(REPORT, meta("x-gbk")).encode("gbk")
    evidence = json.loads(json.dumps(detect_encoding(body, "ISO-8859-1").as_dict()))
    assert set(evidence) == {
        "encoding",
        "rule",
        "declared_header",
        "declared_meta",
        "detected",
        "confidence",
        "plausibility",
    }


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("x-gbk", "gb18030"),
        ("csgb2312", "gb18030"),
        ("gb_2312-80", "gb18030"),
        ("GB-2312", "gb18030"),
        ('"gbk";', "gb18030"),
        ("big5-hkscs", "big5hkscs"),
        ("x-x-big5", "big5hkscs"),
        ("utf8", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("euc-kr", "cp949"),
        ("utf-7", None),
        ("no-such-charset", None),
    ],
)
def test_charset_labels_are_normalised(label, codec):
    assert normalise_charset_label(label) == codec


def test_meta_charsets_are_found_in_document_order():
    body = (
        b'<?xml version="1.0" encoding="GB2312"?><html><head>'
        b'<meta http-equiv="content-type" content="text/html; charset=x-gbk" />'
        b'<meta charset="utf-8"></head><body><meta charset="big5"></body></html>'
    )
    assert find_meta_charsets(body) == ["GB2312", "x-gbk", "utf-8"]


def test_meta_charsets_in_scripts_and_comments_are_ignored():
    body = (
        b"<html><head><!-- <meta charset=big5> -->"
        b"<script>document.write('<meta charset=\"utf-8\"><body>');</script>"
        b'<meta charset="gbk"></head><body></body></html>'
    )
    assert find_meta_charsets(body) == ["gbk"]


def test_content_type_charset_is_read_as_written():
    assert charset_from_content_type(b'text/html; Charset="GB2312"') == "GB2312"


def test_correct_decoding_is_plausible_and_gbk_read_as_big5_is_not():
    encoded = REPORT.encode("gbk")
    assert (
        plausibility(encoded.decode("gb18030"))
        >= PLAUSIBLE
        > plausibility(encoded.decode("big5hkscs", "replace"))
    )
