"""Mojibake warnings: each way of mis-decoding Chinese text is named, clean text is left alone."""

from __future__ import annotations

import pytest

from pipelines.text.mojibake import find_mojibake
from tests.encoding_corpus import GBK_ONLY, SEEDS, variant_prose

SIMPLIFIED = " ".join((SEEDS / "002_868b779dd27454bb.txt").read_text(encoding="utf-8").split())
REPORT = SIMPLIFIED[:600]
TRADITIONAL = variant_prose("big5")[:600]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name[:3])
def test_seed_report_texts_are_clean(path):
    assert find_mojibake(path.read_text(encoding="utf-8")) == []


def test_traditional_text_converted_for_big5_portals_is_clean():
    assert find_mojibake(TRADITIONAL) == []


def test_english_and_full_width_punctuation_are_clean():
    text = (
        "Annual Report 2015 — “open government” … Café, naïve, Größe. ±3°C, 50% "
        "（一）主动公开情况：“十三五”规划……——×××县①②③Ⅰ、Ⅱ；％￥《条例》〔2015〕"
    )
    assert find_mojibake(text) == []


def test_utf8_read_as_gbk_is_flagged():
    text = REPORT.encode("utf-8").decode("gb18030", "replace")
    assert "mojibake:utf8-as-gbk" in find_mojibake(text)


def test_one_mis_decoded_title_in_a_clean_page_is_flagged():
    title = "政府信息公开工作年度报告".encode().decode("gb18030", "replace")
    assert "mojibake:utf8-as-gbk" in find_mojibake(REPORT + title + REPORT)


def test_replacement_character_read_as_gbk_is_flagged():
    assert find_mojibake("附件下载：锟斤拷锟斤拷.doc") == ["mojibake:utf8-as-gbk"]


def test_gbk_read_as_utf8_is_flagged():
    text = REPORT.encode("gbk").decode("utf-8", "replace")
    assert find_mojibake(text) == ["mojibake:gbk-as-utf8"]


def test_a_single_damaged_byte_is_not_called_gbk_read_as_utf8():
    assert find_mojibake(REPORT[:300] + "\ufffd" + REPORT[300:]) == ["mojibake:replacement-chars"]


def test_gbk_read_as_cp1252_is_flagged():
    text = REPORT.encode("gbk").decode("cp1252", "replace")
    assert "mojibake:cp1252-over-gbk" in find_mojibake(text)


def test_gbk_read_as_latin1_is_flagged_when_c1_controls_show():
    text = (GBK_ONLY + REPORT).encode("gbk").decode("latin-1")
    assert find_mojibake(text) == ["mojibake:latin1-over-gbk"]


def test_utf8_read_as_cp1252_is_flagged():
    text = REPORT.encode("utf-8").decode("cp1252", "replace")
    assert "mojibake:cp1252-over-utf8" in find_mojibake(text)


def test_big5_read_as_cp1252_is_flagged():
    text = TRADITIONAL.encode("big5").decode("cp1252", "replace")
    assert "mojibake:cp1252-over-big5" in find_mojibake(text)


def test_gbk_read_as_big5_is_flagged():
    text = REPORT.encode("gbk").decode("big5hkscs", "replace")
    assert "mojibake:gbk-as-big5" in find_mojibake(text)


def test_big5_read_as_gbk_is_flagged():
    text = TRADITIONAL.encode("big5").decode("gb18030", "replace")
    assert "mojibake:big5-as-gbk" in find_mojibake(text)
