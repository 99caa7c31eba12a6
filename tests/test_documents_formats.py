"""Reports published as PDF, DOCX, DOC, WPS and OFD become pages the report pipeline reads to the
same item: every cell of the three statistics tables, the prose paragraph by paragraph, the title.

Fixtures: tests/document_fixture_builder.py (the official 2021 template filled in, exported by
LibreOffice); the truth beside each file is the builder's numbers and prose.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pipelines.documents import DocumentPage, parse_document
from pipelines.report_fields import report_fields
from tests.document_fixture_builder import COUNTY, TOWN, truth

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
DOCUMENTS = [
    ("qingfeng_2024.pdf", "pdf"),
    ("qingfeng_2024.docx", "docx"),
    ("qingfeng_2024.doc", "doc"),
    ("qingfeng_2024.ofd", "ofd"),
    ("shiqiao_2023.wps", "wps"),
]
NAMES = [name for name, _ in DOCUMENTS]


def truth_of(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads((FIXTURES / f"{stem}.truth.json").read_text(encoding="utf-8"))


@cache
def parsed(name: str) -> DocumentPage:
    kind = dict(DOCUMENTS)[name]
    return parse_document((FIXTURES / name).read_bytes(), kind)


@cache
def item(name: str) -> dict:
    return report_fields({"html": parsed(name).html, "url": f"http://www.qingfeng.gov.cn/{name}"})


def cell_set(cells: list[dict]) -> set[tuple]:
    return {(c["table"], c["scope"], c["row"], c["col"], c["value"]) for c in cells}


def test_truth_files_are_the_builders_numbers_and_prose():
    kinds = ("docx", "pdf", "doc", "ofd")
    assert truth_of("qingfeng_2024.pdf") == json.loads(json.dumps(truth(COUNTY, kinds)))
    assert truth_of("shiqiao_2023.wps") == json.loads(json.dumps(truth(TOWN, ("wps",))))


@pytest.mark.parametrize("name", NAMES)
def test_document_yields_all_200_cells_of_its_three_tables(name: str):
    expected = cell_set(truth_of(name)["cells"])
    assert len(expected) == 200
    assert cell_set(item(name)["tables"]) == expected


@pytest.mark.parametrize("name", NAMES)
def test_document_tables_pass_the_forms_own_arithmetic(name: str):
    assert item(name)["template"] == "2019"
    assert not [w for w in item(name)["warnings"] if w.startswith("table-")]


@pytest.mark.parametrize("name", NAMES)
def test_document_prose_comes_out_paragraph_by_paragraph(name: str):
    paragraphs = [p.text_content() for p in parsed(name).root.iter("p")]
    assert paragraphs == truth_of(name)["paragraphs"]


@pytest.mark.parametrize("name", NAMES)
def test_document_title_is_the_reports_title(name: str):
    assert parsed(name).title == truth_of(name)["title"]
    assert item(name)["title"] == truth_of(name)["title"]


@pytest.mark.parametrize("name", NAMES)
def test_item_names_the_reporting_year_and_agency(name: str):
    assert item(name)["year"] == truth_of(name)["year"]
    assert item(name)["agency"] == truth_of(name)["agency"]


@pytest.mark.parametrize("name", NAMES)
def test_item_text_holds_the_prose_and_no_page_furniture(name: str):
    text = item(name)["text"]
    assert all(paragraph in text for paragraph in truth_of(name)["paragraphs"])
    assert "- 3 -" not in text
    # the title is the item's title, not text (as on a portal's page); the running header is gone
    assert truth_of(name)["title"] not in text
    assert text.startswith(truth_of(name)["paragraphs"][0][:20])


@pytest.mark.parametrize("name", NAMES)
def test_page_names_its_source_format(name: str):
    page = parsed(name)
    assert page.kind == dict(DOCUMENTS)[name]
    assert page.root.find("body").get("data-source-format") == page.kind
    assert page.flags == [] and page.warnings == []


def test_pdf_and_docx_of_one_report_give_the_same_cells():
    assert cell_set(item("qingfeng_2024.pdf")["tables"]) == cell_set(
        item("qingfeng_2024.docx")["tables"]
    )
