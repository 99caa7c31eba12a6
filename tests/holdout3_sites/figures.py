"""The statistics tables of the third held-out world: numbers that keep each form's arithmetic,
as logical rows (for page and document markup) and as gold cells (for expected.json).

Forms: "2021" (国办公开办函〔2021〕30号), "2019" (the 2019 trial format), "2008" (the national
《政府信息公开情况统计表》 of 2014-2018). Everything is drawn from ``random.Random(key)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPLICANT_COLS = (
    "自然人",
    "法人或其他组织/商业企业",
    "法人或其他组织/科研机构",
    "法人或其他组织/社会公益组织",
    "法人或其他组织/法律服务机构",
    "法人或其他组织/其他",
    "总计",
)
RESULTS = "三、本年度办理结果"
WITHHELD = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
UNABLE = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
NOT_HANDLED = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
OTHER_2021 = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
REVIEW_COLS = tuple(
    f"{group}/{result}"
    for group in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
    for result in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
)

# Weights of the outcome leaves: most requests are answered, a fair share cannot be.
_LEAF_WEIGHTS = {
    "（一）予以公开": 40,
    PARTIAL: 6,
    "1.属于国家秘密": 1,
    "4.保护第三方合法权益": 2,
    "6.属于四类过程性信息": 2,
    "8.属于行政查询事项": 3,
    "1.本机关不掌握相关政府信息": 20,
    "2.没有现成信息需要另行制作": 3,
    "3.补正后申请内容仍不明确": 2,
    "1.信访举报投诉类申请": 4,
    "2.重复申请": 3,
    "3.其他": 2,
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": 2,
}


@dataclass(frozen=True)
class GoldCell:
    """One cell of expected.json: the printed text of a number and where it stands."""

    table: str
    scope: str
    row: str
    col: str
    value: str

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "scope": self.scope,
            "row": self.row,
            "col": self.col,
            "value": self.value,
        }


@dataclass
class LogicalRow:
    """A printed row: its label path (outermost first) and the printed value per value column
    (``""`` prints as a blank cell)."""

    labels: tuple[str, ...]
    values: list[str]
    unit: str = ""


@dataclass
class Block:
    """One block of table 二: its 第二十条 heading, its column labels and its rows."""

    heading: str
    columns: tuple[str, ...]
    rows: list[LogicalRow]


@dataclass
class TableSet:
    """All statistics tables of one report."""

    form: str
    proactive: list[Block] = field(default_factory=list)
    requests: list[LogicalRow] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # 15 printed values
    stats2008: list[LogicalRow] = field(default_factory=list)

    def cells(self, scope: str = "") -> list[GoldCell]:
        """The gold cells: every printed, non-blank number."""
        out: list[GoldCell] = []
        for block in self.proactive:
            for row in block.rows:
                for col, value in zip(block.columns, row.values, strict=True):
                    if value:
                        path = f"{block.heading}/{row.labels[-1]}"
                        out.append(GoldCell("proactive", scope, path, col, value))
        for row in self.requests:
            for col, value in zip(APPLICANT_COLS, row.values, strict=True):
                if value:
                    out.append(GoldCell("requests", scope, "/".join(row.labels), col, value))
        for col, value in zip(REVIEW_COLS, self.review, strict=False):
            if value:
                out.append(GoldCell("review_litigation", scope, "", col, value))
        for row in self.stats2008:
            if row.values and row.values[0]:
                out.append(
                    GoldCell("stats2008", scope, "/".join(row.labels), "统计数", row.values[0])
                )
        return out

    def requests_total(self, label: str, column: int = 6) -> int:
        """A number of table 三 by its last label (column 6 is 总计)."""
        row = next(r for r in self.requests if r.labels[-1] == label)
        return int(row.values[column] or 0)

    def stat(self, label: str) -> str:
        """A printed 统计数 of the 2008 form by its own label."""
        return next(r.values[0] for r in self.stats2008 if r.labels[-1] == label)


def build_tables(form: str, key: str, *, scale: int = 1, blank_zeros: bool = False) -> TableSet:
    """The tables of a report in ``form``; ``scale`` grows the request counts (a city gets more
    than a township); ``blank_zeros`` prints zeros as blank cells, as some offices do."""
    rng = random.Random(f"holdout3:{key}")
    if form == "2008":
        return TableSet(form, stats2008=_stats2008(rng, scale))
    if form not in ("2019", "2021"):
        return TableSet(form)
    tables = TableSet(
        form,
        proactive=_proactive(rng, form),
        requests=_requests(rng, form, scale),
        review=_review(rng),
    )
    if blank_zeros:
        _blank(tables)
    return tables


def _blank(tables: TableSet) -> None:
    for block in tables.proactive:
        for row in block.rows:
            row.values = ["" if v == "0" else v for v in row.values]
    for row in tables.requests:
        row.values = ["" if v == "0" else v for v in row.values]
    tables.review = ["" if v == "0" else v for v in tables.review]


def _proactive(rng: random.Random, form: str) -> list[Block]:
    def n(low: int, high: int) -> str:
        return str(rng.randint(low, high))

    if form == "2021":
        made = rng.randint(2, 14)
        return [
            Block(
                "第二十条第（一）项",
                ("本年制发件数", "本年废止件数", "现行有效件数"),
                [
                    LogicalRow(("规章",), ["0", "0", "0"]),
                    LogicalRow(
                        ("行政规范性文件",), [str(made), n(0, 4), str(made + rng.randint(15, 60))]
                    ),
                ],
            ),
            Block(
                "第二十条第（五）项",
                ("本年处理决定数量",),
                [LogicalRow(("行政许可",), [n(300, 9000)])],
            ),
            Block(
                "第二十条第（六）项",
                ("本年处理决定数量",),
                [LogicalRow(("行政处罚",), [n(40, 2600)]), LogicalRow(("行政强制",), [n(0, 60)])],
            ),
            Block(
                "第二十条第（八）项",
                ("本年收费金额（单位：万元）",),
                [LogicalRow(("行政事业性收费",), [f"{rng.randint(500, 90000) / 100:.2f}"])],
            ),
        ]
    made = rng.randint(2, 12)
    change = ("上一年项目数量", "本年增/减", "处理决定数量")
    return [
        Block(
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            [
                LogicalRow(("规章",), ["0", "0", "0"]),
                LogicalRow(
                    ("规范性文件",), [str(made), str(made), str(made + rng.randint(20, 80))]
                ),
            ],
        ),
        Block(
            "第二十条第（五）项",
            change,
            [
                LogicalRow(("行政许可",), [n(80, 400), str(rng.randint(-6, 9)), n(500, 8000)]),
                LogicalRow(
                    ("其他对外管理服务事项",), [n(10, 90), str(rng.randint(-3, 4)), n(20, 900)]
                ),
            ],
        ),
        Block(
            "第二十条第（六）项",
            change,
            [
                LogicalRow(("行政处罚",), [n(200, 900), str(rng.randint(-5, 12)), n(30, 1800)]),
                LogicalRow(("行政强制",), [n(5, 40), "0", n(0, 30)]),
            ],
        ),
        Block(
            "第二十条第（八）项",
            ("上一年项目数量", "本年增/减"),
            [LogicalRow(("行政事业性收费",), [n(5, 40), str(rng.randint(-4, 0))])],
        ),
        Block(
            "第二十条第（九）项",
            ("采购项目数量", "采购总金额"),
            [LogicalRow(("政府集中采购",), [n(3, 60), f"{rng.randint(1000, 90000) / 10:.1f}"])],
        ),
    ]


def _requests(rng: random.Random, form: str, scale: int) -> list[LogicalRow]:
    """Table 三, column by column: new + carried = handled + carried on; handled spread over the
    outcome leaves; 总计 the sum of the six applicant columns."""
    base = (
        rng.randint(18, 60) * scale,
        rng.randint(2, 12) * scale,
        rng.randint(0, 3),
        0,
        rng.randint(0, 2),
        rng.randint(0, 3),
    )
    other_leaves = OTHER_2021 if form == "2021" else ("（六）其他处理",)
    leaves: list[tuple[str, ...]] = [(RESULTS, "（一）予以公开"), (RESULTS, PARTIAL)]
    leaves += [(RESULTS, "（三）不予公开", x) for x in WITHHELD]
    leaves += [(RESULTS, "（四）无法提供", x) for x in UNABLE]
    leaves += [(RESULTS, "（五）不予处理", x) for x in NOT_HANDLED]
    if form == "2021":
        leaves += [(RESULTS, "（六）其他处理", x) for x in other_leaves]
    else:
        leaves += [(RESULTS, "（六）其他处理")]
    counts: dict[tuple[str, ...], list[int]] = {leaf: [0] * 6 for leaf in leaves}
    new, carried, onward = [0] * 6, [0] * 6, [0] * 6
    weights = [
        _LEAF_WEIGHTS.get(leaf[-1], 0) + (2 if leaf[-1] == "（六）其他处理" else 0)
        for leaf in leaves
    ]
    for col in range(6):
        new[col] = base[col]
        carried[col] = rng.randint(0, max(1, base[col] // 12)) if base[col] else 0
        onward[col] = rng.randint(0, max(0, base[col] // 15)) if base[col] else 0
        for _ in range(new[col] + carried[col] - onward[col]):
            leaf = rng.choices(leaves, weights=weights)[0]
            counts[leaf][col] += 1

    def row(labels: tuple[str, ...], values: list[int]) -> LogicalRow:
        return LogicalRow(labels, [str(v) for v in values] + [str(sum(values))])

    rows = [
        row(("一、本年新收政府信息公开申请数量",), new),
        row(("二、上年结转政府信息公开申请数量",), carried),
    ]
    rows += [row(leaf, counts[leaf]) for leaf in leaves]
    handled = [sum(counts[leaf][col] for leaf in leaves) for col in range(6)]
    rows.append(row((RESULTS, "（七）总计"), handled))
    rows.append(row(("四、结转下年度继续办理",), onward))
    return rows


def _review(rng: random.Random) -> list[str]:
    values: list[str] = []
    for high in (4, 2, 1):
        parts = [rng.randint(0, high), rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 1)]
        values += [str(p) for p in parts] + [str(sum(parts))]
    return values


# The national 《政府信息公开情况统计表》: (indent, label, unit, rule) per line. rule: "sum" = the
# lines directly under it add up to it; "head" = a heading printed without a number.
_FORM_2008 = [
    (0, "一、主动公开情况", "——", "head"),
    (1, "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", ""),
    (2, "其中：主动公开规范性文件数", "条", ""),
    (2, "制发规范性文件总数", "件", ""),
    (1, "（二）通过不同渠道和方式公开政府信息的情况", "——", "head"),
    (2, "1.政府公报公开政府信息数", "条", ""),
    (2, "2.政府网站公开政府信息数", "条", ""),
    (2, "3.政务微博公开政府信息数", "条", ""),
    (2, "4.政务微信公开政府信息数", "条", ""),
    (2, "5.其他方式公开政府信息数", "条", ""),
    (0, "二、回应解读情况", "——", "head"),
    (1, "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", ""),
    (1, "（二）通过不同渠道和方式回应解读的情况", "——", "head"),
    (2, "1.参加或举办新闻发布会总次数", "次", ""),
    (3, "其中：主要负责同志参加新闻发布会次数", "次", ""),
    (2, "2.政府网站在线访谈次数", "次", ""),
    (3, "其中：主要负责同志参加政府网站在线访谈次数", "次", ""),
    (2, "3.政策解读稿件发布数", "篇", ""),
    (2, "4.微博微信回应事件数", "次", ""),
    (2, "5.其他方式回应事件数", "次", ""),
    (0, "三、依申请公开情况", "——", "head"),
    (1, "（一）收到申请数", "件", "sum"),
    (2, "1.当面申请数", "件", ""),
    (2, "2.传真申请数", "件", ""),
    (2, "3.网络申请数", "件", ""),
    (2, "4.信函申请数", "件", ""),
    (1, "（二）申请办结数", "件", "sum"),
    (2, "1.按时办结数", "件", ""),
    (2, "2.延期办结数", "件", ""),
    (1, "（三）申请答复数", "件", "sum"),
    (2, "1.属于已主动公开范围数", "件", ""),
    (2, "2.同意公开答复数", "件", ""),
    (2, "3.同意部分公开答复数", "件", ""),
    (2, "4.不同意公开答复数", "件", "sum"),
    (3, "其中：涉及国家秘密", "件", ""),
    (3, "涉及商业秘密", "件", ""),
    (3, "涉及个人隐私", "件", ""),
    (3, "危及国家安全、公共安全、经济安全和社会稳定", "件", ""),
    (3, "不是《条例》所指政府信息", "件", ""),
    (3, "法律法规规定的其他情形", "件", ""),
    (2, "5.不属于本行政机关公开数", "件", ""),
    (2, "6.申请信息不存在数", "件", ""),
    (2, "7.告知作出更改补充数", "件", ""),
    (2, "8.告知通过其他途径办理数", "件", ""),
    (0, "四、行政复议数量", "件", "sum"),
    (1, "（一）维持具体行政行为数", "件", ""),
    (1, "（二）被依法纠错数", "件", ""),
    (1, "（三）其他情形数", "件", ""),
    (0, "五、行政诉讼数量", "件", "sum"),
    (1, "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", ""),
    (1, "（二）被依法纠错数", "件", ""),
    (1, "（三）其他情形数", "件", ""),
    (0, "六、举报投诉数量", "件", ""),
    (0, "七、依申请公开信息收取的费用", "万元", ""),
    (0, "八、机构建设和保障经费情况", "——", "head"),
    (1, "（一）政府信息公开工作专门机构数", "个", ""),
    (1, "（二）设置政府信息公开查阅点数", "个", ""),
    (1, "（三）从事政府信息公开工作人员数", "人", "sum"),
    (2, "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", ""),
    (2, "2.兼职人员数", "人", ""),
    (
        1,
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        "",
    ),
    (0, "九、政府信息公开会议和培训情况", "——", "head"),
    (1, "（一）召开政府信息公开工作会议或专题会议数", "次", ""),
    (1, "（二）举办各类培训班数", "次", ""),
    (1, "（三）接受培训人员数", "人次", ""),
]


# Plausible ranges of the 统计表's lines, by a part of their label (first match wins).
_RANGES_2008 = [
    ("主动公开政府信息数", (800, 6000)),
    ("政府网站公开", (600, 4000)),
    ("政府公报", (0, 60)),
    ("其中：主动公开规范性文件数", (2, 20)),
    ("制发规范性文件总数", (2, 20)),
    ("网络申请数", (5, 40)),
    ("申请数", (0, 8)),
    ("不存在", (0, 6)),
    ("同意", (1, 20)),
    ("属于已主动公开", (1, 12)),
    ("（一）维持", (0, 3)),
    ("纠错", (0, 1)),
    ("其他情形", (0, 1)),
    ("举报投诉", (0, 4)),
    ("费用", (0, 0)),
    ("专项经费", (2, 30)),
    ("接受培训人员数", (40, 400)),
    ("查阅点", (1, 20)),
    ("专门机构", (1, 2)),
    ("专职", (1, 4)),
    ("兼职", (2, 30)),
    ("回应公众关注", (3, 30)),
    ("政策解读", (5, 60)),
    ("涉及", (0, 2)),
    ("危及", (0, 1)),
    ("不是", (0, 3)),
    ("法律法规", (0, 1)),
]


def _stats2008(rng: random.Random, scale: int) -> list[LogicalRow]:
    """The 统计表 with its sums: every "sum" line is the sum of the lines indented under it."""
    leaf_values: dict[int, int] = {}
    for i, (_indent, label, _unit, rule) in enumerate(_FORM_2008):
        if rule:
            continue
        low, high = next((r for part, r in _RANGES_2008 if part in label), (0, 12))
        leaf_values[i] = rng.randint(low, high) * (scale if high > 20 else 1)
        if label.startswith("其中：主要负责同志"):
            leaf_values[i] = min(leaf_values[i], leaf_values[i - 1])
    # Sums from the bottom up, so a sum under a sum is known when its parent is added.
    for i in reversed(range(len(_FORM_2008))):
        indent, _label, _unit, rule = _FORM_2008[i]
        if rule != "sum":
            continue
        total = 0
        for j in range(i + 1, len(_FORM_2008)):
            child_indent = _FORM_2008[j][0]
            if child_indent <= indent:
                break
            if child_indent == indent + 1:
                total += leaf_values[j]
        leaf_values[i] = total
    # 办结 = 答复 keeps the form plausible: every request answered was also closed.
    _rebalance(leaf_values, "（二）申请办结数", leaf_values[_index("（三）申请答复数")])
    rows: list[LogicalRow] = []
    numbered_above: list[str] = []  # the numbered lines enclosing the current one, outermost first
    for i, (indent, label, unit, rule) in enumerate(_FORM_2008):
        if label.startswith("其中") or label[0] in "涉危不法制":
            # Un-numbered lines hang under the nearest numbered line above them.
            path = (*numbered_above, label)
        else:
            numbered_above = [*numbered_above[:indent], label]
            path = tuple(numbered_above)
        value = "" if rule == "head" else str(leaf_values[i])
        rows.append(LogicalRow(path, [value], unit))
    return rows


def _index(label: str) -> int:
    return next(i for i, line in enumerate(_FORM_2008) if line[1] == label)


def _rebalance(values: dict[int, int], label: str, total: int) -> None:
    """Set a "sum" line and its two parts so they add up to ``total``."""
    i = _index(label)
    late = min(values[i + 2], total)
    values[i], values[i + 1], values[i + 2] = total, total - late, late


def arithmetic_problems(cells: list[dict]) -> list[str]:
    """The identities of the forms that a report's gold cells break (blank cells count as 0):
    table 三 per column 一+二 = 三（七）+四 and （七） = its leaves, per row 总计 = the six
    applicant columns; 行政复议 and each 行政诉讼 group 总计 = its four results; each summed line
    of the 统计表 = the lines directly under it."""
    value = {(c["table"], c["row"], c["col"]): float(c["value"]) for c in cells}
    problems = []
    rows = {c["row"] for c in cells if c["table"] == "requests"}
    if rows:
        leaves = [r for r in rows if r.startswith(RESULTS) and not r.endswith("（七）总计")]
        for col in APPLICANT_COLS:

            def get(row: str, col: str = col) -> float:
                return value.get(("requests", row, col), 0.0)

            total = get(f"{RESULTS}/（七）总计")
            if get("一、本年新收政府信息公开申请数量") + get(
                "二、上年结转政府信息公开申请数量"
            ) != total + get("四、结转下年度继续办理"):
                problems.append(f"requests {col}: 一+二 ≠ 三（七）+四")
            if sum(get(r) for r in leaves) != total:
                problems.append(f"requests {col}: （七） ≠ Σ leaves")
        for row in rows:
            parts = sum(value.get(("requests", row, c), 0.0) for c in APPLICANT_COLS[:6])
            if parts != value.get(("requests", row, "总计"), 0.0):
                problems.append(f"requests {row}: 总计 ≠ Σ applicants")
    for group in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"):
        keys = [
            ("review_litigation", "", f"{group}/{r}")
            for r in ("结果维持", "结果纠正", "其他结果", "尚未审结")
        ]
        total = ("review_litigation", "", f"{group}/总计")
        if total in value and sum(value.get(k, 0.0) for k in keys) != value[total]:
            problems.append(f"review_litigation {group}: 总计 ≠ Σ results")
    stats = {c["row"]: float(c["value"]) for c in cells if c["table"] == "stats2008"}
    for i, (indent, label, _unit, rule) in enumerate(_FORM_2008):
        if rule != "sum":
            continue
        path = next((p for p in stats if p.endswith(label)), None)
        if path is None:
            continue
        children = []
        for j in range(i + 1, len(_FORM_2008)):
            if _FORM_2008[j][0] <= indent:
                break
            if _FORM_2008[j][0] == indent + 1:
                children.append(_FORM_2008[j][1])
        below = sum(
            v
            for p, v in stats.items()
            if p.startswith(path + "/") and p.rsplit("/", 1)[1] in children
        )
        if below != stats[path]:
            problems.append(f"stats2008 {label}: ≠ Σ its lines")
    return problems
