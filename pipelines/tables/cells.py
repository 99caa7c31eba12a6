"""What the text of a statistics-table cell says: a number (``parse_value``) or the 主动公开 block a
第二十条 heading names (``block_of``). Shared by the HTML-table and flattened-text parsers; pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipelines.tables import labels

Number = int | float

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_UNIT_SUFFIX = re.compile(r"(?:\((?:单位:)?(?:{0})\)|(?:{0}))$".format("|".join(labels.UNITS)))
_PLACEHOLDER = re.compile(r"[-—–―/\\]*|无|空")
# No count or amount in these tables has more digits; a longer run is an ID, numbers run together
# or garbage, and would overflow the int64 Parquet column and the checks' float arithmetic.
MAX_DIGITS = 18


@lru_cache(maxsize=16384)  # tables repeat their values (0, 1, —) and labels many times
def parse_value(text: str) -> tuple[Number | None, bool]:
    """(number, blank) of a cell: commas, units and full-width digits go; "—" or "" is blank."""
    if not text:
        return None, True
    if text.isdecimal():  # the common case; full-width digits are decimal too
        return (int(text), False) if len(text) <= MAX_DIGITS else (None, False)
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    text = re.sub(r"\s+", "", text)
    if _PLACEHOLDER.fullmatch(text):
        return None, True
    text = _UNIT_SUFFIX.sub("", text.replace(",", ""))
    if _NUMBER.fullmatch(text) and len(text.lstrip("+-").split(".")[0]) <= MAX_DIGITS:
        return (float(text) if "." in text else int(text)), False
    return None, False


_BLOCK = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")


def block_of(text: str) -> str | None:
    """The 主动公开 block heading a text names (第二十条第（一）项), or None."""
    if "二十" not in text:
        return None
    match = _BLOCK.search(unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)))
    return labels.block_heading(match.group(1)) if match else None
