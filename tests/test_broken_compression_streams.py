"""What is wrong with a compressed body, for every coding a crawl asks for (gzip, deflate, br,
zstd): cut short, corrupt, not compressed at all, or a bomb (pure: bytes in, a name out)."""

from __future__ import annotations

import zlib

import pytest

from crawler.middlewares.body_integrity import compression_problem
from tests.fault_sites import COMPRESSORS
from tests.portal_skeleton import html_page, report_body

PAGE = html_page("庆元县2023年政府信息公开工作年度报告", report_body("庆元县", 2023)).encode()
CODINGS = sorted(COMPRESSORS)


@pytest.mark.parametrize("coding", CODINGS)
def test_a_whole_stream_decodes(coding):
    assert compression_problem(COMPRESSORS[coding](PAGE), coding.encode(), 10**6) is None


@pytest.mark.parametrize("coding", CODINGS)
def test_a_stream_cut_short_is_truncated(coding):
    whole = COMPRESSORS[coding](PAGE)
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 1):
        assert compression_problem(whole[:cut], coding.encode(), 10**6) == "truncated", cut


def test_a_raw_deflate_stream_cut_short_is_truncated():
    raw = zlib.compressobj(wbits=-15)
    whole = raw.compress(PAGE) + raw.flush()
    assert compression_problem(whole[: len(whole) // 2], b"deflate", 10**6) == "truncated"


@pytest.mark.parametrize("coding", CODINGS)
def test_markup_labelled_compressed_is_not_compressed(coding):
    assert compression_problem(PAGE, coding.encode(), 10**6) == "not-compressed"
    assert compression_problem(b"<html></html>", coding.encode(), 10**6) == "not-compressed"


@pytest.mark.parametrize("coding", ["br", "zstd"])
def test_a_damaged_stream_is_corrupt(coding):
    whole = COMPRESSORS[coding](PAGE)
    damaged = whole[:8] + bytes(b ^ 0xA5 for b in whole[8:40]) + whole[40:]
    assert compression_problem(damaged, coding.encode(), 10**6) == "corrupt"


@pytest.mark.parametrize("coding", CODINGS)
def test_a_bomb_is_stopped_at_the_limit(coding):
    bomb = COMPRESSORS[coding](b"\0" * 5_000_000)
    assert len(bomb) < 50_000
    assert compression_problem(bomb, coding.encode(), 1_000_000) == "too-large"
