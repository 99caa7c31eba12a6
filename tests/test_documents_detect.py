"""Which document a response holds (pipelines/documents/detect.py): bytes first, then headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.documents import disposition_filename, document_kind
from pipelines.documents.ole import CompoundFile

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SERVLET = "http://www.qingfeng.gov.cn/module/download/downfile.jsp?classid=0&filename=2501201.pdf"
GBK_NAME = "青峰县2024年政府信息公开工作年度报告.pdf"


def body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def as_workbook(doc: bytes) -> bytes:
    """The DOC fixture with its WordDocument stream renamed Workbook: what an XLS holds."""
    old = "WordDocument".encode("utf-16-le") + b"\0\0"
    new = "Workbook".encode("utf-16-le") + b"\0\0"
    at = doc.index(old)
    patched = doc[:at] + new.ljust(len(old), b"\0") + doc[at + len(old) :]
    length = at + 64  # the name's byte length, terminator included, follows the 64-byte name
    return patched[:length] + len(new).to_bytes(2, "little") + patched[length + 2 :]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("qingfeng_2024.pdf", "pdf"), ("qingfeng_2024.docx", "docx"), ("qingfeng_2024.doc", "doc"),
     ("qingfeng_2024.ofd", "ofd"), ("qingfeng_2024_scanned.pdf", "pdf")],
)  # fmt: skip
def test_octet_stream_from_a_download_servlet_is_told_by_its_bytes(name: str, kind: str):
    assert document_kind(body(name), "application/octet-stream", None, SERVLET) == kind


def test_bytes_win_over_a_wrong_content_type():
    assert document_kind(body("qingfeng_2024.pdf"), "application/msword", None, SERVLET) == "pdf"


def test_an_html_error_page_served_as_pdf_is_no_document():
    page = b"<!DOCTYPE html><html><body>\xce\xc4\xbc\xfe\xb2\xbb\xb4\xe6\xd4\xda</body></html>"
    assert document_kind(page, "application/pdf", 'attachment; filename="a.pdf"', SERVLET) is None


def test_a_url_ending_in_pdf_alone_decides_nothing():
    assert document_kind(b"\x00\x01binary", None, None, "http://x.gov.cn/a/report.pdf") is None


def test_content_type_speaks_when_the_bytes_show_nothing():
    assert document_kind(b"", "application/pdf", None, SERVLET) == "pdf"


def test_disposition_file_name_speaks_for_an_octet_stream_the_bytes_do_not_name():
    disposition = 'attachment; filename="report.ofd"'
    assert document_kind(b"\x00\x01", "application/octet-stream", disposition, SERVLET) == "ofd"


def test_word97_file_named_wps_is_a_wps_document():
    disposition = "attachment; filename=shiqiao_2023.wps"
    assert document_kind(body("shiqiao_2023.wps"), None, disposition, SERVLET) == "wps"


def test_word97_file_is_a_doc_without_a_wps_name():
    assert document_kind(body("shiqiao_2023.wps"), None, None, SERVLET) == "doc"


def test_wps_name_in_the_servlet_query_tells_a_wps_file():
    url = "http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2023nb.wps"
    assert document_kind(body("shiqiao_2023.wps"), "application/octet-stream", None, url) == "wps"


def test_ole2_file_with_a_workbook_stream_is_an_xls():
    workbook = as_workbook(body("qingfeng_2024.doc"))
    assert "Workbook" in CompoundFile(workbook).names
    assert document_kind(workbook, "application/octet-stream", None, SERVLET) == "xls"


def test_zip_without_word_or_ofd_parts_is_no_document():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "附件")
    assert document_kind(buffer.getvalue(), "application/zip", None, SERVLET) is None


def test_rfc6266_extended_file_name_wins_over_the_plain_one():
    value = "attachment; filename=\"report.pdf\"; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf"
    assert disposition_filename(value) == "年报.pdf"


def test_raw_gbk_bytes_in_filename_are_decoded():
    value = b'attachment; filename="' + GBK_NAME.encode("gbk") + b'"'
    assert disposition_filename(value) == GBK_NAME


def test_gbk_bytes_a_client_decoded_as_latin1_are_decoded():
    value = 'attachment; filename="' + GBK_NAME.encode("gbk").decode("latin-1") + '"'
    assert disposition_filename(value) == GBK_NAME


def test_raw_utf8_bytes_in_filename_are_decoded():
    value = b"attachment; filename=" + GBK_NAME.encode("utf-8")
    assert disposition_filename(value) == GBK_NAME


def test_percent_encoded_filename_is_decoded():
    value = "attachment;filename=%C7%E0%B7%E5%CF%D8%C4%EA%B1%A8.pdf"  # GBK, URL-encoded
    assert disposition_filename(value) == "青峰县年报.pdf"


def test_path_in_filename_is_dropped():
    assert disposition_filename('attachment; filename="C:\\files\\2024\\nb.pdf"') == "nb.pdf"


def test_disposition_without_filename_has_none():
    assert disposition_filename("inline") is None
