"""Deterministic table figures for a report, consistent with the format's arithmetic.

Every generator takes a ``random.Random`` seeded from the report key, so the portals and the
ground truth agree from run to run. Values are ints (floats for money); rendering decides blanks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.sites import labels as L

# Typical yearly volume of new requests by administrative level.
_SCALE = {"province": 900, "city": 300, "county": 60, "district": 60, "department": 12, "town": 3}

Values = dict[tuple[str, str], float]


@dataclass(frozen=True)
class Figures:
    """All table values of one report, keyed by (row path, col path) per table id."""

    tables: dict[str, Values]

    def get(self, table: str, row: str, col: str) -> float:
        return self.tables[table].get((row, col), 0)


def _split(total: int, parts: int, rng: random.Random, weights: list[float]) -> list[int]:
    """Split ``total`` into ``parts`` non-negative ints, roughly following ``weights``."""
    out = [0] * parts
    for _ in range(total):
        out[rng.choices(range(parts), weights=weights)[0]] += 1
    return out


# Where handled requests end up: heavy on 予以公开 and 本机关不掌握, a few elsewhere.
_RESULT_WEIGHT_HINTS = {
    "（一）予以公开": 40,
    "（二）部分公开": 6,
    "1.本机关不掌握相关政府信息": 25,
    "2.没有现成信息需要另行制作": 4,
    "3.补正后申请内容仍不明确": 3,
    "1.信访举报投诉类申请": 5,
    "2.重复申请": 3,
    "5.属于三类内部事务信息": 2,
    "6.属于四类过程性信息": 2,
    "8.属于行政查询事项": 2,
    "4.保护第三方合法权益": 1,
    "3.其他": 1,
}


def _result_weights(rows: list[str]) -> list[float]:
    weights = []
    for row in rows:
        hint = next((w for k, w in _RESULT_WEIGHT_HINTS.items() if k in row), 0.3)
        weights.append(float(hint))
    return weights


def request_values(form: str, level: str, rng: random.Random) -> Values:
    """Table 三: per applicant column, new + carried-in = handled + carried-out; 总计 sums."""
    values: Values = {}
    leaves = L.result_leaf_rows(form)
    weights = _result_weights(leaves)
    scale = _SCALE[level]
    col_share = [0.72, 0.2, 0.01, 0.02, 0.03, 0.02]
    for col, share in zip(L.APPLICANT_COLS[:6], col_share, strict=True):
        new = max(0, round(rng.gauss(scale * share, scale * share * 0.3)))
        carried_in = rng.randint(0, max(0, new // 12))
        carried_out = rng.randint(0, max(0, new // 10))
        handled = new + carried_in - carried_out
        values[(L.NEW_REQUESTS, col)] = new
        values[(L.CARRIED_IN, col)] = carried_in
        values[(L.CARRIED_OUT, col)] = carried_out
        for row, n in zip(leaves, _split(handled, len(leaves), rng, weights), strict=True):
            values[(row, col)] = n
        values[(L.TOTAL_ROW, col)] = handled
    for row in L.request_rows(form):
        values[(row, "总计")] = sum(values[(row, c)] for c in L.APPLICANT_COLS[:6])
    return values


def proactive_values(form: str, level: str, rng: random.Random) -> Values:
    """Table 二. Only governments with rule-making power (province, city) issue 规章."""
    values: Values = {}
    makes_rules = level in ("province", "city")
    scale = _SCALE[level]
    for block, cols, rows in L.proactive_blocks(form):
        for row in rows:
            path = f"{block}/{row}"
            if row == "规章" and not makes_rules:
                continue
            if form == "2021":
                if cols[0] == "本年制发件数":
                    made = rng.randint(1, 4) if row == "规章" else rng.randint(2, 12 + scale // 30)
                    repealed = rng.randint(0, made)
                    values[(path, cols[0])] = made
                    values[(path, cols[1])] = repealed
                    values[(path, cols[2])] = made * rng.randint(4, 9) + rng.randint(0, 9)
                elif row == "行政事业性收费":
                    values[(path, cols[0])] = round(rng.uniform(0, scale * 2.5), 2)
                else:
                    values[(path, cols[0])] = rng.randint(0, scale * 40)
            else:
                _proactive_2019_row(values, path, cols, row, scale, rng)
    return values


def _proactive_2019_row(
    values: Values, path: str, cols: tuple, row: str, scale: int, rng: random.Random
) -> None:
    if cols[0] == "本年新制作数量":
        made = rng.randint(1, 4) if row == "规章" else rng.randint(2, 15)
        values[(path, cols[0])] = made
        values[(path, cols[1])] = made
        values[(path, cols[2])] = made * rng.randint(5, 12)
    elif cols[0] == "采购项目数量":
        values[(path, cols[0])] = rng.randint(0, 12)
        values[(path, cols[1])] = round(rng.uniform(0, 300), 1)
    else:
        values[(path, cols[0])] = rng.randint(0, 60)
        values[(path, cols[1])] = rng.randint(-3, 4)
        if len(cols) > 2:
            values[(path, cols[2])] = rng.randint(0, scale * 30)


def review_values(level: str, rng: random.Random) -> Values:
    """Table 四: one row; each group's 总计 is the sum of its four results."""
    values: Values = {}
    scale = _SCALE[level]
    for prefix in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"):
        parts = [rng.randint(0, max(0, scale // 60)) for _ in range(4)]
        for name, n in zip(("结果维持", "结果纠正", "其他结果", "尚未审结"), parts, strict=True):
            values[("", f"{prefix}/{name}")] = n
        values[("", f"{prefix}/总计")] = sum(parts)
    return values


def stats_values(level: str, rng: random.Random, fixed: dict[str, float] | None = None) -> Values:
    """统计表 figures; ``fixed`` pins rows (by leaf label) to figures quoted in a seed text."""
    fixed = fixed or {}
    scale = _SCALE[level]
    v: dict[str, float] = {}

    def pick(label: str, low: int, high: int) -> float:
        v[label] = fixed.get(label, rng.randint(low, max(low, high)))
        return v[label]

    channels = [
        pick(x, 0, scale * k)
        for x, k in (
            ("1.政府公报公开政府信息数", 1),
            ("2.政府网站公开政府信息数", 20),
            ("3.政务微博公开政府信息数", 2),
            ("4.政务微信公开政府信息数", 2),
            ("5.其他方式公开政府信息数", 1),
        )
    ]
    v["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"] = fixed.get(
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
        max(channels) + rng.randint(0, 50),
    )
    pick("其中：主动公开规范性文件数", 0, 30)
    pick("制发规范性文件总数", int(v["其中：主动公开规范性文件数"]), 35)
    pick("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", 0, scale // 10)
    pick("1.参加或举办新闻发布会总次数", 0, scale // 10)
    pick("其中：主要负责同志参加新闻发布会次数", 0, int(v["1.参加或举办新闻发布会总次数"]))
    pick("2.政府网站在线访谈次数", 0, 12)
    pick("其中：主要负责同志参加政府网站在线访谈次数", 0, int(v["2.政府网站在线访谈次数"]))
    pick("3.政策解读稿件发布数", 0, scale // 5)
    pick("4.微博微信回应事件数", 0, scale // 10)
    pick("5.其他方式回应事件数", 0, 10)
    ways = [pick(x, 0, scale // 3) for x in ("1.当面申请数", "2.传真申请数", "3.网络申请数")]
    ways.append(pick("4.信函申请数", 0, scale // 6))
    received = v["（一）收到申请数"] = fixed.get("（一）收到申请数", sum(ways))
    done = fixed.get("（二）申请办结数", received - rng.randint(0, int(received) // 15))
    v["（二）申请办结数"] = done
    v["2.延期办结数"] = fixed.get("2.延期办结数", rng.randint(0, int(done) // 10))
    v["1.按时办结数"] = fixed.get("1.按时办结数", done - v["2.延期办结数"])
    reasons = (
        "其中：涉及国家秘密",
        "涉及商业秘密",
        "涉及个人隐私",
        "危及国家安全、公共安全、经济安全和社会稳定",
        "不是《条例》所指政府信息",
        "法律法规规定的其他情形",
    )
    answers = (
        "1.属于已主动公开范围数",
        "2.同意公开答复数",
        "3.同意部分公开答复数",
        "4.不同意公开答复数",
        "5.不属于本行政机关公开数",
        "6.申请信息不存在数",
        "7.告知作出更改补充数",
        "8.告知通过其他途径办理数",
    )
    if all(a in fixed for a in answers if a != "8.告知通过其他途径办理数"):
        for a in answers:
            v[a] = fixed.get(a, 0)
    else:
        split = _split(int(done), len(answers), rng, [30, 40, 10, 3, 4, 6, 2, 1])
        v.update(zip(answers, split, strict=True))
    v["（三）申请答复数"] = sum(v[a] for a in answers)
    if all(r in fixed for r in reasons):
        v.update({r: fixed[r] for r in reasons})
    else:
        v.update(
            zip(
                reasons,
                _split(int(v["4.不同意公开答复数"]), 6, rng, [3, 1, 2, 1, 2, 2]),
                strict=True,
            )
        )
    for total, parts in (
        (
            "四、行政复议数量",
            ("（一）维持具体行政行为数", "（二）被依法纠错数", "（三）其他情形数"),
        ),
        (
            "五、行政诉讼数量",
            (
                "（一）维持具体行政行为或者驳回原告诉讼请求数",
                "（二）被依法纠错数",
                "（三）其他情形数",
            ),
        ),
    ):
        split = [rng.randint(0, max(0, scale // 80)) for _ in parts]
        v[total] = sum(split)
        for part, n in zip(parts, split, strict=True):
            v[f"{total}/{part}"] = n
    pick("六、举报投诉数量", 0, scale // 100)
    v["七、依申请公开信息收取的费用"] = fixed.get("七、依申请公开信息收取的费用", 0)
    pick("（一）政府信息公开工作专门机构数", 1, 1 + scale // 100)
    pick("（二）设置政府信息公开查阅点数", 1, 2 + scale // 50)
    full = pick("1.专职人员数（不包括政府公报及政府网站工作人员数）", 1, 1 + scale // 100)
    part = pick("2.兼职人员数", 1, 2 + scale // 40)
    v["（三）从事政府信息公开工作人员数"] = full + part
    v["（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）"] = (
        fixed.get("专项经费", round(rng.uniform(0.5, 2 + scale / 40), 1))
    )
    pick("（一）召开政府信息公开工作会议或专题会议数", 0, 6)
    pick("（二）举办各类培训班数", 0, 5)
    pick("（三）接受培训人员数", 0, 40 + scale // 2)
    return _stats_by_path(v)


def _stats_by_path(by_label: dict[str, float]) -> Values:
    values: Values = {}
    for path, unit in L.STATS_ROWS:
        if unit == "—":
            continue
        key = path if path.startswith(("四、", "五、")) and "/" in path else L.leaf(path)
        if path in ("四、行政复议数量", "五、行政诉讼数量"):
            key = path
        values[(path, "统计数")] = by_label[key]
    return values


def figures_for(
    form: str, level: str, key: str, stats_fixed: dict[str, float] | None = None
) -> Figures:
    """All tables for a report of ``form`` ("2021", "2019", "stats", "text")."""
    rng = random.Random(f"nianbao-demo:{key}")
    if form in ("2021", "2019"):
        return Figures(
            {
                "proactive": proactive_values(form, level, rng),
                "requests": request_values(form, level, rng),
                "review_litigation": review_values(level, rng),
            }
        )
    if form == "stats":
        return Figures({"stats2008": stats_values(level, rng, stats_fixed)})
    return Figures({})
