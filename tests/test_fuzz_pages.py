"""Bad pages, proven by fuzzing: mutated real-looking pages through the encoding decision, the
spider's page reading and the report pipeline (a bounded run; ``make fuzz`` runs the long one),
and the minimal reproducers of what fuzzing found, one test each."""

import pytest
from parsel import Selector

from pipelines.page.body import clean_page
from pipelines.page.page import Page
from pipelines.page.tree import parse_page
from pipelines.report_fields import report_fields
from pipelines.tables import labels
from pipelines.tables.cells import parse_value
from pipelines.tables.checks import check_table_arithmetic
from pipelines.tables.grid import data_tables, grid_of, page_text, parse_html
from spiders.article_pages import article_continuations
from spiders.discovery import Link, extract_links, numbered_page_urls, trs_page_urls
from spiders.render import needs_browser
from tests.fuzz_harness import fuzz_run, run_capped
from tests.fuzz_mutators import BOUNDED
from tests.fuzz_targets import TARGETS
from tests.page_fixture_builder import fixture_page

URL = "http://www.example.gov.cn/col/col123/index.html"

# --- the bounded run ---------------------------------------------------------------------------


def test_mutated_pages_get_an_encoding_decision_and_decode():
    fuzz_run(TARGETS["encoding"], 60, BOUNDED)()


def test_mutated_report_pages_become_items_without_an_exception():
    fuzz_run(TARGETS["report_page"], 40, BOUNDED)()


def test_mutated_pages_are_read_by_the_spider_without_an_exception():
    fuzz_run(TARGETS["spider_page"], 40, BOUNDED)()


def test_mutated_statistics_tables_are_parsed_without_an_exception():
    fuzz_run(TARGETS["tables"], 30, BOUNDED)()


def test_table_cells_in_strange_rows_and_columns_are_checked_without_an_exception():
    fuzz_run(TARGETS["table_checks"], 40, BOUNDED)()


# --- what fuzzing found ----------------------------------------------------------------------


def test_tables_nested_past_the_recursion_limit_still_give_their_text():
    # 1,500 levels, as the page parser keeps them (libxml2's limit with huge_tree is 2,048)
    root = parse_page("<html><body>" + "<table><tr><td>" * 500 + "第500层</body></html>")
    assert page_text(root).strip() == "第500层"
    assert len(data_tables(root)) == 1  # the innermost table


def test_a_report_page_nested_ten_thousand_levels_deep_becomes_an_item():
    html = fixture_page("shuyang_fgj_2023_ucap.html").replace(
        "<body>", "<body>" + "<div><table><tr><td>" * 10_000, 1
    )
    fields = report_fields({"url": URL, "page": Page(html, URL)})
    assert fields["errors"] == []
    assert isinstance(fields["text"], str)


def test_a_page_with_references_to_control_characters_becomes_an_item():
    # &#11; is how Word's line break reaches HTML; the parser decoded it into the tree, and
    # lxml refused the joined text when cleaning dropped the script beside it
    html = "<html><body><p>一、总体情况&#11;<script>var a;</script>二、主动公开&#xFFFF;</p></body></html>"
    fields = report_fields({"url": URL, "page": Page(html, URL)})
    assert fields["text"] == "一、总体情况二、主动公开"


# C0 controls but tab and line ends, and the two non-characters: lxml refuses them in text
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_page_with_a_raw_control_character_becomes_an_item_without_it(control):
    html = (
        f"<html><body><p>一、总体情况{control}<script>var a;</script>二、主动公开</p></body></html>"
    )
    fields = report_fields({"url": URL, "page": Page(html, URL)})
    assert fields["text"] == "一、总体情况二、主动公开"


# 46 characters: 22,000 of them make a report of a million characters
REPORT_LINE = "本年度政府信息公开工作总体情况良好，各项工作有序推进，主动公开信息持续增加，依申请公开答复及时规范。"
SPAM = '<div>澳门威尼斯人娱乐城 时时彩 百家乐 <a href="http://bet365.example.com/">进入</a></div>'


def _cleaned_text(html: str) -> str:
    root = parse_page(html)
    clean_page(root)
    text = root.text_content()
    assert "百家乐" not in text and text.count("总体情况良好") == 22_000
    return text


def test_spam_at_the_bottom_of_a_page_nested_two_thousand_deep_is_removed_within_the_cap():
    # the spam below made every level read its whole subtree's text again: two minutes here
    html = f"<html><body>{'<div>' * 2000}<p>{REPORT_LINE * 22_000}</p>{SPAM}</body></html>"
    outcome = run_capped(lambda *_: _cleaned_text(html), None, b"", 0, cap=30)
    assert (outcome.status, outcome.error) == ("ok", "")


def test_hidden_spam_beside_hidden_wrappers_two_thousand_deep_is_removed_within_the_cap():
    # wrappers a script reveals (they hold the report) were each read whole again: 90 s here
    hidden = f'<div style="display:none">{SPAM}</div>'
    wrappers = '<div style="display:none">' * 2000
    html = f"<html><body>{hidden}{wrappers}<p>{REPORT_LINE * 22_000}</p></body></html>"
    outcome = run_capped(lambda *_: _cleaned_text(html), None, b"", 0, cap=30)
    assert (outcome.status, outcome.error) == ("ok", "")


def test_a_requests_row_outside_the_vocabulary_is_checked_after_the_official_rows():
    total, natural = labels.REQUESTS_TOTAL_COLUMN, labels.REQUESTS_APPLICANT_COLUMNS[0]
    cells = [
        {"table": labels.REQUESTS, "row": labels.NEW_REQUESTS, "col": total, "value": 5},
        {"table": labels.REQUESTS, "row": labels.NEW_REQUESTS, "col": natural, "value": 3},
        {"table": labels.REQUESTS, "row": "不是表中的行", "col": total, "value": 9},
        {"table": labels.REQUESTS, "row": "不是表中的行", "col": natural, "value": 1},
    ]
    warnings = check_table_arithmetic(cells)
    assert [w.split(":")[2] for w in warnings] == [
        f"row={labels.NEW_REQUESTS}",
        "row=不是表中的行",
    ]


def test_a_cell_of_more_digits_than_any_count_is_no_value():
    assert parse_value("9" * 5000) == (None, False)
    assert parse_value("1" * 19) == (None, False)
    assert parse_value("１" * 18) == (111_111_111_111_111_111, False)
    assert parse_value("12,345.5万元") == (12345.5, False)


def test_a_span_of_thousands_of_digits_is_held_to_the_span_limit():
    table = parse_html(
        f'<table><tr><td rowspan="{"9" * 5000}" colspan="00002">a</td><td>1</td></tr><tr><td>2</td></tr></table>'
    )
    grid = grid_of(table.find(".//table"))
    assert [[c.text if c else None for c in row] for row in grid] == [
        ["a", "a", "1"],
        ["a", "a", "2"],
    ]


def test_links_beside_template_attribute_names_are_extracted():
    # "{{if …}}" in markup: lxml takes "{{if" for a {namespace}name and parsel's .attrib raised
    html = '<body><a href="/a/2023.html" {{if top}} title="2023年年报">2023年报</a><div id="list" {{each}}></div></body>'
    links = extract_links(Selector(text=html), URL)
    assert [(link.url, link.text) for link in links] == [
        ("http://www.example.gov.cn/a/2023.html", "2023年年报")
    ]
    script = "<script {{x}}>$('#list').load('/api/list')</script>"
    assert needs_browser(html + script) == "empty-list-container+script"


def test_pager_links_with_absurd_page_numbers_add_no_pages():
    pager = [
        Link("http://www.example.gov.cn/col/col123/index_" + "9" * 5000 + ".html", "尾页", "pager"),
        Link("http://www.example.gov.cn/col/col123/list.html?page=²", "下一页", "pager"),
        Link("http://www.example.gov.cn/col/col123/list.html?page=" + "7" * 5000, "尾页", "pager"),
    ]
    urls = numbered_page_urls("http://www.example.gov.cn/col/col123/list.html", pager, 5)
    # the links themselves, and pages 2-5 of the ?page= pager (the list itself is unnumbered)
    assert len(urls) == 3 + 4
    assert (
        article_continuations(
            "http://www.example.gov.cn/a.html",
            [Link("http://www.example.gov.cn/a.html?page=²", "2", "pager")],
        )
        == []
    )
    assert trs_page_urls('<script>createPageHTML(², 0, "index", "html");</script>', URL) == []
