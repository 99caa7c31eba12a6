"""PDF reports (pipelines/documents/pdf.py and the fixed-layout reader): the hard parts of real
report tables and pages, on the LibreOffice export and on laid-out pages built glyph by glyph."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium

from pipelines.documents import DocumentLimits, DocumentPage, parse_document
from pipelines.documents.fixed_layout import read_pages
from pipelines.documents.glyphs import Glyph, LayoutPage, Rule
from pipelines.documents.page_html import render_page

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


@cache
def county_pdf() -> DocumentPage:
    return parse_document((FIXTURES / "qingfeng_2024.pdf").read_bytes(), "pdf")


def cells_with_spans(page: DocumentPage) -> dict[str, tuple[str | None, str | None]]:
    return {
        td.text_content(): (td.get("rowspan"), td.get("colspan")) for td in page.root.iter("td")
    }


def test_table_cut_by_two_page_breaks_is_one_table():
    assert len(list(county_pdf().root.iter("table"))) == 3
    assert county_pdf().page_count == 6


def test_vertical_text_split_over_two_pages_is_one_spanning_label():
    assert cells_with_spans(county_pdf())["三、本年度办理结果"] == ("22", None)


def test_group_label_cut_by_a_page_break_keeps_all_its_rows():
    assert cells_with_spans(county_pdf())["（三）不予公开"] == ("8", None)


def test_label_wrapped_over_two_lines_is_one_label():
    wrapped = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert cells_with_spans(county_pdf())[wrapped] == (None, "2")


def test_header_split_over_two_lines_is_one_label():
    headers = [(td.text_content(), td.get("rowspan")) for td in county_pdf().root.iter("td")]
    assert ("结果维持", "2") in headers  # printed 「结果」 over 「维持」
    assert not {"结果", "维持"} & {text for text, _ in headers}


def test_review_table_keeps_its_fifteen_numbers_in_one_row():
    rows = list(list(county_pdf().root.iter("table"))[2].iter("tr"))
    assert [td.text_content() for td in rows[-1]] == [
        "3",
        "1",
        "1",
        "1",
        "6",
        "2",
        "0",
        "1",
        "1",
        "4",
        "1",
        "0",
        "0",
        "1",
        "2",
    ]


def test_running_header_and_page_numbers_are_dropped():
    text = county_pdf().root.find("body").text_content()
    assert "- 2 -" not in text and "- 6 -" not in text
    assert text.count("青峰县人民政府2024年政府信息公开工作年度报告") == 1  # the <h1> only


def test_scanned_pdf_is_flagged_and_yields_only_an_empty_page():
    page = parse_document((FIXTURES / "qingfeng_2024_scanned.pdf").read_bytes(), "pdf")
    assert page.flags == ["no_text_layer"]
    assert page.page_count == 2
    assert page.root.find("body").text_content() == ""


def test_damaged_pdf_becomes_a_warning_not_an_exception():
    cut = (FIXTURES / "qingfeng_2024.pdf").read_bytes()[:3000]
    page = parse_document(cut, "pdf")
    assert page.warnings and page.warnings[0].startswith("document-unreadable:pdf:")
    assert "<body" in page.html


def test_page_limit_stops_reading_with_a_warning():
    body = (FIXTURES / "qingfeng_2024.pdf").read_bytes()
    page = parse_document(body, "pdf", DocumentLimits(max_pages=2))
    assert page.warnings == ["document-page-limit:read 2 of 6 pages"]
    assert "本报告由青峰县人民政府办公室" in page.html


def test_time_limit_stops_reading_with_a_warning():
    body = (FIXTURES / "qingfeng_2024.pdf").read_bytes()
    page = parse_document(body, "pdf", DocumentLimits(max_seconds=0.0))
    assert page.warnings == ["document-time-limit:read 0 of 6 pages"]


def test_size_limit_leaves_the_document_unparsed():
    page = parse_document(b"%PDF-1.7" + b"\0" * 2000, "pdf", DocumentLimits(max_bytes=1000))
    assert page.warnings == ["document-size-limit:2008 bytes > 1000"]


# --- tables laid out glyph by glyph -----------------------------------------------------------------

SIZE = 10.0  # points per glyph
COLUMNS = [50.0, 110.0, 300.0, 350.0]  # group label | item label | value


def laid_out(page: LayoutPage, cells: list[tuple[int, int, int, int, str]], ys: list[float]):
    """Draw each cell (rows r0..r1, columns c0..c1) with its borders and its text, one line per
    "\\n"-separated part, each glyph SIZE wide."""
    for r0, r1, c0, c1, text in cells:
        x0, x1, top, bottom = COLUMNS[c0], COLUMNS[c1 + 1], ys[r0], ys[r1 + 1]
        page.rules += [Rule(x0, top, x1, top + 0.5), Rule(x0, bottom, x1, bottom + 0.5),
                       Rule(x0, top, x0 + 0.5, bottom), Rule(x1, top, x1 + 0.5, bottom)]  # fmt: skip
        for n, line in enumerate(text.split("\n")):
            y = top + 3 + n * (SIZE + 2)
            for i, char in enumerate(line):
                x = x0 + 2 + i * SIZE
                page.glyphs.append(Glyph(char, x, x + SIZE, y, y + SIZE))
    return page


def table_rows(pages: list[LayoutPage]) -> list[list[tuple[str, str | None]]]:
    document = read_pages(pages)
    root = render_page(document.title, document.blocks, "pdf")
    (table,) = root.iter("table")
    return [[(td.text_content(), td.get("rowspan")) for td in tr] for tr in table.iter("tr")]


def test_row_allowed_to_break_across_pages_is_one_row():
    first = laid_out(LayoutPage(1, 400, 800), [
        (0, 0, 0, 1, "一、本年新收"), (0, 0, 2, 2, "12"),
        (1, 1, 0, 0, "（五）"), (1, 1, 1, 1, "5.要求行政机关确\n认或重新出具已"), (1, 1, 2, 2, "2"),
    ], [600.0, 630.0, 700.0])  # fmt: skip
    second = laid_out(LayoutPage(2, 400, 800), [
        (0, 0, 0, 0, ""), (0, 0, 1, 1, "获取信息"), (0, 0, 2, 2, ""),
        (1, 1, 0, 1, "（七）总计"), (1, 1, 2, 2, "14"),
    ], [100.0, 130.0, 160.0])  # fmt: skip
    assert table_rows([first, second]) == [
        [("一、本年新收", None), ("12", None)],
        [("（五）", None), ("5.要求行政机关确认或重新出具已获取信息", None), ("2", None)],
        [("（七）总计", None), ("14", None)],
    ]


def test_rows_apart_keep_their_labels_and_join_the_cut_group_label():
    first = laid_out(LayoutPage(1, 400, 800), [
        (0, 0, 0, 1, "四、结转"), (0, 0, 2, 2, "3"),
        (1, 1, 0, 0, "（五）不"), (1, 1, 1, 1, "1.信访举报投诉类申请"), (1, 1, 2, 2, "9"),
    ], [600.0, 630.0, 660.0])  # fmt: skip
    second = laid_out(LayoutPage(2, 400, 800), [
        (0, 1, 0, 0, "予处理"), (0, 0, 1, 1, "2.重复申请"), (0, 0, 2, 2, "5"),
        (1, 1, 1, 1, "3.要求提供公开出版物"), (1, 1, 2, 2, "1"),
    ], [100.0, 130.0, 160.0])  # fmt: skip
    assert table_rows([first, second]) == [
        [("四、结转", None), ("3", None)],
        [("（五）不予处理", "3"), ("1.信访举报投诉类申请", None), ("9", None)],
        [("2.重复申请", None), ("5", None)],
        [("3.要求提供公开出版物", None), ("1", None)],
    ]


def test_header_rows_repeated_on_the_next_page_are_dropped():
    header = [(0, 0, 0, 1, "信息内容"), (0, 0, 2, 2, "总计")]
    first = laid_out(LayoutPage(1, 400, 800), [*header, (1, 1, 0, 1, "1.甲"), (1, 1, 2, 2, "4")],
                     [600.0, 630.0, 660.0])  # fmt: skip
    second = laid_out(LayoutPage(2, 400, 800), [*header, (1, 1, 0, 1, "2.乙"), (1, 1, 2, 2, "6")],
                      [100.0, 130.0, 160.0])  # fmt: skip
    assert [row[0][0] for row in table_rows([first, second])] == ["信息内容", "1.甲", "2.乙"]


def test_paragraph_cut_by_a_page_break_is_one_paragraph():
    def line(page: LayoutPage, text: str, x: float, y: float) -> None:
        page.glyphs += [Glyph(c, x + i * SIZE, x + (i + 1) * SIZE, y, y + SIZE)
                        for i, c in enumerate(text)]  # fmt: skip

    first, second = LayoutPage(1, 300, 800), LayoutPage(2, 300, 800)
    line(first, "正文第一行写满了整个版心宽度", 50, 600)
    line(first, "第二行也一直写到了版心右边的边缘", 30, 620)
    line(first, "- 1 -", 130, 760)
    line(second, "- 2 -", 130, 760)
    line(second, "翻页后的最后一行", 30, 100)
    line(second, "下一段首行缩进两字", 50, 120)
    blocks = read_pages([first, second]).blocks
    assert [b.text for b in blocks] == [
        "正文第一行写满了整个版心宽度第二行也一直写到了版心右边的边缘翻页后的最后一行",
        "下一段首行缩进两字",
    ]


def turned_copy(body: bytes, index: int) -> bytes:
    """The PDF with one page stored landscape and shown upright by /Rotate 90, as some producers
    store wide table pages. (PDFium rewrites the page's text objects here and loses their CJK
    mapping; the rules, the layout and the Latin digits survive.)"""
    document = pdfium.PdfDocument(body)
    page = document[index]
    width, height = page.get_size()
    turn = pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0)
    for obj in list(page.get_objects(max_depth=1)):
        obj.transform(turn)
    page.set_mediabox(0, 0, height, width)
    page.set_cropbox(0, 0, height, width)
    page.set_rotation(90)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_shapes(page: DocumentPage) -> list[list[tuple]]:
    """Per table, each cell's spans, and its text when it is a number."""
    return [
        [(td.get("rowspan"), td.get("colspan"), td.text_content() if td.text_content().isdigit()
          else None) for td in table.iter("td")]
        for table in page.root.iter("table")
    ]  # fmt: skip


def test_page_turned_by_rotate_reads_as_shown():
    body = (FIXTURES / "qingfeng_2024.pdf").read_bytes()
    turned = parse_document(turned_copy(body, 3), "pdf")
    assert turned.warnings == []
    assert table_shapes(turned) == table_shapes(county_pdf())


def test_pdfs_parsed_from_several_threads_at_once_come_out_whole():
    body = (FIXTURES / "qingfeng_2024.pdf").read_bytes()
    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = list(pool.map(lambda _: parse_document(body, "pdf").html, range(8)))
    assert set(pages) == {county_pdf().html}
