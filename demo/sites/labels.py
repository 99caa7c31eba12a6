"""Official table labels of the annual-report formats (2019 trial, 2021, and the 2014-2018 统计表).

These are the gold-standard label paths; renderers may display them with spaces, <br> or
half-width parentheses, and :func:`normalize_label` maps any such display back to them.
"""

from __future__ import annotations

import re

APPLICANT_COLS = (
    "自然人",
    "法人或其他组织/商业企业",
    "法人或其他组织/科研机构",
    "法人或其他组织/社会公益组织",
    "法人或其他组织/法律服务机构",
    "法人或其他组织/其他",
    "总计",
)

RESULT = "三、本年度办理结果"
NEW_REQUESTS = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
CARRIED_OUT = "四、结转下年度继续办理"
TOTAL_ROW = f"{RESULT}/（七）总计"

# (group label or "", leaf labels); a group with one empty leaf is a single row spanning 2 cols.
_RESULT_GROUPS_2021: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）予以公开", ("",)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("",)),
    (
        "（三）不予公开",
        (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ),
    ),
    (
        "（四）无法提供",
        ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"),
    ),
    (
        "（五）不予处理",
        (
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ),
    ),
    (
        "（六）其他处理",
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ),
    ),
)
# The 2019 trial format has the same rows except a single-row （六）其他处理.
_RESULT_GROUPS_2019 = (*_RESULT_GROUPS_2021[:5], ("（六）其他处理", ("",)))


def result_groups(form: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _RESULT_GROUPS_2021 if form == "2021" else _RESULT_GROUPS_2019


def result_leaf_rows(form: str) -> list[str]:
    """Row paths of every leaf of 三、本年度办理结果 except （七）总计."""
    rows = []
    for group, leaves in result_groups(form):
        for leaf in leaves:
            rows.append(f"{RESULT}/{group}" + (f"/{leaf}" if leaf else ""))
    return rows


def request_rows(form: str) -> list[str]:
    return [NEW_REQUESTS, CARRIED_IN, *result_leaf_rows(form), TOTAL_ROW, CARRIED_OUT]


# Proactive-disclosure blocks: (block label, column labels, row labels).
PROACTIVE_2021 = (
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "行政规范性文件"),
    ),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)
PROACTIVE_2019 = (
    (
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("规章", "规范性文件"),
    ),
    (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政许可", "其他对外管理服务事项"),
    ),
    (
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政处罚", "行政强制"),
    ),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)


def proactive_blocks(form: str) -> tuple:
    return PROACTIVE_2021 if form == "2021" else PROACTIVE_2019


REVIEW_COLS = tuple(
    f"{prefix}/{leaf}"
    for prefix in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
    for leaf in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
)

# 《政府信息公开情况统计表》 (2014-2018): (label path, unit). A path ends in the row's own label;
# un-numbered rows (其中：…, 涉及…) hang under the nearest numbered row above them.
_S1 = "一、主动公开情况"
_S1A = f"{_S1}/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
_S1B = f"{_S1}/（二）通过不同渠道和方式公开政府信息的情况"
_S2 = "二、回应解读情况"
_S2B = f"{_S2}/（二）通过不同渠道和方式回应解读的情况"
_S3 = "三、依申请公开情况"
_S3C = f"{_S3}/（三）申请答复数"
_S3C4 = f"{_S3C}/4.不同意公开答复数"
_S8 = "八、机构建设和保障经费情况"
_S8C = f"{_S8}/（三）从事政府信息公开工作人员数"
_S9 = "九、政府信息公开会议和培训情况"

STATS_ROWS: tuple[tuple[str, str], ...] = (
    (_S1, "—"),
    (_S1A, "条"),
    (f"{_S1A}/其中：主动公开规范性文件数", "条"),
    (f"{_S1A}/制发规范性文件总数", "件"),
    (_S1B, "—"),
    (f"{_S1B}/1.政府公报公开政府信息数", "条"),
    (f"{_S1B}/2.政府网站公开政府信息数", "条"),
    (f"{_S1B}/3.政务微博公开政府信息数", "条"),
    (f"{_S1B}/4.政务微信公开政府信息数", "条"),
    (f"{_S1B}/5.其他方式公开政府信息数", "条"),
    (_S2, "—"),
    (f"{_S2}/（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    (_S2B, "—"),
    (f"{_S2B}/1.参加或举办新闻发布会总次数", "次"),
    (f"{_S2B}/1.参加或举办新闻发布会总次数/其中：主要负责同志参加新闻发布会次数", "次"),
    (f"{_S2B}/2.政府网站在线访谈次数", "次"),
    (f"{_S2B}/2.政府网站在线访谈次数/其中：主要负责同志参加政府网站在线访谈次数", "次"),
    (f"{_S2B}/3.政策解读稿件发布数", "篇"),
    (f"{_S2B}/4.微博微信回应事件数", "次"),
    (f"{_S2B}/5.其他方式回应事件数", "次"),
    (_S3, "—"),
    (f"{_S3}/（一）收到申请数", "件"),
    (f"{_S3}/（一）收到申请数/1.当面申请数", "件"),
    (f"{_S3}/（一）收到申请数/2.传真申请数", "件"),
    (f"{_S3}/（一）收到申请数/3.网络申请数", "件"),
    (f"{_S3}/（一）收到申请数/4.信函申请数", "件"),
    (f"{_S3}/（二）申请办结数", "件"),
    (f"{_S3}/（二）申请办结数/1.按时办结数", "件"),
    (f"{_S3}/（二）申请办结数/2.延期办结数", "件"),
    (_S3C, "件"),
    (f"{_S3C}/1.属于已主动公开范围数", "件"),
    (f"{_S3C}/2.同意公开答复数", "件"),
    (f"{_S3C}/3.同意部分公开答复数", "件"),
    (_S3C4, "件"),
    (f"{_S3C4}/其中：涉及国家秘密", "件"),
    (f"{_S3C4}/涉及商业秘密", "件"),
    (f"{_S3C4}/涉及个人隐私", "件"),
    (f"{_S3C4}/危及国家安全、公共安全、经济安全和社会稳定", "件"),
    (f"{_S3C4}/不是《条例》所指政府信息", "件"),
    (f"{_S3C4}/法律法规规定的其他情形", "件"),
    (f"{_S3C}/5.不属于本行政机关公开数", "件"),
    (f"{_S3C}/6.申请信息不存在数", "件"),
    (f"{_S3C}/7.告知作出更改补充数", "件"),
    (f"{_S3C}/8.告知通过其他途径办理数", "件"),
    ("四、行政复议数量", "件"),
    ("四、行政复议数量/（一）维持具体行政行为数", "件"),
    ("四、行政复议数量/（二）被依法纠错数", "件"),
    ("四、行政复议数量/（三）其他情形数", "件"),
    ("五、行政诉讼数量", "件"),
    ("五、行政诉讼数量/（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    ("五、行政诉讼数量/（二）被依法纠错数", "件"),
    ("五、行政诉讼数量/（三）其他情形数", "件"),
    ("六、举报投诉数量", "件"),
    ("七、依申请公开信息收取的费用", "万元"),
    (_S8, "—"),
    (f"{_S8}/（一）政府信息公开工作专门机构数", "个"),
    (f"{_S8}/（二）设置政府信息公开查阅点数", "个"),
    (_S8C, "人"),
    (f"{_S8C}/1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    (f"{_S8C}/2.兼职人员数", "人"),
    (
        f"{_S8}/（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
    ),
    (_S9, "—"),
    (f"{_S9}/（一）召开政府信息公开工作会议或专题会议数", "次"),
    (f"{_S9}/（二）举办各类培训班数", "次"),
    (f"{_S9}/（三）接受培训人员数", "人次"),
)

_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）"})
_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"[\s\u3000\xa0]+")


def normalize_label(text: str) -> str:
    """A displayed label as a gold label: no whitespace or <br>, full-width parentheses."""
    return _SPACE.sub("", _BREAKS.sub("", text)).translate(_HALF_TO_FULL)


def leaf(path: str) -> str:
    """The row's own label: the last path element (labels never contain '/' in rows)."""
    return path.rsplit("/", 1)[-1]
