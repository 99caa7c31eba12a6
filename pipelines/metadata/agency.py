"""Agencies and regions: the publisher a page, title or signature names, completed to its full
name with its administrative units (长春市统计局, 元谋县姜驿乡人民政府).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipelines.metadata.dates import YEAR_MENTION, date_start, is_bare_date, parse_date
from pipelines.metadata.titles import non_report_parts
from pipelines.page.strings import CJK, tolerant_words

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


_PROVINCE_LEVEL = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,8}(?:省|自治区|特别行政区)|北京市|上海市|天津市|重庆市)"
)


def full_region(page_region: str | None, portal_region: str) -> str | None:
    """The region a page names, completed from the top by the portal's own region.

    元谋县姜驿乡 on 云南省楚雄彝族自治州元谋县's portal → 云南省楚雄彝族自治州元谋县姜驿乡;
    郴州市 on 湖南省郴州市's portal → 湖南省郴州市. A page already naming its province is kept;
    another place is taken to lie within the portal's jurisdiction.
    """
    if not portal_region:
        return page_region
    if not page_region:
        return portal_region
    if page_region.startswith(portal_region) or _PROVINCE_LEVEL.match(page_region):
        return page_region
    portal_units, _ = split_region(portal_region)
    page_units, _ = split_region(page_region)
    if page_units and page_units[0] in portal_units:
        above = portal_units[: portal_units.index(page_units[0])]
        return "".join(above) + page_region
    return portal_region + page_region


def is_agency_name(s: str) -> bool:
    """A name a public body could bear: an agency suffix, or administrative units only."""
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
    if not s or s.startswith(("本", "我")) or not is_agency_name(s):  # 本站, 本局, 我局, 我办
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
    year = YEAR_MENTION.search(s)
    phrase = _REPORT_PHRASE.search(s)
    cut = min(m.start() for m in (year, phrase) if m) if (year or phrase) else None
    if not cut:
        return None
    name = s[:cut].strip(_AGENCY_TRIM + "的")
    if name.endswith("人民") and s[cut:].startswith("政府"):
        name += "政府"
    return name or None


# The opening of a report names its owner: 「X2023年政府信息公开工作年度报告是根据…」, or its
# compiler: 「本报告由X编制」, 「本报告根据…要求，由X负责编制」.
OPENING_CHARACTERS = 1200
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_NAMED_REPORT = re.compile(
    r"^\s*(.{2,60}?(?:年度报告|工作报告|年报|报告))\s*(?:（[^）]{0,20}）)?\s*"
    r"(?:是|系)?(?:根据|依据|按照|依照|遵照|参照)"
)
_COMPILED_BY = re.compile(rf"由([{CJK}（）()·]{{2,60}})")
# Where the compiler's name ends and the sentence goes on: 由X根据…编制, 由X负责编制.
_AFTER_COMPILER = re.compile(
    r"根据|依据|按照|依照|遵照|结合|负责|牵头|会同|汇总|(?:组织|统一)(?=编|起草|撰写)"
    r"|编制|编写|起草|撰写|编印"
)
_COMPILE_VERB = re.compile(r"编制|编写|起草|撰写|编印")


def agency_from_opening(text: str) -> str | None:
    """The owner the opening sentences of a report name (raw: the caller completes it):
    郴州市2015年政府信息公开工作年度报告是根据… → 郴州市; 本报告由县教育局编制 → 县教育局."""
    opening = text[:OPENING_CHARACTERS]
    compiled_by = None
    for paragraph in (p for p in opening.split("\n") if p.strip()):
        named = _NAMED_REPORT.match(paragraph)
        if named:
            name = agency_from_title(named.group(1))
            if name and is_agency_name(name):
                return name
        for sentence in _SENTENCE_END.split(paragraph):
            for m in _COMPILED_BY.finditer(sentence):
                run = m.group(1)
                cut = _AFTER_COMPILER.search(run)
                name = run[: cut.start()] if cut else run
                rest = sentence[m.start(1) + len(name) :]
                if compiled_by is None and _COMPILE_VERB.search(rest) and is_agency_name(name):
                    compiled_by = name
    return compiled_by


_GOVERNMENT_OF_PLACE = ("人民政府", "管委会", "管理委员会", "行政公署", "办事处")


def government_named(place: str, names: list[str]) -> str | None:
    """The first of names that is the government of a bare place: 杨凌示范区 → 杨凌示范区管委会
    (a development zone is run by a 管委会, not a 人民政府)."""
    for name in names:
        if name.startswith(place) and name[len(place) :] in _GOVERNMENT_OF_PLACE:
            return name
    return None


_SIGNATURE_LINES = 8


def signature(text: str) -> tuple[str | None, str | None]:
    """(agency, date) of the signature closing a report: 郴州市人民政府办公室 / 2016年3月15日."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][-_SIGNATURE_LINES:]
    agency = signed = None
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        when = parse_date(line) if is_bare_date(line) else None
        if when:
            signed = when
            continue
        name = re.sub(r"\s", "", line)
        head = date_start(name)
        if head:  # 郴州市人民政府办公室 2016年3月15日 on one line
            signed, name = parse_date(name[head:]), name[:head]
        if len(name) <= 40 and is_agency_name(name):
            nearby = lines[i + 1 : i + 3]
            if signed or any(is_bare_date(n) for n in nearby):
                agency = name
    return agency, signed


def site_owner(
    portal_name: str | None,
    metas: dict[str, str],
    head_title: str,
    lines: list[str],
    simplify: Callable[[str], str],
) -> str | None:
    """The site's owner: the registry's name, <meta SiteName>, the <title> tail, the footer."""
    candidates = [portal_name or "", metas.get("sitename", "")]
    candidates += non_report_parts(head_title)
    for line in lines[-15:]:
        m = re.search(tolerant_words(("主办单位", "主办", "版权所有")) + r"\s*[:：]?\s*(\S+)", line)
        if m:
            candidates.append(m.group(1))
    for candidate in candidates:
        name = simplify(candidate.strip(_AGENCY_TRIM))
        if name and is_agency_name(name) and split_region(name)[0]:
            return name
    return None
