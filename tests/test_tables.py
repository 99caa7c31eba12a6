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
    "stats2008_complaints_2017": "2008",
    "stats2008_flattened_2017": "2008",
    "stats2012_cumulative": "other",
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


REVIEW, LITIGATION, COMPLAINTS = "四、行政复议数量", "五、行政诉讼数量", "六、举报投诉数量"


@pytest.mark.parametrize("name", ["stats2008_complaints_2017", "stats2008_flattened_2017"])
def test_repeated_labels_under_four_five_six_keep_their_own_section(name: str):
    report = parse(name)
    scope = "市本级" if name == "stats2008_complaints_2017" else ""
    assert cell(report, "stats2008", f"{REVIEW}/（一）维持具体行政行为数", "统计数", scope) == 2
    assert cell(report, "stats2008", f"{COMPLAINTS}/（一）维持具体行政行为数", "统计数", scope) == 3
    assert cell(report, "stats2008", f"{REVIEW}/（三）其他情形数", "统计数", scope) == 0
    assert cell(report, "stats2008", f"{LITIGATION}/（三）其他情形数", "统计数", scope) == 1
    assert cell(report, "stats2008", f"{COMPLAINTS}/（三）其他情形数", "统计数", scope) == 1
    assert cell(report, "stats2008", f"{COMPLAINTS}/（二）被纠错数", "统计数", scope) == 1


@pytest.mark.parametrize("name", ["stats2008_complaints_2017", "stats2008_flattened_2017"])
def test_repeated_section_labels_raise_no_warning(name: str):
    assert parse(name).warnings == []


def test_every_line_of_four_five_six_is_a_cell_of_each_scope():
    report = parse("stats2008_complaints_2017")
    for scope, scale in (("市本级", 1), ("全市", 3)):
        rows = {c["row"]: c["value"] for c in report.cells if c["scope"] == scope}
        sections = {r: v for r, v in rows.items() if r.startswith(("四、", "五、", "六、"))}
        assert len(sections) == 12
        assert rows[COMPLAINTS] == 5 * scale


def test_complaints_printed_as_bei_jubao_take_the_official_label():
    report = parse("stats2008_complaints_2017")
    assert cell(report, "stats2008", COMPLAINTS, "统计数", scope="全市") == 15
    assert not [c for c in report.cells if "被举报投诉数量" in c["row"]]


def _stats(rows: list[tuple[str, str, str]], header: str = "统计数") -> str:
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    return f"<table><tr><td>统计指标</td><td>单位</td><td>{header}</td></tr>{cells}</table>"


FORM_TAIL = [
    ("一、主动公开情况", "——", "——"),
    ("（一）主动公开政府信息数", "条", "120"),
    ("三、依申请公开情况", "——", "——"),
    ("（一）收到申请数", "件", "3"),
    ("1.当面申请数", "件", "3"),
    (REVIEW, "件", "2"),
    ("（一）维持具体行政行为数", "件", "1"),
    ("（二）被依法纠错数", "件", "1"),
    (LITIGATION, "件", "0"),
]


def test_label_a_later_section_lacks_stays_there_and_is_named_in_a_warning():
    report = parse_report_tables(
        _stats([*FORM_TAIL, ("六、被举报投诉数量", "件", "2"), ("（二）被依法纠错数", "件", "2")])
    )
    assert cell(report, "stats2008", f"{COMPLAINTS}/（二）被依法纠错数", "统计数") == 2
    assert cell(report, "stats2008", f"{REVIEW}/（二）被依法纠错数", "统计数") == 1
    assert report.warnings == [
        "table-label:stats2008: 1 rows outside the national form, e.g. '（二）被依法纠错数'"
    ]


def test_complaints_total_must_equal_its_three_lines():
    lines = [("六、举报投诉数量", "件", "4"), ("（一）维持具体行政行为数", "件", "1")]
    report = parse_report_tables(_stats([*FORM_TAIL, *lines, ("（三）其他情形数", "件", "2")]))
    assert report.warnings == [
        f"table-check:stats2008:col=统计数:{COMPLAINTS}≠Σ其下各项 (4 ≠ 1+0+2)"
    ]


@pytest.mark.parametrize(
    "name", ["stats2008_single", "stats2008_complaints_2017", "stats2008_flattened_2017", "stats2012_cumulative"]
)  # fmt: skip
def test_statistics_cells_keep_the_unit_of_their_row(name: str):
    units = {(c["scope"], c["row"], c["col"]): c.get("unit") for c in parse(name).cells}
    assert units == {(c["scope"], c["row"], c["col"]): c["unit"] for c in gold_of(name)}


def test_rows_printing_no_unit_have_no_unit_field():
    report = parse_report_tables(_stats(FORM_TAIL).replace("<td>件</td>", "<td></td>"))
    assert report.cells
    assert {c.get("unit") for c in report.cells if c["row"].startswith("三、")} == {None}


def test_table_cells_parquet_has_the_unit_of_each_cell(tmp_path: Path):
    import pyarrow.parquet as pq

    from pipelines.parquet import TableCellsParquetExporter

    cells = parse("stats2012_cumulative").cells + parse("trs_2019_trial").cells
    path = tmp_path / "table_cells.parquet"
    with path.open("wb") as stream:
        exporter = TableCellsParquetExporter(stream)
        exporter.start_exporting()
        exporter.export_item({"url": "http://www.example.gov.cn/2012.html", "tables": cells})
        exporter.finish_exporting()
    rows = pq.read_table(path).to_pylist()
    units = {(r["table"], r["row"], r["col"]): r["unit"] for r in rows}
    assert units[("stats2008", "行政复议数", "历年累计")] == "件"
    assert units[("stats2008", "网站专栏页面访问量", "统计数")] == "人次"
    assert {u for (table, *_), u in units.items() if table != "stats2008"} == {None}


def test_year_and_cumulative_columns_are_each_their_own_col():
    report = parse("stats2012_cumulative")
    assert cell(report, "stats2008", "主动公开信息数", "统计数") == 3210
    assert cell(report, "stats2008", "主动公开信息数", "历年累计") == 15880
    assert {c["col"] for c in report.cells} == {"统计数", "历年累计"}


def test_blank_cumulative_cell_is_omitted():
    report = parse("stats2012_cumulative")
    assert cell(report, "stats2008", "网站专栏页面访问量", "统计数") == 182500
    assert cell(report, "stats2008", "网站专栏页面访问量", "历年累计") is None


def test_row_of_column_codes_under_the_header_is_no_row():
    report = parse("stats2012_cumulative")
    assert not [c for c in report.cells if c["row"] in ("甲", "乙", "丙")]
    assert report.warnings == []


def test_province_table_sharing_national_labels_keeps_its_own_paths():
    report = parse("stats2012_cumulative")
    assert cell(report, "stats2008", "其中：1.当面申请数", "统计数") == 20
    assert not [c for c in report.cells if c["row"].startswith("三、依申请公开情况")]


def test_unnumbered_line_after_numbered_ones_is_top_level_in_an_unnumbered_table():
    report = parse("stats2012_cumulative")
    assert cell(report, "stats2008", "行政复议数", "历年累计") == 4


YEAR_AND_CUMULATIVE = """<table>
<tr><td>统计指标</td><td>单位</td><td>本年度</td><td>历年累计</td></tr>
<tr><td>三、依申请公开情况</td><td>——</td><td>——</td><td>——</td></tr>
<tr><td>（一）收到申请数</td><td>件</td><td>86</td><td>512</td></tr>
<tr><td>1.当面申请数</td><td>件</td><td>30</td><td>{face}</td></tr>
<tr><td>2.传真申请数</td><td>件</td><td>2</td><td>{fax}</td></tr>
<tr><td>3.网络申请数</td><td>件</td><td>41</td><td>{web}</td></tr>
<tr><td>4.信函申请数</td><td>件</td><td>13</td><td>{post}</td></tr>
<tr><td>四、行政复议数量</td><td>件</td><td>3</td><td>11</td></tr></table>"""


def test_national_form_keeps_its_year_and_cumulative_columns():
    report = parse_report_tables(YEAR_AND_CUMULATIVE.format(face=200, fax=12, web=230, post=70))
    received = "三、依申请公开情况/（一）收到申请数"
    assert cell(report, "stats2008", received, "统计数") == 86
    assert cell(report, "stats2008", received, "历年累计") == 512
    assert cell(report, "stats2008", REVIEW, "历年累计") == 11
    assert (report.template, report.warnings) == ("2008", [])


def test_cumulative_total_without_cumulative_lines_is_not_checked_against_the_years_lines():
    # 512 is no sum of this year's 30+2+41+13: a 历年累计 total is only held to its own column
    report = parse_report_tables(YEAR_AND_CUMULATIVE.format(face="", fax="", web="", post=""))
    assert report.warnings == []


def test_cumulative_column_is_checked_against_its_own_lines():
    report = parse_report_tables(YEAR_AND_CUMULATIVE.format(face=200, fax=12, web=230, post=60))
    assert report.warnings == [
        "table-check:stats2008:col=历年累计:三、依申请公开情况/（一）收到申请数≠Σ其下各项 "
        "(512 ≠ 200+12+230+60)"
    ]


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


FLAT_CUMULATIVE = """政府信息公开情况统计表
统计指标\t单位\t2016年度\t历年累计
（一）收到申请数\t件\t86\t512
1.当面申请数\t件\t30\t200
"""


def test_flattened_statistics_header_gives_every_value_column():
    received = "三、依申请公开情况/（一）收到申请数"
    assert as_set(parse_flattened_tables(FLAT_CUMULATIVE)) == {
        ("stats2008", "", received, "统计数", 86),
        ("stats2008", "", received, "历年累计", 512),
        ("stats2008", "", f"{received}/1.当面申请数", "统计数", 30),
        ("stats2008", "", f"{received}/1.当面申请数", "历年累计", 200),
    }


def test_flattened_statistics_header_cells_one_per_line():
    text = FLAT_CUMULATIVE.replace(
        "统计指标\t单位\t2016年度\t历年累计", "统计指标\n单位\n市本级\n全市"
    )
    assert {(c["scope"], c["col"], c["value"]) for c in parse_flattened_tables(text)} == {
        ("市本级", "统计数", 86),
        ("全市", "统计数", 512),
        ("市本级", "统计数", 30),
        ("全市", "统计数", 200),
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
