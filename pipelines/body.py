"""Find the report body in a whole CMS page and clean it of page furniture and injected spam.

parse → drop non-content → strip pinyin glosses → drop hidden and spam content → locate the body
(known CMS containers, else the densest text block) → strip furniture inside it → text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from pipelines.text import (
    ReportText,
    count_pinyin_glosses,
    is_data_table,
    report_text_from_body,
    strip_pinyin_glosses,
    tolerant_words,
    word_list,
)

# --- parsing and non-content ------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NON_CONTENT_TAGS = word_list(
    "script noscript template iframe frame object embed applet svg canvas "
    "input select option button textarea link audio video"
)


# Tags pages leave unclosed by the thousand (<font>…<font>…) nest past libxml2's depth limit and
# the document comes out empty; without them the text survives: formatting first, then <div>s.
_FLATTENINGS = (
    re.compile(r"</?(?:font|span|b|i|u|em|strong|small|big|o:p|st1:\w+)\b[^>]*>", re.I),
    re.compile(r"</?div\b[^>]*>", re.I),
)


def _parse(html: str) -> tuple[HtmlElement, bool]:
    parser = lxml.html.HTMLParser(huge_tree=True)  # one per call: parsers are not thread-safe
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body></body></html>")
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, too_deep


def parse_page(html: str) -> HtmlElement:
    """An lxml document for any page text, however broken (an empty page gives an empty body)."""
    html = _XML_DECLARATION.sub("", _CONTROL_CHARS.sub("", html), count=1)
    root, too_deep = _parse(html)
    for tags in _FLATTENINGS:
        if not too_deep:
            break
        html = tags.sub("", html)
        root, too_deep = _parse(html)
    return root


def _chars(s: str | None) -> int:
    return len(s.strip()) if s else 0


def _size(el: HtmlElement) -> tuple[int, int]:
    """Characters of an element's text and of its link text (spaces inside runs count)."""
    links = sum(_chars(a.text_content()) for a in el.iter("a"))
    return _chars(el.text_content()), links


def _elements(el: HtmlElement) -> list[HtmlElement]:
    return [c for c in el if isinstance(c.tag, str)]


def _measure(root: HtmlElement) -> dict[HtmlElement, tuple[int, int]]:
    """Characters of every element's text (runs stripped), and how many are link text."""
    stats: dict[HtmlElement, tuple[int, int]] = {}
    for el in reversed(list(root.iter(etree.Element))):
        total, links = _chars(el.text), 0
        for child in el:
            total += _chars(child.tail)
            if child in stats:
                size, link_size = stats[child]
                total += size
                links += link_size
        stats[el] = (total, total if el.tag == "a" else links)
    return stats


def _prune(scope: HtmlElement, verdict: Callable[[HtmlElement], bool | None]) -> int:
    """Visit the descendants of scope top-down: verdict True removes the element (and subtree),
    False descends into it, None keeps it without looking inside."""
    removed = 0
    stack = list(reversed(_elements(scope)))
    while stack:
        el = stack.pop()
        decision = verdict(el)
        if decision:
            el.drop_tree()  # keeps el.tail in the document
            removed += 1
        elif decision is not None:
            stack.extend(reversed(_elements(el)))
    return removed


# --- spam -------------------------------------------------------------------------------------

_STRONG_SPAM = word_list(
    "博彩 娱乐城 娛樂城 时时彩 時時彩 百家乐 百家樂 威尼斯人 葡京 赌场 賭場 "
    "六合彩 真人视讯 真人娱乐 真人荷官 棋牌游戏 老虎机 太阳城 皇冠体育 "
    "彩票网 彩票平台 赌博 赌球 彩金 北京赛车 幸运飞艇 澳门银河 金沙娱乐 "
    "银河娱乐 亚博 bet365 無碼 无码 色情 成人影院 黄色网站 毛片 三级片 "
    "偷拍 色香蕉 香蕉视频 影音先锋 久久精品 国产精品 精品国产 中文字幕 "
    "日韩AV 伟哥 代孕 办证 发票代开 代开发票 私服 外挂"
)
_WEAK_SPAM = word_list(
    "彩票 真人 棋牌 澳门 澳門 娱乐 亚洲 日韩 欧美 在线观看 投注 下注 开户 充值 返水 自拍 AV"
)
_STRONG_SET = frozenset(w.lower() for w in _STRONG_SPAM)
_SPAM_WORDS = sorted(_STRONG_SPAM + _WEAK_SPAM, key=len, reverse=True)
# The lookahead on first letters lets the scan skip most characters without trying each word.
_SPAM_TERM = re.compile(
    "(?=["
    + re.escape("".join(sorted({w[0].lower() + w[0].upper() for w in _SPAM_WORDS})))
    + "])(?:"
    + "|".join(re.escape(w) for w in _SPAM_WORDS)
    + ")",
    re.I,
)
_SPAM_HOST = re.compile(
    r"casino|bet\d|bocai|caipiao|dubo|yule|porn|sex|xxx|lottery|amjs|vns|pj\d|\d{4,}\.(com|net|cc)",
    re.I,
)


def _spam_counts(text: str) -> tuple[int, int]:
    strong = weak = 0
    for hit in _SPAM_TERM.findall(text):
        if hit.lower() in _STRONG_SET:
            strong += 1
        else:
            weak += 1
    return strong, weak


def is_spam_text(text: str) -> bool:
    """Casino, lottery, porn or pharma advertising: several spam terms densely packed.

    Density matters: a report may well mention 体育彩票 or 澳门 once in a long paragraph.
    """
    strong, weak = _spam_counts(text)
    if not (strong >= 2 or (strong >= 1 and weak >= 2) or weak >= 4):
        return False
    return _chars(text) <= 40 * (strong + weak)


def _external_href(a: HtmlElement) -> str | None:
    href = (a.get("href") or "").strip()
    host = urlsplit(href).hostname if href.startswith(("http:", "https:", "//")) else None
    if not host or host.endswith((".gov.cn", ".gov")):
        return None
    return host


def _is_spam_link(el: HtmlElement) -> bool:
    if el.tag != "a":
        return False
    host = _external_href(el)
    if host is None:
        return False
    strong, weak = _spam_counts(el.text_content())
    return strong >= 1 or weak >= 2 or bool(_SPAM_HOST.search(host))


def _looks_injected(el: HtmlElement) -> bool:
    """Hidden content that advertises: any spam term or a link to a spam-looking host."""
    strong, weak = _spam_counts(el.text_content())
    if strong or weak >= 2:
        return True
    hosts = (_external_href(a) for a in el.iter("a"))
    return any(h and _SPAM_HOST.search(h) for h in hosts)


def _remove_visible_spam(root: HtmlElement) -> bool:
    """Remove the outermost elements and bare text runs that are spam; True if any were found."""
    outbound = {a for a in root.iter("a") if _external_href(a)}
    if not outbound and not _SPAM_TERM.search(root.text_content()):
        return False
    leads_out = {ancestor for a in outbound for ancestor in a.iterancestors()} | outbound
    found = False

    def blank_spam_text(el: HtmlElement) -> None:
        nonlocal found
        if el.text and is_spam_text(el.text):
            el.text, found = "", True
        for child in el:
            if child.tail and is_spam_text(child.tail):
                child.tail, found = "", True

    def verdict(el: HtmlElement) -> bool | None:
        nonlocal found
        text = el.text_content()
        if el not in leads_out and _SPAM_TERM.search(text) is None:
            return None
        if _is_spam_link(el) or is_spam_text(text):
            found = True
            return True
        blank_spam_text(el)
        return False

    blank_spam_text(root)
    _prune(root, verdict)
    return found


# --- hidden content ---------------------------------------------------------------------------

# Each starts with a literal so that scanning the long styles Word leaves on every cell is fast.
_DISPLAY_NONE = re.compile(r"display\s*:\s*none")
_VISIBILITY_HIDDEN = re.compile(r"visibility\s*:\s*hidden")
_FONT_SIZE_ZERO = re.compile(r"font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|!|$)")
_OPACITY_ZERO = re.compile(r"opacity\s*:\s*0(?:\.0+)?\s*(?:;|!|$)")
_NEGATIVE_OFFSET = re.compile(r":\s*-\s*(\d{3,})")
_OFFSET_PROPERTIES = ("left", "top", "right", "text-indent")
_ZERO_BOX = re.compile(r"(?:height|width)\s*:\s*0(?:px)?\s*(?:;|!|$)")
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^[a-z0-9]*([.#])([\w-]+)$", re.I)
_SHOWN = re.compile(r"display:(?:block|inline|flex|grid|table|list-item)|visibility:visible")


def _is_hiding(declarations: str) -> bool:
    """CSS declarations that hide an element: none, hidden, zero size or far off screen."""
    d = declarations.lower()
    if _DISPLAY_NONE.search(d) or _VISIBILITY_HIDDEN.search(d):
        return True
    if _FONT_SIZE_ZERO.search(d) or _OPACITY_ZERO.search(d):
        return True
    for offset in _NEGATIVE_OFFSET.finditer(d):
        name = d[: offset.start()].rstrip().rsplit(";", 1)[-1].strip()
        if name in _OFFSET_PROPERTIES and int(offset.group(1)) >= 500:  # left:-9999px
            return True
    return "overflow" in d and "hidden" in d and bool(_ZERO_BOX.search(d))


def _top_level_rules(css: str) -> str:
    """Plain rules only: what sits inside @media and similar blocks applies conditionally."""
    out, depth, start, at_rule = [], 0, 0, False
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                at_rule = css[start:i].strip().startswith("@")
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                if not at_rule:
                    out.append(css[start : i + 1])
                start, at_rule = i + 1, False
        elif ch == ";" and depth == 0:
            start = i + 1  # @import / @charset statements
    return "".join(out)


def _hidden_by_stylesheets(root: HtmlElement) -> list[HtmlElement]:
    """Elements whose class or id a <style> block hides (simple .x / #y selectors only)."""
    hidden, shown = set(), set()
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S)
        for selectors, declarations in _CSS_RULE.findall(_top_level_rules(css)):
            for selector in selectors.split(","):
                selector = selector.strip()
                if _SHOWN.search("".join(declarations.lower().split())):
                    shown.update(re.findall(r"[.#][\w-]+", selector))
                simple = _SIMPLE_SELECTOR.match(selector)
                if simple and _is_hiding(declarations):
                    hidden.add(simple.group(1) + simple.group(2))
    found = []
    for name in sorted(hidden - shown):
        if name[0] == "#":
            found += root.xpath("//*[@id=$v]", v=name[1:])
        else:
            found += root.xpath(
                "//*[contains(concat(' ', normalize-space(@class), ' '), $v)]", v=f" {name[1:]} "
            )
    return found


def _remove_hidden(root: HtmlElement) -> bool:
    """Remove content a reader never sees; True if some of it was advertising."""
    candidates = [el for el in root.xpath("//*[@style]") if _is_hiding(el.get("style", ""))]
    candidates += root.xpath("//*[@hidden] | //marquee")
    candidates += _hidden_by_stylesheets(root)
    if not candidates:
        return False
    page_size = _size(root)[0] or 1
    removed: set[HtmlElement] = set()
    injected = False
    for el in sorted(set(candidates), key=lambda e: len(list(e.iterancestors()))):
        if any(a in removed for a in el.iterancestors()) or el.getparent() is None:
            continue
        spam = _looks_injected(el)
        # A hidden wrapper holding most of the page is revealed by script, not a hiding place.
        if not spam and _size(el)[0] > 0.4 * page_size:
            continue
        injected = injected or spam
        removed.add(el)
        el.drop_tree()
    return injected


def clean_page(root: HtmlElement) -> list[str]:
    """Drop scripts, glosses, hidden and injected content in place; returns flags."""
    flags = []
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        el.drop_tree()
    for el in list(root.iter(*_NON_CONTENT_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()

    if count_pinyin_glosses(root.text_content()) >= 3:
        flags.append("pinyin_glosses")
        for el in root.iter(etree.Element):
            if el.text:
                el.text = strip_pinyin_glosses(el.text, toneless_too=True)
            if el.tail:
                el.tail = strip_pinyin_glosses(el.tail, toneless_too=True)

    injected = _remove_hidden(root)
    for el in list(root.iter("style")):
        el.drop_tree()
    if _remove_visible_spam(root) or injected:
        flags.append("spam_injected")
    return flags


# --- page furniture ---------------------------------------------------------------------------

_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside"})
_FURNITURE_TOKENS = frozenset(
    word_list(
        "nav navbar menu header foot footer topbar logo banner search sousuo "
        "breadcrumb crumb crumbs location weizhi dqwz curpos share fenxiang "
        "print dayin close guanbi tool tools toolbar fontsize zihao related "
        "relate xgxx xglj xgwz pagination pager prev next sidebar aside ad ads "
        "advert piaofu duilian qrcode ewm erweima wza jiucuo comment copyright "
        "login"
    )
)
_FURNITURE_FRAGMENTS = re.compile(
    r"nav|menu|footer|breadcrumb|crumb|share|copyright|sidebar|toolbar|pagination|qrcode|erweima"
    r"|fenxiang|dayin|jiucuo"
)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")


def _has_furniture_name(el: HtmlElement) -> bool:
    for value in (el.get("class"), el.get("id")):
        if not value:
            continue
        tokens = {t.lower() for t in _TOKEN_SPLIT.split(value) if t}
        if tokens & _FURNITURE_TOKENS or _FURNITURE_FRAGMENTS.search(value.lower()):
            return True
    return False


def _w(words: str, spaced: bool = False) -> str:
    """Alternation of space-separated Simplified words, matching Traditional spellings too."""
    return tolerant_words(word_list(words), spaced=spaced)


_COLON = r"\s*[:：]"
_BREADCRUMB = re.compile(
    r"^\s*(?:"
    + _w("当前位置 您现在的位置 您的位置 您所在的位置 当前所在位置 所在位置 现在位置")
    + r"|位置\s*[:：])"
)
_CRUMB_ARROWS = re.compile(r"[>»＞›→]")
_TOOL_WORDS = re.compile(
    _w(
        "打印本页 打印此页 打印文章 打印页面 打印 列印 关闭本页 "
        "关闭窗口 关闭此页 关闭页面 关闭 收藏本页 加入收藏 收藏 分享到 "
        "分享 返回顶部 回到顶部 返回列表 返回首页 返回 顶部 上一篇 "
        "下一篇 扫一扫 手机扫一扫 在手机上查看 手机阅读 手机版 保存本页 "
        "保存 我要纠错 纠错 字号 字体 默认 浏览次数 阅读次数 访问量 "
        "点击数 微信 微博 朋友圈 QQ空间 复制链接 无障碍"
    )
    + r"|大\s*[|｜]?\s*中\s*[|｜]?\s*小|\bQQ\b|\bTOP\b|A\+|A-"
)
_TOOL_LEFTOVER = re.compile(r"[\s\d次【】\[\]〖〗()（）|｜:：/·•\-_>]+")
_INFO_STRONG = re.compile(
    _w(
        "浏览次数 阅读次数 点击数 点击率 访问量 访问次数 浏览量 "
        "发布时间 发布日期 信息来源 文章来源 信息时间 发稿时间 更新时间 "
        "录入时间"
    )
    + _COLON
)
_INFO_WEAK = re.compile(_w("来源 作者 编辑 责任编辑 字号 日期 时间") + _COLON)
_METADATA_LABELS = re.compile(
    _w(
        "索引号 主题分类 发布机构 发文机关 发文字号 成文日期 发布日期 "
        "发文日期 文号 公开方式 主题词 名称 标题 有效性 公开范围 "
        "公开日期 生成日期 信息分类 体裁分类 组配分类 关键词 分类 时效",
        spaced=True,
    )
)
_FOOTER_STRONG = re.compile(
    _w("版权所有 网站标识码 公网安备 网站识别码") + r"|ICP\s*[备證证]|©|Copyright", re.I
)
_FOOTER_WEAK = re.compile(
    _w(
        "主办单位 主办 承办单位 承办 技术支持 网站地图 联系我们 "
        "网站声明 隐私声明 建议使用 分辨率 浏览器"
    )
)
_RELATED = re.compile(
    r"^\s*(?:"
    + _w(
        "相关链接 相关文章 相关阅读 相关新闻 相关信息 相关稿件 相关文件 "
        "相关报道 推荐阅读 延伸阅读 热点推荐 猜你喜欢 上一篇 下一篇 "
        "上一条 下一条"
    )
    + ")"
)
_ATTACHMENTS = re.compile(r"^\s*" + _w("附件 相关附件 附件下载"))
_CMS_STAMP = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def furniture_kind(el: HtmlElement, size: int, links: int) -> str | None:
    """What page furniture a short element is (breadcrumb, toolbar, …), or None if content."""
    text = el.text_content()
    tools = _TOOL_WORDS.search(text)
    if size <= 80 and tools and not _TOOL_LEFTOVER.sub("", _TOOL_WORDS.sub("", text)):
        return "toolbar"
    if el.tag in ("td", "th"):
        return None  # a cell of a report table is content unless it is a toolbar
    if size <= 200 and _BREADCRUMB.search(text):
        return "breadcrumb"
    if size <= 150 and "。" not in text and len(_CRUMB_ARROWS.findall(text)) >= 2:
        return "breadcrumb"
    if size <= 150 and "。" not in text:
        if _INFO_STRONG.search(text) or len(_INFO_WEAK.findall(text)) >= 2:
            return "info_line"
        if _CMS_STAMP.match(text):
            return "info_line"
    if size <= 600 and "。" not in text:
        labels = {re.sub(r"\s", "", m) for m in _METADATA_LABELS.findall(text)}
        if len(labels) >= 3:
            return "metadata_block"
    if size <= 400 and (_FOOTER_STRONG.search(text) or len(_FOOTER_WEAK.findall(text)) >= 2):
        return "footer"
    if size <= 1500 and _RELATED.search(text):
        return "related_links"
    if links >= 0.6 * size and len(el.findall(".//a")) >= 3 and not _ATTACHMENTS.search(text):
        return "link_list"
    return None


def strip_furniture(
    scope: HtmlElement, stats: dict[HtmlElement, tuple[int, int]], by_name: bool = False
) -> int:
    """Remove navigation, breadcrumbs, toolbars, info lines, metadata blocks, footers and related
    links below scope; by_name also trusts class/id names such as nav, footer, share.

    Never removes an element holding a large share of the scope's text: a wrapper that happens
    to be called "print-area" or "footer-fix" may hold the report.
    """
    scope_size = stats.get(scope, (0, 0))[0] or 1

    def verdict(el: HtmlElement) -> bool | None:
        size, links = stats.get(el, (0, 0))
        if el.tag == "table" and is_data_table(el):
            # A table of cells is furniture as a whole (a metadata block) or holds none.
            return (size <= 1500 and furniture_kind(el, size, links) is not None) or None
        if size > 0.3 * scope_size and size > 200:
            return False
        if el.tag in _FURNITURE_TAGS or (by_name and _has_furniture_name(el)):
            return True
        if size == 0 or size > 1500:
            return False
        return furniture_kind(el, size, links) is not None

    return _prune(scope, verdict)


# --- locating the body ------------------------------------------------------------------------

# Report containers CMSs mark: TRS WCM, UCAP (开普云), Hanweb (大汉), Epoint (新点), and others.
_CONTAINER_CLASSES = frozenset(
    word_list(
        "TRS_Editor trs_editor_view TRS_UEDITOR trs_paper_default bt_content ewb-article-info view "
        "article-content article_content detail-content pages_content news_content con_article "
        "article_con article-body content_text text-content content-detail"
    )
)
_CONTAINER_IDS = word_list(
    "zoom Zoom zoomcon fontzoom mainText UCAP-CONTENT ivs_content webeditorview infoContent"
)
_CONTAINER_TAGS = word_list("ucapcontent article")
# Elements that could be one; _is_known_container decides (faster than 20 contains() in XPath).
_MARKED_ELEMENTS = etree.XPath("//*[@class or @id] | //ucapcontent | //article")


def _is_known_container(el: HtmlElement) -> bool:
    """A report container by its class, id or tag name."""
    classes = set((el.get("class") or "").split())
    if el.tag in _CONTAINER_TAGS or el.get("id") in _CONTAINER_IDS:
        return True
    if not classes.isdisjoint(_CONTAINER_CLASSES):
        return True
    return "article" in classes and any(
        a.get("id") == "barrierfree_container" for a in el.iterancestors()
    )


def describe(el: HtmlElement) -> str:
    """tag#id.class of an element, for reports on where the body was found."""
    name = el.tag if isinstance(el.tag, str) else "?"
    if el.get("id"):
        name += "#" + el.get("id", "")
    if el.get("class"):
        name += "." + ".".join(el.get("class", "").split())
    return name


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _nonlink(stats: dict[HtmlElement, tuple[int, int]], el: HtmlElement) -> int:
    size, links = stats.get(el, (0, 0))
    return size - links


def locate_body(root: HtmlElement) -> tuple[HtmlElement, str] | None:
    """The report container a CMS marks (TRS, Hanweb, UCAP, Epoint, …) or None.

    Among the marked containers holding nearly all the text, the innermost wins, so that a
    #zoom wrapping title, metadata and .TRS_Editor yields the .TRS_Editor. None when the best
    holds less than 30 % of the page's non-link text.
    """
    found: dict[HtmlElement, int] = {}
    for el in _MARKED_ELEMENTS(root):
        if not _is_known_container(el):
            continue
        size, links = _size(el)
        if size >= 50 and links < 0.5 * size:
            found[el] = size - links
    if not found:
        return None
    best = max(found.values())
    size, links = _size(root)
    if best < 0.3 * (size - links):
        return None  # a side widget that happens to be called .view; the report is elsewhere
    nearly_all = [el for el, nonlink in found.items() if nonlink >= 0.85 * best]
    chosen = max(nearly_all, key=lambda el: (_depth(el), found[el]))
    return chosen, describe(chosen)


def densest_block(root: HtmlElement, stats: dict[HtmlElement, tuple[int, int]]) -> HtmlElement:
    """Descend from <body> while one child holds most of the non-link text."""
    node = root.body if root.find("body") is not None else root
    while True:
        children = _elements(node)
        if not children:
            return node
        best = max(children, key=lambda c: _nonlink(stats, c))
        if _nonlink(stats, best) < 0.7 * _nonlink(stats, node) or _nonlink(stats, best) == 0:
            return node
        node = best


# --- entry points -----------------------------------------------------------------------------


@dataclass
class ReportBody:
    """The cleaned report container of a page and what cleaning found on the way."""

    element: HtmlElement
    container: str  # the CMS container that held it (tag#id.class), or "density"
    flags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        return lxml.html.tostring(self.element, encoding="unicode")


def extract_body(html: str) -> ReportBody:
    """The report body of a whole CMS page, furniture, hidden content and spam removed."""
    root = parse_page(html)
    flags = clean_page(root)
    warnings = []
    located = locate_body(root)
    if located is None:
        strip_furniture(root, _measure(root), by_name=True)
        element, container = densest_block(root, _measure(root)), "density"
        warnings.append("body_by_density")
    else:
        element, container = located
    strip_furniture(element, _measure(element))
    if _chars(element.text_content()) < 100:
        warnings.append("short_body")
    return ReportBody(element, container, flags, warnings)


def extract_report_text(html: str) -> ReportText:
    """Whole page in, report text out: clean text, sections, script, flags and the body HTML."""
    body = extract_body(html)
    report = report_text_from_body(body.element, body.flags, body.warnings)
    report.body_html = body.html
    report.container = body.container
    return report
