"""The words of the held-out reports: preambles, 总体情况, problems and other matters in the
manner of real reports, for the 2021/2019 formats, the 统计表 years and the text-only years.

A report is a list of blocks: ``("h", heading)``, ``("p", paragraph)``, ``("table", which)``.
The numbers quoted in the prose come from the report's own tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.holdout3_sites.figures import TableSet

Block = tuple[str, str]


@dataclass(frozen=True)
class Voice:
    """Who speaks in a report: the body, how it calls itself, its office and contact."""

    agency: str  # 益阳市赫山区人民政府
    own_name: str  # how the report names the body in its prose: 赫山区, 三门县交通运输局
    we: str  # 我区, 我县, 我局, 我镇
    office: str  # the office that compiles the report: 区政府办公室
    address: str
    phone: str
    website: str  # 赫山区人民政府门户网站


_FOCUS = (
    "紧紧围绕{we}中心工作，坚持以公开为常态、不公开为例外",
    "坚持以人民为中心的发展思想，把政务公开作为建设法治政府、服务型政府的重要抓手",
    "认真贯彻落实《条例》和上级关于政务公开工作的部署要求，聚焦群众关切",
    "以推进基层政务公开标准化规范化为主线，不断提升政务公开质量和实效",
)
_ACTIVE = (
    "全年通过{website}主动公开各类政府信息{n}条，重点做好财政预决算、重大建设项目、"
    "公共资源配置、社会公益事业等领域信息公开",
    "依托{website}、政务新媒体等平台主动公开政府信息{n}条，其中政策文件类信息和"
    "政策解读材料同步发布",
    "全年主动公开政府信息{n}条，及时更新机构职能、规划计划、行政执法等法定主动公开内容",
)
_REQUEST = (
    "全年共收到政府信息公开申请{new}件，上年结转{carried}件，均在法定期限内办结{handled}件，"
    "结转下年度继续办理{onward}件",
    "{year}年，{we}新收政府信息公开申请{new}件，加上年结转{carried}件，共办结{handled}件，"
    "另有{onward}件结转下年度办理",
)
_MANAGE = (
    "严格落实政府信息公开属性源头认定机制，公文在起草时明确公开属性，未公开的说明理由；"
    "认真执行信息发布审核制度，坚持“先审查、后公开”和“一事一审”原则",
    "对现行有效的行政规范性文件进行全面清理，及时公开清理结果；建立政府信息公开台账，"
    "做到发布有记录、审核有依据",
)
_PLATFORM = (
    "持续优化{website}政府信息公开专栏，规范设置栏目，集中发布法定主动公开内容；"
    "政务新媒体与门户网站信息同步更新",
    "推进政府信息公开平台集约化建设，统一栏目设置和内容标准，完善站内搜索功能，"
    "方便群众查询获取政府信息",
)
_SUPERVISE = (
    "将政务公开工作纳入年度绩效考核，组织开展政务公开业务培训{training}次；"
    "畅通社会评议渠道，全年未发生因政府信息公开工作引发的责任追究情况",
    "定期开展政务公开工作检查，对发现的问题督促整改到位；举办政务公开专题培训{training}次，"
    "提升工作人员业务能力",
)
_PROBLEMS = (
    "{year}年，{we}政府信息公开工作取得了一定成效，但仍存在一些不足：一是部分单位对政务公开"
    "工作重视程度不够，信息更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用"
    "不多；三是基层政务公开标准化规范化水平有待提升。",
    "对照上级要求和群众期盼，{we}政府信息公开工作还存在一些问题：主动公开的深度和广度有待"
    "拓展，个别栏目内容更新较慢；依申请公开答复的规范性有待进一步提高。",
)
_IMPROVE = (
    "下一步，{we}将进一步加强组织领导，压实工作责任，及时更新各栏目信息；丰富政策解读形式，"
    "提高解读质量；加强业务培训和督促检查，推动政务公开工作再上新台阶。",
    "针对上述问题，{we}将从以下方面加以改进：健全信息发布协调机制，确保信息发布及时准确；"
    "规范依申请公开办理流程，严格答复文书格式；加大对基层政务公开工作的指导力度。",
)
_FEES = (
    "{year}年度，{we}未收取政府信息公开信息处理费。",
    "本年度{we}依申请公开政府信息未收取任何费用。",
)
_DUTIES = (
    "全年办理人大代表建议{a}件、政协委员提案{b}件，办理结果均按要求公开。",
    "{we}全年承办人大代表建议{a}件、政协提案{b}件，办复率100%，答复全文依法公开。",
)


def _pick(rng: random.Random, pool: tuple[str, ...], **values: object) -> str:
    return rng.choice(pool).format(**values)


def preamble(voice: Voice, year: int, form: str, rng: random.Random) -> str:
    """The opening paragraph: on what basis, who compiled it, the statistics period, contact."""
    if form == "2021":
        basis = (
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府"
            "信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            "（国办公开办函〔2021〕30号）要求编制"
        )
    elif form == "2019":
        basis = (
            "本报告依据新修订的《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
            "（国办公开办函〔2019〕60号）要求编制"
        )
    else:
        basis = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制"
    opening = rng.choice(
        (
            f"{basis}，由{voice.office}负责起草。",
            f"{voice.own_name}{year}年政府信息公开工作年度报告{basis[3:]}。",
        )
    )
    return (
        f"{opening}全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在"
        f"{voice.website}查阅和下载。如对本报告有疑问，请与{voice.office}联系（地址：{voice.address}；"
        f"联系电话：{voice.phone}）。"
    )


def form_report(voice: Voice, year: int, tables: TableSet, key: str) -> list[Block]:
    """A report in the 2019 or 2021 format: prose around the three tables."""
    rng = random.Random(f"holdout3-prose:{key}")
    we = voice.we
    active = sum(int(float(v or 0)) for b in tables.proactive for r in b.rows for v in r.values[:1])
    active = active * 7 + rng.randint(300, 2600)
    new = tables.requests_total("一、本年新收政府信息公开申请数量")
    carried = tables.requests_total("二、上年结转政府信息公开申请数量")
    handled = tables.requests_total("（七）总计")
    onward = tables.requests_total("四、结转下年度继续办理")
    training = rng.randint(2, 9)
    review_total = int(tables.review[4] or 0)
    suits = int(tables.review[9] or 0) + int(tables.review[14] or 0)
    blocks: list[Block] = [
        ("p", preamble(voice, year, tables.form, rng)),
        ("h", "一、总体情况"),
        ("p", f"{year}年，{voice.own_name}{_pick(rng, _FOCUS, we=we)}，各项工作取得积极成效。"),
        ("p", f"（一）主动公开。{_pick(rng, _ACTIVE, website=voice.website, n=active)}。"),
        (
            "p",
            "（二）依申请公开。"
            + _pick(
                rng,
                _REQUEST,
                new=new,
                carried=carried,
                handled=handled,
                onward=onward,
                year=year,
                we=we,
            )
            + f"。全年因政府信息公开引发行政复议{review_total}件、行政诉讼{suits}件。",
        ),
        ("p", f"（三）政府信息管理。{_pick(rng, _MANAGE)}。"),
        ("p", f"（四）政府信息公开平台建设。{_pick(rng, _PLATFORM, website=voice.website)}。"),
        ("p", f"（五）监督保障。{_pick(rng, _SUPERVISE, training=training)}。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", "proactive"),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", "requests"),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", "review"),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", _pick(rng, _PROBLEMS, year=year, we=we)),
        ("p", _pick(rng, _IMPROVE, we=we)),
        ("h", "六、其他需要报告的事项"),
        (
            "p",
            _pick(rng, _FEES, year=year, we=we)
            + _pick(rng, _DUTIES, we=we, a=rng.randint(3, 60), b=rng.randint(3, 80)),
        ),
    ]
    return blocks


def stats_report(voice: Voice, year: int, tables: TableSet, key: str) -> list[Block]:
    """A 2014-2018 report: the seven sections of the time and the 统计表 as its annex."""
    rng = random.Random(f"holdout3-prose:{key}")
    s = tables.stat
    return [
        (
            "p",
            f"本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{voice.office}"
            f"编制的{voice.own_name}{year}年度政府信息公开年度报告。全文包括概述，主动公开政府信息情况，"
            "依申请公开政府信息和不予公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请"
            "提起行政复议、行政诉讼的情况，政府信息公开工作存在的主要问题及改进措施，其他需要报告的事项。"
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        ),
        ("h", "一、概述"),
        (
            "p",
            f"{year}年，{voice.own_name}认真贯彻落实《条例》和上级关于政府信息公开工作的部署，"
            f"{_pick(rng, _FOCUS, we=voice.we)}，进一步健全工作机制，拓宽公开渠道，"
            "政府信息公开工作取得新的进展。",
        ),
        ("h", "二、主动公开政府信息情况"),
        (
            "p",
            f"全年主动公开政府信息{s('（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）')}条，"
            f"其中主动公开规范性文件{s('其中：主动公开规范性文件数')}条；通过政府网站公开政府信息"
            f"{s('2.政府网站公开政府信息数')}条，政务微博公开{s('3.政务微博公开政府信息数')}条，"
            f"政务微信公开{s('4.政务微信公开政府信息数')}条。发布政策解读稿件{s('3.政策解读稿件发布数')}篇。",
        ),
        ("h", "三、依申请公开政府信息和不予公开政府信息情况"),
        (
            "p",
            f"全年共受理政府信息公开申请{s('（一）收到申请数')}件，其中当面申请{s('1.当面申请数')}件，"
            f"网络申请{s('3.网络申请数')}件，信函申请{s('4.信函申请数')}件。已答复{s('（三）申请答复数')}件，"
            f"其中同意公开{s('2.同意公开答复数')}件，同意部分公开{s('3.同意部分公开答复数')}件，"
            f"不同意公开{s('4.不同意公开答复数')}件，申请信息不存在{s('6.申请信息不存在数')}件。",
        ),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", f"{year}年度，{voice.we}在政府信息公开工作中未收取任何费用，也未发生减免情况。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        (
            "p",
            f"全年发生涉及政府信息公开的行政复议{s('四、行政复议数量')}件、"
            f"行政诉讼{s('五、行政诉讼数量')}件，举报投诉{s('六、举报投诉数量')}件。",
        ),
        ("h", "六、政府信息公开工作存在的主要问题及改进措施"),
        ("p", _pick(rng, _PROBLEMS, year=year, we=voice.we)),
        ("p", _pick(rng, _IMPROVE, we=voice.we)),
        ("h", "七、其他需要报告的事项"),
        ("p", "无。"),
        ("p", f"附件：{voice.own_name}{year}年政府信息公开情况统计表"),
        ("table", "stats2008"),
    ]


def text_report(voice: Voice, year: int, key: str) -> list[Block]:
    """A report from before 2014: the same sections, figures only in the prose."""
    rng = random.Random(f"holdout3-prose:{key}")
    active = rng.randint(900, 7000)
    received = rng.randint(4, 60)
    agreed = rng.randint(1, received)
    online = rng.randint(0, received)
    return [
        (
            "p",
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布{voice.own_name}"
            f"{year}年政府信息公开工作年度报告。本报告由概述，主动公开政府信息情况，依申请公开政府信息"
            "情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，"
            "存在的主要问题和改进措施，其他需要报告的事项七个部分组成。本报告中所列数据的统计期限自"
            f"{year}年1月1日起至{year}年12月31日止。",
        ),
        ("h", "一、概述"),
        (
            "p",
            f"{year}年，在上级政府的正确领导下，{voice.own_name}把政府信息公开作为转变政府职能、"
            "建设服务型政府的重要举措，成立了政府信息公开工作领导小组，明确了分管领导和具体工作人员，"
            "编制了政府信息公开指南和目录，设立了政府信息公开查阅场所。",
        ),
        ("h", "二、主动公开政府信息情况"),
        (
            "p",
            f"{year}年共主动公开政府信息{active}条，其中机构职能类信息{rng.randint(40, 300)}条，"
            f"政策法规类信息{rng.randint(60, 600)}条，规划计划类信息{rng.randint(10, 90)}条，"
            f"行政职责类信息{rng.randint(100, 900)}条，其他信息{rng.randint(200, 1500)}条。"
            "主动公开的政府信息主要通过政府门户网站、政府公报、公开栏、电子显示屏等形式公开。",
        ),
        ("h", "三、依申请公开政府信息情况"),
        (
            "p",
            f"全年共受理政府信息公开申请{received}件，其中网上申请{online}件，其余为当面或信函申请。"
            f"已按时答复{received}件，其中同意公开{agreed}件，其余为不属于本机关公开范围或"
            "申请信息不存在，均已告知申请人。",
        ),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "本年度政府信息公开工作未收取任何费用。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "本年度未发生针对政府信息公开事务的行政复议和行政诉讼案件。"),
        ("h", "六、存在的主要问题和改进措施"),
        (
            "p",
            "政府信息公开工作虽然取得了一定成效，但还存在公开内容不够全面、更新不够及时等问题。"
            f"下一步，{voice.we}将进一步完善工作制度，拓宽公开渠道，提高政府信息公开工作水平。",
        ),
        ("h", "七、其他需要报告的事项"),
        ("p", "无。"),
    ]


def phrases(blocks: list[Block]) -> list[str]:
    """Two passages of the report's own prose that only a right decoding of its page contains."""
    paragraphs = [text for kind, text in blocks if kind == "p"]
    picked = [paragraphs[0][:24]]
    second = paragraphs[min(3, len(paragraphs) - 1)]
    picked.append(second[2:26])
    return picked
