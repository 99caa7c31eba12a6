"""The arithmetic the statistics tables promise (totals, carry-overs), checked on tidy cells.

Each failed identity becomes one stable warning string; numbers are reported, never corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipelines.tables import labels

Number = int | float
Values = dict[tuple[str, str], Number]  # (row, col) -> value of one table of one scope


def check_table_arithmetic(cells: list[dict]) -> list[str]:
    """Warnings such as "table-check:requests:col=总计:一+二≠三（七）+四 (12+0 ≠ 11+0)".

    An identity is evaluated when its total and at least one of its parts are reported; blank
    parts count as 0, a blank total means "not filled in" and is not checked.
    """
    tables: dict[tuple[str, str], Values] = {}
    for cell in cells:
        values = tables.setdefault((cell["table"], cell.get("scope") or ""), {})
        values[(cell["row"], cell["col"])] = cell["value"]
    warnings: list[str] = []
    for (table, scope), values in tables.items():
        check = _CHECKS.get(table)
        if check is not None:
            prefix = f"table-check:{table}" + (f"[{scope}]" if scope else "")
            warnings += [f"{prefix}:{failure}" for failure in check(values)]
    return warnings


def _fmt(value: Number | None) -> str:
    value = value or 0
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _sum(values: Iterable[Number | None]) -> Number:
    return sum(value or 0 for value in values)


def _differ(a: Number, b: Number) -> bool:
    return abs(a - b) > 1e-6 * max(1.0, abs(a), abs(b))


def _reported(values: Iterable[Number | None]) -> bool:
    return any(value is not None for value in values)


def _sum_mismatch(total: Number | None, parts: list[Number | None]) -> str | None:
    """ "(total ≠ a+b+…)" when a filled-in total is not the sum of its reported parts, else None."""
    if total is not None and _reported(parts) and _differ(total, _sum(parts)):
        return f"({_fmt(total)} ≠ {'+'.join(map(_fmt, parts))})"
    return None


def _check_requests(values: Values) -> list[str]:
    failures: list[str] = []
    rows = {row for row, _ in values}
    for col in labels.REQUESTS_COLUMNS:
        new, carried, done, forward = (
            values.get((row, col))
            for row in (
                labels.NEW_REQUESTS,
                labels.CARRIED_OVER,
                labels.RESULTS_TOTAL,
                labels.CARRIED_FORWARD,
            )
        )
        both_sides = _reported((new, carried)) and _reported((done, forward))
        if both_sides and _differ(_sum((new, carried)), _sum((done, forward))):
            failures.append(
                f"col={col}:一+二≠三（七）+四 "
                f"({_fmt(new)}+{_fmt(carried)} ≠ {_fmt(done)}+{_fmt(forward)})"
            )
        results = [_result_group(values, group, items, col) for group, items in _GROUPS]
        if done is not None and _reported(results) and _differ(done, _sum(results)):
            failures.append(
                f"col={col}:（七）总计≠Σ（一）…（六） ({_fmt(done)} ≠ {_fmt(_sum(results))})"
            )
    # a row outside the vocabulary (a strange table's label) sorts after the official ones
    for row in sorted(
        rows, key=lambda row: (_REQUEST_ROW_ORDER.get(row, len(_REQUEST_ROW_ORDER)), row)
    ):
        total = values.get((row, labels.REQUESTS_TOTAL_COLUMN))
        parts = [values.get((row, col)) for col in labels.REQUESTS_APPLICANT_COLUMNS]
        if mismatch := _sum_mismatch(total, parts):
            failures.append(f"row={row}:总计≠Σ申请人 {mismatch}")
    return failures


_GROUPS = [
    (f"{labels.RESULTS}/{group}", [f"{labels.RESULTS}/{group}/{item}" for item in items])
    for group, items in labels.RESULT_GROUPS.items()
]
_REQUEST_ROW_ORDER = {row: i for i, row in enumerate(labels.REQUESTS_ROWS)}


def _result_group(values: Values, group: str, items: list[str], col: str) -> Number | None:
    """A result group (一)…(六): the sum of its numbered items, or its own row (2019 其他处理)."""
    parts = [values.get((item, col)) for item in items]
    return _sum(parts) if _reported(parts) else values.get((group, col))


def _check_review_litigation(values: Values) -> list[str]:
    failures: list[str] = []
    for group in labels.REVIEW_LITIGATION_GROUPS:
        total = values.get(("", f"{group}/{labels.OUTCOME_TOTAL}"))
        parts = [values.get(("", f"{group}/{outcome}")) for outcome in labels.OUTCOMES]
        if mismatch := _sum_mismatch(total, parts):
            failures.append(f"{group}:总计≠Σ结果 {mismatch}")
    return failures


def _check_stats2008(values: Values) -> list[str]:
    # Each value column on its own: 历年累计 totals the years' lines of its own column, never the
    # year's 统计数 of the lines under it.
    failures: list[str] = []
    for col in sorted({col for _, col in values}):
        for total_row, part_rows in _STATS2008_SUMS:
            total = values.get((total_row, col))
            parts = [values.get((row, col)) for row in part_rows]
            if mismatch := _sum_mismatch(total, parts):
                failures.append(f"col={col}:{total_row}≠Σ其下各项 {mismatch}")
    return failures


_STATS2008_SUMS = [
    (total, [row for row in labels.STATS2008_ROWS if row.rpartition("/")[0] == total])
    for total in labels.STATS2008_SUM_ROWS
]

_CHECKS: dict[str, Callable[[Values], list[str]]] = {
    labels.REQUESTS: _check_requests,
    labels.REVIEW_LITIGATION: _check_review_litigation,
    labels.STATS2008: _check_stats2008,
}
