"""Score a crawl's items against ground truth: field accuracy and table-cell recall.

Titles, agencies and publishers are compared after Traditional→Simplified conversion; cell values
as numbers (the truth keeps the text printed in the cell, e.g. ``12万元``).
"""

from __future__ import annotations

from opencc import OpenCC

from pipelines.tables.report_tables import parse_value

FIELDS = ("title", "agency", "publisher", "year", "published", "template", "region")
_T2S = OpenCC("t2s")


def _norm(value):
    return _T2S.convert(value) if isinstance(value, str) else value


def _number(value):
    return parse_value(value)[0] if isinstance(value, str) else value


def score_items(items: list[dict], reports: list[dict]) -> dict:
    """Per field, how many found reports have it right; cells emitted right out of all gold cells
    of the found reports; and the mismatches, for reading."""
    truth = {report["url"]: report for report in reports}
    right = dict.fromkeys(FIELDS, 0)
    mismatches: list[str] = []
    gold_cells = cells_right = found = 0
    for item in items:
        gold = truth.get(item.get("url"))
        if gold is None:
            continue
        found += 1
        for name in FIELDS:
            if _norm(item.get(name)) == _norm(gold.get(name)):
                right[name] += 1
            else:
                mismatches.append(
                    f"{name}: {item.get(name)!r} != {gold.get(name)!r} ({gold['url']})"
                )
        emitted = {
            (c["table"], c["scope"], c["row"], c["col"]): c["value"]
            for c in item.get("tables") or []
        }
        for cell in gold.get("tables") or []:
            gold_cells += 1
            key = (cell["table"], cell["scope"], cell["row"], cell["col"])
            if key in emitted and emitted[key] == _number(cell["value"]):
                cells_right += 1
    return {
        "reports_scored": found,
        "fields_right": right,
        "cells": {"gold": gold_cells, "right": cells_right},
        "mismatches": mismatches,
    }
