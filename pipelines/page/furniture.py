"""Page furniture inside or around a report: navigation, breadcrumbs, toolbars, info lines,
metadata blocks, footers and related links, recognised by their words and removed.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipelines.page.blocks import is_data_table
from pipelines.page.strings import tolerant_words, word_list
from pipelines.page.tree import prune

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
    # the word search only where a toolbar may be: most elements asked about are larger
    if (
        size <= 80
        and _TOOL_WORDS.search(text)
        and not _TOOL_LEFTOVER.sub("", _TOOL_WORDS.sub("", text))
    ):
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

    return prune(scope, verdict)
