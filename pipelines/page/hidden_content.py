"""Hidden and injected content: CSS-hidden blocks and the casino, lottery and porn advertising
that compromised pages carry, visible or not. Detection and removal in place.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from pipelines.page.strings import word_list
from pipelines.page.tree import prune, text_length

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
    return _is_spam(*_spam_counts(text), text_length(text))


def _is_spam(strong: int, weak: int, size: int) -> bool:
    """Spam terms counted in a text of ``size`` characters (surrounding whitespace not counted)."""
    if not (strong >= 2 or (strong >= 1 and weak >= 2) or weak >= 4):
        return False
    return size <= 40 * (strong + weak)


class _TreeText:
    """The text of a tree as one string, where each element's text (what text_content() gives)
    is in it with its size, and the spam terms in it, found once. A top-down visit reads an
    element's terms from offsets: a tree nested thousands deep costs its text once, not once per
    level (a 1 MB page 2,000 levels deep took two minutes)."""

    def __init__(self, root: HtmlElement) -> None:
        pieces: list[str] = []
        length, last_visible = 0, -1  # where the last non-space character so far is
        pending: list[HtmlElement] = []  # entered since then: their first one is still ahead
        first_visible: dict[HtmlElement, int] = {}
        opened: dict[HtmlElement, int] = {}
        self.spans: dict[HtmlElement, tuple[int, int, int]] = {}  # start, end, size

        def add(text: str | None) -> None:
            nonlocal length, last_visible
            if not text:
                return
            visible = text.lstrip()
            if visible:
                for el in pending:
                    first_visible[el] = length + len(text) - len(visible)
                pending.clear()
                last_visible = length + len(text.rstrip()) - 1
            pieces.append(text)
            length += len(text)

        stack: list[tuple[bool, HtmlElement]] = [(False, root)]
        while stack:
            leaving, el = stack.pop()
            if leaving:
                first = first_visible.pop(el, None)
                if first is None:
                    pending.pop()  # no visible text inside: it is the last one entered
                size = last_visible - first + 1 if first is not None else 0
                self.spans[el] = (opened.pop(el), length, size)
                if el is not root:
                    add(el.tail)
            elif isinstance(el.tag, str):
                opened[el] = length
                pending.append(el)
                add(el.text)
                stack.append((True, el))
                stack.extend((False, child) for child in reversed(el))
            else:  # a comment or processing instruction: only its tail is text
                add(el.tail)
        self._starts, self._ends, self._strong, self._weak = [], [], [0], [0]
        for hit in _SPAM_TERM.finditer("".join(pieces)):
            strong = hit.group(0).lower() in _STRONG_SET
            self._starts.append(hit.start())
            self._ends.append(hit.end())
            self._strong.append(self._strong[-1] + strong)
            self._weak.append(self._weak[-1] + (not strong))

    def spam(self, el: HtmlElement) -> tuple[int, int, int]:
        """(strong, weak, size) of the element's text: the terms wholly inside it."""
        start, end, size = self.spans[el]
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        if last > first and self._ends[last - 1] > end:
            last -= 1
        strong = self._strong[last] - self._strong[first]
        return strong, self._weak[last] - self._weak[first], size


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


def remove_visible_spam(root: HtmlElement) -> bool:
    """Remove the outermost elements and bare text runs that are spam; True if any were found."""
    outbound = {a for a in root.iter("a") if _external_href(a)}
    if not outbound and not _SPAM_TERM.search(root.text_content()):
        return False
    leads_out = {ancestor for a in outbound for ancestor in a.iterancestors()} | outbound
    texts = _TreeText(root)
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
        strong, weak, size = texts.spam(el)
        if el not in leads_out and not (strong or weak):
            return None
        if _is_spam_link(el) or _is_spam(strong, weak, size):
            found = True
            return True
        blank_spam_text(el)
        return False

    blank_spam_text(root)
    prune(root, verdict)
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


@lru_cache(maxsize=4096)
def _is_hiding(declarations: str) -> bool:
    """CSS declarations that hide an element: none, hidden, zero size or far off screen.

    Cached: Word's pages repeat a few style attributes on hundreds of cells."""
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


_STYLES = etree.XPath("//@style", smart_strings=False)
_STYLED = etree.XPath("//*[@style]")
_HIDDEN_OR_MARQUEE = etree.XPath("//*[@hidden] | //marquee")


def remove_hidden(root: HtmlElement) -> bool:
    """Remove content a reader never sees; True if some of it was advertising."""
    candidates = []
    # the style strings first (no element objects made), the elements only when one hides
    if any(_is_hiding(style) for style in set(_STYLES(root))):
        candidates = [el for el in _STYLED(root) if _is_hiding(el.get("style", ""))]
    candidates += _HIDDEN_OR_MARQUEE(root)
    candidates += _hidden_by_stylesheets(root)
    if not candidates:
        return False
    # text and links read once for all candidates (they nest: hidden wrappers thousands deep)
    texts = _TreeText(root)
    page_size = texts.spam(root)[2] or 1
    spam_links = {a for a in root.iter("a") if _SPAM_HOST.search(_external_href(a) or "")}
    leads_to_spam = {ancestor for a in spam_links for ancestor in a.iterancestors()} | spam_links
    removed: set[HtmlElement] = set()
    injected = False
    for el in sorted(set(candidates), key=lambda e: len(list(e.iterancestors()))):
        if any(a in removed for a in el.iterancestors()) or el.getparent() is None:
            continue
        # Hidden content that advertises: any spam term or a link to a spam-looking host.
        strong, weak, size = texts.spam(el)
        spam = bool(strong or weak >= 2) or el in leads_to_spam
        # A hidden wrapper holding most of the page is revealed by script, not a hiding place.
        if not spam and size > 0.4 * page_size:
            continue
        injected = injected or spam
        removed.add(el)
        el.drop_tree()
    return injected
