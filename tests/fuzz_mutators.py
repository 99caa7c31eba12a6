"""Mutations of real-looking pages and list answers for the fuzz harness: bytes in, bytes out.

Each mutation is a pure function of the body and three non-negative integers, so a case is data
(seed name, steps) that replays exactly; small integers give mild mutations, which is the
direction Hypothesis shrinks a failing case in. Sizes scale with the run's profile.
"""

from __future__ import annotations

import codecs
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

# Every parameter is drawn from 0 .. PARAM_MAX; a fraction of it places or sizes a mutation.
PARAM_MAX = 1 << 20


@dataclass(frozen=True)
class Profile:
    """How big the hostile constructs of a run get (the bounded run keeps each case quick)."""

    max_depth: int  # nesting levels
    max_attribute: int  # bytes of one attribute value
    max_text: int  # bytes of one run of text without a break
    max_rows: int
    max_cols: int
    max_cells: int  # rows × cols of one generated table
    max_garbage: int  # bytes of inserted binary garbage


BOUNDED = Profile(
    max_depth=20_000,
    max_attribute=512 * 1024,
    max_text=256 * 1024,
    max_rows=2_000,
    max_cols=200,
    max_cells=40_000,
    max_garbage=64 * 1024,
)
LONG = Profile(
    max_depth=100_000,
    max_attribute=4 * 1024 * 1024,
    max_text=2 * 1024 * 1024,
    max_rows=5_000,
    max_cols=3_000,
    max_cells=400_000,
    max_garbage=1024 * 1024,
)

Mutation = Callable[[bytes, int, int, int, Profile], bytes]


def fraction(value: int) -> float:
    return min(value, PARAM_MAX) / PARAM_MAX


def scaled(value: int, maximum: int) -> int:
    """0 .. maximum, most draws small: the square keeps the typical case fast."""
    return int(maximum * fraction(value) ** 2)


def _at(body: bytes, value: int) -> int:
    return int(len(body) * fraction(value))


def _pick(options: tuple, value: int):
    return options[value % len(options)]


def _insert(body: bytes, where: int, snippet: bytes) -> bytes:
    """``snippet`` at a place in the body; a place inside <body> when the draw says so."""
    if where % 2 == 0:
        match = re.search(rb"<body\b[^>]*>", body, re.I)
        if match:
            return body[: match.end()] + snippet + body[match.end() :]
    at = _at(body, where)
    return body[:at] + snippet + body[at:]


# --- bytes ---------------------------------------------------------------------------------------


def truncate(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    return body[: _at(body, a)]


def flip_bytes(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    if not body:
        return body
    rng = random.Random(c)
    out = bytearray(body)
    start = _at(body, a)
    for _ in range(1 + b % 64):
        # half the flips near the drawn place (one damaged region), half anywhere
        i = min(len(out) - 1, start + rng.randrange(256)) if rng.random() < 0.5 else None
        i = rng.randrange(len(out)) if i is None else i
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def insert_garbage(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    garbage = random.Random(c).randbytes(scaled(b, profile.max_garbage) + 1)
    at = _at(body, a)
    return body[:at] + garbage + body[at:]


_MAGICS = (
    b"",
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
)
_MAGICS += (b"\x1f\x8b\x08\x00", b"GIF89a", b"\xff\xd8\xff\xe0", b"<html><body>", b"\xef\xbb\xbf")


def binary(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """The body replaced by binary garbage behind a file signature (an image served as a page)."""
    return _pick(_MAGICS, a) + random.Random(c).randbytes(scaled(b, profile.max_garbage))


def delete_span(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    at = _at(body, a)
    return body[:at] + body[at + 1 + scaled(b, max(len(body) // 2, 1)) :]


def duplicate_span(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """A stretch of the page repeated elsewhere: tags now overlap and interleave."""
    start = _at(body, a)
    piece = body[start : start + 1 + scaled(b, max(len(body) // 2, 1))]
    at = _at(body, c * 7919 % PARAM_MAX)
    return body[:at] + piece + body[at:]


# --- charsets ------------------------------------------------------------------------------------

CHARSET_LABELS = (
    "gbk", "gb2312", "big5", "utf-8", "utf-16", "iso-8859-1", "shift_jis", "gb18030", "",
    "x-user-defined", "utf-7", "utf-32", "euc-kr", "GB_2312-80", "unicode", "koi8-r",
    "utf8\x00", "gbk gbk", "\u00e9\u00e9", "a" * 300, "utf-16be", "windows-1252", "hz-gb-2312",
    "big5-hkscs", "x-gbk", "cp936", "utf-8;charset=gbk", "'gbk'", "\"", "=", "ms950",
)  # fmt: skip


def _label(value: int) -> bytes:
    return _pick(CHARSET_LABELS, value).encode("utf-8")


def meta_charset(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """A charset declaration, often contradicting the bytes and the other declarations."""
    label = _label(a)
    forms = (
        b'<meta charset="' + label + b'">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=' + label + b'">',
        b"<meta content='text/html;charset=" + label + b"' http-equiv=content-type>",
        b'<?xml version="1.0" encoding="' + label + b'"?>',
        b"<meta charset=" + label,  # never closed
    )
    snippet = _pick(forms, b)
    if c % 3 == 0:
        return snippet + body
    match = re.search(rb"<head\b[^>]*>", body, re.I)
    if match and c % 3 == 1:
        return body[: match.end()] + snippet + body[match.end() :]
    return _insert(body, c, snippet)


_DECLARATION = re.compile(rb"""charset\s*=\s*["']?[\w.:-]*|encoding\s*=\s*["'][^"']*["']""", re.I)


def strip_charsets(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    return _DECLARATION.sub(b"", body)


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)


def add_bom(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    return _pick(_BOMS, a) + body


_CODECS = ("gbk", "big5", "utf-16-le", "utf-16-be", "gb18030", "shift_jis", "cp1252", "utf-32")


def reencode(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """The page re-encoded (GBK, Big5, UTF-16 …), its declarations left saying what they said."""
    text = body.decode("utf-8", "replace")
    return text.encode(_pick(_CODECS, a), "replace" if b % 2 else "ignore")


# --- markup --------------------------------------------------------------------------------------

_NESTING_TAGS = ("div", "table", "td", "span", "font", "li", "ul", "blockquote", "b", "p", "a")
_NESTING_TAGS += ("tr", "table><tr><td", "center", "section", "ol", "dl", "dd", "form")
_NESTING_TAGS += ('div style="display:none"', "div hidden", "marquee", "div class=TRS_Editor")


def deep_nesting(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Markup nested thousands of levels deep (unclosed <font>, tables in tables)."""
    depth = scaled(a, profile.max_depth) + 1
    tag = _pick(_NESTING_TAGS, b).encode()
    opening = b"<" + tag + b">"
    snippet = opening * depth + "政府信息公开".encode() * (c % 3)
    if c % 2:
        closing = b"</" + tag.split(b">")[-1].split(b"<")[-1].split(b" ")[0] + b">"
        snippet += closing * depth
    return _insert(body, c, snippet)


_ROW_LABELS = (
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
    "（一）予以公开", "（二）部分公开", "（三）不予公开", "1.属于国家秘密", "四、结转下年度继续办理",
    "行政复议", "行政诉讼", "规章", "规范性文件", "行政许可", "收费金额（单位：万元）", "总计",
    "其他", "自然人", "商业企业", "第二十条第（一）项", "主动公开政府信息数", "不是表中的行",
)  # fmt: skip
_CELL_VALUES = (
    "0", "12", "1,024", "３４", "-5", "1e309", "99999999999999999999999", "NaN", "——", "/", "",
    "3.5", "十二", "12%", "0x1F", "∞", "1 2 3", "\u00a0", "１２.５万", "½",
)  # fmt: skip
_HUGE_VALUES = ("9" * 400, "1" * 5000, "0" * 4400 + "3")  # one cell in a thousand
_SPANS = (
    "",
    "2",
    "0",
    "-1",
    "999999999",
    "1e9",
    "abc",
    "3.7",
    " 5 ",
    "00002",
    "4294967297",
    "9" * 5000,
)


def huge_table(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """A statistics-looking table thousands of rows or columns large, spans wrong or absurd."""
    rows = scaled(a, profile.max_rows) + 1
    cols = min(scaled(b, profile.max_cols) + 1, max(1, profile.max_cells // rows))
    rng = random.Random(c)
    spans = c % 4 != 0
    out = ["<table border=1>", "<tr><th>项目</th>" + "<th>数量</th>" * (cols - 1) + "</tr>"]
    for r in range(rows):
        cells = [f"<td>{rng.choice(_ROW_LABELS)}</td>"]
        for _ in range(cols - 1):
            attrs = ""
            if spans and rng.random() < 0.05:
                attrs = f' rowspan="{rng.choice(_SPANS)}" colspan="{rng.choice(_SPANS)}"'
            value = rng.choice(_HUGE_VALUES if rng.random() < 0.001 else _CELL_VALUES)
            cells.append(f"<td{attrs}>{value}</td>")
        out.append("<tr>" + "".join(cells) + ("</tr>" if r % 7 else ""))
    out.append("</table>" if c % 3 else "")
    return _insert(body, c, "\n".join(out).encode("utf-8"))


_ATTRIBUTE_NAMES = (
    "class",
    "style",
    "id",
    "href",
    "title",
    "content",
    "onclick",
    "data-api",
    "src",
)
_ATTRIBUTE_FILLERS = (
    "a", " ", "content-detail ", "display:none;", "x" * 7 + "=", "年", "&amp;", "\\", "'", "-",
    "/module/web/jpage/dataproxy.jsp?", "charset=", "javascript:", "%E6%94%BF", "http://a.gov.cn/",
)  # fmt: skip


def giant_attribute(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """One attribute megabytes long (a base64 image inlined, a runaway template)."""
    filler = _pick(_ATTRIBUTE_FILLERS, b).encode("utf-8")
    value = filler * (scaled(a, profile.max_attribute) // len(filler) + 1)
    name = _pick(_ATTRIBUTE_NAMES, c).encode()
    tag = _pick((b"div", b"a", b"meta", b"td", b"span", b"img", b"table", b"script"), b // 7)
    quote = _pick((b'"', b"'", b""), c // 11)
    snippet = b"<" + tag + b" " + name + b"=" + quote + value + quote + b">text</" + tag + b">"
    return _insert(body, c, snippet)


_TEXT_RUNS = (
    "一、", "（一）", "1", "年", "第二十条第（一）项", " ", "&nbsp;", "a", "<br>", "．", "2023年度",
    "政府信息公开工作年度报告", "\t\n", "發佈", "　", "——", "0.", "http://", "<p>", "(", "dang1",
)  # fmt: skip


def giant_text(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """A run of text megabytes long without a paragraph break (regexes meet one line)."""
    unit = _pick(_TEXT_RUNS, b).encode("utf-8")
    return _insert(body, c, unit * (scaled(a, profile.max_text) // len(unit) + 1))


_BROKEN = (
    b"<!--", b"<![CDATA[", b"<script>", b"<style>", b"<textarea>", b"</html>", b"<table>",
    b"<?xml", b"&#xD800;", b"&#99999999999;", b"<a href='", b"<td rowspan=999999999>",
    b"<td colspan=-1>", b"]]>", b"-->", b"<title>", b"</body></html><html><body>", b"<frameset>",
    b"<svg><foreignObject><p>", b"<math><mi><table>", b"<plaintext>", b"<xmp>", b"\x00",
    b"<meta http-equiv=refresh content='0;url=", b"<base href='javascript:'>", b"<noscript>",
)  # fmt: skip


def broken_markup(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    snippet = _pick(_BROKEN, a) * (1 + b % 8)
    return _insert(body, c, snippet)


def entity_flood(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    unit = _pick((b"&amp;", b"&#x4e00;", b"&#0;", b"&#x110000;", b"&nbsp;", b"&lt;a&gt;"), b)
    return _insert(body, c, unit * (scaled(a, profile.max_text) // len(unit) + 1))


_DIGIT_FORMS = (
    "０１２３４５６７８９",
    "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "٠١٢٣٤٥٦٧٨٩",
    "〇一二三四五六七八九",
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
)


def unicode_digits(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """ASCII digits replaced by look-alikes (full-width, superscript, Arabic-Indic)."""
    forms = _pick(_DIGIT_FORMS, a)
    rng = random.Random(c)
    share = 0.1 + 0.9 * fraction(b)

    def swap(match: re.Match[bytes]) -> bytes:
        if rng.random() > share:
            return match.group(0)
        return forms[int(match.group(0))].encode("utf-8")

    return re.sub(rb"[0-9]", swap, body)


def long_numbers(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Some numbers (page numbers in links, counts, spans, totals) made thousands of digits
    long: int() refuses more than 4,300."""
    digits = b"9" * (scaled(a, 6000) + 1) if b % 3 else b"0" * 4400 + b"7"
    rng = random.Random(c)
    return re.sub(rb"[0-9]+", lambda m: digits if rng.random() < 0.2 else m.group(0), body)


_BAIT_RUNS = (b"A", b"QUJD", b"/", b"a/", b"{", b"_1", b"%E6", b"&#", b"=", b".", b"\\", b"-")
_BAIT_MARKERS = (
    b"/front/page/build/unit", b"dataproxy.jsp", b"createPageHTML(", b".html", b"columnid=",
    b"http://", b"charset=", b"<meta", "年度报告".encode(), b"</datastore>", b"<record>", b"",
    b"var pagecount = ", b"]]>", b"?page=", b"index_", b"_2.html", b"javascript:", b"<a href=",
)  # fmt: skip


def regex_bait(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """A long unbroken run (base64, minified script) then a word the readers look for: the
    shape that makes a "run, then word" regex backtrack quadratically."""
    unit = _pick(_BAIT_RUNS, b)
    run = unit * (scaled(a, profile.max_text) // len(unit) + 1)
    return _insert(body, c, run + _pick(_BAIT_MARKERS, b // 13 + c))


# --- list answers --------------------------------------------------------------------------------


def break_delimiters(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """Some CDATA, tag, bracket or quote delimiters removed or doubled (broken XML and JSON)."""
    token = _pick(
        (b"]]>", b"<![CDATA[", b"</record>", b"<record>", b"}", b"{", b"]", b'"', b":"), a
    )
    token = _pick((token, b"</datastore>", b"<recordset>", b"</totalrecord>", b"("), b // 97)
    rng = random.Random(c)
    double = b % 2 == 1
    parts = body.split(token)
    out = [parts[0]]
    for part in parts[1:]:
        keep = rng.random() < 0.6
        out.append((token * 2 if double else token) if keep else b"")
        out.append(part)
    return b"".join(out)


def deep_json(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """JSON arrays or objects nested past any parser's recursion limit."""
    depth = scaled(a, profile.max_depth) + 1
    opening, closing = _pick(((b"[", b"]"), (b'{"a":', b"}"), (b'{"data":[', b"]}")), b)
    nested = opening * depth + b"1" + (closing * depth if c % 2 else b"")
    if c % 3 == 0:
        return nested
    at = body.find(b"[") if b"[" in body else _at(body, c)
    return body[:at] + nested + b"," + body[at:] if at >= 0 else nested


_TOTALS = (
    b"0", b"-1", b"99999999999999999999999999", b"\xc2\xb2", b"\xef\xbc\x91\xef\xbc\x92", b"1e9",
    b'"12"', b"null", b"true", b"3.5", b'"\xd9\xa3"', b"[]", b"1" * 5000,
)  # fmt: skip


def lie_about_total(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    """The list's total (``<totalrecord>``, ``"total":``) replaced by an absurd value."""
    value = _pick(_TOTALS, a)
    body = re.sub(rb"(<totalrecord>)[^<]*", lambda m: m.group(1) + value.strip(b'"'), body)
    return re.sub(
        rb'("total(?:count|record)?"\s*:\s*)("[^"]*"|[^,}\]]*)',
        lambda m: m.group(1) + value,
        body,
        flags=re.I,
    )


def jsonp_wrap(body: bytes, a: int, b: int, c: int, profile: Profile) -> bytes:
    wrappers = ((b"callback(", b")"), (b"jQuery1_2(", b");"), (b"cb(", b""), (b"", b")"))
    wrappers += ((b"/**/ typeof cb === 'function' && cb(", b");"), (b"(", b")"))
    head, tail = _pick(wrappers, a)
    return head + body + tail


# --- the catalogue -------------------------------------------------------------------------------

BYTE_MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip_bytes": flip_bytes,
    "insert_garbage": insert_garbage,
    "binary": binary,
    "delete_span": delete_span,
    "duplicate_span": duplicate_span,
}
CHARSET_MUTATIONS: dict[str, Mutation] = {
    "meta_charset": meta_charset,
    "strip_charsets": strip_charsets,
    "add_bom": add_bom,
    "reencode": reencode,
}
MARKUP_MUTATIONS: dict[str, Mutation] = {
    "deep_nesting": deep_nesting,
    "huge_table": huge_table,
    "giant_attribute": giant_attribute,
    "giant_text": giant_text,
    "broken_markup": broken_markup,
    "entity_flood": entity_flood,
    "unicode_digits": unicode_digits,
    "long_numbers": long_numbers,
    "regex_bait": regex_bait,
}
ANSWER_MUTATIONS: dict[str, Mutation] = {
    "break_delimiters": break_delimiters,
    "deep_json": deep_json,
    "lie_about_total": lie_about_total,
    "jsonp_wrap": jsonp_wrap,
}
PAGE_MUTATIONS = {**BYTE_MUTATIONS, **CHARSET_MUTATIONS, **MARKUP_MUTATIONS}
