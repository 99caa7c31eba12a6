"""The arithmetic identities of the statistics tables (pipelines/table_checks.py)."""

from __future__ import annotations

import pytest

from pipelines.tables.checks import check_table_arithmetic
from tests.table_fixture_builder import gold_of

NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
DONE = "三、本年度办理结果/（七）总计"
FORWARD = "四、结转下年度继续办理"
OPENED = "三、本年度办理结果/（一）予以公开"
SECRET = "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
OTHER_2019 = "三、本年度办理结果/（六）其他处理"


def cells(table: str, values: dict[tuple[str, str], float], scope: str = "") -> list[dict]:
    return [
        {"table": table, "scope": scope, "row": row, "col": col, "value": value}
        for (row, col), value in values.items()
    ]


def requests(**columns: dict[str, int]) -> list[dict]:
    """Cells of table 三 given per column as {row: value}."""
    return cells(
        "requests", {(row, col): v for col, rows in columns.items() for row, v in rows.items()}
    )


@pytest.mark.parametrize(
    "name", ["trs_2021_full_page", "trs_2019_trial", "shanghai_office_2019", "stats2008_single"]
)
def test_consistent_tables_pass(name: str):
    assert check_table_arithmetic(gold_of(name)) == []


def test_new_plus_carried_over_must_equal_done_plus_carried_forward():
    failing = requests(自然人={NEW: 12, CARRIED: 0, OPENED: 11, DONE: 11, FORWARD: 0})
    assert check_table_arithmetic(failing) == [
        "table-check:requests:col=自然人:一+二≠三（七）+四 (12+0 ≠ 11+0)"
    ]


def test_blank_parts_count_as_zero():
    assert check_table_arithmetic(requests(自然人={NEW: 5, OPENED: 4, DONE: 4, FORWARD: 1})) == []


def test_total_column_must_equal_the_applicant_columns():
    row = {(OPENED, "自然人"): 4, (OPENED, "法人或其他组织/商业企业"): 3, (OPENED, "总计"): 8}
    assert check_table_arithmetic(cells("requests", row)) == [
        f"table-check:requests:row={OPENED}:总计≠Σ申请人 (8 ≠ 4+3+0+0+0+0)"
    ]


def test_blank_total_is_not_checked():
    row = {(OPENED, "自然人"): 4, (OPENED, "法人或其他组织/商业企业"): 3}
    assert check_table_arithmetic(cells("requests", row)) == []


def test_results_total_must_equal_the_result_rows():
    failing = requests(自然人={OPENED: 3, SECRET: 2, DONE: 6})
    assert check_table_arithmetic(failing) == [
        "table-check:requests:col=自然人:（七）总计≠Σ（一）…（六） (6 ≠ 5)"
    ]


def test_2019_single_other_row_counts_in_the_results_total():
    assert check_table_arithmetic(requests(自然人={OPENED: 3, OTHER_2019: 2, DONE: 5})) == []


def test_review_and_litigation_totals_must_sum_their_outcomes():
    values = {
        ("", "行政复议/结果维持"): 2,
        ("", "行政复议/尚未审结"): 1,
        ("", "行政复议/总计"): 3,
        ("", "行政诉讼/复议后起诉/结果纠正"): 1,
        ("", "行政诉讼/复议后起诉/总计"): 2,
    }
    assert check_table_arithmetic(cells("review_litigation", values)) == [
        "table-check:review_litigation:行政诉讼/复议后起诉:总计≠Σ结果 (2 ≠ 0+1+0+0)"
    ]


def test_statistics_answers_must_sum_their_parts():
    answers = "三、依申请公开情况/（三）申请答复数"
    values = {(answers, "统计数"): 10, (f"{answers}/2.同意公开答复数", "统计数"): 7}
    values[(f"{answers}/6.申请信息不存在数", "统计数")] = 2
    assert check_table_arithmetic(cells("stats2008", values)) == [
        f"table-check:stats2008:col=统计数:{answers}≠Σ其下各项 (10 ≠ 0+7+0+0+0+2+0+0)"
    ]


def test_statistics_refusals_must_sum_their_reasons():
    refused = "三、依申请公开情况/（三）申请答复数/4.不同意公开答复数"
    values = {(refused, "统计数"): 3, (f"{refused}/其中：涉及国家秘密", "统计数"): 1}
    assert check_table_arithmetic(cells("stats2008", values)) == [
        f"table-check:stats2008:col=统计数:{refused}≠Σ其下各项 (3 ≠ 1+0+0+0+0+0)"
    ]


def test_decimal_amounts_are_compared_without_float_noise():
    staff = "八、机构建设和保障经费情况/（三）从事政府信息公开工作人员数"
    full_time = f"{staff}/1.专职人员数（不包括政府公报及政府网站工作人员数）"
    values = {(staff, "统计数"): 0.3, (full_time, "统计数"): 0.1}
    values[(f"{staff}/2.兼职人员数", "统计数")] = 0.2
    assert check_table_arithmetic(cells("stats2008", values)) == []


def test_warning_names_the_scope_of_the_failing_table():
    failing = cells(
        "review_litigation", {("", "行政复议/结果维持"): 1, ("", "行政复议/总计"): 2}, scope="本级"
    )
    assert check_table_arithmetic(failing) == [
        "table-check:review_litigation[本级]:行政复议:总计≠Σ结果 (2 ≠ 1+0+0+0)"
    ]


def test_numbers_are_never_changed():
    failing = requests(自然人={NEW: 12, DONE: 11})
    before = [dict(c) for c in failing]
    check_table_arithmetic(failing)
    assert failing == before
