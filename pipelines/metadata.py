"""Report metadata from a whole page: title, agency, region, year, published date, 索引号, 文号.

Each field is taken from the most trustworthy place that has it (docs/text-and-metadata.md):
the page's metadata block and <meta> tags, then the title, the text, the URL, the registry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from lxml import etree
from lxml.html import HtmlElement

from pipelines.body import clean_page, parse_page
from pipelines.text import (
    CJK,
    chinese_numeral,
    is_data_table,
    is_traditional,
    normalise_paragraph,
    render_blocks,
    simplify_characters,
    to_simplified,
    tolerant_words,
    word_list,
)


@dataclass
class ReportMetadata:
    """What the page says about the report; `sources` names where each field came from."""

    title: str | None = None
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    index_no: str | None = None
    doc_no: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --- labelled values --------------------------------------------------------------------------

# Labels per field, most trusted first. Matched in Simplified or Traditional, spaced or not.
_LABELS: dict[str, tuple[str, ...]] = {
    "index_no": word_list("索引号 信息索引号 索取号"),
    "doc_no": word_list("发文字号 文号 发文文号 文件编号 发文编号"),
    "title": word_list("标题 名称 文件名称 信息名称 题名 文件标题"),
    "agency": word_list(
        "发布机构 发文机关 发文机构 发文单位 发布单位 制发机关 公开主体 公开单位 发布部门 "
        "公开责任部门 责任部门 所属机构 生成机构 信息来源 文章来源 来源"
    ),
    "published": word_list(
        "发布日期 发布时间 公开日期 公开时间 发表日期 发表时间 信息时间 发稿时间 上网时间 "
        "发文日期 印发日期 成文日期 生成日期 创建日期 日期 时间 更新日期 更新时间"
    ),
    # Labels of other fields: they end the value before them.
    "other": word_list(
        "主题分类 公开方式 公开范围 主题词 关键词 关键字 分类 体裁分类 组配分类 服务对象 时效 "
        "有效性 浏览次数 阅读次数 访问量 访问次数 浏览量 点击数 点击率 作者 编辑 责任编辑 字号 "
        "字体 文件下载 公开形式 公开时限 所属主题 效力状态 废止日期 有效期 文种 信息分类 主题 "
        "统一编号 登记号 备注 公开时限 发布人 审核人 摘要 内容概述"
    ),
}
# Date labels trusted less than the <meta> publication date (a writing date is no publication).
_PUBLISHED_AFTER_META = word_list(
    "发文日期 印发日期 成文日期 生成日期 创建日期 日期 时间 更新日期 更新时间"
)
_TITLE_METAS = ("articletitle", "dc.title", "og:title")
_DATE_METAS = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")

_LABEL_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL = re.compile(
    "(" + tolerant_words(tuple(_LABEL_FIELD), spaced=True) + r")(?=[ \u3000\xa0]*([:：]|\t|$))"
)
# Where a label may stand: line or cell start, after a space, bracket, separator or number.
_BEFORE_LABEL = re.compile(r"[\s【\[|｜/,，;；:：】\]）)\d]")
_VALUE_TRIM = " \t\u3000\xa0:：【】[]〖〗|｜"
_MAX_LABEL_LINE = 300
_METADATA_ROWS = 15  # a metadata block has fewer rows than that


def _label_name(matched: str) -> str:
    return simplify_characters("".join(matched.split()))


def _labels_in(line: str) -> list[re.Match[str]]:
    """Labels where labels stand, followed by a colon or the end of their cell. Glued to the
    previous value (来源：市体育局浏览次数：12, from adjacent <span>s) only after another label."""
    found: list[re.Match[str]] = []
    for m in _LABEL.finditer(line):
        start = m.start()
        if start == 0 or _BEFORE_LABEL.match(line[start - 1]) or (found and m.group(2) != "\t"):
            found.append(m)
    return found


def labelled_values(lines: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(label, value) pairs of the page's metadata block and info lines, by field, in page order.

    A value runs from its label to the next label, or is the next line when the label stands
    alone (<dt>发布机构</dt><dd>…</dd>).
    """
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in _LABELS}
    for i, line in enumerate(lines):
        if len(line) > _MAX_LABEL_LINE:
            continue
        matches = _labels_in(line)
        for j, m in enumerate(matches):
            end = matches[j + 1].start() if j + 1 < len(matches) else len(line)
            cells = [c.strip(_VALUE_TRIM) for c in line[m.end() : end].split("\t")]
            value = next((c for c in cells if c), "")
            if not value and j + 1 == len(matches) and m.start() == 0 and i + 1 < len(lines):
                following = lines[i + 1]  # <dt>label</dt><dd>value</dd>
                if not _labels_in(following) and len(following) <= 120:
                    value = following.strip(_VALUE_TRIM)
            label = _label_name(m.group(1))
            name = _LABEL_FIELD.get(label)
            if name and value:
                found[name].append((label, value))
    return found


def _ranked(pairs: list[tuple[str, str]], labels: Iterable[str]) -> list[tuple[str, str]]:
    order = {label: i for i, label in enumerate(labels)}
    return sorted(pairs, key=lambda p: order.get(p[0], len(order)))


# --- dates ------------------------------------------------------------------------------------

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

_YEAR = re.compile(
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
    for m in _YEAR.finditer(title):
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


# --- titles -----------------------------------------------------------------------------------

_REPORT_WORDS = re.compile(tolerant_words(("报告", "年报", "公开工作情况")))
_SEPARATORS = re.compile(r"\s*(?:[_|｜]|--|——|—|–|(?<!\d)\s*-\s*|\s*-\s*(?!\d))\s*")
_TITLE_TRIM = " \t\u3000\xa0-_|｜:：·•"
_ELLIPSIS = ("...", "…", "。。。")


def clean_title(raw: str) -> str:
    """One line without the site name before or after it; spaces the author typed stay."""
    s = normalise_paragraph(raw)
    parts = [p.strip(_TITLE_TRIM) for p in _SEPARATORS.split(s)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        reports = [p for p in parts if _REPORT_WORDS.search(p)]
        s = max(reports, key=len) if reports else parts[0]
    return s.strip(_TITLE_TRIM)


def _is_report_title(s: str) -> bool:
    return bool(_REPORT_WORDS.search(s)) and 6 <= len(s) <= 120


_HEADING_CANDIDATES = etree.XPath("//h1 | //ucaptitle | //h2 | //h3 | //*[@class or @id]")
_TITLE_NAME = re.compile(r"tit|biaoti|(?:^|[-_\s])bt(?:$|[-_\s])", re.I)


def _heading_rank(el: HtmlElement) -> int | None:
    """h1 first, then elements named like a title, then h2/h3; None for no title at all.
    Titles of other reports sit in link lists, so list items and links are no candidates."""
    if el.tag in ("h1", "ucaptitle"):
        return 0
    if el.tag == "a" or next(el.iterancestors("a", "li"), None) is not None:
        return None
    if _TITLE_NAME.search(el.get("class") or "") or _TITLE_NAME.search(el.get("id") or ""):
        return 1
    return 2 if el.tag in ("h2", "h3") else None


def _headings(root: HtmlElement) -> list[str]:
    ranked = []
    for order, el in enumerate(_HEADING_CANDIDATES(root)):
        rank = _heading_rank(el)
        if rank is None:
            continue
        text = "".join(b.text for b in render_blocks(el))  # <br> in a title breaks a line only
        if 4 <= len(text) <= 150:
            ranked.append((rank, order, text))
    return [text for _, _, text in sorted(ranked)]


# --- agencies and regions ---------------------------------------------------------------------

_UNIT = r"(?:特别行政区|自治区|自治州|自治县|地区|街道|苏木|省|市|州|盟|县|区|旗|乡|镇)"
_REGION_UNIT = re.compile(rf"([{CJK}]{{2,12}}?){_UNIT}")
_ONE_CHARACTER_COUNTY = re.compile(rf"([{CJK}])县")  # 沛县, 涉县, 单县, 歙县
_NOT_A_PLACE = re.compile(r"[和与及的、]|政府|人民|机关|部门|管理|服务|委员|办公|公安|工作|中心")
_TOWNSHIP = ("乡", "镇", "街道", "苏木")
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|办事处|管委会|管理委员会|委员会|局|委|厅|办|中心|院|所|站|处"
    r"|部|署|会|队|馆|室|街道|乡|镇|苏木)$"
)
_LEVELS = "省市州县区旗乡镇"
_NOT_LEVELS = ("市场", "市政", "市容", "区域", "县域", "镇区")  # 市场监督管理局 is no 市-level name
_ZONES = ("开发区", "新区", "园区", "高新区", "试验区", "示范区")
_AGENCY_CHARS = re.compile(rf"^[{CJK}（）()·]{{2,40}}$")
_AGENCY_TRIM = " \t\u3000\xa0:：【】[]〖〗|｜,，。;；"


def split_region(name: str) -> tuple[list[str], str]:
    """Leading administrative units and the rest.

    元谋县姜驿乡人民政府 → ([元谋县, 姜驿乡], 人民政府); 长春市体育局 → ([长春市], 体育局).
    """
    units, i = [], 0
    while i < len(name):
        m = _ONE_CHARACTER_COUNTY.match(name, i) or _REGION_UNIT.match(name, i)
        if not m or _NOT_A_PLACE.search(m.group(1)):
            break
        units.append(m.group(0))
        i = m.end()
    return units, name[i:]


def _is_agency(s: str) -> bool:
    if not _AGENCY_CHARS.match(s):
        return False
    units, rest = split_region(s)
    return bool(_AGENCY_SUFFIX.search(s)) or (bool(units) and not rest)


def normalise_agency(raw: str, site_units: list[str]) -> str | None:
    """The body's name in full, or None if raw is not an agency name (本站, 新华网, …).

    盘锦市政府 → 盘锦市人民政府; 市政府办公室 → 郴州市人民政府办公室 on 郴州's site;
    姜驿乡 → 元谋县姜驿乡人民政府 on 元谋县's site; 统计局 → 长春市统计局 on 长春's site.
    """
    s = raw.strip(_AGENCY_TRIM)
    s = re.split(r"\s", s, maxsplit=1)[0] if s else s
    if not s or s.startswith("本") or not _is_agency(s):  # 本站, 本网, 本局, 本单位
        return None
    s = re.sub(r"(?<=[省市县区乡镇州旗])(?<!人民)政府(?=$|办公室|办公厅|办$)", "人民政府", s)
    s = re.sub(r"人民政府办$", "人民政府办公室", s)
    units, rest = split_region(s)
    if site_units:
        if not units and s[0] in _LEVELS and len(s) > 1 and not s.startswith(_NOT_LEVELS):
            s = _site_prefix(site_units, s[0]) + s[1:]  # 市政府办公室, 区统计局
        elif not units:
            s = "".join(site_units) + s  # 统计局
        elif units[0] in site_units[1:]:
            s = "".join(site_units[: site_units.index(units[0])]) + s  # 密云区… on 北京市密云区
        elif units[0].endswith(_TOWNSHIP) and units[0] not in site_units:
            s = "".join(u for u in site_units if not u.endswith(_TOWNSHIP)) + s  # 姜驿乡 on 元谋县
    units, rest = split_region(s)
    if units and not rest and not units[-1].endswith(_ZONES):
        s += "办事处" if s.endswith("街道") else "人民政府"
    return s


def _site_prefix(site_units: list[str], level: str) -> str:
    """The site's units down to the one of the given level: (北京市, 密云区), 区 → 北京市密云区."""
    for i in range(len(site_units) - 1, -1, -1):
        if site_units[i].endswith(level):
            return "".join(site_units[: i + 1])
    return "".join(site_units)


_REPORT_PHRASE = re.compile(
    r"(?:政府|政务)信息公开|信息公开|政务公开|政府信息|年度报告|工作报告|年报"
)
_LEADING_YEAR = re.compile(
    r"^(?:(?:19|20)\d{2}|[〇零○ＯO０二][〇零○ＯO０一二三四五六七八九]{3})\s*年度?\s*(?:的)?"
)


def agency_from_title(title: str) -> str | None:
    """The publisher a title names: 郴州市2015年… → 郴州市, XX县XX局2023年… → XX县XX局,
    2023年度郴州市人民政府信息公开… → 郴州市人民政府 (raw: the caller completes it)."""
    s = title.replace("关于", "")
    s = _LEADING_YEAR.sub("", s.strip())
    year = _YEAR.search(s)
    phrase = _REPORT_PHRASE.search(s)
    cut = min(m.start() for m in (year, phrase) if m) if (year or phrase) else None
    if not cut:
        return None
    name = s[:cut].strip(_AGENCY_TRIM + "的")
    if name.endswith("人民") and s[cut:].startswith("政府"):
        name += "政府"
    return name or None


_SIGNATURE_LINES = 8


def signature(text: str) -> tuple[str | None, str | None]:
    """(agency, date) of the signature closing a report: 郴州市人民政府办公室 / 2016年3月15日."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][-_SIGNATURE_LINES:]
    agency = signed = None
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        when = parse_date(line) if _DATE_ONLY.match(line) else None
        if when:
            signed = when
            continue
        name = re.sub(r"\s", "", line)
        head = _DATE_DIGITS.search(name) or _DATE_CHINESE.search(name)
        if head and head.start() > 0:  # 郴州市人民政府办公室 2016年3月15日 on one line
            signed, name = parse_date(name[head.start() :]), name[: head.start()]
        if len(name) <= 40 and _is_agency(name):
            nearby = lines[i + 1 : i + 3]
            if signed or any(_DATE_ONLY.match(n) for n in nearby):
                agency = name
    return agency, signed


# --- the page ---------------------------------------------------------------------------------


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        value = normalise_paragraph(meta.get("content") or "")
        if key and value:
            metas.setdefault(key, value)
    return metas


def _page_lines(root: HtmlElement) -> list[str]:
    body = root.find("body")
    lines = []
    for block in render_blocks(body if body is not None else root):
        lines.extend(line for line in block.text.split("\n") if line.strip())
    return lines


# Dates in a page header that are not the publication's: today's date, update stamps.
_NOT_PUBLICATION = re.compile(tolerant_words(("星期", "今天", "农历", "更新", "成文", "截止")))
# Words of the line under a title that carries its unlabelled date: 2024-01-20 来源：… 浏览：…
_INFO_WORDS = re.compile(
    tolerant_words(("来源", "作者", "浏览", "阅读", "点击", "字号", "字体", "访问"))
)


def _body_start(lines: list[str], text: str) -> int:
    """Index of the line where the report text begins; what is above is the page header."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first.split("\t")[0]
    for i, line in enumerate(lines):
        if first and line.startswith(first[:30]):
            return i
    return next((i for i, line in enumerate(lines) if len(line) > 100), len(lines))


def _site_name(
    portal_name: str | None,
    metas: dict[str, str],
    head_title: str,
    lines: list[str],
    simplify: Callable[[str], str],
) -> str | None:
    """The site's owner: the registry's name, <meta SiteName>, the <title> tail, the footer."""
    candidates = [portal_name or "", metas.get("sitename", "")]
    candidates += [p for p in _SEPARATORS.split(head_title) if not _REPORT_WORDS.search(p)]
    for line in lines[-15:]:
        m = re.search(tolerant_words(("主办单位", "主办", "版权所有")) + r"\s*[:：]?\s*(\S+)", line)
        if m:
            candidates.append(m.group(1))
    for candidate in candidates:
        name = simplify(candidate.strip(_AGENCY_TRIM))
        if name and _is_agency(name) and split_region(name)[0]:
            return name
    return None


@dataclass
class _Page:
    """The parsed page as the field rules read it."""

    root: HtmlElement
    metas: dict[str, str]
    head_title: str
    lines: list[str]
    labelled: dict[str, list[tuple[str, str]]]
    text: str
    simplify: Callable[[str], str]  # Traditional → Simplified on Traditional pages, else identity


def _read_page(html: str, text: str) -> _Page:
    root = parse_page(html)
    clean_page(root)
    for table in list(root.iter("table")):
        # The report's own statistics tables say nothing about the page; metadata blocks are short.
        if len(table.findall(".//tr")) > _METADATA_ROWS and is_data_table(table):
            table.drop_tree()
    lines = _page_lines(root)
    traditional = is_traditional("".join(lines[:200]) + text[:3000])
    return _Page(
        root=root,
        metas=_meta_tags(root),
        head_title=normalise_paragraph(root.findtext(".//title") or ""),
        lines=lines,
        labelled=labelled_values(lines),
        text=text,
        simplify=to_simplified if traditional else (lambda s: s),
    )


def _numbers(page: _Page, meta: ReportMetadata) -> None:
    """索引号 and 文号, from the metadata block only."""
    for name in ("index_no", "doc_no"):
        for label, value in _ranked(page.labelled[name], _LABELS[name]):
            value = re.split(r"\s{2,}|\t", value)[0].strip()
            if value and value not in ("无", "暂无", "-", "/", "—"):
                setattr(meta, name, page.simplify(value) if name == "doc_no" else value)
                meta.sources[name] = f"block:{label}"
                break


def _title_candidates(page: _Page, link_text: str | None) -> list[tuple[str, str]]:
    """(source, cleaned title), most trusted first: <meta>, block, headings, <title>, link, text."""
    raw = [(f"meta:{key}", page.metas[key]) for key in _TITLE_METAS if key in page.metas]
    raw += [(f"block:{label}", v) for label, v in _ranked(page.labelled["title"], _LABELS["title"])]
    raw += [("heading", h) for h in _headings(page.root)]
    raw.append(("html_title", page.head_title))
    if link_text and not link_text.rstrip().endswith(_ELLIPSIS):
        raw.append(("link_text", link_text))
    first_line = next((line for line in page.text.splitlines() if line.strip()), "")
    if len(first_line) <= 80:
        raw.append(("text", first_line))
    return [(src, page.simplify(clean_title(t))) for src, t in raw if t.strip()]


def _title(page: _Page, meta: ReportMetadata, link_text: str | None) -> list[tuple[str, str]]:
    """Sets the title; returns the report-like candidates, for the year."""
    cleaned = _title_candidates(page, link_text)
    reports = [(src, t) for src, t in cleaned if _is_report_title(t)]
    # A column name (政府信息公开年报) can pose as a title; the report's own title names its year.
    dated = [(src, t) for src, t in reports if year_from_title(t)]
    chosen = (dated or reports or cleaned or [None])[0]
    if chosen:
        meta.sources["title"], meta.title = chosen
    else:
        meta.warnings.append("no_title")
    return reports


def _publication_dates(page: _Page, url: str, signed: str | None) -> list[tuple[str, str]]:
    """(source, ISO date), most trusted first."""
    labelled = []
    for label, value in _ranked(page.labelled["published"], _LABELS["published"]):
        when = parse_date(value)
        if when:
            labelled.append((f"block:{label}", when))
    early = [p for p in labelled if p[0].removeprefix("block:") not in _PUBLISHED_AFTER_META]
    late = [p for p in labelled if p not in early]
    in_meta = [(f"meta:{k}", parse_date(page.metas.get(k, "")) or "") for k in _DATE_METAS]
    dates = early + [p for p in in_meta if p[1]] + late
    for line in page.lines[: _body_start(page.lines, page.text)]:
        stamp = _DATE_ONLY.match(line) or (len(line) <= 100 and _INFO_WORDS.search(line))
        if stamp and not _NOT_PUBLICATION.search(line) and parse_date(line):
            dates.append(("page_date", parse_date(line) or ""))
            break
    in_url = date_from_url(url)
    if in_url:
        dates.append(("url", in_url))
    if signed:
        dates.append(("signature", signed))
    return dates


def _published(page: _Page, meta: ReportMetadata, dates: list[tuple[str, str]]) -> None:
    # A report on year N cannot come out before N; such a date belongs to something else.
    plausible = [d for d in dates if meta.year is None or int(d[1][:4]) >= meta.year]
    if not dates:
        meta.warnings.append("no_published_date")
        return
    if not plausible:
        meta.warnings.append("published_before_reported_year")
    meta.sources["published"], meta.published = (plausible or dates)[0]


def _year_without_title(page: _Page, meta: ReportMetadata, url: str) -> None:
    """The year when no title names one: the text, the URL, else the year before publication."""
    published_year = int(meta.published[:4]) if meta.published else None
    from_text = year_from_text(page.simplify(page.text[:2000]), published_year)
    in_url = _YEAR_IN_URL.search(url)
    if from_text:
        meta.year, meta.sources["year"] = from_text, "text"
    elif in_url:
        meta.year, meta.sources["year"] = int(in_url.group(1)), "url"
    elif published_year:
        meta.year, meta.sources["year"] = published_year - 1, "published"
        meta.warnings.append("year_guessed_from_published")
    else:
        meta.warnings.append("no_year")


def _agency(page: _Page, meta: ReportMetadata, signer: str | None, portal_name: str | None) -> None:
    """Agency and region: block, <meta ContentSource>, title, signature, registry, site."""
    site = _site_name(portal_name, page.metas, page.head_title, page.lines, page.simplify)
    site_units = split_region(site)[0] if site else []
    candidates = [
        (f"block:{label}", value)
        for label, value in _ranked(page.labelled["agency"], _LABELS["agency"])
    ]
    if "contentsource" in page.metas:
        candidates.append(("meta:contentsource", page.metas["contentsource"]))
    from_title = agency_from_title(meta.title) if meta.title else None
    for source, raw in (("title", from_title), ("signature", signer), ("portal_name", portal_name)):
        if raw:
            candidates.append((source, raw))
    if site and site != portal_name:
        candidates.append(("site_name", site))
    for source, raw in candidates:
        agency = normalise_agency(page.simplify(raw), site_units)
        if agency:
            meta.agency, meta.sources["agency"] = agency, source
            break
    else:
        meta.warnings.append("no_agency")
    units = split_region(meta.agency)[0] if meta.agency else site_units
    meta.region = "".join(units) or None


def extract_metadata(
    html: str,
    text: str,
    url: str,
    portal_name: str | None = None,
    link_text: str | None = None,
) -> ReportMetadata:
    """Metadata of one report page.

    html is the decoded page, text its clean report text (pipelines.body.extract_report_text),
    portal_name the registry's name of the portal, link_text the text of the link that led here.
    """
    meta = ReportMetadata()
    page = _read_page(html, text)
    if page.simplify is to_simplified:
        meta.warnings.append("traditional_page_fields_simplified")
    _numbers(page, meta)
    reports = _title(page, meta, link_text)
    for source, title in reports:
        year = year_from_title(title)
        if year:
            meta.year, meta.sources["year"] = year, f"title:{source}"
            break
    signer, signed = signature(page.simplify(text[-1500:]))
    _published(page, meta, _publication_dates(page, url, signed))
    if meta.year is None:
        _year_without_title(page, meta, url)
    if meta.year and meta.published and meta.year > int(meta.published[:4]):
        meta.warnings.append("year_after_published")
    _agency(page, meta, signer, portal_name)
    return meta
