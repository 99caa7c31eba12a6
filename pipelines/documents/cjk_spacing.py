"""Spacing of text taken from documents: CJK has no spaces between words, Latin text has.

Text layers and Word files put spaces where a layout justified a line (「邮 编 ：」) or a font
changed (「2024 年」); a line broken inside a paragraph or a cell joins without a space unless
two Latin words meet there.
"""

from __future__ import annotations

import re

# CJK ideographs, kana, hangul, full-width forms and CJK punctuation.
_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_SPACE_NEXT_TO_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_WIDE}])")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)\]]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[]")


def tidy_spaces(text: str) -> str:
    """No space next to a CJK character, single spaces elsewhere, none at the ends."""
    return _SPACES.sub(" ", _SPACE_NEXT_TO_WIDE.sub("", text)).strip()


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph or cell as one text: a space only where two Latin words meet."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _LATIN_END.search(out) and _LATIN_START.match(line) and not out.endswith("-"):
            out += " "
        out += line
    return out
