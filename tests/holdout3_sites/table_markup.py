"""HTML markup of the held-out reports' statistics tables, in the dresses CMS editors produce:
a Word export (``word``), a hand-made table with ``<br>`` in labels (``plain``), a UEditor table
(``ue``) and a table with ``<th>`` headers, half-width brackets and spaced labels (``th``)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from tests.holdout3_sites.figures import Block, LogicalRow, TableSet


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Grid = list[list[GridCell]]


def proactive_grid(blocks: list[Block]) -> Grid:
    """Table 二: one heading row, one column-label row and the item rows per 第二十条 block."""
    grid: Grid = []
    for block in blocks:
        spans = {3: [1, 1, 1], 2: [1, 2], 1: [3]}[len(block.columns)]
        grid.append([GridCell(block.heading, colspan=4, header=True)])
        grid.append(
            [GridCell("信息内容", header=True)]
            + [
                GridCell(c, colspan=s, header=True)
                for c, s in zip(block.columns, spans, strict=True)
            ]
        )
        for row in block.rows:
            grid.append(
                [GridCell(row.labels[-1], header=True)]
                + [GridCell(v, colspan=s) for v, s in zip(row.values, spans, strict=True)]
            )
    return grid


_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def requests_header() -> Grid:
    return [
        [
            GridCell(_CORNER, rowspan=3, colspan=3, header=True),
            GridCell("申请人情况", colspan=7, header=True),
        ],
        [
            GridCell("自然人", rowspan=2, header=True),
            GridCell("法人或其他组织", colspan=5, header=True),
            GridCell("总计", rowspan=2, header=True),
        ],
        [
            GridCell(x, header=True)
            for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
    ]


def requests_grid(rows: list[LogicalRow], *, header: bool = True) -> Grid:
    """Table 三 (or a run of its rows, for a table cut by a page break): the vertical
    三、本年度办理结果 cell and the （三）（四）… group cells span the rows of the run they cover."""
    grid: Grid = requests_header() if header else []
    for i, row in enumerate(rows):
        cells: list[GridCell] = []
        labels = row.labels
        if len(labels) == 1:
            cells.append(GridCell(labels[0], colspan=3, header=True))
        else:
            if i == 0 or rows[i - 1].labels[0] != labels[0]:
                run = _run_length(rows, i, 1)
                cells.append(GridCell(labels[0], rowspan=run, header=True))
            if len(labels) == 2:
                cells.append(GridCell(labels[1], colspan=2, header=True))
            else:
                if i == 0 or rows[i - 1].labels[:2] != labels[:2]:
                    cells.append(GridCell(labels[1], rowspan=_run_length(rows, i, 2), header=True))
                cells.append(GridCell(labels[2], header=True))
        cells += [GridCell(v) for v in row.values]
        grid.append(cells)
    return grid


def _run_length(rows: list[LogicalRow], start: int, depth: int) -> int:
    prefix = rows[start].labels[:depth]
    count = 0
    for row in rows[start:]:
        if row.labels[:depth] != prefix:
            break
        count += 1
    return count


def review_grid(values: list[str]) -> Grid:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        [
            GridCell("行政复议", colspan=5, header=True),
            GridCell("行政诉讼", colspan=10, header=True),
        ],
        [GridCell(r, rowspan=2, header=True) for r in results]
        + [
            GridCell("未经复议直接起诉", colspan=5, header=True),
            GridCell("复议后起诉", colspan=5, header=True),
        ],
        [GridCell(r, header=True) for r in results * 2],
        [GridCell(v) for v in values],
    ]


def stats2008_grid(rows: list[LogicalRow], *, numbered_column: bool = False) -> Grid:
    """The 统计表: 统计指标 | 单位 | 统计数 (optionally a 序号 column first); headings print ——."""
    head = ["统计指标", "单位", "统计数"]
    grid: Grid = [
        [GridCell(x, header=True) for x in (["序号", *head] if numbered_column else head)]
    ]
    for number, row in enumerate(rows, start=1):
        depth = len(row.labels) - 1
        label = "\u3000" * depth + row.labels[-1]
        cells = [GridCell(label, header=True), GridCell(row.unit), GridCell(row.values[0] or "——")]
        if numbered_column:
            cells.insert(0, GridCell(str(number)))
        grid.append(cells)
    return grid


# --- dresses ----------------------------------------------------------------------------------


def render(grid: Grid, dress: str) -> str:
    """One ``<table>`` in ``dress``."""
    return {"word": _word, "plain": _plain, "ue": _ue, "th": _th}[dress](grid)


def _spans(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _word(grid: Grid) -> str:
    rows = []
    for i, row in enumerate(grid):
        cells = []
        for cell in row:
            if cell.text:
                runs = _word_runs(cell.text)
            else:
                runs = '<span lang="EN-US"><o:p>&nbsp;</o:p></span>'
            align = ' align="center" style="text-align:center"' if not cell.header or i < 3 else ""
            cells.append(
                f'<td{_spans(cell)} valign="center" style="border:solid windowtext 1.0pt;'
                f'padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal"{align}>{runs}</p></td>'
            )
        rows.append(f'<tr style="mso-yfti-irow:{i};height:20.25pt">{"".join(cells)}</tr>')
    return (
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="614" '
        'style="width:460.5pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext '
        '.5pt;mso-yfti-tbllook:1184"><tbody>' + "".join(rows) + "</tbody></table>"
    )


def _word_runs(text: str) -> str:
    """Word splits a label over runs (a proofing mark, a font change) and ends with an empty o:p."""
    font = "font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体"
    if text.isascii():
        return f'<span lang="EN-US" style="{font}">{html.escape(text)}<o:p></o:p></span>'
    if len(text) >= 8:
        cut = len(text) // 2
        return (
            f'<span style="{font}">{html.escape(text[:cut])}</span>'
            f'<span style="{font};mso-fareast-font-family:宋体">{html.escape(text[cut:])}'
            '<span lang="EN-US"><o:p></o:p></span></span>'
        )
    return f'<span style="{font}">{html.escape(text)}<span lang="EN-US"><o:p></o:p></span></span>'


def _broken(text: str) -> str:
    """Column labels wrapped by hand: 本年新<br />制作数量, 商业<br />企业."""
    if 4 <= len(text) <= 8 and not text.startswith(("（", "第")):
        cut = 3 if text.startswith("本年") else 2
        return f"{html.escape(text[:cut])}<br />{html.escape(text[cut:])}"
    return html.escape(text)


def _plain(grid: Grid) -> str:
    rows = []
    for i, row in enumerate(grid):
        cells = []
        for cell in row:
            if not cell.text:
                body = "&nbsp;"
            elif cell.header and i < 3:
                body = f'<p align="center">{_broken(cell.text)}</p>'
            elif cell.header:
                body = f"<p>{html.escape(cell.text)}</p>"
            else:
                body = f'<p align="center">{html.escape(cell.text)}</p>'
            cells.append(f"<td nowrap{_spans(cell)}>{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table align="center" border="1" cellspacing="1"><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _ue(grid: Grid) -> str:
    rows = []
    for i, row in enumerate(grid):
        cells = [
            f'<td{_spans(c)} style="border:1px solid #000000;word-break:break-all;" '
            f'valign="middle" align="center">{html.escape(c.text)}</td>'
            for c in row
        ]
        first = ' class="firstRow"' if i == 0 else ""
        rows.append(f"<tr{first}>" + "".join(cells) + "</tr>")
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;" '
        'data-sort="sortDisabled"><tbody>' + "".join(rows) + "</tbody></table>"
    )


def _half_width(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _th(grid: Grid) -> str:
    rows = []
    for row in grid:
        cells = []
        for cell in row:
            text = _half_width(cell.text)
            if cell.header and len(text) <= 4 and not text.isdigit():
                text = " ".join(text)  # 自 然 人, 总 计: letter-spaced short labels
            tag = "th" if cell.header else "td"
            cells.append(f"<{tag}{_spans(cell)}>{html.escape(text)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="gk-table" border="1">' + "".join(rows) + "</table>"


def table_html(tables: TableSet, which: str, dress: str, **kwargs: object) -> str:
    """The markup of one of the report's tables: ``proactive``, ``requests``, ``review`` or
    ``stats2008``."""
    if which == "proactive":
        return render(proactive_grid(tables.proactive), dress)
    if which == "requests":
        return render(requests_grid(tables.requests), dress)
    if which == "review":
        return render(review_grid(tables.review), dress)
    return render(stats2008_grid(tables.stats2008, **kwargs), dress)  # type: ignore[arg-type]
