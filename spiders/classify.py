"""Is this page an annual report on government information disclosure (政府信息公开工作年度报告)?

A pure decision over the page title(s), URL, link text and body text, with its reasons. The body
headings of the national templates (2008 text format, 2014-2018 统计表, 2019/2021 format) are the
strongest evidence; titles and URLs decide only together with them or with each other. Look-alikes
(notices about compiling the reports, 政府工作报告, budgets, statistics bulletins, news, aggregator
copies) are rejected by their own marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.page.strings import simplified

# --- what a report title says -------------------------------------------------------------------
_REPORT_TITLE = re.compile(
    r"信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
    r"|信息公开.{0,10}年度(?:工作)?报告"
    r"|年度.{0,8}信息公开.{0,6}报告"
    r"|政务公开(?:工作)?年度报告"
    r"|公开年报"
)
_TRUNCATED_TITLE = re.compile(
    r"信息公开(?:工作)?年度(?:报)?(?:\.\.\.|…|$)|信息公开工作年(?:\.\.\.|…|$)"
)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[一二〇○零]{4}年")

# --- what makes a look-alike -------------------------------------------------------------------
_NOTICE_TITLE = re.compile(
    r"通知|通报|工作要点|实施方案|编制(?:和|与|及|并)?(?:发布|报送|公布|工作)|报送|做好|关于印发|关于开展|关于报送|关于公布|"
    r"情况的公示|考核|评估|抽查|检查|培训|召开|会议|部署|座谈|解读|图解|一图读懂|问答|征集|目录$"
)
_OTHER_REPORT_TITLE = re.compile(
    r"政府工作报告|预算|决算|统计公报|国民经济和社会发展|审计工作报告|审计结果|"
    r"财政收支|法治政府建设|营商环境|社会信用|年度绩效|履职报告|述职"
)
_AGGREGATOR_MARK = re.compile(
    r"百度百科|百科|词条|知道|问答|文库|应写哪些|怎么写|范文|模板下载|参考范文|编辑词条|"
    r"豆丁|道客巴巴|原创力文档|360doc"
)
_REPORT_NAME_IN_TEXT = re.compile(r"((?:19|20)\d{2})年(?:度)?政府信息公开(?:工作)?年度报告")

# --- what a report body says -------------------------------------------------------------------
# Each pattern is one part of a national template (2008 text format, 2014-2018 统计表,
# 2019/2021 format); a report body hits several, a news item or notice rarely more than one.
_TEMPLATE_PARTS = tuple(
    re.compile(p)
    for p in (
        r"(?:总体|基本)情况|工作概述|工作概况|[一1][、.]概述",
        r"主动公开(?:政府)?信息(?:的)?(?:情况|工作)",
        r"依申请公开(?:政府信息)?(?:的)?情况|收到和处理政府信息公开申请",
        r"收费(?:及|和)减免",
        r"行政复议.{0,12}行政诉讼",
        r"存在(?:的)?主要问题",
        r"其他需要报告",
        r"政府信息公开情况统计表|第二十条第",
    )
)
_STATUTE = re.compile(r"根据.{0,12}《(?:中华人民共和国)?政府信息公开条例》")
_REPORT_PREAMBLE = re.compile(r"本(?:年度)?报告.{0,30}(?:编制|组成|构成)|所列数据的统计期限")


@dataclass(frozen=True)
class Verdict:
    """The classifier's decision and why."""

    is_report: bool
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


# A pinyin gloss after a character, as compromised copies carry them: 當(dāng)前
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\)")
_DISCLOSURE_TERMS = re.compile(
    r"主动公开|依申请|申请公开|政府信息公开|行政复议|行政诉讼|统计表|《条例》|公开条例|公开指南|公开目录"
)


# News speaks of the report: "我市2023年度……年度报告按时发布", "……年度报告获评优秀".
_NEWS_SUBJECT = re.compile(r"^(?:我[市县区局镇乡委办省]|全[市县区省]|各[地级部])")
# 「高明区发布2023年度政府信息公开工作年度报告」: a body announcing its report is a news item.
_NEWS_VERB = re.compile(r"^.{1,20}?(?:发布|公布|公开发布|晒出|出炉|亮相|印发|召开)")
_TITLE_TAIL_ALLOWED = re.compile(r"^(?:$|[（(\[【_\-|｜—·:：\s]|全文|正文|终稿|发布稿)")


def _is_news_headline(titles: list[str]) -> bool:
    """A headline whose subject is "we" or whose report name is followed by a verb phrase."""
    if not titles:
        return False
    headline = simplified(_PINYIN_GLOSS.sub("", titles[0])).strip()
    if _NEWS_SUBJECT.search(headline):
        return True
    verb = _NEWS_VERB.match(headline)
    if verb and _REPORT_TITLE.search(headline[verb.end() :]):
        return True
    matches = list(_REPORT_TITLE.finditer(headline))
    return bool(matches) and not _TITLE_TAIL_ALLOWED.match(headline[matches[-1].end() :])


# Link texts and titles repeat from page to page; a page's text does not, and a cache of it
# would hold thousands of pages.
_CACHED_TEXT = 300


def simplify(text: str) -> str:
    """Traditional → Simplified, whitespace and pinyin glosses removed: the form all patterns
    are written for."""
    return _simplify_short(text) if len(text) <= _CACHED_TEXT else _simplify(text)


def _simplify(text: str) -> str:
    return simplified(_PINYIN_GLOSS.sub("", re.sub(r"\s+", "", text)))


_simplify_short = lru_cache(maxsize=4096)(_simplify)


def looks_like_report_title(text: str) -> bool:
    """A link text or title that names an annual report (possibly truncated by the CMS)."""
    s = simplify(text)
    if not s or _NOTICE_TITLE.search(s) or _OTHER_REPORT_TITLE.search(s):
        return False
    return bool(_REPORT_TITLE.search(s) or _TRUNCATED_TITLE.search(s))


def count_template_headings(body_text: str) -> int:
    return _template_headings(simplify(body_text[:30000]))


def _template_headings(simplified_body: str) -> int:
    return sum(1 for part in _TEMPLATE_PARTS if part.search(simplified_body))


# Text (outside links) of a page that only announces a document: title, date, 详见附件, furniture.
LANDING_PAGE_MAX_TEXT = 1500


def classify_report_page(
    titles: list[str], url: str, body_text: str, link_text: str = "", attachment_links: int = 0
) -> Verdict:
    """Decide whether a fetched page is an annual report on information-disclosure work.

    ``titles`` are the page's own title candidates (metadata title, headline, ``<title>``),
    strongest first; ``link_text`` is the anchor that led here; ``attachment_links`` counts the
    page's links to documents (a 「详见附件」 page is the report's landing page).
    """
    reasons: list[str] = []
    score = 0
    clean_titles = [simplify(t) for t in titles if t and t.strip()]
    title_hit = any(_REPORT_TITLE.search(t) for t in clean_titles)
    if title_hit:
        score += 3
        reasons.append("title:report-phrase")
    elif link_text and looks_like_report_title(link_text):
        score += 1
        reasons.append("link-text:report-phrase")
    if any(_YEAR.search(t) or "年度" in t for t in clean_titles[:2]):
        score += 1
        reasons.append("title:year")

    body = simplify(body_text[:30000])
    headings = _template_headings(body)
    if headings:
        score += min(headings, 4)
        reasons.append(f"body:template-headings={headings}")
    if _STATUTE.search(body[:6000]) or _REPORT_PREAMBLE.search(body[:6000]):
        score += 1
        reasons.append("body:statute-preamble")
    terms = _DISCLOSURE_TERMS.findall(body)
    if len(terms) >= 8 and len(set(terms)) >= 3:
        score += 2
        reasons.append(f"body:disclosure-vocabulary={len(terms)}")
    dated_title = any(_REPORT_TITLE.search(t) and _YEAR.search(t) for t in clean_titles[:2])
    if dated_title and attachment_links and len(body) < LANDING_PAGE_MAX_TEXT:
        # the title names a report and the page only points to its document
        score += 1
        reasons.append("body:landing-page-with-document")
    if re.search(r"ndbg|xxgknb|gknb|zfxxgknb|/nb/|nianbao", url, re.IGNORECASE):
        score += 1
        reasons.append("url:report-column")

    if not title_hit and headings < 3:
        score = min(score, 2)
        reasons.append("no-report-title-and-few-headings")
    if not any(reason.startswith("body:") for reason in reasons):
        score = min(score, 4)
        reasons.append("no-report-body")
    # Look-alikes are rejected whatever else the page says: a notice's body may quote the
    # whole template, an encyclopedia copy may quote a whole report.
    main_titles = clean_titles[:2]
    vetoes = []
    if any(_NOTICE_TITLE.search(t) for t in main_titles) or _is_news_headline(titles):
        vetoes.append("veto:title-notice-or-news")
    if any(_OTHER_REPORT_TITLE.search(t) and not _REPORT_TITLE.search(t) for t in main_titles):
        vetoes.append("veto:title-other-report")
    if any(_AGGREGATOR_MARK.search(t) for t in clean_titles):
        vetoes.append("veto:title-aggregator")
    # a page quoting reports of three or more different years is a digest, not a report
    quoted_years = {m.group(1) for m in _REPORT_NAME_IN_TEXT.finditer(body)}
    if len(quoted_years) >= 3:
        vetoes.append(f"veto:body-quotes-reports-of-{len(quoted_years)}-years")
    if vetoes:
        return Verdict(False, min(score, 0), tuple(reasons + vetoes))
    return Verdict(score >= 5, score, tuple(reasons))
