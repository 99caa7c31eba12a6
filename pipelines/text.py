"""Clean text of a report body: paragraphs, tables as tab-separated rows, numbered sections.

Also the string-level helpers the page modules share: whitespace normalisation, pinyin-gloss
removal, Traditional-script detection and conversion, and script-tolerant word patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple, TypedDict

import opencc
from lxml.html import HtmlElement

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def word_list(words: str) -> tuple[str, ...]:
    """Whitespace-separated words of a long constant, for vocabularies kept readable."""
    return tuple(words.split())


# --- whitespace -------------------------------------------------------------------------------

# Source line breaks between two CJK characters are HTML formatting, not spaces the author typed.
_BREAK_AFTER_CJK = re.compile(
    rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef])[ \t\r\f]*\n\s*(?=[{CJK}\d])"
)
_BREAK_BEFORE_CJK = re.compile(rf"(?<=\d)[ \t\r\f]*\n\s*(?=[{CJK}\u3000-\u303f\uff00-\uffef])")
_SPACE_LIKE = re.compile("[\u3000\xa0\u2002-\u200a\u202f\u205f\t\r\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RUNS_OF_SPACE = re.compile(r"\s+")


def normalise_paragraph(raw: str) -> str:
    """One paragraph on one line: full-width spaces and nbsp become spaces, runs collapse."""
    s = _BREAK_AFTER_CJK.sub("", raw)
    s = _BREAK_BEFORE_CJK.sub("", s)
    s = _INVISIBLE.sub("", _SPACE_LIKE.sub(" ", s))
    return _RUNS_OF_SPACE.sub(" ", s).strip()


# --- pinyin glosses ---------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"(?<=[{CJK}])[(（]([a-zü{_TONED}]{{1,7}})[)）]")
_HAS_TONE = re.compile(f"[{_TONED}]")
# Neutral-tone syllables carry no mark; only trusted on pages already shown to be glossed.
_TONELESS_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo"
    r"|ue|ui|a|o|e|i|u|ü)(?:n|ng|r)?"
)


def count_pinyin_glosses(s: str) -> int:
    """Tone-marked glosses such as 當(dāng): the mark of a page run through a gloss converter."""
    return sum(1 for m in _GLOSS.finditer(s) if _HAS_TONE.search(m.group(1)))


def strip_pinyin_glosses(s: str, toneless_too: bool = False) -> str:
    """Remove a pinyin gloss after a character (當(dāng)前 → 當前, 發(fā)布 → 發布)."""

    def drop(m: re.Match[str]) -> str:
        syllable = m.group(1)
        if _HAS_TONE.search(syllable):
            return ""
        if toneless_too and _TONELESS_SYLLABLE.fullmatch(syllable):
            return ""
        return m.group(0)

    return _GLOSS.sub(drop, s)


# --- Traditional / Simplified ----------------------------------------------------------------


@cache
def _character_tables() -> tuple[frozenset[str], dict[str, str], dict[int, str]]:
    """Characters only Traditional text uses; Simplified character → its Traditional variants;
    Traditional character → its usual Simplified one (a str.translate table)."""
    folder = Path(opencc.__file__).parent / "dictionary"

    def read(name: str) -> dict[str, list[str]]:
        table = {}
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            table[key] = values.split()
        return table

    t2s, s2t = read("TSCharacters.txt"), read("STCharacters.txt")
    traditional_only = frozenset(t for t, s in t2s.items() if s[0] != t and t not in s2t)
    variants = {s: "".join(v for v in ts if v != s) for s, ts in s2t.items()}
    one_to_one = {ord(t): s[0] for t, s in t2s.items() if len(s[0]) == 1}
    return traditional_only, variants, one_to_one


def is_traditional(text: str) -> bool:
    """True when the text is written in Traditional characters.

    Counted over distinct characters: a Simplified page may hold a stray 乾 or 於 (in names), a
    Traditional one uses hundreds of characters Simplified text never does.
    """
    traditional_only, _, _ = _character_tables()
    chars = set(text)
    hits = len(traditional_only & chars)
    han = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff")
    return hits >= 5 and hits >= 0.05 * han


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Phrase-aware Traditional → Simplified conversion (OpenCC t2s)."""
    return _t2s().convert(text)


def simplify_characters(s: str) -> str:
    """Character-by-character Traditional → Simplified: fast and exact for labels and keywords,
    too crude for running text (use to_simplified there)."""
    return s.translate(_character_tables()[2])


def tolerant_words(words: list[str] | tuple[str, ...], spaced: bool = False) -> str:
    """Regex alternation matching each (Simplified) word in either script.

    With spaced=True the characters may be separated by spaces, as in 索 引 号 or 名　　称.
    """
    _, variants, _ = _character_tables()
    gap = r"[ \u3000\xa0]*" if spaced else ""
    alternatives = []
    for word in sorted(set(words), key=len, reverse=True):
        parts = []
        for ch in word:
            alt = variants.get(ch, "")
            parts.append(f"[{re.escape(ch + alt)}]" if alt else re.escape(ch))
        alternatives.append(gap.join(parts))
    return "(?:" + "|".join(alternatives) + ")"


# --- rendering --------------------------------------------------------------------------------


class Block(NamedTuple):
    """A paragraph, or a table whose rows are lines of tab-separated cells."""

    kind: str  # "p" or "table"
    text: str


_BLOCK_TAGS = frozenset(
    word_list(
        "address article aside blockquote body caption center dd details dialog "
        "dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
        "header hgroup hr html li main menu nav ol p pre section summary table "
        "tbody thead tfoot tr td th ul ucapcontent"
    )
)
_SKIPPED_TAGS = frozenset(
    word_list(
        "script style noscript template head title iframe object embed svg "
        "canvas select option button input textarea map audio video marquee"
    )
)
_CELL_TAGS = ("td", "th")


def is_data_table(table: HtmlElement) -> bool:
    """A table of cells, as opposed to a layout table holding other tables or one column."""
    if table.find(".//table") is not None:
        return False
    return any(sum(1 for c in row if c.tag in _CELL_TAGS) >= 2 for row in table.iter("tr"))


_ENTER, _EXIT, _TEXT = 0, 1, 2


class _Renderer:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        paragraph = normalise_paragraph("".join(self.buffer))
        self.buffer.clear()
        if paragraph:
            self.blocks.append(Block("p", paragraph))

    def walk(self, root: HtmlElement) -> None:
        """Depth-first without recursion: broken pages nest a thousand levels deep."""
        stack: list[tuple[int, HtmlElement | str]] = [(_ENTER, root)]
        preformatted = 0
        while stack:
            step, item = stack.pop()
            if isinstance(item, str):
                self.text(item, preformatted > 0)
                continue
            tag = item.tag if isinstance(item.tag, str) else ""
            if step == _EXIT:
                preformatted -= tag == "pre"
                if tag in _BLOCK_TAGS:
                    self.flush()
                continue
            if not tag or tag in _SKIPPED_TAGS:
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table" and is_data_table(item):
                self.flush()
                self.table(item)
                continue
            if tag in _BLOCK_TAGS:
                self.flush()
            preformatted += tag == "pre"
            stack.append((_EXIT, item))
            for child in reversed(item):
                if child.tail:
                    stack.append((_TEXT, child.tail))
                stack.append((_ENTER, child))
            if item.text:
                stack.append((_TEXT, item.text))

    def text(self, s: str, preformatted: bool) -> None:
        if not preformatted:
            self.buffer.append(s)
            return
        lines = s.split("\n")
        for i, line in enumerate(lines):
            if i:
                self.flush()
            self.buffer.append(line)

    def table(self, table: HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.blocks.extend(render_blocks(caption))
        rows = []
        for row in table.iter("tr"):
            cells = [cell_text(c) for c in row if c.tag in _CELL_TAGS]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append("\t".join(cells))
        if rows:
            self.blocks.append(Block("table", "\n".join(rows)))


def cell_text(cell: HtmlElement) -> str:
    """The text of one table cell on one line: 本年新<br>制作数量 reads 本年新制作数量."""
    pieces = list(cell.itertext())
    if len(pieces) <= 1:
        return normalise_paragraph(pieces[0]) if pieces else ""
    joined = pieces[0]
    for piece in pieces[1:]:
        if (
            joined
            and piece
            and joined[-1].isascii()
            and joined[-1].isalnum()
            and piece[0].isalnum()
        ):
            joined += " "  # keep <p>12</p><p>34</p> apart
        joined += piece
    return normalise_paragraph(joined)


def render_blocks(el: HtmlElement) -> list[Block]:
    """Paragraphs and tables of an element, in document order; <br> starts a new paragraph."""
    renderer = _Renderer()
    renderer.walk(el)
    renderer.flush()
    return renderer.blocks


def blocks_to_text(blocks: list[Block]) -> str:
    """Paragraphs separated by a blank line; a table's rows on consecutive lines."""
    return "\n\n".join(b.text for b in blocks)


# --- sections ---------------------------------------------------------------------------------


class Section(TypedDict):
    heading: str
    text: str


_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*\S")
_HEADING_END = re.compile(r"[。：:；！？]")


def chinese_numeral(s: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; None for anything else."""
    if not s or any(c not in _NUMERALS and c != "十" for c in s):
        return None
    if "十" not in s:
        return _NUMERALS[s] if len(s) == 1 else None
    tens, _, units = s.partition("十")
    if (tens and tens not in _NUMERALS) or (units and units not in _NUMERALS) or "十" in units:
        return None
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def _split_heading(paragraph: str) -> tuple[str, str]:
    end = _HEADING_END.search(paragraph)
    if end is None or (len(paragraph) <= 60 and end.end() == len(paragraph)):
        return paragraph.rstrip("。：:；"), ""
    if end.start() > 80:
        return paragraph, ""
    return paragraph[: end.start()], paragraph[end.end() :].strip()


def find_sections(blocks: list[Block]) -> list[Section]:
    """Top-level numbered parts 一、二、… in sequence; （一） items and table rows stay inside."""
    sections: list[Section] = []
    parts: list[str] = []
    expected = 1
    for block in blocks:
        match = _SECTION_HEADING.match(block.text) if block.kind == "p" else None
        number = chinese_numeral(match.group(1)) if match else None
        if number == expected:
            if sections:
                sections[-1]["text"] = "\n\n".join(parts)
            heading, rest = _split_heading(block.text)
            sections.append(Section(heading=heading, text=""))
            parts = [rest] if rest else []
            expected += 1
        elif sections:
            parts.append(block.text)
    if sections:
        sections[-1]["text"] = "\n\n".join(parts)
    return sections


# --- the report text --------------------------------------------------------------------------


@dataclass
class ReportText:
    """The clean text of one report page."""

    text: str
    text_simplified: str | None  # only for Traditional pages; `text` keeps the original script
    sections: list[Section]
    flags: list[str] = field(default_factory=list)  # spam_injected, pinyin_glosses, traditional
    warnings: list[str] = field(default_factory=list)
    body_html: str = ""
    container: str = ""  # where the body was found, e.g. "div.TRS_Editor" or "density"


def report_text_from_body(
    body: HtmlElement, flags: list[str] | None = None, warnings: list[str] | None = None
) -> ReportText:
    """Text, sections and script of an already cleaned body element."""
    flags = list(flags or [])
    warnings = list(warnings or [])
    blocks = render_blocks(body)
    text = blocks_to_text(blocks)
    simplified = None
    if is_traditional(text):
        flags.append("traditional")
        simplified = to_simplified(text)
    sections = find_sections(blocks)
    if not text:
        warnings.append("empty_text")
    elif not sections:
        warnings.append("no_numbered_sections")
    return ReportText(text, simplified, sections, flags, warnings)
