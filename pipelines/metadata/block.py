"""The page as the metadata rules read it: the 信息公开目录 block of labels and values
(索引号、发布机构、发布日期 …), the <meta> tags, and the page's lines of text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement

from pipelines.page.page import Page
from pipelines.page.strings import (
    is_traditional,
    simplify_characters,
    to_simplified,
    tolerant_words,
    word_list,
)

# Labels per field, most trusted first. Matched in Simplified or Traditional, spaced or not.
_LABELS: dict[str, tuple[str, ...]] = {
    "index_no": word_list("索引号 信息索引号 索取号"),
    "doc_no": word_list("发文字号 文号 发文文号 文件编号 发文编号"),
    "title": word_list("标题 名称 文件名称 信息名称 题名 文件标题"),
    "agency": word_list(
        "发布机构 发布机关 发文机关 发文机构 发文单位 发布单位 制发机关 公开主体 公开单位 发布部门 "
        "公开责任部门 责任部门 所属机构 生成机构 信息来源 文章来源 来源"
    ),
    "published": word_list(
        "发布日期 发布时间 公开日期 公开时间 发表日期 发表时间 信息时间 发稿时间 上网时间 "
        "发文日期 印发日期 成文日期 生成日期 创建日期 日期 时间 更新日期 更新时间"
    ),
    # Labels of other fields: they end the value before them.
    "other": word_list(
        "主题分类 公开方式 公开范围 主题词 关键词 关键字 分类 体裁分类 组配分类 服务对象 时效 "
        "有效性 浏览次数 阅读次数 访问量 访问次数 浏览量 点击数 点击率 点击 浏览 阅读 人气 "
        "作者 编辑 责任编辑 字号 字体 文件下载 公开形式 公开时限 所属主题 效力状态 废止日期 "
        "有效期 文种 信息分类 主题 统一编号 登记号 备注 公开时限 发布人 审核人 摘要 内容概述"
    ),
}
_LABEL_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL = re.compile(
    "(" + tolerant_words(tuple(_LABEL_FIELD), spaced=True) + r")(?=[ \u3000\xa0]*([:：]|\t|$))"
)
# Where a label may stand: line or cell start, after a space, bracket, separator or number.
_BEFORE_LABEL = re.compile(r"[\s【\[|｜/,，;；:：】\]）)\d]")
_VALUE_TRIM = " \t\u3000\xa0:：【】[]〖〗|｜"
_MAX_LABEL_LINE = 300


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


def labelled_values(
    lines: list[str], text_lines: frozenset[str] = frozenset()
) -> tuple[dict[str, list[tuple[str, str]]], frozenset[tuple[str, str]]]:
    """(label, value) pairs of the page's metadata block and info lines, by field, in page order;
    and those read from lines of the report text (text_lines), which may be prose.

    A value runs from its label to the next label, or is the next line when the label stands
    alone (<dt>发布机构</dt><dd>…</dd>).
    """
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in _LABELS}
    in_text: set[tuple[str, str]] = set()
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
                if line in text_lines:
                    in_text.add((label, value))
    return found, frozenset(in_text)


@dataclass
class MetadataPage:
    """The parsed page as the field rules read it."""

    root: HtmlElement
    metas: dict[str, str]
    head_title: str
    lines: list[str]
    labelled: dict[str, list[tuple[str, str]]]
    labelled_in_text: frozenset[tuple[str, str]]  # read from report text lines: maybe prose
    text: str
    simplify: Callable[[str], str]  # Traditional → Simplified on Traditional pages, else identity

    def ranked(self, name: str) -> list[tuple[str, str]]:
        """(label, value) pairs of one field, most trusted label first, else in page order."""
        order = {label: i for i, label in enumerate(_LABELS[name])}
        return sorted(self.labelled[name], key=lambda p: order.get(p[0], len(order)))


def read_metadata_page(page: Page, text: str) -> MetadataPage:
    """The page cleaned as for its body, its long data tables left out, read into lines."""
    lines = page.lines
    traditional = is_traditional("".join(lines[:200]) + text[:3000])
    labelled, in_text = labelled_values(lines, frozenset(text.split("\n")))
    return MetadataPage(
        root=page.cleaned,
        metas=page.metas,
        head_title=page.head_title,
        lines=lines,
        labelled=labelled,
        labelled_in_text=in_text,
        text=text,
        simplify=to_simplified if traditional else (lambda s: s),
    )
