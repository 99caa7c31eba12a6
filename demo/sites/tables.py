"""Render a report's tables as CMS-style HTML (Word export, plain, CMS) and list their gold cells.

The grid (labels, spans, values) is built once; styles only change how cells are dressed, so the
gold cells are the same whichever style a portal uses.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from demo.sites import labels as L
from demo.sites.numbers import Figures, Values

STYLES = ("word", "plain", "cms")


@dataclass
class Cell:
    text: str  # display text; may contain <br>
    rowspan: int = 1
    colspan: int = 1
    head: bool = False
    number: bool = False


def format_value(value: float, col: str = "") -> str:
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    else:
        text = str(int(value))
    return f"{text}万元" if col == "采购总金额" else text


def shown(value: float, zero_blank: bool) -> str:
    """The cell text as printed; '' is a blank cell (some portals leave zeros blank)."""
    if zero_blank and value == 0:
        return ""
    return format_value(value)


# Display variants of labels: a style shows them this way, normalize_label() maps them back.
_WORD_BREAKS = {
    "本年新制作数量": "本年新<br>制作数量",
    "本年新公开数量": "本年新<br>公开数量",
    "商业企业": "商业<br>企业",
    "科研机构": "科研<br>机构",
    "社会公益组织": "社会公<br>益组织",
    "法律服务机构": "法律服<br>务机构",
    "本年收费金额（单位：万元）": "本年收费金额<br>（单位：万元）",
}
_CMS_SPACED = {"信息内容": "信 息 内 容", "自然人": "自 然 人", "总计": "总　计"}


def display(label: str, style: str) -> str:
    if style in ("word", "plain"):
        return _WORD_BREAKS.get(label, label)
    text = _CMS_SPACED.get(label, label)
    # The CMS editor typed half-width parentheses in the row labels.
    return text.replace("（", "(").replace("）", ")") if not label.startswith("第二十条") else text


def proactive_grid(form: str, values: Values, zero_blank: bool, style: str) -> list[list[Cell]]:
    width = 4 if form == "2021" else 5
    rows: list[list[Cell]] = []
    for block, cols, row_labels in L.proactive_blocks(form):
        rows.append([Cell(display(block, style), colspan=width, head=True)])
        spans = _col_spans(form, len(cols))
        rows.append(
            [Cell(display("信息内容", style), head=True)]
            + [
                Cell(display(c, style), colspan=s, head=True)
                for c, s in zip(cols, spans, strict=True)
            ]
        )
        for label in row_labels:
            path = f"{block}/{label}"
            cells = [Cell(display(label, style))]
            for col, span in zip(cols, spans, strict=True):
                value = values.get((path, col))
                text = "" if value is None else shown(value, zero_blank)
                if value is not None and col == "采购总金额" and text:
                    text = format_value(value, col)
                cells.append(Cell(text, colspan=span, number=True))
            rows.append(cells)
    return rows


def _col_spans(form: str, n: int) -> list[int]:
    if form == "2021":
        return [1, 1, 1] if n == 3 else [3]
    return [1, 2, 1] if n == 3 else [2, 2]


def requests_grid(form: str, values: Values, zero_blank: bool, style: str) -> list[list[Cell]]:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        [Cell(note, rowspan=3, colspan=3, head=True), Cell("申请人情况", colspan=7, head=True)],
        [
            Cell(display("自然人", style), rowspan=2, head=True),
            Cell("法人或其他组织", colspan=5, head=True),
            Cell(display("总计", style), rowspan=2, head=True),
        ],
        [Cell(display(c.split("/")[1], style), head=True) for c in L.APPLICANT_COLS[1:6]],
    ]

    def figures(row: str) -> list[Cell]:
        return [Cell(shown(values[(row, c)], zero_blank), number=True) for c in L.APPLICANT_COLS]

    rows.append([Cell(L.NEW_REQUESTS, colspan=3), *figures(L.NEW_REQUESTS)])
    rows.append([Cell(L.CARRIED_IN, colspan=3), *figures(L.CARRIED_IN)])
    groups = L.result_groups(form)
    result_height = sum(len(leaves) for _, leaves in groups) + 1
    first = True
    for group, leaves in groups:
        for i, leaf in enumerate(leaves):
            cells = []
            if first:
                cells.append(Cell(L.RESULT, rowspan=result_height))
                first = False
            if not leaf:
                cells.append(Cell(display(group, style), colspan=2))
                cells += figures(f"{L.RESULT}/{group}")
            else:
                if i == 0:
                    cells.append(Cell(display(group, style), rowspan=len(leaves)))
                cells.append(Cell(display(leaf, style)))
                cells += figures(f"{L.RESULT}/{group}/{leaf}")
            rows.append(cells)
    rows.append([Cell(display("（七）总计", style), colspan=2), *figures(L.TOTAL_ROW)])
    rows.append([Cell(L.CARRIED_OUT, colspan=3), *figures(L.CARRIED_OUT)])
    return rows


def review_grid(values: Values, zero_blank: bool) -> list[list[Cell]]:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        [Cell("行政复议", colspan=5, head=True), Cell("行政诉讼", colspan=10, head=True)],
        [Cell(r, rowspan=2, head=True) for r in results]
        + [
            Cell("未经复议直接起诉", colspan=5, head=True),
            Cell("复议后起诉", colspan=5, head=True),
        ],
        [Cell(r, head=True) for r in results * 2],
        [Cell(shown(values[("", c)], zero_blank), number=True) for c in L.REVIEW_COLS],
    ]


def stats_grid(values: Values, zero_blank: bool, style: str) -> list[list[Cell]]:
    rows = [[Cell("统计指标", head=True), Cell("单位", head=True), Cell("统计数", head=True)]]
    for path, unit in L.STATS_ROWS:
        label = display(L.leaf(path), style)
        depth = path.count("/")
        # Indentation with full-width spaces, as the national template has it.
        note = display("（不同渠道和方式公开相同信息计1条）", style)
        text = "\u3000" * depth + label.replace(note, f"<br>{note}")
        value = values.get((path, "统计数"))
        figure = "" if value is None else shown(value, zero_blank)
        rows.append([Cell(text), Cell(unit), Cell(figure, number=True)])
    return rows


def render(grid: list[list[Cell]], style: str, rng: random.Random) -> str:
    """The grid as one <table> in the given CMS style."""
    if style == "word":
        return _render_word(grid, rng)
    if style == "plain":
        return _render_plain(grid)
    return _render_cms(grid)


def _attrs(cell: Cell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _render_word(grid: list[list[Cell]], rng: random.Random) -> str:
    out = [
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" '
        'style="width:100.0%;border-collapse:collapse;border:none;mso-border-alt:solid windowtext '
        '.5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">',
        "<tbody>",
    ]
    for i, row in enumerate(grid):
        out.append(f'<tr style="mso-yfti-irow:{i};height:18.75pt">')
        for cell in row:
            width = 60 * cell.colspan
            out.append(
                f'<td width="{width}"{_attrs(cell)} valign="center" style="width:{width * 0.75:.1f}pt;'
                "border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext "
                '.5pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt">'
                f'<p class="MsoNormal" align="center" style="text-align:center;'
                f'mso-line-height-rule:exactly;line-height:15.0pt">{_word_runs(cell, rng)}</p></td>'
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _word_runs(cell: Cell, rng: random.Random) -> str:
    if not cell.text:
        return '<span lang="EN-US" style="font-size:10.5pt"><o:p>&nbsp;</o:p></span>'
    if cell.number:
        return (
            '<span lang="EN-US" style="font-size:10.5pt;font-family:&quot;Times New Roman&quot;,'
            f'serif;mso-fareast-font-family:仿宋_GB2312">{html.escape(cell.text)}<o:p></o:p></span>'
        )
    font = "font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体;color:black"
    text = cell.text
    # Word splits a label into several runs (language or font changes mid-label).
    pieces = [text]
    if "<br>" not in text and len(text) > 6 and rng.random() < 0.5:
        cut = rng.randint(2, len(text) - 2)
        pieces = [text[:cut], text[cut:]]
    runs = []
    for piece in pieces:
        inner = piece if "<br>" in piece else html.escape(piece)
        runs.append(f'<span style="{font}"><span style="mso-spacerun:yes">{inner}</span></span>')
    return "".join(runs)


def _render_plain(grid: list[list[Cell]]) -> str:
    out = ['<table align="center" border="1" cellspacing="1"><tbody>']
    for row in grid:
        out.append("<tr>")
        for cell in row:
            align = ' align="center"' if cell.head or cell.number else ""
            body = f"<p{align}>{cell.text}</p>" if cell.text else "&nbsp;"
            out.append(f'<td nowrap="nowrap"{_attrs(cell)}>{body}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _render_cms(grid: list[list[Cell]]) -> str:
    out = ['<table class="xxgk-table" width="100%" border="1" cellspacing="0" cellpadding="4">']
    for row in grid:
        out.append("  <tr>")
        for cell in row:
            tag = "th" if cell.head else "td"
            out.append(f"    <{tag}{_attrs(cell)}>{cell.text}</{tag}>")
        out.append("  </tr>")
    out.append("</table>")
    return "\n".join(out)


def gold_cells(figures: Figures, zero_blank: bool, scope: str = "") -> list[dict]:
    """Gold cells of every table: printed value per official (row, col) path; blanks omitted."""
    cells = []
    for table, values in figures.tables.items():
        for (row, col), value in values.items():
            text = shown(value, zero_blank)
            if col == "采购总金额" and text:
                text = format_value(value, col)
            if text:
                cells.append(
                    {"table": table, "scope": scope, "row": row, "col": col, "value": text}
                )
    return cells
