"""Spot mis-decoded text (mojibake) in a decoded page and name how it happened, as warning codes
for the item: "mojibake:<true bytes>-as-<codec used>" or, for single-byte codecs laid over CJK
bytes, "mojibake:<cp1252|latin1>-over-<gbk|utf8|big5>". Pure: text in, codes out."""

from __future__ import annotations

import codecs
import re
from itertools import islice

from crawler.encoding import PLAUSIBLE, plausibility

SAMPLE_CHARS = 200_000  # the head of a long page shows its mojibake as well as the whole
MAX_RUNS = 5_000

# Runs of non-ASCII characters: mis-decoding happens inside them, ASCII survives it.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
_HANZI = re.compile(r"[\u3400-\u9fff]")
_HANZI_RUN = re.compile(r"[\u3400-\u9fff]+")
_HANZI_STRETCH = re.compile(r"[\u3400-\u9fff]{3,}")
_LATIN1_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
_C1_CONTROL = re.compile("[\u0080-\u009f]")
# What CJK bytes look like through a single-byte codec: the byte value of each character a
# cp1252 or latin-1 decoder produces for 0x80-0xFF (Latin-1 letters and symbols, C1 controls,
# and what cp1252 puts at 0x80-0x9F).
_SINGLE_BYTE: dict[str, int] = {
    **{bytes((b,)).decode("latin-1"): b for b in range(0x80, 0x100)},
    **{c: b for b in range(0x80, 0xA0) if (c := bytes((b,)).decode("cp1252", "ignore"))},
}
_SINGLE_BYTE_RUN = re.compile(f"[{''.join(sorted(_SINGLE_BYTE))}]{{4,}}")
_MULTI_BYTE = (("utf-8", "utf8"), ("gb18030", "gbk"), ("big5hkscs", "big5"))
_MOJIBAKE_OF_REPLACEMENT = "锟斤拷"  # U+FFFD twice, in UTF-8 bytes, read as GBK


def find_mojibake(text: str) -> list[str]:
    """Warning codes for the kinds of mojibake in `text`, sorted; [] for clean text, whether
    Simplified or Traditional Chinese, full-width punctuation or English."""
    sample = text[:SAMPLE_CHARS]
    found = set(_replacement_characters(sample))
    runs = _non_ascii_runs(sample)
    if _MOJIBAKE_OF_REPLACEMENT in sample or _recovers_as_utf8(runs, "gb18030"):
        found.add("mojibake:utf8-as-gbk")
    if _recovers_as_utf8(runs, "big5hkscs"):
        found.add("mojibake:utf8-as-big5")
    found.update(_single_byte_over_multi_byte(sample))
    found.update(_gbk_big5_swaps(sample))
    return sorted(found)


def _replacement_characters(sample: str) -> list[str]:
    """U+FFFD marks bytes the codec could not read: legacy CJK bytes read as UTF-8 when they are
    many, a few damaged bytes otherwise."""
    count = sample.count("\ufffd")
    if not count:
        return []
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if count >= 3 and count >= 0.1 * non_ascii:
        return ["mojibake:gbk-as-utf8"]
    return ["mojibake:replacement-chars"]


def _non_ascii_runs(sample: str) -> str:
    """The text's runs of non-ASCII characters (the first MAX_RUNS), a newline between two:
    UTF-8 reads an ASCII byte as itself whatever came before, so no stretch re-read as UTF-8
    crosses from one run into the next (one codec call per page instead of one per run)."""
    runs = [run.group() for run in islice(_NON_ASCII_RUN.finditer(sample), MAX_RUNS)]
    return "\n".join(runs).replace("\ufffd", "")


def _recovers_as_utf8(runs: str, codec: str) -> bool:
    """True when stretches of the text (its ``_non_ascii_runs``), encoded back with `codec`, read
    as UTF-8 hanzi: UTF-8 bytes were read as `codec`. Correct GBK or Big5 text re-read as UTF-8
    is mostly U+FFFD (its lead bytes B0-BF are UTF-8 continuation bytes), with at most a stray
    hanzi here and there."""
    raw = runs.encode(codec, "ignore")
    again = raw.decode("utf-8", "replace")
    return sum(map(len, _HANZI_STRETCH.findall(again))) >= 4


def _single_byte_over_multi_byte(sample: str) -> list[str]:
    """Runs of Latin-1 letters and symbols that are GBK, UTF-8 or Big5 bytes read through
    cp1252 (or latin-1, when C1 controls show); the codec that recovers most hanzi is named."""
    recovered = dict.fromkeys((name for _, name in _MULTI_BYTE), 0)
    reader = "cp1252"
    for run in _SINGLE_BYTE_RUN.findall(sample):
        if len(_LATIN1_LETTER.findall(run)) < 2:
            continue  # “……”, ×× and —— are Chinese text, not bytes
        raw = bytes(_SINGLE_BYTE[c] for c in run)
        for codec, name in _MULTI_BYTE:
            try:
                again = codecs.getincrementaldecoder(codec)().decode(raw, final=False)
            except UnicodeDecodeError:
                continue
            hanzi = len(_HANZI.findall(again))
            if hanzi >= 2 and (plausibility(again) or 0) >= PLAUSIBLE:
                recovered[name] += hanzi
                if _C1_CONTROL.search(run):
                    reader = "latin1"
                break
    name, hanzi = max(recovered.items(), key=lambda item: item[1])
    return [f"mojibake:{reader}-over-{name}"] if hanzi >= 2 else []


def _gbk_big5_swaps(sample: str) -> list[str]:
    """GBK read as Big5 (or Big5 as GBK) decodes without errors into rare characters; encoded
    back and read the other way, it becomes common text again."""
    hanzi = "".join(_HANZI_RUN.findall(sample))
    if len(hanzi) < 10 or (plausibility(hanzi) or 0) >= PLAUSIBLE:
        return []
    for used, true, code in (
        ("big5hkscs", "gb18030", "mojibake:gbk-as-big5"),
        ("gb18030", "big5hkscs", "mojibake:big5-as-gbk"),
    ):
        again = hanzi.encode(used, "ignore").decode(true, "replace")
        errors = again.count("\ufffd")
        if errors * 20 <= len(again) and (plausibility(again) or 0) >= PLAUSIBLE:
            return [code]
    return []
