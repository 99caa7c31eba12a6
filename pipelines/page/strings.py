"""String-level helpers of page text: whitespace normalisation, pinyin-gloss removal,
Traditional-script detection and conversion, script-tolerant word patterns, Chinese numerals."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc

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
    if raw.isprintable():
        # no line break, tab, full-width or other unusual space, no invisible character: only
        # runs of ASCII spaces to collapse (most table cells and many paragraphs)
        return " ".join(raw.split()) if "  " in raw else raw.strip()
    s = raw
    if "\n" in s:  # both breaks are line breaks
        s = _BREAK_AFTER_CJK.sub("", s)
        s = _BREAK_BEFORE_CJK.sub("", s)
    s = _INVISIBLE.sub("", _SPACE_LIKE.sub(" ", s))
    return _RUNS_OF_SPACE.sub(" ", s).strip()


# --- pinyin glosses ---------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The bracket first, the character before it checked behind: re then scans for brackets only.
_GLOSS = re.compile(rf"[(（](?<=[{CJK}][(（])([a-zü{_TONED}]{{1,7}})[)）]")
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


def simplified(text: str) -> str:
    """``text`` in Simplified script: OpenCC's phrase-aware conversion, run only when some
    character of it has a Simplified form (most pages have none, and OpenCC is slow)."""
    if _convertible().isdisjoint(text):
        return text
    return to_simplified(text)


@cache
def _convertible() -> frozenset[str]:
    """The characters simplify_characters changes. Asking a set about each character of a page
    (stopping at the first hit) takes half the time of translating the page to compare."""
    table = _character_tables()[2]
    return frozenset(chr(code) for code, to in table.items() if to != chr(code))


def simplify_characters(s: str) -> str:
    """Character-by-character Traditional → Simplified: fast and exact for labels and keywords,
    too crude for running text (use to_simplified there)."""
    return s.translate(_character_tables()[2])


def tolerant_words(words: list[str] | tuple[str, ...], spaced: bool = False) -> str:
    """Regex alternation matching each (Simplified) word in either script.

    With spaced=True the characters may be separated by spaces, as in 索 引 号 or 名　　称.
    """
    return _tolerant_words(tuple(words), spaced)


@cache
def _tolerant_words(words: tuple[str, ...], spaced: bool) -> str:
    _, variants, _ = _character_tables()
    gap = r"[ \u3000\xa0]*" if spaced else ""
    alternatives = []
    for word in sorted(set(words), key=len, reverse=True):
        parts = []
        for ch in word:
            alt = variants.get(ch, "")
            parts.append(f"[{re.escape(ch + alt)}]" if alt else re.escape(ch))
        alternatives.append(gap.join(parts))
    if not all(words) or not any(word[0] in variants for word in words):
        return "(?:" + "|".join(alternatives) + ")"  # re scans for its first letters itself
    # A word starting with a character class hides the first letters from re, which then tries
    # every word at every position; a lookahead on them skips a position at one test (the
    # matches are the same).
    first = sorted({ch for word in words for ch in word[0] + variants.get(word[0], "")})
    return "(?=[" + re.escape("".join(first)) + "])(?:" + "|".join(alternatives) + ")"


# --- numerals -------------------------------------------------------------------------------------

_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


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
