"""The body of an annual report: prose in the national outline, the tables, and its gold truth.

Prose quotes the same figures the tables print (new requests, carried over, handled), the way real
reports do, so a reader can cross-check text against tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.sites import labels as L
from demo.sites import seeds, tables
from demo.sites.model import ReportSpec
from demo.sites.numbers import Figures, figures_for

_NUMERALS = "一二三四五六七八九十"


@dataclass
class ReportContent:
    html: str  # the article body, to be wrapped in portal chrome
    paragraphs: list[str]  # plain text of the prose, for attachments
    cells: list[dict]
    phrases: list[str]  # substrings only a correct decoding of the page contains
    notes: list[str]


def chinese_date(iso: str) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


class _Writer:
    """Accumulates body HTML in one paragraph style."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.parts: list[str] = []
        self.paragraphs: list[str] = []

    def p(self, text: str) -> None:
        self.paragraphs.append(text)
        if self.style == "word":
            self.parts.append(
                '<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0;'
                'line-height:28.0pt;mso-line-height-rule:exactly"><span style="font-size:16.0pt;'
                f'font-family:仿宋_GB2312">{text}</span></p>'
            )
        elif self.style == "plain":
            self.parts.append(f"<p>\u3000\u3000{text}</p>")
        else:
            self.parts.append(f'<p style="text-indent: 2em;">{text}</p>')

    def h(self, text: str) -> None:
        self.paragraphs.append(text)
        if self.style == "word":
            self.parts.append(
                '<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><b><span '
                f'style="font-size:16.0pt;font-family:黑体">{text}</span></b></p>'
            )
        else:
            self.parts.append(f'<p style="text-indent: 2em;"><strong>{text}</strong></p>')

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def sign(self, *lines: str) -> None:
        for line in lines:
            self.paragraphs.append(line)
            self.parts.append(f'<p style="text-align: right;">{line}</p>')

    def html(self) -> str:
        return "\n".join(self.parts)


def build_report(spec: ReportSpec, site_name: str, host: str) -> ReportContent:
    """Body HTML and ground truth for one report."""
    level_figures = figures_for(spec.form, spec.level, spec.key, _seed_stats(spec))
    notes: list[str] = []
    if spec.deliberate_error:
        _apply_error(spec, level_figures)
        notes.append(f"deliberate arithmetic error: {spec.deliberate_error}")
    rng = random.Random(f"nianbao-prose:{spec.key}")
    w = _Writer(spec.style)
    if spec.seed == "chenzhou_2015":
        phrases = _seed_chenzhou(w)
    elif spec.form in ("2021", "2019"):
        phrases = _modern(spec, level_figures, site_name, host, rng, w)
    else:
        phrases = _classic(spec, level_figures, site_name, host, rng, w)
    cells: list[dict] = []
    if spec.form == "stats":
        for number, scope in enumerate(spec.scopes, start=1):
            figures = (
                level_figures
                if number == 1
                else figures_for("stats", _wider(spec.level), f"{spec.key}:{scope}")
            )
            caption = f"{spec.agency}{spec.year}年政府信息公开情况统计表"
            caption = f"附表{number}：{caption}（{scope}）" if scope else f"附表：{caption}"
            w.raw(f'<p style="text-align: center;"><strong>{caption}</strong></p>')
            grid = tables.stats_grid(figures.tables["stats2008"], spec.zero_blank, spec.style)
            w.raw(tables.render(grid, spec.style, rng))
            cells += tables.gold_cells(figures, spec.zero_blank, scope)
    elif spec.form in ("2021", "2019"):
        cells = tables.gold_cells(level_figures, spec.zero_blank)
    if spec.seed != "chenzhou_2015":
        w.sign(spec.agency, chinese_date(spec.published))
    return ReportContent(w.html(), w.paragraphs, cells, phrases, notes)


def _wider(level: str) -> str:
    """The volume level of a 本行政区域 table: a city's covers its counties too."""
    return {"city": "province", "county": "city", "district": "city"}.get(level, level)


def _apply_error(spec: ReportSpec, figures: Figures) -> None:
    if spec.form in ("2021", "2019"):
        values = figures.tables["requests"]
        values[(L.NEW_REQUESTS, "总计")] += 2
    else:
        values = figures.tables["stats2008"]
        key = ("三、依申请公开情况/（一）收到申请数", "统计数")
        values[key] += 3


def _seed_stats(spec: ReportSpec) -> dict[str, float] | None:
    return seeds.chenzhou_2015_stats() if spec.seed == "chenzhou_2015" else None


def _seed_chenzhou(w: _Writer) -> list[str]:
    for text in seeds.chenzhou_2015_paragraphs():
        if text.startswith(("一、", "二、", "三、", "（", "(")) and len(text) < 40:
            w.h(text)
        else:
            w.p(text)
    return ["市、县、乡、村四级政务服务体系不断完善", "全市共受理政府信息公开申请921件"]


def _contact(spec: ReportSpec, host: str, site_name: str) -> str:
    office = spec.office or spec.agency
    parts = [f"地址：{spec.address}" if spec.address else "", f"联系电话：{spec.phone}"]
    if spec.contact:
        parts.append(f"联系人：{spec.contact}")
    detail = "；".join(p for p in parts if p)
    return (
        f"本报告电子版可在“{site_name}”网站（{host}）查阅或下载。如对本报告有任何疑问，"
        f"请与{office}联系（{detail}）。"
    )


def _modern(
    spec: ReportSpec, fig: Figures, site_name: str, host: str, rng: random.Random, w: _Writer
) -> list[str]:
    """2019 trial format and 2021 format reports (2019 reports onward)."""
    doc = "国办公开办函〔2021〕30号" if spec.form == "2021" else "国办公开办函〔2019〕60号"
    req = fig.tables["requests"]
    new = int(req[(L.NEW_REQUESTS, "总计")])
    carried = int(req[(L.CARRIED_IN, "总计")])
    handled = int(req[(L.TOTAL_ROW, "总计")])
    out = int(req[(L.CARRIED_OUT, "总计")])
    published_items = rng.randint(120, 400) * {"city": 30, "province": 60}.get(spec.level, 4)
    w.p(
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息"
        f"公开工作年度报告格式》（{doc}）要求编制，由总体情况、主动公开政府信息情况、收到和处理政府"
        "信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告"
        f"的事项等六部分组成。本报告所列数据的统计期限自{spec.year}年1月1日起至{spec.year}年12月31日止。"
        + _contact(spec, host, site_name)
    )
    w.h("一、总体情况")
    congress = "二十大" if spec.year >= 2023 else "十九大和十九届历次全会"
    opening = (
        f"{spec.year}年，{spec.agency}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的"
        f"{congress}精神，认真落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、"
        "不公开为例外，持续推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。"
    )
    w.p(opening)
    w.h("（一）主动公开")
    active = (
        f"全年通过政府网站、政务新媒体等渠道主动公开政府信息{published_items}条，"
        f"其中政策文件{rng.randint(8, 60)}件，政策解读材料{rng.randint(5, 40)}篇，"
        f"回应社会关切{rng.randint(3, 30)}次。"
    )
    w.p(active)
    w.h("（二）依申请公开")
    requests = (
        f"全年共收到政府信息公开申请{new}件，上年结转{carried}件，已办结{handled}件，"
        f"结转下年度继续办理{out}件。所有申请均在法定期限内予以答复。"
    )
    w.p(requests)
    w.h("（三）政府信息管理")
    w.p(
        "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，"
        "全年未发生泄密事件。动态调整政府信息公开目录，及时清理过期失效信息。"
    )
    w.h("（四）政府信息公开平台建设")
    w.p(
        "持续优化政府网站政府信息公开专栏，规范设置法定主动公开内容栏目，"
        f"更新维护政务新媒体{rng.randint(2, 9)}个，政务公开专区接待群众查阅{rng.randint(20, 300)}人次。"
    )
    w.h("（五）监督保障")
    w.p(
        f"将政务公开工作纳入年度绩效考核，全年组织业务培训{rng.randint(1, 6)}次，"
        "未发生因政府信息公开工作引发的责任追究情况。"
    )
    blocks = (
        ("二、主动公开政府信息情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "requests"),
        ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation"),
    )
    for heading, table in blocks:
        w.h(heading)
        values = fig.tables[table]
        if table == "proactive":
            grid = tables.proactive_grid(spec.form, values, spec.zero_blank, spec.style)
        elif table == "requests":
            grid = tables.requests_grid(spec.form, values, spec.zero_blank, spec.style)
        else:
            grid = tables.review_grid(values, spec.zero_blank)
        w.raw(tables.render(grid, spec.style, rng))
    w.h("五、存在的主要问题及改进情况")
    problems = rng.choice(
        (
            "政策解读形式还不够丰富，图解、视频等多元化解读占比不高",
            "基层政务公开标准化规范化水平有待提升，部分栏目更新不够及时",
            "依申请公开答复文书的规范性有待加强，业务人员专业能力需进一步提升",
        )
    )
    improvement = (
        f"{spec.year}年政府信息公开工作虽取得一定成效，但仍存在{problems}等问题。"
        f"下一步，{spec.agency}将加强业务培训，健全常态化公开机制，不断提升政务公开质量。"
    )
    w.p(improvement)
    w.h("六、其他需要报告的事项")
    if spec.form == "2021":
        w.p(
            "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。"
            f"全年办理人大代表建议{rng.randint(0, 40)}件、政协提案{rng.randint(0, 50)}件，均已按期办结。"
        )
    else:
        w.p("本年度无其他需要报告的事项。")
    phrases = [
        f"{spec.agency}坚持以习近平新时代中国特色社会主义思想为指导",
        f"全年共收到政府信息公开申请{new}件",
    ]
    if spec.contact:
        phrases.append(f"联系人：{spec.contact}")
    return phrases


def _classic(
    spec: ReportSpec, fig: Figures, site_name: str, host: str, rng: random.Random, w: _Writer
) -> list[str]:
    """Reports before 2019: prose in the old outline, with the 统计表 from 2014 on."""
    start = "5月1日" if spec.year == 2008 else "1月1日"
    w.p(
        f"本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{spec.agency}"
        f"编制的{spec.year}年度政府信息公开工作年度报告。全文包括概述，主动公开政府信息情况，"
        "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、"
        "行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，其他需要报告的事项。本报告中所列"
        f"数据的统计期限自{spec.year}年{start}起至{spec.year}年12月31日止。"
        + _contact(spec, host, site_name)
    )
    if spec.form == "stats":
        s = fig.tables["stats2008"]

        def stat(path: str) -> int:
            return int(s[(path, "统计数")])

        published = stat(L.STATS_ROWS[1][0])
        received = stat("三、依申请公开情况/（一）收到申请数")
        answered = stat("三、依申请公开情况/（三）申请答复数")
        review = stat("四、行政复议数量")
        lawsuit = stat("五、行政诉讼数量")
    else:
        published = rng.randint(300, 9000)
        received = rng.randint(0, 120)
        answered = received
        review, lawsuit = rng.randint(0, 3), rng.randint(0, 2)
    ordinal = iter(_NUMERALS)
    w.h(f"{next(ordinal)}、概述")
    overview = (
        f"{spec.year}年，{spec.agency}认真贯彻落实《条例》，把政府信息公开工作作为建设服务型政府的"
        "重要举措，健全工作机制，规范公开程序，拓宽公开渠道，政府信息公开工作有序推进。"
    )
    w.p(overview)
    w.h(f"{next(ordinal)}、主动公开政府信息情况")
    active = (
        f"全年共主动公开政府信息{published}条，主要通过政府门户网站、政府公报、新闻发布会"
        "以及档案馆、图书馆查阅点等方式公开，方便公众查阅。"
    )
    w.p(active)
    w.h(f"{next(ordinal)}、依申请公开政府信息情况")
    requests = f"全年共受理政府信息公开申请{received}件，已全部答复{answered}件，按时答复率100%。"
    w.p(requests)
    w.h(f"{next(ordinal)}、政府信息公开的收费及减免情况")
    w.p("本年度未收取检索、复制、邮寄等任何费用，也未发生减免收费情况。")
    w.h(f"{next(ordinal)}、因政府信息公开申请提起行政复议、行政诉讼的情况")
    w.p(f"全年因政府信息公开申请提起行政复议{review}件，提起行政诉讼{lawsuit}件。")
    w.h(f"{next(ordinal)}、政府信息公开工作存在的主要问题及改进情况")
    w.p(
        "工作中还存在公开内容不够全面、更新不够及时等问题。下一步，我们将进一步完善制度，"
        "加强培训，推动政府信息公开工作再上新台阶。"
    )
    w.h(f"{next(ordinal)}、其他需要报告的事项")
    w.p("无。")
    phrases = [f"{spec.agency}认真贯彻落实《条例》", f"全年共受理政府信息公开申请{received}件"]
    if spec.contact:
        phrases.append(f"联系人：{spec.contact}")
    return phrases
