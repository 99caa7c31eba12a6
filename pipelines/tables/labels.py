"""Official label vocabularies of the report statistics tables (2021, 2019 trial, 2014-2018 统计表).

One place for every label the table parser emits, the variants seen in the wild that map onto them,
and `PathVocabulary`, which resolves the labels found in a report to an official label path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

PROACTIVE = "proactive"
REQUESTS = "requests"
REVIEW_LITIGATION = "review_litigation"
STATS2008 = "stats2008"

# --- 三、收到和处理政府信息公开申请情况 (2019 trial and 2021 format) ---
# The outermost column header 申请人情况 is not part of the column paths.
LEGAL_PERSONS = "法人或其他组织"
REQUESTS_APPLICANT_COLUMNS = (
    "自然人",
    f"{LEGAL_PERSONS}/商业企业",
    f"{LEGAL_PERSONS}/科研机构",
    f"{LEGAL_PERSONS}/社会公益组织",
    f"{LEGAL_PERSONS}/法律服务机构",
    f"{LEGAL_PERSONS}/其他",
)
REQUESTS_TOTAL_COLUMN = "总计"
REQUESTS_COLUMNS = (*REQUESTS_APPLICANT_COLUMNS, REQUESTS_TOTAL_COLUMN)

NEW_REQUESTS = "一、本年新收政府信息公开申请数量"
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
CARRIED_FORWARD = "四、结转下年度继续办理"
RESULTS_TOTAL = f"{RESULTS}/（七）总计"
# (一)…(六) of 三、本年度办理结果 with their numbered items; the sum of all of them is （七）总计.
RESULT_GROUPS: dict[str, tuple[str, ...]] = {
    "（一）予以公开": (),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (),
    "（三）不予公开": (
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ),
    "（四）无法提供": (
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ),
    "（五）不予处理": (
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    # The 2019 trial format has （六）其他处理 as a single row; 2021 splits it into three items.
    "（六）其他处理": (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ),
}
REQUESTS_ROWS = (
    NEW_REQUESTS,
    CARRIED_OVER,
    RESULTS,
    *(
        path
        for group, items in RESULT_GROUPS.items()
        for path in (f"{RESULTS}/{group}", *(f"{RESULTS}/{group}/{item}" for item in items))
    ),
    RESULTS_TOTAL,
    CARRIED_FORWARD,
)

# --- 四、政府信息公开行政复议、行政诉讼情况 (both formats) ----------------------------------------
REVIEW = "行政复议"
LITIGATION_DIRECT = "行政诉讼/未经复议直接起诉"
LITIGATION_AFTER_REVIEW = "行政诉讼/复议后起诉"
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
OUTCOME_TOTAL = "总计"
REVIEW_LITIGATION_GROUPS = (REVIEW, LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW)
REVIEW_LITIGATION_COLUMNS = tuple(
    f"{group}/{outcome}"
    for group in REVIEW_LITIGATION_GROUPS
    for outcome in (*OUTCOMES, OUTCOME_TOTAL)
)


# --- 二、主动公开政府信息情况 -------------------------------------------------------------------
# Rows are "<block heading>/<item>", e.g. 第二十条第（一）项/规章; columns are single labels.
class ProactiveBlock(NamedTuple):
    items: tuple[str, ...]
    columns: tuple[str, ...]


def block_heading(numeral: str) -> str:
    """The official heading of a 第二十条 block, e.g. 第二十条第（一）项."""
    return f"第二十条第（{numeral}）项"


PROACTIVE_2021: dict[str, ProactiveBlock] = {
    block_heading("一"): ProactiveBlock(
        ("规章", "行政规范性文件"), ("本年制发件数", "本年废止件数", "现行有效件数")
    ),
    block_heading("五"): ProactiveBlock(("行政许可",), ("本年处理决定数量",)),
    block_heading("六"): ProactiveBlock(("行政处罚", "行政强制"), ("本年处理决定数量",)),
    block_heading("八"): ProactiveBlock(("行政事业性收费",), ("本年收费金额（单位：万元）",)),
}
PROACTIVE_2019: dict[str, ProactiveBlock] = {
    block_heading("一"): ProactiveBlock(
        ("规章", "规范性文件"), ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    ),
    block_heading("五"): ProactiveBlock(
        ("行政许可", "其他对外管理服务事项"), ("上一年项目数量", "本年增/减", "处理决定数量")
    ),
    block_heading("六"): ProactiveBlock(
        ("行政处罚", "行政强制"), ("上一年项目数量", "本年增/减", "处理决定数量")
    ),
    block_heading("八"): ProactiveBlock(("行政事业性收费",), ("上一年项目数量", "本年增/减")),
    block_heading("九"): ProactiveBlock(("政府集中采购",), ("采购项目数量", "采购总金额")),
}
PROACTIVE_FORMATS = {"2021": PROACTIVE_2021, "2019": PROACTIVE_2019}
PROACTIVE_HEADER_LABEL = "信息内容"
# The same item under the other format's spelling: the row keeps the label of the block's format.
PROACTIVE_ITEM_VARIANTS = {
    "2021": {"规范性文件": "行政规范性文件"},
    "2019": {"行政规范性文件": "规范性文件"},
}

# --- 《政府信息公开情况统计表》 (national form of 国办发〔2014〕32号, 2014-2018 reports) ---
# Labels keep the form's own notes in parentheses (（不同渠道和方式公开相同信息计1条）); the tree
# follows the indentation of the form (其中 lines and the 涉及… lines hang under the line above).
STATS2008_COLUMN = "统计数"
_ACTIVE = "一、主动公开情况"
_PUBLISHED = f"{_ACTIVE}/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
_CHANNELS = f"{_ACTIVE}/（二）通过不同渠道和方式公开政府信息的情况"
_RESPONSES = "二、回应解读情况/（二）通过不同渠道和方式回应解读的情况"
_APPLY = "三、依申请公开情况"
_ANSWERS = f"{_APPLY}/（三）申请答复数"
_REFUSED = f"{_ANSWERS}/4.不同意公开答复数"
_COMPLAINTS = "六、举报投诉数量"
_STAFF = "八、机构建设和保障经费情况"
_MEETINGS = "九、政府信息公开会议和培训情况"
STATS2008_ROWS = (
    _ACTIVE,
    _PUBLISHED,
    f"{_PUBLISHED}/其中：主动公开规范性文件数",
    f"{_PUBLISHED}/制发规范性文件总数",
    _CHANNELS,
    f"{_CHANNELS}/1.政府公报公开政府信息数",
    f"{_CHANNELS}/2.政府网站公开政府信息数",
    f"{_CHANNELS}/3.政务微博公开政府信息数",
    f"{_CHANNELS}/4.政务微信公开政府信息数",
    f"{_CHANNELS}/5.其他方式公开政府信息数",
    "二、回应解读情况",
    "二、回应解读情况/（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
    _RESPONSES,
    f"{_RESPONSES}/1.参加或举办新闻发布会总次数",
    f"{_RESPONSES}/1.参加或举办新闻发布会总次数/其中：主要负责同志参加新闻发布会次数",
    f"{_RESPONSES}/2.政府网站在线访谈次数",
    f"{_RESPONSES}/2.政府网站在线访谈次数/其中：主要负责同志参加政府网站在线访谈次数",
    f"{_RESPONSES}/3.政策解读稿件发布数",
    f"{_RESPONSES}/4.微博微信回应事件数",
    f"{_RESPONSES}/5.其他方式回应事件数",
    _APPLY,
    f"{_APPLY}/（一）收到申请数",
    f"{_APPLY}/（一）收到申请数/1.当面申请数",
    f"{_APPLY}/（一）收到申请数/2.传真申请数",
    f"{_APPLY}/（一）收到申请数/3.网络申请数",
    f"{_APPLY}/（一）收到申请数/4.信函申请数",
    f"{_APPLY}/（二）申请办结数",
    f"{_APPLY}/（二）申请办结数/1.按时办结数",
    f"{_APPLY}/（二）申请办结数/2.延期办结数",
    _ANSWERS,
    f"{_ANSWERS}/1.属于已主动公开范围数",
    f"{_ANSWERS}/2.同意公开答复数",
    f"{_ANSWERS}/3.同意部分公开答复数",
    _REFUSED,
    f"{_REFUSED}/其中：涉及国家秘密",
    f"{_REFUSED}/涉及商业秘密",
    f"{_REFUSED}/涉及个人隐私",
    f"{_REFUSED}/危及国家安全、公共安全、经济安全和社会稳定",
    f"{_REFUSED}/不是《条例》所指政府信息",
    f"{_REFUSED}/法律法规规定的其他情形",
    f"{_ANSWERS}/5.不属于本行政机关公开数",
    f"{_ANSWERS}/6.申请信息不存在数",
    f"{_ANSWERS}/7.告知作出更改补充数",
    f"{_ANSWERS}/8.告知通过其他途径办理数",
    "四、行政复议数量",
    "四、行政复议数量/（一）维持具体行政行为数",
    "四、行政复议数量/（二）被依法纠错数",
    "四、行政复议数量/（三）其他情形数",
    "五、行政诉讼数量",
    "五、行政诉讼数量/（一）维持具体行政行为或者驳回原告诉讼请求数",
    "五、行政诉讼数量/（二）被依法纠错数",
    "五、行政诉讼数量/（三）其他情形数",
    # Printed 六、被举报投诉数量 on some forms, with three lines of its own whose labels repeat
    # those of 四 (a row resolves within its own section, see PathVocabulary.resolve).
    _COMPLAINTS,
    f"{_COMPLAINTS}/（一）维持具体行政行为数",
    f"{_COMPLAINTS}/（二）被纠错数",
    f"{_COMPLAINTS}/（三）其他情形数",
    "七、依申请公开信息收取的费用",
    _STAFF,
    f"{_STAFF}/（一）政府信息公开工作专门机构数",
    f"{_STAFF}/（二）设置政府信息公开查阅点数",
    f"{_STAFF}/（三）从事政府信息公开工作人员数",
    f"{_STAFF}/（三）从事政府信息公开工作人员数/1.专职人员数（不包括政府公报及政府网站工作人员数）",
    f"{_STAFF}/（三）从事政府信息公开工作人员数/2.兼职人员数",
    f"{_STAFF}/（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
    _MEETINGS,
    f"{_MEETINGS}/（一）召开政府信息公开工作会议或专题会议数",
    f"{_MEETINGS}/（二）举办各类培训班数",
    f"{_MEETINGS}/（三）接受培训人员数",
)
# Rows of the form that are the sum of the rows directly under them (checked per report).
STATS2008_SUM_ROWS = (
    f"{_APPLY}/（一）收到申请数",
    f"{_APPLY}/（二）申请办结数",
    _ANSWERS,
    _REFUSED,
    "四、行政复议数量",
    "五、行政诉讼数量",
    _COMPLAINTS,
    f"{_STAFF}/（三）从事政府信息公开工作人员数",
)
# Header cells of the 统计表 that are neither a row label nor a value column.
STATS2008_LABEL_HEADERS = frozenset({"统计指标", "指标", "指标名称", "项目", "统计项目", "内容"})
STATS2008_UNIT_HEADERS = frozenset({"单位", "计量单位"})
STATS2008_VALUE_HEADERS = frozenset(
    {"统计数", "数量", "数值", "统计数据", "数据", "统计值", "统计数量"}
)
STATS2008_INDEX_HEADERS = frozenset({"序号", "编号", "代码"})
# Value columns other than the one 统计数: the year's own figure is the 统计数 whatever its header
# (本年度, 2012年度, 本年累计); the running total since the first report is a column of its own.
STATS2008_CUMULATIVE_COLUMN = "历年累计"
STATS2008_YEAR_HEADER = re.compile(r"(?:\d{4}年度?|本年度?|本年累计|全年)(?:统计数|数|数量|数据)?")
STATS2008_CUMULATIVE_HEADER = re.compile(r"(?:历年)?累计(?:数|数量|数据)?")
# The row of column codes a statistics office's form prints under its header (甲 乙 丙 | 1 2).
STATS2008_COLUMN_CODES = frozenset("甲乙丙丁戊")
UNITS = ("万元", "人次", "元", "件", "条", "次", "个", "人", "篇", "项", "家", "场", "期")

# Where several table sets share a report, the scope named in the caption or heading before them.
SCOPE_PATTERN = re.compile(
    r"本行政区域|[省市县区州旗盟]?本级|全[省市县区州旗盟]|[省市县区]直(?:部门|单位)?|[省市县区]级部门"
)

# --- Variants seen in the wild, as label keys (see label_key): wild key -> official key ---------
LABEL_VARIANTS: Mapping[str, str] = {
    "法人或者其他组织": "法人或其他组织",
    "合计": "总计",
    "本年新收政府信息公开申请数": "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数": "上年结转政府信息公开申请数量",
    "结转下年度继续办理的申请数量": "结转下年度继续办理",
    "本年增加减少": "本年增减",
    "网上申请数": "网络申请数",
    "告知作出更正补充数": "告知作出更改补充数",
    "不属于本行政机关公开范围数": "不属于本行政机关公开数",
    "依申请公开信息收取费用": "依申请公开信息收取的费用",
    "被举报投诉数量": "举报投诉数量",
    "政府信息公开工作会议和培训情况": "政府信息公开会议和培训情况",
    "会议和培训情况": "政府信息公开会议和培训情况",
}

_NUMBERING = re.compile(
    r"^(?:其中:?|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)[、.]?|\(\d+\)|\d+[.、](?!\d)|[①-⑳])"
)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉.,:;!?、/\\\-—_·•*]")


@lru_cache(maxsize=8192)
@lru_cache(maxsize=16384)  # the same few hundred labels in every report
def label_key(text: str) -> str:
    """The matching key of a label: no numbering, notes in parentheses, punctuation or spacing.

    `（三）不予公开` and `3、危及‘三安全一稳定’` reduce to 不予公开 and 危及三安全一稳定.
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    while True:
        stripped = _PARENTHETICAL.sub("", text)
        if stripped == text:
            break
        text = stripped
    return _NOISE.sub("", text)


def display_label(text: str) -> str:
    """A label found in a report as it is emitted when it is not in a vocabulary."""
    text = re.sub(r"[\s\u00a0\u3000]+", "", text)
    return text.replace("(", "（").replace(")", "）")


def label_level(label: str) -> int | None:
    """Depth of a numbered label (一、 0, （一） 1, 1. 2, （1） 3), None when unnumbered."""
    text = unicodedata.normalize("NFKC", re.sub(r"\s+", "", label)).removeprefix("其中:")
    for level, pattern in enumerate(_LEVEL_PATTERNS):
        if pattern.match(text):
            return level
    return None


_LEVEL_PATTERNS = (
    re.compile(r"[一二三四五六七八九十]+[、.]"),
    re.compile(r"\([一二三四五六七八九十]+\)"),
    re.compile(r"\d+[.、](?!\d)"),
    re.compile(r"\(\d+\)|[①-⑳]"),
)


class PathVocabulary:
    """The official label paths of one table axis, resolvable from the labels found in a report."""

    def __init__(
        self, paths: Iterable[Sequence[str]], variants: Mapping[str, str] = LABEL_VARIANTS
    ):
        self.paths = tuple(tuple(path) for path in paths)
        self._variants = variants
        self._by_leaf: dict[str, list[tuple[str, ...]]] = {}
        for path in self.paths:
            self._by_leaf.setdefault(label_key(path[-1]), []).append(path)
        self._keys_by_length = sorted(self._by_leaf, key=len, reverse=True)
        self._lookups: dict[str, str | None] = {}
        # Top-level sections (一、… 九、) in the order the form prints them.
        self._section_order = {
            top: i for i, top in enumerate(dict.fromkeys(p[0] for p in self.paths))
        }

    @classmethod
    def from_strings(cls, paths: Iterable[str]) -> PathVocabulary:
        return cls(path.split("/") for path in paths)

    def leaf_keys(self) -> frozenset[str]:
        return frozenset(self._by_leaf)

    def lookup(self, key: str, strict: bool = False) -> str | None:
        """The official leaf key a wild key stands for, or None."""
        if key in self._by_leaf:
            return key
        official = self._variants.get(key)
        if official in self._by_leaf:
            return official
        if strict or len(key) < 4:
            return None
        if key not in self._lookups:
            # A wild label that extends or shortens an official one (申请数 / 申请数量).
            self._lookups[key] = next(
                (
                    known
                    for known in self._keys_by_length
                    if len(known) >= 4 and (key.startswith(known) or known.startswith(key))
                ),
                None,
            )
        return self._lookups[key]

    def resolve(
        self,
        labels: Sequence[str],
        previous: tuple[str, ...] | None = None,
        taken: Iterable[tuple[str, ...]] = (),
        strict: bool = False,
        sectioned: bool = False,
    ) -> tuple[str, ...] | None:
        """The official path for the labels of one row or column (outermost first), or None.

        The innermost recognised label picks the candidates; outer labels, then the path of the
        previous row (`previous`), then paths not yet used (`taken`) break ties. `sectioned`:
        rows run through the form's sections in order, so a row stays in the section of the row
        before it when that section has its label, else moves on, never back (None if it cannot).
        """
        keys = [key for key in map(label_key, labels) if key]
        found = self._innermost(keys, strict)
        if found is None:
            return None
        leaf, outer = found
        candidates = self._by_leaf[leaf]
        outer_keys = {self._variants.get(key, key) for key in outer}
        if sectioned and previous:
            candidates = self._in_section(candidates, outer_keys, previous[0])
            if not candidates:
                return None
        if len(candidates) == 1:
            return candidates[0]
        taken = set(taken)

        def score(path: tuple[str, ...]) -> tuple[int, int, int]:
            ancestors = sum(label_key(label) in outer_keys for label in path[:-1])
            return ancestors, _common_prefix(path, previous or ()), path not in taken

        return max(candidates, key=score)

    def _in_section(
        self, candidates: list[tuple[str, ...]], outer_keys: set[str], section: str
    ) -> list[tuple[str, ...]]:
        """The candidates a row may take after a row of `section`: a section's own line, or a
        section named in the row itself, may be any; otherwise the same section's, else later."""
        current = self._section_order.get(section)
        if current is None or any(len(path) == 1 for path in candidates):
            return candidates
        if any(label_key(label) in outer_keys for path in candidates for label in path[:-1]):
            return candidates
        same = [path for path in candidates if path[0] == section]
        return same or [p for p in candidates if self._section_order[p[0]] > current]

    def _innermost(self, keys: list[str], strict: bool) -> tuple[str, list[str]] | None:
        for end in range(len(keys), 0, -1):
            leaf = self.lookup(keys[end - 1], strict)
            if leaf is None and end >= 2:
                # A label broken over two header cells (商业 / 企业).
                leaf = self.lookup(keys[end - 2] + keys[end - 1], strict)
            if leaf is not None:
                return leaf, keys[: end - 1]
        return None


def _common_prefix(path: tuple[str, ...], other: tuple[str, ...]) -> int:
    count = 0
    for mine, theirs in zip(path[:-1], other, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


REQUESTS_ROW_VOCABULARY = PathVocabulary.from_strings(REQUESTS_ROWS)
REQUESTS_COLUMN_VOCABULARY = PathVocabulary.from_strings(REQUESTS_COLUMNS)
REVIEW_LITIGATION_COLUMN_VOCABULARY = PathVocabulary.from_strings(REVIEW_LITIGATION_COLUMNS)
STATS2008_ROW_VOCABULARY = PathVocabulary.from_strings(STATS2008_ROWS)
PROACTIVE_COLUMN_VOCABULARY = PathVocabulary(
    (column,)
    for blocks in PROACTIVE_FORMATS.values()
    for b in blocks.values()
    for column in b.columns
)
PROACTIVE_ITEM_VOCABULARY = PathVocabulary(
    (heading, item)
    for blocks in PROACTIVE_FORMATS.values()
    for heading, block in blocks.items()
    for item in block.items
)
