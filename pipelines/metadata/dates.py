"""Dates and years in report pages: ISO dates from digits, Chinese numerals and URLs; the year
a title, a text or a URL reports on.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from pipelines.page.strings import chinese_numeral

_CN_DIGIT = dict(zip("〇零○ＯO０一二三四五六七八九", "000000123456789", strict=True))
_DATE_DIGITS = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
_DATE_CHINESE = re.compile(
    r"([〇零○ＯO０一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DATE_ONLY = re.compile(
    r"^[\s【\[(（]*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|[〇零○ＯO０一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
    r"\s*[一二三四五六七八九十]{1,3}\s*日)"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\s】\])）]*$"
)
_URL_DATES = (
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """The first date in s as YYYY-MM-DD (2024-01-15, 2024年1月15日, 二〇一七年二月八日)."""
    m = _DATE_DIGITS.search(s)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DATE_CHINESE.search(s)
    if m:
        month, day = chinese_numeral(m.group(2)), chinese_numeral(m.group(3))
        if month and day:
            return _iso(int("".join(_CN_DIGIT[c] for c in m.group(1))), month, day)
    return None


def is_bare_date(line: str) -> bool:
    """A line that is a date and nothing else (a time and brackets allowed): 2016年3月15日."""
    return _DATE_ONLY.match(line) is not None


def date_start(s: str) -> int | None:
    """Where the first date in s begins (written in digits, else in Chinese numerals), or None."""
    found = _DATE_DIGITS.search(s) or _DATE_CHINESE.search(s)
    return found.start() if found else None


def date_from_url(url: str) -> str | None:
    """The publication date CMSs put in paths: t20240115_…, /art/2018/2/28/, /202401/15/."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            found = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return found
    return None


# --- years ------------------------------------------------------------------------------------

# A year in digits or Chinese numerals, with 年 or 年度 after it when written.
YEAR_MENTION = re.compile(
    r"((?<!\d)(?:19|20)\d{2}(?!\d)|(?:二[〇零○ＯO０]|一九)[〇零○ＯO０一二三四五六七八九]{2})\s*(年度?)?"
)
# After the year: words of the report within a few characters (年度、年政府信息公开、年郴州市政府…).
_REPORT_CONTEXT = re.compile(r"^\s*年?度?\s*\D{0,20}?(?:政府|政务|信息|公开|工作|年报|报告)")
_DATE_AFTER = re.compile(r"^\s*(?:年\s*\d{1,2}\s*月|[-/.]\d{1,2}[-/.])")
_YEAR_SPAN = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|－|~|～)+\s*"
    r"(?:((?:19|20)\d{2})\s*年)?\s*12\s*月\s*31\s*日"
)
_YEAR_OF_TEXT = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_IN_URL = re.compile(r"(?:nb|ndbg|gknb|annual|fbtime=|year=)[_-]?((?:19|20)\d{2})(?!\d)", re.I)


def _year_value(token: str) -> int:
    if token.isdigit():
        return int(token)
    return int("".join(_CN_DIGIT.get(c, c) for c in token))


def _plausible(year: int) -> bool:
    return 1995 <= year <= 2100


def year_from_title(title: str) -> int | None:
    """The year a title reports on: 郴州市2015年… → 2015, 二〇一六年度… → 2016.

    A year followed by a month is a date (（2017年3月修订）), and a year followed by words of the
    report (年度、政府信息公开、工作) beats one that is not.
    """
    candidates = []
    for m in YEAR_MENTION.finditer(title):
        token, suffix, after = m.group(1), m.group(2), title[m.end(1) :]
        if _DATE_AFTER.match(after):
            continue
        if not suffix and (not token.isdigit() or not re.match(r"\s*(?:政府|政务|信息)", after)):
            continue
        year = _year_value(token)
        if _plausible(year):
            in_context = suffix == "年度" or bool(_REPORT_CONTEXT.match(after))
            candidates.append((not in_context, m.start(), year))
    return min(candidates)[2] if candidates else None


def year_from_text(text: str, published_year: int | None) -> int | None:
    """The year the opening of a report speaks of: its 统计期限, else the year it names most."""
    opening = text[:2000]
    span = _YEAR_SPAN.search(opening)
    if span and span.group(2) in (None, span.group(1)):
        return int(span.group(1))
    counts = Counter(
        int(y)
        for y in _YEAR_OF_TEXT.findall(opening)
        if _plausible(int(y)) and (published_year is None or int(y) <= published_year)
    )
    if not counts:
        return None
    top = max(counts.values())
    # On a tie the earlier year: the closing 下一步工作 part names the following year.
    return min(y for y, n in counts.items() if n == top)


def year_from_url(url: str) -> int | None:
    """The year a URL names as a report's: /gknb2017/, ndbg_2023, ?year=2022."""
    found = _YEAR_IN_URL.search(url)
    return int(found.group(1)) if found else None
