"""Decide how to decode a fetched page: validate its BOM, header and meta declarations, ask chardet
when they fail, and return the codec with its evidence. Pure: bytes in, decision out.
The rules and their order are explained in docs/encoding.md."""

from __future__ import annotations

import codecs
import re
from dataclasses import asdict, dataclass
from typing import Any

import chardet
from w3lib.encoding import resolve_encoding

# Codec families: the label we normalise to, then the codecs tried in order when decoding.
# GB2312 and GBK are subsets of GB18030, so every GB label decodes as gb18030 (as browsers do).
# big5hkscs decodes 4,650 more Big5 codes than cp950 but lacks cp950's euro sign (0xA3E1),
# so cp950 is the second try for Big5 pages.
GB = "gb18030"
BIG5 = "big5hkscs"
UTF8 = "utf-8"
LATIN1 = "cp1252"  # WHATWG reads iso-8859-1, latin1 and us-ascii labels as windows-1252
_FAMILY_CODECS: dict[str, tuple[str, ...]] = {GB: (GB,), BIG5: (BIG5, "cp950")}
_RIVAL = {GB: BIG5, BIG5: GB}

# WHATWG Encoding Standard labels (and common misspellings) that w3lib does not resolve, written
# without separators, so "GB-2312", "gb_2312" and "gb2312" meet.
_LABELS_BY_CODEC: dict[str, tuple[str, ...]] = {
    GB: (
        "gb2312", "gbk", "xgbk", "csgb2312", "gb231280", "chinese", "csiso58gb231280",
        "isoir58", "cp936", "ms936", "windows936", "euccn", "xeuccn", "gb18030",
    ),
    BIG5: (
        "big5", "big5hkscs", "cnbig5", "csbig5", "xxbig5", "xbig5", "cp950", "ms950", "windows950",
    ),
    UTF8: ("utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8"),
    LATIN1: (
        "ansix341968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso88591",
        "isoir100", "iso885911987", "l1", "latin1", "usascii", "windows1252", "xcp1252",
    ),
    "utf-16-le": (
        "utf16", "utf16le", "ucs2", "unicode", "csunicode", "iso10646ucs2", "unicodefeff",
    ),
    "utf-16-be": ("utf16be", "unicodefffe"),
}  # fmt: skip
_COMPACT_LABELS = {label: codec for codec, labels in _LABELS_BY_CODEC.items() for label in labels}
_LABEL_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]*")
_LABEL_SEPARATORS = re.compile(r"[\s_.:\-]")

_UTF8_WIDE_LEAD = re.compile(rb"[\xe0-\xf4]")  # starts a 3- or 4-byte UTF-8 sequence
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16-LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declarations are searched in the head, however long its scripts and styles make it; the cap
# only bounds the work on a page that never opens <body>.
HEAD_SCAN_LIMIT = 256 * 1024
_HEAD_TOKEN = re.compile(
    rb"""
      <!--.*?(?:-->|\Z)                                         # comment: not a declaration
    | <(?P<raw>script|style|textarea|title)\b.*?(?:</(?P=raw)\s*>|\Z)  # raw text elements
    | <meta(?=[\s/])(?P<meta>(?:[^<>"']|"[^"]*"|'[^']*')*)      # meta tag
    | <\?xml\s(?P<xml>[^<>]*)                                   # XML declaration
    | <body\b                                                   # the head is over
    """,
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_ATTRIBUTE = re.compile(
    rb"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""", re.DOTALL
)
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_CONTENT_TYPE_PRAGMA = re.compile(rb"content[-_ ]?type", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)

# The detector sees the page without its tags: chardet honours a meta charset that decodes the
# page, and a wrong single-byte or Big5 meta often does. "<" and ">" never occur inside a GBK,
# Big5 or UTF-8 character, so cutting at them splits no character.
DETECTOR_WINDOW = 256 * 1024
DETECTOR_MAX_BYTES = 16 * 1024
_TAG = re.compile(rb"<[^<>]*>")
# Long ASCII runs (scripts, whitespace) are squeezed; a run never starts right after a high
# byte, whose GBK or Big5 trail byte may be ASCII-range (0x40-0x7E).
_ASCII_RUN = re.compile(rb"(?<![\x80-\xff])[\x00-\x7f]{16,}")
# The encodings Chinese portals serve; a smaller field makes chardet faster and keeps it from
# reading short GBK text as Korean or Japanese.
DETECTOR_ENCODINGS = ("utf-8", "gb18030", "big5hkscs", "cp1252")

# chardet's confidence is 0.1-0.4 on right verdicts for 10-50 characters of GBK or Big5 text
# and below 0.1 on nearly all wrong ones; a declaration is only overturned above this.
OVERRIDE_CONFIDENCE = 0.2

# A decoding is plausible when at least this share of its non-ASCII characters are common hanzi
# or punctuation. Correct decodings of the seeds score 0.97-1.0; GBK read as Big5 scores
# 0.5-0.6, Big5 read as GB 0.2-0.4, CJK read as cp1252 about 0 (see docs/encoding.md).
PLAUSIBLE = 0.8
PLAUSIBILITY_SAMPLE = 5_000  # non-ASCII characters examined (±1.4 % at worst)
PLAUSIBILITY_WINDOW = 40_000  # characters searched for them
_LENIENT_ERROR_SHARE = 0.01  # replacement characters tolerated per non-ASCII character
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
# A Latin letter is real text when it stands between ASCII (café, pinyin dāng); in a row of
# Latin-1 characters it is CJK bytes read as a single-byte codec (ÕþÎñ).
_LATIN_LETTER = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LATIN_LETTER_IN_RUN = re.compile(
    rf"(?<=[\u0080-\u024f]){_LATIN_LETTER.pattern}|{_LATIN_LETTER.pattern}(?=[\u0080-\u024f])"
)


def _decode_rows(codec: str, leads: range, trails: list[int]) -> set[str]:
    out: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                out.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return out


def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (the 3,755 most used simplified hanzi) and Big5 level 1 (5,401 common
    traditional ones), read from the codecs themselves."""
    gb_level1 = _decode_rows("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5_level1 = _decode_rows("big5", range(0xA4, 0xC7), big5_trails)
    return frozenset(c for c in gb_level1 | big5_level1 if "\u4e00" <= c <= "\u9fff")


COMMON_HANZI = _common_hanzi()
_GOOD_RANGES = (
    (0x00A0, 0x00A0),  # no-break space
    (0x00A5, 0x00A5),  # ¥
    (0x00A7, 0x00A7),  # §
    (0x00A9, 0x00A9),  # ©
    (0x00AE, 0x00AE),  # ®
    (0x00B0, 0x00B3),  # ° ± ² ³ (m²)
    (0x00B7, 0x00B7),  # · (between names)
    (0x00C0, 0x024F),  # Latin letters, pinyin tone letters (judged again by _LATIN_LETTER_IN_RUN)
    (0x2010, 0x206F),  # general punctuation: dashes, quotes, ……, ‰
    (0x20AC, 0x20AC),  # €
    (0x2100, 0x218F),  # ℃ № and Roman numerals Ⅰ Ⅱ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # ① ⑴ ⒈
    (0x25A0, 0x25FF),  # ■ □ ● ○ ◆
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK punctuation: 、。《》「」
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，：；（）
)


def _character_class(code_points: set[int]) -> str:
    """A regex character class of `code_points`, written as ranges."""
    ordered = sorted(code_points)
    parts: list[str] = []
    start = previous = ordered[0]
    for point in [*ordered[1:], -1]:
        if point == previous + 1:
            previous = point
            continue
        first, last = re.escape(chr(start)), re.escape(chr(previous))
        parts.append(first if start == previous else f"{first}-{last}")
        start = previous = point
    return f"[{''.join(parts)}]"


# Every character a correct Chinese (or Latin) page is made of; what is left when they are
# removed is suspect: rare-looking hanzi, kana, hangul, private use, control characters.
_GOOD_RUN = re.compile(
    _character_class(
        {*map(ord, COMMON_HANZI), *(c for lo, hi in _GOOD_RANGES for c in range(lo, hi + 1))}
    )
    + "+"
)


@dataclass(frozen=True)
class EncodingDecision:
    """The codec a page is decoded with and the evidence it was chosen on."""

    encoding: str  # Python codec name, e.g. "gb18030", "utf-8", "utf-8-sig", "big5hkscs"
    rule: str  # the rule that decided; see RULES
    declared_header: str | None = None  # normalised charset of the Content-Type header
    declared_meta: str | None = None  # normalised charset of the first meta/XML declaration
    detected: str | None = None  # chardet's verdict, when it was consulted
    confidence: float | None = None  # chardet's confidence in that verdict (0..1)
    plausibility: float | None = None  # share of common hanzi/punctuation in the decoded text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for WARC metadata records and items."""
        out = asdict(self)
        for key in ("confidence", "plausibility"):
            if out[key] is not None:
                out[key] = round(out[key], 3)
        return out


RULES = (
    "bom",  # a byte-order mark
    "ascii",  # pure ASCII: every declaration decodes it alike; the first usable one is named
    "utf8",  # valid UTF-8 with non-ASCII characters
    "header",  # the Content-Type charset decodes the page strictly and plausibly
    "meta",  # a meta/XML declaration does
    "detector",  # chardet's verdict does (also: it settled a GB/Big5 tie against a declaration)
    "best-decoding",  # the GB, Big5 or UTF-8 decoding with the fewest errors, most plausible text
    "header-fallback",  # no reading is plausible; the header at least decodes every byte
    "meta-fallback",  # the same for a meta declaration
    "header-latin1-fallback",  # an iso-8859-1/windows-1252 header, when nothing else fits
    "meta-latin1-fallback",  # the same for a meta declaration
    "default",  # nothing fits: the least damaged CJK decoding, or chardet's verdict
)


def normalise_charset_label(label: str) -> str | None:
    """Map a charset label as found in the wild to the Python codec we decode it with.

    GB2312/GBK spellings give "gb18030", Big5 spellings "big5hkscs", latin-1 and ASCII labels
    "cp1252" (WHATWG), unknown labels and UTF-7 None.
    """
    token = _LABEL_TOKEN.search(label.strip().strip("\"'"))
    if token is None:
        return None
    name = token.group().rstrip(".:-_")
    compact = _LABEL_SEPARATORS.sub("", name.lower())
    if compact in _COMPACT_LABELS:
        return _COMPACT_LABELS[compact]
    resolved = resolve_encoding(name)
    if resolved is None:
        return None
    return _COMPACT_LABELS.get(_LABEL_SEPARATORS.sub("", resolved), resolved)


def charset_from_content_type(content_type: str | bytes | None) -> str | None:
    """The raw charset parameter of a Content-Type header value, as written."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    found = _CONTENT_TYPE_CHARSET.search(content_type)
    return found.group(1) if found else None


def find_meta_charsets(body: bytes) -> list[str]:
    """Charset labels of every meta charset, http-equiv Content-Type meta and XML declaration
    before <body>, in document order, as written; not only those in the first 4096 bytes."""
    labels: list[str] = []
    for token in _HEAD_TOKEN.finditer(body, 0, HEAD_SCAN_LIMIT):
        meta, xml = token.group("meta"), token.group("xml")
        if meta is not None:
            label = _meta_label(meta)
        elif xml is not None:
            label = _attributes(xml).get(b"encoding")
        elif token.group().lower().startswith(b"<body"):
            break
        else:
            continue  # a comment or a raw text element
        if label and label.strip():
            labels.append(label.strip().decode("latin-1"))
    return labels


def _attributes(text: bytes) -> dict[bytes, bytes]:
    attrs: dict[bytes, bytes] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        attrs.setdefault(name.lower(), double or single or bare)
    return attrs


def _meta_label(text: bytes) -> bytes | None:
    attrs = _attributes(text)
    if attrs.get(b"charset"):
        return attrs[b"charset"]
    pragma = attrs.get(b"http-equiv") or attrs.get(b"name") or b""
    content = attrs.get(b"content", b"")
    found = _CHARSET_IN_CONTENT.search(content)
    return found.group(1) if found and _CONTENT_TYPE_PRAGMA.search(pragma) else None


def plausibility(text: str) -> float | None:
    """Share of the non-ASCII characters of `text` that a correctly decoded Chinese page is made
    of (common hanzi, CJK and general punctuation, isolated Latin letters); None if there are
    none. Mis-decoded CJK text scores far lower (docs/encoding.md). Reads a window from the first
    non-ASCII character on, so long pages cost no more than short ones."""
    first = _NON_ASCII.search(text)
    if first is None:
        return None
    window = text[first.start() : first.start() + PLAUSIBILITY_WINDOW]
    non_ascii = _ASCII_RUNS.sub("", window)[:PLAUSIBILITY_SAMPLE]
    suspect = len(_GOOD_RUN.sub("", non_ascii))
    if _LATIN_LETTER.search(non_ascii):  # only pages with Latin letters pay for the context check
        suspect += len(_LATIN_LETTER_IN_RUN.findall(window))
    return max(0.0, 1.0 - suspect / len(non_ascii))


def _gbk_euro(error: UnicodeError) -> tuple[str, int]:
    """GBK pages write the euro sign as the single byte 0x80 (cp936, WHATWG), which Python's
    gb18030 codec rejects; any other invalid byte stays an error."""
    if isinstance(error, UnicodeDecodeError) and error.object[error.start] == 0x80:
        return "\u20ac", error.start + 1
    raise error


codecs.register_error("nianbao-gbk-euro", _gbk_euro)


def _decode_strict(body: bytes, codec: str) -> str | None:
    """The page decoded with `codec`, or None if any byte is invalid. A character cut off at
    the very end (a truncated download) is not held against the codec."""
    errors = "nianbao-gbk-euro" if codec == GB else "strict"
    try:
        return codecs.getincrementaldecoder(codec)(errors).decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict(body: bytes, label: str) -> tuple[str, str] | None:
    """(codec, text) for the first codec of `label`'s family that decodes the page strictly."""
    for codec in _FAMILY_CODECS.get(label, (label,)):
        text = _decode_strict(body, codec)
        if text is not None:
            return codec, text
    return None


def _strict_plausible(body: bytes, label: str) -> tuple[str, float | None] | None:
    """(codec, plausibility) for the first codec of `label`'s family that decodes the page
    strictly into plausible text, else None."""
    for codec in _FAMILY_CODECS.get(label, (label,)):
        text = _decode_strict(body, codec)
        if text is None:
            continue
        score = plausibility(text)
        if score is None or score >= PLAUSIBLE:
            return codec, score
    return None


def detector_sample(body: bytes) -> bytes:
    """What the detector reads: the head of the page without tags and long ASCII runs."""
    return _ASCII_RUN.sub(b" ", _TAG.sub(b" ", body[:DETECTOR_WINDOW]))[:DETECTOR_MAX_BYTES]


def _detect(body: bytes) -> tuple[str | None, float | None]:
    """chardet's verdict on the page's text without its tags, normalised to our codec names."""
    sample = detector_sample(body)
    verdict = chardet.detect(
        sample, include_encodings=DETECTOR_ENCODINGS, compat_names=False, prefer_superset=True
    )
    label = verdict.get("encoding")
    if not label:
        return None, None
    return normalise_charset_label(label) or label, float(verdict["confidence"])


def _least_damaged(body: bytes, labels: list[str]) -> tuple[float, float, str]:
    """(error share, plausibility, codec) of the decoding with the fewest replacement characters
    per non-ASCII character, then the most plausible text, among `labels`' codecs."""
    ranked = []
    for label in labels:
        for codec in _FAMILY_CODECS.get(label, (label,)):
            text = body.decode(codec, errors="replace")
            errors = text.count("\ufffd") / max(1, len(_ASCII_RUNS.sub("", text)))
            ranked.append((errors, -(plausibility(text) or 0.0), codec))
    errors, negative_score, codec = min(ranked)
    return errors, -negative_score, codec


class _Evidence:
    """What one decision has learnt so far; runs chardet at most once, and only if asked."""

    def __init__(self, body: bytes, header: str | None, meta: str | None) -> None:
        self._body = body
        self._declared = {"declared_header": header, "declared_meta": meta}
        self._detected: tuple[str | None, float | None] | None = None

    def detector(self) -> str | None:
        if self._detected is None:
            self._detected = _detect(self._body)
        return self._detected[0]

    @property
    def confidence(self) -> float:
        return (self._detected and self._detected[1]) or 0.0

    def decide(self, codec: str, rule: str, score: float | None = None) -> EncodingDecision:
        detected, confidence = self._detected or (None, None)
        return EncodingDecision(
            codec,
            rule,
            **self._declared,
            detected=detected,
            confidence=confidence,
            plausibility=score,
        )


def detect_encoding(body: bytes, header_charset: str | None) -> EncodingDecision:
    """Choose the codec for `body` served with Content-Type charset `header_charset` (raw label
    or None). Declarations are validated, never trusted: see RULES and docs/encoding.md."""
    header = normalise_charset_label(header_charset) if header_charset else None
    metas = [normalise_charset_label(label) for label in find_meta_charsets(body)]
    declared = [("header", header)] if header else []
    declared += [("meta", label) for label in dict.fromkeys(metas) if label]
    evidence = _Evidence(body, header, next(filter(None, metas), None))

    for bom, codec in _BOMS:
        if body.startswith(bom):
            return evidence.decide(codec, "bom")

    # A declaration readable as ASCII cannot describe UTF-16 text, unless NULs show it is.
    wide_possible = b"\x00" in body
    declared = [
        (source, label)
        for source, label in declared
        if wide_possible or not label.startswith(("utf-16", "utf-32"))
    ]
    if body.isascii():
        # Any declaration decodes it alike; name the one forms should be submitted in.
        usable = sorted((label for _, label in declared), key=lambda label: label == LATIN1)
        return evidence.decide(usable[0] if usable else UTF8, "ascii")

    utf8_text = _decode_strict(body, UTF8)
    utf8_score = plausibility(utf8_text) if utf8_text is not None else None
    # Two-byte-only UTF-8 (Latin, Cyrillic) can be GBK by accident (联通 is C1AA CDA8), so it
    # waits for the declarations; text with a three-byte (CJK) character cannot.
    if utf8_text is not None and _UTF8_WIDE_LEAD.search(body):
        return evidence.decide(UTF8, "utf8", utf8_score)

    latin1_fallbacks: list[str] = []
    for source, label in declared:
        if label == LATIN1:
            latin1_fallbacks.append(source)  # decodes anything, so it is the last resort
            continue
        accepted = _strict_plausible(body, label)
        if accepted is None:
            continue
        codec, score = accepted
        rival = _RIVAL.get(label)
        rival_accepted = _strict_plausible(body, rival) if rival else None
        # GBK and Big5 share their byte ranges: when the page reads plausibly both ways,
        # chardet's statistics may overturn the declaration, if they are not a guess.
        if rival_accepted is not None and evidence.detector() == rival:
            rival_codec, rival_score = rival_accepted
            if (rival_score or 0) > (score or 0) or evidence.confidence >= OVERRIDE_CONFIDENCE:
                return evidence.decide(rival_codec, "detector", rival_score)
        return evidence.decide(codec, source, score)

    if utf8_text is not None:
        return evidence.decide(UTF8, "utf8", utf8_score)

    verdict = evidence.detector()
    accepted = _strict_plausible(body, verdict) if verdict else None
    if accepted is not None:
        return evidence.decide(accepted[0], "detector", accepted[1])

    errors, score, codec = _least_damaged(body, [GB, BIG5, UTF8])
    if errors <= _LENIENT_ERROR_SHARE and score >= PLAUSIBLE:
        return evidence.decide(codec, "best-decoding", score)

    # No reading is plausible Chinese: rare characters only, another language, or damage.
    # A declaration that at least decodes every byte is then as good a guess as any.
    for source, label in declared:
        strict = _strict(body, label) if label != LATIN1 else None
        if strict is not None:
            return evidence.decide(strict[0], f"{source}-fallback", plausibility(strict[1]))
    if latin1_fallbacks:
        latin1_score = plausibility(body.decode(LATIN1, errors="replace"))
        if errors > _LENIENT_ERROR_SHARE or (latin1_score or 0) >= PLAUSIBLE:
            return evidence.decide(LATIN1, f"{latin1_fallbacks[0]}-latin1-fallback", latin1_score)
    # A CJK codec that reads every byte beats chardet's single-byte guess.
    if errors > 0 and verdict and (strict := _strict(body, verdict)) is not None:
        return evidence.decide(strict[0], "default", plausibility(strict[1]))
    return evidence.decide(codec, "default", score)
