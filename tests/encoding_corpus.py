"""Labelled corpus for encoding detection: the seed report texts wrapped in CMS page chrome and
served in every encoding Chinese portals use, under true, wrong and missing headers and true,
wrong, missing and late (past byte 4096) meta declarations. Used by tests and bench/encoding.py."""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
LENGTHS = (50, 300, 3000)
META_KINDS = ("true", "wrong", "missing", "late")
# "portal": the text inside a portal's Chinese navigation, title and footer; "bare": inside
# ASCII-only markup, so the report text is the only evidence (AJAX fragments, print views).
CHROMES = ("portal", "bare")

# Characters in GBK but not GB2312, as found in the names of contact lines, and characters only
# GB18030 encodes: 䶮 (two bytes, FE9F), € (A2E3) and 𠀀 (four bytes, CJK Ext-B).
GBK_ONLY = "联系人：张喆、李赟、王堃、刘昇、陈玥、周琇、朱镕。"
GB18030_ONLY = "南汉刘䶮、𠀀字，经费€35万元。"


@dataclass(frozen=True)
class PageVariant:
    """One way a portal serves its pages: the text it carries and the bytes it sends."""

    name: str
    codec: str  # how the page is encoded
    family: str  # the codec that decodes it correctly, as detect_encoding names it
    traditional: bool
    true_labels: tuple[str, ...]  # spellings a truthful header or meta uses, in rotation
    wrong_labels: tuple[str, ...]  # what lying headers and metas say instead
    prefix: str = ""  # text every page of this variant starts with
    bom: bytes = b""


_GB_WRONG = ("ISO-8859-1", "utf-8", "big5")
VARIANTS = (
    PageVariant("gb2312", "gb2312", "gb18030", False, ("gb2312", "GB2312", "csgb2312"), _GB_WRONG),
    PageVariant(
        "gbk", "gbk", "gb18030", False, ("GBK", "x-gbk", "gb2312"), _GB_WRONG, prefix=GBK_ONLY
    ),
    PageVariant("gbk-traditional", "gbk", "gb18030", True, ("gbk", "GB2312", "cp936"), _GB_WRONG),
    PageVariant(
        "gb18030", "gb18030", "gb18030", False, ("GB18030", "gbk", "gb2312"), _GB_WRONG,
        prefix=GB18030_ONLY,
    ),
    PageVariant(
        "big5", "big5hkscs", "big5hkscs", True, ("big5", "Big5-HKSCS", "x-x-big5"),
        ("ISO-8859-1", "gb2312", "utf-8"),
    ),
    PageVariant(
        "utf-8", "utf-8", "utf-8", False, ("utf-8", "UTF8", "unicode-1-1-utf-8"),
        ("ISO-8859-1", "gb2312", "big5"),
    ),
    PageVariant(
        "utf-8-bom", "utf-8", "utf-8", True, ("utf-8", "UTF-8"), ("gbk", "ISO-8859-1", "big5"),
        bom=b"\xef\xbb\xbf",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class EncodingCase:
    """One labelled page: its bytes, what the server said, and what a correct decoding shows."""

    name: str
    body: bytes
    header_charset: str | None  # the charset parameter of Content-Type, None when absent
    true_encoding: str  # codec family that decodes it correctly: gb18030, big5hkscs or utf-8
    true_text: str  # the report text exactly as it stands in the page
    length: int  # length class of true_text in characters: 50, 300 or 3000
    variant: str
    header_kind: str
    meta_kind: str
    chrome: str

    @property
    def content_type(self) -> str:
        charset = f"; charset={self.header_charset}" if self.header_charset else ""
        return f"text/html{charset}"


def _read_seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def _texts() -> dict[bool, str]:
    """Simplified report prose (郴州 2015) and Traditional prose (盘锦 2016, compromised copy with
    its pinyin glosses, SEO spam cut off)."""
    simplified = _read_seed("002")
    traditional = _read_seed("000")
    start = traditional.index("2016年,盤錦市")
    traditional = traditional[start : traditional.index("亚洲一级")]
    return {False: " ".join(simplified.split()), True: " ".join(traditional.split())}


_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _encodable(text: str, codec: str) -> str:
    """`text` without the characters `codec` cannot encode (a Big5 page has no pinyin glosses)."""
    if codec.startswith("big5"):
        text = _GLOSS.sub("", text)
    return "".join(c for c in text if c.encode(codec, "ignore"))


def variant_prose(name: str) -> str:
    """All the report text a variant's pages draw on, in the characters its codec encodes."""
    return _prose(next(variant for variant in VARIANTS if variant.name == name))


@cache
def _prose(variant: PageVariant) -> str:
    if variant.codec.startswith("big5"):
        prose = _to_traditional(_texts()[False])  # Taiwan-style conversion of the 郴州 report
    else:
        prose = _texts()[variant.traditional]
    return _encodable(prose, variant.codec)


def _report_text(variant: PageVariant, length: int, offset: int) -> str:
    prose = _prose(variant)
    start = (offset * 997) % (len(prose) - length - 1)
    text = (variant.prefix + prose[start:])[:length]
    return html.escape(text, quote=False)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


def _to_traditional(text: str) -> str:
    return _converter().convert(text)


_HEAD_STYLE = """
  body{margin:0;padding:0;font:12px/1.8 "Microsoft YaHei",SimSun,Arial,sans-serif;color:#333}
  .top{height:36px;background:#f5f5f5;border-bottom:1px solid #ddd}.logo{height:110px}
  .nav{height:42px;background:#c00}.nav a{color:#fff;padding:0 20px;line-height:42px}
  .position{height:36px;line-height:36px;border-bottom:1px dashed #ccc}
  .article h1{font-size:22px;text-align:center;color:#c00}.article .info{text-align:center}
  .article .content{font-size:16px;text-indent:2em;line-height:2}
  .footer{height:120px;background:#eee;text-align:center;color:#666}
"""
_HEAD_SCRIPT = """
  var _hmt = _hmt || [];
  (function() {
    var hm = document.createElement("script");
    hm.src = "//hm.example.invalid/hm.js?0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    var s = document.getElementsByTagName("script")[0];
    s.parentNode.insertBefore(hm, s);
  })();
  function doZoom(size){ document.getElementById('zoom').style.fontSize = size + 'px'; }
  function printPage(){ window.print(); }
"""


def _meta_tag(label: str, form: int) -> str:
    if form == 0:
        return f'<meta http-equiv="Content-Type" content="text/html; charset={label}" />'
    return f'<meta charset="{label}">'


_PORTAL_CHROME = {
    "site": "郴州市人民政府",
    "position": "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "title": "政府信息公开工作年度报告",
    "info": "发布时间：2016-03-15 来源：市政府办公室 【字体：大 中 小】 打印 关闭",
    "footer": "主办：郴州市人民政府办公室 版权所有 湘ICP备05000000号",
}
_BARE_CHROME = dict.fromkeys(_PORTAL_CHROME, "")


def _page(
    variant: PageVariant, text: str, chrome_kind: str, meta_kind: str, label: str | None, form: int
) -> str:
    """A TRS/Hanweb-style article page around `text`, declaring `label` as `meta_kind` says."""
    chrome = _PORTAL_CHROME if chrome_kind == "portal" else _BARE_CHROME
    if variant.traditional:
        chrome = {key: _to_traditional(value) for key, value in chrome.items()}
    chrome = {key: _encodable(value, variant.codec) for key, value in chrome.items()}
    declaration = _meta_tag(label, form) if label and form < 2 else ""
    xml_prolog = f'<?xml version="1.0" encoding="{label}"?>\n' if label and form == 2 else ""
    early = declaration if meta_kind in ("true", "wrong") else ""
    late = declaration if meta_kind == "late" else ""
    padding = ""
    if meta_kind == "late":
        # Themes and statistics scripts push the meta past the 4096 bytes Scrapy looks at.
        padding = "\n".join(
            [f'<style type="text/css">{_HEAD_STYLE * 4}</style>']
            + [f'<script type="text/javascript">{_HEAD_SCRIPT}</script>'] * 3
        )
    return f"""{xml_prolog}<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{early}
<meta name="viewport" content="width=device-width, initial-scale=1" />
{padding}
{late}
<title>{chrome["title"]}_{chrome["site"]}</title>
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
</head>
<body>
<div class="top"><div class="logo"><a href="/">{chrome["site"]}</a></div></div>
<div class="position">{chrome["position"]}</div>
<div class="article">
  <h1>{chrome["title"]}</h1>
  <div class="info">{chrome["info"]}</div>
  <div class="content" id="zoom">{text}</div>
</div>
<div class="footer">{chrome["footer"]}</div>
</body>
</html>
"""


def _rotation(labels: tuple[str, ...], index: int) -> str:
    return labels[index % len(labels)]


@cache
def build_corpus() -> tuple[EncodingCase, ...]:
    """Every variant × header (true, each wrong label, missing) × meta kind × length × chrome.
    True label spellings, wrong meta labels, meta forms (http-equiv, charset, XML prolog) and
    text offsets rotate across the cases."""
    cases: list[EncodingCase] = []
    counter = itertools.count()
    for variant in VARIANTS:
        headers = [
            ("true", None),
            *(("wrong", label) for label in variant.wrong_labels),
            ("missing", None),
        ]
        for length, (header_kind, header), meta_kind, chrome in itertools.product(
            LENGTHS, headers, META_KINDS, CHROMES
        ):
            index = next(counter)
            text = _report_text(variant, length, index)
            if header_kind == "true":
                header = _rotation(variant.true_labels, index)
            meta_label = {
                "true": _rotation(variant.true_labels, index + 1),
                "late": _rotation(variant.true_labels, index + 2),
                "wrong": _rotation(variant.wrong_labels, index + 1),
                "missing": None,
            }[meta_kind]
            form = index % 3 if meta_kind != "late" else index % 2
            page = _page(variant, text, chrome, meta_kind, meta_label, form)
            name = f"{variant.name}/header={header_kind}:{header}/meta={meta_kind}:{meta_label}"
            cases.append(
                EncodingCase(
                    name=f"{name}/len={length}/{chrome}",
                    body=variant.bom + page.encode(variant.codec),
                    header_charset=header,
                    true_encoding=variant.family,
                    true_text=text,
                    length=length,
                    variant=variant.name,
                    header_kind=header_kind,
                    meta_kind=meta_kind,
                    chrome=chrome,
                )
            )
    return tuple(cases)


def scrapy_default_text(case: EncodingCase) -> str:
    """What Scrapy's own HtmlResponse decodes the page to (header, then meta in the first 4096
    bytes, then charset-normalizer)."""
    from scrapy.http import HtmlResponse  # building the corpus needs no Scrapy

    response = HtmlResponse(
        "http://www.example.gov.cn/zwgk/ndbg/t1.html",
        body=case.body,
        headers={"Content-Type": case.content_type},
    )
    return response.text


def decoded_correctly(case: EncodingCase, text: str) -> bool:
    """A decoding is correct when the whole report text stands in it unharmed."""
    return case.true_text in text
