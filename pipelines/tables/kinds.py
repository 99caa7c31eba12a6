"""Which statistics table a grid is (申请, 复议诉讼, 主动公开, 统计表), told by how many distinct
official labels of each it holds: the tables of page chrome hold next to none."""

from __future__ import annotations

from pipelines.tables import labels
from pipelines.tables.cells import block_of
from pipelines.tables.grid import Cell, Grid, distinct_cells

# Labels of the header rows (a flattened table's header lines are skipped by them too).
REQUEST_HEADER_KEYS = labels.REQUESTS_COLUMN_VOCABULARY.leaf_keys() | {
    "申请人情况",
    labels.label_key(labels.LEGAL_PERSONS),
}
REVIEW_HEADER_KEYS = frozenset(
    labels.label_key(part)
    for column in labels.REVIEW_LITIGATION_COLUMNS
    for part in column.split("/")
) | {"总计"}

_REQUEST_KEYS = labels.REQUESTS_ROW_VOCABULARY.leaf_keys() | REQUEST_HEADER_KEYS
_REVIEW_KEYS = REVIEW_HEADER_KEYS - {"总计"}
_PROACTIVE_KEYS = labels.PROACTIVE_ITEM_VOCABULARY.leaf_keys()
_PROACTIVE_HEADER_KEYS = labels.PROACTIVE_COLUMN_VOCABULARY.leaf_keys() | {
    labels.label_key(labels.PROACTIVE_HEADER_LABEL)
}
_STATS_KEYS = labels.STATS2008_ROW_VOCABULARY.leaf_keys()
# Least number of distinct known labels that makes a table one of ours (page chrome has none).
_THRESHOLDS = {
    labels.REQUESTS: 5,
    labels.REVIEW_LITIGATION: 4,
    labels.PROACTIVE: 2,
    labels.STATS2008: 4,
}


def classify_table(grid: Grid) -> tuple[str | None, bool]:
    """(table id or None, whether it is the national 统计表 rather than a province's own)."""
    scores = _scores(grid)
    national = scores[labels.STATS2008] >= _THRESHOLDS[labels.STATS2008]
    kind, score = max(scores.items(), key=lambda item: item[1])
    if score >= _THRESHOLDS[kind]:
        return kind, national
    cells = distinct_cells(cell for row in grid for cell in row)
    return (labels.STATS2008 if _is_other_statistics_table(grid, cells) else None), False


def _scores(grid: Grid) -> dict[str, int]:
    """How many distinct labels of each table the grid holds."""
    cells = distinct_cells(cell for row in grid for cell in row)
    keys = {labels.LABEL_VARIANTS.get(cell.key, cell.key) for cell in cells if cell.key}
    # Item names alone (行政许可, 行政处罚 …) are also the links of a portal's menu: the 主动公开
    # table needs a 第二十条 heading, a 信息内容 header or one of its column labels as well.
    headed = len(keys & _PROACTIVE_HEADER_KEYS) + 2 * any(
        block_of(cell.text) for cell in cells if len(cell.text) < 40
    )
    return {
        labels.REQUESTS: len(keys & _REQUEST_KEYS),
        labels.REVIEW_LITIGATION: len(keys & _REVIEW_KEYS),
        labels.PROACTIVE: headed + len(keys & _PROACTIVE_KEYS) if headed else 0,
        labels.STATS2008: len(keys & _STATS_KEYS),
    }


def _is_other_statistics_table(grid: Grid, cells: list[Cell]) -> bool:
    """A statistics table of a province's own (before 2014): a 单位 or 统计数 header and rows
    about 公开 and 申请."""
    header_keys = labels.STATS2008_UNIT_HEADERS | labels.STATS2008_VALUE_HEADERS
    if not any(c and c.key in header_keys for row in grid[:6] for c in row):
        return False
    return sum(("公开" in c.key or "申请" in c.key) for c in cells) >= 3
