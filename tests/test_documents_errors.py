"""Documents that cannot be read become pages with warnings, never exceptions; the antiword
fallback for Word files the binary reader does not take."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipelines.documents import DocumentLimits, parse_document
from pipelines.documents.word97 import antiword_text

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("qingfeng_2024.docx", "docx"), ("qingfeng_2024.doc", "doc"), ("qingfeng_2024.ofd", "ofd"),
     ("shiqiao_2023.wps", "wps")],
)  # fmt: skip
def test_truncated_document_becomes_a_warning(name: str, kind: str):
    page = parse_document(fixture(name)[:4000], kind)
    (warning,) = page.warnings
    assert warning.startswith(f"document-unreadable:{kind}:")
    assert page.kind == kind and "<body" in page.html


def test_spreadsheet_is_recognised_but_not_read():
    page = parse_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "xls")
    assert page.warnings == ["document-unsupported:xls"]


def test_ofd_without_a_document_root_becomes_a_warning():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    page = parse_document(buffer.getvalue(), "ofd")
    assert page.warnings == ["document-unreadable:ofd:ValueError: OFD.xml names no DocRoot"]


def test_encrypted_word_file_is_unreadable_and_says_why():
    doc = bytearray(fixture("qingfeng_2024.doc"))
    word = doc.index(b"\xec\xa5")  # the FIB's wIdent opens the WordDocument stream
    doc[word + 0x0B] |= 0x01  # fEncrypted: neither reader can decrypt
    (warning,) = parse_document(bytes(doc), "doc").warnings
    assert warning.startswith("document-unreadable:doc:Word97Error: encrypted document; antiword:")


def test_antiword_reads_the_text_of_a_word97_file():
    text = antiword_text(fixture("qingfeng_2024.doc"), DocumentLimits())
    assert "本报告由青峰县人民政府办公室根据《中华人民共和国政府信息公开条例》" in text
