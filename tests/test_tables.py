"""Tidy cells out of the statistics tables of annual reports (pipelines/tables.py)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipelines.tables.report_tables import parse_flattened_tables, parse_report_tables, parse_value
from tests.table_fixture_builder import FIXTURES, GENERATED, gold_of

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(path.stem for path in FIXTURES.glob("*.html"))
TEMPLATES = {
    "trs_2021_full_page": "2019",
    "word_2021_export": "2019",
    "trs_2019_trial": "2019",
    "shanghai_office_2019": "2019",
    "flattened_2021": "2019",
    "stats2008_single": "2008",
    "stats2008_two_scopes": "2008",
    "no_tables_2015": "other",
}


def parse(name: str):
    return parse_report_tables((FIXTURES / f"{name}.html").read_text(encoding="utf-8"))


def as_set(cells: list[dict]) -> set[tuple]:
    return {(c["table"], c["scope"], c["row"], c["col"], c["value"]) for c in cells}


def cell(report, table: str, row: str, col: str, scope: str = ""):
    found = [c["value"] for c in report.cells if (c["table"], c["scope"], c["row"], c["col"]) == (table, scope, row, col)]  # fmt: skip
    assert len(found) <= 1
    return found[0] if found else None


def test_every_fixture_has_a_known_template():
    assert set(NAMES) == set(TEMPLATES)


@pytest.mark.parametrize("name", NAMES)
def test_fixture_yields_exactly_its_gold_cells(name: str):
    assert as_set(parse(name).cells) == as_set(gold_of(name))


@pytest.mark.parametrize("name", NAMES)
def test_fixture_template_is_detected(name: str):
    assert parse(name).template == TEMPLATES[name]


@pytest.mark.parametrize("build", GENERATED, ids=lambda build: build.__name__)
def test_generated_fixture_file_matches_its_builder(build):
    fixture = build()
    assert (FIXTURES / f"{fixture.name}.html").read_text(encoding="utf-8") == fixture.html


def test_cells_match_the_report_item_schema():
    schema = json.loads((ROOT / "pipelines" / "report.schema.json").read_text(encoding="utf-8"))
    tables = schema["properties"]["tables"]
    for name in NAMES:
        jsonschema.validate(parse(name).cells, tables)


def test_cells_carry_exactly_the_five_fields():
    assert all(
        set(c) == {"table", "scope", "row", "col", "value"}
        for c in parse("trs_2021_full_page").cells
    )


def test_blank_cells_are_omitted_and_zeros_are_kept():
    report = parse("trs_2021_full_page")
    row = "三、本年度办理结果/（一）予以公开"
    assert cell(report, "requests", row, "法人或其他组织/科研机构") is None  # printed blank
    assert cell(report, "requests", row, "法人或其他组织/法律服务机构") == 2
    assert cell(report, "proactive", "第二十条第（六）项/行政强制", "本年处理决定数量") == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234),
        ("１２", 12),
        ("57件", 57),
        ("251000元", 251000),
        ("1,234.56万元", 1234.56),
        ("+3", 3),
        ("-2", -2),
        ("－1", -1),
        ("12（件）", 12),
        (" 0 ", 0),
    ],
)
def test_numbers_lose_commas_units_and_full_width_digits(text: str, value):
    assert parse_value(text) == (value, False)


@pytest.mark.parametrize("text", ["", "\u00a0", "—", "——", "/", "无"])
def test_placeholders_are_blank(text: str):
    assert parse_value(text) == (None, True)


def test_page_chrome_and_narrative_yield_no_cells_and_no_warnings():
    report = parse("no_tables_2015")
    assert (report.template, report.cells, report.warnings) == ("other", [], [])


MENU = """<table class="nav"><tr><td><a href="/xzxk/">行政许可</a></td><td><a href="/xzcf/">行政处罚</a></td>
<td><a href="/xzqz/">行政强制</a></td><td><a href="/sf/">行政事业性收费</a></td><td><a href="/gz/">规章</a></td></tr>
</table>"""


def test_portal_menu_naming_the_proactive_items_is_no_table():
    report = parse_report_tables(MENU)
    assert (report.template, report.cells, report.warnings) == ("other", [], [])


def test_2019_trial_format_keeps_its_own_labels():
    report = parse("trs_2019_trial")
    assert cell(report, "proactive", "第二十条第（一）项/规范性文件", "对外公开总数量") == 131
    assert cell(report, "proactive", "第二十条第（五）项/其他对外管理服务事项", "本年增/减") == -2
    assert cell(report, "proactive", "第二十条第（九）项/政府集中采购", "采购总金额") == 1234.56
    assert cell(report, "requests", "三、本年度办理结果/（六）其他处理", "自然人") == 1


def test_2021_item_spelled_the_2019_way_gets_the_2021_label():
    report = parse("word_2021_export")
    assert cell(report, "proactive", "第二十条第（一）项/行政规范性文件", "现行有效件数") == 37
    assert cell(report, "proactive", "第二十条第（一）项/规范性文件", "现行有效件数") is None


def test_label_variants_map_onto_the_official_labels():
    report = parse("word_2021_export")
    results = "三、本年度办理结果/（三）不予公开"
    assert cell(report, "requests", f"{results}/1.属于国家秘密", "自然人") == 0
    assert cell(report, "requests", f"{results}/3.危及“三安全一稳定”", "自然人") == 1
    assert (
        cell(report, "requests", f"{results}/4.保护第三方合法权益", "法人或其他组织/商业企业") == 1
    )


def test_table_cut_by_a_page_break_keeps_the_columns_of_its_first_part():
    report = parse("word_2021_export")
    row = "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"
    assert cell(report, "requests", row, "法人或其他组织/其他") == 1
    assert cell(report, "requests", row, "总计") == 18


def test_report_arithmetic_error_is_warned_about_and_kept():
    report = parse("word_2021_export")
    assert cell(report, "requests", "一、本年新收政府信息公开申请数量", "总计") == 71
    assert [w for w in report.warnings if w.startswith("table-check:")] == [
        "table-check:requests:col=总计:一+二≠三（七）+四 (71+2 ≠ 67+5)",
        "table-check:requests:row=一、本年新收政府信息公开申请数量:总计≠Σ申请人 (71 ≠ 61+7+1+0+0+1)",
    ]


def test_consistent_report_has_no_warnings():
    assert parse("shanghai_office_2019").warnings == []


def test_two_statistics_tables_are_told_apart_by_their_headings():
    report = parse("stats2008_two_scopes")
    row = "三、依申请公开情况/（一）收到申请数"
    assert cell(report, "stats2008", row, "统计数", scope="县本级") == 86
    assert cell(report, "stats2008", row, "统计数", scope="本行政区域") == 258


def test_single_statistics_table_has_no_scope():
    assert {c["scope"] for c in parse("stats2008_single").cells} == {""}


def test_statistics_form_rows_are_paths_of_its_labels_with_their_notes():
    report = parse("stats2008_single")
    published = "一、主动公开情况/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
    assert cell(report, "stats2008", published, "统计数") == 12345
    assert cell(report, "stats2008", f"{published}/其中：主动公开规范性文件数", "统计数") == 56


def test_same_label_in_two_sections_follows_its_section():
    report = parse("stats2008_single")
    assert cell(report, "stats2008", "四、行政复议数量/（二）被依法纠错数", "统计数") == 1
    assert cell(report, "stats2008", "五、行政诉讼数量/（二）被依法纠错数", "统计数") == 0


STATS_WITH_SCOPE_COLUMNS = """<table>
<tr><td>统计指标</td><td>单位</td><td>市本级</td><td>全市</td></tr>
<tr><td>（一）主动公开政府信息数</td><td>条</td><td>100</td><td>900</td></tr>
<tr><td>（一）收到申请数</td><td>件</td><td>5</td><td>50</td></tr>
<tr><td>1.当面申请数</td><td>件</td><td>5</td><td>50</td></tr>
<tr><td>六、举报投诉数量</td><td>件</td><td>0</td><td>2</td></tr></table>"""


def test_statistics_columns_headed_by_a_scope_are_that_scope():
    report = parse_report_tables(STATS_WITH_SCOPE_COLUMNS)
    assert cell(report, "stats2008", "六、举报投诉数量", "统计数", scope="市本级") == 0
    assert cell(report, "stats2008", "六、举报投诉数量", "统计数", scope="全市") == 2


PROVINCE_TABLE = """<table>
<tr><td>指标名称</td><td>计量单位</td><td>本年累计</td></tr>
<tr><td>主动公开信息数</td><td>条</td><td>3,210</td></tr>
<tr><td>其中：全文电子化的主动公开信息数</td><td>条</td><td>3,000</td></tr>
<tr><td>申请总数</td><td>条</td><td>45</td></tr>
<tr><td>其中：1.当面申请数</td><td>条</td><td>20</td></tr>
<tr><td>2.网上申请数</td><td>条</td><td>25</td></tr>
<tr><td>（1）网站申请数</td><td>条</td><td>5</td></tr>
<tr><td>其中：手机申请数</td><td>条</td><td>1</td></tr>
<tr><td>二、行政复议数</td><td>件</td><td>1</td></tr></table>"""


def test_province_statistics_table_keeps_its_own_labels():
    assert as_set(parse_report_tables(PROVINCE_TABLE).cells) == {
        ("stats2008", "", "主动公开信息数", "统计数", 3210),
        ("stats2008", "", "其中：全文电子化的主动公开信息数", "统计数", 3000),
        ("stats2008", "", "申请总数", "统计数", 45),
        ("stats2008", "", "其中：1.当面申请数", "统计数", 20),
        ("stats2008", "", "2.网上申请数", "统计数", 25),
        ("stats2008", "", "2.网上申请数/（1）网站申请数", "统计数", 5),
        ("stats2008", "", "2.网上申请数/（1）网站申请数/其中：手机申请数", "统计数", 1),
        ("stats2008", "", "二、行政复议数", "统计数", 1),
    }


def test_province_statistics_table_is_no_standard_template():
    assert parse_report_tables(PROVINCE_TABLE).template == "other"


ONE_HEADER_PROACTIVE = """<table>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>
<tr><td>行政许可</td><td colspan="3">7</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">1.5</td></tr></table>"""


def test_rows_of_other_blocks_under_one_header_get_their_own_columns():
    assert as_set(parse_report_tables(ONE_HEADER_PROACTIVE).cells) == {
        ("proactive", "", "第二十条第（一）项/规章", "本年制发件数", 1),
        ("proactive", "", "第二十条第（一）项/规章", "本年废止件数", 2),
        ("proactive", "", "第二十条第（一）项/规章", "现行有效件数", 3),
        ("proactive", "", "第二十条第（五）项/行政许可", "本年处理决定数量", 7),
        ("proactive", "", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）", 1.5),
    }


def _requests_table(label_cells: str) -> str:
    header = "".join(f"<td>{c}</td>" for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"))  # fmt: skip
    return (
        f"<table><tr><td colspan=2>　</td>{header}</tr>"
        f"<tr><td colspan=2>一、本年新收政府信息公开申请数量</td>{'<td>1</td>' * 6}<td>6</td></tr>"
        f"<tr>{label_cells}{'<td>1</td>' * 6}<td>6</td></tr>"
        f"<tr><td colspan=2>四、结转下年度继续办理</td>{'<td>0</td>' * 7}</tr></table>"
    )


def test_two_labels_in_one_cell_make_one_path():
    report = parse_report_tables(
        _requests_table("<td>三、本年度办理结果</td><td>（三）不予公开<br>1.属于国家秘密</td>")
    )
    assert cell(report, "requests", "三、本年度办理结果/（三）不予公开/1.属于国家秘密", "总计") == 6


def test_label_without_its_parents_is_placed_under_them():
    report = parse_report_tables(_requests_table("<td colspan=2>8.属于行政查询事项</td>"))
    assert (
        cell(report, "requests", "三、本年度办理结果/（三）不予公开/8.属于行政查询事项", "自然人")
        == 1
    )


def test_same_table_twice_on_a_page_is_emitted_once():
    table = _requests_table("<td colspan=2>（七）总计</td>")
    once = parse_report_tables(table)
    twice = parse_report_tables(f"<div>{table}</div><div class='print'>{table}</div>")
    assert twice.cells == once.cells
    assert {c["scope"] for c in twice.cells} == {""}


def test_text_in_a_value_cell_is_a_warning_not_a_cell():
    report = parse_report_tables(
        _requests_table("<td colspan=2>（七）总计</td>").replace("<td>0</td>", "<td>见附件</td>", 1)
    )
    assert cell(report, "requests", "四、结转下年度继续办理", "自然人") is None
    assert (
        "table-value:requests:row=四、结转下年度继续办理:col=自然人: not a number '见附件'"
        in report.warnings
    )


FLAT = """第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章 2 0 15
行政规范性文件
12
3
86
第二十条第（五）项
行政许可：1,234
"""


def test_flattened_lines_become_cells():
    assert as_set(parse_flattened_tables(FLAT)) == {
        ("proactive", "", "第二十条第（一）项/规章", "本年制发件数", 2),
        ("proactive", "", "第二十条第（一）项/规章", "本年废止件数", 0),
        ("proactive", "", "第二十条第（一）项/规章", "现行有效件数", 15),
        ("proactive", "", "第二十条第（一）项/行政规范性文件", "本年制发件数", 12),
        ("proactive", "", "第二十条第（一）项/行政规范性文件", "本年废止件数", 3),
        ("proactive", "", "第二十条第（一）项/行政规范性文件", "现行有效件数", 86),
        ("proactive", "", "第二十条第（五）项/行政许可", "本年处理决定数量", 1234),
    }


def test_flattened_tab_separated_blank_fields_are_blank_cells():
    text = "一、本年新收政府信息公开申请数量\n5\t\t1\t\t\t\t6\n"
    assert as_set(parse_flattened_tables(text)) == {
        ("requests", "", "一、本年新收政府信息公开申请数量", "自然人", 5),
        ("requests", "", "一、本年新收政府信息公开申请数量", "法人或其他组织/科研机构", 1),
        ("requests", "", "一、本年新收政府信息公开申请数量", "总计", 6),
    }


def test_flattened_row_missing_values_is_warned_about_not_guessed():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n5 1 6\n"
    page = "".join(f"<p>{line}</p>" for line in text.splitlines())
    report = parse_report_tables(page)
    assert report.cells == []
    assert report.warnings == [
        "table-shape:requests:row=一、本年新收政府信息公开申请数量: 3 values for 7 columns"
    ]


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>", "<html><body><p>无表格</p></body></html>"])
def test_pages_without_tables_are_other(html: str):
    report = parse_report_tables(html)
    assert (report.template, report.cells) == ("other", [])


def test_fixture_folder_holds_the_real_2019_reference_unchanged():
    reference = (
        Path(__file__).resolve().parent
        / "fixtures"
        / "reference"
        / "shanghai_office_2019_report_tables_2019format.html"
    )
    if not reference.exists():
        pytest.skip("reference folder not mounted")
    assert (FIXTURES / "shanghai_office_2019.html").read_bytes() == reference.read_bytes()
