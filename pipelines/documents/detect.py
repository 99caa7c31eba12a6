"""Which document a response holds: magic bytes first, then Content-Type and the
Content-Disposition file name (RFC 6266, GBK and UTF-8 bytes); a URL never decides alone.

Download servlets (`downfile.jsp?filename=….pdf`, `/attach/…`) answer `application/octet-stream`;
the bytes tell a PDF, an OLE2 file (Word 97 vs Excel by its streams; WPS Office's .wps is a Word 97
file, told by its name) and a ZIP package (DOCX by `word/`, OFD by `OFD.xml`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import parse_qsl, unquote, unquote_to_bytes, urlsplit

from pipelines.documents.ole import MAGIC as OLE_MAGIC
from pipelines.documents.ole import stream_names

_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/acrobat": "pdf",
    "application/msword": "doc",
    "application/vnd.ms-word": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/kswps": "wps",
    "application/wps-office.wps": "wps",
    "application/vnd.ms-works": "wps",
    "application/vnd.ms-excel": "xls",
    "application/ofd": "ofd",
    "application/x-ofd": "ofd",
}
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "application/x-download",
                            "application/force-download", "application/download"})  # fmt: skip
_EXTENSIONS = {"pdf": "pdf", "doc": "doc", "docx": "docx", "wps": "wps", "xls": "xls", "ofd": "ofd"}
# Bodies that are plainly no document, whatever the headers claim (an error page as "PDF").
_NOT_DOCUMENTS = (b"<", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{", b"[")


def document_kind(
    body: bytes,
    content_type: str | None,
    content_disposition: bytes | str | None,
    url: str,
) -> str | None:
    """ "pdf", "docx", "doc", "wps", "xls", "ofd", or None for anything else."""
    filename = disposition_filename(content_disposition)
    from_bytes = _kind_from_magic(body, _extension(filename) or _url_extension(url))
    if from_bytes is not None:
        return from_bytes or None
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[media_type]
    if filename and media_type in _GENERIC_TYPES:
        return _EXTENSIONS.get(_extension(filename))
    return None


def _kind_from_magic(body: bytes, name_hint: str) -> str | None:
    """The kind the bytes show; "" when they show no document; None when they show nothing."""
    head = body[:1024]
    if b"%PDF-" in head:  # readers accept junk before the header
        return "pdf"
    if body.startswith(OLE_MAGIC):
        names = stream_names(body)
        if "WordDocument" in names:
            return "wps" if name_hint == "wps" else "doc"
        if names & {"Workbook", "Book"}:
            return "xls"
        return "wps" if name_hint == "wps" else ""
    if body.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # a cut download: let the headers speak
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names:
            return "ofd"
        return ""
    if body.lstrip()[:4].startswith(_NOT_DOCUMENTS):
        return ""
    return None


def _extension(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].strip().lower()


def _url_extension(url: str) -> str:
    """The extension of the URL's last path segment or of a file name in its query (a hint)."""
    parts = urlsplit(url)
    candidates = [unquote(parts.path)] + [value for _, value in parse_qsl(parts.query)]
    for candidate in candidates:
        extension = _extension(PurePosixPath(candidate).name)
        if extension in _EXTENSIONS:
            return extension
    return ""


# --- Content-Disposition ------------------------------------------------------------------------

_PARAMETER = re.compile(rb'([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def disposition_filename(value: bytes | str | None) -> str | None:
    """The file name a Content-Disposition header gives: `filename*` (RFC 5987/6266) first, then
    `filename` as UTF-8, GBK or percent-encoded bytes, without any path."""
    if not value:
        return None
    raw = value if isinstance(value, bytes) else value.encode("latin-1", "replace")
    params: dict[str, bytes] = {}
    for name, given in _PARAMETER.findall(raw):
        given = given.strip()
        if given.startswith(b'"') and given.endswith(b'"') and len(given) >= 2:
            # Only \" and \\ are unescaped: servers send Windows paths with bare backslashes.
            given = re.sub(rb'\\(["\\])', rb"\1", given[1:-1])
        params.setdefault(name.lower().decode("ascii"), given)
    name = None
    if "filename*" in params:
        name = _extended_value(params["filename*"])
    if not name and "filename" in params:
        name = _plain_value(params["filename"])
    if not name:
        return None
    name = PureWindowsPath(name.replace("/", "\\")).name.strip()
    return name or None


def _extended_value(value: bytes) -> str | None:
    """RFC 5987 `charset'language'percent-encoded`."""
    parts = value.split(b"'", 2)
    if len(parts) != 3:
        return None
    charset = parts[0].decode("ascii", "replace").strip() or "utf-8"
    data = unquote_to_bytes(parts[2])
    for encoding in (charset, "utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def _plain_value(value: bytes) -> str:
    if re.search(rb"%[0-9A-Fa-f]{2}", value):
        value = unquote_to_bytes(value)  # what IE-era servlets send: URL-encoded UTF-8 or GBK
    for encoding in ("utf-8", "gb18030"):
        try:
            return value.decode(encoding)
        except UnicodeDecodeError:
            continue
    return value.decode("latin-1")
