"""Bytes of the attachment files reports link to: a valid PDF, a real DOCX and OFD zip, an XLS.

All deterministic (fixed zip timestamps, no random ids) so archives of two runs compare equal.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "ofd": "application/ofd",
    "wps": "application/kswps",
    "png": "image/png",
}

# The smallest valid PNG: one transparent pixel.
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with a correct xref table; text must be ASCII (base-14 font)."""
    text_ops = ["BT", "/F1 12 Tf", "72 770 Td", "14 TL"]
    for line in lines:
        safe = line.encode("ascii", "replace").decode().replace("\\", "\\\\")
        safe = safe.replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({safe}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _zip(members: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A minimal but valid WordprocessingML package."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
        for p in [title, *paragraphs]
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    return _zip(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            ),
            (
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                "</Relationships>",
            ),
            ("word/document.xml", document),
        ]
    )


def ofd_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A skeletal OFD (GB/T 33190) package: OFD.xml pointing at one document."""
    text = "".join(
        f"<ofd:TextObject><ofd:TextCode>{escape(p)}</ofd:TextCode></ofd:TextObject>"
        for p in [title, *paragraphs[:3]]
    )
    return _zip(
        [
            (
                "OFD.xml",
                '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/'
                f'2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>'
                f"{escape(title)}</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml"
                "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            ),
            (
                "Doc_0/Document.xml",
                '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.'
                f'ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1">{text}</ofd:Page></ofd:Pages>'
                "</ofd:Document>",
            ),
        ]
    )


def xls_bytes(title: str, rows: list[tuple[str, str]]) -> bytes:
    """An "Excel" export as many portals make it: an HTML table with the Excel namespace (GBK)."""
    body = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rows)
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<head><meta http-equiv="Content-Type" content="application/vnd.ms-excel; charset=gbk">'
        f'</head><body><table border="1"><tr><th colspan="2">{escape(title)}</th></tr>'
        f"{body}</table></body></html>"
    )
    return page.encode("gbk")


def wps_bytes(title: str) -> bytes:
    """A .wps file stand-in: the OLE2 signature followed by filler (we never parse it)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + title.encode("utf-16-le") + b"\x00" * 480
