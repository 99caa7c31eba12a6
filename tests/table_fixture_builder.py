"""Builds tests/fixtures/tables/*.html from the numbers each fixture must yield (its gold cells).

Labels here are typed from the official forms, not taken from the parser's vocabulary, so the gold
is independent of the code under test. `python -m tests.table_fixture_builder` rewrites the files.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
SHANGHAI_REFERENCE = (
    Path(__file__).resolve().parent
    / "fixtures"
    / "reference"
    / "shanghai_office_2019_report_tables_2019format.html"
)
CHENZHOU_SEED = Path(__file__).resolve().parent / "fixtures" / "seeds" / "002_868b779dd27454bb.txt"

APPLICANTS = ("自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构",
              "法人或其他组织/社会公益组织", "法人或其他组织/法律服务机构", "法人或其他组织/其他")  # fmt: skip
REQUEST_COLUMNS = (*APPLICANTS, "总计")
R3 = "三、本年度办理结果"
NOT_OPEN = "（三）不予公开"
CANNOT = "（四）无法提供"
NOT_HANDLED = "（五）不予处理"
OTHER = "（六）其他处理"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
NOT_OPEN_ITEMS = ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                  "7.属于行政执法案卷", "8.属于行政查询事项")  # fmt: skip
CANNOT_ITEMS = (
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
)
NOT_HANDLED_ITEMS = ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                     "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")  # fmt: skip
OTHER_ITEMS = ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")  # fmt: skip
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REVIEW_COLUMNS = tuple(
    f"{group}/{outcome}"
    for group in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
    for outcome in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
)


def request_layout(other_items: bool) -> list[tuple[str, ...]]:
    """Label parts of the rows of table 三, outermost first (2021: （六） has items; 2019: not)."""
    rows: list[tuple[str, ...]] = [
        ("一、本年新收政府信息公开申请数量",),
        ("二、上年结转政府信息公开申请数量",),
    ]
    rows += [(R3, "（一）予以公开"), (R3, PARTIAL)]
    rows += [(R3, NOT_OPEN, item) for item in NOT_OPEN_ITEMS]
    rows += [(R3, CANNOT, item) for item in CANNOT_ITEMS]
    rows += [(R3, NOT_HANDLED, item) for item in NOT_HANDLED_ITEMS]
    rows += [(R3, OTHER, item) for item in OTHER_ITEMS] if other_items else [(R3, OTHER)]
    rows += [(R3, "（七）总计"), ("四、结转下年度继续办理",)]
    return rows


def request_numbers(
    results: dict[str, list[int]], carried_over: list[int], carried_forward: list[int]
) -> dict[str, list[int]]:
    """All rows of table 三 from the result rows: （七） sums them, 一 = （七）+四-二, 总计 sums across."""
    done = [sum(values[i] for values in results.values()) for i in range(6)]
    new = [d + f - c for d, f, c in zip(done, carried_forward, carried_over, strict=True)]
    rows = {
        "一、本年新收政府信息公开申请数量": new,
        "二、上年结转政府信息公开申请数量": carried_over,
    }
    rows |= {f"{R3}/{path}": values for path, values in results.items()}
    rows |= {f"{R3}/（七）总计": done, "四、结转下年度继续办理": carried_forward}
    return {row: [*values, sum(values)] for row, values in rows.items()}


def result_rows(other_items: bool, **given: list[int]) -> dict[str, list[int]]:
    """Every result row of 三 (zeros unless given; keys are the row paths below 三 with / → _)."""
    paths = ["/".join(path[1:]) for path in request_layout(other_items) if path[0] == R3][:-1]
    unknown = set(given) - set(paths)
    assert not unknown, f"not a result row: {unknown}"
    return {path: given.get(path, [0] * 6) for path in paths}


# --- a table as cell specs, then as markup ------------------------------------------------------


@dataclass
class C:
    """One cell: text (lines are <p>s or <br>s), spans, and whether it is a header/label."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    label: bool = True
    lines: Sequence[str] = ()


@dataclass
class Table:
    rows: list[list[C]] = field(default_factory=list)
    gold: list[dict] = field(default_factory=list)


Show = Callable[[str, str, object], "str | None"]  # (row, col, value) -> cell text, None = blank


def plain(row: str, col: str, value: object) -> str | None:
    return str(value)


def requests_table(
    numbers: dict[str, list[int]],
    other_items: bool,
    show: Show = plain,
    variants: dict[str, str] | None = None,
    header_lines: dict[str, Sequence[str]] | None = None,
    scope: str = "",
) -> Table:
    variants, header_lines = variants or {}, header_lines or {}
    table = Table()
    legal = variants.get("法人或其他组织", "法人或其他组织")
    table.rows += [
        [C(CORNER, colspan=3, rowspan=3), C("申请人情况", colspan=7)],
        [C("自然人", rowspan=2), C(legal, colspan=5), C("总计", rowspan=2)],
        [
            C(name, lines=header_lines.get(name, ()))
            for name in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
    ]
    layout = request_layout(other_items)
    for i, parts in enumerate(layout):
        row: list[C] = []
        shown = [variants.get(part, part) for part in parts]
        for depth in range(len(parts)):
            if i and layout[i - 1][: depth + 1] == parts[: depth + 1]:
                continue  # covered by the rowspan of the row above
            span = sum(1 for p in layout[i:] if p[: depth + 1] == parts[: depth + 1])
            colspan = 3 - depth if depth == len(parts) - 1 else 1
            row.append(C(shown[depth], colspan=colspan, rowspan=span))
        path = "/".join(parts)
        for col, value in zip(REQUEST_COLUMNS, numbers[path], strict=True):
            text = show(path, col, value)
            row.append(C(text or "", label=False))
            if text is not None:
                table.gold.append(_gold("requests", scope, path, col, value))
        table.rows.append(row)
    return table


def review_table(values: Sequence[object], show: Show = plain, scope: str = "") -> Table:
    table = Table()
    table.rows += [
        [C("行政复议", colspan=5), C("行政诉讼", colspan=10)],
        [C(o, rowspan=2) for o in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
        + [C("未经复议直接起诉", colspan=5), C("复议后起诉", colspan=5)],
        [C(o) for o in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2],
    ]
    row = []
    for col, value in zip(REVIEW_COLUMNS, values, strict=True):
        text = show("", col, value)
        row.append(C(text or "", label=False))
        if text is not None:
            table.gold.append(_gold("review_litigation", scope, "", col, value))
    table.rows.append(row)
    return table


@dataclass
class Block:
    heading: str
    columns: Sequence[str]  # official column labels
    items: Sequence[tuple[str, Sequence[object]]]  # (official item, values)
    shown_columns: Sequence[str] = ()  # the header as printed, when it differs
    shown_items: dict[str, str] = field(default_factory=dict)
    spans: Sequence[int] = ()  # colspan of each value cell (the label cell is 1)


def proactive_table(blocks: Sequence[Block], show: Show = plain, scope: str = "") -> Table:
    table = Table()
    for block in blocks:
        spans = block.spans or _spread(len(block.columns))
        table.rows.append([C(block.heading, colspan=5)])
        header = block.shown_columns or block.columns
        table.rows.append(
            [C("信息内容")] + [C(h, colspan=s) for h, s in zip(header, spans, strict=True)]
        )
        for item, values in block.items:
            row = [C(block.shown_items.get(item, item))]
            path = f"{block.heading}/{item}"
            for col, value, span in zip(block.columns, values, spans, strict=True):
                text = show(path, col, value)
                row.append(C(text or "", colspan=span, label=False))
                if text is not None:
                    table.gold.append(_gold("proactive", scope, path, col, _number(value)))
            table.rows.append(row)
    return table


def _spread(count: int) -> list[int]:
    return {1: [4], 2: [2, 2], 3: [1, 2, 1]}[count]


def _number(value: object) -> int | float:
    """The number a displayed proactive value stands for ("+3" → 3, "1,234.56万元" → 1234.56)."""
    if isinstance(value, int | float):
        return value
    text = str(value).replace(",", "").replace("万元", "").replace("元", "").replace("－", "-")
    return float(text) if "." in text else int(text)


def _gold(
    table: str, scope: str, row: str, col: str, value: object, unit: str | None = None
) -> dict:
    cell = {"table": table, "scope": scope, "row": row, "col": col, "value": value}
    return cell | ({"unit": unit} if unit else {})


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def trs_table(table: Table, border: str = "1") -> str:
    """TRS CMS markup: bordered table, <p> inside every cell, &nbsp; in blank cells."""
    out = [
        f'<table border="{border}" cellspacing="0" cellpadding="0" align="center" '
        'style="border-collapse:collapse;width:100%;"><tbody>'
    ]
    for row in table.rows:
        out.append("<tr>")
        for cell in row:
            attrs = _spans(cell, '"')
            align = "left" if cell.label and cell.colspan > 1 else "center"
            body = "".join(f"<p>{html.escape(line)}</p>" for line in cell.lines) or (
                f'<p style="text-align:{align};">{html.escape(cell.text) or "&nbsp;"}</p>'
            )
            out.append(f'<td{attrs} style="border:1px solid #000000;padding:3px;">{body}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def word_table(table: Table) -> str:
    """Word "save as web page": MsoNormalTable, mso styles, nested spans, <o:p>&nbsp;</o:p>."""
    out = [
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=576 "
        "style='width:432.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext "
        ".5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
    ]
    for r, row in enumerate(table.rows):
        out.append(f" <tr style='mso-yfti-irow:{r};height:19.85pt'>")
        for cell in row:
            attrs = _spans(cell, "")
            style = (
                "border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext "
                ".5pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:19.85pt"
            )
            lines = cell.lines or [cell.text]
            paras = "".join(_word_paragraph(line, cell.label) for line in lines)
            out.append(f"  <td width=48 valign=middle{attrs} style='{style}'>\n  {paras}</td>")
        out.append(" </tr>")
    out.append("</table>")
    return "\n".join(out)


def _word_paragraph(text: str, label: bool) -> str:
    if not text:
        return (
            "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
            "style='font-size:10.5pt'><o:p>&nbsp;</o:p></span></p>"
        )
    font = "宋体" if label else '"Times New Roman"'
    cut = max(1, len(text) // 2)  # Word splits runs at random places
    runs = (
        f"<span style='font-size:10.5pt;font-family:{font};mso-hansi-font-family:宋体'>"
        f"{html.escape(text[:cut])}</span><span lang=EN-US style='font-size:10.5pt;"
        f"font-family:{font}'>{html.escape(text[cut:])}<o:p></o:p></span>"
    )
    return (
        "<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt;"
        f"mso-line-height-rule:exactly'>{runs}</p>"
    )


def _spans(cell: C, quote: str) -> str:
    attrs = ""
    if cell.colspan > 1:
        attrs += f" colspan={quote}{cell.colspan}{quote}"
    if cell.rowspan > 1:
        attrs += f" rowspan={quote}{cell.rowspan}{quote}"
    return attrs


# --- pages ---------------------------------------------------------------------------------------

TRS_CHROME_TOP = """<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="top">
  <tr><td width="300"><a href="/"><img src="/images/logo.png" alt="{site}"></a></td>
      <td><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a></td></tr>
</table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
  <tr><td class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">政府信息公开年报</a></td></tr>
</table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="xxgk_table">
  <tr><td>索&nbsp;引&nbsp;号：</td><td>{index}</td><td>发布机构：</td><td>{org}</td></tr>
  <tr><td>公开方式：</td><td>主动公开</td><td>发文日期：</td><td>{date}</td></tr>
</table>"""
TRS_CHROME_BOTTOM = """<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="bottom">
  <tr><td><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
  <tr><td>主办：{org} 网站标识码：3301000001 ICP备案号：浙ICP备05012345号</td></tr>
</table>"""


def trs_page(title: str, org: str, date: str, body: str) -> str:
    top = TRS_CHROME_TOP.format(site=org, index="001008001/2023-00017", org=org, date=date)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title>
<meta name="ArticleTitle" content="{title}" />
<link href="/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.js"></script>
</head>
<body>
{top}
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
 <tr><td class="title">{title}</td></tr>
 <tr><td class="content">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
</div></div>
 </td></tr>
</table>
{TRS_CHROME_BOTTOM.format(org=org)}
<script type="text/javascript">var _hmt = _hmt || [];</script>
</body>
</html>
"""


def word_document(title: str, body: str) -> str:
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View><w:Zoom>90</w:Zoom></w:WordDocument>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;mso-style-qformat:yes;margin:0cm;margin-bottom:.0001pt;
	text-align:justify;text-justify:inter-ideograph;mso-pagination:none;
	font-size:10.5pt;mso-bidi-font-size:12.0pt;font-family:"Times New Roman",serif;}}
@page WordSection1 {{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;}}
div.WordSection1 {{page:WordSection1;}}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1 style='layout-grid:15.6pt'>
{body}
</div>
</body>
</html>
"""


def word_paragraph(text: str) -> str:
    return (
        "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:"
        f"exactly'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{html.escape(text)}"
        "<span lang=EN-US><o:p></o:p></span></span></p>"
    )


# --- the fixtures ----------------------------------------------------------------------------------


@dataclass
class Fixture:
    name: str
    html: str
    gold: list[dict]
    template: str


def trs_2021() -> Fixture:
    """2021 format in a TRS CMS page with layout tables; commas, a decimal amount, blank cells."""
    blocks = [
        Block("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
              [("规章", (2, 0, 15)), ("行政规范性文件", (12, 3, 86))]),
        Block("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", (1234,))]),
        Block("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", (356,)), ("行政强制", (0,))]),
        Block("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", (12.5,))]),
    ]  # fmt: skip
    results = result_rows(
        True,
        **{
            "（一）予以公开": [45, 6, 0, 0, 2, 1],
            PARTIAL: [8, 1, 0, 0, 0, 0],
            f"{NOT_OPEN}/2.其他法律行政法规禁止公开": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/4.保护第三方合法权益": [3, 1, 0, 0, 0, 0],
            f"{NOT_OPEN}/5.属于三类内部事务信息": [2, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/6.属于四类过程性信息": [4, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/8.属于行政查询事项": [5, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [30, 4, 0, 0, 1, 0],
            f"{CANNOT}/2.没有现成信息需要另行制作": [6, 0, 0, 0, 0, 0],
            f"{CANNOT}/3.补正后申请内容仍不明确": [2, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/1.信访举报投诉类申请": [7, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/2.重复申请": [3, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/4.无正当理由大量反复申请": [1, 0, 0, 0, 0, 0],
            f"{OTHER}/{OTHER_ITEMS[0]}": [2, 0, 0, 0, 0, 0],
            f"{OTHER}/3.其他": [1, 0, 0, 0, 0, 0],
        },
    )
    numbers = request_numbers(results, [5, 1, 0, 0, 0, 0], [9, 1, 0, 0, 0, 0])

    def show(row: str, col: str, value: object) -> str | None:
        # This office leaves the zeros of two applicant columns blank; thousands get a comma.
        if value == 0 and col in ("法人或其他组织/科研机构", "法人或其他组织/社会公益组织"):
            return None
        return f"{value:,}"

    tables = [proactive_table(blocks, show), requests_table(numbers, True, show),
              review_table((3, 1, 0, 1, 5, 2, 0, 1, 0, 3, 1, 0, 0, 0, 1), show)]  # fmt: skip
    body = "\n".join(
        [
            '<p style="text-indent:2em;">本报告根据《中华人民共和国政府信息公开条例》编制。</p>',
            '<p style="text-indent:2em;"><strong>一、总体情况</strong></p>',
            '<p style="text-indent:2em;">2022年，市政府办公室全面贯彻落实政务公开工作要点。</p>',
            '<p style="text-indent:2em;"><strong>二、主动公开政府信息情况</strong></p>',
            trs_table(tables[0]),
            '<p style="text-indent:2em;"><strong>三、收到和处理政府信息公开申请情况</strong></p>',
            trs_table(tables[1]),
            '<p style="text-indent:2em;"><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>',
            trs_table(tables[2]),
            '<p style="text-indent:2em;"><strong>五、存在的主要问题及改进情况</strong></p>',
            '<p style="text-indent:2em;">一是公开的及时性有待提高。</p>',
        ]
    )
    page = trs_page("某市人民政府办公室2022年政府信息公开工作年度报告", "某市人民政府办公室",
                    "2023-01-18", body)  # fmt: skip
    return Fixture("trs_2021_full_page", page, [c for t in tables for c in t.gold], "2019")


def word_2021() -> Fixture:
    """2021 format saved from Word: nested spans, full-width digits, label variants, a 2019-style
    item label, table 三 cut in two at a page break, and 总计 of 一 one too high (kept as shown)."""
    blocks = [
        Block("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
              [("规章", (0, 0, 0)), ("行政规范性文件", (5, 1, 37))],
              shown_items={"行政规范性文件": "规范性文件"}),
        Block("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", (2345,))]),
        Block("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", (88,)), ("行政强制", (3,))]),
        Block("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", (3.45,))],
              shown_columns=("本年收费金额(单位:万元)",)),
    ]  # fmt: skip
    results = result_rows(
        True,
        **{
            "（一）予以公开": [20, 3, 1, 0, 0, 0],
            PARTIAL: [4, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/3.危及“三安全一稳定”": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/4.保护第三方合法权益": [2, 1, 0, 0, 0, 0],
            f"{NOT_OPEN}/6.属于四类过程性信息": [3, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/8.属于行政查询事项": [1, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [15, 2, 0, 0, 0, 1],
            f"{CANNOT}/2.没有现成信息需要另行制作": [3, 0, 0, 0, 0, 0],
            f"{CANNOT}/3.补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/1.信访举报投诉类申请": [5, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/2.重复申请": [2, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/5.要求行政机关确认或重新出具已获取信息": [1, 0, 0, 0, 0, 0],
            f"{OTHER}/{OTHER_ITEMS[0]}": [1, 0, 0, 0, 0, 0],
        },
    )
    numbers = request_numbers(results, [2, 0, 0, 0, 0, 0], [4, 1, 0, 0, 0, 0])
    numbers["一、本年新收政府信息公开申请数量"][6] += 1  # the report's own arithmetic error

    def show(row: str, col: str, value: object) -> str | None:
        if value == 0 and col == "法人或其他组织/法律服务机构":
            return None
        if "（四）无法提供" in row or row.startswith("第二十条第（五）项"):
            return str(value).translate(FULL_WIDTH)  # typed with a full-width IME
        return str(value)

    variants = {
        "法人或其他组织": "法人或者其他组织",
        "1.属于国家秘密": "属于国家秘密",
        "2.其他法律行政法规禁止公开": "2.其他法律、行政法规禁止公开",
        "3.危及“三安全一稳定”": "3.危及‘三安全一稳定’",
        PARTIAL: "（二）部分公开(区分处理的，只计这一情形，不计其他情形)",
    }
    requests = requests_table(numbers, True, show, variants, {"商业企业": ("商业", "企业")})
    cut = (
        3 + 2 + 2 + len(NOT_OPEN_ITEMS)
    )  # header, 一二, （一）（二）, （三）: a page break follows
    first, rest = Table(requests.rows[:cut]), Table(requests.rows[cut:])
    rest.rows[0].insert(0, C("", rowspan=len(rest.rows) - 1))  # the merged 三 cell, continued empty
    tables = [proactive_table(blocks, show), requests,
              review_table((1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0), show)]  # fmt: skip
    page_break = "<br clear=all style='page-break-before:always'>"
    body = "\n".join(
        [
            word_paragraph("一、总体情况"),
            word_paragraph("2021年，县政府认真贯彻落实《中华人民共和国政府信息公开条例》。"),
            word_paragraph("二、主动公开政府信息情况"),
            word_table(tables[0]),
            word_paragraph("三、收到和处理政府信息公开申请情况"),
            word_table(first),
            f"<span lang=EN-US style='font-size:10.5pt'>{page_break}</span>",
            word_table(rest),
            word_paragraph("四、政府信息公开行政复议、行政诉讼情况"),
            word_table(tables[2]),
            word_paragraph("五、存在的主要问题及改进情况"),
        ]
    )
    document = word_document("某县人民政府2021年政府信息公开工作年度报告", body)
    return Fixture("word_2021_export", document, [c for t in tables for c in t.gold], "2019")


def trs_2019() -> Fixture:
    """2019 trial format: signed 本年增/减, amounts with units, one table per 第二十条 block,
    a 2021 item label in a 2019 block, <thead>/<th> headers, zeros left blank."""
    changes = ("上一年项目数量", "本年增/减", "处理决定数量")
    blocks = [
        Block("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
              [("规章", (0, 0, 12)), ("规范性文件", (9, 9, 131))],
              shown_items={"规范性文件": "行政规范性文件"}),
        Block("第二十条第（五）项", changes,
              [("行政许可", ("1,520", "+3", 210)), ("其他对外管理服务事项", (40, "-2", 18))]),
        Block("第二十条第（六）项", changes, [("行政处罚", (65, "－1", 870)), ("行政强制", (4, 0, 12))]),
        Block("第二十条第（八）项", changes[:2], [("行政事业性收费", (6, 0))]),
        Block("第二十条第（九）项", ("采购项目数量", "采购总金额"),
              [("政府集中采购", (14, "1,234.56万元"))]),
    ]  # fmt: skip
    results = result_rows(
        False,
        **{
            "（一）予以公开": [31, 2, 0, 0, 0, 0],
            PARTIAL: [2, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/4.保护第三方合法权益": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/6.属于四类过程性信息": [2, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [12, 1, 0, 0, 0, 0],
            f"{CANNOT}/2.没有现成信息需要另行制作": [2, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/1.信访举报投诉类申请": [3, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/2.重复申请": [1, 0, 0, 0, 0, 0],
            OTHER: [1, 0, 0, 0, 0, 0],
        },
    )
    numbers = request_numbers(results, [1, 0, 0, 0, 0, 0], [3, 0, 0, 0, 0, 0])

    def show(row: str, col: str, value: object) -> str | None:
        if value == 0 and col not in ("自然人", "总计") and not row.startswith("第二十条"):
            return None
        if col == "总计" and row[:2] in ("一、", "四、"):
            return f"{value}件"
        return str(value)

    proactive = [proactive_table([block], show) for block in blocks]
    requests = requests_table(numbers, False, show)
    review = review_table((2, 0, 0, 1, 3, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0), show)
    parts = ['<p style="text-indent:2em;">二、主动公开政府信息情况</p>']
    parts += [trs_table(t) for t in proactive]
    parts += [
        '<p style="text-indent:2em;">三、收到和处理政府信息公开申请情况</p>',
        trs_table(requests),
    ]
    parts += ['<p style="text-indent:2em;">四、政府信息公开行政复议、行政诉讼情况</p>']
    parts += [_with_thead(trs_table(review))]
    page = trs_page("某区人民政府2019年政府信息公开工作年度报告", "某区人民政府办公室", "2020-03-20",
                    "\n".join(parts))  # fmt: skip
    gold = [c for t in [*proactive, requests, review] for c in t.gold]
    return Fixture("trs_2019_trial", page, gold, "2019")


def _with_thead(markup: str) -> str:
    """The review table with its three header rows in <thead> as <th> cells."""
    head, _, body = markup.partition("<tbody>")
    rows = body.split("</tr>")
    header = "</tr>".join(rows[:3]).replace("<td", "<th").replace("</td>", "</th>") + "</tr>"
    return f"{head}<thead>{header}</thead><tbody>{'</tr>'.join(rows[3:])}"


# --- 2014-2018 统计表 ---------------------------------------------------------------------------------

# (label as printed on the form, gold path or None for a section line, unit, value)
_A = "一、主动公开情况"
_B = "一、主动公开情况/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
_CH = "一、主动公开情况/（二）通过不同渠道和方式公开政府信息的情况"
_RE = "二、回应解读情况/（二）通过不同渠道和方式回应解读的情况"
_AP = "三、依申请公开情况"
_AN = "三、依申请公开情况/（三）申请答复数"
_NO = f"{_AN}/4.不同意公开答复数"
_ST = "八、机构建设和保障经费情况"
_ME = "九、政府信息公开会议和培训情况"
STATS_FORM: list[tuple[str, str | None, str, object]] = [
    ("一、主动公开情况", None, "——", None),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", _B, "条", 12345),
    ("其中：主动公开规范性文件数", f"{_B}/其中：主动公开规范性文件数", "条", 56),
    ("制发规范性文件总数", f"{_B}/制发规范性文件总数", "件", 61),
    ("（二）通过不同渠道和方式公开政府信息的情况", None, "——", None),
    ("1.政府公报公开政府信息数", f"{_CH}/1.政府公报公开政府信息数", "条", 320),
    ("2.政府网站公开政府信息数", f"{_CH}/2.政府网站公开政府信息数", "条", 11020),
    ("3.政务微博公开政府信息数", f"{_CH}/3.政务微博公开政府信息数", "条", 2310),
    ("4.政务微信公开政府信息数", f"{_CH}/4.政务微信公开政府信息数", "条", 1105),
    ("5.其他方式公开政府信息数", f"{_CH}/5.其他方式公开政府信息数", "条", ""),
    ("二、回应解读情况", None, "——", None),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
     "二、回应解读情况/（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", 42),
    ("（二）通过不同渠道和方式回应解读的情况", None, "——", None),
    ("1.参加或举办新闻发布会总次数", f"{_RE}/1.参加或举办新闻发布会总次数", "次", 18),
    ("其中：主要负责同志参加新闻发布会次数",
     f"{_RE}/1.参加或举办新闻发布会总次数/其中：主要负责同志参加新闻发布会次数", "次", 5),
    ("2.政府网站在线访谈次数", f"{_RE}/2.政府网站在线访谈次数", "次", 12),
    ("其中：主要负责同志参加政府网站在线访谈次数",
     f"{_RE}/2.政府网站在线访谈次数/其中：主要负责同志参加政府网站在线访谈次数", "次", 4),
    ("3.政策解读稿件发布数", f"{_RE}/3.政策解读稿件发布数", "篇", 37),
    ("4.微博微信回应事件数", f"{_RE}/4.微博微信回应事件数", "次", 25),
    ("5.其他方式回应事件数", f"{_RE}/5.其他方式回应事件数", "次", 0),
    ("三、依申请公开情况", None, "——", None),
    ("（一）收到申请数", f"{_AP}/（一）收到申请数", "件", 86),
    ("1.当面申请数", f"{_AP}/（一）收到申请数/1.当面申请数", "件", 30),
    ("2.传真申请数", f"{_AP}/（一）收到申请数/2.传真申请数", "件", 2),
    ("3.网络申请数", f"{_AP}/（一）收到申请数/3.网络申请数", "件", 41),
    ("4.信函申请数", f"{_AP}/（一）收到申请数/4.信函申请数", "件", 13),
    ("（二）申请办结数", f"{_AP}/（二）申请办结数", "件", 82),
    ("1.按时办结数", f"{_AP}/（二）申请办结数/1.按时办结数", "件", 80),
    ("2.延期办结数", f"{_AP}/（二）申请办结数/2.延期办结数", "件", 2),
    ("（三）申请答复数", _AN, "件", 82),
    ("1.属于已主动公开范围数", f"{_AN}/1.属于已主动公开范围数", "件", 10),
    ("2.同意公开答复数", f"{_AN}/2.同意公开答复数", "件", 38),
    ("3.同意部分公开答复数", f"{_AN}/3.同意部分公开答复数", "件", 6),
    ("4.不同意公开答复数", _NO, "件", 9),
    ("其中：涉及国家秘密", f"{_NO}/其中：涉及国家秘密", "件", 1),
    ("涉及商业秘密", f"{_NO}/涉及商业秘密", "件", 1),
    ("涉及个人隐私", f"{_NO}/涉及个人隐私", "件", 3),
    ("危及国家安全、公共安全、经济安全和社会稳定",
     f"{_NO}/危及国家安全、公共安全、经济安全和社会稳定", "件", 0),
    ("不是《条例》所指政府信息", f"{_NO}/不是《条例》所指政府信息", "件", 2),
    ("法律法规规定的其他情形", f"{_NO}/法律法规规定的其他情形", "件", 2),
    ("5.不属于本行政机关公开数", f"{_AN}/5.不属于本行政机关公开数", "件", 7),
    ("6.申请信息不存在数", f"{_AN}/6.申请信息不存在数", "件", 8),
    ("7.告知作出更改补充数", f"{_AN}/7.告知作出更改补充数", "件", 3),
    ("8.告知通过其他途径办理数", f"{_AN}/8.告知通过其他途径办理数", "件", 1),
    ("四、行政复议数量", "四、行政复议数量", "件", 3),
    ("（一）维持具体行政行为数", "四、行政复议数量/（一）维持具体行政行为数", "件", 2),
    ("（二）被依法纠错数", "四、行政复议数量/（二）被依法纠错数", "件", 1),
    ("（三）其他情形数", "四、行政复议数量/（三）其他情形数", "件", 0),
    ("五、行政诉讼数量", "五、行政诉讼数量", "件", 2),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数",
     "五、行政诉讼数量/（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 1),
    ("（二）被依法纠错数", "五、行政诉讼数量/（二）被依法纠错数", "件", 0),
    ("（三）其他情形数", "五、行政诉讼数量/（三）其他情形数", "件", 1),
    ("六、举报投诉数量", "六、举报投诉数量", "件", 4),
    ("七、依申请公开信息收取的费用", "七、依申请公开信息收取的费用", "万元", 0),
    ("八、机构建设和保障经费情况", None, "——", None),
    ("（一）政府信息公开工作专门机构数", f"{_ST}/（一）政府信息公开工作专门机构数", "个", 45),
    ("（二）设置政府信息公开查阅点数", f"{_ST}/（二）设置政府信息公开查阅点数", "个", 52),
    ("（三）从事政府信息公开工作人员数", f"{_ST}/（三）从事政府信息公开工作人员数", "人", 128),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）",
     f"{_ST}/（三）从事政府信息公开工作人员数/1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", 36),
    ("2.兼职人员数", f"{_ST}/（三）从事政府信息公开工作人员数/2.兼职人员数", "人", 92),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
     f"{_ST}/（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", 86.5),
    ("九、政府信息公开会议和培训情况", None, "——", None),
    ("（一）召开政府信息公开工作会议或专题会议数", f"{_ME}/（一）召开政府信息公开工作会议或专题会议数",
     "次", 15),
    ("（二）举办各类培训班数", f"{_ME}/（二）举办各类培训班数", "次", 9),
    ("（三）接受培训人员数", f"{_ME}/（三）接受培训人员数", "人次", 1260),
]  # fmt: skip


def _indent(label: str) -> int:
    """How far the form indents a line (full-width spaces on a real page)."""
    if label[:1] in "一二三四五六七八九":
        return 0
    if label.startswith("（"):
        return 1
    return 2 if label[:1].isdigit() else 3


# The 2017 form of some provinces: 六 is 被举报投诉数量 with three lines of its own, whose labels
# repeat those of 四 (（一）维持具体行政行为数, （三）其他情形数); paths keep the official 六 label.
_SIX = "六、举报投诉数量"
_SIX_LINES = [
    ("六、被举报投诉数量", _SIX, "件", 5),
    ("（一）维持具体行政行为数", f"{_SIX}/（一）维持具体行政行为数", "件", 3),
    ("（二）被纠错数", f"{_SIX}/（二）被纠错数", "件", 1),
    ("（三）其他情形数", f"{_SIX}/（三）其他情形数", "件", 1),
]
STATS_FORM_2017 = [
    line for form_line in STATS_FORM
    for line in (_SIX_LINES if form_line[0] == "六、举报投诉数量" else [form_line])
]  # fmt: skip


def stats_rows(
    scale: int,
    errors: dict[str, int],
    numbered: bool,
    scope: str,
    form: Sequence[tuple[str, str | None, str, object]] = STATS_FORM,
) -> Table:
    table = Table()
    header = [C("统 计 指 标", colspan=2 if numbered else 1), C("单位"), C("统计数")]
    table.rows.append(([C("序号")] if numbered else []) + header)
    split = {"其中：主动公开规范性文件数": 2}  # 其中： in a cell of its own spanning two rows
    pending_split = 0
    for n, (label, path, unit, value) in enumerate(form, 1):
        if isinstance(value, int | float) and value != "":
            value = value * scale + errors.get(label, 0)
        row = [C(str(n))] if numbered else []
        shown = "\u3000" * _indent(label) + label
        if numbered and label in split:
            row += [C("其中：", rowspan=split[label]), C(label.removeprefix("其中："))]
            pending_split = split[label] - 1
        elif numbered and pending_split:
            row.append(C(label))
            pending_split -= 1
        else:
            row.append(C(shown, colspan=2 if numbered else 1))
        text = "——" if value is None else (f"{value:,}" if value != "" else "")
        row += [C(unit), C(text, label=False)]
        table.rows.append(row)
        if path is not None and text:
            table.gold.append(_gold("stats2008", scope, path, "统计数", value, unit))
    return table


def _hanweb_page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>{title}</title>
<link rel="stylesheet" href="/module/jslib/bootstrap/css/bootstrap.min.css"></head>
<body>
<div class="header"><table width="100%"><tr><td><a href="/">网站首页</a></td><td><a href="/col/col1/">信息公开</a></td><td><a href="/col/col2/">政务服务</a></td></tr></table></div>
<div class="main-txt">
<h1 class="title">{title}</h1>
<div id="zoom">
{body}
</div></div>
<div class="footer"><table><tr><td>版权所有：某市人民政府办公室</td><td><script>document.write('<a href="/">访问统计</a>');</script></td></tr></table></div>
</body></html>
"""


def stats2008_single() -> Fixture:
    """One 统计表 with 单位 and 统计数 columns, indented labels, ——, commas and a blank cell."""
    table = stats_rows(1, {}, numbered=False, scope="")
    body = "\n".join(
        [
            "<p>一、概述</p><p>2016年，我市政府信息公开工作有序推进。</p>",
            "<p>附件</p>",
            '<p style="text-align:center"><b>政府信息公开情况统计表</b></p>',
            '<p style="text-align:center">（2016年度）</p>',
            "<p>填报单位（盖章）：某市人民政府办公室</p>",
            trs_table(table),
        ]
    )
    page = _hanweb_page("某市人民政府2016年政府信息公开工作年度报告", body)
    return Fixture("stats2008_single", page, table.gold, "2008")


def stats2008_two_scopes() -> Fixture:
    """The 统计表 twice (县本级, 本行政区域) with 序号 and a split 其中 cell; the second table's
    申请答复数 is two higher than its parts (kept as shown)."""
    own = stats_rows(1, {}, numbered=True, scope="县本级")
    region = stats_rows(3, {"（三）申请答复数": 2}, numbered=True, scope="本行政区域")
    body = "\n".join(
        [
            word_paragraph("六、其他需要报告的事项"),
            word_paragraph("附件1：政府信息公开情况统计表（县本级）"),
            word_table(own),
            word_paragraph("附件2：政府信息公开情况统计表（本行政区域）"),
            word_table(region),
        ]
    )
    document = word_document("某县2017年政府信息公开工作年度报告", body)
    return Fixture("stats2008_two_scopes", document, own.gold + region.gold, "2008")


def stats2008_complaints_2017() -> Fixture:
    """A 2017 统计表 twice (市本级, 全市) whose 四、五、六 each have （一）（二）（三） lines: 六 is
    printed 被举报投诉数量 and repeats the （一） and （三） labels of 四 (a real 2017 report lost
    four cells to them)."""
    own = stats_rows(1, {}, numbered=False, scope="市本级", form=STATS_FORM_2017)
    city = stats_rows(3, {}, numbered=False, scope="全市", form=STATS_FORM_2017)
    heading = '<p style="text-align:center"><b>2017年政府信息公开情况统计表（{}）</b></p>'
    body = "\n".join(
        [
            '<p style="text-indent:2em;">五、行政复议、行政诉讼和举报投诉情况</p>',
            '<p style="text-indent:2em;">全年未发生因政府信息公开被追究责任的情况。</p>',
            "<p>附件</p>",
            heading.format("市本级"),
            trs_table(own),
            heading.format("全市"),
            trs_table(city),
        ]
    )
    page = trs_page("某市人民政府2017年政府信息公开工作年度报告", "某市人民政府办公室",
                    "2018-03-26", body)  # fmt: skip
    return Fixture("stats2008_complaints_2017", page, own.gold + city.gold, "2008")


def stats2008_flattened_2017() -> Fixture:
    """The 2017 统计表 pasted as text (Word's table-to-text): a line per row, cells split by tabs,
    a long label alone on its line with its unit and number on the next, a blank cell empty."""
    lines = ["六、其他需要报告的事项", "附件", "政府信息公开情况统计表", "（2017年度）"]
    lines.append("统计指标\t单位\t统计数")
    gold: list[dict] = []
    for label, path, unit, value in STATS_FORM_2017:
        text = "——" if value is None else (f"{value:,}" if value != "" else "")
        if len(label) > 30:
            lines += [label, f"{unit}\t{text}"]
        else:
            lines.append(f"{label}\t{unit}\t{text}")
        if path is not None and text:
            gold.append(_gold("stats2008", "", path, "统计数", value, unit))
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = trs_page("某县人民政府2017年政府信息公开工作年度报告", "某县人民政府办公室",
                    "2018-03-20", body)  # fmt: skip
    return Fixture("stats2008_flattened_2017", page, gold, "2008")


# A statistics office's form of the 2008 indicators, as a 2012 report prints it (指标名称 |
# 计量单位 | 代码 | 2012年度 | 历年累计): (label, path by its numbering, unit, 2012年度, 历年累计);
# "" is a blank cell. Its lines are no lines of the 2014 national form.
_NO = "3.否决公开答复总数"
STATS_2012: list[tuple[str, str, str, object, object]] = [
    ("主动公开信息数", "主动公开信息数", "条", 3210, 15880),
    ("其中：全文电子化的主动公开信息数", "其中：全文电子化的主动公开信息数", "条", 3105, 15002),
    ("新增的行政规范性文件数", "新增的行政规范性文件数", "条", 28, 196),
    ("网站专栏页面访问量", "网站专栏页面访问量", "人次", 182500, ""),
    ("现场接待人数", "现场接待人数", "人次", 1260, 7315),
    ("网上咨询数", "网上咨询数", "人次", 845, 3920),
    ("咨询电话接听数", "咨询电话接听数", "人次", 2310, 11870),
    ("申请总数", "申请总数", "条", 45, 301),
    ("其中：1.当面申请数", "其中：1.当面申请数", "条", 20, 120),
    ("2.传真申请数", "2.传真申请数", "条", 1, 9),
    ("3.电子邮件申请数", "3.电子邮件申请数", "条", 5, 33),
    ("4.网上申请数", "4.网上申请数", "条", 15, 112),
    ("5.信函申请数", "5.信函申请数", "条", 4, 22),
    ("6.其他形式申请数", "6.其他形式申请数", "条", 0, 5),
    ("对申请的答复总数", "对申请的答复总数", "条", 43, 296),
    ("其中：1.同意公开答复数", "其中：1.同意公开答复数", "条", 30, 200),
    ("2.同意部分公开答复数", "2.同意部分公开答复数", "条", 3, 20),
    (_NO, _NO, "条", 10, 76),
    ("其中：（1）“非《规定》所指政府信息”数", f"{_NO}/其中：（1）“非《规定》所指政府信息”数",
     "条", 2, 11),
    ("（2）“信息不存在”数", f"{_NO}/（2）“信息不存在”数", "条", 4, 30),
    ("（3）“非本部门掌握”数", f"{_NO}/（3）“非本部门掌握”数", "条", 3, 25),
    ("（4）“申请内容不明确”数", f"{_NO}/（4）“申请内容不明确”数", "条", 1, 10),
    ("行政复议数", "行政复议数", "件", 1, 4),
    ("行政诉讼数", "行政诉讼数", "件", 0, 2),
    ("行政申诉数", "行政申诉数", "件", 0, 1),
]  # fmt: skip


def stats2012_cumulative() -> Fixture:
    """A 2012 report's own statistics table: 计量单位 and 代码 columns, a row of column codes
    (甲 乙 丙 | 1 2) under the header, the year's and the cumulative number on every row."""
    table = Table()
    table.rows.append(
        [C("指 标 名 称"), C("计量单位", lines=("计量", "单位")), C("代码"), C("2012年度"),
         C("历年累计")]
    )  # fmt: skip
    table.rows.append([C("甲"), C("乙"), C("丙"), C("1", label=False), C("2", label=False)])
    for n, (label, path, unit, year, total) in enumerate(STATS_2012, 1):
        row = [C(label), C(unit), C(f"{n:02d}", label=False)]
        for col, value in (("统计数", year), ("历年累计", total)):
            row.append(C(f"{value:,}" if value != "" else "", label=False))
            if value != "":
                table.gold.append(_gold("stats2008", "", path, col, value, unit))
        table.rows.append(row)
    body = "\n".join(
        [
            "<p>四、政府信息公开的收费及减免情况</p><p>2012年，我市未收取任何费用。</p>",
            "<p>附表：2012年政府信息公开工作情况统计表</p>",
            trs_table(table),
        ]
    )
    page = _hanweb_page("某市2012年政府信息公开工作年度报告", body)
    return Fixture("stats2012_cumulative", page, table.gold, "other")


def flattened_2021() -> Fixture:
    """A 2021 report whose tables were pasted as text: each label line, then its value line(s)."""
    lines = ["二、主动公开政府信息情况"]
    gold: list[dict] = []
    blocks = [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         [("规章", (0, 0, 0)), ("行政规范性文件", (2, 0, 9))]),
        ("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", (16,))]),
        ("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", (3,)), ("行政强制", (0,))]),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", (0,))]),
    ]  # fmt: skip
    for heading, columns, items in blocks:
        lines += [heading, "信息内容", *columns]
        for item, values in items:
            lines += [item, *map(str, values)]  # one value per line
            gold += [_gold("proactive", "", f"{heading}/{item}", c, v)
                     for c, v in zip(columns, values, strict=True)]  # fmt: skip
    results = result_rows(
        True,
        **{
            "（一）予以公开": [3, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [1, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/2.重复申请": [0, 1, 0, 0, 0, 0],
        },
    )
    numbers = request_numbers(results, [0] * 6, [1, 0, 0, 0, 0, 0])
    lines += ["三、收到和处理政府信息公开申请情况", CORNER, "申请人情况", "自然人", "法人或其他组织",
              "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]  # fmt: skip
    layout = request_layout(True)
    for i, parts in enumerate(layout):
        lines += [
            p for d, p in enumerate(parts) if not i or layout[i - 1][: d + 1] != parts[: d + 1]
        ]
        path = "/".join(parts)
        lines.append("  ".join(map(str, numbers[path])))  # the whole row on one line
        gold += [_gold("requests", "", path, c, v)
                 for c, v in zip(REQUEST_COLUMNS, numbers[path], strict=True)]  # fmt: skip
    review = (0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼",
              "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
              *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
              "\t".join(map(str, review)), "五、存在的主要问题及改进情况", "一是队伍建设有待加强。"]  # fmt: skip
    gold += [
        _gold("review_litigation", "", "", c, v)
        for c, v in zip(REVIEW_COLUMNS, review, strict=True)
    ]
    body = "\n".join(f'<p style="text-indent:2em;">{html.escape(line)}</p>' for line in lines)
    page = trs_page(
        "某镇人民政府2020年政府信息公开工作年度报告", "某镇人民政府", "2021-01-25", body
    )
    return Fixture("flattened_2021", page, gold, "2019")


def shanghai_2019() -> Fixture:
    """The real 2019 trial-format tables of the reference folder, byte for byte."""
    text = SHANGHAI_REFERENCE.read_text(encoding="utf-8")
    return Fixture("shanghai_office_2019", text, shanghai_gold(), "2019")


def shanghai_gold() -> list[dict]:
    """Typed by hand from the reference page (blank cells omitted)."""
    p1, p5, p6 = "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项"
    gold = [
        _gold("proactive", "", f"{p1}/规章", "本年新制作数量", 13),
        _gold("proactive", "", f"{p1}/规章", "本年新公开数量", 13),
        _gold("proactive", "", f"{p1}/规章", "对外公开总数量", 524),
        _gold("proactive", "", f"{p1}/规范性文件", "本年新制作数量", 60),
        _gold("proactive", "", f"{p1}/规范性文件", "本年新公开数量", 60),
        _gold("proactive", "", f"{p1}/规范性文件", "对外公开总数量", 368),
    ]
    for row in (f"{p5}/行政许可", f"{p5}/其他对外管理服务事项", f"{p6}/行政处罚", f"{p6}/行政强制"):
        gold += [
            _gold("proactive", "", row, col, 0)
            for col in ("上一年项目数量", "本年增/减", "处理决定数量")
        ]
    gold += [
        _gold("proactive", "", "第二十条第（八）项/行政事业性收费", "上一年项目数量", 0),
        _gold("proactive", "", "第二十条第（八）项/行政事业性收费", "本年增/减", 0),
        _gold("proactive", "", "第二十条第（九）项/政府集中采购", "采购项目数量", 6),
        _gold("proactive", "", "第二十条第（九）项/政府集中采购", "采购总金额", 251000),
    ]
    n, b, law, other, total = "自然人", "法人或其他组织/商业企业", "法人或其他组织/法律服务机构", "法人或其他组织/其他", "总计"  # fmt: skip
    requests = {
        "一、本年新收政府信息公开申请数量": {n: 821, b: 35, law: 2, other: 1, total: 859},
        "二、上年结转政府信息公开申请数量": {n: 18, total: 18},
        f"{R3}/（一）予以公开": {n: 258, b: 12, law: 1, other: 1},
        f"{R3}/{PARTIAL}": {n: 3},
        f"{R3}/{NOT_OPEN}/1.属于国家秘密": {n: 14},
        f"{R3}/{NOT_OPEN}/5.属于三类内部事务信息": {n: 5},
        f"{R3}/{NOT_OPEN}/6.属于四类过程性信息": {n: 3, b: 1},
        f"{R3}/{NOT_OPEN}/8.属于行政查询事项": {n: 10, b: 2},
        f"{R3}/{CANNOT}/1.本机关不掌握相关政府信息": {n: 252, b: 12, law: 1},
        f"{R3}/{CANNOT}/2.没有现成信息需要另行制作": {n: 44, b: 3},
        f"{R3}/{CANNOT}/3.补正后申请内容仍不明确": {n: 25},
        f"{R3}/{NOT_HANDLED}/1.信访举报投诉类申请": {n: 148, b: 1},
        f"{R3}/{NOT_HANDLED}/2.重复申请": {n: 5, b: 4},
        f"{R3}/（七）总计": {n: 767, b: 35, law: 2, other: 1, total: 805},
        "四、结转下年度继续办理": {n: 72, total: 72},
    }
    gold += [
        _gold("requests", "", row, col, v)
        for row, cols in requests.items()
        for col, v in cols.items()
    ]
    review = {"行政复议/结果维持": 5, "行政复议/尚未审结": 2, "行政复议/总计": 7,
              "行政诉讼/未经复议直接起诉/结果维持": 8, "行政诉讼/未经复议直接起诉/尚未审结": 1,
              "行政诉讼/未经复议直接起诉/总计": 9}  # fmt: skip
    gold += [_gold("review_litigation", "", "", col, v) for col, v in review.items()]
    return gold


def no_tables_2015() -> Fixture:
    """A pre-2019 report (the 郴州 seed) with only layout tables around its text: no cells."""
    text = CHENZHOU_SEED.read_text(encoding="utf-8")
    paragraphs = "\n".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    page = trs_page(
        "郴州市2015年政府信息公开工作年度报告", "郴州市人民政府", "2016-03-15", paragraphs
    )
    return Fixture("no_tables_2015", page, [], "other")


GENERATED = (
    trs_2021,
    word_2021,
    trs_2019,
    stats2008_single,
    stats2008_two_scopes,
    flattened_2021,
    stats2008_complaints_2017,
    stats2008_flattened_2017,
    stats2012_cumulative,
)
FROM_SHARED = (shanghai_2019, no_tables_2015)  # made from the copied seeds and reference


def gold_of(name: str) -> list[dict]:
    """The gold cells of a fixture, without reading any file."""
    if name == "shanghai_office_2019":
        return shanghai_gold()
    if name == "no_tables_2015":
        return []
    return next(f.gold for build in GENERATED if (f := build()).name == name)


def fixtures() -> list[Fixture]:
    return [build() for build in (*GENERATED, *FROM_SHARED)]


def write_fixtures(folder: Path = FIXTURES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fixture in fixtures():
        path = folder / f"{fixture.name}.html"
        path.write_text(fixture.html, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_fixtures():
        print(written)
